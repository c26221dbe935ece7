// The Node agent (harness/protocol/PROTOCOL.md): node:net used the idiomatic way, so the suite sees what a
// real Node program sees, invented and hidden errors included. Nothing here corrects Node.
//
// This file is transpiled with its local imports (harness/toolchain/transpile-ts.ts) and run with
// plain `node`. The control channel (stdin lines, checking each request against the protocol's
// spec, socket names, replies) is harness/channel/agent-loop.ts, shared with the Deno and Bun
// agents: this file has Node's I/O and the ops.
//
// What Node does underneath (Node 20, 22 and 24 alike unless `send` says otherwise; read in nodejs/node lib/net.js, lib/internal/streams/*.js,
// lib/internal/stream_base_commons.js and libuv src/unix/stream.c):
// - An accepted or connected socket starts reading at once (`this.read(0)` in the Socket
//   constructor) unless the server has `pauseOnConnect`, which stops the handle and sets
//   `readableFlowing = false`. With flowing === false, adding a 'data' listener does NOT resume
//   the stream (Readable.prototype.on only resumes when flowing !== false): we call resume().
// - After the peer's FIN, 'end' installs `writeAfterFIN` as socket.write when allowHalfOpen is
//   false, and Duplex ends our side by itself. writeAfterFIN, once writableEnded, builds
//   `genericNodeError('This socket has been ended by the other party', { code: 'EPIPE' })`:
//   no syscall, no errno number, nothing handed to the kernel. It calls the write callback with
//   it on the next tick and destroy(er)s the socket, which emits 'error' only if the socket was
//   not destroyed yet.
// - Writable's own refusals, ERR_STREAM_WRITE_AFTER_END and ERR_STREAM_DESTROYED('write'), and
//   net's ERR_SOCKET_CLOSED (a write with no handle) carry no syscall either.
// - A kernel failure is an ErrnoException / ExceptionWithHostPort: code 'EPIPE', syscall 'write',
//   message 'write EPIPE'. Writable passes the same object to the write callback and then to
//   destroy(), which emits it as 'error' too: hence `reported` below.
// So "no `syscall` property" is exactly "Node made it up": that is our `synthesized`.
// - socket.setTimeout(ms) is an idle timer, not SO_RCVTIMEO: reads and writes both refresh it
//   (_unrefTimer), it emits 'timeout' once per idle period and never closes or errors the socket.
// - libuv sets SO_REUSEADDR whenever it binds: every listener, and a client given a localPort
//   (see `reuseAddrOf`); a client without one gets no SO_REUSEADDR.
import net from 'node:net';
import readline from 'node:readline';
import { performance } from 'node:perf_hooks';
import { agentTimeout as timedOut, pushedLines, runAgent, Sockets, type OpHandlers, type Outcome } from '../../harness/channel/agent-loop.ts';
import { codeError, namedSilence, notify, takeChunks, TIMEOUT, waitFor, withTimeout, type Waiters } from '../../harness/channel/agent-waits.ts';
import type { CheckedRequest as Req, SocketError } from '../../harness/protocol/messages.ts';

/** A connected socket and what Node has delivered on it that no recv has taken yet. */
interface Conn {
  kind: 'conn';
  label: string;
  socket: net.Socket;
  chunks: Buffer[];
  eof: boolean;
  error: Error | null;
  connected: boolean;
  closed: boolean;
  reading: boolean;
  // Bytes Node has delivered by 'data', and bytes reads have taken: positions in the stream.
  received: number;
  taken: number;
  // Each 'timeout' event no read has reported yet, as the stream position it fired at.
  idleAt: number[];
  waiters: Waiters;
}

/** A listening server and the connections Node already accepted that `accept` has not handed out. */
interface Listener {
  kind: 'listener';
  label: string;
  server: net.Server;
  queue: Conn[];
  error: Error | null;
  waiters: Waiters;
}

