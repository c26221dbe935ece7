// JUnit XML for CI dashboards, derived from the same results as the TAP (junit-10.xsd, as Jenkins reads it).
import os from 'node:os';
import type { CaseResult, Platform, RunOrigin, RunReport } from '../result/case-result.ts';
import { formatStep } from './format-step.ts';
import { tapDiagnostic, tapPointName } from './tap-writer.ts';
import { toYaml } from './yaml.ts';
import { familyOf, FAMILIES, type Family } from '../case/family.ts';
import { DEFAULT_NET, netOf } from '../net/net-kind.ts';

/** What the caller knows that the report does not. */
export interface JunitOptions {
  /** The machine the run happened on; os.hostname() when absent. */
  hostname?: string;
}

/** Characters XML 1.0 cannot carry at all, even as references: shown as visible \uXXXX text instead. */
const ILLEGAL = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

const legal = (s: string): string =>
  s.replace(ILLEGAL, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);

/** Escaped element text. */
export const xmlText = (s: string): string =>
  legal(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Escaped attribute value; line breaks and tabs kept as references so parsers do not normalise them. */
export const xmlAttr = (s: string): string =>
  xmlText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');

/** JUnit times are seconds with 3 decimals. */
const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

const attrs = (pairs: Record<string, string | number | undefined>): string =>
  Object.entries(pairs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');

const element = (name: string, pairs: Record<string, string | number | undefined>, body?: string): string =>
  body === undefined || body === '' ? `<${name}${attrs(pairs)}/>` : `<${name}${attrs(pairs)}>${body}</${name}>`;

const FAILURES = new Set(['fail', 'unexpected-pass']);
const TROUBLE = new Set(['error', 'crash', 'timeout']);

const failureMessage = (r: CaseResult): string => {
  const f = r.failures[0];
  if (f) return `at ${f.at}: wanted ${f.wanted} … found ${f.found}`;
  return r.status === 'unexpected-pass' ? `unexpected pass: ${r.reason ?? 'a documented divergence did not happen'}` : r.reason ?? r.status;
};

const systemOut = (r: CaseResult): string => {
  const parts: string[] = [];
  if (r.status === 'divergence') {
    parts.push(`divergence (documented): ${r.reason ?? '(no reason given)'}\nsource: ${r.source ?? '(none)'}\n`);
  }
  if (r.steps.length > 0) parts.push(`${r.steps.map(formatStep).join('\n')}\n`);
  return parts.length > 0 ? element('system-out', {}, xmlText(parts.join('\n'))) : '';
};

const testcase = (r: CaseResult): string => {
  const head = { classname: r.id.split('/')[0] ?? r.id, name: tapPointName(r), time: seconds(r.durationMs) };
  const diag = (): string => xmlText(toYaml(tapDiagnostic(r)));
  let outcome = '';
  if (FAILURES.has(r.status)) outcome = element('failure', { message: failureMessage(r), type: r.status }, diag());
  else if (TROUBLE.has(r.status)) outcome = element('error', { message: r.reason ?? r.status, type: r.status }, diag());
  else if (r.status === 'skip') outcome = element('skipped', { message: r.reason ?? 'skipped' });
  return `    ${element('testcase', head, outcome + systemOut(r))}\n`;
};

interface Counts { tests: number; failures: number; errors: number; skipped: number; ms: number }

const count = (results: CaseResult[]): Counts => ({
  tests: results.length,
  failures: results.filter((r) => FAILURES.has(r.status)).length,
  errors: results.filter((r) => TROUBLE.has(r.status)).length,
  skipped: results.filter((r) => r.status === 'skip').length,
  ms: results.reduce((sum, r) => sum + r.durationMs, 0),
});

const properties = (pairs: Record<string, string | undefined>): string =>
  `    <properties>\n${Object.entries(pairs)
    .filter(([, v]) => v !== undefined)
    .map(([name, value]) => `      ${element('property', { name, value })}\n`)
    .join('')}    </properties>\n`;

/** Runtime columns in first-seen order, plus runtimes that ran nothing (their reason is kept). */
const columns = (results: CaseResult[], runtimes: RunReport['runtimes']): string[] => {
  const seen = new Set(results.map((r) => r.runtime));
  for (const rt of runtimes) if (![...seen].some((c) => c.split('@')[0] === rt.name)) seen.add(rt.name);
  return [...seen];
};

/** One testsuite: a runtime column over one family, and in a merged report the run it came from (its facts, its label in the name). */
interface Cell {
  column: string;
  /** Null for a runtime that ran nothing. */
  family: Family | null;
  /** The net its results ran on (--net; kernel for results without one). */
  net: string;
  results: CaseResult[];
  platform: Platform;
  runtimes: RunReport['runtimes'];
  startedAt: string;
  origin?: RunOrigin;
}

/** A column per suite; a merged report has one per column and platform label, so every name is unique. */
const cells = (report: RunReport): Cell[] => {
  const origins = report.platforms;
  if (origins === undefined) {
    return columns(report.results, report.runtimes).flatMap((column) => byFamily(report.results.filter((r) => r.runtime === column)).map(([family, results, net]) => ({
      column, family, net, results, platform: report.platform, runtimes: report.runtimes, startedAt: report.startedAt,
    })));
  }
  return [...new Set(origins.map((o) => o.label))].flatMap((label) => {
    const mine = report.results.filter((r) => r.platform === label);
    const runs = origins.filter((o) => o.label === label);
    return columns(mine, runs.flatMap((o) => o.runtimes)).map((column) => {
      const origin = runs.find((o) => o.columns.includes(column) || o.runtimes.some((rt) => rt.name === column)) ?? runs[0]!;
      return byFamily(mine.filter((r) => r.runtime === column)).map(([family, results, net]) => ({ column, family, net, results, platform: origin, runtimes: origin.runtimes, startedAt: origin.startedAt, origin }));
    }).flat();
  });
};

/** A column's results split by family, ipv4 first, then by net (kernel first, then as they came); a column that ran nothing is one suite without a family. */
const byFamily = (results: CaseResult[]): [Family | null, CaseResult[], string][] => {
  if (results.length === 0) return [[null, [], DEFAULT_NET]];
  const nets = [...new Set([DEFAULT_NET, ...results.map(netOf)])];
  return FAMILIES.flatMap((f) => nets.map((n): [Family, CaseResult[], string] => [f, results.filter((r) => familyOf(r) === f && netOf(r) === n), n])).filter(([, rs]) => rs.length > 0);
};

/** The whole junit.xml: one testsuite per runtime column and family (and platform when merged), and one for files that failed to load. */
export const junitXml = (report: RunReport, opts: JunitOptions = {}): string => {
  const hostname = opts.hostname ?? os.hostname();
  const suites: string[] = [];
  const totals: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0, ms: 0 };
  // A merged run's suite has its own start time, and no host name: the merging machine is not where it ran.
  const suite = (name: string, results: CaseResult[], props: string, cases: string, c = count(results), timestamp = report.startedAt, host: string | undefined = hostname): void => {
    for (const k of ['tests', 'failures', 'errors', 'skipped'] as const) totals[k] += c[k];
    const head = attrs({ name, tests: c.tests, failures: c.failures, errors: c.errors, skipped: c.skipped, time: seconds(c.ms), timestamp, hostname: host });
    suites.push(`  <testsuite${head}>\n${props}${cases}  </testsuite>\n`);
  };
  for (const { column, family, net, results, platform: p, runtimes, startedAt, origin } of cells(report)) {
    const rt = runtimes.find((x) => x.name === column.split('@')[0]);
    const props = properties({
      runtime: column,
      family: family ?? undefined,
      net: net === DEFAULT_NET ? undefined : net,
      'runtime version': results.find((r) => r.runtimeVersion !== null)?.runtimeVersion ?? rt?.version ?? 'unknown',
      'runtime unavailable': rt && !rt.available ? rt.reason ?? 'unavailable' : undefined,
      os: p.os, 'os release': p.release, arch: p.arch, node: p.node, isolation: p.isolation,
      capture: p.captureReason ? `${p.capture} (${p.captureReason})` : p.capture,
      'results file': origin?.source,
    });
    const name = `sockspec [${column}${family === null ? '' : `, ${family}`}${net === DEFAULT_NET ? '' : `, ${net}`}]${origin === undefined ? '' : ` (${origin.label})`}`;
    suite(name, results, props, results.map((r) => testcase(r)).join(''), count(results), startedAt, origin === undefined ? hostname : undefined);
  }
  if (report.loadErrors.length > 0) {
    const cases = report.loadErrors
      .map((e) => `    ${element('testcase', { classname: 'load', name: e.platform === undefined ? e.file : `${e.file} (${e.platform})`, time: seconds(0) }, element('error', { message: e.message, type: 'load' }, xmlText(e.message)))}\n`)
      .join('');
    suite('sockspec [load]', [], '', cases, { tests: report.loadErrors.length, failures: 0, errors: report.loadErrors.length, skipped: 0, ms: 0 });
  }
  const top = attrs({ name: 'sockspec', tests: totals.tests, failures: totals.failures, errors: totals.errors, time: seconds(report.summary.durationMs) });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${top}>\n${suites.join('')}</testsuites>\n`;
};
