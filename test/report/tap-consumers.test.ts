// The TAP a real run writes is read by Debian 12's prove (Test::Harness 3.44) and by tap-parser in strict mode, stdout to its last byte.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { tapDocument } from '../../harness/report/tap-writer.ts';
import { toYaml } from '../../harness/report/yaml.ts';
import { everyStatus, runReport } from '../fixtures/case-results.ts';
import { parseTap } from '../helpers/parse-tap.ts';
import { ROOT } from '../helpers/run-cli.ts';

const version = await execa('prove', ['--version'], { reject: false }).catch(() => null);
const harness = /TAP::Harness v(\d+)\.(\d+)/.exec(String(version?.stdout ?? ''));
const skip = harness === null ? '`prove` not found: install Debian\'s perl package (it ships /usr/bin/prove)' : false;
const release = harness === null ? 0 : Number(harness[1]) * 1000 + Number(harness[2]);
/** Test::Harness reads `TAP version 14` from 3.48 on (its Changes); before that it is a parse error. */
const knowsTap14 = release >= 3048;
/** Its YAMLish reader reads block chomping indicators (`|-`) from 3.50 on (TAP::Parser::YAMLish::Reader). */
const knowsChomping = release >= 3050;

/** prove over one TAP text, as a test file whose output is that text: its exit code and what it printed. */
const prove = async (dir: string, name: string, text: string): Promise<{ exitCode?: number; stdout: string }> => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  const r = await execa('prove', ['-e', 'cat', file], { cwd: dir, reject: false, timeout: 30_000 });
  return { exitCode: r.exitCode, stdout: `${String(r.stdout)}\n${String(r.stderr)}` };
};

/** What prove and strict tap-parser hold against a stream that should read as a passing run: nothing, when both take it. */
const complaints = async (dir: string, name: string, text: string): Promise<string[]> => {
  const found: string[] = [];
  const p = await prove(dir, name, text);
  if (p.exitCode !== 0 || !/^Result: PASS$/m.test(p.stdout)) {
    found.push(`prove exited ${p.exitCode}: ${(p.stdout.match(/Parse errors:.*|Result: \w+/g) ?? []).join('; ')}`);
  }
  const parsed = await parseTap(text);
  for (const e of parsed.tapErrors) found.push(`tap-parser (strict): ${JSON.stringify(e)}`);
  if (!text.endsWith('\n')) found.push('the last line has no line break');
  return found;
};

/** Where prove's YAML reader gave up: its "Parse errors" lines. */
const parseErrors = (stdout: string): string[] => stdout.split('\n').filter((l) => /Parse errors:/.test(l));

t.test('a real run: results.tap and stdout under --reporter tap, read by prove and strict tap-parser', { skip }, async (t) => {
  const dir = t.testdir();
  const out = path.join(dir, 'reports');
  const args = ['--runtime', 'c,node', '--family', 'ipv4', 'close/unread-data-sends-rst', 'connect/refused-closed-port', '--reporter', 'tap', '--out', out];
  // Not stripped: "to its last byte" includes the final line break.
  const run = await execa(process.execPath, [path.join(ROOT, 'bin', 'sockspec.js'), ...args], {
    cwd: ROOT, env: { NO_COLOR: '1', GITHUB_ACTIONS: '' }, reject: false, timeout: 120_000, stripFinalNewline: false,
  });
  t.equal(run.exitCode, 0, `the run passes (stderr: ${String(run.stderr).slice(0, 300)})`);
  const stdout = String(run.stdout);
  const file = readFileSync(path.join(out, 'results.tap'), 'utf8');

  t.match(file, /^TAP version 13\n/, 'TAP version 13: the stream uses nothing TAP 14 added');
  t.match(file, /^ok \d+ - close\/unread-data-sends-rst \[node, ipv4\]\n {2}# divergence: /m, 'a divergence\'s note is a comment, not a YAML block');
  t.same(await complaints(dir, 'results.tap', file), [], 'results.tap: prove says PASS, tap-parser finds nothing to object to');
  t.same(await complaints(dir, 'stdout.tap', stdout), [], 'stdout: the same, the closing lines included');
  t.match(stdout, /\n# 5 passed, 0 failed, 0 skipped\n/, 'the summary is a comment on stdout');

  // Negative controls: the same check fails on what stdout was before, and on a TAP 14 header for this prove.
  const plain = `${stdout}5 passed, 0 failed, 0 skipped\n`;
  t.match((await complaints(dir, 'plain.tap', plain)).join('\n'), /tap-parser \(strict\): .*Non-TAP data/, 'a plain summary line is caught');
  const v14 = file.replace(/^TAP version 13\n/, 'TAP version 14\n');
  if (knowsTap14) t.comment(`prove ${harness?.[1]}.${harness?.[2]} reads TAP 14: that control needs Test::Harness < 3.48`);
  else t.match((await complaints(dir, 'v14.tap', v14)).join('\n'), /prove exited 1: .*version 14/, `prove ${harness?.[1]}.${harness?.[2]} rejects a TAP 14 header`);
});

t.test('a failing run\'s YAML diagnostics: prove reads every block without a parse error', { skip }, async (t) => {
  const dir = t.testdir();
  const doc = tapDocument(runReport(everyStatus()));
  const p = await prove(dir, 'failing.tap', doc);
  t.equal(p.exitCode, 1, 'the run failed, so prove fails it');
  t.match(p.stdout, /Failed tests: {2}2, 5-9/, 'at the not ok points');
  t.same(parseErrors(p.stdout), [], 'and reads the TAP and the YAML without a parse error');
  t.same((await parseTap(doc)).tapErrors, [], 'as does strict tap-parser');

  // What the emitter wrote before (a block scalar with a chomping indicator) is one this prove cannot read.
  const block = (found: string): string => `TAP version 13\nnot ok 1 - x\n  ---\n${found}  ...\n1..1\n`;
  const now = await prove(dir, 'now.tap', block(toYaml({ found: 'FIN\nthen nothing' }, '  ')));
  t.same(parseErrors(now.stdout), [], 'text without a final line break is written so prove reads it');
  const before = await prove(dir, 'before.tap', block('  found: |-\n    FIN\n    then nothing\n'));
  if (knowsChomping) t.comment('this prove reads `|-`: the control needs Test::Harness < 3.50');
  else t.match(parseErrors(before.stdout).join('\n'), /Badly formed hash line: 'FIN'/, 'while `|-` is a parse error to it');

  // Measured evidence is keyed by phrases ("times of server [RST] (ms)"): a key with a space is quoted.
  const evidence = { 'times of server [RST] (ms)': [200, 400] };
  const keyed = await prove(dir, 'keyed.tap', block(toYaml({ evidence }, '  ')));
  t.same(parseErrors(keyed.stdout), [], 'a key with a space is written so prove reads it');
  const bare = await prove(dir, 'bare.tap', block('  evidence:\n    times of server [RST] (ms):\n      - 200\n'));
  t.match(parseErrors(bare.stdout).join('\n'), /Badly formed hash line/, 'while a plain one is a parse error (3.44 and 3.50)');
});

t.test('no YAML block follows an ok point: tap-out (tap-spec 5, tap-summary 4) throws on one', async (t) => {
  const okThenYaml = (text: string): string[] => [...text.matchAll(/^(ok \d+)[^\n]*\n {2}---$/gm)].map((m) => m[1]!);
  t.same(okThenYaml(tapDocument(runReport(everyStatus()))), [], 'every status, every note');
  t.same(okThenYaml('ok 1 - x\n  ---\n  wire: not checked\n  ...\n'), ['ok 1'], 'the check sees one when there is one');
});