/** A reserved port: Node cannot hold it (see `reserve`), so this only remembers the number. */
interface Reserved {
  kind: 'reserved';
  label: string;
  port: number;
}

type Entry = Conn | Listener | Reserved;

const DEFAULT_TIMEOUT_MS = 2000;
const entries = new Sockets<Entry>();
// Errors already given to the harness (by a write callback or a recv): Node may emit the same
// object again as 'error', and it must not come back as a second, later result.
const reported = new WeakSet<Error>();
const epoch = performance.now();

const log = (line: string): void => {
  process.stderr.write(`[node-agent ${(performance.now() - epoch).toFixed(1)}ms] ${line}\n`);
};

const describe = (err: Error): string => {
  const e = err as NodeJS.ErrnoException;
  return `${e.code ?? e.name} syscall=${e.syscall ?? '-'} "${e.message}"`;
};

// ECANCELED is libuv's, not the kernel's: closing a handle fails its queued writes with UV_ECANCELED
// (src/unix/stream.c uv__stream_flush_write_queue()), and since Node 22 onWriteComplete passes that on
// as an ErrnoException with syscall 'write' although no write failed (see `send`).
const toSocketError = (err: Error): SocketError => {
  const e = codeError(err);
  return e.errno === 'ECANCELED' ? { ...e, synthesized: true } : e;
};

const agentTimeout = (ms: number): Outcome => timedOut(`no outcome within ${ms} ms`);

// socket.setTimeout's 'timeout' event, as a read watching for it reports it.
const IDLE_TIMEOUT = namedSilence('timeout-event', "socket.setTimeout fired: Node's idle timer, not a kernel error; the socket stays open");

// What a read on a socket Node destroyed gives: nothing, ever. We name that silence.
const SOCKET_GONE = namedSilence('ERR_SOCKET_CLOSED', 'the socket was destroyed: Node offers no further read');

// libuv's uv__io_start only queues a watcher; epoll_ctl runs at the top of the next poll phase.
// Two check-phase hops put one whole poll phase between starting a watcher and our reply, so
// the fd is armed before the harness can send its next request. Without this, a request that
// arrives while the fd is still unarmed is seen first: measured 1 run in 20 for a listener
// closed right after a client connected, where Node had not accepted it yet and the kernel sent
// RST. The kernel's own order of events (a connection, bytes, a FIN) is then the order Node sees.
const armed = (): Promise<void> => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

// Takes a pending error for the harness: once reported, it is never reported again.
const takeError = (conn: Conn): Outcome | undefined => {
  const err = conn.error;
  if (err === null) return undefined;
  conn.error = null;
  reported.add(err);
  return { error: toSocketError(err) };
};

// Runs inside a write or end callback, so the log shows Node's own order of callback and
// 'error' event; the error counts as reported from here on, whichever of the two comes first.
const settled = (conn: Conn, call: string, err: Error | null | undefined): Error | null => {
  if (err === null || err === undefined) return null;
  log(`${conn.label} ${call} callback ${describe(err)}`);
  reported.add(err);
  if (conn.error === err) conn.error = null;
  return err;
};

// Listeners as an idiomatic program has them: 'error' always (an RST must never crash us).
const track = (socket: net.Socket, label: string, connected: boolean): Conn => {
  const conn: Conn = {
    kind: 'conn', label, socket, chunks: [], eof: false, error: null,
    connected, closed: false, reading: false, received: 0, taken: 0, idleAt: [], waiters: new Set(),
  };
  socket.on('connect', () => {
    conn.connected = true;
    log(`${conn.label} connect localPort=${socket.localPort}`);
    notify(conn.waiters);
  });
  socket.on('error', (err) => {
    const seen = reported.has(err);
    log(`${conn.label} error ${describe(err)}${seen ? ' (already reported by a write callback)' : ''}`);
    if (!seen) conn.error = err;
    notify(conn.waiters);
  });
  socket.on('end', () => {
    log(`${conn.label} end`);
    conn.eof = true;
    notify(conn.waiters);
  });
  socket.on('finish', () => log(`${conn.label} finish`));
  // After EOF every read says EOF, so a later idle period is nothing a read could report.
  socket.on('timeout', () => {
    log(`${conn.label} timeout (idle ${socket.timeout ?? '?'} ms)${conn.eof ? ' after EOF: not reported' : ''}`);
    if (conn.eof) return;
    conn.idleAt.push(conn.received);
    notify(conn.waiters);
  });
  socket.on('close', (hadError) => {
    log(`${conn.label} close hadError=${hadError}`);
    conn.closed = true;
    notify(conn.waiters);
  });
  return conn;
};

