// The real CLI on a terminal (a pseudo-terminal from util-linux `script`), piped, and under GitHub Actions.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { FIXTURE_RUNTIMES, ROOT, runCli } from '../../helpers/run-cli.ts';
import { parseTap } from '../../helpers/parse-tap.ts';
import { replay } from './screen.ts';

const COLLATERAL = path.join(ROOT, 'test', 'collateral');
const suites = (name: string): string[] => ['--suites', path.join(COLLATERAL, name, 'suites'), '--agents-dir', FIXTURE_RUNTIMES];
/** Outside GitHub Actions and with no colour preference, whatever the machine running the tests has set. */
const NEUTRAL = { GITHUB_ACTIONS: '', NO_COLOR: '', FORCE_COLOR: '' };

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
const script = await execa('script', ['--version'], { reject: false }).catch(() => null);
const hasScript = script !== null && script.exitCode === 0;

/** `sockspec ...args` with its stdout and stderr on a pseudo-terminal; everything it showed, as the terminal got it. */
const inTerminal = async (args: string[], out: string, env: Record<string, string>): Promise<{ exitCode?: number; text: string }> => {
  const command = [process.execPath, path.join(ROOT, 'bin', 'sockspec.js'), ...args, '--out', out].map(quote).join(' ');
  const r = await execa('script', ['-qfec', command, '/dev/null'], { cwd: ROOT, env: { ...NEUTRAL, ...env }, reject: false, timeout: 120_000 });
  return { exitCode: r.exitCode, text: String(r.stdout) };
};

/** Splits the CLI's stdout into the TAP stream (through the plan) and what the CLI prints after it. */
const tapPart = (stdout: string): { tap: string; after: string[] } => {
  const lines = stdout.split('\n');
  const plan = lines.findLastIndex((l) => /^1\.\.\d+$/.test(l));
  return { tap: `${lines.slice(0, plan + 1).join('\n')}\n`, after: lines.slice(plan + 1).filter(Boolean) };
};

