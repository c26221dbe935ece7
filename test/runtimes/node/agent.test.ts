// The Node agent against real loopback sockets: two agent processes (server, client) driven over
// JSON lines, asserting what Node 20 on Linux was measured to do.
import t from 'tap';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import readline from 'node:readline';
import { execa } from 'execa';
import adapter from '../../../runtimes/node/adapter.ts';
import type { AgentCommand } from '../../../harness/adapters/adapter.ts';
import { addFirewallRule, probeFirewall } from '../../../harness/net/firewall.ts';
import { listSockets, type KernelSocket } from '../../../harness/net/list-sockets.ts';
import { createNamespace } from '../../../harness/net/namespace.ts';

type Message = Record<string, unknown>;
// What the helper below needs of a test; a subtest and the root `t` both have it.
type Checks = Pick<typeof t, 'teardown' | 'equal' | 'ok'>;

/** One running agent: send a request, get its reply; end it and get its exit code. */
interface Agent {
  hello: Message;
  call(op: string, fields?: Message): Promise<Message>;
  raw(line: string): Promise<Message>;
  stderr(): string;
  /** Whether the agent's log matches, waiting for it up to `ms`: an event to wait on, not a delay. */
  logged(pattern: RegExp, ms?: number): Promise<boolean>;
  end(): Promise<number | null>;
  /** SIGKILL by pid; resolves on exit, when the kernel has closed every fd the agent held. */
  kill(): Promise<void>;
}

// `prefix` runs the agent elsewhere, e.g. nsenter into a network namespace.
const start = async (command: AgentCommand, prefix: string[] = []): Promise<Agent> => {
  const [file, ...args] = [...prefix, command.file, ...command.args];
  const child = spawn(file!, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  // A killed agent's stdin may fail on end(); that is expected, not a test failure.
  child.stdin.on('error', () => {});
  let errText = '';
  const watchers = new Set<() => void>();
  child.stderr.on('data', (chunk: Buffer) => {
    errText += chunk.toString();
    for (const watch of [...watchers]) watch();
  });
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
    // stderr and stdout are two pipes: a line logged before a reply may still arrive after it.
    logged: (pattern, ms = 2000) => new Promise((resolve) => {
      const finish = (seen: boolean): void => {
        clearTimeout(timer);
        watchers.delete(watch);
        resolve(seen);
      };
      const watch = (): void => {
        if (pattern.test(errText)) finish(true);
      };
      const timer = setTimeout(() => finish(false), ms);
      watchers.add(watch);
      watch();
    }),
    end: async () => {
      child.stdin.end();
      return exited;
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
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
  options: { listen?: Message; connect?: Message; prefix?: string[] } = {},
): Promise<{ server: Agent; client: Agent; port: number; localPort: number }> => {
  const [server, client] = await Promise.all([start(command, options.prefix), start(command, options.prefix)]);
  t.teardown(async () => {
    await Promise.all([server.end(), client.end()]);
  });
  const listening = await server.call('listen', { as: 'l1', host: LOOPBACK, port: 0, ...options.listen });
  t.equal(listening['ok'], true, 'listen');
  const port = (listening['value'] as Message)['port'] as number;
  const dialled = await client.call('connect', { as: 'c1', host: LOOPBACK, port, ...options.connect });
  t.equal(dialled['ok'], true, 'connect');
  const accepted = await server.call('accept', { sock: 'l1', as: 's1' });
  t.equal(accepted['ok'], true, 'accept');
  t.equal((accepted['value'] as Message)['remotePort'], (dialled['value'] as Message)['localPort'], 'accept returns the client');
  return { server, client, port, localPort: (dialled['value'] as Message)['localPort'] as number };
};

const errorOf = (reply: Message): Message => reply['error'] as Message;

/** Asserts that the agent logs a line matching `pattern` (within 2 s). */
const seen = async (t: Checks, agent: Agent, pattern: RegExp, message: string): Promise<void> => {
  t.ok(await agent.logged(pattern), message, { found: agent.stderr(), wanted: pattern });
};

const valueOf = (reply: Message): Message => reply['value'] as Message;
const msOf = (reply: Message): number => (reply['t'] as Message)['ms'] as number;

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

// nodejs/node lib/net.js onconnection() reads at once: Node already read the bytes, so close() finds nothing unread
// and sends FIN. The server's event loop reads the socket as soon as the bytes land, long before
// the harness's `close` line reaches its stdin (the client's send reply comes first).
t.test('server closes with unread data, eager reading: the client reads a clean EOF', async (t) => {
  const { server, client } = await connected(t);
  t.match(await client.call('send', { sock: 'c1', data: 'unread' }), { ok: true, value: { bytes: 6 } });
  t.match(await server.call('close', { sock: 's1' }), { ok: true });
  await seen(t, server, /s1 data 6 bytes/, 'Node had read the bytes before close');
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
  await seen(t, client, /c1 error ECONNRESET syscall=read "read ECONNRESET"\n.*c1 close hadError=true/, 'the read error, then close');
  t.same(errorOf(await client.call('send', { sock: 'c1', data: 'late' })), {
    errno: null, name: 'ERR_STREAM_DESTROYED', synthesized: true, syscall: null,
    message: 'Cannot call write after a stream was destroyed',
  }, 'a write after the reset: Node refuses it, no syscall');
});

// nodejs/node lib/net.js onReadableStreamEnd(): with allowHalfOpen false, Node ends its side on the peer's FIN and invents
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
  await seen(t, client, /c1 end\n.*c1 finish\n/, 'Node ended our side by itself: its FIN went out');
});

