// Two real runs of the same cases give the same reference, byte for byte, though their timing, ports and pids differ.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { execa } from 'execa';
import type { RunReport } from '../../harness/result/case-result.ts';
import { ROOT } from '../helpers/run-cli.ts';

// Fast cases that between them have a divergence (node), runtime error names (python), a harness assertion and wire rules.
const CASES = ['connect/refused-closed-port', 'close/unread-data-sends-rst', 'write/epipe-on-second-write', 'rst/never-acknowledged'];
const bin = path.join(ROOT, 'bin', 'sockspec.js');

const run = async (out: string): Promise<RunReport> => {
  await execa(process.execPath, [bin, ...CASES, '--runtime', 'c,node,python', '--reporter', 'tap', '--out', out], { cwd: ROOT, reject: false, timeout: 120_000 });
  return JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8')) as RunReport;
};

const reference = async (results: string): Promise<string> =>
  String((await execa(process.execPath, [bin, 'doc', '--results', results, '--out', '-'], { cwd: ROOT, stripFinalNewline: false })).stdout);

const outcomes = (r: RunReport): string[] => r.results.map((x) => `${x.id} ${x.runtime} ${x.variant ?? '-'} ${x.status}`).sort();

t.test('two runs, one reference', async (t) => {
  const dir = t.testdir();
  const first = await run(path.join(dir, 'one'));
  const second = await run(path.join(dir, 'two'));
  t.same([...new Set(first.results.map((r) => r.id))].sort(), [...CASES].sort(), 'every case ran');
  t.not(JSON.stringify(first.results), JSON.stringify(second.results), 'the runs differ (times, ports, pids)');
  t.same(outcomes(second), outcomes(first), 'with the same outcomes (else the suite itself flaked)');
  const a = await reference(path.join(dir, 'one', 'results.json'));
  const b = await reference(path.join(dir, 'two', 'results.json'));
  t.ok(a.length > 5000, 'a real reference');
  t.equal(b, a, 'byte-identical');
});
