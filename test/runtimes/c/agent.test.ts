// The C agent driven over its raw JSON-lines protocol, two real processes joined by a real loopback connection.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { defaultCacheDir } from '../../../harness/build/cache-dir.ts';
import { compileC } from '../../../harness/build/compile-c.ts';
import type { SocketError } from '../../../harness/protocol/messages.ts';

const source = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../runtimes/c/agent.c');
const built = await compileC({ source, name: 'c-agent', cacheDir: defaultCacheDir() });
// No compiler here is a skip, as it is for the runtime adapter.
const binary = built.ok ? built.binary : '';
const skip = built.ok ? false : `C agent not built: ${built.reason}`;

// Every reply shape at once, loosely: the assertions below say which one each step wanted.
interface AnyReply {
  id: number | null;
  ok?: boolean;
  value?: Record<string, unknown>;
  error?: SocketError;
  unsupported?: string;
  fault?: string;
  t?: { start: number; ms: number };
}

// Each wait is on the agent's next line; the deadline only turns a hung agent into a clear failure.
const REPLY_DEADLINE_MS = 5000;

/** One agent process: its hello, raw line I/O, request/reply calls, and its exit. */
const startAgent = (t: { teardown: (fn: () => void) => void }) => {
  const child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  let lastId = 0;
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  });

  const nextLine = async (): Promise<string> => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no line from the agent within ${REPLY_DEADLINE_MS} ms`)), REPLY_DEADLINE_MS);
    });
    try {
      const next = await Promise.race([lines.next(), deadline]);
      if (next.done) throw new Error('agent stdout ended');
      return next.value;
    } finally {
      clearTimeout(timer);
    }
  };
  const send = (line: string): void => void child.stdin.write(`${line}\n`);
  const call = async (op: string, fields: Record<string, string | number | boolean> = {}): Promise<AnyReply> => {
    const id = ++lastId;
    send(JSON.stringify({ id, op, ...fields }));
    const reply = JSON.parse(await nextLine()) as AnyReply;
    if (reply.id !== id) throw new Error(`wanted a reply to id ${id}, found ${JSON.stringify(reply)}`);
    return reply;
  };
  // The value of a call that must succeed; anything else throws with the reply, so the failure shows it.
  const value = async (op: string, fields: Record<string, string | number | boolean> = {}) => {
    const reply = await call(op, fields);
    if (reply.ok !== true || !reply.value) throw new Error(`${op} wanted ok, found ${JSON.stringify(reply)}`);
    return reply.value;
  };
  const end = async (): Promise<[number | null, NodeJS.Signals | null]> => {
    child.stdin.end();
    return exited;
  };
  return { child, nextLine, send, call, value, end };
};

type Agent = ReturnType<typeof startAgent>;

/** Server and client agents, hellos read, joined by one accepted connection (`s1` ↔ `c1`). */
const connectedPair = async (t: { teardown: (fn: () => void) => void }) => {
  const server = startAgent(t);
  const client = startAgent(t);
  await server.nextLine();
  await client.nextLine();
  const { port } = await server.value('listen', { as: 'l', host: '127.0.0.1', port: 0 });
  await client.value('connect', { as: 'c1', host: '127.0.0.1', port: port as number });
  await server.value('accept', { sock: 'l', as: 's1' });
  return { server, client };
};

const endBoth = async (...agents: Agent[]) => {
  for (const a of agents) await a.end();
};

t.test('hello comes first and describes the C agent', { skip }, async (t) => {
  const agent = startAgent(t);
  const hello = JSON.parse(await agent.nextLine()) as Record<string, unknown>;
  t.match(hello, { hello: 'sockspec-agent', protocol: 1, runtime: 'c', version: /^(gcc|clang) / });
  t.equal(hello.pid, agent.child.pid);
  t.match(hello.features, ['linger']);
  t.ok((hello.features as string[]).includes('nosignal'));
  t.same(await agent.end(), [0, null]);
});

t.test('listen, connect, accept, send and recv round trip, latin1 bytes intact', { skip }, async (t) => {
  const server = startAgent(t);
  const client = startAgent(t);
  await server.nextLine();
  await client.nextLine();
  const listening = await server.value('listen', { as: 'l', host: '127.0.0.1', port: 0 });
  t.type(listening.port, 'number');
  const connected = await client.value('connect', { as: 'c1', host: '127.0.0.1', port: listening.port as number });
  const accepted = await server.value('accept', { sock: 'l', as: 's1' });
  t.equal(accepted.remotePort, connected.localPort, 'both sides name the same client port');

  const bytes = 'hi\u0000\u0001\n"\\\u007f\u0080\u00e9\u00ff';
  t.same(await client.value('send', { sock: 'c1', data: bytes }), { bytes: bytes.length });
  t.same(await server.value('recvAll', { sock: 's1', bytes: bytes.length }), { data: bytes, bytes: bytes.length });

  const sent = await server.call('send', { sock: 's1', data: 'pong' });
  t.match(sent, { ok: true, value: { bytes: 4 }, t: { start: Number, ms: Number } });
  t.same(await client.value('recv', { sock: 'c1' }), { data: 'pong', bytes: 4 });
  t.same(await client.value('state', { sock: 'c1' }), { state: 'ESTABLISHED' });
  await endBoth(server, client);
});

t.test('connect to a reserved (bound, not listening) port is ECONNREFUSED', { skip }, async (t) => {
  const server = startAgent(t);
  const client = startAgent(t);
  await server.nextLine();
  await client.nextLine();
  const { port } = await server.value('reserve', { as: 'r', host: '127.0.0.1' });
  const reply = await client.call('connect', { as: 'c1', host: '127.0.0.1', port: port as number });
  t.match(reply, {
    ok: false,
    error: { errno: 'ECONNREFUSED', name: 'ECONNREFUSED', synthesized: false, syscall: 'connect' },
  });
  t.match(await client.call('close', { sock: 'c1' }), { fault: 'unknown socket "c1"' }, 'a failed connect names nothing');
  await endBoth(server, client);
});

t.test('close with unread data resets: peer reads ECONNRESET, then EOF', { skip }, async (t) => {
  const { server, client } = await connectedPair(t);
  // On loopback send() delivers into the peer's receive queue before it returns, so the
  // bytes are unread in s1 when it closes (SCENARIOS.md, timing facts).
  await client.value('send', { sock: 'c1', data: 'unread' });
  await server.value('close', { sock: 's1' });
  t.match(await client.call('recv', { sock: 'c1' }), {
    ok: false,
    error: { errno: 'ECONNRESET', synthesized: false, syscall: 'recv' },
  });
  t.same(await client.value('recv', { sock: 'c1' }), { eof: true }, 'the error is reported once, then reads return 0');
  t.same(await client.value('state', { sock: 'c1' }), { state: 'CLOSE' }, 'a RST takes the socket straight to CLOSED');
  await endBoth(server, client);
});

t.test('after a clean close the first send succeeds and the second is EPIPE', { skip }, async (t) => {
  const { server, client } = await connectedPair(t);
  await server.value('close', { sock: 's1' });
  // Waiting for the EOF makes sure the FIN arrived before the client writes.
  t.same(await client.value('recv', { sock: 'c1' }), { eof: true });
  t.same(await client.value('state', { sock: 'c1' }), { state: 'CLOSE_WAIT' });
  t.same(await client.value('send', { sock: 'c1', data: 'one' }), { bytes: 3 }, 'first send reaches the dead socket');
  t.match(await client.call('send', { sock: 'c1', data: 'two' }), {
    ok: false,
    error: { errno: 'EPIPE', name: 'EPIPE', synthesized: false, syscall: 'send' },
  });
  t.same(await client.value('recv', { sock: 'c1' }), { eof: true }, 'a read after the EPIPE returns 0, not an error');
  await endBoth(server, client);
});

t.test('abort (SO_LINGER {1, 0}) makes the peer read ECONNRESET', { skip }, async (t) => {
  const { server, client } = await connectedPair(t);
  await server.value('abort', { sock: 's1' });
  t.match(await client.call('recv', { sock: 'c1' }), { ok: false, error: { errno: 'ECONNRESET' } });
  await endBoth(server, client);
});

t.test('a recv that finds nothing reports an agent timeout, not a socket error', { skip }, async (t) => {
  const { server, client } = await connectedPair(t);
  const reply = await client.call('recv', { sock: 'c1', timeoutMs: 50 });
  t.match(reply, { ok: false, error: { errno: 'ETIMEDOUT', name: 'agent-timeout', syscall: null, timeout: true } });
  t.ok((reply.t?.ms ?? 0) >= 50, 'it waited the whole timeout');
  t.same(await client.value('send', { sock: 'c1', data: 'still usable' }), { bytes: 12 });
  await endBoth(server, client);
});

t.test('harness faults are answered and the agent keeps going', { skip }, async (t) => {
  const agent = startAgent(t);
  await agent.nextLine();
  t.same(await agent.call('teleport', { sock: 'x' }), { id: 1, fault: 'unknown op "teleport"' });
  t.same(await agent.call('close', { sock: 'x9' }), { id: 2, fault: 'unknown socket "x9"' });
  t.same(await agent.call('listen', { host: '127.0.0.1' }), { id: 3, fault: 'missing field "as"' });
  agent.send('{"id": 99, "op": ');
  t.match(JSON.parse(await agent.nextLine()), { id: null, fault: /^malformed request/ });
  t.match(await agent.call('listen', { as: 'l', host: '127.0.0.1', port: 0, reuseTheMoon: true }), {
    id: 4,
    ok: false,
    unsupported: /reuseTheMoon/,
  });
  t.match(await agent.call('listen', { as: 'l', host: '127.0.0.1', port: 0, allowHalfOpen: true }), { id: 5, ok: true });
  t.same(await agent.end(), [0, null]);
});

t.test('stdin EOF closes every socket and exits 0', { skip }, async (t) => {
  const { server, client } = await connectedPair(t);
  t.same(await client.end(), [0, null], 'client exits 0 with a connection open');
  t.same(await server.value('recv', { sock: 's1' }), { eof: true }, 'its socket was closed (FIN)');
  t.same(await server.end(), [0, null]);
});
