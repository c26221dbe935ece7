// Kernel settings per case, inside its namespaces only (e.g. fewer SYN retries), so slow failures finish in seconds.
import { execa } from 'execa';
import type { Hosts } from './hosts.ts';
import type { CaptureSession } from '../capture/capture-session.ts';
import { holderDo } from './holder-command.ts';

/** Each key through the holder, in order: null, the first error, or 'unanswered' (before any was set, or the holder is gone). */
const viaHolder = async (holder: CaptureSession, entries: [string, number][]): Promise<string | null | 'unanswered'> => {
  for (const [k, v] of entries) {
    const done = await holderDo(holder, `sysctl ${k} ${v}`);
    if (done !== null) return done;
  }
  return null;
};

/** Sets every key in each distinct namespace of the case; the first failure is returned as text. */
export const applySysctls = async (hosts: Hosts, sysctls: Record<string, number>): Promise<string | null> => {
  const entries = Object.entries(sysctls);
  if (entries.length === 0) return null;
  const distinct = hosts.server.prefix === hosts.client.prefix ? [hosts.server] : [hosts.server, hosts.client];
  for (const host of distinct) {
    // The capture holding the namespace writes /proc/sys there (no spawn); without one, or unanswered, sysctl(8).
    const held = host.holder == null ? 'unanswered' : await viaHolder(host.holder, entries);
    if (held !== 'unanswered') {
      if (held !== null) return `cannot set ${entries.map(([k, v]) => `${k}=${v}`).join(' ')} in the case's namespace: ${held}`;
      continue;
    }
    const prefix = host.prefix;
    const [file, ...args] = [...prefix, 'sysctl', '-q', '-w', ...entries.map(([k, v]) => `${k}=${v}`)];
    const r = await execa(file!, args, { reject: false });
    if (r.exitCode !== 0) return `cannot set ${entries.map(([k, v]) => `${k}=${v}`).join(' ')} in the case's namespace: ${String(r.stderr).trim() || r.shortMessage}`;
  }
  return null;
};
