// SIGCONTs a frozen agent: its runtime then finds every segment that arrived meanwhile.
import type { Infer } from '../shape-checks.ts';
import { role } from '../format-pieces.ts';
import { defineOp, done, opShape, the, trouble } from './harness-op.ts';

const shape = opShape('thaw', { target: role });
export type ThawStep = Infer<typeof shape>;

/** Resumes the agent; the step ends once the kernel shows it running. */
export const thaw = defineOp({
  name: 'thaw',
  shape,
  needs: { linux: 'freezing an agent (SIGSTOP, seen stopped in /proc)' },
  async run(step, ctx) {
    const failed = await ctx.machine.freeze(step.target, false);
    ctx.record.ok = failed === null;
    return failed === null ? done() : trouble(failed);
  },
  words: (r) => `${the(r.target)}'s process runs again (SIGCONT)`,
});
