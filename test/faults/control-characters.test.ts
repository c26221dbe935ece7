// An agent whose replies and stderr hold control characters, escape sequences, lone surrogates,
// bytes that are not UTF-8 and markup (test/fixtures/fault-runtimes/nasty-text.mjs), through the real
// CLI: results.json keeps them exactly; TAP, JUnit, HTML and the terminal carry none of them raw.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { execa } from 'execa';
import type { RunReport } from '../../harness/result/case-result.ts';
import { ROOT } from '../helpers/run-cli.ts';
import { parseTap } from '../helpers/parse-tap.ts';
import { validateJunit } from '../helpers/validate-junit.ts';

const FIXTURES = path.join(ROOT, 'test', 'fixtures');
const { NASTY } = (await import(pathToFileURL(path.join(FIXTURES, 'fault-runtimes', 'nasty-text.mjs')).href)) as { NASTY: string };

/** C0 controls but tab and line feed, DEL and C1 controls: what no text report or terminal line may hold raw. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;
/** The same for HTML, which may keep a carriage return: its parser reads it as a line break. */
const RAW_IN_HTML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
/** What XML 1.0 cannot carry at all, not even as a character reference. */
const NOT_XML = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
/** The colours the progress reporter paints with: the only escape sequences it may write. */
const SGR = /\u001b\[[\d;]*m/g;

const cli = (out: string, args: string[], env: Record<string, string>) =>
  execa(process.execPath, [
    path.join(ROOT, 'bin', 'sockspec.js'), '--family', 'ipv4', '--suites', path.join(FIXTURES, 'fault-suites', 'suites'),
    '--agents-dir', path.join(FIXTURES, 'fault-runtimes'), '--step-timeout', '300', '--runtime', 'control-chars,late-garbage', '--out', out, ...args,
  ], { cwd: ROOT, reject: false, timeout: 60_000, env });

// The same two faults, once as a CI log (TAP and annotations), once as a person sees it (colour on).
const tapOut = t.testdir();
const colourOut = path.join(tapOut, 'colour');
const [ci, person] = await Promise.all([
  cli(tapOut, ['--reporter', 'tap'], { NO_COLOR: '1', GITHUB_ACTIONS: 'true' }),
  cli(colourOut, ['--reporter', 'progress', '--color'], {}),
]);
const read = (f: string): string => readFileSync(path.join(tapOut, f), 'utf8');
const report = JSON.parse(read('results.json')) as RunReport;
const nasty = report.results.find((r) => r.runtime === 'control-chars');
const garbage = report.results.find((r) => r.runtime === 'late-garbage');

t.test('both runs end with the faults reported', async (t) => {
  for (const r of [ci, person]) t.equal(r.exitCode, 1, `exit 1 (stderr: ${String(r.stderr).slice(0, 200)})`);
  t.equal(nasty?.status, 'fail', 'a reply with odd text is still a reply: the case fails on it');
  t.equal(garbage?.status, 'error', 'a line that is not JSON is a protocol error');
});

t.test('results.json keeps what the agent said, exactly', async (t) => {
  const step = nasty?.steps[4];
  t.equal(step?.error?.errno, `E${NASTY}`, 'errno, lone surrogates and all');
  t.equal(step?.error?.message, `message ${NASTY}`);
  t.match(nasty?.agents[0]?.stderrTail, `control-chars agent stderr: nul\u0000 bel\u0007 esc\u001b[31m`, 'the stderr tail too');
  t.match(nasty?.agents[0]?.stderrTail, '\ufffd', 'bytes that are not UTF-8 become U+FFFD');
});

t.test('results.tap and the TAP on stdout: strict TAP, nothing raw, the diagnostic reads back exactly', async (t) => {
  for (const [name, text] of [['results.tap', read('results.tap')], ['stdout', String(ci.stdout)]] as const) {
    t.notMatch(text, RAW, `${name} holds no raw control character`);
    const tap = await parseTap(text);
    t.same(tap.tapErrors, [], `${name} parses in strict mode`);
    t.equal(tap.final.count, 2, `${name} has both points`);
    const point = tap.points.find((p) => p.name === 'faults/late-fault [control-chars, ipv4]');
    t.equal(point?.diag?.found, nasty?.failures[0]?.found, `${name}: the YAML gives back the very text found`);
  }
});

t.test('junit.xml: valid XML 1.0 against the schema, the text shown escaped', async (t) => {
  const xml = read('junit.xml');
  t.notMatch(xml, NOT_XML, 'no character XML 1.0 forbids');
  t.equal(validateJunit(xml), null, 'valid against junit-10.xsd');
  t.match(xml, 'found Enul\\u0000 bel\\u0007 esc\\u001b[31mred', 'the failure message shows the controls as text');
  t.match(xml, '&lt;/script&gt;&lt;script&gt;alert(1)', 'markup is escaped');
});

t.test('index.html: markup from an agent stays text, controls are shown, the page keeps its one script', async (t) => {
  const html = read('index.html');
  t.notMatch(html, RAW_IN_HTML, 'no raw control character');
  t.equal(html.match(/<script\b/g)?.length, 1, 'one <script>: the page\'s own');
  t.equal(html.match(/<\/script>/g)?.length, 1, 'and one </script>');
  t.notMatch(html, '<!--', 'no comment opened by agent text');
  t.match(html, '&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;', 'the agent\'s markup is escaped text');
  t.match(html, 'esc\\u001b[31mred', 'escape sequences are visible text');
});

t.test('the terminal: no escape sequence but the reporter\'s own colours, no raw controls', async (t) => {
  const painted = String(person.stdout);
  t.match(painted, new RegExp(SGR.source), 'colour is on');
  t.notMatch(painted.replace(SGR, ''), RAW, 'progress output: nothing raw once its own colours are taken out');
  t.match(painted, 'esc\\u001b[31mred', 'the agent\'s escapes are shown as text');
  t.notMatch(String(ci.stdout), '\u001b', 'no escape at all without colour');
});

t.test('GitHub annotations on stderr: one line each, nothing raw', async (t) => {
  const lines = String(ci.stderr).split('\n').filter(Boolean);
  t.equal(lines.filter((l) => l.startsWith('::error file=')).length, 2, 'one annotation per unexpected result');
  t.same(lines.filter((l) => !l.startsWith('::error ')), [], 'and no line of agent text split off');
  t.notMatch(String(ci.stderr), RAW, 'no raw control character');
});