// Adds the 'data' listener; resume() because a pauseOnConnect socket has readableFlowing === false.
const startReading = (conn: Conn): void => {
  if (conn.reading) return;
  conn.reading = true;
  conn.socket.on('data', (chunk: Buffer) => {
    log(`${conn.label} data ${chunk.length} bytes`);
    conn.chunks.push(chunk);
    conn.received += chunk.length;
    notify(conn.waiters);
  });
  conn.socket.resume();
};

const queuedBytes = (conn: Conn): number => conn.chunks.reduce((sum, c) => sum + c.length, 0);

const takeBytes = (conn: Conn, max: number): Record<string, unknown> => {
  const parts = takeChunks(conn.chunks, max);
  const data = Buffer.concat(parts);
  conn.taken += data.length;
  return { data: data.toString('latin1'), bytes: data.length };
};

// The order a read sees things in: bytes Node already holds, its error, EOF, then silence.
// For recvAll (`enough` > 1) an error or EOF before enough bytes is the result. After an error
// the bytes that did arrive stay queued, so a later recv still gets them; EOF comes with them
// (PROTOCOL.md, recvAll), since bytes that came before the FIN must not be read after it.
// A blocking read also watches 'timeout': the bytes that came before the timer fired, then the
// timeout itself (recvAll short of `bytes` leaves them queued, as after an error). Node clears
// the timer when it destroys a socket, so a pending timeout always comes before the error.
const readOutcome = (conn: Conn, enough: number, max: number, blocking: boolean): Outcome | undefined => {
  const firedAt = blocking ? conn.idleAt[0] : undefined;
  if (firedAt !== undefined) {
    const before = firedAt - conn.taken;
    if (before > 0 && before >= enough) return { ok: takeBytes(conn, Math.min(max, before)) };
    conn.idleAt.shift();
    return IDLE_TIMEOUT;
  }
  if (conn.chunks.length > 0 && queuedBytes(conn) >= enough) return { ok: takeBytes(conn, max) };
  return takeError(conn)
    ?? (conn.eof ? { ok: conn.chunks.length > 0 ? { ...takeBytes(conn, max), eof: true } : { eof: true } } : undefined)
    ?? (conn.socket.destroyed ? SOCKET_GONE : undefined);
};

// ---- ops ----

const startServer = (label: string, options: net.ServerOpts): Listener => {
  const listener: Listener = { kind: 'listener', label, server: net.createServer(options), queue: [], error: null, waiters: new Set() };
  let accepted = 0;
  listener.server.on('error', (err) => {
    log(`${label} error ${describe(err)}`);
    listener.error = err;
    notify(listener.waiters);
  });
  listener.server.on('listening', () => notify(listener.waiters));
  // Node accepts every connection as soon as the kernel completes it, and (without
  // pauseOnConnect) starts reading it at once: an idiomatic server adds 'data' right here.
  listener.server.on('connection', (socket) => {
    const conn = track(socket, `${label}#${++accepted}`, true);
    log(`${conn.label} connection remotePort=${socket.remotePort}`);
    if (!options.pauseOnConnect) startReading(conn);
    listener.queue.push(conn);
    notify(listener.waiters);
  });
  return listener;
};

