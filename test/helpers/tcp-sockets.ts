// A process's TCP sockets as the kernel lists them (/proc/<pid>/net/tcp and tcp6), matched to its fds by inode.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import os from 'node:os';

/** One TCP socket: its local address (as text), port, kernel state (0A is LISTEN) and inode. */
export interface TcpSocket {
  address: string;
  port: number;
  state: string;
  inode: number;
  loopback: boolean;
}

// The kernel prints each 32-bit word of the address in host byte order.
const words = (hex: string): Buffer => {
  const bytes = Buffer.from(hex, 'hex');
  if (os.endianness() === 'LE') for (let i = 0; i < bytes.length; i += 4) bytes.subarray(i, i + 4).reverse();
  return bytes;
};

const decode = (field: string): Omit<TcpSocket, 'state' | 'inode'> => {
  const [hex = '', port = '0'] = field.split(':');
  const b = words(hex);
  if (b.length === 4) return { address: [...b].join('.'), port: parseInt(port, 16), loopback: b[0] === 127 };
  const mapped = b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  const loopback = (b.subarray(0, 15).every((x) => x === 0) && b[15] === 1) || (mapped && b[12] === 127);
  // URL parsing writes an IPv6 address in its short form ("::1", "::").
  const full = b.toString('hex').match(/.{4}/g)!.join(':');
  return { address: new URL(`http://[${full}]`).hostname.slice(1, -1), port: parseInt(port, 16), loopback };
};

/** Every TCP socket in the table of the network namespace `pid` is in (`self`: this process's). */
export const namespaceSockets = (pid: number | 'self'): TcpSocket[] =>
  ['tcp', 'tcp6'].flatMap((table) => {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      return []; // no IPv6 in this kernel, or the process is gone
    }
    return text.split('\n').slice(1).map((l) => l.trim().split(/\s+/)).filter((f) => f.length >= 10)
      .map((f) => ({ ...decode(f[1]!), state: f[3]!, inode: Number(f[9]) }));
  });

/** Inodes of the sockets among the open fds of `pid`. */
export const socketInodes = (pid: number): Set<number> => {
  const inodes = new Set<number>();
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(Number(m[1]));
    } catch {
      // closed between readdir and readlink
    }
  }
  return inodes;
};

/** The listening sockets `pid` holds, with the addresses they are bound to. */
export const listeningSockets = (pid: number): TcpSocket[] => {
  const own = socketInodes(pid);
  return namespaceSockets(pid).filter((s) => s.state === '0A' && own.has(s.inode));
};

/** The network namespace of `pid` ("net:[4026531840]"). */
export const netNamespace = (pid: number | 'self'): string => readlinkSync(`/proc/${pid}/ns/net`);
