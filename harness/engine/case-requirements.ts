// What a case needs from the machine, derived from its steps; an unmet need is a skip with the reason.
import type { LoadedCase } from '../case/case-types.ts';
import type { RunSettings } from './run-settings.ts';

/**
 * Harness steps that work without a namespace, but only on Linux: `ss` lists the kernel's
 * sockets (macOS and Windows have no `ss`); freezing waits for the stopped state in
 * /proc/<pid>/stat (no /proc on macOS, and no SIGSTOP at all on Windows).
 */
const LINUX_ONLY: Record<string, string> = {
  sockets: "the kernel's socket list (ss)",
  freeze: 'freezing an agent (SIGSTOP, seen stopped in /proc)',
  thaw: 'freezing an agent (SIGSTOP, seen stopped in /proc)',
};

/** Null when the case can run here, else why not (the first unmet need). */
export const unmetRequirement = (kase: LoadedCase, s: RunSettings): string | null => {
  const ops = new Set<string>(kase.steps.filter((st) => st.role === 'harness').map((st) => st.op));
  const needsNamespace = kase.topology === 'two-hosts' || kase.sysctls !== undefined
    || ['firewall', 'link', 'inject', 'counters'].some((op) => ops.has(op));
  if (needsNamespace && !s.isolation) return `needs a private network namespace: ${s.isolationReason}`;
  const linuxOnly = Object.keys(LINUX_ONLY).find((op) => ops.has(op));
  if (linuxOnly !== undefined && s.platform !== 'linux') return `needs ${LINUX_ONLY[linuxOnly]}, which is Linux-only (this is ${s.platform})`;
  if ((ops.has('inject') || ops.has('await')) && s.captureBinary === null) return `needs packet capture: ${s.captureReason}`;
  if (ops.has('firewall') && s.firewallReason !== null) return s.firewallReason;
  if (ops.has('inject') && s.injectBinary === null) return `needs segment injection: ${s.injectReason}`;
  return null;
};
