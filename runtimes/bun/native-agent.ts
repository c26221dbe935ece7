// The Bun agent for Bun's own socket API (harness/protocol/PROTOCOL.md): Bun.listen / Bun.connect with
// the socket handlers (open, data, drain, end, close, error) used the way the Bun docs use them,
// so the suite sees what a program written against Bun's API sees. Nothing here corrects Bun.
// The adapter runs it as the program "bun-api" (runtimes/bun/adapter.ts); it only runs under Bun.
//
// What Bun 1.4.5 does underneath, read in oven-sh/bun (src/bun.js/api/bun/socket.zig,
// src/bun.js/api/bun/socket/Listener.zig, packages/bun-usockets/src/{socket.c,loop.c,bsd.c}) and
// measured here with strace:
// - Bun.listen: socket, setsockopt(SO_REUSEADDR, 1) always, bind, listen(fd, 512): no backlog
//   option and no way to leave SO_REUSEADDR off. Every accepted socket is accept4'ed as soon as the
//   listener is readable and gets TCP_NODELAY; the `open` handler runs then, and the socket reads
//   at once (into the `data` handler) unless the program calls socket.pause() there.
// - Bun.connect: socket, connect (no bind: its `localPort` option is accepted and ignored), then
//   TCP_NODELAY; the promise resolves at `open`. Every failure rejects it with
//   {code, syscall: 'connect', message: 'Failed to connect'}, where code is ENOENT or ECONNREFUSED
//   whatever the kernel said (measured: ETIMEDOUT and EHOSTUNREACH both come out ECONNREFUSED).
// - A read of 0 bytes (the peer's FIN, or our own SHUT_RD) calls `end`; without allowHalfOpen Bun
//   then closes the socket itself (close(2)), so the peer's FIN ends our side too. A kernel error
//   (a failed recv(2), or an error poll whose SO_ERROR uSockets fetches) closes the socket and
//   passes the error to `close(socket, error)`, always as a read error:
//   {code: 'ECONNRESET', syscall: 'read', errno: -104}. Bun's socket has no 'error' event for the
//   kernel's errors; the `error` handler only receives exceptions thrown by handlers.
// - socket.write(data) is one send(2) with MSG_NOSIGNAL and returns the bytes the kernel took:
//   what it did not take is NOT kept (the program writes the rest on `drain`). It returns -1, with
//   no error and no errno anywhere, both when Bun refuses to write (the socket is shut down, closed
//   or detached: no send(2) at all) and when send(2) itself fails (EPIPE, measured).
// - socket.end() and socket.close() both close(2) the socket (end() first flushes what Bun still
//   buffers, clears TCP_CORK): neither is a half-close, whatever end()'s doc comment says.
//   socket.shutdown() is shutdown(SHUT_WR); socket.shutdown(true) is shutdown(SHUT_RD).
//   socket.terminate() is SO_LINGER {1, 0} then close(2): the abortive close.
// - socket.timeout(seconds) is uSockets' idle timer: whole seconds, ticking every 4 s.
//
// Type safety: tsconfig.json leaves this file out (Bun's globals are not in @types/node, and
// bun-types is not a dependency); `declare const Bun` below types exactly the surface used here,
// checked by `npx tsc --noEmit -p runtimes/bun` (runtimes/bun/tsconfig.json). Being a module, the
// declaration is local to this file and cannot clash with bun-types if they are ever installed.
//
// The control channel (stdin lines, checking each request against the protocol's spec, socket
// names, replies) is harness/channel/agent-loop.ts, shared with the Node and Deno agents: this file
// has Bun's I/O and the ops.
import readline from 'node:readline';
import { performance } from 'node:perf_hooks';
import { agentTimeout as timedOut, pushedLines, runAgent, Sockets, type OpHandlers, type Outcome } from '../../harness/channel/agent-loop.ts';
import { codeError, namedSilence, notify, takeChunks, TIMEOUT, waitFor, type Waiters } from '../../harness/channel/agent-waits.ts';
import type { CheckedRequest as Req, SocketError } from '../../harness/protocol/messages.ts';

