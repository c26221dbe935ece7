import t from 'tap';
import { timeAxis } from '../../../harness/report/html/ladder-time-axis.ts';

const options = { top: 100, rowPx: 20, pxPerMs: 4, maxGapPx: 60 };

t.test('events close in time still get a row each; moderate gaps scale; long gaps are cut and marked', async (t) => {
  const axis = timeAxis([0, 0, 1, 10, 25, 1025], options);
  t.same(axis.ys, [100, 120, 140, 176, 236, 296], '0 ms and 1 ms: a row; 9 ms: 36 px; 15 ms: 60 px; 1000 ms: cut to 60 px');
  t.same(axis.breaks, [{ y: 266, ms: 1000 }]);
  t.equal(axis.bottom, 296);
  t.equal(axis.cutAboveMs, 15);
});

t.test('any time maps between its neighbours; before the first and after the last it is clamped', async (t) => {
  const axis = timeAxis([0, 10, 1010], options);
  t.equal(axis.y(5), 120);
  t.equal(axis.y(510), 170);
  t.equal(axis.y(-3), 100);
  t.equal(axis.y(5000), 200);
  t.equal(axis.y(10), 140);
});

t.test('equal times: the later event is one row down, and a time equal to both maps to the last', async (t) => {
  const axis = timeAxis([5, 5, 5], options);
  t.same(axis.ys, [100, 120, 140]);
  t.equal(axis.y(5), 140);
});

t.test('no events: the axis is its top', async (t) => {
  const axis = timeAxis([], options);
  t.same(axis.ys, []);
  t.equal(axis.bottom, 100);
  t.equal(axis.y(1), 100);
});
