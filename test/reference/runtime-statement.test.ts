import t from 'tap';
import { runtimeStatement, statementList, usedDivergences } from '../../harness/reference/runtime-statement.ts';
import type { CaseResult } from '../../harness/result/case-result.ts';
import { referenceResults, unreadCase } from './fixtures/reference-report.ts';

const kase = unreadCase();
const results = referenceResults();
const find = (runtime: string, variant: string | null = null): CaseResult =>
  results.find((r) => r.id === kase.id && r.runtime === runtime && r.variant === variant)!;

t.test('usedDivergences: those that apply to the run and that its reason names', async (t) => {
  t.same(usedDivergences(kase, find('node'), 'linux'), [kase.divergences[1]]);
  t.same(usedDivergences(kase, find('node'), 'darwin'), [kase.divergences[1]], 'the platform note applies on darwin, but the reason does not name it');
  t.same(usedDivergences(kase, { ...find('c'), runtime: 'c:node', status: 'divergence', reason: 'Node destroys the socket after ECONNRESET' }, 'linux'), [kase.divergences[2]], 'a peer divergence in its pair');
  t.same(usedDivergences(kase, find('c'), 'linux'), []);
});

t.test('pass: as the kernel layer, with the runtime\'s own names for the errors asserted by errno', async (t) => {
  t.same(runtimeStatement(kase, find('c'), 'linux'), { head: 'as the kernel layer', items: [] });
  t.same(runtimeStatement(kase, find('python'), 'linux'), { head: 'as the kernel layer (ECONNRESET as ConnectionResetError)', items: [] });
});

t.test('divergence: what it does instead, why, and where that comes from', async (t) => {
  t.same(runtimeStatement(kase, find('node'), 'linux'), {
    head: 'differs from the kernel layer, as documented',
    items: [
      'step 6, *client reads the reset*: EOF (the kernel layer: ECONNRESET)',
      'on the wire instead: the server sends a FIN',
      'why: Node reads eagerly, so its close sends FIN',
      'source: nodejs/node lib/net.js; measured here',
    ],
  });
  t.same(runtimeStatement(kase, { ...find('node'), reason: 'a reason no divergence has', source: 'somewhere' }, 'linux').items,
    ['why: a reason no divergence has', 'source: somewhere'], 'a reason the declarations lack is still told');
});

t.test('skip, unexpected pass, fail, harness trouble', async (t) => {
  t.same(runtimeStatement(kase, find('deno'), 'linux'), { head: 'skipped: deno cannot close: no reason at all', items: [] });
  const unexpected = runtimeStatement(kase, { ...find('node'), status: 'unexpected-pass', reason: 'documented divergence did not happen (the kernel-layer behaviour was observed): Node reads eagerly, so its close sends FIN' }, 'linux');
  t.match(unexpected.head, /^\*\*unexpected pass\*\*/);
  t.same(unexpected.items, ['why: Node reads eagerly, so its close sends FIN', 'source: nodejs/node lib/net.js; measured here']);
  const failed = runtimeStatement(kase, {
    ...find('c'), status: 'fail', failures: [
      { at: 'step 6 (client reads the reset)', wanted: 'ECONNRESET', found: 'EOF' },
      { at: 'wire', wanted: 'the server sends a RST', found: '+3.1ms server > client [FIN] seq 123' },
    ],
  }, 'linux');
  t.same(failed, { head: '**fails**', items: ['at step 6 (client reads the reset): wanted ECONNRESET, found EOF', 'at wire: wanted the server sends a RST'] }, 'a wire failure\'s segments vary run to run: left out');
  t.same(runtimeStatement(kase, { ...find('c'), status: 'crash', reason: 'pid 4242 died' }, 'linux'), { head: '**crash** (harness trouble: no statement about TCP)', items: [] });
});

t.test('statementList: runs that showed the same thing share one item, in order', async (t) => {
  const pass = { head: 'as the kernel layer', items: [] };
  const div = { head: 'differs', items: ['why: x'] };
  t.same(statementList([
    { label: '**c**', statement: pass }, { label: '**node**', statement: div }, { label: '**bun**', statement: pass }, { label: '**bun**', statement: pass },
  ]), ['- **c**, **bun**: as the kernel layer', '- **node**: differs', '  - why: x']);
});

t.test('statementList on several platforms: each run with the platforms it showed the statement on', async (t) => {
  const pass = { head: 'as the kernel layer', items: [] };
  const div = { head: 'differs', items: [] };
  t.same(statementList([
    { label: '**c**', platform: 'Linux', statement: pass }, { label: '**node**', platform: 'Linux', statement: pass },
    { label: '**bun**', platform: 'Linux', statement: pass }, { label: '**c**', platform: 'macOS', statement: pass },
    { label: '**node**', platform: 'macOS', statement: pass }, { label: '**bun**', platform: 'macOS', statement: div },
  ]), ['- **c**, **node** on Linux and macOS; **bun** on Linux: as the kernel layer', '- **bun** on macOS: differs']);
});