/** The part of Bun's TCP socket (bun-types `Socket<Data>`) this agent uses. */
interface BunSocket<Data> {
  data: Data;
  readonly localPort: number;
  readonly remotePort: number;
  /** -1 detached (closed), 0 closed, 1 established, -2 shut down, 2 other. */
  readonly readyState: number;
  write(data: string | Uint8Array): number;
  end(): number | void;
  shutdown(readSide?: boolean): void;
  terminate(): void;
  pause(): void;
  resume(): void;
  setNoDelay(enabled?: boolean): boolean;
  setKeepAlive(enabled?: boolean, initialDelayMs?: number): boolean;
}

interface BunSocketHandlers<Data> {
  open?(socket: BunSocket<Data>): void;
  data?(socket: BunSocket<Data>, data: Buffer): void;
  drain?(socket: BunSocket<Data>): void;
  end?(socket: BunSocket<Data>): void;
  close?(socket: BunSocket<Data>, error?: Error): void;
  error?(socket: BunSocket<Data>, error: Error): void;
}

interface BunTcpListener {
  readonly port: number;
  stop(closeActiveConnections?: boolean): void;
}

declare const Bun: {
  readonly version: string;
  listen<Data>(options: { hostname: string; port: number; allowHalfOpen?: boolean; socket: BunSocketHandlers<Data> }): BunTcpListener;
  connect<Data>(options: { hostname: string; port: number; allowHalfOpen?: boolean; data: Data; socket: BunSocketHandlers<Data> }): Promise<BunSocket<Data>>;
};

type Socket = BunSocket<Conn>;

/** A connection and what Bun has delivered on it that no recv has taken yet. */
interface Conn {
  kind: 'conn';
  label: string;
  /** null until `open` (a connect still under way). */
  socket: Socket | null;
  chunks: Buffer[];
  /** The `end` handler ran: the peer's FIN (or our SHUT_RD) was read. */
  eof: boolean;
  /** The error `close` passed and no read has reported yet. */
  error: Error | null;
  /** The `close` handler ran: Bun has detached the socket and will deliver nothing more. */
  closed: boolean;
  /** We called end() or terminate(): a `close` after that is our own. */
  closing: boolean;
  /**
   * `close` ran with no error and not after our own end()/terminate(): Bun's clean close, which is
   * how Bun reports the peer's FIN on a socket we had shut down (uSockets closes it on that 0-byte
   * read without calling `end`). A read takes it for the end of the stream, as a program must.
   */
  cleanClose: boolean;
  paused: boolean;
  waiters: Waiters;
}

interface Listener {
  kind: 'listener';
  label: string;
  server: BunTcpListener;
  queue: Conn[];
  waiters: Waiters;
}

/** A reserved port: Bun cannot bind without listening (see `reserve`), so only the number. */
interface Reserved {
  kind: 'reserved';
  label: string;
  port: number;
}

type Entry = Conn | Listener | Reserved;

const DEFAULT_TIMEOUT_MS = 2000;
const entries = new Sockets<Entry>();
const epoch = performance.now();

const log = (line: string): void => {
  process.stderr.write(`[bun-api-agent ${(performance.now() - epoch).toFixed(1)}ms] ${line}\n`);
};

type BunError = Error & { code?: unknown; syscall?: unknown; errno?: unknown };

const describe = (err: Error): string => {
  const e = err as BunError;
  return `${String(e.code ?? e.name)} syscall=${String(e.syscall ?? '-')} "${e.message}"`;
};

// Bun's errors carry `code` (the errno name) and `syscall` when a syscall failed.
const toSocketError = (err: Error): SocketError => codeError(err as BunError);

const agentTimeout = (ms: number): Outcome => timedOut(`no outcome within ${ms} ms`);

// After `close`, Bun's socket is detached (readyState -1): no data, no EOF, no error comes again.
// A read then has nothing to return; we name that silence (Bun itself has no name for it).
const DETACHED = namedSilence('socket-detached', "Bun already ran the socket's close handler: the socket is detached and delivers nothing more");

