// The terminal reporter for people: a live progress line, failures as they happen, then a summary by case and each failure in full.
import type { CaseResult } from '../../result/case-result.ts';
import { formatMs } from '../format-step.ts';
import type { CaseStart, Reporter, ReporterFactory } from '../reporter.ts';
import type { Setup } from '../../engine/run-observer.ts';
import { caseSummary, LEGEND, MARKS } from '../terminal/case-summary.ts';
import { failureDetails, UNEXPECTED } from '../terminal/failure-details.ts';
import { oneLine, painter, type Paint } from '../terminal/paint.ts';
import { statusLine } from '../terminal/status-line.ts';
import { pointName } from '../../result/point-name.ts';
import { familyOf } from '../../case/family.ts';

/** The live line's clock moves on its own between results: a slow case must not look like a hang. */
const TICK_MS = 1000;

/** "9s", "1m03s"; rounded, since a timer may fire a fraction of a millisecond before its second is up. */
export const elapsed = (ms: number): string => {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
};

/** The name a result will carry ("close/x [node pauseOnConnect, ipv6]"), known when the run starts. */
const nameOf = (j: CaseStart): string => pointName(j.id, j.runtime, j.variant, j.family, j.net);

/** What a start and its result share: the case, the runtime column, the variant, the family. */
const keyOf = (j: Omit<CaseStart, 'family'> & { family?: CaseStart['family'] }): string => JSON.stringify([j.id, j.runtime, j.variant, familyOf(j), j.net ?? null]);

/** The live line before the first case: what setup is doing, counted ("preparing 9 runtimes: 5 ready"), and what is being built. */
export const setupText = (setup: Setup, clock: string): string => {
  if (setup.phase === 'loading') return `loading cases and expectations · ${clock}`;
  if (setup.phase === 'probing') return `probing this machine (namespaces, capture) · ${clock}`;
  const r = setup.runtimes ?? { total: 0, ready: 0, waiting: [], building: [] };
  const builds = r.building.length > 0 ? ` · building ${r.building.map(oneLine).join(', ')}` : '';
  const waiting = r.waiting.length > 0 ? ` · waiting on ${r.waiting.map(oneLine).join(', ')}` : '';
  return `preparing ${r.total} runtime${r.total === 1 ? '' : 's'}: ${r.ready} ready · ${clock}${builds}${waiting}`;
};

/** One line for a finished result: its mark, its name, and why when it is not a plain pass. */
const resultLine = (r: CaseResult, paint: Paint): string => {
  const first = r.failures[0];
  const why = first ? `at ${first.at}: wanted ${first.wanted}, found ${first.found}` : r.status === 'pass' ? undefined : r.reason;
  const { mark, code } = MARKS[r.status];
  return `${paint(`1;${code}`, mark)} ${oneLine(r.name)}${why ? paint('2', ` — ${oneLine(why)}`) : ''} ${paint('2', `(${formatMs(r.durationMs)})`)}\n`;
};

/** Skips said once per reason, with how many runs it covers: most share one (a runtime that is missing). */
const skipLines = (results: CaseResult[], paint: Paint): string[] => {
  const reasons = new Map<string, number>();
  for (const r of results.filter((x) => x.status === 'skip')) {
    const why = r.reason ?? '(no reason given)';
    reasons.set(why, (reasons.get(why) ?? 0) + 1);
  }
  return [...reasons].map(([why, n]) => `${paint(MARKS.skip.code, '○')} ${n} skipped: ${paint('2', oneLine(why))}`);
};

/**
 * On a terminal (`live`), a status line redrawn in place (runs done of all, failures so far, time,
 * the runs going on), with each unexpected result printed above it as it comes; elsewhere one line
 * per result. At the end, both: one line per case with its runtimes' marks, then every failure in
 * full. The closing lines (`N passed, N failed, N skipped`) are the CLI's; this reporter writes them plainly.
 */
