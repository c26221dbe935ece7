// A case file run directly, like a Deno test file: that case alone, TAP on stdout, its exit code.
// Runs beside another file: close/unread-data-sends-rst on C (RST on a close with unread data) held 60 of 60 with two busy loops (commit 001772f); the rest are usage errors.
import path from 'node:path';
import t from 'tap';
import { execa } from 'execa';
import { ROOT, runCli } from '../helpers/run-cli.ts';
import { parseTap } from '../helpers/parse-tap.ts';

const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');

t.test('npx tsx suites/close/unread-data-sends-rst.ts --runtime c', async (t) => {
  const r = await execa(tsx, [path.join(ROOT, 'suites', 'close', 'unread-data-sends-rst.ts'), '--runtime', 'c'], { cwd: ROOT, reject: false, timeout: 60_000 });
  t.equal(r.exitCode, 0, `exit 0 (stderr: ${String(r.stderr).slice(0, 300)})`);
  const tap = await parseTap(`${String(r.stdout)}\n`);
  t.same(tap.tapErrors, [], 'stdout is strict TAP, the closing summary line included');
  t.same(tap.points.map((p) => [p.name, p.ok]).sort(), [['close/unread-data-sends-rst [c, ipv4]', true], ['close/unread-data-sends-rst [c, ipv6]', true]], 'a point per family (both by default, streamed as they finish): that case on that runtime');
  t.match(String(r.stdout), /^# 2 passed, 0 failed, 0 skipped$/m, 'and the summary line, a TAP comment');
});

t.test('a bad option is a usage error with exit 2', async (t) => {
  const r = await execa(tsx, [path.join(ROOT, 'suites', 'close', 'unread-data-sends-rst.ts'), '--runtime', 'nope'], { cwd: ROOT, reject: false, timeout: 60_000 });
  t.equal(r.exitCode, 2);
  t.match(String(r.stderr), /Unknown runtime `nope`; known runtimes: .*\bc\b/);
});

t.test('a case file run alone is evaluated once: its declaration is handed to the CLI, not imported again', async (t) => {
  const file = path.join(ROOT, 'test', 'fixtures', 'standalone', 'suites', 'standalone', 'evaluated-once.ts');
  const r = await execa(tsx, [file, '--runtime', 'c', '--family', 'ipv4'], { cwd: ROOT, reject: false, timeout: 60_000 });
  t.equal(r.exitCode, 0, `exit 0 (stderr: ${String(r.stderr).slice(0, 300)})`);
  t.equal(String(r.stderr).match(/^evaluated: /gm)?.length, 1, 'one evaluation');
  t.match(String(r.stdout), /^ok 1 - standalone\/evaluated-once \[c, ipv4\]$/m);
});

t.test('npx sockspec suites/close/unread-data-sends-rst.ts: a path is a filter like an id', async (t) => {
  const out = t.testdir();
  const r = await runCli([path.join('suites', 'close', 'unread-data-sends-rst.ts'), '--runtime', 'c', '--reporter', 'tap'], out);
  t.equal(r.exitCode, 0, `exit 0 (stderr: ${r.stderr.slice(0, 300)})`);
  t.same(r.report?.results.map((x) => x.name), ['close/unread-data-sends-rst [c, ipv4]'], 'that case alone, with its report files');
});
