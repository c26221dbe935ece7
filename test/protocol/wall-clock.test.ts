// wall-clock.ts: the wall clock at the monotonic clock's resolution, following the wall clock when it is slewed or stepped.
import t from 'tap';
import { makeWallClock, wallClockMs } from '../../harness/protocol/wall-clock.ts';

t.test('the real clocks: never more than 1 ms from Date.now(), and never behind it', async (t) => {
  const outside: string[] = [];
  let reads = 0;
  const deadline = performance.now() + 200;
  while (performance.now() < deadline) {
    const before = Date.now();
    const w = wallClockMs();
    const after = Date.now();
    reads++;
    if (!(w >= before && w < after + 1)) outside.push(`${w} not in [${before}, ${after + 1})`);
    await new Promise((resolve) => setImmediate(resolve));
  }
  t.same(outside.slice(0, 5), [], `every one of ${reads} reads between Date.now() before it and 1 ms past Date.now() after it`);
});

t.test('a wall clock that runs 5 ms a second ahead of the monotonic one (as measured here) is followed, to within 1 ms', async (t) => {
  let mono = 1000.25;
  const wall = (): number => Math.floor(1_800_000_000_000 + mono * 1.005);
  const clock = makeWallClock(() => mono, wall);
  for (let i = 0; i < 2000; i++) {
    mono += 1.37;
    const truth = 1_800_000_000_000 + mono * 1.005;
    const w = clock();
    if (Math.abs(w - truth) > 1) return t.fail(`at ${mono.toFixed(2)} ms: ${w} against ${truth}`);
  }
  // The stale origin this replaces, read once at the start, is 13.7 ms behind by the end.
  t.ok(Math.abs(1_800_000_000_000 + 1000.25 * 1.005 + (mono - 1000.25) - (1_800_000_000_000 + mono * 1.005)) > 10, 'the old way would be >10 ms off');
  t.pass('within 1 ms throughout 2.7 s');
});

t.test('a step back of the wall clock is followed at once', async (t) => {
  let mono = 0;
  let shift = 0;
  const clock = makeWallClock(() => mono, () => Math.floor(1_800_000_000_000 + mono + shift));
  mono = 10.5;
  const first = clock();
  t.ok(first > 1_800_000_000_010.5 - 1 && first <= 1_800_000_000_010.5, `${first}: at most 1 ms behind the wall clock's ${1_800_000_000_010.5}`);
  shift = -50;
  mono = 20.5;
  const w = clock();
  t.ok(w >= 1_800_000_000_000 + 20.5 - 50 - 1 && w <= 1_800_000_000_000 + 20.5 - 50 + 1, `${w}: 50 ms back`);
});
