// What one runtime did in one case, as the reference states it: as the kernel layer, a documented divergence, a skip.
import type { Divergence } from '../case/case-types.ts';
import type { CaseInfo } from '../result/case-info.ts';
import type { CaseResult } from '../result/case-result.ts';
import { applicableDivergences } from '../verdict/applicable-divergences.ts';
import { kernelExpect } from '../verdict/family-layer.ts';
import { divergenceChanges, whyAndSource } from './describe-divergence.ts';
import { prose } from './markdown.ts';
import { columnRoles } from './runtime-columns.ts';

/**
 * The divergences a result was judged by: those that apply to its runtimes, variant and platform
 * (as the runner picks them) and that its reason names (the runner names only the ones it used).
 */
export const usedDivergences = (kase: CaseInfo, result: CaseResult, platform: string): Divergence[] => {
  const { server, client } = columnRoles(result.runtime);
  const variantRuntimes = kase.variants.find((v) => v.name === result.variant)?.runtimes ?? [];
  // A result without a family ran before there was a choice: over IPv4.
  const applied = applicableDivergences(kase.divergences, { server, client, variant: result.variant, variantRuntimes, platform, family: result.family ?? 'ipv4' });
  const reason = result.reason ?? '';
  return applied.filter((d) => reason.includes(d.reason));
};

/** "ECONNRESET as ConnectionResetError; EPIPE as BrokenPipeError": the runtime's own names for the errors the case asserts by errno. */
const errorNames = (kase: CaseInfo, result: CaseResult): string => {
  const pairs = new Set<string>();
  for (const step of kase.steps) {
    // The expectation of the result's family: IPv6's EACCES where the case's steps say EHOSTUNREACH.
    const expect = kernelExpect(kase, result.family ?? 'ipv4', step.label, step.expect);
    if (typeof expect?.error !== 'string' || expect.errorName !== undefined) continue;
    const e = result.steps.find((r) => r.index === step.index)?.error;
    if (e !== undefined && e.errno === expect.error && e.name !== e.errno) pairs.add(`${e.errno} as ${e.name}`);
  }
  return [...pairs].join('; ');
};

/** What a statement says about a run: a head line and the items under it (Markdown). */
export interface Statement {
  head: string;
  items: string[];
}

/**
 * What one run showed, told without naming the run (runs that showed the same are named together).
 * Only facts that hold run to run: statuses, errno and error names, EOF and data, wire rules.
 */
export const runtimeStatement = (kase: CaseInfo, result: CaseResult, platform: string): Statement => {
  switch (result.status) {
    case 'pass': {
      const names = errorNames(kase, result);
      return { head: `as the kernel layer${names === '' ? '' : ` (${prose(names)})`}`, items: [] };
    }
    case 'divergence': {
      const used = usedDivergences(kase, result, platform);
      const items = used.length > 0
        ? used.flatMap((d) => [...divergenceChanges(kase, d, result.steps), ...whyAndSource(d)])
        : [`why: ${prose(result.reason ?? '(no reason recorded)')}`, ...(result.source === undefined ? [] : [`source: ${prose(result.source)}`])];
      return { head: 'differs from the kernel layer, as documented', items };
    }
    case 'unexpected-pass': return {
      head: '**unexpected pass**: it behaved as the kernel layer, not as its documented divergence says (the divergence needs an update)',
      items: usedDivergences(kase, result, platform).flatMap(whyAndSource),
    };
    case 'skip': return { head: `skipped: ${prose(result.reason ?? '(no reason recorded)')}`, items: [] };
    case 'fail': return {
      head: '**fails**',
      // A wire failure's "found" lists segments (times, ports): not a stable fact, so only a step's is kept.
      items: result.failures.map((f) => prose(`at ${f.at}: wanted ${f.wanted}${f.at.startsWith('step') ? `, found ${f.found}` : ''}`)),
    };
    default: return { head: `**${result.status}** (harness trouble: no statement about TCP)`, items: [] };
  }
};

const andList = (xs: string[]): string => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)!}`);

/** One statement's runs, told shortly: "**c**, **node** on Linux and macOS; **bun** on Linux". */
const whoSaid = (runs: { label: string; platform?: string }[]): string => {
  const platformsOf = new Map<string, string[]>();
  for (const { label, platform } of runs) {
    const seen = platformsOf.get(label) ?? [];
    if (platform !== undefined && !seen.includes(platform)) seen.push(platform);
    platformsOf.set(label, seen);
  }
  const byPlaces = new Map<string, string[]>();
  for (const [label, platforms] of platformsOf) {
    const key = andList(platforms);
    byPlaces.set(key, [...(byPlaces.get(key) ?? []), label]);
  }
  return [...byPlaces].map(([places, labels]) => `${labels.join(', ')}${places === '' ? '' : ` on ${places}`}`).join('; ');
};

/**
 * Statements as a list: runs that showed the same thing share one item, named in order
 * ("**c**, **node**: as the kernel layer"), each with the platforms it showed it on when there are several.
 */
export const statementList = (named: { label: string; platform?: string; statement: Statement }[]): string[] => {
  const groups = new Map<string, { runs: { label: string; platform?: string }[]; statement: Statement }>();
  for (const { label, platform, statement } of named) {
    const key = JSON.stringify(statement);
    const group = groups.get(key) ?? { runs: [], statement };
    group.runs.push(platform === undefined ? { label } : { label, platform });
    groups.set(key, group);
  }
  return [...groups.values()].flatMap(({ runs, statement }) =>
    [`- ${whoSaid(runs)}: ${statement.head}`, ...statement.items.map((i) => `  - ${i}`)]);
};
