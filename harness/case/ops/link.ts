// Takes a host's link down (or up again): in a two-hosts topology, the peer vanishes without FIN or RST.
import { oneOf, type Infer } from '../shape-checks.ts';
import { role } from '../format-pieces.ts';
import { defineOp, done, opShape, the, trouble } from './harness-op.ts';

const shape = opShape('link', { host: role, state: oneOf('down', 'up') });
export type LinkStep = Infer<typeof shape>;

/** `ip link set <iface> down|up` in the host's namespace. */
export const link = defineOp({
  name: 'link',
  shape,
  needs: { namespace: true },
  async run(step, ctx) {
    const failed = await ctx.machine.setLink(step.host, step.state);
    ctx.record.ok = failed === null;
    return failed === null ? done() : trouble(failed);
  },
  words: (r) => `${the(r.host)}'s link goes ${r.state === 'up' ? 'up again' : 'down'}`,
});
