import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { writeReports } from '../../harness/report/write-reports.ts';
import { runReport } from '../fixtures/case-results.ts';

const TAP = 'TAP version 14\n1..0\n';

t.test('writes results.tap, junit.xml, results.json and index.html into a new nested directory', async (t) => {
  const outDir = path.join(t.testdir(), 'reports', 'nested');
  const report = runReport();
  const written = await writeReports(outDir, report, TAP, { hostname: 'h' });
  if (!written.ok) throw new Error(written.reason);
  t.equal(readFileSync(written.paths.tap, 'utf8'), TAP);
  t.match(readFileSync(written.paths.junit, 'utf8'), /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="sockspec"/);
  t.same(JSON.parse(readFileSync(written.paths.json, 'utf8')), JSON.parse(JSON.stringify(report)));
  t.match(readFileSync(written.paths.json, 'utf8'), /^\{\n {2}"sockspec": "0\.1\.0",/, 'pretty JSON');
  t.same(readdirSync(outDir).sort(), ['index.html', 'junit.xml', 'results.json', 'results.tap'], 'no temp files left behind');
});

t.test('rewriting replaces the previous files whole', async (t) => {
  const outDir = t.testdir();
  await writeReports(outDir, runReport(), 'old\n');
  const again = await writeReports(outDir, runReport(), TAP);
  t.equal(again.ok, true);
  t.equal(readFileSync(path.join(outDir, 'results.tap'), 'utf8'), TAP);
});

t.test('an outDir that cannot be created is data naming the path', async (t) => {
  const dir = t.testdir({ 'a-file': 'not a directory' });
  const outDir = path.join(dir, 'a-file', 'reports');
  const written = await writeReports(outDir, runReport(), TAP);
  t.match(written, { ok: false, path: outDir });
  if (!written.ok) t.match(written.reason, outDir);
});

t.test('a file that cannot be replaced is data naming that file, and no temp file is left', async (t) => {
  const outDir = t.testdir({ 'junit.xml': { 'in-the-way': 'a directory where the file should go' } });
  const written = await writeReports(outDir, runReport(), TAP);
  const junit = path.join(outDir, 'junit.xml');
  t.match(written, { ok: false, path: junit });
  if (!written.ok) t.match(written.reason, `cannot write ${junit}`);
  t.same(readdirSync(outDir).filter((f) => f.endsWith('.tmp')), []);
});

t.test('a read-only outDir is data, not an exception', { skip: process.getuid?.() === 0 ? 'root can write to read-only directories' : false }, async (t) => {
  const outDir = t.testdir();
  chmodSync(outDir, 0o555);
  t.teardown(() => chmodSync(outDir, 0o755));
  const written = await writeReports(outDir, runReport(), TAP);
  t.match(written, { ok: false, path: path.join(outDir, 'results.tap') });
});

t.test('an existing file is never seen half-written: the old one stays until the rename', async (t) => {
  const outDir = t.testdir();
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'results.tap'), 'previous\n');
  const pending = writeReports(outDir, runReport(), TAP);
  t.equal(readFileSync(path.join(outDir, 'results.tap'), 'utf8'), 'previous\n', 'before the write settles');
  t.equal((await pending).ok, true);
});
