// The C runtime: agent.c built with the system compiler, the kernel-layer reference every other runtime is read against.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileC } from '../../harness/toolchain/compile-c.ts';
import type { RuntimeAdapter } from '../../harness/adapters/adapter.ts';

const source = path.join(path.dirname(fileURLToPath(import.meta.url)), 'agent.c');

/** Plain POSIX sockets; unavailable (a skip) where no C compiler can build the agent. */
const adapter: RuntimeAdapter = {
  name: 'c',
  description: 'plain POSIX sockets (the kernel-layer reference)',
  async prepare(ctx) {
    const built = await compileC({ source, name: 'c-agent', cacheDir: ctx.cacheDir });
    if (!built.ok) return { available: false, reason: built.reason };
    const { binary, compiler } = built;
    return { available: true, version: compiler, command: () => ({ file: binary, args: [] }) };
  },
};

export default adapter;
