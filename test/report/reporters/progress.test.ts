// The people's reporter, driven with fixture results into a real stream: live line on a terminal, a summary by case, failures in full.
// Runs alone: the live line's 1 s tick must have fired within 1.1 s, which a second file's CPU can delay.
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { elapsed, progressReporter } from '../../../harness/report/reporters/progress.ts';
import type { ReporterOptions } from '../../../harness/report/reporter.ts';
import type { CaseResult } from '../../../harness/result/case-result.ts';
import { caseResult, everyStatus, platform, runReport } from '../../fixtures/case-results.ts';
import { replay } from '../terminal/screen.ts';

/** A real stream that keeps what it is given; `columns` as a terminal would report it. */
const terminal = (columns = 200): { stream: Writable & { columns: number }; text: () => string; writes: string[] } => {
  const writes: string[] = [];
  const stream = Object.assign(new Writable({ write(chunk: Buffer, _enc, done) { writes.push(chunk.toString()); done(); } }), { columns });
  return { stream, text: () => writes.join(''), writes };
};

/** A whole run: every result started, two at a time, then finished, then the end. */
const drive = (opts: ReporterOptions, results: CaseResult[] = everyStatus()): { text: string; frames: string[] } => {
  const out = terminal();
  const reporter = progressReporter(out.stream, opts);
  reporter.start({ total: results.length, platform: platform() });
  const frames: string[] = [];
  const frame = (): void => { frames.push(replay(out.text()).lines.at(-1) ?? ''); };
  results.forEach((r, i) => {
    reporter.caseStarted?.({ id: r.id, runtime: r.runtime, variant: r.variant, family: r.family ?? 'ipv4' });
    frame();
    if (i % 2 === 1) {
      reporter.result(results[i - 1]!, i - 1);
      reporter.result(r, i);
      frame();
    }
  });
  reporter.end(runReport(results));
  return { text: out.text(), frames };
};

t.test('on a terminal: a live line with runs done of all, failures so far, the time and what is running', async (t) => {
  const { frames } = drive({ color: false, live: true });
  t.equal(frames[0], '0/8 done · 0 failed · 0s · 1 running: close/all-read-sends-fin [node, ipv4]');
  t.match(frames[1], /^0\/8 done · 0 failed · 0s · 2 running: close\/all-read-sends-fin \[node, ipv4\], close\/unread-data-sends-rst \[node, ipv4\]$/);
  t.equal(frames[2], '2/8 done · 1 failed · 0s', 'finished runs leave the line');
  t.match(frames[3], /^2\/8 done · 1 failed · 0s · 1 running: close\/abortive-linger-zero \[deno, ipv4\]$/);
  t.equal(frames.at(-1), '8/8 done · 5 failed · 0s');
});