// socket.write() returning -1: Bun's only word for a write that did not happen, with no error
// object and no errno, whether it refused (shut down, closed or detached) or send(2) failed.
// synthesized: the program is given no syscall error; the log says whether send(2) ran.
const WRITE_REFUSED = namedSilence('write-returned-minus-1', 'socket.write returned -1: Bun gives no error (it returns -1 for a socket shut down or closed, and for a failed send)');

const newConn = (label: string, socket: Socket | null): Conn => ({
  kind: 'conn', label, socket, chunks: [], eof: false, error: null, closed: false, closing: false, cleanClose: false, paused: false, waiters: new Set(),
});

// One set of handlers for every socket (Bun's design: per server, not per socket); `socket.data`
// is the Conn. For accepted sockets `open` makes it (`onOpen` of the listener), see startServer.
const handlers = (onOpen: (socket: Socket) => void): BunSocketHandlers<Conn> => ({
  open: onOpen,
  data(socket, data) {
    const conn = socket.data;
    log(`${conn.label} data ${data.length} bytes`);
    // Bun reuses nothing after the handler returns, but a copy keeps that a non-question.
    conn.chunks.push(Buffer.from(data));
    notify(conn.waiters);
  },
  drain(socket) {
    notify(socket.data.waiters);
  },
  end(socket) {
    const conn = socket.data;
    log(`${conn.label} end (readyState ${socket.readyState})`);
    conn.eof = true;
    notify(conn.waiters);
  },
  close(socket, error) {
    const conn = socket.data;
    log(`${conn.label} close${error ? ` ${describe(error)}` : ''}`);
    conn.closed = true;
    if (error) conn.error = error;
    else if (!conn.closing) conn.cleanClose = true;
    notify(conn.waiters);
  },
  error(socket, error) {
    // Only exceptions thrown by our handlers come here; there should be none.
    log(`${socket.data.label} error handler ${describe(error)}`);
  },
});

const queuedBytes = (conn: Conn): number => conn.chunks.reduce((sum, c) => sum + c.length, 0);

const takeBytes = (conn: Conn, max: number): Record<string, unknown> => {
  const parts = takeChunks(conn.chunks, max);
  const data = Buffer.concat(parts);
  return { data: data.toString('latin1'), bytes: data.length };
};

const takeError = (conn: Conn): Outcome | undefined => {
  const err = conn.error;
  if (err === null) return undefined;
  conn.error = null;
  return { error: toSocketError(err) };
};

// The order a read sees things in: bytes Bun already delivered, the error `close` passed, EOF
// (`end`, or Bun's clean close; with the bytes before it, for recvAll), then Bun's silence after a
// close with an error or our own.
const readOutcome = (conn: Conn, enough: number, max: number): Outcome | undefined => {
  if (conn.chunks.length > 0 && queuedBytes(conn) >= enough) return { ok: takeBytes(conn, max) };
  return takeError(conn)
    ?? (conn.eof || conn.cleanClose ? { ok: conn.chunks.length > 0 ? { ...takeBytes(conn, max), eof: true } : { eof: true } } : undefined)
    ?? (conn.closed ? DETACHED : undefined);
};

// ---- ops ----

// Bun.connect has a `localPort` option but never binds it (measured: no bind(2), the kernel picks the port), so it cannot be honoured.
const NO_BIND_PORT = 'Bun.connect does not bind before connecting: its localPort option is accepted and ignored (measured: no bind(2); the kernel picks the port)';
// oven-sh/bun packages/bun-types/bun.d.ts: connect() returns Promise<Socket>, TCPSocketConnectOptions has no signal (measured on 1.4.5: one passed is ignored).
const NO_IN_FLIGHT = 'Bun.connect gives the program no socket until it opens (it returns a Promise<Socket>, and its options take no AbortSignal): a connect in flight cannot be closed';

// Bun.listen always sets SO_REUSEADDR before bind (uSockets bsd_create_listen_socket; measured);
// Bun.connect never binds, so never sets it. `reuseAddr` is honoured when it says what Bun does.
const reuseAddrOf = (reuseAddr: boolean | undefined, listens: boolean): Outcome | undefined => {
  if (reuseAddr === undefined || reuseAddr === listens) return undefined;
  return {
    unsupported: listens
      ? 'Bun.listen always sets SO_REUSEADDR (uSockets bsd_create_listen_socket) and has no option to leave it off'
      : 'Bun.connect never binds, so it has no SO_REUSEADDR to set',
  };
};