const listening = async (listener: Listener, where: net.ListenOptions): Promise<Outcome> => {
  const { server } = listener;
  server.listen(where);
  const result = await waitFor(listener.waiters, (): Outcome | undefined => {
    if (server.listening) return { ok: { port: (server.address() as net.AddressInfo).port } };
    const err = listener.error;
    listener.error = null;
    return err === null ? undefined : { error: toSocketError(err) };
  }, DEFAULT_TIMEOUT_MS);
  await armed();
  return result === TIMEOUT ? agentTimeout(DEFAULT_TIMEOUT_MS) : result;
};

// libuv's uv__tcp_bind (src/unix/tcp.c) calls setsockopt(SO_REUSEADDR, 1) before every bind(2),
// and only there: node:net has no option to skip it, nor to set it on a socket it does not bind.
// `reuseAddr` is honoured when it says what Node does anyway; absent, it is Node's default.
const reuseAddrOf = (reuseAddr: boolean | undefined, binds: 'listener' | 'client' | 'unbound'): Outcome | undefined => {
  if (reuseAddr === undefined || reuseAddr === (binds !== 'unbound')) return undefined;
  if (binds === 'listener') return { unsupported: 'libuv always sets SO_REUSEADDR on TCP listeners (uv__tcp_bind in src/unix/tcp.c)' };
  if (binds === 'client') return { unsupported: 'libuv always sets SO_REUSEADDR when it binds a local port (uv__tcp_bind in src/unix/tcp.c)' };
  return { unsupported: 'node:net sets SO_REUSEADDR only when it binds a local port (bindPort)' };
};

const listen = async (req: Req<'listen'>): Promise<Outcome> => {
  const skip = reuseAddrOf(req.reuseAddr, 'listener');
  if (skip) return skip;
  const label = req.as;
  const where = { host: req.host, port: req.port, backlog: req.backlog };
  const listener = startServer(label, { pauseOnConnect: req.pauseOnConnect, allowHalfOpen: req.allowHalfOpen });
  entries.set(label, listener);
  return listening(listener, where);
};

// node:net cannot bind without listening, so the port cannot be held closed: we listen on the
// port (0: any), note it, close the listener (its fd is closed before server.close() returns) and say
// `held: false`. The port is then closed (connects get RST) but another process could take it.
const reserve = async (req: Req<'reserve'>): Promise<Outcome> => {
  const label = req.as;
  const where = { host: req.host, port: req.port };
  const listener = startServer(label, {});
  const outcome = await listening(listener, where);
  listener.server.close();
  if (!('ok' in outcome)) return outcome;
  entries.set(label, { kind: 'reserved', label, port: outcome.ok['port'] as number });
  return { ok: { ...outcome.ok, held: false } };
};

// `bindPort` is node:net's `localPort`: Node binds the wildcard address of the host's family
// ('0.0.0.0', DEFAULT_IPV4_ADDR in lib/net.js) on that port, with SO_REUSEADDR, then connects.
// libuv reports a bind EADDRINUSE late; Node then names the syscall "bind" (checkBindError).
const connect = async (req: Req<'connect'>): Promise<Outcome> => {
  const bindPort = req.bindPort ?? 0;
  const skip = reuseAddrOf(req.reuseAddr, bindPort > 0 ? 'client' : 'unbound');
  if (skip) return skip;
  const label = req.as;
  const where: net.NetConnectOpts = {
    host: req.host, port: req.port, allowHalfOpen: req.allowHalfOpen,
    ...(bindPort > 0 ? { localPort: bindPort } : {}),
  };
  const socket = net.connect(where);
  const conn = track(socket, label, false);
  entries.set(label, conn);
  startReading(conn);
  // inFlight: net.connect() returns a connecting socket at once (connect(2) follows on the next tick); close destroys it.
  if (req.inFlight === true) return { ok: { inFlight: true } };
  const result = await waitFor(conn.waiters, (): Outcome | undefined => {
    if (conn.connected) return { ok: { localPort: socket.localPort } };
    return takeError(conn) ?? (socket.destroyed ? SOCKET_GONE : undefined);
  }, req.timeoutMs);
  await armed();
  return result === TIMEOUT ? agentTimeout(req.timeoutMs) : result;
};

