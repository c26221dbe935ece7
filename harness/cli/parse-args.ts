// Reads the command line into validated options; every bad value is answered with what was wrong and what is valid.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { parseSelector } from '../adapters/runtime-selector.ts';
import { closeMatches, didYouMean } from '../case/close-matches.ts';
import { UsageError } from './exit-codes.ts';
import { FAMILIES, isFamily, type Family } from '../case/family.ts';
import { netNames } from '../net/nets/index.ts';
import { DEFAULT_NET } from '../net/net-kind.ts';

/** Everything the CLI was asked to do. */
export interface CliOptions {
  command: 'run' | 'list' | 'list-runtimes' | 'list-nets' | 'help' | 'version';
  filters: string[];
  grep: RegExp | null;
  /** Leave out cases tagged slow (their length is set by a kernel timer). */
  fast: boolean;
  runtimes: string[] | null;
  /** Address families every case runs over (--family), in the order given; both by default. */
  families: Family[];
  /** Nets every case runs on (--net: harness/net/nets/), in the order given; kernel by default. */
  nets: string[];
  pairs: [string, string][];
  jobs: number;
  /** --timer-jobs: timer-bound runs waiting at once beside the `jobs` (0: each holds a job slot); absent: the engine's default. */
  timerJobs?: number;
  /** --agents-ahead: jobs whose agents start while earlier cases run (0: none); absent: the engine's default (--jobs). */
  agentsAhead?: number;
  /** Runs of each job; an outcome that changes between them is a failure of its own. */
  repeat: number;
  out: string;
  reporter: string | null;
  caseTimeoutMs: number;
  stepTimeoutMs: number;
  keepPcaps: 'failures' | 'all';
  isolate: boolean;
  color: boolean | null;
  agentsDirs: string[];
  suitesDirs: string[];
  /** Run the built-in catalogue beside the case folders and files given (without them it always runs). */
  catalogue: boolean;
  /** Run only what was unexpected in the last results.json of `out` (pytest's --last-failed). */
  failed: boolean;
}


const shown = (v: unknown): string => `\`${String(v)}\` (${typeof v})`;

const positiveInt = (name: string, raw: string | undefined, fallback: number, max = 3_600_000): number => {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n <= 0 || n > max) {
    throw new UsageError(`Expected \`--${name}\` to be a whole number from 1 to ${max}, got ${shown(raw)}`);
  }
  return n;
};

const wholeNumber = (name: string, raw: string, max: number): number => {
  if (!/^\d+$/.test(raw) || Number(raw) > max) throw new UsageError(`Expected \`--${name}\` to be a whole number from 0 to ${max}, got ${shown(raw)}`);
  return Number(raw);
};

const list = (raw: string | undefined): string[] | null =>
  raw === undefined ? null : raw.split(',').map((s) => s.trim()).filter(Boolean);

