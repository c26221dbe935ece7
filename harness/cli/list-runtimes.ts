// --list-runtimes: every runtime folder, each executable found with its version, and why a runtime is missing.
import path from 'node:path';
import type { RuntimeAdapter } from '../runtime/adapter.ts';
import { prepareAll } from '../runtime/prepare-runtimes.ts';
import { plainVersion } from '../runtime/runtime-selector.ts';

/** One line per installation; the first of a runtime is its default, the others name the selector that runs them. */
export const listRuntimes = async (adapters: RuntimeAdapter[], cacheDir: string, root: string): Promise<string> => {
  const rows = await Promise.all(adapters.map(async (a) => ({ a, found: await prepareAll(a, cacheDir) })));
  const shown = (file: string | null): string => {
    if (file === null) return '';
    const rel = path.relative(root, file);
    return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
  };
  const lines: string[] = [];
  for (const { a, found } of rows) {
    const ok = found.filter((p) => p.available);
    const programs = (a.programs ?? []).map((p) => p.name);
    const about = `${a.description}${programs.length > 0 ? `; also as variants: ${programs.join(', ')}` : ''}`;
    if (ok.length === 0) {
      lines.push(`${a.name}  missing: ${found[0]?.reason ?? 'not found'}`, `    ${about}`);
      continue;
    }
    ok.forEach((p, i) => {
      const how = i === 0 ? 'default' : `--runtime ${a.name}@${plainVersion(p.version!)}`;
      lines.push(`${i === 0 ? a.name : ' '.repeat(a.name.length)}  ${p.version}  ${shown(p.executable)}${shown(p.executable) ? '  ' : ''}(${how})`);
    });
    for (const p of found.filter((q) => !q.available)) lines.push(`${' '.repeat(a.name.length)}  not usable: ${p.reason}`);
    lines.push(`    ${about}`);
  }
  return `${lines.join('\n')}\n`;
};
