// The prologue the TIME_WAIT assassination cases share: one connection whose server side sits in TIME_WAIT, then a RST at its RCV.NXT.
import { connected } from './connected.ts';
import type { Step } from './case-types.ts';

/**
 * The server closes first and ends in TIME_WAIT; the listener goes too, so nothing else on the port answers what comes next.
 * `checkFirst`: list the sockets before the RST (the TIME_WAIT is shown there rather than after it).
 */
export const rstInTimeWait = (checkFirst: boolean): Step[] => [
  ...connected(),
  // Stopped, the client program cannot send its FIN (a runtime that ends its side on EOF would, at once) before the
  // server's kernel has taken the client's ACK of the server's FIN. The capture keeps loopback's outgoing copy: it
  // shows that ACK sent, not handled. With both cores busy the ACK reached the server after the client's FIN, a
  // duplicate for TIME_WAIT to answer, and the closed client's RST to that answer ended TIME_WAIT (java, 1 of 1068).
  { role: 'harness', op: 'freeze', target: 'client', label: 'the client program is stopped' },
  { role: 'server', op: 'close', sock: 's', label: 'server closes first' },
  { role: 'harness', op: 'sockets', portOf: 'l', expect: { serverState: 'FIN-WAIT-2' }, pace: true, timeoutMs: 1000, label: 'the server\'s kernel has taken the ACK of its FIN' },
  { role: 'harness', op: 'thaw', target: 'client', label: 'the client program runs again' },
  { role: 'client', op: 'recv', sock: 'c', label: 'client reads EOF', expect: { eof: true } },
  { role: 'client', op: 'close', sock: 'c', label: 'client closes' },
  // The client's FIN is usually handled inside its close() (the softirq runs on the sender's CPU), but a loaded
  // machine leaves it to ksoftirqd: the RST below must meet TIME_WAIT, not FIN_WAIT2.
  { role: 'harness', op: 'sockets', portOf: 'l', expect: { serverState: 'TIME-WAIT' }, pace: true, timeoutMs: 1000, label: 'the server\'s kernel has taken the client\'s FIN' },
  { role: 'server', op: 'close', sock: 'l', label: 'server closes the listener' },
  ...(checkFirst ? [{ role: 'harness', op: 'sockets', label: 'the server side is in TIME_WAIT', expect: { serverState: 'TIME-WAIT' } } as const] : []),
  { role: 'harness', op: 'inject', to: 'server', flags: ['RST'], offset: 0, label: 'a RST at the TIME_WAIT socket\'s RCV.NXT' },
];
