// One run per report folder: two runs writing one folder would mix their files and clear each
// other's pcaps, so a second run is refused, naming the run that holds the folder.
import { link, mkdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The lock's name in the report folder; it holds the pid and start time of the run that took it. */
export const LOCK_NAME = '.sockspec.lock';

/** The folder is ours until `release`, or another live run holds it (`busy` says which). */
export type ReportsLock = { release(): Promise<void> } | { busy: string };

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, but another user's
  }
};

const holderOf = (text: string): { pid: number; startedAt: string } | null => {
  try {
    const v = JSON.parse(text) as { pid?: unknown; startedAt?: unknown };
    return Number.isSafeInteger(v.pid) && typeof v.startedAt === 'string' ? { pid: v.pid as number, startedAt: v.startedAt } : null;
  } catch {
    return null;
  }
};

// A folder that cannot be written gets no lock: the run still runs, and the write at its end says why it failed.
const NONE = { release: async (): Promise<void> => undefined };

/**
 * Takes `outDir` for this run. The lock appears whole or not at all (written beside it, then
 * hard-linked into place, which fails if it exists); a lock whose run is gone (killed) is taken over.
 */
export const lockReports = async (outDir: string): Promise<ReportsLock> => {
  const file = path.join(outDir, LOCK_NAME);
  const mine = `${file}.${process.pid}`;
  try {
    await mkdir(outDir, { recursive: true });
    await writeFile(mine, `${JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() })}\n`);
  } catch {
    await rm(mine, { force: true }).catch(() => undefined);
    return NONE;
  }
  try {
    // Twice at most: once more after clearing a stale lock.
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await link(mine, file);
        return { release: () => unlink(file).catch(() => undefined) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return NONE;
      }
      const holder = holderOf(await readFile(file, 'utf8').catch(() => ''));
      if (holder !== null && alive(holder.pid)) {
        return { busy: `The report folder ${outDir} is in use by another sockspec run (pid ${holder.pid}, started ${holder.startedAt}); give this run its own \`--out\` folder, or wait for that run to end (if there is no such run, remove ${file})` };
      }
      await unlink(file).catch(() => undefined);
    }
    return NONE;
  } finally {
    await rm(mine, { force: true }).catch(() => undefined);
  }
};
