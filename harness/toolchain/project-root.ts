// Where sockspec itself is installed: built-in suites, runtimes and package.json live there.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, two folders above this file. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The version in package.json. */
export const sockspecVersion = (): string =>
  (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** The version package.json pins for an optional dependency (Deno, Bun), so a missing runtime's reason names the one to install. */
export const pinnedOptional = (name: string): string | undefined =>
  (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { optionalDependencies?: Record<string, string> })
    .optionalDependencies?.[name];