// Bun.listen has no backlog option: uSockets calls listen(fd, 512) (measured).
// Only a backlog the request gives is refused: the spec's default is no demand.
const backlogOf = (backlog: number | undefined): Outcome | undefined =>
  backlog !== undefined ? { unsupported: `Bun.listen has no backlog option (uSockets always listens with 512); asked for ${JSON.stringify(backlog)}` } : undefined;

// `pauseOnConnect` (the Node option's meaning: accepted sockets do not read until the program
// does) is written in Bun's API as socket.pause() in `open`, before any read; recv resumes.
const startServer = (label: string, host: string, port: number, opts: { pauseOnConnect: boolean; allowHalfOpen: boolean }): Listener | Outcome => {
  let accepted = 0;
  const queue: Conn[] = [];
  const waiters: Waiters = new Set();
  const onOpen = (socket: Socket): void => {
    const conn = newConn(`${label}#${++accepted}`, socket);
    socket.data = conn;
    if (opts.pauseOnConnect) {
      socket.pause();
      conn.paused = true;
    }
    log(`${conn.label} open remotePort=${socket.remotePort}${conn.paused ? ' (paused)' : ''}`);
    queue.push(conn);
    notify(waiters);
  };
  try {
    const server = Bun.listen<Conn>({ hostname: host, port, allowHalfOpen: opts.allowHalfOpen, socket: handlers(onOpen) });
    return { kind: 'listener', label, server, queue, waiters };
  } catch (err) {
    log(`${label} Bun.listen threw ${describe(err as Error)}`);
    return { error: toSocketError(err as Error) };
  }
};

const listen = async (req: Req<'listen'>, given: ReadonlySet<string>): Promise<Outcome> => {
  const skip = reuseAddrOf(req.reuseAddr, true) ?? backlogOf(given.has('backlog') ? req.backlog : undefined);
  if (skip) return skip;
  const label = req.as;
  const started = startServer(label, req.host, req.port, { pauseOnConnect: req.pauseOnConnect, allowHalfOpen: req.allowHalfOpen });
  if (!('kind' in started)) return started;
  entries.set(label, started);
  return { ok: { port: started.server.port } };
};

// Bun cannot bind without listening, so the port cannot be held closed: listen on it, note the
// port, stop (the listening fd is closed before stop() returns) and say `held: false`.
const reserve = async (req: Req<'reserve'>): Promise<Outcome> => {
  const skip = reuseAddrOf(req.reuseAddr, true);
  if (skip) return skip;
  const label = req.as;
  const started = startServer(label, req.host, req.port, { pauseOnConnect: false, allowHalfOpen: false });
  if (!('kind' in started)) return started;
  started.server.stop(true);
  entries.set(label, { kind: 'reserved', label, port: started.server.port });
  return { ok: { port: started.server.port, held: false } };
};

const connect = async (req: Req<'connect'>): Promise<Outcome> => {
  const skip = reuseAddrOf(req.reuseAddr, false) ?? (req.bindPort !== undefined ? { unsupported: NO_BIND_PORT } : undefined)
    ?? (req.inFlight === true ? { unsupported: NO_IN_FLIGHT } : undefined);
  if (skip) return skip;
  const label = req.as;
  const where = { hostname: req.host, port: req.port, allowHalfOpen: req.allowHalfOpen };
  const conn = newConn(label, null);
  entries.set(label, conn);
  let settled: Outcome | undefined;
  const onOpen = (socket: Socket): void => {
    conn.socket = socket;
    log(`${label} open localPort=${socket.localPort}`);
    notify(conn.waiters);
  };
  Bun.connect<Conn>({ ...where, data: conn, socket: handlers(onOpen) })
    .then((socket) => {
      conn.socket = socket;
      settled = { ok: { localPort: socket.localPort } };
      notify(conn.waiters);
    }, (err: Error) => {
      log(`${label} Bun.connect rejected ${describe(err)}`);
      conn.closed = true;
      settled = { error: toSocketError(err) };
      notify(conn.waiters);
    });
  const result = await waitFor(conn.waiters, () => settled, req.timeoutMs);
  return result === TIMEOUT ? agentTimeout(req.timeoutMs) : result;
};

