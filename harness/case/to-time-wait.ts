// The prologue the TIME_WAIT assassination cases share: one connection whose server side sits in TIME_WAIT, then a RST at its RCV.NXT.
import { connected } from './connected.ts';
import type { Step } from './case-types.ts';

/**
 * The server closes first and ends in TIME_WAIT; the listener goes too, so nothing else on the port answers what comes next.
 * `checkFirst`: list the sockets before the RST (the TIME_WAIT is shown there rather than after it).
 */
export const rstInTimeWait = (checkFirst: boolean): Step[] => [
  ...connected(),
  { role: 'server', op: 'close', sock: 's', label: 'server closes first' },
  { role: 'client', op: 'recv', sock: 'c', label: 'client reads EOF', expect: { eof: true } },
  // On loopback the client's FIN is handled by the server's kernel inside the client's close():
  // when it returns, the server's socket is in TIME_WAIT (close/time-wait-after-active-close).
  { role: 'client', op: 'close', sock: 'c', label: 'client closes' },
  { role: 'server', op: 'close', sock: 'l', label: 'server closes the listener' },
  ...(checkFirst ? [{ role: 'harness', op: 'sockets', label: 'the server side is in TIME_WAIT', expect: { serverState: 'TIME-WAIT' } } as const] : []),
  { role: 'harness', op: 'inject', to: 'server', flags: ['RST'], offset: 0, label: 'a RST at the TIME_WAIT socket\'s RCV.NXT' },
];
