// Builds inject.c and sends one crafted segment with it; "cannot inject here" is data, not a throw.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { compileC } from '../toolchain/compile-c.ts';
import type { CaptureSession } from '../capture/capture-session.ts';

const SOURCE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'inject.c');
const PACKET_HEADER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'inject-packet.h');
/** inject.c's exit code for "injecting is not possible here" (no CAP_NET_RAW, not Linux). */
const EXIT_UNAVAILABLE = 77;
const RUN_TIMEOUT_MS = 5000;

/** The destination-unreachable codes inject.c sends (net, host, port, administratively prohibited). */
export type IcmpCode = 'net' | 'host' | 'port' | 'admin';

/**
 * One TCP segment without payload; `flags` is inject.c's letters ("R", "RA", "A"); `src` and `dst` as the capture prints
 * them ("10.0.0.1:80", "[::1]:80"). With `icmp`, the segment is the one quoted: an ICMP or ICMPv6 destination-unreachable
 * goes from `dst`'s address to `src`'s.
 */
export interface InjectedSegment {
  src: string;
  dst: string;
  seq: number;
  ack: number;
  flags: string;
  window?: number;
  icmp?: IcmpCode;
}

/** What inject.c says it sent: IPv4 or IPv6 header, TCP header, and for an ICMP error its 8 bytes and the quoted packet. */
const packetBytes = (seg: InjectedSegment): number => {
  const ip = seg.src.startsWith('[') ? 40 : 20;
  return seg.icmp === undefined ? ip + 20 : ip + 8 + ip + 20;
};

export type InjectOutcome = { ok: true } | { ok: false; reason: string };

/**
 * The inject binary, or why there is none. With `prefix` it also probes for the raw socket
 * where injections will run (a user namespace grants CAP_NET_RAW only inside it).
 */
export async function prepareInject(cacheDir: string, prefix?: string[]): Promise<{ ok: true; binary: string } | { ok: false; reason: string }> {
  const built = await compileC({ source: SOURCE, name: 'inject', cacheDir, includes: [PACKET_HEADER] });
  if (!built.ok) return { ok: false, reason: `cannot build the inject program: ${built.reason}` };
  if (prefix === undefined) return { ok: true, binary: built.binary };
  const probed = outcome(await run([...prefix, built.binary, '--probe']), 'inject --probe');
  return probed.ok ? { ok: true, binary: built.binary } : probed;
}

/** inject.c's arguments for `seg`. */
const injectArgs = (seg: InjectedSegment): string[] => {
  const args = ['--src', seg.src, '--dst', seg.dst, '--seq', String(seg.seq), '--ack', String(seg.ack), '--flags', seg.flags];
  if (seg.window !== undefined) args.push('--window', String(seg.window));
  if (seg.icmp !== undefined) args.unshift('--icmp', seg.icmp);
  return args;
};

// The one line inject.c prints on success; anything else means the segment may not have gone.
const sentLine = (seg: InjectedSegment): string => `{"sent":true,"bytes":${packetBytes(seg)}}`;

/** Sends `seg` once, through `prefix` (e.g. nsenter into the case's namespace); no shell. */
export async function injectSegment(binary: string, prefix: string[], seg: InjectedSegment): Promise<InjectOutcome> {
  const args = injectArgs(seg);
  const result = await run([...prefix, binary, ...args]);
  const done = outcome(result, `inject ${args.join(' ')}`);
  if (!done.ok) return done;
  if (String(result.stdout).trim() !== sentLine(seg)) {
    return { ok: false, reason: `inject exited 0 but wrote ${JSON.stringify(String(result.stdout))}` };
  }
  return { ok: true };
}

/**
 * Sends `seg` once from the namespace `holder` holds (capture.c's "inject" command: inject.c's
 * code, no spawn); null when the holder could not answer (ended, stopped), so the caller spawns.
 */
export async function injectThroughHolder(holder: CaptureSession, seg: InjectedSegment): Promise<InjectOutcome | null> {
  const text = await holder.command(`inject ${injectArgs(seg).join(' ')}`, RUN_TIMEOUT_MS);
  if (text === null) return null;
  if (text === sentLine(seg)) return { ok: true };
  return { ok: false, reason: text.startsWith('error: ') ? text.slice('error: '.length) : `the capture's inject wrote ${JSON.stringify(text)}` };
}

const run = (command: string[]) => execa(command[0]!, command.slice(1), { reject: false, timeout: RUN_TIMEOUT_MS });

function outcome(result: Awaited<ReturnType<typeof run>>, what: string): InjectOutcome {
  if (result.exitCode === 0) return { ok: true };
  const stderr = String(result.stderr).trim();
  if (result.exitCode === EXIT_UNAVAILABLE) return { ok: false, reason: stderr || `${what}: unavailable` };
  return { ok: false, reason: `${what} failed: ${stderr || result.shortMessage}` };
}