const accept = async (req: Req<'accept'>): Promise<Outcome> => {
  const listener = entries.of(req.sock, 'listener');
  const label = req.as;
  const result = await waitFor(listener.waiters, (): Conn | Outcome | undefined => {
    const conn = listener.queue.shift();
    if (conn !== undefined) return conn;
    const err = listener.error;
    listener.error = null;
    return err === null ? undefined : { error: toSocketError(err) };
  }, req.timeoutMs);
  if (result === TIMEOUT) return agentTimeout(req.timeoutMs);
  if (!('kind' in result)) return result;
  log(`${result.label} accepted as ${label}`);
  result.label = label;
  entries.set(label, result);
  await armed();
  return { ok: { remotePort: result.socket.remotePort } };
};

// `bytes: N` instead of `data`: N bytes of "abc...z" repeated, so the peer can check what it reads.
const PATTERN = 'abcdefghijklmnopqrstuvwxyz';

const payload = (req: Req<'send'>): Buffer =>
  req.bytes !== undefined ? Buffer.alloc(req.bytes, PATTERN, 'latin1') : Buffer.from(req.data, 'latin1');

// The write callback fires once libuv has handed every byte to the kernel; what the kernel does
// not take yet waits in libuv's queue, in our process. If that outlasts timeoutMs we reply the
// agent timeout and keep the socket: the write goes on, and its callback, if it ever comes, is
// only logged, so an error in it stays for a later read ('error' carries the same object).
const send = async (req: Req<'send'>): Promise<Outcome> => {
  const conn = entries.of(req.sock, 'conn');
  const bytes = payload(req);
  let abandoned = false;
  const written = new Promise<Error | null>((resolve) => {
    conn.socket.write(bytes, (err) => {
      // A write still queued in libuv when the socket is destroyed (a read error): onWriteComplete
      // (lib/internal/stream_base_commons.js) in Node 20 calls back with no error ("TODO ... avoid
      // swallowing error"); from Node 22 (nodejs/node#54032 checks the status first) with libuv's
      // ECANCELED, which we report as made up (toSocketError).
      const swallowed = !err && conn.socket.destroyed;
      if (abandoned || swallowed) {
        log(`${conn.label} ${abandoned ? 'late ' : ''}write callback for ${bytes.length} bytes: ${err ? describe(err) : 'no error'}${swallowed ? ', on a destroyed socket' : ''}`);
      }
      if (!abandoned) resolve(settled(conn, 'write', err));
    });
    // write() makes its syscalls before it returns; what is left waits for the kernel.
    log(`${conn.label} write ${bytes.length} bytes returned, writableLength=${conn.socket.writableLength}`);
  });
  const err = await withTimeout(written, req.timeoutMs);
  if (err === TIMEOUT) {
    abandoned = true;
    log(`${conn.label} write of ${bytes.length} bytes pending: ${conn.socket.writableLength} bytes still in Node`);
    return agentTimeout(req.timeoutMs);
  }
  return err === null ? { ok: { bytes: bytes.length } } : { error: toSocketError(err) };
};

// `blocking: true` waits for 'timeout' too (setopt rcvtimeo); without rcvtimeo none comes. A
// read that does not watch 'timeout' lets the ones already fired pass.
const read = async (req: { sock: string; timeoutMs: number }, max: number, wanted: number | undefined, blocking: boolean): Promise<Outcome> => {
  const conn = entries.of(req.sock, 'conn');
  startReading(conn);
  const result = await waitFor(conn.waiters, () => readOutcome(conn, wanted ?? 1, max, blocking), req.timeoutMs);
  if (result === TIMEOUT) return agentTimeout(req.timeoutMs);
  if (!blocking) conn.idleAt.length = 0;
  return result;
};

