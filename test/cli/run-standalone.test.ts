// A case file run directly, like a Deno test file: that case alone, TAP on stdout, its exit code.
import path from 'node:path';
import t from 'tap';
import { execa } from 'execa';
import { ROOT } from '../helpers/run-cli.ts';
import { parseTap } from '../helpers/parse-tap.ts';

const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');

t.test('npx tsx suites/close/unread-data-sends-rst.ts --runtime c', async (t) => {
  const r = await execa(tsx, [path.join(ROOT, 'suites', 'close', 'unread-data-sends-rst.ts'), '--runtime', 'c'], { cwd: ROOT, reject: false, timeout: 60_000 });
  t.equal(r.exitCode, 0, `exit 0 (stderr: ${String(r.stderr).slice(0, 300)})`);
  const tapText = String(r.stdout).split('\n').filter((l) => !/^\d+ passed, /.test(l)).join('\n');
  const tap = await parseTap(`${tapText}\n`);
  t.same(tap.tapErrors, [], 'stdout is TAP (apart from the closing summary line)');
  t.same(tap.points.map((p) => [p.name, p.ok]), [['close/unread-data-sends-rst [c]', true]], 'one point: that case on that runtime');
  t.match(String(r.stdout), /^1 passed, 0 failed, 0 skipped$/m, 'and the plain summary line');
});

t.test('a bad option is a usage error with exit 2', async (t) => {
  const r = await execa(tsx, [path.join(ROOT, 'suites', 'close', 'unread-data-sends-rst.ts'), '--runtime', 'nope'], { cwd: ROOT, reject: false, timeout: 60_000 });
  t.equal(r.exitCode, 2);
  t.match(String(r.stderr), /Unknown runtime `nope`; known runtimes: .*\bc\b/);
});
