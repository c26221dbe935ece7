// SIGSTOPs a role's agent, so that several segments arrive before its runtime reads any (what it then reports is deterministic).
import type { Infer } from '../shape-checks.ts';
import { role } from '../format-pieces.ts';
import { defineOp, done, opShape, the, trouble } from './harness-op.ts';

const shape = opShape('freeze', { target: role });
export type FreezeStep = Infer<typeof shape>;

/** Stops the agent; the step ends once the kernel shows it stopped. */
export const freeze = defineOp({
  name: 'freeze',
  shape,
  // SIGSTOP does not exist on Windows, and the stopped state is read from /proc.
  needs: { linux: 'freezing an agent (SIGSTOP, seen stopped in /proc)' },
  async run(step, ctx) {
    const failed = await ctx.machine.freeze(step.target, true);
    ctx.record.ok = failed === null;
    return failed === null ? done() : trouble(failed);
  },
  words: (r) => `${the(r.target)}'s process is stopped (SIGSTOP)`,
});
