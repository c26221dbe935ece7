// --list-runtimes: every runtime folder, each executable found with its version, and why a runtime is missing.
import path from 'node:path';
import type { RuntimeAdapter } from '../adapters/adapter.ts';
import { prepareAll } from '../adapters/prepare-runtimes.ts';
import { plainVersion } from '../adapters/runtime-selector.ts';

/** One line per installation; the first of a runtime is its default, the others name the selector that runs them. */
export const listRuntimes = async (adapters: RuntimeAdapter[], cacheDir: string, root: string): Promise<string> => {
  const rows = await Promise.all(adapters.map(async (a) => ({ a, found: await prepareAll(a, cacheDir) })));
  const shown = (file: string | null): string => {
    if (file === null) return '';
    const rel = path.relative(root, file);
    return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
  };
  // Rows of [runtime, version, executable, how to run it]; a description or a reason is a line of its own.
  const lines: (string[] | string)[] = [];
  for (const { a, found } of rows) {
    const ok = found.filter((p) => p.available);
    const programs = (a.programs ?? []).map((p) => p.name);
    const about = `    ${a.description}${programs.length > 0 ? `; also run as variant${programs.length > 1 ? 's' : ''}: ${programs.join(', ')}` : ''}`;
    if (ok.length === 0) lines.push([a.name, 'missing', '', ''], `    ${found[0]?.reason ?? 'not found'}`);
    ok.forEach((p, i) => lines.push([i === 0 ? a.name : '', p.version!, shown(p.executable), i === 0 ? '(default)' : `(--runtime ${a.name}@${plainVersion(p.version!)})`]));
    if (ok.length > 0) for (const p of found.filter((q) => !q.available)) lines.push(`    not usable: ${p.reason}`);
    lines.push(about);
  }
  const widths = [0, 1, 2].map((i) => Math.max(...lines.filter((l) => Array.isArray(l)).map((l) => l[i]!.length)));
  const text = lines.map((l) => (typeof l === 'string' ? l : l.map((cell, i) => (i < 3 && l[i + 1] !== '' ? cell.padEnd(widths[i]!) : cell)).join('  ').trimEnd()));
  return `${text.join('\n')}\n`;
};
