// Makes a case's hosts on its net (harness/net/nets/): the kernel's are hosts.ts's namespaces.
import { netNamed } from './nets/index.ts';
import { DEFAULT_NET, type NetHostsOutcome } from './net-kind.ts';
import type { Family } from '../case/family.ts';

/** The hosts of a case on `net` (absent: kernel); an unknown net is unavailable, with the reason. */
export const hostsOnNet = (net: string | undefined, topology: 'loopback' | 'two-hosts', captureBinary: string | null, family: Family): Promise<NetHostsOutcome> => {
  const kind = netNamed(net ?? DEFAULT_NET);
  if (kind === undefined) return Promise.resolve({ unavailable: true, reason: `no net is named "${net}"` });
  return kind.createHosts({ topology, family, captureBinary });
};
