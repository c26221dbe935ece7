// A job on a net that cannot take one of its runtimes is a skip that says why (the net's `runtimes`).
import { netNamed } from '../net/nets/index.ts';
import { DEFAULT_NET, netRuntimeSkip } from '../net/net-kind.ts';
import type { CaseJob } from './case-job.ts';

/** Null when both roles' runtimes can run on the job's net and the net can express its case, else the skip's reason. */
export const netSkip = (job: Pick<CaseJob, 'net' | 'server' | 'client'> & Partial<Pick<CaseJob, 'kase' | 'family'>>): string | null => {
  const net = netNamed(job.net ?? DEFAULT_NET);
  if (net === undefined) return `no net is named "${job.net}"`;
  return netRuntimeSkip(net, job.server.name) ?? netRuntimeSkip(net, job.client.name)
    ?? (job.kase === undefined ? null : net.skip?.(job.kase, job.family ?? 'ipv4', { server: job.server.name, client: job.client.name }) ?? null);
};
