// The python runtime's program `asyncio` (runtimes/python/agent_asyncio.py) against real loopback
// sockets, beside agent.py as its negative control: where asyncio was measured to part from the
// kernel, the same steps through agent.py show the kernel's answer, so each check can fail.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import t from 'tap';
import type { Available } from '../../harness/adapters/adapter.ts';
import adapter from '../../runtimes/python/adapter.ts';
import { RawAgent } from '../protocol/raw-agent.ts';

type Json = Record<string, unknown>;
type Checks = Pick<typeof t, 'teardown'>;

// Each wait for a reply: above the agents' own 2000 ms bound, so their timeout replies come first.
const LINE_MS = 5000;
const HOST = '127.0.0.1';
const RCVTIMEO_MS = 100;

const prepared = await adapter.prepare({ cacheDir: t.testdir() });
if (!prepared.available) t.plan(0, `python is not available: ${prepared.reason}`);
const python = prepared as Available;

/** An agent of `program` (null: agent.py) with its hello read; `ask` sends one request and parses its reply. */
const open = async (t: Checks, program: string | null, label: string) => {
  const agent = RawAgent.start(python.command(program), label);
  t.teardown(() => agent.stop());
  const hello = JSON.parse((await agent.nextLine(LINE_MS, 'its hello')).text) as Json;
  let id = 0;
  const ask = async (op: string, fields: Json = {}): Promise<Json> =>
    JSON.parse((await agent.request(JSON.stringify({ id: ++id, op, ...fields }), LINE_MS)).text) as Json;
  return { hello, ask };
};

type Agent = Awaited<ReturnType<typeof open>>;

/** A connection from `client` to `server`: the server's socket is `s`, the client's `c`. */
const connect = async (server: Agent, client: Agent): Promise<void> => {
  const listen = await server.ask('listen', { as: 'l', host: HOST, port: 0 });
  const port = (listen.value as Json).port;
  await client.ask('connect', { as: 'c', host: HOST, port });
  await server.ask('accept', { sock: 'l', as: 's' });
};

const errorOf = (reply: Json): Json => (reply.error ?? {}) as Json;

t.test('the adapter: program asyncio is agent_asyncio.py, run by the same interpreter with the same flags', async (t) => {
  const plain = python.command();
  const asyncio = python.command('asyncio');
  t.equal(asyncio.file, plain.file, 'the same interpreter');
  t.strictSame(asyncio.args.slice(0, -1), plain.args.slice(0, -1), 'the same flags', { found: asyncio.args });
  t.equal(path.basename(asyncio.args.at(-1) ?? ''), 'agent_asyncio.py', 'the asyncio agent is the last argument');
  t.strictSame(adapter.programs?.map((p) => p.name), ['asyncio'], 'listed among the programs');
  t.throws(() => python.command('tokio'), /no program "tokio" \(it has: asyncio\)/, 'an unknown program names the valid ones');
});

t.test('the asyncio agent starts under -I -S -B and says it is python', async (t) => {
  const agent = await open(t, 'asyncio', 'asyncio');
  t.equal(agent.hello.runtime, 'python');
  t.equal(agent.hello.version, python.version);
  t.ok((agent.hello.features as string[]).includes('rcvtimeo'), 'rcvtimeo is listed', { found: agent.hello.features });
});

// asyncio reads eagerly, so a close finds nothing unread; agent.py leaves the bytes in the kernel.
for (const [program, expected] of [['asyncio', 'EOF'], [null, 'ECONNRESET']] as const) {
  t.test(`a server closing with bytes it never read: ${program ?? 'agent.py'} gives the client ${expected}`, async (t) => {
    const server = await open(t, program, 'server');
    const client = await open(t, null, 'client');
    await connect(server, client);
    t.equal((await client.ask('send', { sock: 'c', data: 'never read' })).ok, true, 'the client sends');
    t.equal((await server.ask('close', { sock: 's' })).ok, true, 'the server closes without reading');
    const read = await client.ask('recv', { sock: 'c', timeoutMs: 2000 });
    if (expected === 'EOF') t.strictSame(read.value, { eof: true }, 'the client reads EOF: the close sent FIN', { found: read });
    else t.equal(errorOf(read).errno, 'ECONNRESET', 'the client reads ECONNRESET: the close sent RST', { found: read });
  });
}

// After the peer's FIN the first write draws a RST; the second send(2) fails EPIPE.
t.test('asyncio: the second write after the peer closed is drain()\'s made-up "Connection lost", and the EPIPE comes back on read', async (t) => {
  const server = await open(t, null, 'server');
  const client = await open(t, 'asyncio', 'client');
  await connect(server, client);
  await server.ask('close', { sock: 's' });
  t.strictSame((await client.ask('recv', { sock: 'c' })).value, { eof: true }, 'the client reads the FIN');
  t.equal((await client.ask('send', { sock: 'c', data: 'first' })).ok, true, 'the first write goes out');
  const second = errorOf(await client.ask('send', { sock: 'c', data: 'second' }));
  t.strictSame([second.errno, second.name, second.synthesized], [null, 'ConnectionResetError', true], 'no errno: asyncio made it up', { found: second });
  t.match(second.message, /Connection lost.*BrokenPipeError/, 'the message names the cause');
  const read = errorOf(await client.ask('recv', { sock: 'c' }));
  t.strictSame([read.errno, read.name, read.syscall], ['EPIPE', 'BrokenPipeError', 'send'], 'the stored EPIPE, named after the send that met it', { found: read });
});

t.test('rcvtimeo: asyncio ends a blocking read with its own TimeoutError (agent.py: the kernel\'s EAGAIN), and the connection stays usable', async (t) => {
  for (const [program, errno, name] of [['asyncio', null, 'TimeoutError'], [null, 'EAGAIN', 'BlockingIOError']] as const) {
    const server = await open(t, null, 'server');
    const client = await open(t, program, `client ${program ?? 'agent.py'}`);
    await connect(server, client);
    t.equal((await client.ask('setopt', { sock: 'c', name: 'rcvtimeo', value: RCVTIMEO_MS })).ok, true, 'the option is taken');
    const began = performance.now();
    const expired = errorOf(await client.ask('recv', { sock: 'c', blocking: true }));
    const waited = performance.now() - began;
    t.strictSame([expired.errno, expired.name], [errno, name], `${program ?? 'agent.py'}: ${name}`, { found: expired });
    t.ok(waited >= RCVTIMEO_MS * 0.9, `the wait lasted the timeout (${waited.toFixed(0)} ms)`);
    await server.ask('send', { sock: 's', data: 'pong' });
    t.equal(((await client.ask('recv', { sock: 'c', blocking: true })).value as Json | undefined)?.data, 'pong', 'a later blocking read returns the data');
  }
});
