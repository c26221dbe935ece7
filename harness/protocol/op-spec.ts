// The agent protocol's ops as data (PROTOCOL.md, "Requests"): every field, its type and range, its
// default, the optional feature behind it, and each op's success value. The request types
// (messages.ts), the agents' shared validation (check-request.ts), the conformance self-test and
// PROTOCOL.md's op table all read this one object.

/** The largest `ms` value (a signed 32-bit millisecond count, as SO_RCVTIMEO's and Node's timers hold). */
export const MAX_MS = 2147483647;
/** The most bytes one send, recv or recvAll handles (64 MiB). */
export const MAX_BYTES = 67108864;
/** A socket name's longest length: 63 printable ASCII characters (the C agent's buffer holds 64 with NUL). */
export const MAX_NAME_LENGTH = 63;

/**
 * Rules for every request, before any op's fields (PROTOCOL.md, "Requests"), in the order agents
 * apply them. The first that fails decides the reply.
 */
export const REQUEST_RULES = [
  'a line that is not one JSON object whose values are strings, numbers, booleans or null, each string of code points 0-255 only (no nested object or array), is malformed: fault with id null',
  '"id" is an integer 1-9007199254740991; otherwise fault with id null',
  '"op" names one of the ops; otherwise fault',
  'a field the op does not have, set to true, is an option the agent cannot honour: unsupported (any other value of an unknown field is ignored)',
  'null is the field left out',
  'a required field left out, a value of the wrong type or out of range, both or neither of an exactly-one pair, a `sock` naming no socket, an `as` naming a socket in use: fault',
  'only then does the op run; it may still say unsupported (its runtime lacks what a field asks), error or ok',
] as const;

/**
 * Field types. `name`: a socket name (1-63 printable ASCII characters); `host`: a numeric IPv4 or
 * IPv6 address (no DNS, no brackets); `bytes`: a string whose characters are bytes (0-255);
 * `string`: any string; `int`: an integer in [min, max]; `bool`: true or false; `enum`: one of `values`;
 * `optionValue`: setopt's value, typed by `name` (SETOPT_NAMES).
 */
export type FieldType = 'name' | 'host' | 'bytes' | 'string' | 'int' | 'bool' | 'enum' | 'optionValue';

/** Kinds of the values a success reply carries: a port 1-65535, a count >= 0, latin1 bytes, true, a boolean, a string. */
export type ValueKind = 'port' | 'count' | 'bytes' | 'true' | 'boolean' | 'string';

const MS = { type: 'int', min: 0, max: MAX_MS } as const;
const WAIT = { ...MS, default: 2000, doc: 'bounds the wait inside the agent' } as const;
const NEW = { type: 'name', socket: 'new', required: true } as const;
const SOCK = { type: 'name', socket: 'existing', required: true } as const;
const HOST = { type: 'host', required: true } as const;
const REUSE = { type: 'bool', feature: 'reuseAddr', doc: 'SO_REUSEADDR before bind; absent: what the runtime does by default' } as const;
const HALF_OPEN = { type: 'bool', default: false, feature: 'allowHalfOpen', doc: "the peer's FIN does not end our side" } as const;
const MPTCP = { type: 'bool', default: false, feature: 'mptcp', doc: 'a Multipath TCP socket (`IPPROTO_MPTCP`, RFC 8684; Linux): the mptcp net sets it' } as const;
const EMPTY = { required: {} } as const;
const DATA = { required: { data: 'bytes', bytes: 'count' } } as const;
const TCP_INFO = {
  required: { state: 'string', retransmits: 'count', rto_us: 'count', backoff: 'count', unacked: 'count', lost: 'count', total_retrans: 'count' },
} as const;

/**
 * Every op: `does` (PROTOCOL.md's words), `fields`, `exactlyOne` (fields of which a request gives
 * one, never both), `feature` (an optional op: an agent whose hello does not list it may reply
 * unsupported) and `value` (the success value's allowed shapes).
 */
