import t from 'tap';
import type { AgentStep } from '../../harness/case/case-types.ts';
import { buildRequest, type SocketInfo } from '../../harness/engine/build-request.ts';

const known = (): Map<string, SocketInfo> => new Map([
  ['l', { role: 'server', port: 5000 }],
  ['p', { role: 'server', port: 6000 }],
  ['c', { role: 'client' }],
  ['s', { role: 'server' }],
]);
const build = (step: AgentStep, options = {}) => buildRequest(step, known(), options, 750);

t.test('listen and reserve: host defaults to 127.0.0.1, listen asks for any port', async (t) => {
  t.same(build({ role: 'server', op: 'listen', as: 'l2' }), { op: 'listen', as: 'l2', host: '127.0.0.1', port: 0 });
  t.same(build({ role: 'server', op: 'listen', as: 'l2', host: '::1' }), { op: 'listen', as: 'l2', host: '::1', port: 0 });
  t.same(build({ role: 'server', op: 'reserve', as: 'r' }), { op: 'reserve', as: 'r', host: '127.0.0.1' });
});

t.test('connect: `to` names a socket whose port is known, and connect waits', async (t) => {
  t.same(build({ role: 'client', op: 'connect', as: 'c2', to: 'p' }), { op: 'connect', as: 'c2', host: '127.0.0.1', port: 6000, timeoutMs: 750 });
  t.same(build({ role: 'client', op: 'connect', as: 'c2' }), { problem: 'connect needs `to`: a listened or reserved socket (got undefined)' });
  t.same(build({ role: 'client', op: 'connect', as: 'c2', to: 'nope' }), { problem: 'connect needs `to`: a listened or reserved socket (got "nope")' });
  t.same(build({ role: 'client', op: 'connect', as: 'c2', to: 'c' }), { problem: 'connect needs `to`: a listened or reserved socket (got "c")' }, 'a socket with no port');
});

t.test('role options go into listen and connect of that role only', async (t) => {
  const options = { server: { pauseOnConnect: true }, client: { allowHalfOpen: true } };
  t.same(build({ role: 'server', op: 'listen', as: 'x' }, options), { op: 'listen', as: 'x', host: '127.0.0.1', port: 0, pauseOnConnect: true });
  t.same(build({ role: 'client', op: 'connect', as: 'y', to: 'l' }, options),
    { op: 'connect', as: 'y', host: '127.0.0.1', port: 5000, allowHalfOpen: true, timeoutMs: 750 });
  t.same(build({ role: 'server', op: 'accept', sock: 'l', as: 's2' }, options), { op: 'accept', as: 's2', sock: 'l', timeoutMs: 750 });
  t.same(build({ role: 'client', op: 'close', sock: 'c' }, options), { op: 'close', sock: 'c' });
});

t.test('a step on a socket nobody made is a problem', async (t) => {
  t.same(build({ role: 'client', op: 'send', sock: 'ghost', data: 'x' }), { problem: 'step uses socket "ghost" before any step made it' });
});

t.test('payload fields are copied; only waiting ops get the wait bound', async (t) => {
  t.same(build({ role: 'client', op: 'send', sock: 'c', data: '' }), { op: 'send', sock: 'c', data: '' }, 'empty data is still data');
  t.same(build({ role: 'client', op: 'recv', sock: 'c', max: 10 }), { op: 'recv', sock: 'c', max: 10, timeoutMs: 750 });
  t.same(build({ role: 'client', op: 'recvAll', sock: 'c', bytes: 5 }), { op: 'recvAll', sock: 'c', bytes: 5, timeoutMs: 750 });
  t.same(build({ role: 'server', op: 'shutdown', sock: 's', how: 'write' }), { op: 'shutdown', sock: 's', how: 'write' });
  t.same(build({ role: 'server', op: 'setopt', sock: 's', name: 'linger', value: 0 }), { op: 'setopt', sock: 's', name: 'linger', value: 0 });
  t.same(build({ role: 'server', op: 'setopt', sock: 's', name: 'nodelay', value: false }), { op: 'setopt', sock: 's', name: 'nodelay', value: false });
});

t.test('case-only fields never reach the agent', async (t) => {
  t.same(build({ role: 'client', op: 'recv', sock: 'c', label: 'reads', expect: { eof: true }, timeoutMs: 5 }), { op: 'recv', sock: 'c', timeoutMs: 750 });
});
