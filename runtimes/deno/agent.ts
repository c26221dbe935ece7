// The Deno agent (harness/protocol/PROTOCOL.md): Deno's own TCP API (Deno.listen, Deno.connect, conn.read,
// conn.write, conn.closeWrite, conn.close) used the way a Deno program uses it, so the suite sees
// what a Deno program sees. Nothing here corrects Deno, and node:net is not used.
//
// Run by `deno run` (runtimes/deno/adapter.ts has the flags); type-checked against Deno's own
// types by test/runtimes/deno-check.test.ts (`deno check`), not by the root tsconfig (Node types).
// The control channel (stdin lines, checking each request against the protocol's spec, socket
// names, replies) is harness/channel/agent-loop.ts, shared with the Node and Bun agents: this file
// has Deno's I/O and the ops.
//
// What Deno 2 does underneath (read in denoland/deno ext/net/01_net.js, ops.rs, io.rs, tcp.rs and
// tokio-rs/tokio tokio/src/net/tcp/split_owned.rs; the syscalls seen with strace here, Deno 2.9.6):
// - Nothing reads before the program does: conn.read() is one recv(2) (Rust std, flags 0), made
//   when tokio's epoll says the socket is readable. A read cannot be cancelled except by closing
//   the connection, so a recv whose wait runs out leaves its read pending: the next recv takes
//   that read's result (and the bytes it may have read) before it starts another.
// - conn.write() is one send(2) with MSG_NOSIGNAL (Rust std), retried by tokio only on
//   EAGAIN: it resolves to the count of that one successful call, which may be partial.
// - conn.closeWrite() is tokio's poll_shutdown: shutdown(SHUT_WR).
// - conn.close() drops the resource (io.rs TcpStreamResource, a tokio OwnedReadHalf and
//   OwnedWriteHalf). OwnedWriteHalf's Drop calls shutdown(SHUT_WR) unless closeWrite() already
//   did, and the last half dropped closes the fd: close is shutdown-then-close(2). Pending reads
//   are cancelled first; a pending read or write keeps the resource (and the fd) alive until it
//   settles.
// - Deno.listen sets SO_REUSEADDR on every listener (tcp.rs bind_socket_and_listen(), not on
//   Windows) and has no option to leave it off; Deno.connect sets none and binds nothing first.
// - Deno.TcpConn has setNoDelay and setKeepAlive, and no SO_LINGER, SO_RCVTIMEO,
//   TCP_USER_TIMEOUT, TCP_INFO or shutdown(SHUT_RD).
// - An error from a syscall is a Deno.errors class (ConnectionReset, BrokenPipe, ...) whose
//   message ends "(os error N)" and whose `code` is the errno name; an error Deno makes up itself
//   (BadResource "Bad resource ID", Interrupted when close() cancels a read) has neither.
import {
  agentTimeout as timedOut, Fault, latin1Bytes, latin1String, patternBytes, runAgent, Sockets, splitLines, type OpHandlers, type Outcome,
} from '../../harness/channel/agent-loop.ts';
import { takeChunks, TIMEOUT, withTimeout as waitAtMost, type ArmTimer } from '../../harness/channel/agent-waits.ts';
import type { CheckedRequest as Req, SocketError } from '../../harness/protocol/messages.ts';
type ReadResult = { data: Uint8Array } | { eof: true } | { error: unknown };

/** A connection, and what a read already took from the kernel that no recv has returned yet. */
interface Conn {
  kind: 'conn';
  label: string;
  conn: Deno.TcpConn;
  /** Bytes a read returned beyond what its recv asked for (a pending read had a larger buffer). */
  held: Uint8Array[];
  /** A read whose recv ran out of time: Deno cannot cancel it, so the next recv awaits it. */
  pending: Promise<ReadResult> | null;
  /** A write whose send ran out of time; it goes on, and close waits for nothing of it. */
  writing: Promise<unknown> | null;
}

type AcceptResult = { conn: Deno.TcpConn } | { error: unknown };

interface Listener {
  kind: 'listener';
  label: string;
  listener: Deno.TcpListener;
  /** An accept whose request ran out of time: the next accept takes its connection. */
  pending: Promise<AcceptResult> | null;
}

