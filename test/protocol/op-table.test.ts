// PROTOCOL.md's op and setopt tables are exactly what op-spec.ts writes (harness/protocol/op-table.ts),
// and the check fails on a table that says otherwise.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { blockProblems, renderBlock, writeBlocks } from '../../harness/protocol/op-table.ts';

const DOC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../harness/protocol/PROTOCOL.md');
const markdown = await readFile(DOC, 'utf8');

t.test('PROTOCOL.md holds the tables op-spec.ts writes', async (t) => {
  t.strictSame(blockProblems(markdown), [], 'no difference (to fix: rewrite the blocks with writeBlocks from harness/protocol/op-table.ts)', {
    wanted: `${renderBlock('op-table')}\n\n${renderBlock('setopt-table')}`,
  });
  t.equal(writeBlocks(markdown), markdown, 'rewriting the blocks changes nothing');
});

t.test('negative control: a row that disagrees with the spec is found', async (t) => {
  const wrong = markdown.replace('`backlog`?: 0..65535 = 16', '`backlog`?: 0..65535 = 128');
  t.not(wrong, markdown, 'the control really changed the table');
  const problems = blockProblems(wrong);
  t.equal(problems.length, 1, 'one line differs', { found: problems });
  t.match(problems[0] ?? '', /^op-table line 4: wanted .*= 16.*found .*= 128/, 'named with what the spec wants');
});

t.test('negative control: a missing block and an extra row are found', async (t) => {
  t.match(blockProblems(markdown.replace(/<!-- setopt-table:[^\n]*\n/, '')), [/^no block "setopt-table"/]);
  const extra = markdown.replace('<!-- /op-table -->', '| `frobnicate` | | `{}` | nothing |\n<!-- /op-table -->');
  t.ok(blockProblems(extra).length > 0, 'a row the spec does not have', { found: blockProblems(extra) });
});
