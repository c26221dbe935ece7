// Copies the captures a merged report names into its own folder, so the merged folder stands alone (an artifact of its own).
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PcapCopy } from './merge-reports.ts';

const why = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/**
 * Replaces `<outDir>/pcap` with the captures of `copies`. A capture that cannot be copied (its
 * artifact was uploaded without it) is left out of its result, and named in the returned notes.
 */
export const copyPcaps = async (outDir: string, copies: PcapCopy[]): Promise<string[]> => {
  const notes: string[] = [];
  const drop = (c: PcapCopy, what: string, error: unknown): void => {
    delete c.result.capture.pcap;
    notes.push(`the capture of ${c.result.name} (${c.result.platform ?? '?'}) is left out: cannot ${what}: ${why(error)}`);
  };
  // All read before the old folder goes: an input may be an earlier merge in this very folder.
  const read = await Promise.all(copies.map(async (c) => ({ c, data: c.refused !== undefined ? (drop(c, 'copy it', new Error(c.refused)), null) : await readFile(c.from).catch((error: unknown) => (drop(c, `read ${c.from}`, error), null)) })));
  // An out folder that cannot be made is reported once, by the report writer (exit 3), not here.
  await rm(path.join(outDir, 'pcap'), { recursive: true, force: true }).catch(() => undefined);
  for (const { c, data } of read) {
    if (data === null) continue;
    const to = path.join(outDir, ...c.to.split('/'));
    try {
      await mkdir(path.dirname(to), { recursive: true });
      await writeFile(to, data);
    } catch (error) {
      drop(c, `write ${to}`, error);
    }
  }
  return notes;
};
