// Runtime folders in order: a later folder's runtime of a name already found stands in for it; JavaScript adapters too.
import path from 'node:path';
import t from 'tap';
import { discoverRuntimes } from '../../harness/adapters/discover-runtimes.ts';

/** An adapter module for runtime `name` whose description is `description`. */
const adapter = (name: string, description: string): string =>
  `export default { name: '${name}', description: '${description}', prepare: async () => ({ available: false, reason: 'a fixture' }) };\n`;

t.test('a later folder\'s runtime of the same name stands in for the earlier one, its folder taking the earlier\'s place', async (t) => {
  const dir = t.testdir({
    builtin: { x: { 'adapter.ts': adapter('x', 'the first') }, y: { 'adapter.ts': adapter('y', 'only here') } },
    mine: { x: { 'adapter.mjs': adapter('x', 'mine') }, z: { 'adapter.js': adapter('z', 'a new one') } },
  });
  const found = await discoverRuntimes([path.join(dir, 'builtin'), path.join(dir, 'mine')]);
  t.same(found.adapters.map((a) => [a.name, a.description]), [
    ['x', `mine (a stand-in from ${path.join(dir, 'mine', 'x')})`], ['y', 'only here'], ['z', 'a new one'],
  ], 'in its place, its description saying where it is from; .mjs and .js adapters load');
  t.same(found.standIns, [{ name: 'x', folder: path.join(dir, 'mine', 'x'), replaced: path.join(dir, 'builtin', 'x') }]);
  t.equal(found.folders.get('x'), path.join(dir, 'mine', 'x'), 'its expectations.ts is read from its own folder');
  t.equal(typeof found.adapters[0]!.prepare, 'function', 'the stand-in keeps its methods');

  const alone = await discoverRuntimes([path.join(dir, 'builtin')]);
  t.same([alone.adapters[0]!.description, alone.standIns], ['the first', []], 'the negative control: without the later folder, the first');
});

t.test('a broken stand-in leaves the earlier runtime in place, and is reported', async (t) => {
  const dir = t.testdir({
    builtin: { x: { 'adapter.ts': adapter('x', 'the first') } },
    mine: { x: { 'adapter.ts': adapter('not-x', 'misnamed') } },
  });
  const found = await discoverRuntimes([path.join(dir, 'builtin'), path.join(dir, 'mine')]);
  t.same(found.adapters.map((a) => a.description), ['the first']);
  t.match(found.broken, [{ name: 'x', reason: /adapter\.ts: expected a default-exported RuntimeAdapter named "x"/ }]);
});
