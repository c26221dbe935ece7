// A case's id is its path without the extension, under the folder its cases were given from: the file name states the behaviour.
import path from 'node:path';
import { withoutExtension } from './case-file-kind.ts';

/**
 * "…/cases/close/unread-data-sends-rst.ts" under "…/cases" → "close/unread-data-sends-rst"; null
 * outside `root`. Without `root`, the path under the nearest folder named suites/ (null outside one).
 */
export const caseIdFromPath = (file: string, root?: string): string | null => {
  if (root !== undefined) {
    const rel = path.relative(path.resolve(root), path.resolve(file));
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
    return withoutExtension(rel.split(path.sep).join('/'));
  }
  const parts = path.resolve(file).split(path.sep);
  const at = parts.lastIndexOf('suites');
  if (at < 0 || at === parts.length - 1) return null;
  return withoutExtension(parts.slice(at + 1).join('/'));
};
