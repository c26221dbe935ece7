// `sockspec merge <results.json ...>`: one results file, TAP, JUnit and HTML from several runs (other OSes, runtimes, versions).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, UsageError } from './exit-codes.ts';
import { sockspecVersion } from '../toolchain/project-root.ts';
import { summaryLine } from '../report/summary-line.ts';
import { workflowCommand } from '../report/terminal/workflow-command.ts';
import { tapDocument } from '../report/tap-writer.ts';
import { writeReports } from '../report/write-reports.ts';
import { copyPcaps } from '../merge/copy-pcaps.ts';
import { checkCells, parseExpected } from '../merge/expect-cells.ts';
import { mergeReports, type MergeSource } from '../merge/merge-reports.ts';
import { readReport } from '../merge/read-report.ts';

type Io = { out: NodeJS.WritableStream; err: NodeJS.WritableStream };

/** Where merged reports go unless --out says otherwise: beside a run's own reports, never over them. */
export const DEFAULT_MERGE_OUT = path.join('reports', 'merged');

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  expect: { type: 'string', short: 'e', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The `sockspec merge --help` text. */
export const mergeHelpText = (): string => `Usage: sockspec merge [options] <results.json | report folder> ...

Merges the results.json of several runs (other OSes, runtimes, versions; one run per runtime
is fine) into one report: every result tagged with its run's platform ("linux", "darwin",
"win32"), cases merged by id, runtimes unioned, counts recomputed. Writes results.json,
results.tap, junit.xml and index.html (and the runs' kept pcaps, under pcap/<platform>/).

A folder stands for the results.json in it. A file that is missing, not JSON or not a results
file is named on stderr and in the merged reports (a not-ok "load" point); the others still merge.

With --expect, each input is a cell named by its folder (artifacts/sockspec-ubuntu-latest-c is
the cell sockspec-ubuntu-latest-c; a file not called results.json by its own name). Every
expected cell with no input, and every input no cell expects (merged all the same), is named on
stderr and in the merged reports as a not-ok "load" point, and the merge exits 1.

Options:
  -o, --out DIR        where the merged reports go (default: ${DEFAULT_MERGE_OUT})
  -e, --expect CELLS   the cells there must be, separated by commas or spaces (repeatable);
                       in CI the matrix's artifact names, so a cell that uploaded nothing fails
  -h, --help           this text

Exit codes: 0 every file merged (and every expected cell there) and every result as expected;
1 a file could not be merged, a cell is missing or not expected, or a merged result is unexpected
(as for a run); 2 bad usage; 3 the reports could not be written.
`;

const parse = (argv: string[]): { files: string[]; out: string; help: boolean; expect: string[] | null } => {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(`merge: ${message}; known options: ${Object.keys(OPTIONS).map((o) => `--${o}`).join(', ')}`);
  }
  const help = parsed.values.help === true;
  if (!help && parsed.positionals.length === 0) {
    throw new UsageError('merge: Expected at least one results.json (or a report folder holding one), got none');
  }
  const expect = parsed.values.expect === undefined ? null : parseExpected(parsed.values.expect);
  if (!help && expect !== null && expect.length === 0) {
    throw new UsageError('merge: Expected --expect to name at least one cell (sockspec-ubuntu-latest-c,sockspec-macos-latest-c), got none');
  }
  return { files: parsed.positionals, out: parsed.values.out ?? DEFAULT_MERGE_OUT, help, expect };
};

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Exit code of the subcommand; usage errors are thrown as UsageError. */
export const mergeCommand = async (argv: string[], io: Io): Promise<number> => {
  const o = parse(argv);
  if (o.help) { io.out.write(mergeHelpText()); return EXIT.ok; }
  const read = await Promise.all(o.files.map(readReport));
  const sources: MergeSource[] = read.flatMap((r) => (r.ok ? [{ file: r.file, report: r.report }] : []));
  const cells = o.expect === null ? { missing: [], unexpected: [] } :
    checkCells({ expected: o.expect, inputs: read.map((r) => ({ file: r.file, readable: r.ok })) });
  // Missing and unexpected cells join the unreadable files: each a load error of the merged report.
  const unreadable = [...read.flatMap((r) => (r.ok ? [] : [{ file: r.file, message: r.message }])), ...cells.missing, ...cells.unexpected];
  for (const u of unreadable) io.err.write(`sockspec merge: ${u.message}\n`);
  // Under GitHub Actions the run's page lists them too, without opening the merge step's log.
  if (process.env.GITHUB_ACTIONS === 'true') for (const u of unreadable) io.err.write(workflowCommand('error', { title: `sockspec merge: ${u.file}` }, u.message));
  if (o.expect !== null) {
    const gone = cells.missing.map((m) => m.file);
    io.out.write(`# expected ${o.expect.length} cell(s): ${o.expect.length - gone.length} present${gone.length > 0 ? `, ${gone.length} missing (${gone.join(', ')})` : ''}` +
      `${cells.unexpected.length > 0 ? `, ${cells.unexpected.length} not expected` : ''}\n`);
  }
  if (sources.length === 0) {
    io.err.write(`sockspec merge: nothing to merge: none of the ${o.files.length} file(s) could be read; no reports written\n`);
    return EXIT.unexpected;
  }

  const merged = mergeReports(sources, unreadable, sockspecVersion());
  const outDir = path.resolve(o.out);
  const notes = [...merged.notes, ...(await copyPcaps(outDir, merged.pcaps))];
  for (const note of notes) io.err.write(`sockspec merge: ${note}\n`);
  const report = merged.report;
  for (const p of report.platforms ?? []) {
    io.out.write(`# ${p.source}: ${p.label} (${p.os} ${p.release} ${p.arch}), ${p.columns.join(', ') || 'no runtime'}: ${summaryLine(p.summary)} in ${seconds(p.summary.durationMs)}\n`);
  }
  const written = await writeReports(outDir, report, tapDocument(report));
  io.out.write(`# wall time ${seconds(report.summary.durationMs)}, from the first run's start to the last run's end\n`);
  if (report.summary.divergences > 0) io.out.write(`# ${report.summary.divergences} of the passes are documented divergences from the kernel layer\n`);
  io.out.write(`${summaryLine(report.summary)}\n`);
  if (!written.ok) {
    io.err.write(`sockspec merge: cannot write the reports: ${written.path}: ${written.reason}\n`);
    return EXIT.reports;
  }
  const shown = path.relative(process.cwd(), outDir);
  io.out.write(`# merged reports in ${shown === '' ? '.' : shown.startsWith('..') ? outDir : shown}\n`);
  return report.summary.failed > 0 ? EXIT.unexpected : EXIT.ok;
};
