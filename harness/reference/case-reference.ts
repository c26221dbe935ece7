// One case's entry in the reference: stimulus, the kernel layer, each runtime, other platforms, references.
import type { CaseInfo } from '../result/case-info.ts';
import { caseStimulus } from './case-stimulus.ts';
import { otherDivergences, platformNotes } from './documented-divergences.ts';
import { kernelLayer } from './kernel-layer.ts';
import { code, prose } from './markdown.ts';
import type { PlacedResult } from './placed-result.ts';
import { labelName } from './platform-names.ts';
import { runLabel } from './runtime-columns.ts';
import { runtimeStatement, statementList, type Statement } from './runtime-statement.ts';
import { FAMILY_NAMES, sameAcrossFamilies } from './family-statements.ts';

/** Where the reference puts its runs: `runs` sorted (platform, column, variant); several platforms name theirs. */
export interface CaseContext {
  mainPlatform: string;
  /** More than one platform in the results: each statement then names its platform. */
  several: boolean;
}

const TOPOLOGY: Record<string, string> = {
  loopback: 'one host (both roles on 127.0.0.1, or ::1 over IPv6)',
  'two-hosts': 'two hosts (a namespace each, joined by a veth pair)',
};

const variantsLine = (kase: CaseInfo): string[] => {
  if (kase.variants.length === 0) return [];
  const each = [...kase.variants].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((v) => {
    const runtimes = [...v.runtimes].sort().join(', ');
    // One description per variant name is recorded; it speaks for one runtime only when several share the name.
    return v.runtimes.length === 1 ? `${code(v.name)} (${runtimes}: ${prose(v.description)})` : `${code(v.name)} (${runtimes})`;
  });
  return [`Variants, run beside the idiomatic program: ${each.join('; ')}.`, ''];
};

/** The Markdown section of one case (heading level 3), ending without a blank line. */
export const caseReference = (kase: CaseInfo, runs: PlacedResult[], context: CaseContext): string => {
  const kernel = kernelLayer(kase, runs, context.mainPlatform, context.several);
  const named = runs.map((r) => ({
    label: runLabel(r.result.runtime, r.result.variant),
    ...(context.several ? { platform: labelName(r.platform) } : {}),
    statement: runtimeStatement(kase, r.result, r.os),
    family: r.family,
  }));
  // One statement where a run's families agree; where they differ, each family's own, named.
  const runOf = (n: { label: string; platform?: string }): string => JSON.stringify([n.label, n.platform ?? '']);
  const agreed = sameAcrossFamilies(named, runOf, (n) => JSON.stringify(n.statement));
  const stated = new Set<string>();
  const statements = statementList(named.flatMap(({ family, ...n }): { label: string; platform?: string; statement: Statement }[] => {
    if (!agreed({ ...n, family })) return [{ ...n, label: `${n.label} over ${FAMILY_NAMES[family]}` }];
    if (stated.has(runOf(n))) return [];
    stated.add(runOf(n));
    return [n];
  }));
  const others = otherDivergences(kase, runs);
  const platforms = platformNotes(kase, runs);
  const tags = kase.tags.length > 0 ? `Tags: ${kase.tags.map(code).join(', ')}. ` : '';
  const section = (title: string, body: string[]): string[] => (body.length === 0 ? [] : [title, '', ...body, '']);
  return [
    `### ${code(kase.id)}`,
    '',
    prose(kase.description),
    '',
    `${tags}Topology: ${TOPOLOGY[kase.topology] ?? kase.topology}.`,
    '',
    ...section('**Stimulus**', caseStimulus(kase, runs)),
    ...section(`**What the kernel does** (as the case declares it; ${kernel.note})`, kernel.items.map((i) => `- ${i}`)),
    ...section('**What each runtime does**', [...variantsLine(kase), ...(statements.length > 0 ? statements : ['- no results for this case'])]),
    ...section('**Documented for other runs** (cross-runtime pairs, `--pair S:C`, or runtimes and variants not run here)', others),
    ...section('**Where platforms differ**', platforms),
    `**References**: ${kase.spec.map(prose).join('; ')}`,
  ].join('\n');
};
