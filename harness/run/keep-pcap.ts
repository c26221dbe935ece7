// Keeps a case's raw capture in reports/pcap/, under a name made only of safe characters.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CaseResult } from '../result/case-result.ts';

/** A file name from a test point name: ids and runtime names never reach a path unfiltered. */
export const pcapName = (r: CaseResult): string =>
  `${[r.id, r.runtime, r.variant ?? ''].filter(Boolean).join('__').replace(/[^A-Za-z0-9._-]+/g, '_')}.pcap`;

/** Writes the pcap and returns its path relative to outDir, or null (with the reason on stderr) if it cannot. */
export const keepPcap = async (outDir: string, r: CaseResult, pcap: Buffer): Promise<string | null> => {
  const rel = path.join('pcap', pcapName(r));
  try {
    await mkdir(path.join(outDir, 'pcap'), { recursive: true });
    await writeFile(path.join(outDir, rel), pcap);
    return rel;
  } catch (error) {
    process.stderr.write(`sockspec: cannot keep the pcap of ${r.name}: ${(error as Error).message}\n`);
    return null;
  }
};
