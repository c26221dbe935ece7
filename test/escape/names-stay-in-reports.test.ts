// Names from case files (the file's path, step labels, socket names) and from a runtime (variant
// and program names) are data: run through the real CLI with --keep-pcaps, none reaches a shell,
// and every file the run writes is under --out. Checked from outside, on the file system.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { execa } from 'execa';
import type { RunReport } from '../../harness/result/case-result.ts';
import { parseTap } from '../helpers/parse-tap.ts';
import { ROOT } from '../helpers/run-cli.ts';
import { validateJunit } from '../helpers/validate-junit.ts';
import { MARK, ODD_FILE, ODD_GROUP, ODD_ID, ODD_LABELS, ODD_PROGRAM, ODD_VARIANT } from '../fixtures/escape/odd-names/names.ts';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'escape');
const skip = process.platform !== 'linux' && 'file names with every shell character need Linux';

/** Every path under `dir`, relative to it. */
const tree = (dir: string): Set<string> => new Set(readdirSync(dir, { recursive: true, encoding: 'utf8' }));

/** Files a shell would have made from the names: anywhere under `deep`, or right in one of `flat`. */
const markers = (deep: string[], flat: string[] = []): string[] => [
  ...deep.flatMap((d) => [...tree(d)].map((p) => path.join(d, p))),
  ...flat.flatMap((d) => readdirSync(d).map((p) => path.join(d, p))),
].filter((p) => path.basename(p).startsWith(MARK));

/** Whether `file` is `dir` or under it. */
const inside = (dir: string, file: string): boolean => {
  const rel = path.relative(dir, file);
  return rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
};

/** Runs the odd case in `box`/a/b: three folders deep, so a name climbing out of reports/pcap with ../../.. still lands in the box. */
const oddRun = async (box: string) => {
  const base = path.join(box, 'a', 'b');
  mkdirSync(path.join(base, 'cwd'), { recursive: true });
  mkdirSync(path.join(base, 'suites', ODD_GROUP), { recursive: true });
  const url = pathToFileURL(path.join(FIXTURES, 'odd-names', 'odd-case.ts')).href;
  writeFileSync(path.join(base, 'suites', ODD_GROUP, `${ODD_FILE}.ts`), `export { default } from ${JSON.stringify(url)};\n`);
  const out = path.join(base, 'reports');
  const before = tree(box);
  // A relative `touch` run by a shell lands in the CLI's working directory: inside the box.
  const r = await execa(process.execPath, [
    path.join(ROOT, 'bin', 'sockspec.js'), '--family', 'ipv4', '--suites', path.join(base, 'suites'), '--agents-dir', path.join(FIXTURES, 'runtimes'),
    '--runtime', 'odd', '--keep-pcaps', '--reporter', 'tap', '--out', out,
  ], { cwd: path.join(base, 'cwd'), reject: false, env: { NO_COLOR: '1' }, timeout: 60_000 });
  const created = [...tree(box)].filter((p) => !before.has(p)).map((p) => path.join(box, p));
  const report = existsSync(path.join(out, 'results.json')) ? (JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as RunReport) : null;
  return { r, out, created, report };
};

t.test('odd names run as data, and every file written is under --out', { skip }, async (t) => {
  const box = t.testdir();
  const { r, out, created, report } = await oddRun(box);
  t.equal(r.exitCode, 0, `the run passes (stderr: ${String(r.stderr).slice(0, 400)}; stdout: ${String(r.stdout).slice(-400)})`);
  const results = report?.results ?? [];
  t.same(results.map((x) => x.id), [ODD_ID, ODD_ID, ODD_ID], 'the case ran under its odd id, with the runtime\'s odd names:');
  t.same(results.map((x) => x.variant).sort(), [null, ODD_PROGRAM, ODD_VARIANT].sort(), 'idiomatic, the variant and the program variant');
  t.same(results.map((x) => x.status), ['pass', 'pass', 'pass'], 'each passes: the odd socket names and bytes reached the agents intact');

  t.same(created.filter((f) => !inside(out, f)), [], 'the run created nothing outside --out');
  // The box holds the CLI's working directory; a shell started elsewhere would work in the project or a temp folder.
  t.same(markers([box], [ROOT, os.tmpdir(), '/tmp']), [], 'no marker file anywhere: no name ran in a shell or climbed out as a path');

  const captured = report?.platform.capture === 'available';
  const kept = results.map((x) => x.capture.pcap ?? '');
  if (!captured) t.comment(`no pcap to check: ${report?.platform.captureReason ?? ''}`);
  else {
    for (const rel of kept) t.match(rel, /^pcap\/[A-Za-z0-9_][A-Za-z0-9._-]*\.pcap$/, `kept as one safe file name: ${rel}`);
    t.equal(new Set(kept).size, 3, 'one file per result');
    t.same(readdirSync(path.join(out, 'pcap')).sort(), kept.map((k) => path.basename(k)).sort(), 'and nothing else in pcap/');
  }

  const tap = await parseTap(readFileSync(path.join(out, 'results.tap'), 'utf8'));
  t.same(tap.tapErrors, [], 'results.tap parses in strict mode, the newline in the id included');
  t.equal(validateJunit(readFileSync(path.join(out, 'junit.xml'), 'utf8')), null, 'junit.xml is valid');
});

t.test('negative controls: the checks above see a name that climbs or runs', { skip }, async (t) => {
  const box = t.testdir({ reports: { pcap: {} }, cwd: {} });
  const out = path.join(box, 'reports');
  // A pcap named by a raw name, as keep-pcap.ts would without its filter.
  const naive = [ODD_VARIANT, ODD_PROGRAM, ODD_LABELS[0]].map((v) => path.join(out, 'pcap', `${v}.pcap`));
  t.same(naive.filter((f) => inside(out, f)), [], `each lands outside --out: ${naive.map((f) => path.relative(box, f)).join(', ')}`);
  // A name given to a shell: its marker is found.
  await execa('sh', ['-c', `echo ${ODD_VARIANT}`], { cwd: path.join(box, 'cwd') });
  t.same(markers([box]).map((f) => path.relative(box, f)), [path.join('cwd', `${MARK}-variant2`)], 'the marker of the shell run is found');
});