t.test('peer closed, allowHalfOpen true: first write ok, second gets the kernel EPIPE', async (t) => {
  const { server, client } = await connected(t, { connect: { allowHalfOpen: true } });
  t.match(await server.call('close', { sock: 's1' }), { ok: true });
  t.match(await client.call('recv', { sock: 'c1' }), { ok: true, value: { eof: true } }, 'the FIN arrived');
  t.match(await client.call('send', { sock: 'c1', data: 'one' }), { ok: true, value: { bytes: 3 } }, 'first write');
  t.same(errorOf(await client.call('send', { sock: 'c1', data: 'two' })), {
    errno: 'EPIPE', name: 'EPIPE', synthesized: false, syscall: 'write', message: 'write EPIPE',
  }, 'second write');
  await seen(t, client, /c1 error EPIPE syscall=write "write EPIPE" \(already reported by a write callback\)/,
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

// suites/close/half-close-shutdown-write.ts, with the half-open options Node needs.
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

// libuv src/unix/stream.c uv__server_io(): Node accepts at once, so closing the listener resets nothing. The wait below
// asserts an absence (no FIN, no RST), so it is short.
t.test('listener closed after a client connected: Node had accepted it, nothing is reset', async (t) => {
  const { server, client } = await connected(t);
  const listening = await server.call('listen', { as: 'l2', host: LOOPBACK, port: 0 });
  const port = (listening['value'] as Message)['port'];
  t.match(await client.call('connect', { as: 'c2', host: LOOPBACK, port }), { ok: true });
  t.match(await server.call('close', { sock: 'l2' }), { ok: true });
  await seen(t, server, /l2#1 connection/, 'Node accepted before the close');
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
  t.match(await server.call('setopt', { sock: 's1', name: 'user_timeout', value: 1000 }), {
    ok: false, unsupported: 'node:net has no TCP_USER_TIMEOUT',
  });
  t.match(await server.call('info', { sock: 's1' }), { ok: false, unsupported: 'node:net does not expose TCP_INFO' });
  t.match(await server.call('info', { sock: 'x9' }), { fault: 'unknown socket "x9"' });
  // reuseAddr is honoured where it says what libuv does: set on every bind, on nothing else.
  t.match(await server.call('listen', { as: 'l9', host: LOOPBACK, port: 0, reuseAddr: false }), {
    ok: false, unsupported: 'libuv always sets SO_REUSEADDR on TCP listeners (uv__tcp_bind in src/unix/tcp.c)',
  });
  t.match(await server.call('connect', { as: 'l9', host: LOOPBACK, port: 1, bindPort: 1, reuseAddr: false }), {
    ok: false, unsupported: 'libuv always sets SO_REUSEADDR when it binds a local port (uv__tcp_bind in src/unix/tcp.c)',
  });
  t.match(await server.call('connect', { as: 'l9', host: LOOPBACK, port: 1, reuseAddr: true }), {
    ok: false, unsupported: 'node:net sets SO_REUSEADDR only when it binds a local port (bindPort)',
  });
  t.match(await server.call('listen', { as: 'l9', host: LOOPBACK, port: 0, reuseAddr: true }), { ok: true },
    'true is what libuv does anyway; the unsupported replies took no name');
});

// suites/close/time-wait-after-active-close.ts: "bind EADDRINUSE unless SO_REUSEADDR on both
// sockets". The server closes first, so the TIME_WAIT is on the listener's port, on a socket that
// inherited SO_REUSEADDR from Node's listener: a new listen on that port succeeds.
t.test('listen on an explicit port held in TIME_WAIT: Node set SO_REUSEADDR, the bind succeeds', async (t) => {
  const { server, client, port, localPort } = await connected(t);
  t.match(await server.call('close', { sock: 's1' }), { ok: true });
  t.match(await client.call('recv', { sock: 'c1' }), { ok: true, value: { eof: true } });
  // Our FIN: on loopback the server's kernel takes it before close() returns.
  t.match(await client.call('close', { sock: 'c1' }), { ok: true });
  t.match(await server.call('close', { sock: 'l1' }), { ok: true });
  const listed = await listSockets([port]);
  const held = listed.ok ? listed.sockets.filter((s) => s.localPort === port) : [];
  t.ok(held.some((s) => s.state === 'TIME-WAIT' && s.peerPort === localPort), 'our connection left a TIME_WAIT on the port', { found: listed });
  t.ok(held.every((s) => s.state === 'TIME-WAIT'), 'and only TIME_WAITs hold it', { found: listed });
  t.same(await server.call('listen', { as: 'l2', host: LOOPBACK, port }).then(valueOf), { port });
  const inUse = {
    errno: 'EADDRINUSE', name: 'EADDRINUSE', synthesized: false, syscall: 'listen',
    message: `listen EADDRINUSE: address already in use 127.0.0.1:${port}`,
  };
  t.same(errorOf(await server.call('listen', { as: 'l3', host: LOOPBACK, port })), inUse,
    'a listening socket does conflict; libuv defers the bind(2) error, so Node names listen');
  t.same(errorOf(await server.call('reserve', { as: 'r3', host: LOOPBACK, port })), inUse, 'reserve with an explicit port, the same');
  t.match(await server.call('close', { sock: 'l2' }), { ok: true });
  t.same(await server.call('reserve', { as: 'r4', host: LOOPBACK, port }).then(valueOf), { port, held: false }, 'a free explicit port');
});

// Node binds '0.0.0.0' (DEFAULT_IPV4_ADDR) on the localPort, with SO_REUSEADDR; a bind error is
// found by checkBindError after libuv deferred it.
t.test('connect with bindPort: the connection comes from that port; a port in use is bind EADDRINUSE', async (t) => {
  const agent = await start(command);
  t.teardown(() => agent.end());
  const bindPort = (await agent.call('reserve', { as: 'r1', host: LOOPBACK }).then(valueOf))['port'] as number;
  const { server, client, port } = await connected(t, { connect: { bindPort } });
  await seen(t, server, new RegExp(`l1#1 connection remotePort=${bindPort}\n`), 'the server sees the bound port');
  t.same(errorOf(await client.call('connect', { as: 'c2', host: LOOPBACK, port, bindPort: port })), {
    errno: 'EADDRINUSE', name: 'EADDRINUSE', synthesized: false, syscall: 'bind', message: `bind EADDRINUSE 0.0.0.0:${port}`,
  }, 'the listener holds the port');
});

// The other half of "SO_REUSEADDR on both sockets": a client's TIME_WAIT blocks a bind to its
// port unless that client had bound with SO_REUSEADDR too, which Node does only given a localPort.
t.test('bindPort on a port in client-side TIME_WAIT: refused after an ephemeral port, allowed after a bound one', async (t) => {
  const other = await start(command);
  t.teardown(() => other.end());
  const target = (await other.call('listen', { as: 'l1', host: LOOPBACK, port: 0 }).then(valueOf))['port'];
  // Other TIME_WAITs may touch the same server port (an earlier listener's), hence both ports.
  const timeWaitOf = async (connect: Message): Promise<number> => {
    const { server, client, port, localPort } = await connected(t, { connect });
    t.match(await client.call('close', { sock: 'c1' }), { ok: true });
    t.match(await server.call('recv', { sock: 's1' }), { ok: true, value: { eof: true } });
    t.match(await server.call('close', { sock: 's1' }), { ok: true });
    const listed = await listSockets([port]);
    const ours = (s: KernelSocket): boolean => s.state === 'TIME-WAIT' && s.localPort === localPort && s.peerPort === port;
    t.ok(listed.ok && listed.sockets.some(ours), `the client's port ${localPort} is in TIME_WAIT`, { found: listed });
    return localPort;
  };
  const ephemeral = await timeWaitOf({});
  t.same(errorOf(await other.call('connect', { as: 'c1', host: LOOPBACK, port: target, bindPort: ephemeral })), {
    errno: 'EADDRINUSE', name: 'EADDRINUSE', synthesized: false, syscall: 'bind', message: `bind EADDRINUSE 0.0.0.0:${ephemeral}`,
  }, 'the TIME_WAIT socket had no SO_REUSEADDR');
  const reserved = (await other.call('reserve', { as: 'r1', host: LOOPBACK }).then(valueOf))['port'] as number;
  const bound = await timeWaitOf({ bindPort: reserved });
  t.equal(bound, reserved);
  t.same(valueOf(await other.call('connect', { as: 'c2', host: LOOPBACK, port: target, bindPort: bound })), { localPort: bound },
    'both sockets had SO_REUSEADDR');
});

const TIMEOUT_EVENT = {
  errno: null, name: 'timeout-event', synthesized: true, syscall: null,
  message: "socket.setTimeout fired: Node's idle timer, not a kernel error; the socket stays open",
};

// suites/timeout/recv-timeout-sends-nothing.ts, the Node way: socket.setTimeout is armed by
// setopt and measures idleness, so it fires once per idle period, never per read like
// SO_RCVTIMEO. Two waits below assert that nothing comes: each is short and says so.
t.test('rcvtimeo: a blocking recv reports the timeout event; the socket stays usable; it fires once per idle period', async (t) => {
  const { server, client } = await connected(t);
  const armed = await client.call('setopt', { sock: 'c1', name: 'rcvtimeo', value: 200 });
  t.match(armed, { ok: true, value: {} });
  const fired = await client.call('recv', { sock: 'c1', blocking: true });
  t.same(errorOf(fired), TIMEOUT_EVENT);
  const after = (fired['t'] as Message)['start'] as number + msOf(fired) - ((armed['t'] as Message)['start'] as number);
  t.ok(after >= 190 && after < 1000, `it fired 200 ms after setopt armed it (${after.toFixed(0)} ms)`);
  t.match(errorOf(await client.call('recv', { sock: 'c1', blocking: true, timeoutMs: 500 })), { name: 'agent-timeout', timeout: true },
    'no activity since: the idle timer does not fire again (a 500 ms wait for nothing)');
  t.match(errorOf(await server.call('recv', { sock: 's1', timeoutMs: 100 })), { name: 'agent-timeout' },
    'the peer received nothing (a 100 ms wait for nothing)');
  t.match(await server.call('send', { sock: 's1', data: 'hi' }), { ok: true });
  t.same(valueOf(await client.call('recv', { sock: 'c1', blocking: true })), { data: 'hi', bytes: 2 }, 'the data, not a timeout');
  t.same(errorOf(await client.call('recv', { sock: 'c1', blocking: true })), TIMEOUT_EVENT, 'the data re-armed the timer');
  t.match(await client.call('send', { sock: 'c1', data: 'still open' }), { ok: true, value: { bytes: 10 } });
  t.same(valueOf(await server.call('recvAll', { sock: 's1', bytes: 10 })), { data: 'still open', bytes: 10 });
  t.match(await client.call('setopt', { sock: 'c1', name: 'rcvtimeo', value: 'soon' }), { fault: /field "value" must be a number or a boolean, got "soon"/ });
});

// Node emits 'timeout' whether or not anything reads: a blocking recv gets the one that fired
// since the last read, after the bytes that came before it. A recv without `blocking` lets it pass.
// Each step waits for the agent's log, so the order of bytes and timer is the one intended.
t.test('rcvtimeo: a timeout that fired while nobody read is reported in its place in the stream', async (t) => {
  const { server, client } = await connected(t);
  t.match(await server.call('send', { sock: 's1', data: 'before' }), { ok: true });
  await seen(t, client, /c1 data 6 bytes/, 'Node read the first bytes');
  t.match(await client.call('setopt', { sock: 'c1', name: 'rcvtimeo', value: 50 }), { ok: true });
  await seen(t, client, /c1 timeout \(idle 50 ms\)/, 'the timer fired, nobody reading');
  t.match(await server.call('send', { sock: 's1', data: 'after' }), { ok: true });
  await seen(t, client, /c1 data 5 bytes/, 'then Node read more bytes');
  t.same(valueOf(await client.call('recv', { sock: 'c1', blocking: true })), { data: 'before', bytes: 6 }, 'bytes from before the timer fired');
  const stale = await client.call('recv', { sock: 'c1', blocking: true });
  t.same(errorOf(stale), TIMEOUT_EVENT, 'then the timeout');
  t.ok(msOf(stale) < 50, `at once: it had fired already (${msOf(stale).toFixed(1)} ms)`);
  t.same(valueOf(await client.call('recv', { sock: 'c1', blocking: true })), { data: 'after', bytes: 5 }, 'then what came after');
  await seen(t, client, /c1 timeout \(idle 50 ms\)[^]*c1 timeout \(idle 50 ms\)/, 'the bytes re-armed the timer; it fired again');
  t.match(await client.call('setopt', { sock: 'c1', name: 'rcvtimeo', value: 0 }), { ok: true }, 'no timer from here on');
  t.match(await server.call('send', { sock: 's1', data: 'x' }), { ok: true });
  t.same(valueOf(await client.call('recv', { sock: 'c1' })), { data: 'x', bytes: 1 }, 'a recv without blocking does not watch the timer');
  t.match(errorOf(await client.call('recv', { sock: 'c1', blocking: true, timeoutMs: 50 })), { name: 'agent-timeout' },
    'and the timeout it passed is gone (a 50 ms wait for nothing)');
});

// Node 20's setKeepAlive(true) passes an initial delay of 0 s to uv_tcp_keepalive: strace shows
// setsockopt(TCP_KEEPIDLE, 0) = -1 EINVAL, which Node ignores, and no TCP_KEEPINTVL/TCP_KEEPCNT
// after it. SO_KEEPALIVE is on with the kernel's idle time; ss shows what is left of it.
t.test('keepalive: setKeepAlive(true) arms the kernel keepalive timer at its default idle time', async (t) => {
  const { client, port } = await connected(t);
  const timer = async (): Promise<string> => {
    const ss = await execa('ss', ['-tnoH', 'state', 'established', 'dport', '=', `:${port}`], { reject: false });
    return /timer:\((\w+),([^,]+),/.exec(String(ss.stdout))?.slice(1, 3).join(' ') ?? 'none';
  };
  // ss shows whole minutes left (the idle time here is at least 2 min): a few ms may have passed.
  const minutes = Math.floor(Number(await readFile('/proc/sys/net/ipv4/tcp_keepalive_time', 'utf8')) / 60);
  t.equal(await timer(), 'none', 'no keepalive timer before');
  t.match(await client.call('setopt', { sock: 'c1', name: 'keepalive', value: true }), { ok: true, value: {} });
  t.match(await timer(), new RegExp(`^keepalive (${minutes}|${minutes - 1})min$`), `net.ipv4.tcp_keepalive_time (${minutes} min), not Node's`);
  t.match(await client.call('setopt', { sock: 'c1', name: 'keepalive', value: false }), { ok: true });
  t.equal(await timer(), 'none', 'off again');
  t.match(await client.call('setopt', { sock: 'c1', name: 'keepalive', value: 1 }), { fault: 'field "value" must be a boolean, got 1' });
});

t.test('send bytes: N bytes of the a-z pattern in one write', async (t) => {
  const { server, client } = await connected(t);
  t.same(valueOf(await client.call('send', { sock: 'c1', bytes: 30 })), { bytes: 30 });
  t.same(valueOf(await server.call('recvAll', { sock: 's1', bytes: 30 })), { data: 'abcdefghijklmnopqrstuvwxyzabcd', bytes: 30 });
  t.match(await client.call('send', { sock: 'c1', bytes: 3, data: 'abc' }), { fault: 'give exactly one of "data" and "bytes"' });
});

// Loopback's kernel buffers hold a few MB here while the peer does not read (pauseOnConnect):
// 16 MB cannot all leave Node. The write goes on after the agent stops waiting.
const BIG = 16 << 20;

t.test('send bytes into a full window: an agent timeout, the socket kept, the bytes delivered later in order', async (t) => {
  const { server, client } = await connected(t, { listen: { pauseOnConnect: true } });
  t.same(errorOf(await client.call('send', { sock: 'c1', bytes: BIG, timeoutMs: 300 })), {
    errno: 'ETIMEDOUT', name: 'agent-timeout', synthesized: true, syscall: null, message: 'no outcome within 300 ms', timeout: true,
  });
  await seen(t, client, new RegExp(`c1 write of ${BIG} bytes pending: ${BIG} bytes still in Node`), 'Node had not called back');
  t.match(errorOf(await client.call('send', { sock: 'c1', data: 'tail', timeoutMs: 100 })), { name: 'agent-timeout' },
    'a later write queues behind it');
  const all = await server.call('recvAll', { sock: 's1', bytes: BIG + 4, timeoutMs: 10000 });
  const data = String(valueOf(all)['data']);
  t.equal(valueOf(all)['bytes'], BIG + 4, 'every byte arrived once the peer read');
  // t.ok, not t.equal: a failure must not print 16 MB.
  t.ok(data === 'abcdefghijklmnopqrstuvwxyz'.repeat(Math.ceil(BIG / 26)).slice(0, BIG) + 'tail', 'the pattern, then the later write',
    { found: `${data.slice(0, 30)}...${data.slice(-30)}` });
  await seen(t, client, new RegExp(`c1 late write callback for ${BIG} bytes: no error\n.*c1 late write callback for 4 bytes`),
    'both callbacks came later, in order');
});

// Node reads eagerly, so the peer's RST reaches the read first and destroys the socket; libuv then
// fails the queued write with UV_ECANCELED (src/unix/stream.c uv__stream_flush_write_queue()).
// onWriteComplete in lib/internal/stream_base_commons.js: Node 20 checks `stream.destroyed` first
// and calls back with no error; nodejs/node#54032 ("Relocate the status checking code") checks the
// status first, so the callback gets ECANCELED. Measured: 20.20.2 the first, 22.23.3 and 24.22.3 the second.
const CANCELS_WRITE = Number(process.versions.node.split('.')[0]) >= 22;
t.test(`a write still in Node when the peer resets: the write callback reports ${CANCELS_WRITE ? "libuv's ECANCELED" : 'success'}, the read ECONNRESET`, async (t) => {
  const { server, client } = await connected(t, { listen: { pauseOnConnect: true } });
  const sending = client.call('send', { sock: 'c1', bytes: BIG, timeoutMs: 5000 });
  // The RST must come after the write started, or it is a different case (a write after a RST).
  await seen(t, client, new RegExp(`c1 write ${BIG} bytes returned`), 'the write is under way');
  t.match(await server.call('close', { sock: 's1' }), { ok: true }, 'the server closes with unread data: RST');
  if (CANCELS_WRITE) {
    t.same(errorOf(await sending), {
      errno: 'ECANCELED', name: 'ECANCELED', synthesized: true, syscall: 'write', message: 'write ECANCELED',
    }, 'the write callback had libuv\'s ECANCELED, made up: no write failed');
    await seen(t, client, /c1 error ECONNRESET syscall=read "read ECONNRESET"\n.*c1 write callback ECANCELED syscall=write/, 'the read error first, then the cancelled write');
  } else {
    t.same(valueOf(await sending), { bytes: BIG }, 'the write callback had no error');
    const order = `c1 error ECONNRESET syscall=read "read ECONNRESET"\n.*c1 write callback for ${BIG} bytes: no error, on a destroyed socket`;
    await seen(t, client, new RegExp(order), 'the read error first, then the write callback without one');
  }
  t.same(errorOf(await client.call('recv', { sock: 'c1' })), {
    errno: 'ECONNRESET', name: 'ECONNRESET', synthesized: false, syscall: 'read', message: 'read ECONNRESET',
  });
});

// SIGKILL closes the peer's fds in the kernel: a RST if it held unread bytes, else a FIN, the same
// as its close(). We wait for the agent to log the RST, so the write below surely comes after it.
t.test('peer SIGKILLed holding unread data: the write is refused by Node, the read gets ECONNRESET', async (t) => {
  const { server, client } = await connected(t, { listen: { pauseOnConnect: true } });
  t.match(await client.call('send', { sock: 'c1', data: 'unread' }), { ok: true });
  await server.kill();
  await seen(t, client, /c1 error ECONNRESET/, 'Node read the RST');
  t.same(errorOf(await client.call('send', { sock: 'c1', data: 'more' })), {
    errno: null, name: 'ERR_STREAM_DESTROYED', synthesized: true, syscall: null, message: 'Cannot call write after a stream was destroyed',
  }, 'the kernel would say ECONNRESET here; Node destroyed the socket on its read error');
  t.same(errorOf(await client.call('recv', { sock: 'c1' })), {
    errno: 'ECONNRESET', name: 'ECONNRESET', synthesized: false, syscall: 'read', message: 'read ECONNRESET',
  });
});

t.test('peer SIGKILLed with nothing unread: EOF, then the EPIPE Node makes up', async (t) => {
  const { server, client } = await connected(t);
  await server.kill();
  t.same(valueOf(await client.call('recv', { sock: 'c1' })), { eof: true });
  t.same(errorOf(await client.call('send', { sock: 'c1', data: 'more' })), {
    errno: 'EPIPE', name: 'EPIPE', synthesized: true, syscall: null, message: 'This socket has been ended by the other party',
  });
});

// suites/halfopen/peer-vanished.ts inside a namespace of our own: its lo drops all TCP and
// its tcp_retries2 is 2, so the kernel gives up in seconds. Node has no TCP_USER_TIMEOUT; this
// is the only way a Node program sees the kernel's ETIMEDOUT soon.
const vanishSkip = process.platform !== 'linux' ? 'network namespaces are Linux only' : false;
t.test('peer host vanished: sends succeed, the idle timer fires, then the kernel ETIMEDOUT on the read', { skip: vanishSkip }, async (t) => {
  const ns = await createNamespace();
  // t.plan(0, reason) marks this test skipped, with the reason, before it asserts anything.
  if ('unavailable' in ns) return t.plan(0, ns.reason);
  t.teardown(() => ns.close());
  const sysctl = await execa(ns.prefix[0]!, [...ns.prefix.slice(1), 'sysctl', '-w', 'net.ipv4.tcp_retries2=2'], { reject: false });
  if (sysctl.exitCode !== 0) return t.plan(0, `cannot set tcp_retries2 in the namespace: ${String(sysctl.stderr).trim()}`);
  const noFirewall = await probeFirewall(ns.prefix);
  if (noFirewall !== null) return t.plan(0, noFirewall);
  const { client } = await connected(t, { prefix: ns.prefix });
  t.match(await client.call('setopt', { sock: 'c1', name: 'rcvtimeo', value: 300 }), { ok: true });
  const drop = { role: 'harness', op: 'firewall', host: 'server', chain: 'input', match: 'tcp', action: 'drop' } as const;
  t.equal(await addFirewallRule(ns.prefix, drop, 1), null, 'from now on lo drops every TCP segment');
  t.same(valueOf(await client.call('send', { sock: 'c1', data: 'into the void' })), { bytes: 13 }, 'queued in the kernel: a success');
  t.same(errorOf(await client.call('recv', { sock: 'c1', blocking: true })), TIMEOUT_EVENT, 'the idle timer, while the kernel retransmits');
  const gaveUp = await client.call('recv', { sock: 'c1', blocking: true, timeoutMs: 15000 });
  t.same(errorOf(gaveUp), {
    errno: 'ETIMEDOUT', name: 'ETIMEDOUT', synthesized: false, syscall: 'read', message: 'read ETIMEDOUT',
  }, `the kernel gave up after its retransmissions (${msOf(gaveUp).toFixed(0)} ms later)`);
  t.same(errorOf(await client.call('send', { sock: 'c1', data: 'again' })), {
    errno: null, name: 'ERR_STREAM_DESTROYED', synthesized: true, syscall: null, message: 'Cannot call write after a stream was destroyed',
  }, 'the kernel would say EPIPE; Node destroyed the socket on the read error');
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
