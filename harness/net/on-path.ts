// Finding a tool on PATH by looking in each directory: the nets ask whether their package is installed.
import { access, constants } from 'node:fs/promises';
import path from 'node:path';

/** The first executable `name` on PATH, or null. */
export const onPath = async (name: string): Promise<string | null> => {
  for (const dir of (process.env.PATH ?? '').split(':').filter(Boolean)) {
    const file = path.join(dir, name);
    if (await access(file, constants.X_OK).then(() => true, () => false)) return file;
  }
  return null;
};