/** A reserved port: Deno cannot bind without listening (see `reserve`), so this only names it. */
interface Reserved {
  kind: 'reserved';
  label: string;
  port: number;
}

/** A connect in flight (inFlight): Deno.connect's promise and the AbortSignal that drops its socket. */
interface Connecting {
  kind: 'connecting';
  label: string;
  abort: AbortController;
  /** Settles once Deno.connect has (the abort rejects it, and the socket is dropped). */
  settled: Promise<unknown>;
}

type Entry = Conn | Listener | Reserved | Connecting;

const DEFAULT_TIMEOUT_MS = 2000;
const entries = new Sockets<Entry>();
const encoder = new TextEncoder();
const epoch = performance.now();

const log = (line: string): void => {
  try {
    Deno.stderr.writeSync(encoder.encode(`[deno-agent ${(performance.now() - epoch).toFixed(1)}ms] ${line}\n`));
  } catch {
    // stderr is for humans; losing it must not change a reply.
  }
};

// ---- errors ----

// Linux errno numbers (asm-generic/errno-base.h, errno.h) for the "(os error N)" Deno puts in
// every message of an error a syscall returned.
const LINUX_ERRNO: Record<number, string> = {
  1: 'EPERM', 2: 'ENOENT', 4: 'EINTR', 9: 'EBADF', 11: 'EAGAIN', 12: 'ENOMEM', 13: 'EACCES',
  14: 'EFAULT', 22: 'EINVAL', 23: 'ENFILE', 24: 'EMFILE', 32: 'EPIPE', 88: 'ENOTSOCK',
  89: 'EDESTADDRREQ', 90: 'EMSGSIZE', 91: 'EPROTOTYPE', 92: 'ENOPROTOOPT', 93: 'EPROTONOSUPPORT',
  95: 'EOPNOTSUPP', 97: 'EAFNOSUPPORT', 98: 'EADDRINUSE', 99: 'EADDRNOTAVAIL', 100: 'ENETDOWN',
  101: 'ENETUNREACH', 102: 'ENETRESET', 103: 'ECONNABORTED', 104: 'ECONNRESET', 105: 'ENOBUFS',
  106: 'EISCONN', 107: 'ENOTCONN', 108: 'ESHUTDOWN', 110: 'ETIMEDOUT', 111: 'ECONNREFUSED',
  112: 'EHOSTDOWN', 113: 'EHOSTUNREACH', 114: 'EALREADY', 115: 'EINPROGRESS',
};

// Deno.errors classes that stand for one errno, for an error of that class without an OS code.
const CLASS_ERRNO: Record<string, string> = {
  ConnectionRefused: 'ECONNREFUSED', ConnectionReset: 'ECONNRESET', ConnectionAborted: 'ECONNABORTED',
  NotConnected: 'ENOTCONN', AddrInUse: 'EADDRINUSE', AddrNotAvailable: 'EADDRNOTAVAIL',
  BrokenPipe: 'EPIPE', TimedOut: 'ETIMEDOUT', WouldBlock: 'EAGAIN', Interrupted: 'EINTR',
  NetworkUnreachable: 'ENETUNREACH',
};

const osErrorOf = (message: string): number | null => {
  const m = /\(os error (\d+)\)\s*$/.exec(message);
  return m === null ? null : Number(m[1]);
};

/**
 * A Deno error as the protocol has it. `syscall` is the call Rust std makes for the Deno API
 * that failed (Deno does not name it), and only when the error carries an OS errno: an error
 * without one was made up by Deno (`synthesized`).
 */
const toSocketError = (err: unknown, syscall: string): SocketError => {
  const e = err instanceof Error ? err : new Error(String(err));
  const code = (e as { code?: unknown }).code;
  const os = osErrorOf(e.message);
  const fromCode = typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
  const errno = (os === null ? undefined : LINUX_ERRNO[os] ?? `E${os}`) ?? fromCode ?? CLASS_ERRNO[e.name] ?? null;
  return { errno, name: e.name, synthesized: os === null, syscall: os === null ? null : syscall, message: e.message };
};

