// A case's id is its path under suites/ without the extension: the file name states the behaviour.
import path from 'node:path';

/** "…/suites/close/unread-data-sends-rst.ts" → "close/unread-data-sends-rst"; null outside a suites/ folder. */
export const caseIdFromPath = (file: string): string | null => {
  const parts = path.resolve(file).split(path.sep);
  const at = parts.lastIndexOf('suites');
  if (at < 0 || at === parts.length - 1) return null;
  return parts.slice(at + 1).join('/').replace(/\.[cm]?[jt]s$/, '');
};
