// Turns runtime selectors into prepared runtimes: each executable found, its version, and the column it reports under.
import path from 'node:path';
import type { AgentCommand, RuntimeAdapter } from './adapter.ts';
import { plainVersion, versionMatches, type RuntimeSelector } from './runtime-selector.ts';

/** One runtime installation, ready (or not, and why), under the column reports will use. */
export interface PreparedRuntime {
  name: string;
  /** "node" for the default, "node@22.12.0" when a version or path was asked for. */
  column: string;
  available: boolean;
  version: string | null;
  executable: string | null;
  reason?: string;
  command(program?: string | null): AgentCommand;
}

const none = (): AgentCommand => ({ file: '', args: [] });

const unavailable = (name: string, column: string, reason: string): PreparedRuntime =>
  ({ name, column, available: false, version: null, executable: null, reason, command: none });

/** Prepares one executable (or the adapter's default); an adapter that throws is reported as unavailable, never rethrown. */
export const prepareOne = async (adapter: RuntimeAdapter, cacheDir: string, executable?: string, column = adapter.name): Promise<PreparedRuntime> => {
  try {
    const p = await adapter.prepare({ cacheDir, ...(executable === undefined ? {} : { executable }) });
    if (!p.available) return unavailable(adapter.name, column, p.reason);
    return { name: adapter.name, column, available: true, version: p.version, executable: p.executable ?? executable ?? null, command: (program) => p.command(program) };
  } catch (error) {
    return unavailable(adapter.name, column, `the ${adapter.name} adapter failed to prepare: ${(error as Error).message.split('\n')[0]}`);
  }
};

/** Every executable the adapter finds, prepared; one entry (the default) when it lists none. */
export const prepareAll = async (adapter: RuntimeAdapter, cacheDir: string): Promise<PreparedRuntime[]> => {
  const files = (await adapter.executables?.().catch(() => [])) ?? [];
  if (files.length === 0) return [await prepareOne(adapter, cacheDir)];
  return Promise.all(files.map((f) => prepareOne(adapter, cacheDir, f)));
};

const versioned = (p: PreparedRuntime): PreparedRuntime => ({ ...p, column: `${p.name}@${plainVersion(p.version ?? 'unknown')}` });

/**
 * The runtimes one selector stands for: the default (column = name), one by version or path
 * (column = name@version), or every distinct version found. A version not found is one
 * unavailable runtime whose reason lists what was found.
 */
export const prepareSelector = async (sel: RuntimeSelector, adapter: RuntimeAdapter, cacheDir: string): Promise<PreparedRuntime[]> => {
  if (sel.want === null) return [await prepareOne(adapter, cacheDir)];
  if ('path' in sel.want) {
    const p = await prepareOne(adapter, cacheDir, path.resolve(sel.want.path), sel.text);
    return [p.available ? versioned(p) : p];
  }
  const found = (await prepareAll(adapter, cacheDir)).filter((p) => p.available);
  // One column per version: the same version twice (a copy on PATH) would only repeat the run.
  const distinct = found.filter((p, i) => found.findIndex((q) => q.version === p.version) === i);
  if ('all' in sel.want) return distinct.length > 0 ? distinct.map(versioned) : [await prepareOne(adapter, cacheDir)];
  const { version } = sel.want;
  const match = distinct.find((p) => versionMatches(p.version!, version));
  if (match !== undefined) return [versioned(match)];
  const seen = distinct.map((p) => `${plainVersion(p.version!)} (${p.executable ?? 'built in'})`).join(', ');
  return [unavailable(adapter.name, sel.text, `no ${adapter.name} ${version} was found here${seen ? `; found: ${seen}` : ''}`)];
};
