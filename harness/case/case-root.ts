// Where a case file given alone takes its id from, and the folders whose expectations files speak of it.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { caseFileKind } from './case-file-kind.ts';

const names = new Map<string, Promise<string[]>>();

/** A folder's entry names (none when it cannot be read), read once per process. */
export const folderNames = (dir: string): Promise<string[]> => {
  let got = names.get(dir);
  if (got === undefined) {
    got = readdir(dir).then((n) => n.sort(), () => []);
    names.set(dir, got);
  }
  return got;
};

/**
 * The case's folder and each one above it, nearest first, up to its project: the first folder
 * holding a package.json, or the working directory when the file is under it, or the root.
 */
export const ancestorFolders = async (file: string, cwd = process.cwd()): Promise<string[]> => {
  const out: string[] = [];
  const stop = path.resolve(cwd);
  for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
    out.push(dir);
    if (dir === stop || dir === path.dirname(dir) || (await folderNames(dir)).includes('package.json')) return out;
  }
};

/** Whether a folder holds a `<runtime>.expectations.*` file. */
const holdsExpectations = async (dir: string): Promise<boolean> =>
  (await folderNames(dir)).some((n) => caseFileKind(n).kind === 'expectations');

/**
 * The folder a case file given alone takes its id under, so it gets the id a run of its whole
 * folder gives it: the nearest folder named suites/ above it; else the highest folder of its
 * project holding an expectations file (the top of a case folder that has one); else its own folder.
 */
export const caseRoot = async (file: string, cwd = process.cwd()): Promise<string> => {
  const parts = path.resolve(file).split(path.sep);
  const at = parts.lastIndexOf('suites');
  if (at >= 0 && at < parts.length - 1) return parts.slice(0, at + 1).join(path.sep) || path.sep;
  const folders = await ancestorFolders(file, cwd);
  let root = folders[0]!;
  for (const dir of folders) if (await holdsExpectations(dir)) root = dir;
  return root;
};
