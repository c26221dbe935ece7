// Shared by the CLI and by a case file run alone: discover, load, select, run, print the closing line.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { defaultCacheDir } from '../toolchain/cache-dir.ts';
import type { LoadError } from '../case/load-cases.ts';
import type { LoadedCase } from '../case/case-types.ts';
import { discoverRuntimes } from '../adapters/discover-runtimes.ts';
import { parseSelector } from '../adapters/runtime-selector.ts';
import { listRuntimes } from './list-runtimes.ts';
import { listNets } from './list-nets.ts';
import { getReporter, reporterNames } from '../report/reporter.ts';
import '../report/reporters/index.ts';
import { chooseColor } from '../report/terminal/choose-color.ts';
import { combineReporters } from '../report/terminal/combine-reporters.ts';
import { githubAnnotations } from '../report/terminal/github-annotations.ts';
import { summaryLine } from '../report/summary-line.ts';
import { tapDocument } from '../report/tap-writer.ts';
import { writeReports, type WriteReportsResult } from '../report/write-reports.ts';
import { keepPcap } from '../report/keep-pcap.ts';
import { selectCases } from '../engine/select-cases.ts';
import { helpText } from './help-text.ts';
import type { CliOptions } from './parse-args.ts';
import { EXIT, UsageError } from './exit-codes.ts';
import { projectRoot, sockspecVersion } from '../toolchain/project-root.ts';
import { lockReports } from './reports-lock.ts';
import { caseMatches, caseSources } from './case-filters.ts';
import { closeMatches, didYouMean } from '../case/close-matches.ts';
import { closingLines, readFailed, runKey } from './rerun-failed.ts';
import { runtimeColumn } from '../engine/case-job.ts';

/** A case file run alone hands over its own declaration: no folder is scanned, no file imported again. */
export interface Standalone {
  file: string;
  declaration: object;
}