const describe = (err: unknown): string => {
  const e = err instanceof Error ? err : new Error(String(err));
  return `${e.name} "${e.message}"`;
};

const agentTimeout = (ms: number, what: string): Outcome => timedOut(`${what} within ${ms} ms`);

// A wait's bound for agent-waits.ts withTimeout: AbortSignal.timeout (ext/web/03_abort_signal.js: a
// core timer, kept referenced while we listen), not the global setTimeout its default arms: since Deno
// 2.8 that is node:timers', loaded on first use (runtime/js/98_global_scope_shared.js,
// createLazyLoader("node:timers")), which cost each agent ~5 ms of CPU at its first wait (measured).
const signalTimer: ArmTimer = (ms, fire) => {
  const signal = AbortSignal.timeout(ms);
  signal.addEventListener('abort', fire, { once: true });
  return () => signal.removeEventListener('abort', fire);
};
const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> => waitAtMost(promise, ms, signalTimer);

// Deno's permission sandbox (the adapter's --allow-net list) refused a host: the harness asked
// for an address the agent was not started for, which is the harness's to fix. Since Deno 2.0 that
// is NotCapable, and PermissionDenied is the OS's EACCES ("(os error 13)": an ICMPv6 administratively
// prohibited fails a connect so), the socket's own verdict; before 2.0 PermissionDenied was the sandbox's, with no OS code.
const isPermissionError = (err: unknown): boolean =>
  err instanceof Deno.errors.NotCapable || (err instanceof Deno.errors.PermissionDenied && !/\(os error \d+\)/.test(err.message));

// ---- ops ----

// Deno.listen: socket, SO_REUSEADDR, bind, listen(tcpBacklog), all inside one synchronous call.
// Its SO_REUSEADDR cannot be left off: `reuseAddr: false` asks for what Deno cannot do.
const REUSEADDR_ALWAYS = 'Deno.listen always sets SO_REUSEADDR before bind and has no option to leave it off (denoland/deno ext/net/tcp.rs bind_socket_and_listen())';

const bindListener = (req: { host: string; port: number; reuseAddr?: boolean }, backlog: number): { listener: Deno.TcpListener } | Outcome => {
  if (req.reuseAddr === false) return { unsupported: REUSEADDR_ALWAYS };
  const { host: hostname, port } = req;
  try {
    return { listener: Deno.listen({ hostname, port, tcpBacklog: backlog, transport: 'tcp' }) };
  } catch (err) {
    if (isPermissionError(err)) throw new Fault(`the agent's --allow-net does not cover ${hostname}: ${describe(err)}`);
    // Deno does not say which of bind(2) and listen(2) failed; EADDRINUSE and EADDRNOTAVAIL are bind's.
    const e = toSocketError(err, 'bind');
    if (e.syscall !== null && !['EADDRINUSE', 'EADDRNOTAVAIL', 'EACCES'].includes(e.errno ?? '')) e.syscall = 'listen';
    return { error: e };
  }
};

// pauseOnConnect and allowHalfOpen ask for what Deno does anyway: nothing reads before the program
// calls read(), and a peer's FIN only makes read() return null (our side stays open).
const listen = async (req: Req<'listen'>): Promise<Outcome> => {
  const label = req.as;
  const bound = bindListener(req, req.backlog);
  if (!('listener' in bound)) return bound;
  const { listener } = bound;
  entries.set(label, { kind: 'listener', label, listener, pending: null });
  return { ok: { port: listener.addr.port } };
};

// Deno has no way to bind a TCP socket without listening on it (Deno.listen does both), so the
// port cannot be held closed: we listen, note the port and close the listener at once (no accept
// is pending, so its fd is closed inside close()). The port is then closed (connects get RST) but
// anyone may take it: `held: false`.
const reserve = async (req: Req<'reserve'>): Promise<Outcome> => {
  const label = req.as;
  const bound = bindListener(req, 16);
  if (!('listener' in bound)) return bound;
  const port = bound.listener.addr.port;
  bound.listener.close();
  entries.set(label, { kind: 'reserved', label, port });
  return { ok: { port, held: false } };
};

