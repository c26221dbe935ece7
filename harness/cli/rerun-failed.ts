// `--failed`: the runs the last results.json in the report folder holds as unexpected, exactly (case, runtime column, variant, family), and the command that reruns them.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UNEXPECTED } from '../report/terminal/failure-details.ts';
import { UsageError } from './exit-codes.ts';
import type { CliOptions } from './parse-args.ts';
import type { CaseResult } from '../result/case-result.ts';
import { familyOf, FAMILIES, type Family } from '../case/family.ts';
import { DEFAULT_NET, netOf } from '../net/net-kind.ts';

/** What a run of `--failed` runs: these keys only, of these cases, over these [server, client] runtimes and families. */
export interface FailedRuns {
  keys: Set<string>;
  ids: Set<string>;
  pairs: [string, string][];
  families: Family[];
  /** The nets the failures ran on (absent in results.json: kernel). */
  nets: string[];
}

/** One run's identity, as results.json records it and as a job will report it. */
export const runKey = (id: string, runtime: string, variant: string | null | undefined, family: Family, net: string = DEFAULT_NET): string => JSON.stringify([id, runtime, variant ?? null, family, net]);

/** "wrong-peer:c" ran a wrong-peer server against a c client; "node@22.12.0" both roles in that node. */
const pairOf = (column: string): [string, string] => {
  const colon = column.lastIndexOf(':');
  return colon === -1 ? [column, column] : [column.slice(0, colon), column.slice(colon + 1)];
};

interface Recorded { id?: unknown; runtime?: unknown; variant?: unknown; family?: unknown; net?: string; status?: unknown }

/** The unexpected runs of `<outDir>/results.json`; no file, a file sockspec did not write, or nothing failed: a usage error saying so. */
export const readFailed = async (outDir: string): Promise<FailedRuns> => {
  const file = path.join(outDir, 'results.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is none' : (error as Error).message;
    throw new UsageError(`Expected \`--failed\` to read the last run's ${file}: ${why}; run sockspec first, or give that run's folder with --out`);
  }
  let results: unknown;
  try {
    results = (JSON.parse(text) as { results?: unknown }).results;
  } catch (error) {
    throw new UsageError(`Expected ${file} to be a results.json written by sockspec, for \`--failed\`; it is not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(results)) throw new UsageError(`Expected ${file} to have a \`results\` list, for \`--failed\`; it has none: not a results.json written by sockspec`);
  const failed = (results as Recorded[]).filter((r) => typeof r.id === 'string' && typeof r.runtime === 'string' && UNEXPECTED.has(String(r.status)));
  if (failed.length === 0) {
    throw new UsageError(`Nothing failed in ${file} (${results.length} results, none fail, unexpected-pass, error, crash or timeout): nothing for \`--failed\` to rerun`);
  }
  const columns = [...new Set(failed.map((r) => r.runtime as string))];
  return {
    keys: new Set(failed.map((r) => runKey(r.id as string, r.runtime as string, r.variant as string | null, familyOf(r as { family?: string }), netOf(r)))),
    ids: new Set(failed.map((r) => r.id as string)),
    pairs: columns.map(pairOf),
    // A results.json from before families ran over ipv4 only: its failures rerun over ipv4.
    families: FAMILIES.filter((f) => failed.some((r) => familyOf(r as { family?: string }) === f)),
    nets: [...new Set(failed.map((r) => netOf(r)))],
  };
};

/** A word as a POSIX shell reads it back: bare when safe, else single-quoted. */
const shellWord = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** What the rerun command needs to find the same cases, runtimes and report folder again. */
export type RerunFrom = Pick<CliOptions, 'out' | 'suitesDirs' | 'agentsDirs' | 'filters' | 'catalogue'>;

/**
 * `npx sockspec --failed`, with what says where cases, runtimes and the last report are: the case
 * folders and files given (a positional naming one that exists, as cli/case-filters.ts reads it),
 * --catalogue, --suites, --agents-dir and --out; the runs themselves are chosen again by --failed.
 */
export const rerunCommand = (o: RerunFrom): string => {
  const args = [
    ...o.filters.filter((p) => existsSync(p)),
    '--failed',
    ...(o.catalogue ? ['--catalogue'] : []),
    ...o.suitesDirs.flatMap((d) => ['--suites', d]),
    ...o.agentsDirs.flatMap((d) => ['--agents-dir', d]),
    ...(o.out === 'reports' ? [] : ['--out', o.out]),
  ];
  return ['npx', 'sockspec', ...args].map(shellWord).join(' ');
};

/** The lines after a run's summary: where its reports are, and how to rerun only what failed (counted as --failed will run them). */
export const closingLines = (o: RerunFrom, files: string[], results: Pick<CaseResult, 'id' | 'runtime' | 'variant' | 'family' | 'net' | 'status'>[]): string[] => {
  // A run repeated (--repeat) is one run to rerun, however many of its rounds failed.
  const unexpected = new Set(results.filter((r) => UNEXPECTED.has(r.status)).map((r) => runKey(r.id, r.runtime, r.variant, familyOf(r), netOf(r)))).size;
  return [
    `reports in ${o.out.replace(/\/*$/, '/')} (${files.join(', ')})`,
    ...(unexpected > 0 ? [`rerun the ${unexpected === 1 ? 'failure' : `${unexpected} failures`}: ${rerunCommand(o)}`] : []),
  ];
};