// end() hands the FIN to the kernel after queued writes: its callback fires on 'finish', that is
// after libuv's shutdown(SHUT_WR) completed (Socket.prototype._final → afterShutdown).
const shutdown = async (req: Req<'shutdown'>): Promise<Outcome> => {
  // net.Server has close() and nothing else: no shutdown(2) of a listening socket.
  if (entries.get(req.sock).kind === 'listener') return { unsupported: 'node:net\'s net.Server has close() only: no shutdown of a listening socket' };
  const conn = entries.of(req.sock, 'conn');
  const how = req.how;
  if (how === 'read' || how === 'both') return { unsupported: `node:net has no shutdown(SHUT_${how === 'read' ? 'RD' : 'RDWR'})` };
  const ended = new Promise<Error | null>((resolve) => {
    conn.socket.end((err?: Error | null) => resolve(settled(conn, 'end', err)));
  });
  const err = await withTimeout(ended, DEFAULT_TIMEOUT_MS);
  if (err === TIMEOUT) return agentTimeout(DEFAULT_TIMEOUT_MS);
  return err === null ? { ok: {} } : { error: toSocketError(err) };
};

// server.close() closes the listening fd at once (HandleWrap::Close → uv_close →
// uv__stream_close → close(2)) and sets `listening` false; the server's 'close' event waits
// until every accepted connection has closed too, so it is not the signal we want.
const closeListener = (listener: Listener): Outcome => {
  listener.server.close();
  log(`${listener.label} server.close() listening=${listener.server.listening}`);
  return { ok: {} };
};

// destroy() and resetAndDestroy() close the fd synchronously; 'close' follows from uv_close's
// callback. We reply on 'close' so the fd is certainly gone, or on an error reset() emitted.
const closeConn = async (conn: Conn, abortive: boolean): Promise<Outcome> => {
  const before = conn.error;
  if (abortive) conn.socket.resetAndDestroy();
  else conn.socket.destroy();
  const result = await waitFor(conn.waiters, (): Outcome | undefined => {
    if (conn.closed) return { ok: {} };
    return conn.error !== null && conn.error !== before ? takeError(conn) : undefined;
  }, DEFAULT_TIMEOUT_MS);
  return result === TIMEOUT ? agentTimeout(DEFAULT_TIMEOUT_MS) : result;
};

const close = async (req: Req<'close'>): Promise<Outcome> => {
  const entry = entries.get(req.sock);
  if (entry.kind === 'listener') return closeListener(entry);
  if (entry.kind === 'reserved') return { ok: {} };
  return closeConn(entry, false);
};

const abort = async (req: Req<'abort'>): Promise<Outcome> => closeConn(entries.of(req.sock, 'conn'), true);
// net.Socket has end(), destroy() and resetAndDestroy(); no connect to AF_UNSPEC.
const disconnect = async (req: Req<'disconnect'>): Promise<Outcome> => {
  entries.get(req.sock);
  return { unsupported: 'node:net has no disconnect: net.Socket connects to a host and port only (no AF_UNSPEC); it has end(), destroy() and resetAndDestroy()' };
};