// Deno.connect: tokio's TcpStream::connect (socket, non-blocking connect(2), wait, SO_ERROR).
// The agent's bound on the wait is an AbortSignal, as a Deno program would bound it: aborting
// drops the connecting socket.
const connect = async (req: Req<'connect'>): Promise<Outcome> => {
  if (req.bindPort !== undefined) {
    return { unsupported: 'Deno.connect cannot bind a local port before connecting (ConnectOptions has no local address or port)' };
  }
  if (req.reuseAddr === true) return { unsupported: 'Deno.connect has no way to set SO_REUSEADDR (tokio TcpStream::connect sets no socket option)' };
  const { as: label, host: hostname, port, timeoutMs: ms } = req;
  // inFlight: the program holds the pending Deno.connect and its AbortController; close aborts it in SYN-SENT.
  if (req.inFlight === true) {
    const abort = new AbortController();
    const pending = Deno.connect({ hostname, port, transport: 'tcp', signal: abort.signal });
    const settled = pending.then((conn) => conn.close(), (err: unknown) => log(`${label} in-flight connect ended: ${describe(err)}`));
    entries.set(label, { kind: 'connecting', label, abort, settled });
    return { ok: { inFlight: true } };
  }
  // The wait's bound is an AbortSignal.timeout (not the global setTimeout: see withTimeout).
  const signal = AbortSignal.timeout(ms);
  try {
    const conn = await Deno.connect({ hostname, port, transport: 'tcp', signal });
    entries.set(label, { kind: 'conn', label, conn, held: [], pending: null, writing: null });
    log(`${label} connected localPort=${conn.localAddr.port}`);
    return { ok: { localPort: conn.localAddr.port } };
  } catch (err) {
    if (signal.aborted) return agentTimeout(ms, 'connect had no outcome');
    if (isPermissionError(err)) throw new Fault(`the agent's --allow-net does not cover ${hostname}: ${describe(err)}`);
    log(`${label} connect failed: ${describe(err)}`);
    return { error: toSocketError(err, 'connect') };
  }
};

const accepting = (listener: Listener): Promise<AcceptResult> => {
  listener.pending ??= listener.listener.accept().then((conn) => ({ conn }), (error: unknown) => ({ error }));
  return listener.pending;
};

// listener.accept() (accept4(2) when the listener is readable). One that runs out of time stays
// pending: Deno cannot cancel it short of closing the listener, and it takes the next connection.
const accept = async (req: Req<'accept'>): Promise<Outcome> => {
  const listener = entries.of(req.sock, 'listener');
  const { as: label, timeoutMs: ms } = req;
  const result = await withTimeout(accepting(listener), ms);
  if (result === TIMEOUT) return agentTimeout(ms, 'no connection arrived');
  listener.pending = null;
  if ('error' in result) return { error: toSocketError(result.error, 'accept') };
  const { conn } = result;
  entries.set(label, { kind: 'conn', label, conn, held: [], pending: null, writing: null });
  log(`${label} accepted remotePort=${conn.remoteAddr.port}`);
  return { ok: { remotePort: conn.remoteAddr.port } };
};

// `bytes: N` instead of `data`: N bytes of "abc...z" repeated, so the peer can check what it reads.
const payload = (req: Req<'send'>): Uint8Array =>
  req.bytes !== undefined ? patternBytes(req.bytes) : latin1Bytes(req.data);

// One conn.write(): one successful send(2), its count the reply (possibly partial). A write the
// kernel cannot take within timeoutMs goes on in Deno (it cannot be cancelled): we reply the agent
// timeout and only log how it ends.
const send = async (req: Req<'send'>): Promise<Outcome> => {
  const conn = entries.of(req.sock, 'conn');
  const bytes = payload(req);
  const ms = req.timeoutMs;
  const written = conn.conn.write(bytes).then((n) => ({ n }), (error: unknown) => ({ error }));
  const result = await withTimeout(written, ms);
  if (result === TIMEOUT) {
    conn.writing = written;
    void written.then((late) => log(`${conn.label} late write of ${bytes.length} bytes: ${'n' in late ? `${late.n} bytes` : describe(late.error)}`));
    return agentTimeout(ms, `the write of ${bytes.length} bytes did not return`);
  }
  if ('error' in result) {
    log(`${conn.label} write failed: ${describe(result.error)}`);
    return { error: toSocketError(result.error, 'send') };
  }
  return { ok: { bytes: result.n } };
};