export const OP_SPEC = {
  listen: {
    does: 'socket, bind, listen',
    fields: {
      as: NEW, host: HOST,
      port: { type: 'int', min: 0, max: 65535, default: 0, doc: '0: any' },
      backlog: { type: 'int', min: 0, max: 65535, default: 16 },
      pauseOnConnect: { type: 'bool', default: false, feature: 'pauseOnConnect', doc: 'accepted sockets do not read until the agent reads' },
      allowHalfOpen: HALF_OPEN,
      reuseAddr: REUSE,
      mptcp: MPTCP,
    },
    value: [{ required: { port: 'port' } }],
  },
  reserve: {
    does: 'socket, bind, **no** listen: the port is held closed so nobody else takes it',
    fields: {
      as: NEW, host: HOST,
      port: { type: 'int', min: 0, max: 65535, default: 0, doc: '0: an ephemeral port' },
      reuseAddr: REUSE,
    },
    value: [{ required: { port: 'port' }, optional: { held: 'boolean' } }],
  },
  connect: {
    does: 'socket, (bind), connect; waits for the outcome (`inFlight`: only until the connect has started, the socket then closable in SYN-SENT)',
    fields: {
      as: NEW, host: HOST,
      port: { type: 'int', min: 0, max: 65535, required: true },
      timeoutMs: WAIT,
      allowHalfOpen: HALF_OPEN,
      bindPort: { type: 'int', min: 1, max: 65535, feature: 'bindPort', doc: "bind the any-address of host's family to this port first" },
      reuseAddr: REUSE,
      inFlight: { type: 'bool', default: false, feature: 'inFlight', doc: "reply `inFlight: true` once the connect has started (the SYN on its way), without waiting for the outcome; the socket's name is usable at once, by close (a connect abandoned in SYN-SENT)" },
      mptcp: MPTCP,
    },
    value: [{ required: { localPort: 'port' } }, { required: { inFlight: 'true' } }],
  },
  accept: {
    does: 'waits for one connection (bounded) and accepts it',
    fields: { sock: SOCK, as: NEW, timeoutMs: WAIT },
    value: [{ required: { remotePort: 'port' } }],
  },
  send: {
    does: 'one write of `data`, or of `bytes` pattern bytes; its result is the reply',
    fields: {
      sock: SOCK,
      data: { type: 'bytes' },
      bytes: { type: 'int', min: 0, max: MAX_BYTES, feature: 'sendBytes', doc: 'N bytes of a-z repeated' },
      timeoutMs: { ...WAIT, doc: 'bounds the wait for the write where the agent waits for it (Node, Deno, Bun); one blocking send(2) (C, Python) has only the harness deadline' },
    },
    exactlyOne: ['data', 'bytes'],
    value: [{ required: { bytes: 'count' } }],
  },
  recv: {
    does: 'waits until data, EOF or an error, then returns what one read gives',
    fields: {
      sock: SOCK,
      max: { type: 'int', min: 1, max: MAX_BYTES, default: 65536 },
      timeoutMs: WAIT,
      blocking: { type: 'bool', default: false, feature: 'blocking', doc: 'no wait before the read: the receive timeout ends it' },
    },
    value: [DATA, { required: { eof: 'true' } }],
  },
  recvAll: {
    does: 'reads until `bytes` bytes have arrived (EOF or error first is the result)',
    fields: { sock: SOCK, bytes: { type: 'int', min: 0, max: MAX_BYTES, required: true }, timeoutMs: WAIT },
    value: [{ ...DATA, optional: { eof: 'true' } }, { required: { eof: 'true' } }],
  },
  shutdown: {
    does: 'shutdown(2)',
    fields: { sock: SOCK, how: { type: 'enum', values: ['write', 'read', 'both'], required: true } },
    value: [EMPTY],
  },
  close: {
    does: "close(2) / `destroy()` / `close()`: the runtime's ordinary close",
    fields: { sock: SOCK },
    value: [EMPTY],
  },
  abort: {
    does: 'abortive close: SO_LINGER {1, 0} then close (Node: `resetAndDestroy()`)',
    fields: { sock: SOCK },
    feature: 'abort',
    value: [EMPTY],
  },
  disconnect: {
    does: 'connect(2) to an AF_UNSPEC address on a connected socket: Linux aborts the connection (tcp_disconnect(): RST) and leaves the socket open, unconnected',
    fields: { sock: SOCK },
    feature: 'disconnect',
    value: [EMPTY],
  },
  setopt: {
    does: 'set an option on an existing socket (SETOPT_NAMES)',
    fields: { sock: SOCK, name: { type: 'string', required: true }, value: { type: 'optionValue', required: true } },
    value: [EMPTY],
  },
  state: {
    does: "the kernel's TCP state (`TCP_INFO`) where the runtime exposes it",
    fields: { sock: SOCK },
    feature: 'state',
    value: [{ required: { state: 'string' } }],
  },
  info: {
    does: 'a `TCP_INFO` subset, for evidence in retransmission cases',
    fields: { sock: SOCK },
    feature: 'info',
    value: [TCP_INFO],
  },
} as const;

