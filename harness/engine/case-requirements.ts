// What a case needs from the machine, from its topology and its harness ops' declared needs; an unmet need is a skip with the reason.
import type { LoadedCase } from '../case/case-types.ts';
import { HARNESS_OPS, stepNeeds } from '../case/ops/index.ts';
import type { RunSettings } from './run-settings.ts';

/** Null when the case can run here, else why not: the first unmet need, in the order of the checks below. */
export const unmetRequirement = (kase: LoadedCase, s: RunSettings): string | null => {
  // In HARNESS_OPS order, each op's needs as its steps in this case have them.
  const harnessSteps = kase.steps.filter((st) => st.role === 'harness');
  const needs = HARNESS_OPS.flatMap((op) => harnessSteps.filter((st) => st.op === op.name).map((st) => stepNeeds(st) ?? op.needs));
  const needsNamespace = kase.topology === 'two-hosts' || kase.sysctls !== undefined || needs.some((n) => n.namespace);
  if (needsNamespace && !s.isolation) return `needs a private network namespace: ${s.isolationReason}`;
  const linuxOnly = needs.find((n) => n.linux !== undefined)?.linux;
  if (linuxOnly !== undefined && s.platform !== 'linux') return `needs ${linuxOnly}, which is Linux-only (this is ${s.platform})`;
  if (needs.some((n) => n.capture) && s.captureBinary === null) return `needs packet capture: ${s.captureReason}`;
  if (needs.some((n) => n.firewall) && s.firewallReason !== null) return s.firewallReason;
  if (needs.some((n) => n.injector) && s.injectBinary === null) return `needs segment injection: ${s.injectReason}`;
  return null;
};
