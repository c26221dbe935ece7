// The Node agent against real loopback sockets: two agent processes (server, client) driven over
// JSON lines, asserting what Node 20 on Linux was measured to do.
import t from 'tap';
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import adapter from '../../../runtimes/node/adapter.ts';
import type { AgentCommand } from '../../../harness/runtime/adapter.ts';

type Message = Record<string, unknown>;
// What the helper below needs of a test; a subtest and the root `t` both have it.
type Checks = Pick<typeof t, 'teardown' | 'equal'>;

/** One running agent: send a request, get its reply; end it and get its exit code. */
interface Agent {
  hello: Message;
  call(op: string, fields?: Message): Promise<Message>;
  raw(line: string): Promise<Message>;
  stderr(): string;
  end(): Promise<number | null>;
}

const start = async (command: AgentCommand): Promise<Agent> => {
  const child = spawn(command.file, command.args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let errText = '';
  child.stderr.on('data', (chunk: Buffer) => (errText += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Message> => {
    const line = await lines.next();
    if (line.done) throw new Error(`the agent ended its stdout; stderr:\n${errText}`);
    return JSON.parse(line.value) as Message;
  };
  let id = 0;
  const raw = async (line: string): Promise<Message> => {
    child.stdin.write(`${line}\n`);
    return next();
  };
  return {
    hello: await next(),
    call: (op, fields = {}) => raw(JSON.stringify({ id: ++id, op, ...fields })),
    raw,
    stderr: () => errText,
    end: async () => {
      child.stdin.end();
      return exited;
    },
  };
};

const prepared = await adapter.prepare({ cacheDir: t.testdir() });
if (!prepared.available) throw new Error(`node agent unavailable: ${prepared.reason}`);
const command = prepared.command();

const LOOPBACK = '127.0.0.1';

// A server and a client agent with one established connection: server "s1", client "c1".
const connected = async (
  t: Checks,
  options: { listen?: Message; connect?: Message } = {},
): Promise<{ server: Agent; client: Agent }> => {
  const [server, client] = await Promise.all([start(command), start(command)]);
  t.teardown(async () => {
    await Promise.all([server.end(), client.end()]);
  });
  const listening = await server.call('listen', { as: 'l1', host: LOOPBACK, port: 0, ...options.listen });
  t.equal(listening['ok'], true, 'listen');
  const port = (listening['value'] as Message)['port'];
  const dialled = await client.call('connect', { as: 'c1', host: LOOPBACK, port, ...options.connect });
  t.equal(dialled['ok'], true, 'connect');
  const accepted = await server.call('accept', { sock: 'l1', as: 's1' });
  t.equal(accepted['ok'], true, 'accept');
  t.equal((accepted['value'] as Message)['remotePort'], (dialled['value'] as Message)['localPort'], 'accept returns the client');
  return { server, client };
};

const errorOf = (reply: Message): Message => reply['error'] as Message;

t.test('hello names the runtime, its version and its features', async (t) => {
  const agent = await start(command);
  t.match(agent.hello, {
    hello: 'sockspec-agent', protocol: 1, runtime: 'node', version: process.version,
    features: ['pauseOnConnect', 'allowHalfOpen', 'abort'],
  });
  t.type(agent.hello['pid'], 'number');
  t.equal(await agent.end(), 0);
});

t.test('bytes make a round trip, all 256 values intact', async (t) => {
  const { server, client } = await connected(t);
  const data = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
  t.match(await client.call('send', { sock: 'c1', data }), { ok: true, value: { bytes: 256 } });
  const got = await server.call('recvAll', { sock: 's1', bytes: 256 });
  t.match(got, { ok: true, value: { data, bytes: 256 } });
  t.match(got['t'], { start: Number, ms: Number });
  t.match(await server.call('send', { sock: 's1', data: 'pong' }), { ok: true });
  t.match(await client.call('recv', { sock: 'c1' }), { ok: true, value: { data: 'pong', bytes: 4 } });
});

t.test('connect to a closed port: ECONNREFUSED from the connect syscall', async (t) => {
  const agent = await start(command);
  t.teardown(() => agent.end());
  const reserved = await agent.call('reserve', { as: 'r1', host: LOOPBACK });
  t.match(reserved, { ok: true, value: { held: false } }, 'node:net cannot hold a port without listening');
  const port = (reserved['value'] as Message)['port'];
  const refused = await agent.call('connect', { as: 'c1', host: LOOPBACK, port });
  t.same(errorOf(refused), {
    errno: 'ECONNREFUSED', name: 'ECONNREFUSED', synthesized: false, syscall: 'connect',
    message: `connect ECONNREFUSED 127.0.0.1:${port}`,
  });
});

// SCENARIOS.md "runtime layer": Node already read the bytes, so close() finds nothing unread
// and sends FIN. The server's event loop reads the socket as soon as the bytes land, long before
// the harness's `close` line reaches its stdin (the client's send reply comes first).
t.test('server closes with unread data, eager reading: the client reads a clean EOF', async (t) => {
  const { server, client } = await connected(t);
  t.match(await client.call('send', { sock: 'c1', data: 'unread' }), { ok: true, value: { bytes: 6 } });
  t.match(await server.call('close', { sock: 's1' }), { ok: true });
  t.match(server.stderr(), /s1 data 6 bytes/, 'Node had read the bytes before close');
  t.match(await client.call('recv', { sock: 'c1' }), { ok: true, value: { eof: true } });
  t.match(await client.call('recv', { sock: 'c1' }), { ok: true, value: { eof: true } }, 'EOF stays EOF');
});

t.test('server closes with unread data, pauseOnConnect: the client reads ECONNRESET', async (t) => {
  const { server, client } = await connected(t, { listen: { pauseOnConnect: true } });
  t.match(await client.call('send', { sock: 'c1', data: 'unread' }), { ok: true });
  t.match(await server.call('close', { sock: 's1' }), { ok: true });
  t.notMatch(server.stderr(), /s1 data/, 'nothing was read');
  t.same(errorOf(await client.call('recv', { sock: 'c1' })), {
    errno: 'ECONNRESET', name: 'ECONNRESET', synthesized: false, syscall: 'read', message: 'read ECONNRESET',
  });
  t.same(errorOf(await client.call('recv', { sock: 'c1' })), {
    errno: null, name: 'ERR_SOCKET_CLOSED', synthesized: true, syscall: null,
    message: 'the socket was destroyed: Node offers no further read',
  }, 'the error is reported once; then Node has destroyed the socket');
  t.match(client.stderr(), /c1 error ECONNRESET syscall=read "read ECONNRESET"\n.*c1 close hadError=true/);
  t.same(errorOf(await client.call('send', { sock: 'c1', data: 'late' })), {
    errno: null, name: 'ERR_STREAM_DESTROYED', synthesized: true, syscall: null,
    message: 'Cannot call write after a stream was destroyed',
  }, 'a write after the reset: Node refuses it, no syscall');
});

// SCENARIOS.md: with allowHalfOpen false, Node ends its side on the peer's FIN and then invents
// an EPIPE for the next write. Measured: both writes get that EPIPE, neither reaches a syscall.
t.test('peer closed, allowHalfOpen false: every write gets the EPIPE Node made up', async (t) => {
  const { server, client } = await connected(t);
  t.match(await server.call('close', { sock: 's1' }), { ok: true });
  t.match(await client.call('recv', { sock: 'c1' }), { ok: true, value: { eof: true } }, 'the FIN arrived');
  const invented = {
    errno: 'EPIPE', name: 'EPIPE', synthesized: true, syscall: null,
    message: 'This socket has been ended by the other party',
  };
  t.same(errorOf(await client.call('send', { sock: 'c1', data: 'one' })), invented, 'first write');
  t.same(errorOf(await client.call('send', { sock: 'c1', data: 'two' })), invented, 'second write');
  t.match(await client.call('recv', { sock: 'c1' }), { ok: true, value: { eof: true } }, 'reads still say EOF');
  t.match(client.stderr(), /c1 end\n.*c1 finish\n/, 'Node ended our side by itself: its FIN went out');
});

t.test('peer closed, allowHalfOpen true: first write ok, second gets the kernel EPIPE', async (t) => {
  const { server, client } = await connected(t, { connect: { allowHalfOpen: true } });
  t.match(await server.call('close', { sock: 's1' }), { ok: true });
  t.match(await client.call('recv', { sock: 'c1' }), { ok: true, value: { eof: true } }, 'the FIN arrived');
  t.match(await client.call('send', { sock: 'c1', data: 'one' }), { ok: true, value: { bytes: 3 } }, 'first write');
  t.same(errorOf(await client.call('send', { sock: 'c1', data: 'two' })), {
    errno: 'EPIPE', name: 'EPIPE', synthesized: false, syscall: 'write', message: 'write EPIPE',
  }, 'second write');
  t.match(client.stderr(), /c1 error EPIPE syscall=write "write EPIPE" \(already reported by a write callback\)/,
    'Node emits the same error object again as an error event');
  t.match(await client.call('recv', { sock: 'c1' }), { ok: true, value: { eof: true } }, 'not reported twice');
  t.match(errorOf(await client.call('send', { sock: 'c1', data: 'three' })), {
    name: 'ERR_STREAM_DESTROYED', synthesized: true,
  }, 'third write: Node destroyed the socket on the EPIPE');
});

// Node's own end → finish → close after the FIN races the harness's write, and both orders
// were measured. If the write comes first, writeAfterFIN destroys the socket with the invented
// EPIPE, which Node then also emits as 'error' (after the write callback had it); if Node had
// already destroyed the socket, there is no 'error' event. The replies are the same either way.
t.test('peer closed, allowHalfOpen false, no read first: the EPIPE is reported once', async (t) => {
  const { server, client } = await connected(t);
  t.match(await server.call('close', { sock: 's1' }), { ok: true });
  t.match(errorOf(await client.call('send', { sock: 'c1', data: 'one' })), {
    errno: 'EPIPE', synthesized: true, syscall: null, message: 'This socket has been ended by the other party',
  });
  t.match(await client.call('recv', { sock: 'c1' }), { ok: true, value: { eof: true } }, 'the EOF, not the EPIPE again');
  const errorEvents = client.stderr().split('\n').filter((line) => line.includes('c1 error'));
  t.ok(errorEvents.every((line) => line.endsWith('(already reported by a write callback)')),
    'an error event, if any, carried the object the write callback had');
});

t.test('abort (resetAndDestroy) with unread data: the peer reads ECONNRESET', async (t) => {
  const { server, client } = await connected(t);
  t.match(await client.call('send', { sock: 'c1', data: 'lost' }), { ok: true });
  t.match(await server.call('abort', { sock: 's1' }), { ok: true });
  t.match(errorOf(await client.call('recv', { sock: 'c1' })), {
    errno: 'ECONNRESET', synthesized: false, syscall: 'read', message: 'read ECONNRESET',
  });
});

// SCENARIOS.md close/half-close-shutdown-write, with the half-open options Node needs.
t.test('shutdown(write): the peer reads EOF and can still reply; our next write is refused', async (t) => {
  const { server, client } = await connected(t, { listen: { allowHalfOpen: true }, connect: { allowHalfOpen: true } });
  t.match(await client.call('shutdown', { sock: 'c1', how: 'write' }), { ok: true, value: {} });
  t.match(await server.call('recv', { sock: 's1' }), { ok: true, value: { eof: true } });
  t.match(await server.call('send', { sock: 's1', data: 'reply' }), { ok: true });
  t.match(await client.call('recv', { sock: 'c1' }), { ok: true, value: { data: 'reply' } });
  t.same(errorOf(await client.call('send', { sock: 'c1', data: 'more' })), {
    errno: null, name: 'ERR_STREAM_WRITE_AFTER_END', synthesized: true, syscall: null, message: 'write after end',
  }, 'the kernel would say EPIPE; Node refuses before any syscall');
  t.match(await client.call('shutdown', { sock: 'c1', how: 'read' }), { ok: false, unsupported: /SHUT_RD/ });
});

// SCENARIOS.md: Node accepts at once, so closing the listener resets nothing. The wait below
// asserts an absence (no FIN, no RST), so it is short.
t.test('listener closed after a client connected: Node had accepted it, nothing is reset', async (t) => {
  const { server, client } = await connected(t);
  const listening = await server.call('listen', { as: 'l2', host: LOOPBACK, port: 0 });
  const port = (listening['value'] as Message)['port'];
  t.match(await client.call('connect', { as: 'c2', host: LOOPBACK, port }), { ok: true });
  t.match(await server.call('close', { sock: 'l2' }), { ok: true });
  t.match(server.stderr(), /l2#1 connection/, 'Node accepted before the close');
  t.match(errorOf(await client.call('recv', { sock: 'c2', timeoutMs: 100 })), { name: 'agent-timeout', timeout: true });
  t.match(errorOf(await client.call('connect', { as: 'c3', host: LOOPBACK, port })), { errno: 'ECONNREFUSED' },
    'the listening fd is closed when close replies');
});

t.test('options Node lacks are unsupported, not faked', async (t) => {
  const { server } = await connected(t);
  t.match(await server.call('setopt', { sock: 's1', name: 'linger', value: 0 }), {
    ok: false, unsupported: 'node:net has no SO_LINGER option; use abort (resetAndDestroy)',
  });
  t.match(await server.call('setopt', { sock: 's1', name: 'nodelay', value: true }), { ok: true });
  t.match(await server.call('state', { sock: 's1' }), { ok: false, unsupported: 'node:net does not expose TCP_INFO' });
  t.match(await server.call('listen', { as: 'l9', host: LOOPBACK, port: 0, reusePort: true }), { ok: false, unsupported: /reusePort/ });
});

t.test('faults: unknown op, unknown socket, missing field, bad JSON', async (t) => {
  const agent = await start(command);
  t.teardown(() => agent.end());
  t.same(await agent.call('frobnicate'), { id: 1, fault: 'unknown op "frobnicate"' });
  t.same(await agent.call('recv', { sock: 'x9' }), { id: 2, fault: 'unknown socket "x9"' });
  t.same(await agent.call('listen', { as: 'l1', port: 0 }), { id: 3, fault: 'missing field "host"' });
  t.match(await agent.raw('{"id": 4, "op": '), { id: null, fault: /^malformed JSON/ });
  t.match(await agent.call('state', { sock: 'x9' }), { id: 4, fault: 'unknown socket "x9"' });
  t.match(await agent.call('listen', { as: 'l1', host: LOOPBACK, port: 0 }), { id: 5, ok: true }, 'a faulted request takes no name');
});

t.test('the agent exits 0 when stdin ends, closing what it holds', async (t) => {
  const { server, client } = await connected(t);
  t.equal(await server.end(), 0);
  t.match(await client.call('recv', { sock: 'c1' }), { ok: true, value: { eof: true } }, 'a plain close: FIN');
  t.equal(await client.end(), 0);
});