/** setopt's names: the type and range of `value`, and what it sets. A name not here is unsupported. */
export const SETOPT_NAMES = {
  linger: { type: 'int', min: -2147483647, max: 2147483647, feature: 'linger', doc: 'seconds; negative turns lingering off', sets: '`SO_LINGER` {1, s} or {0, 0}' },
  nodelay: { type: 'bool', sets: '`TCP_NODELAY`' },
  keepalive: { type: 'bool', feature: 'keepalive', sets: "`SO_KEEPALIVE` (the system's idle, interval and count)" },
  rcvtimeo: { ...MS, feature: 'rcvtimeo', doc: 'ms; 0: no timeout', sets: '`SO_RCVTIMEO`: what ends a `blocking` recv' },
  user_timeout: { ...MS, feature: 'user_timeout', doc: 'ms; 0: the system default', sets: '`TCP_USER_TIMEOUT` (RFC 5482; Linux only)' },
  // Linux's ranges (net/ipv4/tcp.c do_tcp_setsockopt(): MAX_TCP_KEEPIDLE, MAX_TCP_KEEPINTVL 32767 s, MAX_TCP_KEEPCNT 127).
  keepidle: { type: 'int', min: 1, max: 32767, feature: 'keepidle', doc: 'seconds', sets: '`TCP_KEEPIDLE`: idle time before the first keep-alive probe' },
  keepintvl: { type: 'int', min: 1, max: 32767, feature: 'keepintvl', doc: 'seconds', sets: '`TCP_KEEPINTVL`: time between unanswered probes' },
  keepcnt: { type: 'int', min: 1, max: 127, feature: 'keepcnt', doc: 'probes', sets: '`TCP_KEEPCNT`: unanswered probes before the connection is dropped' },
} as const;

/** Features that are behaviour, not a field: hello lists them as promises. */
export const BEHAVIOUR_FEATURES = {
  nosignal: 'a send to a closed peer is an EPIPE reply, never a SIGPIPE that kills the agent',
} as const;

/** The spec's own type, for types derived from it (messages.ts). */
export type OpSpec = typeof OP_SPEC;
/** An op's name. */
export type Op = keyof OpSpec;
/** A setopt name the spec types. */
export type SetoptName = keyof typeof SETOPT_NAMES;

/** The ops, in the table's order. */
export const OPS = Object.keys(OP_SPEC) as Op[];

/** One field as the spec writes it (every property optional, for code that reads any field). */
export interface FieldSpec {
  type: FieldType;
  required?: boolean;
  default?: number | boolean;
  min?: number;
  max?: number;
  values?: readonly string[];
  socket?: 'new' | 'existing';
  feature?: string;
  doc?: string;
}

/** The fields of `op`, widened for generic readers (validation, probes, the table). */
export const fieldsOf = (op: Op): Record<string, FieldSpec> => OP_SPEC[op].fields as Record<string, FieldSpec>;

/** The feature names hello may list: every field's, op's and setopt name's, and the behavioural ones. */
export const FEATURES: string[] = [...new Set([
  ...OPS.flatMap((op) => [(OP_SPEC[op] as { feature?: string }).feature, ...Object.values(fieldsOf(op)).map((f) => f.feature)]),
  ...Object.values(SETOPT_NAMES).map((o) => (o as FieldSpec).feature),
  ...Object.keys(BEHAVIOUR_FEATURES),
].filter((f): f is string => f !== undefined))];
