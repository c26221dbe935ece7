// The harness steps a net cannot honour when the server's TCP is not the namespace kernel's (gvisor, lwip): each net says why in its own words.
import type { LoadedCase } from '../../case/case-types.ts';

/** A net's reason for each kind of step that needs the server namespace's kernel to hold the server's TCP. */
export interface ServerSideReasons {
  firewall: string;
  counters: string;
  sockets: string;
  process: string;
}

/** Why `kase` cannot run with the server on another TCP than the namespace's kernel, or null. */
export const serverSideSkip = (kase: LoadedCase, why: ServerSideReasons): string | null => {
  for (const s of kase.steps) {
    if (s.role !== 'harness') continue;
    const step = s as unknown as { op: string; host?: string; target?: string; expect?: object };
    if (step.op === 'firewall' && step.host === 'server') return why.firewall;
    if (step.op === 'counters' && step.host === 'server') return why.counters;
    if (step.op === 'sockets' && !('clientState' in (step.expect ?? {}))) return why.sockets;
    if ((step.op === 'kill' || step.op === 'freeze') && step.target === 'server') return why.process;
  }
  return null;
};
