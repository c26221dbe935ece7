// The kernel's own list of TCP sockets in one namespace, for assertions such as "no TIME_WAIT after a RST".
import { readFile } from 'node:fs/promises';

/** One TCP socket, named as `ss -tan` names it (state ESTAB, TIME-WAIT...; addresses 127.0.0.1:80, [::1]:80). */
export interface KernelSocket {
  state: string;
  local: string;
  peer: string;
  localPort: number;
  peerPort: number;
  /** The socket's armed timer in ss -o's words, e.g. "keepalive,14.99s" (a runtime's own keep-alive shows here); absent when none. */
  timer?: string;
}

// The "tr" column (net/ipv4/tcp_ipv4.c get_tcp4_sock(): timer_active) in ss's words; tm->when is in clock ticks (USER_HZ).
const TIMERS: Record<number, string> = { 1: 'on', 2: 'keepalive', 3: 'timewait', 4: 'persist' };
const USER_HZ = 100;

/** "02:000005DB" -> "keepalive,14.99s"; undefined when no timer is armed. */
const timerOf = (field: string | undefined): string | undefined => {
  const [tr, when] = (field ?? '').split(':');
  const kind = TIMERS[parseInt(tr ?? '0', 16)];
  return kind === undefined ? undefined : `${kind},${(parseInt(when ?? '0', 16) / USER_HZ).toFixed(2)}s`;
};

// include/net/tcp_states.h, in ss's words. NEW_SYN_RECV (a request socket) is shown as SYN-RECV, as ss does.
const STATES: Record<number, string> = {
  1: 'ESTAB', 2: 'SYN-SENT', 3: 'SYN-RECV', 4: 'FIN-WAIT-1', 5: 'FIN-WAIT-2', 6: 'TIME-WAIT', 7: 'UNCONN',
  8: 'CLOSE-WAIT', 9: 'LAST-ACK', 10: 'LISTEN', 11: 'CLOSING', 12: 'SYN-RECV',
};

/** "0100007F:1F90" (tcp) or 32 hex digits ":port" (tcp6): each 32-bit word is in host (little-endian) order. */
const address = (hex: string): { text: string; port: number } => {
  const [ip, portHex] = hex.split(':') as [string, string];
  const port = parseInt(portHex, 16);
  const words = ip.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((w) => [w.slice(6, 8), w.slice(4, 6), w.slice(2, 4), w.slice(0, 2)].map((b) => parseInt(b, 16)));
  if (bytes.length === 4) return { text: `${bytes.join('.')}:${port === 0 ? '*' : port}`, port };
  // An IPv4-mapped address, as ss prints it: [::ffff:127.0.0.1].
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return { text: `[::ffff:${bytes.slice(12).join('.')}]:${port === 0 ? '*' : port}`, port };
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16));
  // The shortest form, as ss prints it: the longest run of zero groups becomes "::".
  let best = [-1, 0];
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best[1]! && j - i > 1) best = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const text = best[0]! < 0 ? groups.join(':') : `${groups.slice(0, best[0]).join(':')}::${groups.slice(best[0]! + best[1]!).join(':')}`;
  return { text: `[${text}]:${port === 0 ? '*' : port}`, port };
};

/** Parses /proc/<pid>/net/tcp or tcp6. */
export const parseProcNetTcp = (text: string): KernelSocket[] =>
  text.split('\n').slice(1).map((l) => l.trim().split(/\s+/)).filter((f) => f.length >= 4 && f[1]!.includes(':')).map((f) => {
    const [local, peer] = [address(f[1]!), address(f[2]!)];
    const timer = timerOf(f[5]);
    return { state: STATES[parseInt(f[3]!, 16)] ?? `0x${f[3]}`, local: local.text, peer: peer.text, localPort: local.port, peerPort: peer.port, ...(timer === undefined ? {} : { timer }) };
  });

/**
 * Lists the TCP sockets touching any of `ports` in the namespace process `pid` is in ('self':
 * ours). Read from /proc/<pid>/net/tcp and tcp6: no process to spawn (ss cost a spawn per step).
 */
export const listSockets = async (ports: number[], pid: number | 'self' = 'self'): Promise<{ ok: true; sockets: KernelSocket[] } | { ok: false; reason: string }> => {
  try {
    const tables = await Promise.all(['tcp', 'tcp6'].map((f) => readFile(`/proc/${pid}/net/${f}`, 'utf8')));
    const wanted = new Set(ports);
    return { ok: true, sockets: tables.flatMap(parseProcNetTcp).filter((s) => wanted.has(s.localPort) || wanted.has(s.peerPort)) };
  } catch (error) {
    return { ok: false, reason: `cannot read the TCP table of ${pid === 'self' ? 'this process' : `pid ${pid}`}'s namespace: ${(error as Error).message}` };
  }
};
