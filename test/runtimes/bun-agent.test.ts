// The Bun agents against real loopback sockets: the bun-api agent (Bun.listen/Bun.connect,
// runtimes/bun/native-agent.ts) and the node:net agent run by bun, asserting what Bun 1.4.5 on
// Linux was measured to do. Skipped where no bun is installed.
import t from 'tap';
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import adapter from '../../runtimes/bun/adapter.ts';
import type { AgentCommand } from '../../harness/adapters/adapter.ts';

type Message = Record<string, unknown>;
type Checks = Pick<typeof t, 'teardown' | 'equal' | 'ok'>;

interface Agent {
  hello: Message;
  call(op: string, fields?: Message): Promise<Message>;
  /** Sends a request now; its reply is the promise (the agent answers in order). */
  send(op: string, fields?: Message): Promise<Message>;
  stderr(): string;
  end(): Promise<number | null>;
}

const start = async (command: AgentCommand): Promise<Agent> => {
  const child = spawn(command.file, command.args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...command.env } });
  child.stdin.on('error', () => {});
  let errText = '';
  child.stderr.on('data', (chunk: Buffer) => {
    errText += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  // Replies come in order: each request takes the next line, in the order requests were sent.
  let queue: Promise<unknown> = Promise.resolve();
  const next = (): Promise<Message> => {
    const reply = queue.then(async () => {
      const line = await lines.next();
      if (line.done) throw new Error(`the agent ended its stdout; stderr:\n${errText}`);
      return JSON.parse(line.value) as Message;
    });
    queue = reply.catch(() => undefined);
    return reply;
  };
  let id = 0;
  const send = (op: string, fields: Message = {}): Promise<Message> => {
    child.stdin.write(`${JSON.stringify({ id: ++id, op, ...fields })}\n`);
    return next();
  };
  return {
    hello: await next(),
    call: send,
    send,
    stderr: () => errText,
    end: async () => {
      child.stdin.end();
      return exited;
    },
  };
};

const prepared = await adapter.prepare({ cacheDir: t.testdir() });
if (!prepared.available) t.plan(0, `bun is not available: ${prepared.reason}`);
const noCommand: AgentCommand = { file: 'false', args: [] };
const api = prepared.available ? prepared.command('bun-api') : noCommand;
const nodeNet = prepared.available ? prepared.command() : noCommand;
const version = prepared.available ? prepared.version : '';
const LOOPBACK = '127.0.0.1';

const errorOf = (reply: Message): Message => reply['error'] as Message;
const valueOf = (reply: Message): Message => reply['value'] as Message;

const connected = async (
  t: Checks,
  options: { listen?: Message; connect?: Message; command?: AgentCommand } = {},
): Promise<{ server: Agent; client: Agent; port: number }> => {
  const command = options.command ?? api;
  const [server, client] = await Promise.all([start(command), start(command)]);
  t.teardown(async () => {
    await Promise.all([server.end(), client.end()]);
  });
  const listening = await server.call('listen', { as: 'l1', host: LOOPBACK, port: 0, ...options.listen });
  t.equal(listening['ok'], true, 'listen');
  const port = valueOf(listening)['port'] as number;
  const dialled = await client.call('connect', { as: 'c1', host: LOOPBACK, port, ...options.connect });
  t.equal(dialled['ok'], true, 'connect');
  const accepted = await server.call('accept', { sock: 'l1', as: 's1' });
  t.equal(valueOf(accepted)['remotePort'], valueOf(dialled)['localPort'], 'accept returns the client');
  return { server, client, port };
};

const REFUSED = {
  errno: null, name: 'write-returned-minus-1', synthesized: true, syscall: null,
  message: 'socket.write returned -1: Bun gives no error (it returns -1 for a socket shut down or closed, and for a failed send)',
};

if (prepared.available) {
  t.test('hellos: both programs say runtime bun and Bun\'s version', async (t) => {
    for (const command of [api, nodeNet]) {
      const agent = await start(command);
      t.match(agent.hello, { hello: 'sockspec-agent', protocol: 1, runtime: 'bun', version });
      t.equal(await agent.end(), 0);
    }
  });

  t.test('bun-api: bytes make a round trip, all 256 values intact', async (t) => {
    const { server, client } = await connected(t);
    const data = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
    t.match(await client.call('send', { sock: 'c1', data }), { ok: true, value: { bytes: 256 } });
    t.match(await server.call('recvAll', { sock: 's1', bytes: 256 }), { ok: true, value: { data, bytes: 256 } });
  });

  t.test('bun-api: a send larger than the socket buffers is written on drain until done', async (t) => {
    const { server, client } = await connected(t);
    const bytes = 8 << 20;
    const sent = client.send('send', { sock: 'c1', bytes, timeoutMs: 10000 });
    const got = valueOf(await server.call('recvAll', { sock: 's1', bytes, timeoutMs: 10000 }));
    t.equal(got['bytes'], bytes, 'every byte arrived');
    t.equal(String(got['data']).slice(0, 30), 'abcdefghijklmnopqrstuvwxyzabcd', 'the pattern, from its start');
    const tail = Array.from({ length: 4 }, (_, i) => String.fromCharCode(97 + ((bytes - 4 + i) % 26))).join('');
    t.equal(String(got['data']).slice(-4), tail, 'and in order to its end');
    t.match(await sent, { ok: true, value: { bytes } });
    t.match(client.stderr(), /c1 write \d+ bytes returned \d+\n(.|\n)*c1 write/, 'more than one write(): the rest went on drain');
  });

  t.test('bun-api: connect to a closed port is ECONNREFUSED from connect', async (t) => {
    const agent = await start(api);
    t.teardown(() => agent.end());
    const reserved = await agent.call('reserve', { as: 'r1', host: LOOPBACK });
    t.match(reserved, { ok: true, value: { held: false } }, 'Bun cannot hold a port without listening');
    t.same(errorOf(await agent.call('connect', { as: 'c1', host: LOOPBACK, port: valueOf(reserved)['port'] })), {
      errno: 'ECONNREFUSED', name: 'ECONNREFUSED', synthesized: false, syscall: 'connect', message: 'Failed to connect',
    });
    t.match(errorOf(await agent.call('connect', { as: 'c2', host: LOOPBACK, port: 1 })), { errno: 'ECONNREFUSED', syscall: 'connect' }, 'port 1, the same');
  });

  t.test('bun-api: the peer\'s FIN closes our side at once; writes are then refused with no error', async (t) => {
    const { server, client } = await connected(t);
    t.match(await server.call('close', { sock: 's1' }), { ok: true });
    t.match(await client.call('recv', { sock: 'c1' }), { ok: true, value: { eof: true } });
    t.same(errorOf(await client.call('send', { sock: 'c1', data: 'one' })), REFUSED);
    t.same(errorOf(await client.call('send', { sock: 'c1', data: 'two' })), REFUSED);
    t.match(await client.call('recv', { sock: 'c1' }), { ok: true, value: { eof: true } }, 'EOF stays EOF');
    t.match(client.stderr(), /c1 end \(readyState[^\n]*\n(.|\n)*c1 close\n/, 'end, then Bun closed the socket itself');
  });

  t.test('bun-api: allowHalfOpen keeps our side: the first write goes out, its RST closes the socket with EPIPE', async (t) => {
    const { server, client } = await connected(t, { connect: { allowHalfOpen: true } });
    t.match(await server.call('close', { sock: 's1' }), { ok: true });
    t.match(await client.call('recv', { sock: 'c1' }), { ok: true, value: { eof: true } });
    t.match(await client.call('send', { sock: 'c1', data: 'one' }), { ok: true, value: { bytes: 3 } });
    // The agent lets the event loop turn before each request, so the error poll the RST raised is
    // handled first: uSockets fetches SO_ERROR (EPIPE) and closes the socket. (Had the write come
    // first, send(2) would fail EPIPE and write() would still return -1, with no error.)
    t.same(errorOf(await client.call('send', { sock: 'c1', data: 'two' })), REFUSED);
    t.match(client.stderr(), /c1 close EPIPE syscall=read/, 'the reset reached Bun as an error poll (SO_ERROR), labelled a read error');
  });

  t.test('bun-api: shutdown(write), the peer\'s EOF and FIN: Bun reports the clean close as EOF', async (t) => {
    const { server, client } = await connected(t);
    t.match(await client.call('shutdown', { sock: 'c1', how: 'write' }), { ok: true, value: {} });
    t.match(await server.call('recv', { sock: 's1' }), { ok: true, value: { eof: true } });
    t.match(await client.call('recv', { sock: 'c1' }), { ok: true, value: { eof: true } }, 'close with no error and no end handler: the stream ended');
    t.same(errorOf(await client.call('send', { sock: 'c1', data: 'late' })), REFUSED, 'Bun refuses writes after shutdown');
  });

  t.test('bun-api: with pauseOnConnect the server does not read, so its close resets', async (t) => {
    const { server, client } = await connected(t, { listen: { pauseOnConnect: true } });
    t.match(await client.call('send', { sock: 'c1', data: 'unread' }), { ok: true });
    t.match(await server.call('close', { sock: 's1' }), { ok: true });
    t.notMatch(server.stderr(), /s1 data/, 'nothing was read');
    t.same(errorOf(await client.call('recv', { sock: 'c1' })), {
      errno: 'ECONNRESET', name: 'ECONNRESET', synthesized: false, syscall: 'read', message: 'ECONNRESET: connection reset by peer, read',
    });
    t.match(errorOf(await client.call('recv', { sock: 'c1' })), { errno: null, name: 'socket-detached', synthesized: true },
      'the error comes once, through close; then the socket is detached');
  });

  t.test('bun-api: without pauseOnConnect Bun read the bytes, so the close is a FIN', async (t) => {
    const { server, client } = await connected(t);
    t.match(await client.call('send', { sock: 'c1', data: 'unread' }), { ok: true });
    t.match(await server.call('close', { sock: 's1' }), { ok: true });
    t.match(server.stderr(), /s1 data 6 bytes/, 'Bun read them into the data handler');
    t.match(await client.call('recv', { sock: 'c1' }), { ok: true, value: { eof: true } });
  });

  t.test('bun-api: abort is terminate(): the peer reads ECONNRESET', async (t) => {
    const { server, client } = await connected(t);
    t.match(await server.call('abort', { sock: 's1' }), { ok: true });
    t.match(errorOf(await client.call('recv', { sock: 'c1' })), { errno: 'ECONNRESET', syscall: 'read' });
  });

  t.test('bun-api: what Bun\'s API lacks is unsupported, never faked', async (t) => {
    const { server, client, port } = await connected(t);
    t.match(await server.call('setopt', { sock: 's1', name: 'rcvtimeo', value: 100 }), { ok: false, unsupported: /SO_RCVTIMEO/ });
    t.match(await server.call('setopt', { sock: 's1', name: 'linger', value: 0 }), { ok: false, unsupported: /SO_LINGER/ });
    t.match(await server.call('setopt', { sock: 's1', name: 'user_timeout', value: 1000 }), { ok: false, unsupported: /TCP_USER_TIMEOUT/ });
    t.match(await server.call('setopt', { sock: 's1', name: 'nodelay', value: false }), { ok: true });
    t.match(await server.call('setopt', { sock: 's1', name: 'keepalive', value: true }), { ok: true });
    t.match(await server.call('state', { sock: 's1' }), { ok: false, unsupported: /TCP_INFO/ });
    t.match(await server.call('info', { sock: 's1' }), { ok: false, unsupported: /TCP_INFO/ });
    t.match(await server.call('listen', { as: 'l9', host: LOOPBACK, port: 0, reuseAddr: false }), { ok: false, unsupported: /SO_REUSEADDR/ });
    t.match(await server.call('listen', { as: 'l9', host: LOOPBACK, port: 0, backlog: 4 }), { ok: false, unsupported: /backlog/ });
    t.match(await client.call('connect', { as: 'c9', host: LOOPBACK, port, bindPort: 40000 }), { ok: false, unsupported: /localPort/ });
    t.match(await client.call('connect', { as: 'c9', host: LOOPBACK, port, reuseAddr: true }), { ok: false, unsupported: /never binds/ });
    t.match(await server.call('listen', { as: 'l9', host: LOOPBACK, port: 0, reuseAddr: true }), { ok: true }, 'the unsupported replies took no name');
  });

  t.test('bun-api: closing a listener leaves the connections it accepted alone', async (t) => {
    const { server, client, port } = await connected(t);
    t.match(await client.call('connect', { as: 'c2', host: LOOPBACK, port }), { ok: true });
    t.match(await server.call('close', { sock: 'l1' }), { ok: true });
    t.match(server.stderr(), /l1#2 open/, 'Bun had accepted the second connection before the close');
    t.match(errorOf(await client.call('recv', { sock: 'c2', timeoutMs: 100 })), { name: 'agent-timeout', timeout: true });
    t.match(errorOf(await client.call('connect', { as: 'c3', host: LOOPBACK, port })), { errno: 'ECONNREFUSED' }, 'the listening fd is closed');
  });

  t.test('node:net under bun: the peer\'s FIN makes writes fail with the EPIPE the runtime made up', async (t) => {
    const { server, client } = await connected(t, { command: nodeNet });
    t.match(await server.call('close', { sock: 's1' }), { ok: true });
    t.match(await client.call('recv', { sock: 'c1' }), { ok: true, value: { eof: true } });
    t.same(errorOf(await client.call('send', { sock: 'c1', data: 'one' })), {
      errno: 'EPIPE', name: 'EPIPE', synthesized: true, syscall: null, message: 'This socket has been ended by the other party',
    });
  });
}