// One conn.read() into a buffer of `size` bytes, or the one already pending.
const reading = (conn: Conn, size: number): Promise<ReadResult> => {
  if (conn.pending === null) {
    const buffer = new Uint8Array(size);
    conn.pending = conn.conn.read(buffer).then(
      (n): ReadResult => (n === null ? { eof: true } : { data: buffer.subarray(0, n) }),
      (error: unknown): ReadResult => ({ error }),
    );
  }
  return conn.pending;
};

const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

// Up to `max` bytes of what earlier reads returned beyond their recv (a pending read's buffer).
const takeHeld = (conn: Conn, max: number): Uint8Array => {
  const parts = takeChunks(conn.held, max);
  return concat(parts);
};

const dataValue = (bytes: Uint8Array, eof = false): Record<string, unknown> =>
  ({ data: latin1String(bytes), bytes: bytes.length, ...(eof ? { eof: true } : {}) });

// One read's result for a recv of at most `max` bytes; a longer one (a pending read's buffer was
// larger) leaves the rest for the next recv.
const readOutcome = (conn: Conn, result: ReadResult, max: number): Outcome => {
  if ('eof' in result) return { ok: { eof: true } };
  if ('error' in result) {
    log(`${conn.label} read failed: ${describe(result.error)}`);
    return { error: toSocketError(result.error, 'recv') };
  }
  if (result.data.length > max) conn.held.unshift(result.data.subarray(max));
  return { ok: dataValue(result.data.subarray(0, max)) };
};

// A recv is one conn.read(): it waits for data, EOF or an error. `blocking: true` skips the
// agent's bound: Deno has no SO_RCVTIMEO, so only the harness's deadline ends that wait.
const recv = async (req: Req<'recv'>): Promise<Outcome> => {
  const conn = entries.of(req.sock, 'conn');
  const { max, timeoutMs: ms, blocking } = req;
  if (conn.held.length > 0) return { ok: dataValue(takeHeld(conn, max)) };
  const read = reading(conn, max);
  const result = blocking ? await read : await withTimeout(read, ms);
  if (result === TIMEOUT) return agentTimeout(ms, 'nothing to read');
  conn.pending = null;
  return readOutcome(conn, result, max);
};

// Reads until `bytes` bytes arrived. EOF first: what came, with eof: true. An error first: the
// error, and what came before it is dropped as a failed read loop drops it. Out of time: what came
// stays for the next recv.
const recvAll = async (req: Req<'recvAll'>): Promise<Outcome> => {
  const conn = entries.of(req.sock, 'conn');
  const { bytes: want, timeoutMs: ms } = req;
  const deadline = performance.now() + ms;
  const parts: Uint8Array[] = [takeHeld(conn, want)];
  let got = parts[0]?.length ?? 0;
  while (got < want) {
    const result = await withTimeout(reading(conn, want - got), Math.max(0, deadline - performance.now()));
    if (result === TIMEOUT) {
      if (got > 0) conn.held.unshift(concat(parts));
      return agentTimeout(ms, `${got} of ${want} bytes arrived`);
    }
    conn.pending = null;
    if ('eof' in result) return { ok: got > 0 ? dataValue(concat(parts), true) : { eof: true } };
    if ('error' in result) {
      log(`${conn.label} read failed after ${got} bytes: ${describe(result.error)}`);
      return { error: toSocketError(result.error, 'recv') };
    }
    const data = result.data.length > want - got ? result.data.subarray(0, want - got) : result.data;
    if (data.length < result.data.length) conn.held.unshift(result.data.subarray(data.length));
    parts.push(data);
    got += data.length;
  }
  return { ok: dataValue(concat(parts)) };
};

