// Every harness op, registered: adding one is a file beside this one, a line here and its row in the README.
import { awaitSegment } from './await.ts';
import { counters } from './counters.ts';
import { firewall } from './firewall.ts';
import { freeze } from './freeze.ts';
import { icmp } from './icmp.ts';
import { inject } from './inject.ts';
import { kill } from './kill.ts';
import { link } from './link.ts';
import { restart } from './restart.ts';
import { since } from './since.ts';
import { sockets } from './sockets.ts';
import { thaw } from './thaw.ts';
import type { HarnessOp, Needs } from './harness-op.ts';

/** In this order needs are checked and the README lists them. */
export const HARNESS_OPS = [
  sockets,
  firewall,
  link,
  kill,
  restart,
  freeze,
  thaw,
  inject,
  icmp,
  counters,
  awaitSegment,
  since,
] as const;

/** The registered op of that name, if any. */
export const harnessOp = (name: string): HarnessOp | undefined => HARNESS_OPS.find((op) => op.name === name);

/** What one harness step needs of the machine: its op's needs, or what the op says of this step. */
export const stepNeeds = (step: { op: string }): Needs | undefined => {
  const op = harnessOp(step.op);
  return op?.needsOf?.(step) ?? op?.needs;
};