const accept = async (req: Req<'accept'>): Promise<Outcome> => {
  const listener = entries.of(req.sock, 'listener');
  const label = req.as;
  const result = await waitFor(listener.waiters, () => listener.queue.shift(), req.timeoutMs);
  if (result === TIMEOUT) return agentTimeout(req.timeoutMs);
  log(`${result.label} accepted as ${label}`);
  result.label = label;
  entries.set(label, result);
  return { ok: { remotePort: result.socket?.remotePort } };
};

// `bytes: N` instead of `data`: N bytes of "abc...z" repeated, so the peer can check what it reads.
const PATTERN = 'abcdefghijklmnopqrstuvwxyz';

const payload = (req: Req<'send'>): Buffer =>
  req.bytes !== undefined ? Buffer.alloc(req.bytes, PATTERN, 'latin1') : Buffer.from(req.data, 'latin1');

// The idiomatic Bun write: write() what the kernel takes now, and the rest on each `drain`, as
// Bun's docs have it. -1 is Bun's refusal (shut down or closed). When the socket closes before
// everything went out, the close's error (or the silence after it) is the result. If timeoutMs
// runs out first, we reply the agent timeout and go on writing on `drain`: a program would.
const send = async (req: Req<'send'>): Promise<Outcome> => {
  const conn = entries.of(req.sock, 'conn');
  const bytes = payload(req);
  const socket = conn.socket;
  if (socket === null) return WRITE_REFUSED;
  let offset = 0;
  let abandoned = false;
  let refused = false;
  const pump = (): void => {
    while (offset < bytes.length) {
      const wrote = socket.write(offset === 0 ? bytes : bytes.subarray(offset));
      log(`${conn.label} write ${bytes.length - offset} bytes returned ${wrote}${abandoned ? ' (after the reply)' : ''}`);
      if (wrote < 0) {
        refused = true;
        return;
      }
      if (wrote === 0) return;
      offset += wrote;
    }
  };
  if (bytes.length > 0) pump();
  const result = await waitFor(conn.waiters, (): Outcome | undefined => {
    if (refused) return WRITE_REFUSED;
    if (offset >= bytes.length) return { ok: { bytes: bytes.length } };
    if (conn.closed) return takeError(conn) ?? DETACHED;
    // Woken by `drain` (or any other event): write the rest.
    pump();
    if (refused) return WRITE_REFUSED;
    return offset >= bytes.length ? { ok: { bytes: bytes.length } } : undefined;
  }, req.timeoutMs);
  if (result === TIMEOUT) {
    abandoned = true;
    log(`${conn.label} write pending: ${bytes.length - offset} of ${bytes.length} bytes not yet taken by the kernel`);
    const keepGoing = (): void => {
      if (conn.closed || refused || offset >= bytes.length) conn.waiters.delete(keepGoing);
      else pump();
    };
    conn.waiters.add(keepGoing);
    return agentTimeout(req.timeoutMs);
  }
  return result;
};

// Resumes a paused (pauseOnConnect) socket on the first read; `blocking` changes nothing, since
// rcvtimeo is unsupported (see setopt): only timeoutMs ends the wait.
const read = async (req: { sock: string; timeoutMs: number }, max: number, wanted?: number): Promise<Outcome> => {
  const conn = entries.of(req.sock, 'conn');
  if (conn.paused && conn.socket !== null) {
    conn.paused = false;
    conn.socket.resume();
    log(`${conn.label} resume`);
  }
  const result = await waitFor(conn.waiters, () => readOutcome(conn, wanted ?? 1, max), req.timeoutMs);
  return result === TIMEOUT ? agentTimeout(req.timeoutMs) : result;
};

