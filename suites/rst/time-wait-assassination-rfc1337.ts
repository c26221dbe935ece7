import { defineCase } from '../../harness/index.ts';
import { rstInTimeWait } from '../../harness/case/to-time-wait.ts';

export default defineCase(import.meta, {
  description: 'With net.ipv4.tcp_rfc1337=1 a RST reaching a TIME_WAIT socket is ignored (RFC 1337): the socket stays, and a later segment not at RCV.NXT draws its ACK, not a RST',
  spec: [
    'RFC 1337 §3 (fix TW1: ignore RST segments in TIME-WAIT state)',
    'RFC 9293 §3.10.7.4 (TIME-WAIT: an unacceptable segment draws an ACK)',
    'Linux net/ipv4/tcp_minisocks.c tcp_timewait_state_process(): a RST at tw_rcv_nxt with sysctl_tcp_rfc1337 set only reschedules the timer; an out-of-window segment → tcp_timewait_check_oow_rate_limit() → TCP_TW_ACK',
    'Linux Documentation/networking/ip-sysctl.rst tcp_rfc1337',
  ],
  tags: ['rst', 'time-wait', 'injection'],
  // Per namespace since Linux 4.x (net->ipv4.sysctl_tcp_rfc1337): set in the case's namespaces only.
  sysctls: { 'net.ipv4.tcp_rfc1337': 1 },
  steps: [
    // No listing before the RST: the one after it shows the TIME_WAIT, and the negative control (no client close) reaches the RST.
    ...rstInTimeWait(false),
    { role: 'harness', op: 'sockets', label: 'the TIME_WAIT socket survives', expect: { serverState: 'TIME-WAIT' } },
    { role: 'harness', op: 'inject', to: 'server', flags: ['ACK'], offset: 1000, label: 'a later segment: an ACK not at RCV.NXT' },
    // The TIME_WAIT socket answers inside the harness's send (loopback), before inject returns.
    { role: 'harness', op: 'await', segment: { from: 'server', flags: ['ACK'], notFlags: ['RST', 'FIN', 'SYN'], data: false }, label: 'the TIME_WAIT socket answers it: ACK' },
  ],
  wire: [
    { rule: 'absent', segment: { from: 'server', flags: ['RST'] }, why: 'the RST was ignored: a socket is left to answer, and it answers with an ACK' },
    { rule: 'count', segment: { from: 'server', flags: ['ACK'], notFlags: ['RST', 'FIN', 'SYN'], data: false }, min: 2, max: 2, why: 'the last ACK of the close, then the TIME_WAIT socket\'s ACK for the later segment' },
  ],
  // Without the client's close the server is in FIN_WAIT1/2, where an in-window RST is taken whatever tcp_rfc1337 says (tcp_timewait_state_process()'s FIN_WAIT2 branch: goto kill).
  wrongNetwork: { skipStep: 'client closes', why: 'without the client\'s FIN the server never reaches TIME_WAIT, and a RST at RCV.NXT removes it: RFC 1337\'s protection is TIME_WAIT\'s alone' },
});
