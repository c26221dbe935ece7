// `merge --expect`: naming each input's cell, and finding every missing and every unexpected one.
import path from 'node:path';
import t from 'tap';
import { cellName, checkCells, parseExpected } from '../../harness/merge/expect-cells.ts';

const CELLS = ['sockspec-ubuntu-latest-c', 'sockspec-macos-latest-c', 'sockspec-windows-latest-node'];
const input = (cell: string, readable = true): { file: string; readable: boolean } => ({ file: path.join('artifacts', cell, 'results.json'), readable });

t.test('a cell is named by the folder of its results.json, or by a file of another name', async (t) => {
  t.equal(cellName('artifacts/sockspec-ubuntu-latest-c/results.json'), 'sockspec-ubuntu-latest-c');
  t.equal(cellName(path.join('a', 'b', 'linux-run.json')), 'linux-run');
  t.equal(cellName('results.json'), path.basename(process.cwd()), 'a results.json here: this folder');
});

t.test('the list: commas and white space separate, repeats and empties drop', async (t) => {
  t.same(parseExpected(['a,b', ' c\nd ,, a']), ['a', 'b', 'c', 'd']);
  t.same(parseExpected([' , ']), []);
});

t.test('every expected cell present: nothing to say', async (t) => {
  t.same(checkCells({ expected: CELLS, inputs: CELLS.map((c) => input(c)) }), { missing: [], unexpected: [] });
});

t.test('a cell that uploaded nothing is named, each of them, with what was wanted', async (t) => {
  const { missing, unexpected } = checkCells({ expected: CELLS, inputs: [input(CELLS[0]!)] });
  t.same(missing.map((m) => m.file), [CELLS[1], CELLS[2]]);
  t.match(missing[0]!.message, /^sockspec-macos-latest-c: Expected this cell's reports \(a report folder or results.json named sockspec-macos-latest-c among the inputs\), got no input of that name/);
  t.same(unexpected, []);
});

t.test('an unreadable cell is not also missing: its load error already names it', async (t) => {
  t.same(checkCells({ expected: CELLS, inputs: CELLS.map((c, i) => input(c, i !== 1)) }), { missing: [], unexpected: [] });
});

t.test('an input no cell expects is named (it is merged all the same); a likely typo gets its closest choice', async (t) => {
  const { missing, unexpected } = checkCells({ expected: ['sockspec-ubuntu-latest-pyton'], inputs: [input('sockspec-ubuntu-latest-python')] });
  t.match(missing[0]!.message, /Did you mean `sockspec-ubuntu-latest-python`\?$/);
  t.equal(unexpected[0]!.file, path.join('artifacts', 'sockspec-ubuntu-latest-python', 'results.json'));
  t.match(unexpected[0]!.message, /merged, but its cell sockspec-ubuntu-latest-python is not one --expect lists \(sockspec-ubuntu-latest-pyton\).*Did you mean `sockspec-ubuntu-latest-pyton`\?$/);
  t.same(checkCells({ expected: ['x'], inputs: [input('y', false)] }).unexpected, [], 'an unreadable input is only that');
});