// socket.shutdown() is shutdown(SHUT_WR) and shutdown(true) is shutdown(SHUT_RD), each at once;
// "both" is the two calls in a row, before the event loop runs (SHUT_RDWR is SHUT_RD | SHUT_WR).
// After SHUT_RD the kernel's reads return 0, which Bun takes for the peer's FIN (`end`, then, without
// allowHalfOpen, a close): "both" shows that in later steps as it is. A read-only shutdown, the
// connection kept for writing and for data still arriving, is what Bun cannot do: unsupported.
const READ_SHUTDOWN_CLOSES = 'Bun has no read-side shutdown that keeps the connection: socket.shutdown(true) is shutdown(SHUT_RD), but the 0 the next recv(2) returns is taken for the peer\'s FIN and uSockets closes the socket (oven-sh/bun packages/bun-usockets/src/loop.c, eof: "We dont allow half open just emit end and close the socket"; measured: FIN right after the call, later writes -1)';
const shutdown = async (req: Req<'shutdown'>): Promise<Outcome> => {
  // Bun.listen's listener has stop() and nothing else: no shutdown(2) of a listening socket.
  if (entries.get(req.sock).kind === 'listener') return { unsupported: 'Bun.listen\'s TCPSocketListener has stop() only: no shutdown of a listening socket' };
  const conn = entries.of(req.sock, 'conn');
  const how = req.how;
  const socket = conn.socket;
  if (socket === null || conn.closed) return DETACHED;
  if (how === 'read') return { unsupported: READ_SHUTDOWN_CLOSES };
  if (how === 'both') socket.shutdown(true);
  if (how === 'write' || how === 'both') socket.shutdown();
  log(`${conn.label} shutdown ${how} (readyState ${socket.readyState})`);
  return { ok: {} };
};

// server.stop() closes the listening fd before it returns; connections already accepted (queued
// for `accept` or not) stay open, as stop(false) leaves them.
const closeListener = (listener: Listener): Outcome => {
  listener.server.stop(false);
  log(`${listener.label} stop()`);
  return { ok: {} };
};

// end() is Bun's ordinary close: it flushes what Bun holds and close(2)s, calling `close` before
// it returns when nothing is buffered (measured). terminate(): SO_LINGER {1, 0}, close(2).
const closeConn = async (conn: Conn, abortive: boolean): Promise<Outcome> => {
  const socket = conn.socket;
  if (socket === null || conn.closed) {
    log(`${conn.label} ${abortive ? 'terminate' : 'end'}: already closed`);
    return { ok: {} };
  }
  conn.closing = true;
  if (abortive) socket.terminate();
  else socket.end();
  log(`${conn.label} ${abortive ? 'terminate()' : 'end()'} readyState ${socket.readyState}`);
  const result = await waitFor(conn.waiters, () => (conn.closed ? true : undefined), DEFAULT_TIMEOUT_MS);
  return result === TIMEOUT ? agentTimeout(DEFAULT_TIMEOUT_MS) : { ok: {} };
};

const close = async (req: Req<'close'>): Promise<Outcome> => {
  const entry = entries.get(req.sock);
  if (entry.kind === 'listener') return closeListener(entry);
  if (entry.kind === 'reserved') return { ok: {} };
  return closeConn(entry, false);
};

const abort = async (req: Req<'abort'>): Promise<Outcome> => closeConn(entries.of(req.sock, 'conn'), true);
// Bun.connect() takes a hostname and port only; the socket has end(), terminate() and shutdown(): no AF_UNSPEC connect.
const disconnect = async (req: Req<'disconnect'>): Promise<Outcome> => {
  entries.get(req.sock);
  return { unsupported: 'Bun\'s socket API has no disconnect: Bun.connect() takes a hostname and port only (no AF_UNSPEC); a socket has end(), terminate() and shutdown()' };
};

