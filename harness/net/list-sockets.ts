// The kernel's own list of TCP sockets (ss), for assertions such as "no TIME_WAIT after a RST".
import { execa } from 'execa';

/** One TCP socket as `ss -tan` shows it. */
export interface KernelSocket {
  state: string;
  local: string;
  peer: string;
  localPort: number;
  peerPort: number;
}

const port = (addr: string): number => Number(addr.slice(addr.lastIndexOf(':') + 1));

/** Parses `ss -tanH` output. */
export const parseSs = (text: string): KernelSocket[] =>
  text.split('\n').map((l) => l.trim().split(/\s+/)).filter((f) => f.length >= 5).map((f) => ({
    state: f[0]!, local: f[3]!, peer: f[4]!, localPort: port(f[3]!), peerPort: port(f[4]!),
  }));

/** Lists the TCP sockets touching any of `ports` (inside a namespace when a prefix is given). */
export const listSockets = async (ports: number[], prefix: string[] = []): Promise<{ ok: true; sockets: KernelSocket[] } | { ok: false; reason: string }> => {
  const [file, ...args] = [...prefix, 'ss', '-tanH'];
  const r = await execa(file!, args, { reject: false });
  if (r.exitCode !== 0) return { ok: false, reason: `ss failed: ${String(r.stderr).trim() || r.shortMessage}` };
  const wanted = new Set(ports);
  return { ok: true, sockets: parseSs(String(r.stdout)).filter((s) => wanted.has(s.localPort) || wanted.has(s.peerPort)) };
};