const UNSUPPORTED_OPTIONS: Record<string, string> = {
  linger: 'node:net has no SO_LINGER option; use abort (resetAndDestroy)',
  user_timeout: 'node:net has no TCP_USER_TIMEOUT (its Socket has setNoDelay, setKeepAlive and setTimeout, an idle timer: Node lib/net.js, Bun src/js/node/net.ts)',
  // lib/net.js Socket.prototype.setKeepAlive(enable, initialDelay) is the only keep-alive call; the event loop then
  // sets the other two itself (libuv src/unix/tcp.c uv__tcp_keepalive(); Bun: bun-usockets src/bsd.c bsd_socket_keepalive()).
  keepintvl: 'node:net has no TCP_KEEPINTVL: setKeepAlive(enable, initialDelay) sets the idle time only, and the event loop fixes the interval at 1 s (libuv uv__tcp_keepalive(), bun-usockets bsd_socket_keepalive())',
  keepcnt: 'node:net has no TCP_KEEPCNT: setKeepAlive(enable, initialDelay) sets the idle time only, and the event loop fixes the count at 10 probes (libuv uv__tcp_keepalive(), bun-usockets bsd_socket_keepalive())',
};

// rcvtimeo is socket.setTimeout(ms) (0: off), armed from now; keepalive is setKeepAlive(bool),
// whose initial delay of 0 leaves the kernel's keepalive time as it is; keepidle is setKeepAlive(true, s * 1000).
const setopt = async (req: Req<'setopt'>): Promise<Outcome> => {
  const conn = entries.of(req.sock, 'conn');
  const { name, value } = req;
  const unsupported = UNSUPPORTED_OPTIONS[name];
  if (unsupported !== undefined) return { unsupported };
  if (name === 'nodelay') conn.socket.setNoDelay(value === true);
  else if (name === 'rcvtimeo') conn.socket.setTimeout(value as number);
  else if (name === 'keepalive') conn.socket.setKeepAlive(value === true);
  else if (name === 'keepidle') conn.socket.setKeepAlive(true, (value as number) * 1000);
  else return { unsupported: `node:net has no socket option "${name}"` };
  return { ok: {} };
};

const noTcpInfo = async (req: { sock: string }): Promise<Outcome> => {
  entries.get(req.sock);
  return { unsupported: 'node:net does not expose TCP_INFO' };
};

const OPS: OpHandlers = {
  listen, reserve, connect, accept, send, recv: (req) => read(req, req.max, undefined, req.blocking),
  recvAll: (req) => read(req, req.bytes, req.bytes, false), shutdown, close, abort, disconnect, setopt, state: noTcpInfo, info: noTcpInfo,
};

// ---- Node's I/O for the control channel (harness/channel/agent-loop.ts) ----

// On stdin EOF: plain close of everything we hold (destroy() closes each fd at once), then exit 0.
const finish = (): void => {
  for (const entry of entries.values()) {
    if (entry.kind === 'conn') entry.socket.destroy();
    if (entry.kind === 'listener') {
      entry.server.close();
      for (const conn of entry.queue) conn.socket.destroy();
    }
  }
  process.stdout.write('', () => process.exit(0));
};

const main = async (): Promise<void> => {
  process.stdout.on('error', () => process.exit(0));
  const input = pushedLines();
  const stdin = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  stdin.on('line', input.push);
  stdin.on('close', input.end);
  // The same file is Bun's idiomatic agent (runtimes/bun/adapter.ts): the hello names the runtime
  // that really runs it. Bun sets process.versions.bun; Node does not, so under Node this is unchanged.
  const bun = process.versions.bun;
  await runAgent({ lines: input.lines, write: (line) => process.stdout.write(line) }, {
    who: 'node', thrower: 'node:net', describe: (err) => describe(err as Error), ops: OPS, names: entries,
    hello: { runtime: bun === undefined ? 'node' : 'bun', version: bun ?? process.version, pid: process.pid, features: ['pauseOnConnect', 'allowHalfOpen', 'abort', 'inFlight'] },
    // A request and a socket event the kernel delivered before it (the peer's FIN or RST) can be
    // ready in the same poll; libuv may run the stdin callback first. One turn of the loop lets
    // every socket callback of that poll, and the events they emit, run before the op, as a
    // program reacting to events in order would see them.
    beforeOp: () => new Promise((resolve) => setImmediate(resolve)),
  });
  finish();
};

await main();
