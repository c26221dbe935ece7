// Several runs' reports → one RunReport: every result tagged with its run's platform label, cases by id, runtimes unioned, summary recomputed.
import path from 'node:path';
import type { CaseInfo } from '../result/case-info.ts';
import type { CaseResult, Platform, RunOrigin, RunReport } from '../result/case-result.ts';
import { summarize } from '../result/summarize.ts';
import { familyOf, FAMILIES } from '../case/family.ts';
import { DEFAULT_NET, netOf } from '../net/net-kind.ts';
import { cellKey, platformLabels } from './platform-labels.ts';
import { splitOrigins, type Origin } from './split-origins.ts';

type LoadError = RunReport['loadErrors'][number];

/** A report read from a file. */
export interface MergeSource {
  file: string;
  report: RunReport;
}

/** A kept capture to copy into the merged report folder: `to` is relative to it, as `result.capture.pcap` now says. */
export interface PcapCopy {
  from: string;
  to: string;
  result: CaseResult;
  /** Why it is not copied: its path is not one a run writes (pcap/<safe name>.pcap), so it may point anywhere. */
  refused?: string;
}

/** What a run writes in capture.pcap (harness/report/keep-pcap.ts), with either separator. */
const RUN_PCAP = /^pcap[\\/][A-Za-z0-9_][A-Za-z0-9._-]*\.pcap$/;

/** The merged report, the captures it refers to, and notes for the terminal (runs given twice). */
export interface Merged {
  report: RunReport;
  pcaps: PcapCopy[];
  notes: string[];
}

const distinct = <T>(xs: T[]): T[] => [...new Set(xs)];

// The same run given twice (a file and a merge that holds it): same start, machine and cells.
const runKey = (o: Origin): string => {
  const f = o.facts;
  return JSON.stringify([f.sockspec, f.startedAt, f.os, f.release, f.arch, f.node, o.results.map(cellKey).sort()]);
};

/** What the merged runs had in common, or each value where they differ ("darwin, linux, win32"). */
const combinedPlatform = (runs: RunOrigin[]): Platform => {
  const pick = (k: 'os' | 'release' | 'arch' | 'node'): string => distinct(runs.map((r) => r[k])).join(', ');
  const without = runs.filter((r) => r.capture !== 'available').map((r) => r.label);
  return {
    os: pick('os'), release: pick('release'), arch: pick('arch'), node: pick('node'),
    isolation: runs.every((r) => r.isolation === 'netns') ? 'netns' : 'none',
    capture: without.length === 0 ? 'available' : 'unavailable',
    ...(without.length === 0 ? {} : { captureReason: `no capture on ${distinct(without).join(', ')} (each run's reason is in \`platforms\`)` }),
  };
};

/** A column per runtime name across runs: every version seen, available where any run had it, else each run's reason. */
const unionRuntimes = (runs: RunOrigin[]): RunReport['runtimes'] => {
  const names = distinct(runs.flatMap((r) => r.runtimes.map((rt) => rt.name)));
  return names.map((name) => {
    const seen = runs.flatMap((r) => r.runtimes.filter((rt) => rt.name === name).map((rt) => ({ rt, label: r.label })));
    const versions = distinct(seen.map((s) => s.rt.version).filter((v): v is string => v !== null && v !== undefined));
    const available = seen.some((s) => s.rt.available);
    const reasons = distinct(seen.filter((s) => !s.rt.available).map((s) => `${s.label}: ${s.rt.reason ?? 'unavailable'}`));
    return { name, version: versions.length > 0 ? versions.join(', ') : null, available, ...(available ? {} : { reason: reasons.join('; ') }) };
  });
};

/** The first declaration of a case wins; divergences and variants found in later files are added. */
const unionCases = (lists: CaseInfo[][]): CaseInfo[] => {
  const byId = new Map<string, CaseInfo>();
  for (const c of lists.flat()) {
    const first = byId.get(c.id);
    if (first === undefined) { byId.set(c.id, { ...c }); continue; }
    const known = new Set(first.divergences.map((d) => JSON.stringify(d)));
    first.divergences = [...first.divergences, ...c.divergences.filter((d) => !known.has(JSON.stringify(d)))];
    first.variants = [...first.variants, ...c.variants.filter((v) => !first.variants.some((w) => w.name === v.name))];
  }
  return [...byId.values()];
};

