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
    // A wall clock stepped back between the two reads (this machine's is, several times a second) swaps them.
    const [low, high] = [Math.min(before, after), Math.max(before, after)];
    if (!(w >= low && w < high + 1)) outside.push(`${w} not in [${low}, ${high + 1})`);
    await new Promise((resolve) => setImmediate(resolve));
  }
  t.same(outside.slice(0, 5), [], `every one of ${reads} reads between Date.now() before it and 1 ms past Date.now() after it`);
});

t.test('a wall clock that runs 5 ms a second ahead of the monotonic one (as measured here) is followed, to within 1 ms', async (t) => {
  let mono = 1000.25;
  const truth = (): number => 1_800_000_000_000 + mono * 1.005;
  const wall = (): number => Math.floor(truth());
  // The worst distance from the true wall clock over 2000 reads, 1.37 ms apart (2.7 s).
  const worstOf = (clock: () => number): number => {
    mono = 1000.25;
    let worst = 0;
    for (let i = 0; i < 2000; i++) {
      mono += 1.37;
      worst = Math.max(worst, Math.abs(clock() - truth()));
    }
    return worst;
  };
  const worst = worstOf(makeWallClock(() => mono, wall));
  t.ok(worst <= 1, `within 1 ms throughout 2.7 s (worst ${worst.toFixed(3)} ms)`);
  // The control: the stamp this replaced, the wall clock read once plus the monotonic clock since, fails the same check.
  mono = 1000.25;
  const origin = wall() - mono;
  const stale = worstOf(() => origin + mono);
  t.ok(stale > 1, `the wall clock read once, then the monotonic clock: ${stale.toFixed(1)} ms off by the end`);
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
