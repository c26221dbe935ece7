// The Deno agent against real loopback sockets, asserting what Deno 2 on Linux was measured to do
// and what the agent promises around it: errors as Deno reports them, reads Deno cannot cancel,
// close as shutdown-then-close, and an unsupported reply (never a fake) for what Deno lacks.
import t from 'tap';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';
import adapter from '../../runtimes/deno/adapter.ts';
import { RawAgent } from '../protocol/raw-agent.ts';

type Json = Record<string, unknown>;
type Fields = Record<string, string | number | boolean>;

const HOST = '127.0.0.1';
const LINE_MS = 5000;
const prepared = await adapter.prepare({ cacheDir: defaultCacheDir() });
const skip = prepared.available ? false : `deno is not available: ${prepared.reason}`;

/** One agent: its hello read, requests answered by the next line. */
const open = async (t: { teardown: (fn: () => void | Promise<void>) => void }, label: string) => {
  if (!prepared.available) throw new Error('unreachable');
  const agent = RawAgent.start(prepared.command(), label);
  t.teardown(() => agent.stop());
  const hello = JSON.parse((await agent.nextLine(LINE_MS, 'its hello')).text) as Json;
  let id = 0;
  const ask = async (op: string, fields: Fields = {}): Promise<Json> =>
    JSON.parse((await agent.request(JSON.stringify({ id: ++id, op, ...fields }), LINE_MS)).text) as Json;
  return { agent, hello, ask };
};

const pair = async (t: Parameters<typeof open>[0]) => {
  const server = await open(t, 'server');
  const client = await open(t, 'client');
  const listened = await server.ask('listen', { as: 'l', host: HOST, port: 0 });
  const port = (listened.value as Json).port as number;
  await client.ask('connect', { as: 'c', host: HOST, port, timeoutMs: 2000 });
  await server.ask('accept', { sock: 'l', as: 's', timeoutMs: 2000 });
  return { server, client, port };
};

const errorOf = (reply: Json): Json => (reply.error ?? {}) as Json;

t.test('hello names Deno and its version', { skip }, async (t) => {
  const { hello } = await open(t, 'agent');
  t.equal(hello.runtime, 'deno');
  t.equal(hello.version, prepared.available ? prepared.version : '', 'the version the adapter found');
});

t.test('an error from a syscall carries its errno, Deno\'s class and the call; one Deno made up has none', { skip }, async (t) => {
  const server = await open(t, 'server');
  const client = await open(t, 'client');
  const reserved = await server.ask('reserve', { as: 'r', host: HOST });
  t.equal((reserved.value as Json).held, false, 'reserve cannot hold the port: held false');
  const refused = await client.ask('connect', { as: 'x', host: HOST, port: (reserved.value as Json).port as number, timeoutMs: 2000 });
  t.match(errorOf(refused), { errno: 'ECONNREFUSED', name: 'ConnectionRefused', synthesized: false, syscall: 'connect' });
  const port = ((await server.ask('listen', { as: 'l', host: HOST, port: 0 })).value as Json).port as number;
  const inUse = await server.ask('listen', { as: 'l2', host: HOST, port });
  t.match(errorOf(inUse), { errno: 'EADDRINUSE', name: 'AddrInUse', synthesized: false, syscall: 'bind' }, 'a port held by a listener: EADDRINUSE even with SO_REUSEADDR');
  await client.ask('connect', { as: 'c', host: HOST, port, timeoutMs: 2000 });
  await server.ask('accept', { sock: 'l', as: 's', timeoutMs: 2000 });
  t.strictSame((await client.ask('close', { sock: 'c' })).value, {}, 'close succeeds');
  const again = await client.ask('send', { sock: 'c', data: 'x' });
  t.match(errorOf(again), { errno: null, name: 'BadResource', synthesized: true, syscall: null }, 'a write after close: Deno\'s BadResource, no syscall');
  const twice = await client.ask('close', { sock: 'c' });
  t.match(errorOf(twice), { errno: null, name: 'BadResource', synthesized: true }, 'a second close throws BadResource, as conn.close() does');
});

t.test('a recv that runs out of time leaves its read pending: the next recv returns what it read', { skip }, async (t) => {
  const { server, client } = await pair(t);
  const timedOut = await server.ask('recv', { sock: 's', timeoutMs: 100 });
  t.match(errorOf(timedOut), { errno: 'ETIMEDOUT', name: 'agent-timeout', timeout: true });
  await client.ask('send', { sock: 'c', data: 'abcdef' });
  t.strictSame((await server.ask('recv', { sock: 's', max: 4, timeoutMs: 2000 })).value, { data: 'abcd', bytes: 4 }, 'the pending read\'s bytes, cut to max');
  t.strictSame((await server.ask('recv', { sock: 's', timeoutMs: 2000 })).value, { data: 'ef', bytes: 2 }, 'the rest, without another read');
});

