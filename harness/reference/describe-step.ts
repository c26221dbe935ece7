// One step of a case in words, for the stimulus: who calls what, on which socket, with the stable arguments only.
import type { StepInfo } from '../result/case-info.ts';
import type { StepRecord } from '../result/case-result.ts';
import { code } from './markdown.ts';
import { harnessOp } from '../case/ops/index.ts';

/** Which socket held which port in one run, so "port 41399" can be told as "the port of `l4`". */
export interface SocketPorts {
  /** A listening or reserved socket's port → its name. */
  listening: Map<number, string>;
  /** A connected socket's own port → its name. */
  local: Map<number, string>;
}

/** Reads the ports each named socket got from one run's records (the first socket to hold a port names it). */
export const socketPorts = (records: StepRecord[]): SocketPorts => {
  const listening = new Map<number, string>();
  const local = new Map<number, string>();
  for (const r of records) {
    const as = r.request.as;
    if (typeof as !== 'string' || r.ok !== true) continue;
    const port = r.value?.port;
    const localPort = r.value?.localPort;
    if ((r.op === 'listen' || r.op === 'reserve') && typeof port === 'number' && !listening.has(port)) listening.set(port, as);
    if (r.op === 'connect' && typeof localPort === 'number' && !local.has(localPort)) local.set(localPort, as);
  }
  return { listening, local };
};

const MAX_DATA = 60;

/** A payload as the stimulus quotes it (JSON-quoted, long ones cut). */
const quoteData = (data: string): string =>
  JSON.stringify(data.length > MAX_DATA ? `${data.slice(0, MAX_DATA - 3)}...` : data);

const SHUTDOWN: Record<string, string> = { write: 'for writing (SHUT_WR)', read: 'for reading (SHUT_RD)', both: 'both ways (SHUT_RDWR)' };
const SETOPT: Record<string, (v: unknown) => string> = {
  rcvtimeo: (v) => `SO_RCVTIMEO to ${String(v)} ms`,
  linger: (v) => (typeof v === 'number' && v < 0 ? 'SO_LINGER off' : `SO_LINGER {on, ${String(v)} s}`),
  nodelay: (v) => `TCP_NODELAY ${v === true ? 'on' : 'off'}`,
  keepalive: (v) => `SO_KEEPALIVE ${v === true ? 'on' : 'off'}`,
  user_timeout: (v) => `TCP_USER_TIMEOUT to ${String(v)} ms`,
  keepidle: (v) => `TCP_KEEPIDLE to ${String(v)} s`,
  keepintvl: (v) => `TCP_KEEPINTVL to ${String(v)} s`,
  keepcnt: (v) => `TCP_KEEPCNT to ${String(v)} probes`,
};
// Options a request may carry (PROTOCOL.md) and how the stimulus says them; any other key is plumbing.
const OPTION_WORDS: Record<string, string> = {
  reuseAddr: 'SO_REUSEADDR', pauseOnConnect: 'pauseOnConnect', allowHalfOpen: 'allowHalfOpen',
};

const named = (name: unknown): string => (typeof name === 'string' ? code(name) : 'a socket');

const withOptions = (request: Record<string, unknown>): string => {
  const on = Object.keys(OPTION_WORDS).filter((k) => request[k] === true).map((k) => OPTION_WORDS[k]!);
  return on.length > 0 ? ` with ${on.join(' and ')}` : '';
};

const portPhrase = (port: unknown, names: Map<number, string>): string => {
  if (typeof port !== 'number' || port === 0) return '';
  const owner = names.get(port);
  return owner === undefined ? ' on a fixed port' : ` on the port of ${code(owner)}`;
};

const agentPhrase = (op: string, r: Record<string, unknown>, ports: SocketPorts): string | null => {
  const sock = named(r.sock);
  switch (op) {
    case 'listen': return `listens on ${String(r.host ?? 'its address')}${portPhrase(r.port, ports.listening)}${withOptions(r)} (${named(r.as)})`;
    case 'reserve': return `binds a port on ${String(r.host ?? 'its address')} without listening${withOptions(r)} (${named(r.as)})`;
    case 'connect': {
      const target = typeof r.port === 'number' ? ports.listening.get(r.port) : undefined;
      const from = typeof r.bindPort === 'number' ? ` from the local port of ${named(ports.local.get(r.bindPort))}` : '';
      // inFlight: the call returns once the connect has started, so the socket can be closed in SYN-SENT.
      const inFlight = r.inFlight === true ? `, returning as soon as the connect has started (${code('inFlight')})` : '';
      return `connects to ${target === undefined ? String(r.host ?? 'the server') : code(target)}${from}${withOptions(r)} (${named(r.as)})${inFlight}`;
    }
    case 'accept': return `accepts a connection on ${sock} (${named(r.as)})`;
    case 'send': return typeof r.data === 'string' ? `sends ${code(quoteData(r.data))} on ${sock}` : `sends ${String(r.bytes)} bytes on ${sock}`;
    case 'recv': return `reads from ${sock}${typeof r.max === 'number' ? ` (at most ${r.max} bytes)` : ''}${r.blocking === true ? ', a blocking read that only the receive timeout ends' : ''}`;
    case 'recvAll': return `reads ${String(r.bytes)} bytes from ${sock}`;
    case 'shutdown': return `shuts down ${sock} ${SHUTDOWN[String(r.how)] ?? String(r.how)}`;
    case 'close': return `closes ${sock}`;
    case 'abort': return `aborts ${sock} (SO_LINGER {on, 0}, then close)`;
    case 'setopt': return `sets ${SETOPT[String(r.name)]?.(r.value) ?? `${String(r.name)} to ${String(r.value)}`} on ${sock}`;
    case 'state': return `reads the TCP state of ${sock}`;
    case 'info': return `reads TCP_INFO of ${sock}`;
    default: return null;
  }
};

// A harness op says itself how it reads (harness/case/ops/<op>.ts), in this document's inline code.
const harnessPhrase = (op: string, r: Record<string, unknown>): string | null => harnessOp(op)?.words(r, code) ?? null;

/**
 * "server closes `s`", "client sends `"hello"` on `c`", "a firewall on the server's host drops
 * incoming SYNs to the port of `l`". `record` is this step as one run made it (its request holds
 * the arguments); without it the step is told by role and op alone.
 */
export const describeStep = (info: StepInfo, record: StepRecord | undefined, ports: SocketPorts): string => {
  const phrase = record === undefined ? null
    : info.role === 'harness' ? harnessPhrase(info.op, record.request) : agentPhrase(info.op, record.request, ports);
  if (info.role === 'harness') return phrase ?? `the harness does ${code(info.op)}`;
  // A background step's call is still waiting while the steps after it run.
  const background = record?.background === undefined ? '' : `, in the background (the steps after it run while it waits; step ${record.background.awaitedAt} awaits its reply)`;
  return `${info.role} ${phrase ?? `does ${code(info.op)}`}${background}`;
};

/** Whether a label is the generated "<role> <op>[ <sock>]" (which says nothing the phrase does not). */
export const isDefaultLabel = (info: StepInfo, record: StepRecord | undefined): boolean => {
  const sock = record?.request.sock;
  const base = `${info.role} ${info.op}`;
  return info.label === base || (typeof sock === 'string' && info.label === `${base} ${sock}`);
};
