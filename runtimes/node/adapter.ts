// The Node runtime: the agent is agent.ts with its local imports, transpiled once and run under the harness's own node, or another node asked for.
import { realpath } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Prepared, RuntimeAdapter } from '../../harness/adapters/adapter.ts';
import { transpileTs } from '../../harness/toolchain/transpile-ts.ts';
import { commandOutput, findExecutables } from '../../harness/adapters/find-executables.ts';

const AGENT = new URL('./agent.ts', import.meta.url);
// The transpiled agent is ES2022 with `import ... from 'node:net'`: older nodes cannot run it.
const OLDEST = 18;

// Builds (or finds cached) the agent; a failure is a skip with its reason, never a throw.
const prepare: RuntimeAdapter['prepare'] = async ({ cacheDir, executable }): Promise<Prepared> => {
  let version = process.version;
  const node = executable ?? process.execPath;
  if (executable !== undefined && executable !== process.execPath) {
    const out = await commandOutput(executable, ['--version']);
    if (!out.ok) return { available: false, reason: out.reason };
    version = out.text;
    const major = Number(/^v(\d+)\./.exec(version)?.[1]);
    if (!(major >= OLDEST)) return { available: false, reason: `${executable} is node ${version}; the agent needs node ${OLDEST} or later` };
  }
  const built = await transpileTs({ entry: fileURLToPath(AGENT), name: 'node-agent', cacheDir });
  if (!built.ok) return { available: false, reason: built.reason };
  const { file } = built;
  return { available: true, version, executable: node, command: () => ({ file: node, args: [file] }) };
};

/** The harness's own node first (one node to install; its version is the default column), then every other node on PATH. */
const executables = async (): Promise<string[]> => {
  const own = await realpath(process.execPath).catch(() => process.execPath);
  return [own, ...(await findExecutables(['node'])).filter((f) => f !== own)];
};

/** The idiomatic node:net agent (runtimes/node/agent.ts). */
const adapter: RuntimeAdapter = { name: 'node', description: 'idiomatic node:net', prepare, executables };

export default adapter;
