// Before the first case the progress reporter shows setup on its live line (loading, probing, runtimes and their builds), and only builds off a terminal.
import { Writable } from 'node:stream';
import t from 'tap';
import { progressReporter, setupText } from '../../../harness/report/reporters/progress.ts';
import { tapReporter } from '../../../harness/report/reporters/tap.ts';
import type { Setup } from '../../../harness/engine/run-observer.ts';
import { platform, runReport } from '../../fixtures/case-results.ts';
import { replay } from '../terminal/screen.ts';

const sink = (): { stream: Writable & { columns: number }; text: () => string } => {
  const writes: string[] = [];
  const stream = Object.assign(new Writable({ write(chunk: Buffer, _enc, done) { writes.push(chunk.toString()); done(); } }), { columns: 200 });
  return { stream, text: () => writes.join('') };
};

const runtimes = (ready: number, waiting: string[], building: string[]): Setup => ({ phase: 'runtimes', runtimes: { total: 3, ready, waiting, building } });
const SETUP: Setup[] = [
  { phase: 'loading' },
  { phase: 'probing' },
  runtimes(0, ['c', 'rust', 'go'], []),
  runtimes(0, ['c', 'rust', 'go'], ['rust: rust-agent (cargo)']),
  runtimes(1, ['rust', 'go'], ['rust: rust-agent (cargo)', 'go: go-agent (go)']),
  runtimes(3, [], []),
];

t.test('the words: the phase, runtimes counted, builds named, what is still awaited', async (t) => {
  t.equal(setupText({ phase: 'loading' }, '0s'), 'loading cases and expectations · 0s');
  t.equal(setupText(SETUP[4]!, '7s'), 'preparing 3 runtimes: 1 ready · 7s · building rust: rust-agent (cargo), go: go-agent (go) · waiting on rust, go');
  t.equal(setupText({ phase: 'runtimes', runtimes: { total: 1, ready: 1, waiting: [], building: [] } }, '1s'), 'preparing 1 runtime: 1 ready · 1s');
  t.equal(setupText(runtimes(0, ['x\u001b[2J'], []), '0s'), 'preparing 3 runtimes: 0 ready · 0s · waiting on x\\u001b[2J', 'a selector cannot send escapes');
});

t.test('on a terminal: each setup step redraws the live line, which the run\'s first line replaces', async (t) => {
  const out = sink();
  const reporter = progressReporter(out.stream, { color: false, live: true });
  const frames = SETUP.map((s) => {
    reporter.preparing?.(s);
    return replay(out.text()).lines.at(-1);
  });
  t.same(frames, [
    'loading cases and expectations · 0s',
    'probing this machine (namespaces, capture) · 0s',
    'preparing 3 runtimes: 0 ready · 0s · waiting on c, rust, go',
    'preparing 3 runtimes: 0 ready · 0s · building rust: rust-agent (cargo) · waiting on c, rust, go',
    'preparing 3 runtimes: 1 ready · 0s · building rust: rust-agent (cargo), go: go-agent (go) · waiting on rust, go',
    'preparing 3 runtimes: 3 ready · 0s',
  ]);
  reporter.start({ total: 0, platform: platform() });
  reporter.end(runReport([]));
  const screen = replay(out.text());
  t.match(screen.lines[0], /^sockspec: 0 case runs on /, 'the setup line gave way to the run');
  t.notOk(screen.lines.some((l) => /preparing|loading|probing/.test(l)), 'and left nothing behind');
});

t.test('setup stopped (a usage error): the live line is taken away, the screen left empty', async (t) => {
  const out = sink();
  const reporter = progressReporter(out.stream, { color: false, live: true });
  reporter.preparing?.({ phase: 'loading' });
  t.match(out.text(), /loading cases/, 'it was drawn');
  reporter.preparing?.({ phase: 'stopped' });
  t.same(replay(out.text()).lines, [''], 'nothing on screen');
});

t.test('off a terminal: each build said once, as it starts; nothing else before the run', async (t) => {
  const out = sink();
  const reporter = progressReporter(out.stream, { color: false, live: false });
  for (const s of SETUP) reporter.preparing?.(s);
  t.equal(out.text(), 'building rust: rust-agent (cargo)…\nbuilding go: go-agent (go)…\n');
});

t.test('tap: setup writes nothing, so stdout stays TAP from its first byte', async (t) => {
  const out = sink();
  const reporter = tapReporter(out.stream, { color: false });
  for (const s of SETUP) reporter.preparing?.(s);
  t.equal(out.text(), '');
  reporter.start({ total: 0, platform: platform() });
  t.match(out.text(), /^TAP version 1[34]\n/);
});
