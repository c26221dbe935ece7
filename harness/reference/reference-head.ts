// The head of the reference: what it is, how to regenerate it, where and with which runtime versions it was measured.
import type { Platform, RunReport, Status } from '../result/case-result.ts';
import { code, prose, table } from './markdown.ts';
import { runPlaces, type PlacedResult, type RunPlace } from './placed-result.ts';
import { labelName } from './platform-names.ts';
import { columnRoles, compareColumns } from './runtime-columns.ts';
import { FAMILY_NAMES } from './family-statements.ts';
import { FAMILIES, LOOPBACK, TWO_HOSTS, type Family } from '../case/family.ts';
import { DEFAULT_NET } from '../net/net-kind.ts';
import { netNames } from '../net/nets/index.ts';

/** Where the nets run writes its reports, beside the default run's (reports/). */
export const NETS_OUT = 'reports/nets';

/** The nets run: the C agent (the kernel layer) on every net but the kernel's, whose statements the default run makes. */
export const NETS_RUN = `npx sockspec --runtime c --net ${netNames().filter((n) => n !== DEFAULT_NET).join(',')} --out ${NETS_OUT}`;

/** `sockspec doc`'s inputs for the reference: the default run (every runtime, kernel net) and the nets run. */
export const DOC_INPUTS = `--results reports/results.json --results ${NETS_OUT}/results.json`;

/** The one command that regenerates the reference after a change to the cases, the runtimes or the nets. */
export const REGENERATE = `npx sockspec && ${NETS_RUN} && npx sockspec doc ${DOC_INPUTS}`;

const ISOLATION: Record<string, string> = {
  netns: 'a private network namespace per case',
  none: "the host's loopback (no namespace, so no capture)",
};

/** "IPv4 (127.0.0.1; two hosts 192.0.2.1, 192.0.2.2) and IPv6 (...)": the families the results ran over, and their addresses. */
const familiesText = (families: Family[]): string => families
  .map((f) => `${FAMILY_NAMES[f]} (${LOOPBACK[f]}; two hosts ${TWO_HOSTS[f].server}, ${TWO_HOSTS[f].client})`).join(' and ');

const platformRows = (p: Platform, version: string, families: Family[]): string[][] => [
  ['OS', `${prose(p.os)} ${prose(p.release)} (${prose(p.arch)})`],
  ...(families.length === 0 ? [] : [['address families', prose(familiesText(families))]]),
  ['harness', `sockspec ${prose(version)} on Node ${prose(p.node)}`],
  ['isolation', ISOLATION[p.isolation] ?? prose(p.isolation)],
  ['capture', p.capture === 'available' ? 'available: wire rules checked' : `unavailable: wire rules skipped (${prose(p.captureReason ?? 'no reason recorded')})`],
];

const count = (runs: PlacedResult[], statuses: Status[]): number => runs.filter((r) => statuses.includes(r.result.status)).length;

const distinct = (xs: string[]): string[] => [...new Set(xs)].sort();

/** One row per runtime column of one platform: its version (as its run found it) and its outcomes there. */
const runtimeRows = (places: RunPlace[], runs: PlacedResult[]): string[][] => {
  const columns = new Set([
    ...runs.filter((r) => !columnRoles(r.result.runtime).pair).map((r) => r.result.runtime),
    ...places.flatMap((p) => p.runtimes.map((rt) => rt.name)),
  ]);
  return [...columns].sort(compareColumns).map((column) => {
    const mine = runs.filter((r) => r.result.runtime === column);
    const listed = places.flatMap((p) => p.runtimes.filter((rt) => rt.name === column));
    const found = distinct(listed.filter((rt) => rt.available && rt.version !== null).map((rt) => rt.version!));
    const seen = distinct(mine.map((r) => r.result.runtimeVersion).filter((v): v is string => v !== null));
    const missing = distinct(listed.filter((rt) => !rt.available).map((rt) => rt.reason ?? 'no reason recorded'));
    const version = found.length > 0 ? found.join(', ') : seen.length > 0 ? seen.join(', ') : missing.length > 0 ? `not found: ${missing.join('; ')}` : 'unknown';
    const other = mine.length - count(mine, ['pass', 'divergence', 'skip']);
    return [code(column), prose(version), String(count(mine, ['pass'])), String(count(mine, ['divergence'])), String(count(mine, ['skip'])), String(other)];
  });
};

/** Where one platform's results were measured: each run's facts, then its runtimes. */
const measuredOn = (label: string, places: RunPlace[], runs: PlacedResult[], several: boolean): string[] => {
  const mine = places.filter((p) => p.label === label)
    .sort((a, b) => (JSON.stringify(a.facts) < JSON.stringify(b.facts) ? -1 : JSON.stringify(a.facts) > JSON.stringify(b.facts) ? 1 : 0));
  const families = FAMILIES.filter((f) => runs.some((r) => r.platform === label && r.family === f));
  const facts = mine.length === 0
    ? ['These results do not record where this run happened.', '']
    // Runs on one machine (the default run and the nets run) state its facts once.
    : [...new Set(mine.map((p) => table(['', ''], platformRows(p.facts, p.sockspec, families))))].flatMap((t) => [t, '']);
  return [
    ...(several ? [`### ${labelName(label)}`, ''] : []),
    ...facts,
    table(['runtime', 'version', 'as the kernel', 'documented divergence', 'skip', 'other'], runtimeRows(mine, runs.filter((r) => r.platform === label))),
    '',
    "A runtime's counts take in its variants (other options, and other programs such as Bun's own API) and every address family.",
    '',
  ];
};

/** The title, purpose, regeneration command, and what was measured where (one section per platform label). */
export const referenceHead = (report: RunReport, runs: PlacedResult[], labels: string[]): string => {
  const places = runPlaces(report);
  return [
    '# TCP socket semantics: the sockspec reference',
    '',
    'What a program sees when a TCP connection is refused, reset or broken. For every case: the',
    'stimulus, what the kernel does (a plain C program making POSIX calls), what each runtime does',
    'instead, and where platforms differ, with the reason and source of every difference.',
    '',
    `Generated by ${code('sockspec doc')} from two runs' results (${code('reports/results.json')}: every runtime on the host kernel's TCP;`,
    `${code(`${NETS_OUT}/results.json`)}: the C agent on every other net); do not edit it by hand.`,
    `Regenerate it with ${code(REGENERATE)};`,
    `${code(`npx sockspec doc --check ${DOC_INPUTS}`)} exits 1 when it is stale.`,
    '',
    '## Where it was measured',
    '',
    ...labels.flatMap((label) => measuredOn(label, places, runs, labels.length > 1)),
    '## How to read it',
    '',
    '- **as the kernel layer**: the runtime shows what the C program shows, step by step and on the wire.',
    '- **differs from the kernel layer, as documented**: what the runtime shows instead, why, and where that comes from',
    '  (its `runtimes/<name>/expectations.ts`); measured in this run.',
    '- **skipped**: the runtime cannot do a step (an option or call it lacks), with the reason.',
    '- **unverified**: a platform difference stated from sources, not yet measured by a run on that platform.',
    "- A variant is another way to write the same program in a runtime (Node's `pauseOnConnect`, Bun's own API).",
    '- Every case runs over IPv4 and IPv6 (`--family`): one statement where both agree; where they differ, each',
    '  family is named (**node** over IPv6: ...), and in the summary a cell reads `IPv4: pass / IPv6: div.`.',
    '',
  ].join('\n');
};
