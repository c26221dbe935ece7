// The Node runtime: the agent is agent.ts, transpiled once and run under the harness's own node.
import { readFile } from 'node:fs/promises';
import type { Prepared, RuntimeAdapter } from '../../harness/runtime/adapter.ts';
import { transpileTs } from '../../harness/build/transpile-ts.ts';

const AGENT = new URL('./agent.ts', import.meta.url);

// Builds (or finds cached) the agent; a failure is a skip with its reason, never a throw.
const prepare = async ({ cacheDir }: { cacheDir: string }): Promise<Prepared> => {
  let source: string;
  try {
    source = await readFile(AGENT, 'utf8');
  } catch (err) {
    return { available: false, reason: `cannot read the node agent: ${(err as Error).message}` };
  }
  const built = await transpileTs({ source, name: 'node-agent', cacheDir });
  if (!built.ok) return { available: false, reason: built.reason };
  const { file } = built;
  // The same node as the harness: one node to install, and its version is the one reported.
  return { available: true, version: process.version, command: () => ({ file: process.execPath, args: [file] }) };
};

/** The idiomatic node:net agent (runtimes/node/agent.ts). */
const adapter: RuntimeAdapter = { name: 'node', description: 'idiomatic node:net', prepare };

export default adapter;
