// The Go runtime: runtimes/go/agent (package net, standard library only) built once per Go
// toolchain into the cache with `go build`, then started as a static binary (a few ms to hello).
//
// The build is hermetic for a fresh machine or a CI runner as root (checked with HOME unset and
// an empty cache folder: ~35 s cold on 2 busy cores, the standard library compiled once into
// GOCACHE; 20 ms once cached): GOCACHE and GOPATH live under the sockspec cache folder (no HOME
// needed), GOFLAGS from the environment are replaced and the user's go env file is not read
// (GOENV=off), GOTOOLCHAIN=local (go.mod's go line never downloads another toolchain: an older Go
// is a clear "cannot build" reason), GOPROXY=off and GOWORK=off (the agent has no dependencies;
// nothing is fetched), CGO_ENABLED=0 (no C compiler needed; hosts are numeric, so no resolver),
// -trimpath and -ldflags "-s -w" (no paths of this machine, a smaller binary).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { Prepared, RuntimeAdapter } from '../../harness/adapters/adapter.ts';
import { commandOutput, findExecutables, searchDirs } from '../../harness/adapters/find-executables.ts';
import { buildCached } from '../../harness/toolchain/build-cached.ts';

const AGENT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'agent');
const EXE = process.platform === 'win32' ? '.exe' : '';
// Where the official tarball and installers put Go when its bin folder is not on PATH.
const WELL_KNOWN = process.platform === 'win32' ? 'C:\\Program Files\\Go\\bin\\go.exe' : '/usr/local/go/bin/go';

/** The agent's sources: every .go file and go.mod (any change is a new build). */
const inputs = (): string[] =>
  readdirSync(AGENT_DIR).filter((f) => f.endsWith('.go') || f === 'go.mod').map((f) => path.join(AGENT_DIR, f));

/** Every go found (PATH, then the well-known install folder), the default first. */
const executables = async (wellKnown = WELL_KNOWN): Promise<string[]> => {
  const found = await findExecutables(['go']);
  if (found.length === 0 && existsSync(wellKnown)) found.push(wellKnown);
  return found;
};

/** The environment of a build that reads nothing of the user's Go setup and fetches nothing. */
const buildEnv = (cacheDir: string): Record<string, string> => ({
  GOCACHE: path.join(cacheDir, 'go-build'),
  GOPATH: path.join(cacheDir, 'go-path'),
  GOFLAGS: '-trimpath',
  GOENV: 'off',
  GOTOOLCHAIN: 'local',
  GOPROXY: 'off',
  GOWORK: 'off',
  GO111MODULE: 'on',
  CGO_ENABLED: '0',
});

const build = (go: string, cacheDir: string) => async (outDir: string, signal: AbortSignal): Promise<string | null> => {
  const r = await execa(go, ['build', '-ldflags=-s -w', '-o', path.join(outDir, `go-agent${EXE}`), '.'], {
    cwd: AGENT_DIR, env: buildEnv(cacheDir), reject: false, cancelSignal: signal, stdin: 'ignore', all: true, cleanup: false,
  });
  if (r.exitCode === 0) return null;
  return `\`${go} build\` of runtimes/go/agent failed: ${String(r.all ?? r.shortMessage).trim().slice(0, 600)}`;
};

/** The adapter's prepare, with the well-known install folder as a parameter (a self-test moves it away). Never throws. */
export const prepareGo = async ({ cacheDir, executable }: { cacheDir: string; executable?: string }, wellKnown = WELL_KNOWN): Promise<Prepared> => {
  try {
    const go = executable ?? (await executables(wellKnown))[0];
    if (go === undefined) return { available: false, reason: `no go found (looked in ${[...searchDirs(), path.dirname(wellKnown)].join(', ')})` };
    const version = await commandOutput(go, ['version']);
    if (!version.ok) return { available: false, reason: version.reason };
    const match = /\bgo(\d+\.\d+(?:\.\d+)?\S*)/.exec(version.text.replace(/^go version /, ''));
    if (match === null) return { available: false, reason: `\`${go} version\` printed ${JSON.stringify(version.text.slice(0, 120))}, not a Go version` };
    const built = await buildCached({ name: 'go-agent', cacheDir, inputs: inputs(), toolchain: `${version.text} ${go}`, build: build(go, cacheDir) });
    if (!built.ok) return { available: false, reason: built.reason };
    const binary = path.join(built.dir, `go-agent${EXE}`);
    return { available: true, version: match[1]!, executable: go, command: () => ({ file: binary, args: [] }) };
  } catch (error) {
    return { available: false, reason: `cannot prepare go: ${(error as Error).message.split('\n')[0]}` };
  }
};

/** Go's package net (runtimes/go/agent). */
const adapter: RuntimeAdapter = {
  name: 'go',
  description: "Go's package net (net.Listen, net.Dialer, TCPConn with deadlines, SetLinger, CloseWrite)",
  prepare: (ctx) => prepareGo(ctx),
  executables: () => executables(),
};

export default adapter;