const UNSUPPORTED_OPTIONS: Record<string, string> = {
  linger: "Bun's socket API has no SO_LINGER setter; use abort (socket.terminate(): SO_LINGER {1, 0}, close)",
  rcvtimeo: "Bun's socket API has no SO_RCVTIMEO: its only read timer, socket.timeout(seconds), is an idle timer in whole seconds that uSockets checks every 4 s",
  user_timeout: "Bun's socket API has no TCP_USER_TIMEOUT among its socket setters (src/bun.js/api/bun/socket.zig: setNoDelay, setKeepAlive, timeout, an idle timer)",
  keepintvl: "Bun's socket API has no TCP_KEEPINTVL: socket.setKeepAlive(enable, initialDelay) sets the idle time only, and uSockets fixes the interval at 1 s (bun-usockets src/bsd.c bsd_socket_keepalive())",
  keepcnt: "Bun's socket API has no TCP_KEEPCNT: socket.setKeepAlive(enable, initialDelay) sets the idle time only, and uSockets fixes the count at 10 probes (bun-usockets src/bsd.c bsd_socket_keepalive())",
};

// keepalive: setKeepAlive(bool), whose initial delay of 0 leaves the kernel's keepalive time as it is;
// keepidle: setKeepAlive(true, ms): Bun 1.4's initialDelay is in milliseconds, whatever its type says (measured:
// 5 gave the kernel's 7200 s, 5000 gave 5 s in /proc/net/tcp).
const setopt = async (req: Req<'setopt'>): Promise<Outcome> => {
  const conn = entries.of(req.sock, 'conn');
  const name = req.name;
  const unsupported = UNSUPPORTED_OPTIONS[name];
  if (unsupported !== undefined) return { unsupported };
  if (name !== 'nodelay' && name !== 'keepalive' && name !== 'keepidle') return { unsupported: `Bun's socket API has no socket option "${name}"` };
  const value = req.value === true;
  const socket = conn.socket;
  if (socket === null || conn.closed) return DETACHED;
  if (name === 'keepidle') {
    const done = socket.setKeepAlive(true, (req.value as number) * 1000);
    log(`${conn.label} setKeepAlive(true, ${String((req.value as number) * 1000)}) returned ${done}`);
    return { ok: {} };
  }
  const done = name === 'nodelay' ? socket.setNoDelay(value) : socket.setKeepAlive(value);
  log(`${conn.label} ${name === 'nodelay' ? 'setNoDelay' : 'setKeepAlive'}(${value}) returned ${done}`);
  return { ok: {} };
};

const noTcpInfo = async (req: { sock: string }): Promise<Outcome> => {
  entries.get(req.sock);
  return { unsupported: "Bun's socket API does not expose TCP_INFO" };
};

// `blocking` changes nothing here: rcvtimeo is unsupported (see setopt), so only timeoutMs ends a wait.
const OPS: OpHandlers = {
  listen, reserve, connect, accept, send, recv: (req) => read(req, req.max),
  recvAll: (req) => read(req, req.bytes, req.bytes), shutdown, close, abort, disconnect, setopt, state: noTcpInfo, info: noTcpInfo,
};

// ---- Bun's I/O for the control channel (harness/channel/agent-loop.ts) ----

// On stdin EOF: plain close of everything we hold (end(): close(2) at once), then exit 0.
const finish = (): void => {
  for (const entry of entries.values()) {
    if (entry.kind === 'conn' && entry.socket !== null && !entry.closed) entry.socket.end();
    if (entry.kind === 'listener') {
      entry.server.stop(false);
      for (const conn of entry.queue) if (conn.socket !== null && !conn.closed) conn.socket.end();
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
  await runAgent({ lines: input.lines, write: (line) => process.stdout.write(line) }, {
    who: 'bun-api', thrower: 'Bun', describe: (err) => describe(err as Error), ops: OPS, names: entries,
    hello: {
      runtime: 'bun', version: Bun.version, pid: process.pid,
      features: ['pauseOnConnect', 'allowHalfOpen', 'abort', 'keepalive', 'sendBytes', 'nosignal'],
    },
    // A request and a socket event that came before it (the peer's FIN or RST) can be ready in the
    // same poll: one macrotask lets Bun run the socket handlers of that poll before the op.
    beforeOp: () => new Promise((resolve) => setImmediate(resolve)),
  });
  finish();
};

await main();