/** Runs what the options ask; `standalone` restricts the run to that one case, with no report files. */
export const execute = async (o: CliOptions, io: { out: NodeJS.WritableStream; err: NodeJS.WritableStream; standalone?: Standalone }): Promise<number> => {
  const runtimeDirs = [path.join(projectRoot, 'runtimes'), ...o.agentsDirs.map((d) => path.resolve(d))];
  const { adapters, broken, folders, standIns } = await discoverRuntimes(runtimeDirs);
  for (const b of broken) io.err.write(`sockspec: runtime ${b.name} skipped: ${b.reason}\n`);
  for (const s of standIns) io.err.write(`sockspec: runtime ${s.name} from ${s.folder} stands in for the one in ${s.replaced} (its adapter, and its expectations.ts if it has one)\n`);
  const known = adapters.map((a) => a.name);
  if (o.command === 'help') { io.out.write(helpText(reporterNames(), known)); return EXIT.ok; }
  if (o.command === 'version') { io.out.write(`${sockspecVersion()}\n`); return EXIT.ok; }

  if (o.command === 'list-runtimes') { io.out.write(await listRuntimes(adapters, defaultCacheDir(), process.cwd())); return EXIT.ok; }
  if (o.command === 'list-nets') { io.out.write(await listNets()); return EXIT.ok; }
  // `--failed` reruns what the last run in --out held as unexpected, each on the runtime column it ran on.
  const rerun = o.failed && io.standalone === undefined ? await readFailed(path.resolve(o.out)) : null;
  if (rerun !== null && (o.runtimes !== null || o.pairs.length > 0)) throw new UsageError('Expected `--failed` without `--runtime` or `--pair`: it reruns each failed run on the runtime column it ran on');
  // `--runtime NAME:VARIANT` runs one program or variant of a runtime (rust:tokio, node:pauseOnConnect), checked once cases are loaded.
  const programOf = new Map<string, string>();
  const runtimes = o.runtimes?.map((entry) => {
    const colon = entry.indexOf(':');
    if (colon === -1) return entry;
    programOf.set(entry.slice(0, colon).split('@')[0]!, entry.slice(colon + 1));
    return entry.slice(0, colon);
  }) ?? null;
  for (const text of [...(runtimes ?? []), ...o.pairs.flat(), ...(rerun?.pairs.flat() ?? [])]) {
    const sel = parseSelector(text);
    if ('problem' in sel) throw new UsageError(sel.problem);
    if (!known.includes(sel.name)) throw new UsageError(`Unknown runtime \`${sel.name}\`; known runtimes: ${known.join(', ')}${didYouMean(closeMatches(sel.name, known))}`);
  }
  const pairs: [string, string][] = rerun?.pairs ?? [...(runtimes ?? (o.pairs.length > 0 ? [] : known)).map((n): [string, string] => [n, n]), ...o.pairs];

  const tty = (io.out as NodeJS.WriteStream).isTTY === true;
  const reporterName = o.reporter ?? (tty ? 'progress' : 'tap');
  const factory = getReporter(reporterName);
  if (factory === undefined) throw new UsageError(`Expected \`--reporter\` to be one of ${reporterNames().join(', ')}, got \`${reporterName}\``);
  const color = chooseColor({ flag: o.color, env: process.env, tty });
  const chosen = factory(io.out, { color, live: tty });
  // From here the reporter shows what the run is doing, loading included; a usage error takes its live line away.
  if (o.command === 'run') chosen.preparing?.({ phase: 'loading' });
  const stop = (error: Error): Error => { chosen.preparing?.({ phase: 'stopped' }); return error; };
  // Imported once the live line is up: loading the engine is most of a warm start's first second.
  const { loadRunCases, loadStandalone } = await import('../engine/load-run-cases.ts');
  let cases: LoadedCase[];
  let loadErrors: LoadError[];
  if (io.standalone !== undefined) {
    const given = await caseSources(o, true);
    ({ cases, errors: loadErrors } = await loadStandalone(io.standalone.file, io.standalone.declaration as Record<PropertyKey, unknown>, { ...given, adapters, folders }));
  } else {
    // Positionals that are folders or files are case sources; the rest filter what they hold.
    const given = await caseSources(o);
    // Each runtime's expectations join the cases they name, before selection, so a stale id in
    // an expectations file is reported on every run of the built-in catalogue.
    ({ cases, errors: loadErrors } = await loadRunCases({ ...given, adapters, folders }));
    const selected = selectCases(cases, given.filters, o.grep).filter((c) => !o.fast || !(c.tags ?? []).includes('slow'));
    if (selected.length === 0 && (given.filters.length > 0 || o.grep !== null)) {
      throw stop(new UsageError(`No case matches ${[...given.filters, ...(o.grep ? [`--grep ${o.grep.source}`] : [])].map((f) => `\`${f}\``).join(', ')}; known cases: ${cases.map((c) => c.id).join(', ')}${didYouMean(caseMatches(given.filters, cases))}`));
    }
    cases = selected;
  }
  if (rerun !== null) {
    cases = cases.filter((c) => rerun.ids.has(c.id));
    if (cases.length === 0) throw stop(new UsageError(`None of the cases that failed in the last run is selected here (${[...rerun.ids].join(', ')}); give \`--failed\` the same case folders and --suites as that run, and no filter that leaves them out`));
  }
  for (const e of loadErrors) io.err.write(`sockspec: ${e.message}\n`);
  for (const [name, wanted] of programOf) {
    const valid = [...new Set(cases.flatMap((c) => (c.variants ?? []).filter((v) => v.runtimes.includes(name)).map((v) => v.name)))].sort();
    if (!valid.includes(wanted)) {
      throw stop(new UsageError(`Unknown program or variant \`${wanted}\` of ${name}; ${valid.length > 0 ? `${name} has: ${valid.join(', ')}` : `${name} has none in the selected cases`}${didYouMean(closeMatches(wanted, valid))}`));
    }
  }

  if (o.command === 'list') {
    for (const c of cases) io.out.write(`${c.id}  ${c.description}${c.tags?.length ? ` [${c.tags.join(', ')}]` : ''}\n`);
    io.out.write(`families: ${(rerun?.families ?? o.families).join(', ')}\n`);
    io.out.write(`nets: ${(rerun?.nets ?? o.nets).join(', ')}\n`);
    io.out.write(`runtimes: ${pairs.map(([s, c]) => (s === c ? s : `${s}:${c}`)).join(', ')}\n`);
    return loadErrors.length > 0 ? EXIT.unexpected : EXIT.ok;
  }

  // On GitHub Actions each unexpected result is also an annotation on its case file; on stderr,
  // which the runner reads for workflow commands as it does stdout, so stdout stays pure TAP.
  const files = new Map(cases.map((c) => [c.id, c.file.split(path.sep).join('/')]));
  const reporter = process.env.GITHUB_ACTIONS === 'true' ? combineReporters(chosen, githubAnnotations(io.err, (id) => files.get(id))) : chosen;

  // A report folder serves one run at a time; a second run is told which run holds it.
  const outDir = io.standalone !== undefined ? null : path.resolve(o.out);
  const lock = outDir === null ? null : await lockReports(outDir);
  if (lock !== null && 'busy' in lock) throw stop(new UsageError(lock.busy));

  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted); // a second Ctrl-C: give up on a tidy end
    io.err.write(`\nsockspec: ${signal}: stopping; ending agents and writing the reports so far\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    // The last run's kept pcaps go: the folder holds this run's only.
    if (outDir !== null) await rm(path.join(outDir, 'pcap'), { recursive: true, force: true });
    const { runSuite } = await import('../engine/run-suite.ts');
    const outcome = await runSuite({
      version: sockspecVersion(), cases, loadErrors, adapters, pairs, families: rerun?.families ?? o.families, nets: rerun?.nets ?? o.nets, cacheDir: defaultCacheDir(), jobs: o.jobs, timerJobs: o.timerJobs, agentsAhead: o.agentsAhead, repeat: o.repeat,
      keepPcap: outDir === null ? undefined : (result, pcap) => (o.keepPcaps === 'all' || !result.expected ? keepPcap(outDir, result, pcap) : Promise.resolve(null)),
      stepTimeoutMs: o.stepTimeoutMs, caseTimeoutMs: o.caseTimeoutMs, isolate: o.isolate,
      reporter, signal: controller.signal,
      // A runtime asked for with a program runs that program alone, in its own pairs.
      only: programOf.size === 0 && rerun === null ? undefined : (job) => {
        if (rerun !== null) return rerun.keys.has(runKey(job.kase.id, runtimeColumn(job), job.variant?.name, job.family, job.net));
        const wanted = [job.server, job.client].map((r) => programOf.get(r.name));
        return wanted.every((w) => w === undefined) || wanted.includes(job.variant?.name);
      },
    });
    // The engine returns the report; where it goes is the face's choice.
    const written: WriteReportsResult | null = outDir === null ? null : await writeReports(outDir, outcome.report, tapDocument(outcome.report));
    const s = outcome.report.summary;
    // The chosen reporter writes the closing lines in its own syntax (TAP: comments), so stdout stays its format to the end.
    const closing = [...(s.divergences > 0 ? [`${s.divergences} of the passes are documented divergences from the kernel layer`] : []), summaryLine(s)];
    if (written?.ok === true) closing.push(...closingLines(o, [written.paths.html, written.paths.tap, written.paths.junit, written.paths.json].map((f) => path.basename(f)), outcome.report.results));
    if (chosen.closing !== undefined) chosen.closing(closing);
    else io.out.write(closing.map((line) => `${line}\n`).join(''));
    if (written !== null && !written.ok) {
      io.err.write(`sockspec: cannot write the reports: ${written.reason}\n`); // the reason names the path
    }
    if (outcome.interrupted) return EXIT.interrupted;
    if (s.failed > 0) return EXIT.unexpected;
    return written !== null && !written.ok ? EXIT.reports : EXIT.ok;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await lock?.release();
  }
};