t.test('on a terminal: the live line is gone at the end; failures as they came, then the summary, then each in full', async (t) => {
  const { text } = drive({ color: false, live: true });
  const screen = replay(text);
  t.same(screen.escapes, [], 'no escape sequence without colour, not even to erase the line');
  const lines = screen.lines;
  t.notOk(lines.some((l) => / done · /.test(l)), 'no live line is left on screen');
  t.match(lines[0], /^sockspec: 8 case runs on linux 6\.8\.0-test x64, node v20\.20\.2$/);
  t.same(lines.slice(1, 6).map((l) => l.split(' ')[0]), ['✗fail', '✗unexpected-pass', '⚠error', '⚠crash', '⚠timeout'], 'each unexpected result above the live line, as it came');
  t.match(lines[2], /^✗unexpected-pass write\/epipe-on-second-write \[node\] — Node synthesizes EPIPE on the first write \(12\.3 ms\)$/);
  const summary = lines.indexOf(lines.find((l) => l.startsWith('Summary'))!);
  t.match(lines[summary], /^Summary \(1235 ms; ✓ pass {2}◆ documented divergence {2}○ skip {2}✗ fail {2}⚠ harness trouble\)$/);
  t.same(lines.slice(summary + 1, summary + 8), [
    '  close/all-read-sends-fin     node ✓',
    '  close/unread-data-sends-rst  node ✗fail  node@pauseOnConnect(pauseOnConnect) ◆div',
    '  close/abortive-linger-zero   deno ○skip',
    '  write/epipe-on-second-write  node ✗unexpected-pass',
    '  connect/refused-closed-port  c ⚠error',
    '  rst/never-acknowledged       c ⚠crash',
    '  halfopen/peer-vanished       node ⚠timeout',
  ], 'one line per case, its runtimes\' marks beside it');
  t.match(lines[summary + 8], /^ {2}○ 1 skipped: Deno has no SO_LINGER # really \{$/, 'skips once per reason');
  t.match(lines[summary + 9], /^ {2}wire assertions not checked in 7 results: no capture$/);
  t.match(lines[summary + 10], /^ {2}⚠load error suites\/close\/broken\.ts — Unknown metadata key `flavour`/);
  t.match(text, /\nFailures \(5\)\n\n✗fail close\/unread-data-sends-rst \[node\] [^\n]*\n {4}status: fail\n {4}at: step 6 \(client reads the reset\)\n {4}wanted: EOF\n {4}found: ECONNRESET \(read\)\n/);
  t.match(text, /\n⚠timeout halfopen\/peer-vanished \[node\]\n {4}status: timeout\n/);
  t.match(text, /\n {4}segments:\n {6}- /, 'segments of the capture');
  t.notMatch(text, /\d+ passed, \d+ failed, \d+ skipped/, 'the closing line is the CLI\'s, not printed twice');
});

t.test('piped (not live): one line per result, no carriage return, the same summary', async (t) => {
  const { text } = drive({ color: false, live: false });
  t.notMatch(text, /\r/, 'nothing is redrawn');
  t.notMatch(text, / done · /, 'no live line');
  const lines = text.split('\n');
  t.same(lines.slice(1, 9).map((l) => l.split(' ')[0]), ['✓', '✗fail', '○skip', '◆div', '✗unexpected-pass', '⚠error', '⚠crash', '⚠timeout'], 'every result, in the order they finished');
  t.match(text, /\nSummary .*\n {2}close\/all-read-sends-fin {5}node ✓\n/);
  t.match(text, /\nFailures \(5\)\n/);
});

t.test('colour only when the caller says so, and then only SGR colour sequences', async (t) => {
  for (const live of [true, false]) {
    t.notMatch(drive({ color: false, live }).text, /\u001b/, `no escape without colour (live: ${live})`);
    const screen = replay(drive({ color: true, live }).text);
    t.ok(screen.escapes.length > 0, `colour when asked (live: ${live})`);
    t.same(screen.escapes.filter((e) => !/^\u001b\[[0-9;]*m$/.test(e)), [], 'nothing but colour: no cursor movement');
  }
  t.match(drive({ color: true, live: false }).text, /\u001b\[1;31m✗fail\u001b\[0m/);
});

t.test('case data cannot write escapes to the terminal', async (t) => {
  const evil = caseResult({ id: 'x/evil', name: 'x/evil [node] \u001b[2J\u001b[H', status: 'fail', expected: false, failures: [{ at: 'step 1', wanted: 'a\u001b[31m', found: 'b' }] });
  for (const live of [true, false]) {
    const screen = replay(drive({ color: false, live }, [evil]).text);
    t.same(screen.escapes, [], `none reaches the screen (live: ${live})`);
    t.ok(screen.lines.some((l) => l.includes('\\u001b[2J')), 'shown as text instead');
  }
});

t.test('the clock on the live line moves between results, and stops at the end', async (t) => {
  const out = terminal();
  const reporter = progressReporter(out.stream, { color: false, live: true });
  reporter.start({ total: 1, platform: platform() });
  reporter.caseStarted?.({ id: 'slow/case', runtime: 'c', variant: null, family: 'ipv4' });
  await sleep(1100);
  t.match(replay(out.text()).lines.at(-1), /^0\/1 done · 0 failed · [1-9]\d*s · 1 running: slow\/case \[c, ipv4\]$/, 'redrawn with no result in between');
  reporter.end(runReport([]));
  const writes = out.writes.length;
  await sleep(1100);
  t.equal(out.writes.length, writes, 'nothing is written after the end');
});

t.test('a narrow terminal: the live line is cut, never wrapped', async (t) => {
  const out = terminal(30);
  const reporter = progressReporter(out.stream, { color: false, live: true });
  reporter.start({ total: 3, platform: platform() });
  reporter.caseStarted?.({ id: 'close/unread-data-sends-rst', runtime: 'node', variant: null, family: 'ipv4' });
  t.equal(replay(out.text()).lines.at(-1), '0/3 done · 0 failed · 0s · 1…');
  reporter.end(runReport([]));
});

t.test('elapsed time reads as seconds, then minutes and seconds', async (t) => {
  t.equal(elapsed(0), '0s');
  t.equal(elapsed(999.4), '1s', 'a tick a hair early still reads as its second');
  t.equal(elapsed(59_400), '59s');
  t.equal(elapsed(59_999), '1m00s');
  t.equal(elapsed(63_000), '1m03s');
  t.equal(elapsed(3_600_000), '60m00s');
});
