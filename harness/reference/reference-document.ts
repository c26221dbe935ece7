// The whole reference from one results file: the same cases and outcomes always give the same bytes.
import type { CaseInfo } from '../result/case-info.ts';
import type { RunReport } from '../result/case-result.ts';
import { compareCaseIds, compareGroups, groupOf, type CaseOrder } from './case-order.ts';
import { caseReference } from './case-reference.ts';
import { code, prose } from './markdown.ts';
import { placeResults, runPlaces, type PlacedResult } from './placed-result.ts';
import { comparePlatforms, labelName } from './platform-names.ts';
import { referenceHead } from './reference-head.ts';
import { columnRoles, compareColumns, compareVariants } from './runtime-columns.ts';
import { caseLink, summaryMatrix } from './summary-matrix.ts';
import { netSections } from './net-sections.ts';
import { DEFAULT_NET, netOf } from '../net/net-kind.ts';

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Results in the reference's order, whatever order the run finished them in: platform, case,
 * column, variant, family (ipv4 first); then status and reason, so that even duplicates sort the same way every time.
 */
export const orderRuns = (runs: PlacedResult[], order: CaseOrder): PlacedResult[] =>
  [...runs].sort((a, b) =>
    comparePlatforms(a.platform, b.platform)
    || compareCaseIds(order)(a.result.id, b.result.id)
    || compareColumns(a.result.runtime, b.result.runtime)
    || compareVariants(a.result.variant, b.result.variant)
    || byText(a.family, b.family)
    || byText(a.result.status, b.result.status)
    || byText(a.result.reason ?? '', b.result.reason ?? ''));

/** Every case once (a merged report may repeat a declaration), in the declared order. */
const orderCases = (cases: CaseInfo[], order: CaseOrder): CaseInfo[] => {
  const seen = new Map<string, CaseInfo>();
  for (const c of cases) if (!seen.has(c.id)) seen.set(c.id, c);
  return [...seen.values()].sort((a, b) => compareCaseIds(order)(a.id, b.id));
};

/** The Markdown reference for a results file, groups and cases in the order their folders declare. */
export const referenceDocument = (report: RunReport, order: CaseOrder): string => {
  // The kernel net's results make the reference; each other net (--net) gets a section of its own.
  const placed = orderRuns(placeResults(report), order);
  const runs = placed.filter((r) => netOf(r.result) === DEFAULT_NET);
  // Every run's label, results or not; Linux first: the kernel layer is stated for it.
  const platforms = [...new Set([...runPlaces(report).map((p) => p.label), ...runs.map((r) => r.platform)])].sort(comparePlatforms);
  const main = platforms[0]!;
  const several = platforms.length > 1;
  const cases = orderCases(report.cases, order);
  const groups = [...new Set(cases.map((c) => groupOf(c.id)))].sort(compareGroups(order));
  const singles = (p: string): PlacedResult[] => runs.filter((r) => r.platform === p && !columnRoles(r.result.runtime).pair);
  const pairs = (p: string): PlacedResult[] => runs.filter((r) => r.platform === p && columnRoles(r.result.runtime).pair);

  const summary = platforms.flatMap((p) => [
    ...(several ? [`### ${labelName(p)}`, ''] : []),
    summaryMatrix(cases, singles(p)), '',
    ...(pairs(p).length > 0 ? ['Cross-runtime pairs (`--pair S:C`, columns server:client):', '', summaryMatrix(cases, pairs(p)), ''] : []),
  ]);
  const contents = groups.map((g) => `- ${code(g)}: ${cases.filter((c) => groupOf(c.id) === g).map((c) => caseLink(c.id)).join(', ')}`);
  const body = groups.flatMap((g) => [
    `## ${code(g)}`,
    '',
    ...cases.filter((c) => groupOf(c.id) === g).flatMap((kase) => [
      caseReference(kase, runs.filter((r) => r.result.id === kase.id), { mainPlatform: main, several }),
      '',
    ]),
  ]);
  const loadErrors = [...report.loadErrors].sort((a, b) => byText(a.file, b.file) || byText(a.message, b.message) || byText(a.platform ?? '', b.platform ?? ''));
  const broken = loadErrors.length === 0 ? [] : [
    '## Case files that did not load', '',
    ...loadErrors.map((e) => `- ${code(e.file)}${e.platform === undefined ? '' : ` (${prose(e.platform)})`}: ${prose(e.message)}`), '',
  ];
  return `${[
    referenceHead(report, runs, platforms),
    '## Summary',
    '',
    'One row per case, one column per runtime: **pass** is as the kernel layer, **div.** a documented divergence.',
    '',
    ...summary,
    '## Cases',
    '',
    ...contents,
    '',
    ...body,
    ...netSections(cases, placed),
    ...broken,
  ].join('\n').trimEnd()}\n`;
};
