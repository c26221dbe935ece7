import { defineCase } from '../../harness/index.ts';
import { rstInTimeWait } from '../../harness/case/to-time-wait.ts';

export default defineCase(import.meta, {
  description: 'TIME_WAIT assassination: a RST at RCV.NXT reaching a TIME_WAIT socket removes it on Linux by default (net.ipv4.tcp_rfc1337=0); a later segment for the connection then draws a RST from no socket, where the TIME_WAIT socket would have answered it with an ACK',
  spec: [
    'RFC 1337 (TIME-WAIT Assassination Hazards in TCP, §2 and the fix TW1 of §3)',
    'RFC 9293 §3.10.7.4 (TIME-WAIT: a RST closes the connection) and §3.10.7.1 (a segment for no connection draws a RST, seq = its ACK)',
    'Linux net/ipv4/tcp_minisocks.c tcp_timewait_state_process(): a RST at tw_rcv_nxt with sysctl_tcp_rfc1337 == 0 goes to kill: inet_twsk_deschedule_put()',
    'Linux net/ipv4/tcp_ipv4.c tcp_v4_rcv() no_tcp_socket → tcp_v4_send_reset()',
  ],
  tags: ['rst', 'time-wait', 'injection'],
  // The default, written out: rst/time-wait-assassination-rfc1337 is the same steps with it set to 1.
  sysctls: { 'net.ipv4.tcp_rfc1337': 0 },
  steps: [
    ...rstInTimeWait(true),
    // inject's RST is handled inside its send on an idle loopback; a loaded machine leaves it to ksoftirqd (pacing only).
    { role: 'harness', op: 'sockets', portOf: 'l', expect: { connection: 'absent' }, pace: true, timeoutMs: 1000, label: 'the server\'s kernel has taken the RST' },
    { role: 'harness', op: 'sockets', label: 'the TIME_WAIT socket is gone', expect: { connection: 'absent' } },
    { role: 'harness', op: 'inject', to: 'server', flags: ['ACK'], offset: 1000, label: 'a later segment: an ACK not at RCV.NXT' },
    { role: 'harness', op: 'await', segment: { from: 'server', flags: ['RST'], notFlags: ['ACK'] }, label: 'no socket answers it: RST' },
  ],
  wire: [
    { rule: 'present', segment: { from: 'server', flags: ['RST'], notFlags: ['ACK'], seq: 'acked' }, why: 'the reset for no connection takes its sequence number from the ACK it answers' },
    { rule: 'count', segment: { from: 'server', flags: ['ACK'], notFlags: ['RST', 'FIN', 'SYN'], data: false }, min: 1, max: 1, why: 'the server\'s one bare ACK is its last ACK of the close: no TIME_WAIT socket is left to answer the later segment with another' },
  ],
  divergences: [
    {
      platform: 'freebsd',
      verified: false,
      reason: 'FreeBSD ignores a RST in TIME_WAIT (RFC 1337\'s fix), so the socket stays and the later segment draws an ACK, as Linux with net.ipv4.tcp_rfc1337=1',
      source: 'freebsd/freebsd-src sys/netinet/tcp_timewait.c tcp_twcheck(): "If the segment contains RST: Drop the segment - see Stevens, vol. 2, p. 964 and RFC 1337", if (thflags & TH_RST) goto drop; unverified',
    },
  ],
  wrongNetwork: { skipStep: 'a RST at the TIME_WAIT socket\'s RCV.NXT', why: 'without the RST the TIME_WAIT socket stays and answers the later segment with an ACK' },
});