// closeWrite() is shutdown(SHUT_WR); Deno has nothing for the read side.
const shutdown = async (req: Req<'shutdown'>): Promise<Outcome> => {
  // Deno.Listener has close() and nothing else: no shutdown(2) of a listening socket.
  if (entries.get(req.sock).kind === 'listener') return { unsupported: 'Deno.Listener has close() only: no shutdown of a listening socket' };
  const conn = entries.of(req.sock, 'conn');
  const how = req.how;
  if (how === 'read' || how === 'both') {
    return { unsupported: `Deno.Conn has closeWrite() (shutdown(SHUT_WR)) only: no shutdown(SHUT_${how === 'read' ? 'RD' : 'RDWR'})` };
  }
  try {
    await conn.conn.closeWrite();
    return { ok: {} };
  } catch (err) {
    log(`${conn.label} closeWrite failed: ${describe(err)}`);
    return { error: toSocketError(err, 'shutdown') };
  }
};

// conn.close() as a program calls it: synchronous, throwing BadResource if already closed. It
// cancels a pending read, which keeps the resource (and the fd) until it settles: we wait for
// that, so the fd is gone when we reply.
const closeConn = async (conn: Conn, ms: number): Promise<Outcome> => {
  try {
    conn.conn.close();
  } catch (err) {
    return { error: toSocketError(err, 'close') };
  }
  const pending = conn.pending;
  if (pending !== null) {
    const settled = await withTimeout(pending, ms);
    log(`${conn.label} pending read after close: ${settled === TIMEOUT ? 'still pending' : 'error' in settled ? describe(settled.error) : JSON.stringify(settled)}`);
    // A read that completed before the cancel keeps its bytes for nobody: the program closed.
    if (settled !== TIMEOUT) conn.pending = null;
  }
  if (conn.writing !== null) log(`${conn.label} closed with a write still pending: the fd lives until it ends`);
  return { ok: {} };
};

// listener.close() closes the fd at once unless an accept is pending; then we wait for it, as
// Deno's own docs advise before listening again.
const closeListener = async (listener: Listener, ms: number): Promise<Outcome> => {
  try {
    listener.listener.close();
  } catch (err) {
    return { error: toSocketError(err, 'close') };
  }
  const pending = listener.pending;
  if (pending !== null) {
    const settled = await withTimeout(pending, ms);
    if (settled !== TIMEOUT && 'conn' in settled) {
      log(`${listener.label} a pending accept had taken a connection nobody asked for: closing it`);
      settled.conn.close();
    }
    listener.pending = null;
  }
  return { ok: {} };
};

const close = async (req: Req<'close'>): Promise<Outcome> => {
  const entry = entries.get(req.sock);
  if (entry.kind === 'reserved') return { ok: {} };
  if (entry.kind === 'listener') return closeListener(entry, DEFAULT_TIMEOUT_MS);
  if (entry.kind === 'connecting') {
    // ConnectOptions.signal: "An AbortSignal to close the tcp connection"; the aborted connect drops its socket.
    entry.abort.abort();
    const ended = await withTimeout(entry.settled, DEFAULT_TIMEOUT_MS);
    if (ended === TIMEOUT) return agentTimeout(DEFAULT_TIMEOUT_MS, 'the aborted connect did not end');
    return { ok: {} };
  }
  return closeConn(entry, DEFAULT_TIMEOUT_MS);
};

// Deno.connect() takes a hostname and port only; Deno.TcpConn has close() and closeWrite(): no AF_UNSPEC connect.
const disconnect = async (req: Req<'disconnect'>): Promise<Outcome> => {
  entries.get(req.sock);
  return { unsupported: 'Deno has no disconnect: Deno.TcpConn has close() and closeWrite() only, and Deno.connect() takes a hostname and port (no AF_UNSPEC)' };
};

const abort = async (req: Req<'abort'>): Promise<Outcome> => {
  entries.of(req.sock, 'conn');
  return { unsupported: 'Deno has no SO_LINGER (Deno.TcpConn offers setNoDelay and setKeepAlive only), so no abortive close' };
};

