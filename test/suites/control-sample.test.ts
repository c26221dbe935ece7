// The negative controls' batches and sample (control-sample.ts): every wrong-peer case in exactly one batch,
// a seed that names its source and replays, and a rotation that meets every runtime.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { loadCases } from '../../harness/case/load-cases.ts';
import { ROOT } from '../helpers/run-cli.ts';
import { controlScope, pairArgs, sidesFor, wrongPeerBatches, type ControlScope } from './control-sample.ts';

const { cases } = await loadCases([path.join(ROOT, 'suites')], ROOT);
const SIDES = ['go', 'rust', 'java', 'python'];

t.test('every wrong-peer case is in exactly one batch, with its own mode and role', async (t) => {
  const batches = wrongPeerBatches(cases);
  const batched = batches.flatMap((b) => b.cases.map((c) => c.id));
  t.same([...batched].sort(), cases.filter((c) => c.wrongPeer !== undefined).map((c) => c.id).sort());
  t.equal(new Set(batched).size, batched.length, 'none twice');
  for (const b of batches) t.ok(b.cases.every((c) => c.wrongPeer!.mode === b.mode && c.wrongPeer!.role === b.role), b.key);
  t.same(batches.map((b) => b.key), [...batches.map((b) => b.key)].sort((a, b) => a.localeCompare(b)), 'in a stable order');
});

t.test('the bent side is the one the pair names', async (t) => {
  t.same(pairArgs('server', ['c', 'go']), ['--pair', 'wrong-peer:c', '--pair', 'wrong-peer:go']);
  t.same(pairArgs('client', ['c']), ['--pair', 'c:wrong-peer']);
});

t.test('the scope: all, a seed given, the commit, or the day without git', async (t) => {
  t.same(controlScope({ SOCKSPEC_CONTROLS: 'all' }, ROOT), { all: true, label: 'every runtime' });
  t.match(controlScope({ SOCKSPEC_CONTROLS: '17' }, ROOT), { all: false, seed: 17, from: 'SOCKSPEC_CONTROLS' });
  const commit = controlScope({}, ROOT);
  t.match(commit, { all: false, from: /^commit [0-9a-f]{12}$/ }, 'in a git checkout, the commit');
  t.same(controlScope({}, ROOT), commit, 'the same commit, the same seed');
  const outside = mkdtempSync(path.join(os.tmpdir(), 'sockspec-no-git-'));
  t.teardown(() => rmSync(outside, { recursive: true, force: true }));
  const day = controlScope({}, outside, new Date('2026-12-06T11:00:00Z'));
  t.match(day, { all: false, seed: 20793, from: 'UTC day 2026-12-06' }, 'outside git, the UTC day');
});

t.test('the rotation: one runtime per batch, every runtime on every batch over as many seeds', async (t) => {
  const at = (seed: number): ControlScope => ({ all: false, seed, from: 'test', label: `seed ${seed}` });
  for (let index = 0; index < 16; index++) {
    const met = [0, 1, 2, 3].map((k) => sidesFor(at(1000 + k), index, SIDES));
    t.ok(met.every((s) => s.length === 1), `batch ${index}: one runtime a seed`);
    t.same(met.flat().sort(), [...SIDES].sort(), `batch ${index}: each runtime once over 4 consecutive seeds`);
  }
  const one = [0, 1, 2, 3].flatMap((index) => sidesFor(at(7), index, SIDES));
  t.same(one.sort(), [...SIDES].sort(), 'one seed meets every runtime across 4 batches');
  t.same(sidesFor({ all: true, label: 'every runtime' }, 3, SIDES), SIDES, 'all: every runtime');
});

t.test('the control: a rotation stuck on one runtime is caught', async (t) => {
  const stuck = (scope: ControlScope, _index: number, sides: string[]): string[] => (scope.all ? sides : [sides[0]!]);
  const met = [0, 1, 2, 3].flatMap((k) => stuck({ all: false, seed: k, from: 'test', label: '' }, 0, SIDES));
  t.not(met.sort().join(), [...SIDES].sort().join());
});
