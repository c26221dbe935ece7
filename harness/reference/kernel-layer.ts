// What the kernel does in one case: the asserted steps and wire rules the case declares, beside what the C agent saw here.
import { FAMILY_NAMES, sameAcrossFamilies } from './family-statements.ts';
import type { CaseInfo } from '../result/case-info.ts';
import type { SegmentPattern } from '../case/case-types.ts';
import type { CaseResult, StepRecord } from '../result/case-result.ts';
import { describeExpect } from '../verdict/check-expect.ts';
import { describeSegment, describeWireRule } from '../case/describe-wire-rule.ts';
import { prose } from './markdown.ts';
import { labelName } from './platform-names.ts';
import type { PlacedResult } from './placed-result.ts';
import { familyName } from '../verdict/family-layer.ts';

/** The runtime whose agent makes the plain POSIX calls: the kernel layer's reference. */
const KERNEL_RUNTIME = 'c';

const cRuns = (runs: PlacedResult[]): PlacedResult[] =>
  runs.filter((r) => r.result.runtime === KERNEL_RUNTIME && r.result.variant === null);

const verdictWords = (r: CaseResult): string => {
  switch (r.status) {
    case 'pass': return 'as declared';
    case 'divergence': return 'differs, as documented (below)';
    case 'skip': return `skipped (${prose(r.reason ?? 'no reason recorded')})`;
    case 'fail': return '**not as declared** (a failure)';
    case 'unexpected-pass': return '**unexpected pass**';
    default: return `**${r.status}** (harness trouble)`;
  }
};

/** "measured here with the C agent: as declared", per platform when there are several, per family where they differ. */
const measured = (runs: PlacedResult[], several: boolean): string => {
  const c = cRuns(runs);
  if (c.length === 0) return 'not measured here: no C run in these results';
  const agreed = sameAcrossFamilies(c, (r) => r.platform, (r) => verdictWords(r.result));
  const each = c.map((r) => `${several ? `on ${labelName(r.platform)} ` : ''}${agreed(r) ? '' : `over ${FAMILY_NAMES[r.family]} `}${verdictWords(r.result)}`);
  return `the C agent here: ${[...new Set(each)].join('; ')}`;
};

/** What an asserting harness step wanted: an awaited segment in the reference's words, else as the run recorded it. */
const harnessWanted = (op: string, record: StepRecord | undefined): string | undefined => {
  const segment = record?.request.segment;
  if (op === 'await' && record?.wanted !== undefined && typeof segment === 'object' && segment !== null) {
    return `${describeSegment(segment as SegmentPattern)} is sent`;
  }
  return record?.wanted;
};

/**
 * The list of what the kernel layer does: each asserted step's result (with the failing call
 * the C agent reported, when it passed), then the wire rules in words.
 */
export const kernelLayer = (kase: CaseInfo, runs: PlacedResult[], mainPlatform: string, several: boolean): { note: string; items: string[] } => {
  const c = cRuns(runs).find((r) => r.platform === mainPlatform)?.result;
  // Harness steps carry no `expect` in the declaration; the run's record says what they wanted.
  const reference = c ?? runs.find((r) => r.result.variant === null)?.result;
  const steps = kase.steps.flatMap((step) => {
    const record = reference?.steps.find((s) => s.index === step.index);
    const wanted = step.expect !== undefined ? describeExpect(step.expect) : step.role === 'harness' ? harnessWanted(step.op, record) : undefined;
    if (wanted === undefined) return [];
    const seen = c?.status === 'pass' ? c.steps.find((s) => s.index === step.index)?.error : undefined;
    const from = seen?.syscall ? ` (${seen.syscall})` : '';
    return [`step ${step.index}, *${prose(step.label)}*: ${prose(wanted)}${from}`];
  });
  const wireNote = c?.wire.status === 'skipped' ? ` (not checked here: ${prose(c.wire.reason ?? 'no capture')})` : '';
  const wire = kase.wire.length === 0
    ? ['on the wire: nothing asserted']
    : kase.wire.map((w) => `on the wire: ${prose(describeWireRule(w))}${wireNote}`);
  return { note: measured(runs, several), items: [...steps, ...wire, ...familyItems(kase)] };
};

/** Where one address family's kernel answers otherwise: "over IPv6: step 3, *x*: EACCES (the steps above: EHOSTUNREACH)", why and source. */
const familyItems = (kase: CaseInfo): string[] => Object.entries(kase.byFamily ?? {}).flatMap(([family, layer]) => {
  if (layer === undefined) return [];
  const steps = Object.entries(layer.steps ?? {}).map(([label, expect]) => {
    const step = kase.steps.find((s) => s.label === label);
    const declared = step?.expect === undefined ? 'no assertion' : describeExpect(step.expect);
    return `step ${step?.index ?? '?'}, *${prose(label)}*: ${prose(describeExpect(expect))} (the steps above: ${prose(declared)})`;
  });
  const wire = layer.wire === undefined ? [] : [`on the wire instead: ${layer.wire.map((w) => prose(describeWireRule(w))).join('; ')}`];
  const items = [...steps, ...wire, `why: ${prose(layer.reason)}`, `source: ${prose(layer.source)}`];
  return [`over ${familyName(family)}, the kernel answers otherwise:\n${items.map((i) => `  - ${i}`).join('\n')}`];
});
