// Builds capture.c once per run and checks that it may capture here, so a missing permission is a skip reason.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { compileC } from '../toolchain/compile-c.ts';

const SOURCE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'capture.c');
// inject.c's packet code, which capture.c's "inject" command shares, and its link commands.
const PACKET_HEADER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'net', 'inject-packet.h');
const LINK_HEADER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'net', 'holder-link.h');
/** capture.c's exit code for "capturing is not possible here". */
const EXIT_UNAVAILABLE = 77;
const PROBE_TIMEOUT_MS = 5000;

/**
 * The capture binary, or why packet capture is unavailable (no compiler, no CAP_NET_RAW, not
 * Linux). `prefix` runs the probe where captures will run (inside a case's namespace), since
 * that is where the permission matters: a user namespace grants CAP_NET_RAW only inside it.
 */
export async function prepareCapture(cacheDir: string, prefix: string[] = []): Promise<{ ok: true; binary: string } | { ok: false; reason: string }> {
  const built = await compileC({ source: SOURCE, name: 'capture', cacheDir, includes: [PACKET_HEADER, LINK_HEADER] });
  if (!built.ok) return { ok: false, reason: `cannot build the capture program: ${built.reason}` };
  const [file, ...args] = [...prefix, built.binary, '--probe', 'lo'];
  const probe = await execa(file!, args, { reject: false, timeout: PROBE_TIMEOUT_MS });
  if (probe.exitCode === 0) return { ok: true, binary: built.binary };
  const stderr = String(probe.stderr).trim();
  if (probe.exitCode === EXIT_UNAVAILABLE) return { ok: false, reason: stderr || 'capture: unavailable' };
  return { ok: false, reason: `capture --probe lo failed: ${stderr || probe.shortMessage}` };
}
