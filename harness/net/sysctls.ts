// Kernel settings per case, inside its namespaces only (e.g. fewer SYN retries), so slow failures finish in seconds.
import { execa } from 'execa';
import type { Hosts } from './hosts.ts';

/** Sets every key in each distinct namespace of the case; the first failure is returned as text. */
export const applySysctls = async (hosts: Hosts, sysctls: Record<string, number>): Promise<string | null> => {
  const entries = Object.entries(sysctls);
  if (entries.length === 0) return null;
  const prefixes = hosts.server.prefix === hosts.client.prefix ? [hosts.server.prefix] : [hosts.server.prefix, hosts.client.prefix];
  for (const prefix of prefixes) {
    const [file, ...args] = [...prefix, 'sysctl', '-q', '-w', ...entries.map(([k, v]) => `${k}=${v}`)];
    const r = await execa(file!, args, { reject: false });
    if (r.exitCode !== 0) return `cannot set ${entries.map(([k, v]) => `${k}=${v}`).join(' ')} in the case's namespace: ${String(r.stderr).trim() || r.shortMessage}`;
  }
  return null;
};
