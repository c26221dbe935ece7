// `mkdir -p` whose error names the real cause: Node's recursive mkdir says ENOENT when a parent is read-only or the disk is full.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

/** Creates `dir` and any missing parents; on failure throws the error of the first level that could not be made. */
export const makeDir = async (dir: string): Promise<void> => {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    // One level at a time, so the level that fails says why (EROFS, ENOSPC, EACCES...).
    const parent = path.dirname(dir);
    if (parent !== dir) await makeDir(parent);
    await mkdir(dir).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e; // made meanwhile by someone else: as good
    });
  }
};
