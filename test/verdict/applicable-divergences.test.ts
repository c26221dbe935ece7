import t from 'tap';
import type { Divergence } from '../../harness/case/case-types.ts';
import { applicableDivergences, peerLabel, type RunIdentity } from '../../harness/verdict/applicable-divergences.ts';

const d = (fields: Partial<Divergence>): Divergence => ({ verified: true, reason: JSON.stringify(fields), source: 's', ...fields });
const node = d({ runtime: 'node' });
const nodePaused = d({ runtime: 'node', variant: 'pauseOnConnect' });
const nodeAll = d({ runtime: 'node', variant: '*' });
const darwin = d({ platform: 'darwin' });
const cOnLinux = d({ runtime: 'c', platform: 'linux' });
const all = [node, nodePaused, nodeAll, darwin, cOnLinux];

const who = (fields: Partial<RunIdentity>): RunIdentity => ({ server: 'c', client: 'c', variant: null, platform: 'linux', ...fields });

t.test('no divergences, or none given', async (t) => {
  t.same(applicableDivergences([], who({})), []);
  t.same(applicableDivergences(undefined, who({})), []);
});

t.test('runtime: applies when that runtime runs either role', async (t) => {
  t.same(applicableDivergences(all, who({ server: 'node', client: 'node' })), [node, nodeAll]);
  t.same(applicableDivergences(all, who({ server: 'node', client: 'c' })), [node, nodeAll, cOnLinux]);
  t.same(applicableDivergences(all, who({ server: 'c', client: 'node' })), [node, nodeAll, cOnLinux]);
  t.same(applicableDivergences(all, who({ server: 'python', client: 'python' })), []);
});

t.test('variant: none means the idiomatic run only; a name means that variant; * means all', async (t) => {
  t.same(applicableDivergences(all, who({ server: 'node', client: 'node', variant: 'pauseOnConnect', variantRuntimes: ['node'] })), [nodePaused, nodeAll]);
  t.same(applicableDivergences(all, who({ server: 'node', client: 'node', variant: 'other', variantRuntimes: ['node'] })), [nodeAll]);
});

t.test('platform: applies only on that platform', async (t) => {
  t.same(applicableDivergences(all, who({ platform: 'darwin' })), [darwin]);
  t.same(applicableDivergences(all, who({ platform: 'linux' })), [cOnLinux]);
  t.same(applicableDivergences(all, who({ platform: 'darwin', server: 'node', client: 'node' })), [node, nodeAll, darwin]);
  t.same(applicableDivergences(all, who({ platform: 'darwin', variant: 'x' })), [], 'a platform divergence is still idiomatic-only by default');
});

t.test('role: a runtime divergence holds only where that runtime plays its role', async (t) => {
  const server = d({ runtime: 'node', role: 'server' });
  const client = d({ runtime: 'node', role: 'client' });
  const both = d({ runtime: 'node', role: 'both' });
  const pyClient = d({ runtime: 'python', role: 'client' });
  const roles = [server, client, both, pyClient];
  t.same(applicableDivergences(roles, who({ server: 'node', client: 'node' })), [server, client, both], 'node on both sides: all of node\'s');
  t.same(applicableDivergences(roles, who({ server: 'node', client: 'python' })), [server, pyClient], 'node server, python client: each side\'s own');
  t.same(applicableDivergences(roles, who({ server: 'python', client: 'node' })), [client], 'python as the server has no client divergence');
  t.same(applicableDivergences(roles, who({ server: 'c', client: 'c' })), []);
});

t.test('peer: a role divergence that holds only against certain runtimes on the other side', async (t) => {
  const vsResetter = d({ runtime: 'node', role: 'client', peer: ['c', 'python'] });
  t.same(applicableDivergences([vsResetter], who({ server: 'c', client: 'node' })), [vsResetter]);
  t.same(applicableDivergences([vsResetter], who({ server: 'python', client: 'node' })), [vsResetter]);
  t.same(applicableDivergences([vsResetter], who({ server: 'node', client: 'node' })), [], 'not against a node server');
  t.same(applicableDivergences([vsResetter], who({ server: 'c', client: 'c' })), [], 'not without node as the client');
});

t.test('variant: a runtime the variant does not belong to runs its idiomatic program, so its idiomatic divergences hold', async (t) => {
  const bunApi = d({ runtime: 'bun', role: 'server', variant: 'bun-api' });
  const bunPlain = d({ runtime: 'bun', role: 'server' });
  const nodeClient = d({ runtime: 'node', role: 'client' });
  const nodePaused = d({ runtime: 'node', role: 'client', variant: 'pauseOnConnect' });
  const list = [bunApi, bunPlain, nodeClient, nodePaused];
  t.same(applicableDivergences(list, who({ server: 'bun', client: 'node', variant: 'bun-api', variantRuntimes: ['bun'] })), [bunApi, nodeClient]);
  t.same(applicableDivergences(list, who({ server: 'bun', client: 'node', variant: null })), [bunPlain, nodeClient]);
  t.same(applicableDivergences(list, who({ server: 'node', client: 'node', variant: 'pauseOnConnect', variantRuntimes: ['node'] })), [nodePaused]);
});

t.test('a divergence that names its peer comes first: it describes this very pair', async (t) => {
  const server = d({ runtime: 'deno', role: 'server' });
  const general = d({ runtime: 'node', role: 'client' });
  const vsDeno = d({ runtime: 'node', role: 'client', peer: ['deno'] });
  t.same(applicableDivergences([server, general, vsDeno], who({ server: 'deno', client: 'node' })), [vsDeno, server, general]);
});

t.test('a peer entry names the program the other role runs: "python" its idiomatic one, "python/asyncio" that program', async (t) => {
  const vsPlain = d({ runtime: 'node', role: 'client', peer: ['python'] });
  const vsAsyncio = d({ runtime: 'node', role: 'client', peer: ['python/asyncio'] });
  const list = [vsPlain, vsAsyncio];
  t.same(applicableDivergences(list, who({ server: 'python', client: 'node' })), [vsPlain], 'python running its socket agent');
  t.same(applicableDivergences(list, who({ server: 'python', client: 'node', variant: 'asyncio', variantRuntimes: ['python'] })), [vsAsyncio],
    'python running asyncio: only the entry naming that program (the plain name would have matched before programs were told apart)');
  t.same(applicableDivergences(list, who({ server: 'python', client: 'node', variant: 'pauseOnConnect', variantRuntimes: ['node'] })), [],
    'a variant of node\'s own: these idiomatic node divergences do not apply to it, whatever the peer');
  t.same(peerLabel('python', who({ variant: 'asyncio', variantRuntimes: ['python'] })), 'python/asyncio');
  t.same(peerLabel('node', who({ variant: 'asyncio', variantRuntimes: ['python'] })), 'node');
});