// Every option; also the list an unknown option is answered with.
const OPTIONS = {
  grep: { type: 'string', short: 'g' },
  runtime: { type: 'string', short: 'r' },
  pair: { type: 'string', multiple: true },
  jobs: { type: 'string', short: 'j' },
  'timer-jobs': { type: 'string' },
  'agents-ahead': { type: 'string' },
  repeat: { type: 'string' },
  family: { type: 'string' },
  net: { type: 'string' },
  'list-nets': { type: 'boolean' },
  out: { type: 'string', short: 'o' },
  reporter: { type: 'string', short: 'R' },
  list: { type: 'boolean', short: 'l' },
  'list-runtimes': { type: 'boolean' },
  fast: { type: 'boolean', short: 'f' },
  timeout: { type: 'string', short: 't' },
  'step-timeout': { type: 'string' },
  'keep-pcaps': { type: 'boolean' },
  'no-isolate': { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  'agents-dir': { type: 'string', multiple: true },
  suites: { type: 'string', multiple: true },
  catalogue: { type: 'boolean' },
  failed: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/**
 * `--timeout -1` becomes `--timeout=-1`: parseArgs rejects a dash-led value as ambiguous without
 * naming it, and a negative number is never an option, so the range check can name the value.
 */
const glueNegatives = (argv: string[]): string[] => {
  const out: string[] = [];
  for (const arg of argv) {
    const prev = out.at(-1);
    const name = Object.entries(OPTIONS)
      .find(([long, o]) => o.type === 'string' && (prev === `--${long}` || ('short' in o && prev === `-${o.short}`)))?.[0];
    if (name !== undefined && /^-\d/.test(arg) && !out.includes('--')) out[out.length - 1] = `--${name}=${arg}`;
    else out.push(arg);
  }
  return out;
};

/** `--family ipv4,ipv6`: each a known family, once; a typo is answered with the closest valid one. */
const families = (raw: string | undefined): Family[] => {
  const given = list(raw);
  if (given === null) return [...FAMILIES];
  if (given.length === 0) throw new UsageError(`Expected \`--family\` to be ${FAMILIES.join(', ')} or both (ipv4,ipv6), got ${shown(raw)}`);
  for (const f of given) {
    if (!isFamily(f)) throw new UsageError(`Unknown family \`${f}\` in \`--family\`; known families: ${FAMILIES.join(', ')}${didYouMean(closeMatches(f, FAMILIES).length > 0 ? closeMatches(f, FAMILIES) : [/6/.test(f) ? 'ipv6' : 'ipv4'])}`);
  }
  return [...new Set(given as Family[])];
};

/** `--net kernel,mptcp`: each a known net, once; a typo is answered with the closest one. */
const nets = (raw: string | undefined): string[] => {
  const given = list(raw);
  const known = netNames();
  if (given === null) return [DEFAULT_NET];
  if (given.length === 0) throw new UsageError(`Expected \`--net\` to be one or more of ${known.join(', ')}, got ${shown(raw)}`);
  for (const n of given) {
    if (!known.includes(n)) throw new UsageError(`Unknown net \`${n}\` in \`--net\`; known nets: ${known.join(', ')} (--list-nets says which run here)${didYouMean(closeMatches(n, known))}`);
  }
  return [...new Set(given)];
};

/** Parses argv (without node and the script). Throws UsageError for bad input. */
export const parseCliArgs = (argv: string[]): CliOptions => {
  let parsed;
  try {
    parsed = parseArgs({ args: glueNegatives(argv), allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    const unknown = (error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION';
    if (!unknown) throw new UsageError(message);
    const known = Object.keys(OPTIONS).map((o) => `--${o}`);
    const written = /'([^']+)'/.exec(message)?.[1] ?? '';
    throw new UsageError(`${message}; known options: ${known.join(', ')}${didYouMean(closeMatches(written, known))}`);
  }
  const v = parsed.values;
  let grep: RegExp | null = null;
  if (v.grep !== undefined) {
    try {
      grep = new RegExp(v.grep);
    } catch (error) {
      throw new UsageError(`Expected \`--grep\` to be a regular expression, got ${shown(v.grep)}: ${(error as Error).message}`);
    }
  }
  // Split at the last colon: the server half may be a selector with a path (node@/opt/node22/bin/node:python).
  const pairs = (v.pair ?? []).map((p): [string, string] => {
    const m = /^(.+):([^:]+)$/.exec(p);
    const halves = m === null ? [] : [m[1]!, m[2]!];
    if (halves.length !== 2 || halves.some((h) => 'problem' in parseSelector(h))) {
      throw new UsageError(`Expected \`--pair\` to be SERVER:CLIENT runtimes (e.g. c:node, node@22:python), got ${shown(p)}`);
    }
    return [halves[0]!, halves[1]!];
  });
  return {
    command: v.help ? 'help' : v.version ? 'version' : v['list-runtimes'] ? 'list-runtimes' : v['list-nets'] ? 'list-nets' : v.list ? 'list' : 'run',
    filters: parsed.positionals,
    grep,
    fast: v.fast === true,
    runtimes: list(v.runtime),
    families: families(v.family),
    nets: nets(v.net),
    pairs,
    jobs: positiveInt('jobs', v.jobs, os.availableParallelism(), 256),
    ...(v['timer-jobs'] === undefined ? {} : { timerJobs: wholeNumber('timer-jobs', v['timer-jobs'], 1024) }),
    ...(v['agents-ahead'] === undefined ? {} : { agentsAhead: wholeNumber('agents-ahead', v['agents-ahead'], 256) }),
    repeat: positiveInt('repeat', v.repeat, 1, 1000),
    out: v.out ?? 'reports',
    reporter: v.reporter ?? null,
    caseTimeoutMs: positiveInt('timeout', v.timeout, 15_000),
    stepTimeoutMs: positiveInt('step-timeout', v['step-timeout'], 2_000),
    keepPcaps: v['keep-pcaps'] ? 'all' : 'failures',
    isolate: v['no-isolate'] !== true,
    color: v['no-color'] ? false : v.color ? true : null,
    agentsDirs: v['agents-dir'] ?? [],
    suitesDirs: v.suites ?? [],
    catalogue: v.catalogue === true,
    failed: v.failed === true,
  };
};
