// The Deno runtime: agent.ts run straight from the source tree by `deno run`, with Deno's own TCP
// API (Deno.listen / Deno.connect), not node:net.
//
// Flags: the narrowest sandbox that runs the agent, and nothing looked up outside it:
// - --allow-net=<ADDRESSES>: every address the harness gives an agent (127.0.0.1 and [::1] on
//   loopback, 192.0.2.1, 192.0.2.2, [2001:db8::1] and [2001:db8::2] on two hosts, harness/case/family.ts),
//   any port; no read, write, env or run permission at all.
// - --no-prompt: a permission the sandbox lacks is an error, never a question on a terminal.
// - --no-config --no-lock: no deno.json, package.json or deno.lock is looked for (the project
//   root has a package.json that is not the agent's); --no-remote --no-npm --cached-only: the
//   agent imports nothing from anywhere but its own tree, and a run must never fetch. Its local
//   imports (harness/channel/agent-loop.ts, harness/protocol/op-spec.ts, ...) are module loads,
//   which --allow-read does not govern: no read permission is needed for them.
// - --no-check: `deno run` does not type-check anyway; test/runtimes/deno-check.test.ts does.
// - DENO_DIR=<cacheDir>/deno: Deno's transpile and V8 code caches live with the harness's other
//   build products, not in the user's ~/.cache/deno.
// Start-up to hello, measured here (2 shared cores, Deno 2.9.6, median of 20 starts after a warm-up,
// variants interleaved; three such runs, on a machine other jobs were using, so the spread between
// runs, 2-6 ms, is larger than most gaps below):
//   deno run --allow-net=... agent.ts                        18.6 / 18.0 / 22.1 ms
//   the flags above, DENO_DIR in the cache dir                15.9 / 17.1 / 18.3 ms   (chosen)
//   the same, --no-code-cache                                 17.9 / 18.2 / 19.1 ms
//   the same, agent pre-transpiled to .mjs (transpile-ts.ts) 17.3 / 18.2 / 24.0 ms   (Deno's cache
//                                                                                    already holds it)
//   deno run --no-config only                                 17.6 / 17.5 / 22.5 ms
// The chosen flags were the fastest in each run; nothing else bought anything measurable.
// Beyond start-up, a case's steps: a pair of agents driven through listen, connect, accept, 3 send/recv,
// nodelay, shutdown, the EOF and 3 closes; CPU of every thread (/proc/<pid>/task/*/schedstat) per agent,
// medians of 20 interleaved pairs at load ~11, each variant with its own DENO_DIR (a V8 flag changes the
// flag hash V8 checks a code cache against):                    steps     start to exit
//   agent.ts bounding its waits with the global setTimeout      9.5 ms    29.4 ms    (node:timers' since
//                                                                                    Deno 2.8, loaded on first use)
//   agent.ts with AbortSignal.timeout (as now)                  4.7 ms    25.1 ms    (the floor's: 19.1 ms)
//   the same, --v8-flags=--no-lazy / --no-sparkplug / --single-threaded / --no-concurrent-recompilation
//                                                               4.0-4.5   24.5-24.9
//   the same, --v8-flags=--no-opt / --max-lazy / --no-lazy-feedback-allocation  4.8-5.1  25.6-26.0
//   a `//# allFunctionsCalledOnLoad` compile hint atop each module: nothing (6.4 / 32.3 beside 5.9 / 30.7)
// No flag is worth its place (the best is <1 ms per agent, inside the noise); a one-module bundle could save
// at most the ~2 ms a hello costs beyond a script with no imports (18.4 against 16.5 ms).
// npm run bench (deno and node, 5 rounds each), the tree before and after AbortSignal.timeout alternated,
// 18:07-18:25 with another helper's self-tests running (load 6-10; no quiet machine was to be had): deno's
// fast catalogue against its floor, before 1.56x and 1.83x (median of each round's ratio: 1.48, 1.40),
// after 1.33x and 1.46x (1.25, 1.27); a --fast run's deno agents under perf record, 34.6 -> 25.5 ms CPU each.
import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Prepared, RuntimeAdapter } from '../../harness/adapters/adapter.ts';
import { commandOutput, findExecutables, searchDirs } from '../../harness/adapters/find-executables.ts';
import { pinnedOptional } from '../../harness/toolchain/project-root.ts';

const AGENT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'agent.ts');

/** The addresses harness/case/family.ts hands out, for both families; never the any-address, so Deno itself refuses a listen off them. */
const ALLOWED_HOSTS = ['127.0.0.1', '192.0.2.1', '192.0.2.2', '[::1]', '[2001:db8::1]', '[2001:db8::2]'];

const DENO_FLAGS = [
  'run', '--no-prompt', `--allow-net=${ALLOWED_HOSTS.join(',')}`,
  '--no-config', '--no-lock', '--no-remote', '--no-npm', '--cached-only', '--no-check',
];

// The npm package's bin.cjs is a node script that spawns the real binary beside it: a second
// process (the hello's pid would not be the spawned one) and a node start per agent. When the
// binary is there, the wrapper is left out; alone, it would still run Deno, so it is kept.
const isNpmWrapper = (file: string): boolean => path.basename(file) === 'bin.cjs';

const executables = async (): Promise<string[]> => {
  const found = await findExecutables(['deno']);
  const real = found.filter((f) => !isNpmWrapper(f));
  return real.length > 0 ? real : found;
};

const missing = (): string =>
  `no deno executable found (looked in ${searchDirs().join(', ')}); \`npm install\` brings it into node_modules/.bin as an optional dependency where the platform allows (not under \`--omit=optional\`: then \`npm i -D deno@${pinnedOptional('deno') ?? 'latest'}\`, or deno on PATH)`;

// Never throws: every way of failing is `available: false` with its reason.
const prepare = async ({ cacheDir, executable }: { cacheDir: string; executable?: string }): Promise<Prepared> => {
  let deno = executable;
  if (deno === undefined) {
    try {
      deno = (await executables())[0];
    } catch (err) {
      return { available: false, reason: `cannot look for deno: ${(err as Error).message}` };
    }
    if (deno === undefined) return { available: false, reason: missing() };
  }
  try {
    await access(deno, constants.X_OK);
  } catch {
    return { available: false, reason: `no deno executable at ${deno}` };
  }
  const output = await commandOutput(deno, ['--version']);
  if (!output.ok) return { available: false, reason: output.reason };
  // "deno 2.9.6 (stable, release, x86_64-unknown-linux-gnu)", then v8 and typescript lines.
  const version = /^deno (\d+\.\d+\.\S+)/.exec(output.text)?.[1];
  if (version === undefined) return { available: false, reason: `\`${deno} --version\` printed ${JSON.stringify(output.text.slice(0, 80))}, not a Deno version` };
  const denoDir = path.join(cacheDir, 'deno');
  try {
    await mkdir(denoDir, { recursive: true });
  } catch (err) {
    return { available: false, reason: `cannot create DENO_DIR ${denoDir}: ${(err as Error).message}` };
  }
  const file = deno;
  return {
    available: true,
    version,
    executable: file,
    command: () => ({ file, args: [...DENO_FLAGS, AGENT], env: { DENO_DIR: denoDir, NO_COLOR: '1' } }),
  };
};

/** Deno's own TCP API (runtimes/deno/agent.ts). */
const adapter: RuntimeAdapter = {
  name: 'deno',
  description: "Deno's own TCP API (Deno.listen / Deno.connect)",
  executables,
  prepare,
};

export default adapter;