t.test('on a terminal: the live progress line, then the summary by case and the closing line; colour by default', { skip: hasScript ? false : 'util-linux `script` not found: no pseudo-terminal' }, async (t) => {
  const run = await inTerminal([...suites('passing'), '--runtime', 'c'], t.testdir(), {});
  t.equal(run.exitCode, 0, run.text);
  // Both families by default: two runs of the one case, which agree, so the summary has one mark.
  t.match(run.text, /\r0\/2 done · 0 failed · \d+s · \d running: collateral\/round-trip \[c, ipv[46]\]/, 'the live line, drawn with a carriage return');
  t.match(run.text, /\r2\/2 done · 0 failed · \d+s/, 'redrawn as the run finishes');
  t.match(run.text, /\rloading cases and expectations · \d+s.*\rpreparing 1 runtime: 0 ready · \d+s · waiting on c.*\rpreparing 1 runtime: 1 ready.*sockspec: 2 case runs/s, 'setup on the live line from the start: loading, then the runtimes counted');
  t.notMatch(run.text, /TAP version/, 'no TAP on a terminal');
  const screen = replay(run.text);
  t.ok(screen.escapes.length > 0, 'colour on a terminal');
  t.same(screen.escapes.filter((e) => !/^\u001b\[[0-9;]*m$/.test(e)), [], 'and nothing but colour');
  t.notOk(screen.lines.some((l) => / done · /.test(l)), 'the live line is gone from the screen at the end');
  const summary = screen.lines.findIndex((l) => l.startsWith('Summary'));
  t.ok(summary > 0, 'a summary');
  t.match(screen.lines[summary + 1], /^ {2}collateral\/round-trip {2}c ✓$/, 'one line per case');
  t.equal(screen.lines.filter((l) => /^\d+ passed, \d+ failed, \d+ skipped$/.test(l)).length, 1, 'the closing line, once');
  const closing = screen.lines.findIndex((l) => /^\d+ passed, \d+ failed, \d+ skipped$/.test(l));
  t.match(screen.lines.slice(closing + 1).filter(Boolean), [/^reports in \/.+\/ \(index\.html, results\.tap, junit\.xml, results\.json\)$/], 'then where the reports are; nothing failed, so no rerun line');
});

t.test('on a terminal with NO_COLOR: the same view without a single escape sequence', { skip: hasScript ? false : 'util-linux `script` not found: no pseudo-terminal' }, async (t) => {
  const run = await inTerminal([...suites('passing'), '--runtime', 'c'], t.testdir(), { NO_COLOR: '1' });
  t.equal(run.exitCode, 0, run.text);
  t.match(run.text, /\r2\/2 done · 0 failed/, 'still the live line');
  t.notMatch(run.text, /\u001b/, 'no escape at all');
  t.match(run.text, /^2 passed, 0 failed, 0 skipped\r?$/m);
});

t.test('piped: TAP, no live line, no carriage return, no escape', async (t) => {
  const run = await runCli([...suites('passing'), '--runtime', 'c'], t.testdir(), NEUTRAL);
  t.equal(run.exitCode, 0, run.stderr);
  t.match(run.stdout, /^TAP version 13\n/);
  t.notMatch(run.stdout, /\r|\u001b| done · /);
  t.notMatch(run.stderr, /::error/, 'no annotation outside GitHub Actions');
});

t.test('GITHUB_ACTIONS=true: an ::error annotation on stderr for each unexpected result; stdout stays strict TAP', async (t) => {
  const crash = await runCli([...suites('crash'), '--runtime', 'crash'], t.testdir(), { ...NEUTRAL, GITHUB_ACTIONS: 'true' });
  t.equal(crash.exitCode, 1);
  const file = 'test/collateral/crash/suites/collateral/agent-dies.ts';
  t.match(crash.stderr, new RegExp(`^::error file=${file.replace(/[/.]/g, '\\$&')},title=sockspec crash%3A collateral/agent-dies \\[crash%2C ipv4\\]::collateral/agent-dies \\[crash, ipv4\\]: crash%0A.*exited with code 3`, 'm'));
  t.ok(existsSync(path.join(ROOT, file)), 'file= names the case file, relative to the repository root');

  const env = { ...NEUTRAL, GITHUB_ACTIONS: 'true', SOCKSPEC_WRONG_PEER: 'close-drains' };
  const fail = await runCli([...suites('wrong-peer'), '--pair', 'wrong-peer:c'], t.testdir(), env);
  if (fail.report?.results[0]?.status !== 'fail') {
    t.comment(`wrong-peer collateral did not fail here (${fail.report?.results[0]?.status ?? 'no report'}: ${fail.report?.results[0]?.reason ?? fail.stderr}); the crash case above stands`);
  } else {
    t.match(fail.stderr, /^::error file=test\/collateral\/wrong-peer\/suites\/collateral\/reset-expected\.ts,title=sockspec fail%3A collateral\/reset-expected \[wrong-peer%3Ac%2C ipv4\]::[^\n]*%0Aat step 6 \(client reads the reset\)%0A {2}wanted: ECONNRESET%0A {2}found: EOF/m,
      'the case, the step, what was wanted and what was found');
  }

  for (const [name, run] of [['crash', crash], ['wrong-peer', fail]] as const) {
    t.notMatch(run.stdout, /^\s*::/m, `${name}: no workflow command on stdout`);
    const { tap, after } = tapPart(run.stdout);
    const parsed = await parseTap(tap);
    t.same(parsed.tapErrors, [], `${name}: the TAP stream on stdout parses in strict mode`);
    t.equal(parsed.final.count, 1, `${name}: one point`);
    t.match(after, [/^# \d+ passed, \d+ failed, \d+ skipped$/, /^# reports in /, /^# rerun the failure: npx sockspec --failed /], `${name}: then only the CLI's closing lines, TAP comments`);
    t.same((await parseTap(run.stdout)).tapErrors, [], `${name}: stdout is strict TAP to its last byte`);
    t.same((await parseTap(run.tap)).tapErrors, [], `${name}: results.tap too`);
  }
});
