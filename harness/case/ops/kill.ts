// SIGKILLs a role's agent: its process dies and the kernel closes its sockets, as when a program crashes.
import type { Infer } from '../shape-checks.ts';
import { role } from '../format-pieces.ts';
import { defineOp, done, opShape, the, trouble } from './harness-op.ts';

const shape = opShape('kill', { target: role });
export type KillStep = Infer<typeof shape>;

/** The agent is gone for the rest of the case, unless a restart step puts a fresh one in its place. */
export const kill = defineOp({
  name: 'kill',
  shape,
  needs: {},
  async run(step, ctx) {
    const failed = await ctx.machine.kill(step.target);
    if (failed !== null) return trouble(failed);
    ctx.record.ok = true;
    return done();
  },
  words: (r) => `${the(r.target)}'s process is killed (SIGKILL); the kernel closes its sockets`,
});
