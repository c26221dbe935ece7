// A fresh agent in a role's place (after a kill): a peer that knows nothing of the old connection.
import type { Infer } from '../shape-checks.ts';
import { role } from '../format-pieces.ts';
import { defineOp, done, opShape } from './harness-op.ts';

const shape = opShape('restart', { target: role });
export type RestartStep = Infer<typeof shape>;

/** Starts the role's agent again, in the role's namespace. */
export const restart = defineOp({
  name: 'restart',
  shape,
  needs: {},
  async run(step, ctx) {
    const started = await ctx.machine.restart(step.target);
    if ('trouble' in started) return { kind: 'trouble', ...started };
    ctx.record.ok = true;
    ctx.record.value = { pid: started.pid };
    return done();
  },
  words: (r) => `a fresh ${String(r.target)} process starts in its place, with no state of the old connection`,
});
