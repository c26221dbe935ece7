// Keeps a case's raw capture in reports/pcap/, under a name made only of safe characters.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CaseResult } from '../result/case-result.ts';

/**
 * A file name from a test point name: ids, runtime and variant names never reach a path
 * unfiltered. Only letters, digits, `.`, `_` and `-`, never first a `-` (an option to a program
 * given `pcap/*`) or a `.` (a hidden file); with --repeat, the run's number.
 */
export const pcapName = (r: CaseResult): string => {
  const parts = [r.id, r.runtime, r.variant ?? '', r.repeat === undefined ? '' : `run${r.repeat}`].filter(Boolean);
  return `${parts.join('__').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[-.]+/, '_')}.pcap`;
};

/** `name`, or `name-2.pcap`, `name-3.pcap`... */
const numbered = (name: string, n: number): string => (n === 1 ? name : name.replace(/\.pcap$/, `-${n}.pcap`));

/**
 * Writes the pcap and returns its path relative to outDir, or null (with the reason on stderr) if
 * it cannot. Never over another result's file: two results whose names filter alike (`a/b` and
 * `a_b`) keep two files, the later one numbered.
 */
export const keepPcap = async (outDir: string, r: CaseResult, pcap: Buffer): Promise<string | null> => {
  const name = pcapName(r);
  try {
    await mkdir(path.join(outDir, 'pcap'), { recursive: true });
    for (let n = 1; ; n++) {
      const rel = path.join('pcap', numbered(name, n));
      try {
        // wx: created by this call or not at all, so results kept at once cannot take one name.
        await writeFile(path.join(outDir, rel), pcap, { flag: 'wx' });
        return rel;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        // Created, then cut short (a full disk): a partial pcap must not pass for the capture.
        await rm(path.join(outDir, rel), { force: true }).catch(() => undefined);
        throw error;
      }
    }
  } catch (error) {
    process.stderr.write(`sockspec: cannot keep the pcap of ${r.name}: ${(error as Error).message}\n`);
    return null;
  }
};