/** One load error per file and message, naming every run that reported it; then carried and unreadable ones as they are. */
const mergeLoadErrors = (runs: Origin[], labels: string[], unreadable: LoadError[]): LoadError[] => {
  const grouped = new Map<string, { file: string; message: string; labels: string[] }>();
  runs.forEach((o, i) => {
    for (const e of o.loadErrors) {
      const key = `${e.file}\0${e.message}`;
      const entry = grouped.get(key) ?? { file: e.file, message: e.message, labels: [] };
      entry.labels = distinct([...entry.labels, labels[i]!]);
      grouped.set(key, entry);
    }
  });
  const carried = runs.flatMap((o) => o.carried);
  const unique = carried.filter((e, i) => carried.findIndex((f) => f.file === e.file && f.message === e.message && f.platform === e.platform) === i);
  return [...[...grouped.values()].map((e) => ({ file: e.file, message: e.message, platform: e.labels.join(', ') })), ...unique, ...unreadable];
};

/**
 * The merged report's wall time: from the earliest run's start to the latest run's end (its start
 * plus its own duration), as a reader waited for them; each run's own time stays in `platforms`.
 */
export const runSpan = (runs: { startedAt: string; summary: { durationMs: number } }[]): { startedAt: string; durationMs: number } => {
  // Every startedAt is a date: check-report.ts refuses a results file whose startedAt is not one.
  const spans = runs.map((r) => ({ start: Date.parse(r.startedAt), end: Date.parse(r.startedAt) + r.summary.durationMs }));
  if (spans.length === 0) return { startedAt: new Date().toISOString(), durationMs: 0 };
  const start = Math.min(...spans.map((s) => s.start));
  return { startedAt: new Date(start).toISOString(), durationMs: Math.max(...spans.map((s) => s.end)) - start };
};

const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_');

/** Merges the readable sources; `unreadable` files become load errors of the merged report, so they are never lost. */
export const mergeReports = (sources: MergeSource[], unreadable: LoadError[], version: string): Merged => {
  const notes: string[] = [];
  const runs: Origin[] = [];
  const keys = new Map<string, Origin>();
  for (const o of sources.flatMap((s) => splitOrigins(s.file, s.report))) {
    const twin = keys.get(runKey(o));
    if (twin !== undefined) { notes.push(`${o.facts.source}: the same run as ${twin.facts.source}; left out`); continue; }
    keys.set(runKey(o), o);
    runs.push(o);
  }
  const labels = platformLabels(runs.map((o) => ({ os: o.facts.os, release: o.facts.release, cells: new Set(o.results.map(cellKey)) })));
  const platforms: RunOrigin[] = runs.map((o, i) => ({ label: labels[i]!, ...o.facts }));

  const cases = unionCases(sources.map((s) => s.report.cases ?? []));
  // Case by case (catalogue order), then run, then each run's own order: a case's results on every platform sit together.
  const order = new Map(distinct([...cases.map((c) => c.id), ...runs.flatMap((o) => o.results.map((r) => r.id))]).map((id, k) => [id, k]));
  const pcaps: PcapCopy[] = [];
  const tagged = runs.flatMap((o, i) => o.results.map((r, j) => {
    const result: CaseResult = { ...r, platform: labels[i]! };
    if (r.capture.pcap !== undefined) {
      // Written with the separator of the OS that ran it: a Windows run's pcap\x.pcap merges on Linux too.
      const parts = r.capture.pcap.split(/[\\/]+/);
      const to = ['pcap', safe(labels[i]!), parts.at(-1)!].join('/');
      result.capture = { ...r.capture, pcap: to };
      // An input results.json is data: a path such as ../../etc/shadow is never read.
      const refused = RUN_PCAP.test(r.capture.pcap) ? undefined : `its path ${JSON.stringify(r.capture.pcap)} is not pcap/<name>.pcap inside the run's folder`;
      pcaps.push({ from: path.resolve(o.dir, ...parts), to, result, ...(refused === undefined ? {} : { refused }) });
    }
    return { result, rank: [order.get(r.id)!, i, j] as const };
  }));
  tagged.sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.rank[2] - b.rank[2]);
  const results = tagged.map((t) => t.result);

  const loadErrors = mergeLoadErrors(runs, labels, unreadable);
  const { startedAt, durationMs } = runSpan(platforms);
  const summary = summarize(results, durationMs);
  const report: RunReport = {
    sockspec: version, startedAt, platform: combinedPlatform(platforms), runtimes: unionRuntimes(platforms),
    // As in a single run, a file that did not load (here also a results file) counts as a failure.
    summary: { ...summary, failed: summary.failed + loadErrors.length },
    results, cases, loadErrors, platforms,
    // Every family any merged run ran over (a run from before families: ipv4).
    families: FAMILIES.filter((f) => results.some((r) => familyOf(r) === f)),
    // Every net a merged run ran on, kernel first; only where one ran on another (as a single run says it).
    ...(results.some((r) => netOf(r) !== DEFAULT_NET) ? { nets: [...new Set(results.map(netOf))].sort((a, b) => Number(b === DEFAULT_NET) - Number(a === DEFAULT_NET)) } : {}),
  };
  return { report, pcaps, notes };
};