const UNSUPPORTED_OPTIONS: Record<string, string> = {
  linger: 'Deno has no SO_LINGER (Deno.TcpConn offers setNoDelay and setKeepAlive only)',
  rcvtimeo: 'Deno has no SO_RCVTIMEO: conn.read() is a non-blocking recv(2) driven by tokio\'s epoll, and Deno offers no read timeout',
  user_timeout: 'Deno has no TCP_USER_TIMEOUT (ext/net/01_net.js TcpConn offers setNoDelay and setKeepAlive only)',
  // ext/net/01_net.js TcpConn.setKeepAlive(keepAlive) takes a boolean only (op_set_keepalive).
  keepidle: 'Deno has no TCP_KEEPIDLE: Deno.TcpConn.setKeepAlive(keepAlive) takes a boolean only (ext/net/01_net.js, op_set_keepalive)',
  keepintvl: 'Deno has no TCP_KEEPINTVL: Deno.TcpConn.setKeepAlive(keepAlive) takes a boolean only (ext/net/01_net.js, op_set_keepalive)',
  keepcnt: 'Deno has no TCP_KEEPCNT: Deno.TcpConn.setKeepAlive(keepAlive) takes a boolean only (ext/net/01_net.js, op_set_keepalive)',
};

// setNoDelay and setKeepAlive (keepalive with the system's idle, interval and count).
const setopt = async (req: Req<'setopt'>): Promise<Outcome> => {
  const entry = entries.get(req.sock);
  const name = req.name;
  const unsupported = UNSUPPORTED_OPTIONS[name];
  if (unsupported !== undefined) return { unsupported };
  if (name !== 'nodelay' && name !== 'keepalive') return { unsupported: `Deno has no socket option "${name}"` };
  if (entry.kind !== 'conn') return { unsupported: `Deno.Listener has no socket options (${name} exists on Deno.TcpConn only)` };
  try {
    if (name === 'nodelay') entry.conn.setNoDelay(req.value === true);
    else entry.conn.setKeepAlive(req.value === true);
    return { ok: {} };
  } catch (err) {
    if (err instanceof Fault) throw err;
    return { error: toSocketError(err, 'setsockopt') };
  }
};

const noTcpInfo = async (req: { sock: string }): Promise<Outcome> => {
  entries.get(req.sock);
  return { unsupported: 'Deno does not expose TCP_INFO' };
};

const OPS: OpHandlers = { listen, reserve, connect, accept, send, recv, recvAll, shutdown, close, abort, disconnect, setopt, state: noTcpInfo, info: noTcpInfo };

// ---- Deno's I/O for the control channel (harness/channel/agent-loop.ts) ----

const writeLine = (line: string): void => {
  const bytes = encoder.encode(line);
  try {
    for (let at = 0; at < bytes.length;) at += Deno.stdout.writeSync(bytes.subarray(at));
  } catch {
    // The harness is gone: nobody can read a reply, so stop as on stdin EOF.
    finish(1);
  }
};

// On stdin EOF: a plain close of everything we hold, then exit. Pending reads and accepts are
// cancelled by close(); the process's exit closes whatever they still keep open.
function finish(code = 0): never {
  for (const entry of entries.values()) {
    try {
      if (entry.kind === 'conn') entry.conn.close();
      if (entry.kind === 'listener') entry.listener.close();
    } catch {
      // Already closed by a request: nothing left to close.
    }
  }
  Deno.exit(code);
}

// stdin's bytes, one read at a time: the next line is not read before this reply is written.
async function* stdin(): AsyncGenerator<Uint8Array> {
  const buffer = new Uint8Array(65536);
  for (let n = await Deno.stdin.read(buffer); n !== null; n = await Deno.stdin.read(buffer)) yield buffer.slice(0, n);
}

await runAgent({ lines: splitLines(stdin()), write: writeLine }, {
  who: 'deno', thrower: 'Deno', describe, ops: OPS, names: entries,
  hello: {
    runtime: 'deno', version: Deno.version.deno, pid: Deno.pid,
    features: ['nosignal', 'keepalive', 'blocking', 'sendBytes', 'pauseOnConnect', 'allowHalfOpen', 'inFlight'],
  },
});
finish(0);
