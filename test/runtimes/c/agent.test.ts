// The C agent driven over its raw JSON-lines protocol, two real processes joined by a real loopback connection.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import t from 'tap';
import { defaultCacheDir } from '../../../harness/toolchain/cache-dir.ts';
import { compileC } from '../../../harness/toolchain/compile-c.ts';
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
  for (const feature of ['nosignal', 'reuseAddr', 'bindPort', 'rcvtimeo', 'keepalive', 'blocking', 'sendBytes']) {
    t.ok((hello.features as string[]).includes(feature), `features include ${feature}`);
  }
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
  // bytes are unread in s1 when it closes (measured here; Linux drivers/net/loopback.c loopback_xmit()).
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

/** A port whose accepted socket the server closed first, so it sits in TIME_WAIT; its listener is closed too. */
const timeWaitPort = async (server: Agent, client: Agent, reuseAddr: boolean): Promise<number> => {
  const { port } = await server.value('listen', { as: 'tw-l', host: '127.0.0.1', port: 0, reuseAddr });
  await client.value('connect', { as: 'tw-c', host: '127.0.0.1', port: port as number });
  await server.value('accept', { sock: 'tw-l', as: 'tw-s' });
  await server.value('close', { sock: 'tw-s' });
  // The client's EOF, then its close: the server's FIN is acknowledged and answered, so TIME_WAIT.
  await client.value('recv', { sock: 'tw-c' });
  await client.value('close', { sock: 'tw-c' });
  await server.value('close', { sock: 'tw-l' });
  return port as number;
};

t.test('reuseAddr: a port in TIME_WAIT rebinds only with SO_REUSEADDR on both sockets; reserve takes a port', { skip }, async (t) => {
  const server = startAgent(t);
  const client = startAgent(t);
  await server.nextLine();
  await client.nextLine();
  const inUse = { ok: false, error: { errno: 'EADDRINUSE', syscall: 'bind' } };
  // An accepted socket inherits SO_REUSEADDR from its listener, and keeps it in TIME_WAIT.
  const port = await timeWaitPort(server, client, true);
  t.match(await server.call('listen', { as: 'plain', host: '127.0.0.1', port }), inUse, 'listen without reuseAddr: EADDRINUSE');
  t.match(await server.call('reserve', { as: 'plain', host: '127.0.0.1', port }), inUse, 'reserve without reuseAddr: the same');
  t.same(await server.value('reserve', { as: 'r', host: '127.0.0.1', port, reuseAddr: true }), { port }, 'reserve with reuseAddr takes the port');
  await server.value('close', { sock: 'r' });
  t.same(await server.value('listen', { as: 'l2', host: '127.0.0.1', port, reuseAddr: true }), { port }, 'listen with reuseAddr takes it too');
  const plainPort = await timeWaitPort(server, client, false);
  t.match(await server.call('listen', { as: 'l3', host: '127.0.0.1', port: plainPort, reuseAddr: true }), inUse,
    'reuseAddr on the new socket alone is not enough: the TIME_WAIT socket lacked it');
  t.match(await server.call('reserve', { as: 'x', host: '127.0.0.1', reuseAddr: 1 }), { fault: 'field "reuseAddr" must be a boolean' });
  await endBoth(server, client);
});

t.test('connect bindPort: the client binds its local port, and can reconnect from the same 4-tuple', { skip }, async (t) => {
  const { server, client } = await connectedPair(t);
  // Held with SO_REUSEADDR, so the client's own bind below may share it and nobody else can take it.
  const { port: local } = await client.value('reserve', { as: 'held', host: '127.0.0.1', reuseAddr: true });
  const listener = await server.value('listen', { as: 'l2', host: '127.0.0.1', port: 0 });
  const target = { host: '127.0.0.1', port: listener.port as number, bindPort: local as number, reuseAddr: true };
  t.same(await client.value('connect', { as: 'first', ...target }), { localPort: local }, 'the connection comes from bindPort');
  t.same(await server.value('accept', { sock: 'l2', as: 'a1' }), { remotePort: local });
  // An abortive close leaves no TIME_WAIT, so the same 4-tuple is free at once.
  await client.value('abort', { sock: 'first' });
  t.same(await client.value('connect', { as: 'again', ...target }), { localPort: local }, 'a second connection from the same port');
  t.same(await server.value('accept', { sock: 'l2', as: 'a2' }), { remotePort: local });
  t.match(await client.call('connect', { as: 'taken', host: '127.0.0.1', port: listener.port as number, bindPort: listener.port as number }), {
    ok: false,
    error: { errno: 'EADDRINUSE', syscall: 'bind' },
  }, "bindPort on a port someone holds, without reuseAddr: bind's EADDRINUSE");
  t.match(await client.call('connect', { as: 'taken', host: '127.0.0.1', port: 1, bindPort: 0 }), { fault: /bindPort/ });
  await endBoth(server, client);
});

