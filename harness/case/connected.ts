// The prologue most cases share, so a case file shows only what is particular to it.
import type { AgentStep } from './case-types.ts';

/** Server listens as `l`, client connects as `c`, server accepts as `s`: one established connection. */
export const connected = (): AgentStep[] => [
  { role: 'server', op: 'listen', as: 'l' },
  { role: 'client', op: 'connect', as: 'c', to: 'l' },
  { role: 'server', op: 'accept', sock: 'l', as: 's' },
];
