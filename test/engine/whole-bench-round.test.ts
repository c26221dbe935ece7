// The bench's whole-run round (issue 15 item 4): its runs in the order asked, a line as each ends, the floor's
// parts; and a round past its bound stops and says where it was instead of running on. Real C agents, one case
// (here, under test/engine, because tap runs that folder's files one at a time).
import path from 'node:path';
import t from 'tap';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';
import { discoverRuntimes } from '../../harness/adapters/discover-runtimes.ts';
import { loadCatalogue } from '../../harness/engine/load-catalogue.ts';
import { measureWholeRound, type WholeOptions } from '../../harness/bench/measure-whole.ts';
import { ROOT } from '../helpers/run-cli.ts';

const skip = process.platform !== 'linux' || process.getuid?.() !== 0 ? 'network namespaces need root on Linux' : false;

const options = async (over: Partial<WholeOptions>): Promise<WholeOptions & { lines: string[] }> => {
  const { adapters, folders } = await discoverRuntimes([path.join(ROOT, 'runtimes')]);
  const loaded = await loadCatalogue([path.join(ROOT, 'suites')], adapters, folders, ROOT);
  const lines: string[] = [];
  return {
    cases: loaded.cases.filter((c) => c.id === 'connect/refused-closed-port'), adapters, runtimes: ['c'], cacheDir: defaultCacheDir(),
    jobs: 2, held: false, fastFirst: false, boundMs: 600_000, log: (line) => lines.push(line), lines, ...over,
  };
};

t.test('a round: the fast run first when asked, then the full run, then the longest runs alone, a line as each ends', { skip }, async (t) => {
  const o = await options({ fastFirst: true });
  const round = await measureWholeRound(o);
  if ('unfinished' in round) throw new Error(round.unfinished);
  t.match(o.lines[0], /^ {4}fast run: /, 'the fast run first');
  t.match(o.lines[1], /^ {4}full run: /, 'then the full run');
  t.same(o.lines.slice(2).map((l) => /\] alone: /.test(l)), [true, true], 'then each of its runs alone (two: one per family)');
  t.equal(round.full.results.length, 2, 'the full run: the case over both families');
  t.same(round.full.results.map((r) => r.status), ['pass', 'pass']);
  t.equal(round.held, null, 'no run as before #15 unless asked for');
  t.ok(round.full.results.some((r) => r.name === round.longest.name), 'the longest run timed alone is one of the full run');
  t.equal(round.full.lastSlowMs, null, 'no slow case ran');
  t.not(round.full.lastOtherMs, null, 'the other runs\' end is recorded');
});

t.test('a round past its bound stops its run and says where it was', { skip }, async (t) => {
  const o = await options({ boundMs: 0 });
  const round = await measureWholeRound(o);
  if (!('unfinished' in round)) throw new Error('the round finished past a bound of 0 ms');
  t.match(round.unfinished, /bound \(0\.0 s\).*during its full run \(stopped: 0 runs done\)/);
  t.equal(round.stuck, false, 'the stopped run ended');
  t.same(o.lines, [], 'no run reported as measured');
});
