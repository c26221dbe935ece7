// A documented divergence in words: what is seen instead of the kernel layer, step by step and on the wire.
import type { Divergence, Expect } from '../case/case-types.ts';
import type { CaseInfo } from '../result/case-info.ts';
import type { StepRecord } from '../result/case-result.ts';
import { describeExpect } from '../verdict/check-expect.ts';
import { describeWireRule } from '../case/describe-wire-rule.ts';
import { describeVersionRange } from '../case/version-range.ts';
import { familyName } from '../verdict/family-layer.ts';
import { code, prose } from './markdown.ts';

/** The name agents give a wait their own bound ended (PROTOCOL.md): no reply from the socket at all. */
const AGENT_TIMEOUT = 'agent-timeout';

/** What a divergence expects, in a report's words; a call that never returned is said so. */
const describeInstead = (expect: Expect): string =>
  expect.errorName === AGENT_TIMEOUT && expect.error === undefined
    ? "nothing: the call still waits when the agent's bounded wait ends"
    : describeExpect(expect);

/**
 * "step 6, *client reads the reset*: EOF (the kernel layer: ECONNRESET)". `observed`, when given, is the
 * run's record of that step: an error the expectation names by errno only gets the runtime's own
 * name beside it (Python's ConnectionResetError), a stable fact of that runtime.
 */
export const stepChange = (kase: CaseInfo, label: string, expect: Expect, observed?: StepRecord): string => {
  const step = kase.steps.find((s) => s.label === label);
  const kernel = step?.expect === undefined ? 'no assertion' : describeExpect(step.expect);
  const name = typeof expect.error === 'string' && expect.errorName === undefined && observed?.error !== undefined
    && observed.error.errno === expect.error && observed.error.name !== observed.error.errno ? ` as ${observed.error.name}` : '';
  const where = step === undefined ? `*${prose(label)}*` : `step ${step.index}, *${prose(label)}*`;
  return `${where}: ${prose(`${describeInstead(expect)}${name}`)} (the kernel layer: ${prose(kernel)})`;
};

/** The list items (without bullets) of what a divergence changes: its steps in case order, then its wire rules. */
export const divergenceChanges = (kase: CaseInfo, d: Divergence, records: StepRecord[] = []): string[] => {
  const index = (label: string): number => kase.steps.find((s) => s.label === label)?.index ?? Number.MAX_SAFE_INTEGER;
  const steps = Object.entries(d.steps ?? {})
    .sort(([a], [b]) => index(a) - index(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([label, expect]) => stepChange(kase, label, expect, records.find((r) => r.label === label)));
  const wire = d.wire === undefined ? [] : [`on the wire instead: ${d.wire.map((w) => prose(describeWireRule(w))).join('; ')}`];
  return [...steps, ...wire];
};

/** "why: ...", "source: ..." items, with the measured-or-not mark when asked. */
export const whyAndSource = (d: Divergence): string[] => [`why: ${prose(d.reason)}`, `source: ${prose(d.source)}`];

/** " over IPv6" for a divergence scoped by `families`; empty when it holds on every family. */
export const familiesWords = (d: Divergence): string => (d.families === undefined ? '' : ` over ${d.families.map(familyName).join(' and ')}`);

/** Who a runtime divergence holds for: "node (versions before 24) as the client, against a c or python server, variant `x`". */
export const divergenceWho = (d: Divergence): string => {
  const versions = d.versions === undefined ? '' : ` (versions ${describeVersionRange(d.versions)})`;
  const parts: string[] = [d.runtime === undefined ? 'every runtime' : `**${d.runtime}**${versions}${familiesWords(d)}`];
  // A runtime's own behaviour on another net than the kernel's (--net): said, so it is not read as the kernel net's.
  if (d.nets !== undefined) parts.push(`on the ${d.nets.join(' or ')} net`);
  if (d.role === 'server' || d.role === 'client') parts.push(`as the ${d.role}`);
  if (d.role === 'both') parts.push('on both sides');
  if (d.peer !== undefined) {
    const peers = d.peer.length <= 1 ? d.peer.join('') : `${d.peer.slice(0, -1).join(', ')} or ${d.peer.at(-1)!}`;
    parts.push(`against a ${peers} ${d.role === 'server' ? 'client' : 'server'}`);
  }
  if (d.variant !== undefined) parts.push(d.variant === '*' ? 'in every variant' : `in the ${code(d.variant)} variant`);
  return parts.join(', ').replace(/, (as|on|against)/, ' $1');
};