t.test('setopt rcvtimeo with a blocking recv: SO_RCVTIMEO ends the wait with EAGAIN', { skip }, async (t) => {
  const { server, client } = await connectedPair(t);
  t.same(await client.value('setopt', { sock: 'c1', name: 'rcvtimeo', value: 100 }), {});
  const reply = await client.call('recv', { sock: 'c1', blocking: true });
  t.match(reply, { ok: false, error: { errno: 'EAGAIN', name: 'EAGAIN', synthesized: false, syscall: 'recv' } });
  t.notOk(reply.error?.timeout, 'a socket error, not an agent timeout');
  t.ok((reply.t?.ms ?? 0) >= 90, `recv itself waited for SO_RCVTIMEO (${reply.t?.ms} ms)`);
  await server.value('send', { sock: 's1', data: 'late' });
  t.same(await client.value('recv', { sock: 'c1', blocking: true }), { data: 'late', bytes: 4 }, 'the connection stays usable');
  t.match(await client.call('setopt', { sock: 'c1', name: 'rcvtimeo', value: -1 }), { fault: /"value"/ });
  await endBoth(server, client);
});

t.test('setopt keepalive arms the keepalive timer; user_timeout (TCP_USER_TIMEOUT) is Linux only', { skip }, async (t) => {
  const server = startAgent(t);
  const client = startAgent(t);
  await server.nextLine();
  await client.nextLine();
  const { port } = await server.value('listen', { as: 'l', host: '127.0.0.1', port: 0 });
  const { localPort } = await client.value('connect', { as: 'c1', host: '127.0.0.1', port: port as number });
  await server.value('accept', { sock: 'l', as: 's1' });
  // ss -o shows "timer:(keepalive,...)" on an idle connection only while SO_KEEPALIVE is on.
  const timer = async () => {
    const ss = await execa('ss', ['-tnoH', 'state', 'established', `sport = :${String(localPort)}`], { reject: false });
    return ss.exitCode === 0 ? /timer:\(keepalive/.test(String(ss.stdout)) : `ss failed: ${String(ss.stderr)}`;
  };
  t.same(await client.value('setopt', { sock: 'c1', name: 'keepalive', value: true }), {});
  t.equal(await timer(), true, 'the keepalive timer runs');
  t.same(await client.value('setopt', { sock: 'c1', name: 'keepalive', value: false }), {});
  t.equal(await timer(), false, 'and stops when keepalive is turned off');
  t.match(await client.call('setopt', { sock: 'c1', name: 'keepalive', value: 'yes' }), { fault: 'keepalive value must be a boolean' });
  const uto = await client.call('setopt', { sock: 'c1', name: 'user_timeout', value: 1000 });
  if (process.platform === 'linux') t.match(uto, { ok: true, value: {} });
  else t.match(uto, { ok: false, unsupported: /TCP_USER_TIMEOUT/ });
  await endBoth(server, client);
});

t.test('send bytes: N pattern bytes in one send(2)', { skip }, async (t) => {
  const { server, client } = await connectedPair(t);
  const n = 30000;
  const pattern = Array.from({ length: n }, (_, k) => String.fromCharCode(97 + (k % 26))).join('');
  t.same(await client.value('send', { sock: 'c1', bytes: n }), { bytes: n });
  t.same(await server.value('recvAll', { sock: 's1', bytes: n }), { data: pattern, bytes: n }, "'a' + k % 26, in order");
  t.match(await client.call('send', { sock: 'c1', bytes: 3, data: 'abc' }), { fault: 'give "data" or "bytes", not both' });
  t.match(await client.call('send', { sock: 'c1', bytes: 1.5 }), { fault: /"bytes"/ });
  await endBoth(server, client);
});

t.test('info: the TCP_INFO subset for retransmission evidence', { skip }, async (t) => {
  const { server, client } = await connectedPair(t);
  const reply = await client.call('info', { sock: 'c1' });
  if (process.platform !== 'linux') {
    t.match(reply, { ok: false, unsupported: /TCP_INFO/ });
    return endBoth(server, client);
  }
  t.match(reply, {
    ok: true,
    value: { state: 'ESTABLISHED', retransmits: 0, backoff: 0, unacked: 0, lost: 0, total_retrans: 0, rto_us: Number },
  });
  t.same(Object.keys(reply.value ?? {}).sort(), ['backoff', 'lost', 'retransmits', 'rto_us', 'state', 'total_retrans', 'unacked']);
  t.ok((reply.value?.rto_us as number) >= 200_000, `rto_us is at least Linux's 200 ms floor (${String(reply.value?.rto_us)})`);
  t.match(await server.value('info', { sock: 'l' }), { state: 'LISTEN' });
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