export const progressReporter: ReporterFactory = (out, opts): Reporter => {
  const paint = painter(opts.color);
  const dim = (text: string): string => paint('2', text);
  const live = opts.live === true ? statusLine(out, () => (out as NodeJS.WriteStream).columns ?? 80) : null;
  const running = new Map<string, string>();
  let total = 0;
  let done = 0;
  let failed = 0;
  let t0: number | null = null;
  let timer: NodeJS.Timeout | undefined;
  // Setup until the first case: the live line says what it is doing; null once the run has started.
  let setup: Setup | null = null;
  const builds = new Set<string>();
  const clock = (): string => elapsed(performance.now() - (t0 ?? performance.now()));
  const tick = (): void => {
    t0 ??= performance.now(); // the clock runs from the first sign of life, setup included
    if (live === null || timer !== undefined) return;
    timer = setInterval(redraw, TICK_MS);
    timer.unref(); // never what keeps the process alive
  };
  const redraw = (): void => {
    if (setup !== null) return void live?.show(setupText(setup, clock()));
    const now = running.size > 0 ? ` · ${running.size} running: ${[...running.values()].map(oneLine).join(', ')}` : '';
    const text = `${done}/${total} done · ${failed} failed · ${clock()}${now}`;
    live?.show(text, (cut) => (failed > 0 ? cut.replace(/\b\d+ failed\b/, (m) => paint('1;31', m)) : cut));
  };
  return {
    preparing(next) {
      if (next.phase === 'stopped') {
        clearInterval(timer);
        return void live?.clear();
      }
      tick();
      setup = next;
      // Off a terminal, each build is said once as it starts: a cold build can take a minute.
      for (const b of next.runtimes?.building ?? []) {
        if (live === null && !builds.has(b)) out.write(`${dim(`building ${oneLine(b)}…`)}\n`);
        builds.add(b);
      }
      redraw();
    },
    start({ total: n, platform }) {
      total = n;
      setup = null;
      tick();
      live?.clear();
      out.write(`${dim(`sockspec: ${n} case runs on ${platform.os} ${platform.release} ${platform.arch}, node ${platform.node}`)}\n`);
      redraw();
    },
    caseStarted(job) {
      running.set(keyOf(job), nameOf(job));
      redraw();
    },
    result(r) {
      running.delete(keyOf(r));
      done += 1;
      if (UNEXPECTED.has(r.status)) failed += 1;
      if (live === null) return void out.write(resultLine(r, paint));
      redraw();
      if (UNEXPECTED.has(r.status)) live.print(resultLine(r, paint));
    },
    end(report) {
      clearInterval(timer);
      live?.clear();
      const results = report.results;
      out.write(`\n${paint('1', 'Summary')} ${dim(`(${formatMs(report.summary.durationMs)}; ${LEGEND})`)}\n`);
      for (const line of caseSummary(results, paint)) out.write(`  ${line}\n`);
      for (const line of skipLines(results, paint)) out.write(`  ${line}\n`);
      // Said once, not per line: every wire-less result has the same reason.
      const unchecked = results.filter((r) => r.wire.status === 'skipped');
      if (unchecked.length > 0) out.write(`  ${dim(`wire assertions not checked in ${unchecked.length} results: ${oneLine(unchecked[0]!.wire.reason ?? 'no capture')}`)}\n`);
      for (const e of report.loadErrors) out.write(`  ${paint('1;35', '⚠load error')} ${oneLine(e.file)}${dim(` — ${oneLine(e.message)}`)}\n`);
      const unexpected = results.filter((r) => UNEXPECTED.has(r.status));
      if (unexpected.length > 0) {
        out.write(`\n${paint('1', 'Failures')} ${dim(`(${unexpected.length})`)}\n`);
        for (const r of unexpected) out.write(`\n${failureDetails(r, { paint })}`);
      }
      out.write('\n');
    },
    // Read by people: the CLI's closing lines as they are.
    closing(lines) {
      for (const line of lines) out.write(`${line}\n`);
    },
  };
};