t.test('a recvAll that runs out of time keeps what arrived for the next recv', { skip }, async (t) => {
  const { server, client } = await pair(t);
  await client.ask('send', { sock: 'c', data: 'part' });
  const short = await server.ask('recvAll', { sock: 's', bytes: 10, timeoutMs: 100 });
  t.match(errorOf(short), { name: 'agent-timeout', timeout: true }, '4 of 10 bytes: the wait runs out');
  t.strictSame((await server.ask('recv', { sock: 's', timeoutMs: 2000 })).value, { data: 'part', bytes: 4 }, 'the 4 bytes are not lost');
  await client.ask('send', { sock: 'c', data: 'more' });
  t.strictSame((await server.ask('recv', { sock: 's', timeoutMs: 2000 })).value, { data: 'more', bytes: 4 }, 'and nothing empty is left queued');
});

t.test('close cancels a pending read and shuts down before closing: the peer reads EOF', { skip }, async (t) => {
  const { server, client } = await pair(t);
  await server.ask('recv', { sock: 's', timeoutMs: 50 });
  t.strictSame((await server.ask('close', { sock: 's' })).value, {}, 'close succeeds with a read pending');
  t.strictSame((await client.ask('recv', { sock: 'c', timeoutMs: 2000 })).value, { eof: true }, 'the peer reads a clean EOF');
});

t.test('close with bytes unread: FIN first, so the peer reads EOF and its write fails EPIPE', { skip }, async (t) => {
  const { server, client } = await pair(t);
  await client.ask('send', { sock: 'c', data: 'unread' });
  await server.ask('close', { sock: 's' });
  t.strictSame((await client.ask('recv', { sock: 'c', timeoutMs: 2000 })).value, { eof: true }, 'EOF, not ECONNRESET');
  const write = await client.ask('send', { sock: 'c', data: 'x' });
  t.match(errorOf(write), { errno: 'EPIPE', name: 'BrokenPipe', synthesized: false, syscall: 'send' }, 'the RST left EPIPE (CLOSE_WAIT)');
});

t.test('what Deno lacks is unsupported, and takes no name', { skip }, async (t) => {
  const { server, client, port } = await pair(t);
  const unsupported: [string, Json][] = [
    ['abort', await client.ask('abort', { sock: 'c' })],
    ['setopt linger', await client.ask('setopt', { sock: 'c', name: 'linger', value: 0 })],
    ['setopt rcvtimeo', await client.ask('setopt', { sock: 'c', name: 'rcvtimeo', value: 100 })],
    ['setopt user_timeout', await client.ask('setopt', { sock: 'c', name: 'user_timeout', value: 100 })],
    ['state', await client.ask('state', { sock: 'c' })],
    ['info', await client.ask('info', { sock: 'c' })],
    ['shutdown read', await client.ask('shutdown', { sock: 'c', how: 'read' })],
    ['shutdown both', await client.ask('shutdown', { sock: 'c', how: 'both' })],
    ['connect bindPort', await client.ask('connect', { as: 'b', host: HOST, port, bindPort: 40000, timeoutMs: 2000 })],
    ['connect reuseAddr', await client.ask('connect', { as: 'b', host: HOST, port, reuseAddr: true, timeoutMs: 2000 })],
    ['listen reuseAddr: false', await server.ask('listen', { as: 'b', host: HOST, port: 0, reuseAddr: false })],
  ];
  for (const [what, reply] of unsupported) t.type(reply.unsupported, 'string', `${what} is unsupported`, { found: reply });
  t.equal((await client.ask('connect', { as: 'b', host: HOST, port, timeoutMs: 2000 })).ok, true, 'the name "b" was never taken');
  t.strictSame((await client.ask('setopt', { sock: 'c', name: 'nodelay', value: true })).value, {}, 'nodelay is setNoDelay');
  t.strictSame((await client.ask('setopt', { sock: 'c', name: 'keepalive', value: true })).value, {}, 'keepalive is setKeepAlive');
  t.strictSame((await server.ask('listen', { as: 'r', host: HOST, port: 0, reuseAddr: true })).ok, true, 'listen reuseAddr: true is what Deno does anyway');
});
