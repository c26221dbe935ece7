// The Bun runtime. Two programs of one runtime:
// - the idiomatic agent is runtimes/node/agent.ts itself, run by bun: Bun's node:net, the API a
//   Node program moved to Bun keeps using (the agent's hello says runtime "bun" under Bun);
// - `bun-api` is native-agent.ts: Bun's own socket API (Bun.listen / Bun.connect).
//
// Both are run as TypeScript straight from the source tree: bun transpiles on load, so there is
// nothing to build or cache. Start-up to hello, measured here (Bun 1.4.5, 2 shared cores under the
// other suites' load, load average 5-7): median of 40 starts per way, every way started once per
// round (interleaved, so drift hits all alike); min and p90 in brackets.
//   node:net agent  bun agent.ts                     24 ms  (17, 39)   <- used
//                   bun --smol agent.ts              26 ms  (17, 38)
//                   bun agent.mjs, transpiled ahead  22 ms  (18, 57)   (harness/toolchain/transpile-ts.ts)
//                   node agent.mjs, for reference    82 ms  (66, 118)
//   bun-api agent   bun native-agent.ts              23 ms  (16, 32)   <- used
//                   bun --smol native-agent.ts       22 ms  (16, 34)
//                   bun build --target=bun bundle    21 ms  (15, 42)
//                   BUN_RUNTIME_TRANSPILER_CACHE_PATH under the cache dir  20 ms  (15, 38)
// Earlier rounds on a quieter machine gave 16-20 ms for every bun way alike. The gaps between ways
// (2-4 ms) are smaller than the round-to-round spread of any one of them (±5 ms), so no flag,
// ahead-of-time transpile or cache buys anything measurable: none is used. (The transpiler cache
// does keep each agent, one .pile of ~25 KB, but transpiling 30 KB of TypeScript is not where
// the start-up goes.)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Prepared, ProgramVariant, RuntimeAdapter } from '../../harness/adapters/adapter.ts';
import { commandOutput, findExecutables, searchDirs } from '../../harness/adapters/find-executables.ts';
import { pinnedOptional } from '../../harness/toolchain/project-root.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The idiomatic agent: the Node agent's own file (node:net), not a copy. */
const NODE_NET_AGENT = path.join(here, '..', 'node', 'agent.ts');
/** Bun's own socket API. */
const NATIVE_AGENT = path.join(here, 'native-agent.ts');

const programs: ProgramVariant[] = [
  { name: 'bun-api', description: "Bun's own socket API (Bun.listen/Bun.connect)" },
];

const executables = (): Promise<string[]> => findExecutables(['bun']);

const missing = (): string =>
  `no bun executable found (looked in ${searchDirs().join(', ')}); \`npm install\` brings it into node_modules/.bin as an optional dependency where the platform allows (not under \`--omit=optional\`: then \`npm i -D bun@${pinnedOptional('bun') ?? 'latest'}\`, or bun on PATH)`;

// Never throws: every way of failing is `available: false` with its reason.
const prepare = async ({ executable }: { cacheDir: string; executable?: string }): Promise<Prepared> => {
  let bun = executable;
  if (bun === undefined) {
    try {
      bun = (await executables())[0];
    } catch (err) {
      return { available: false, reason: `cannot look for bun: ${(err as Error).message}` };
    }
    if (bun === undefined) return { available: false, reason: missing() };
  }
  const version = await commandOutput(bun, ['--version']);
  if (!version.ok) return { available: false, reason: version.reason };
  if (!/^\d+\.\d+/.test(version.text)) return { available: false, reason: `\`${bun} --version\` printed ${JSON.stringify(version.text.slice(0, 80))}, not a Bun version` };
  const file = bun;
  return {
    available: true,
    version: version.text,
    executable: file,
    command: (program?: string | null) => {
      if (program === null || program === undefined) return { file, args: [NODE_NET_AGENT] };
      if (program === 'bun-api') return { file, args: [NATIVE_AGENT] };
      throw new Error(`the bun runtime has no program "${program}" (it has: ${programs.map((p) => p.name).join(', ')})`);
    },
  };
};

/** Bun: its node:net (the Node agent's file, run by bun) and, as the program `bun-api`, Bun.listen/Bun.connect. */
const adapter: RuntimeAdapter = {
  name: 'bun',
  description: "Bun's node:net (the node agent run by bun); program bun-api: Bun.listen/Bun.connect",
  prepare,
  executables,
  programs,
};

export default adapter;
