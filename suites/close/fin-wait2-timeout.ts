import { defineCase } from '../../harness/index.ts';

// What a segment does to the FIN-WAIT-2 orphan (a timewait sock in its FIN_WAIT2 substate), by
// net/ipv4/tcp_minisocks.c tcp_timewait_state_process(): out of window, a (rate-limited) ACK; a RST
// in window, kill (silently); a SYN, a RST; a bare dup ACK, nothing; new data, a RST (the socket
// goes); a FIN at RCV.NXT, TIME_WAIT and an ACK. After its timer only a RST answers anything.
export default defineCase(import.meta, {
  description: 'An orphaned FIN-WAIT-2 (closed, its FIN acknowledged, the peer silent) lasts tcp_fin_timeout (3 s here) and then goes: the peer\'s late FIN draws a RST from no socket, where the FIN-WAIT-2 socket would have answered it with an ACK and TIME_WAIT. A RST in FIN-WAIT-2 ends it at once, with nothing sent',
  spec: [
    'RFC 9293 §3.6 (closing: FIN-WAIT-2 waits for the peer\'s FIN) and §3.10.4 (CLOSE call)',
    'RFC 9293 §3.10.7.4 (FIN-WAIT-2: a RST in window closes the connection, nothing sent) and §3.10.7.1 (a segment for no connection draws a RST, seq = its ACK)',
    'tcp(7) (tcp_fin_timeout, TCP_LINGER2): how long an orphaned FIN-WAIT-2 lives, a Linux bound RFC 9293 does not set (FIN-WAIT-2 waits for the FIN indefinitely there)',
    'Linux net/ipv4/tcp_input.c tcp_rcv_state_process() (TCP_FIN_WAIT1, socket orphaned): tmo = tcp_fin_time(sk) (max of tcp_fin_timeout and 3.5 RTO); below TCP_TIMEWAIT_LEN, tcp_time_wait(sk, TCP_FIN_WAIT2, tmo)',
    'Linux net/ipv4/tcp.c __tcp_close(): an orphan already in FIN_WAIT2 takes the same tcp_time_wait(sk, TCP_FIN_WAIT2, tmo)',
    'Linux net/ipv4/tcp_minisocks.c tcp_timewait_state_process() (tw_substate TCP_FIN_WAIT2): RST in window -> kill; FIN at rcv_nxt -> TIME_WAIT, ACK; new data -> TCP_TW_RST',
    'Linux net/ipv4/tcp_ipv4.c tcp_v4_rcv() no_tcp_socket -> tcp_v4_send_reset() (IPv6: tcp_v6_send_reset())',
  ],
  tags: ['close', 'rst', 'timeout', 'injection', 'slow'],
  // The orphan's timer: 3 s, so the harness's steps between the FIN's ACK and the RST or the sockets
  // step land inside it on a loaded machine (at a load average of 25, 1 s and 2 s runs saw the timer
  // end before the sockets step: a spawn there takes up to a second).
  sysctls: { 'net.ipv4.tcp_fin_timeout': 3 },
  steps: [
    { role: 'server', op: 'listen', as: 'l' },
    { role: 'client', op: 'connect', as: 'c', to: 'l' },
    { role: 'server', op: 'accept', sock: 'l', as: 's' },
    { role: 'client', op: 'connect', as: 'c2', to: 'l' },
    { role: 'server', op: 'accept', sock: 'l', as: 's2' },
    // Stopped, the server program cannot answer the client's FIN with its own (a runtime that reads
    // eagerly and ends its side on EOF would: Node's and Bun's allowHalfOpen false), which would take
    // the client to TIME_WAIT; only its kernel answers. The late segments are the harness's.
    { role: 'harness', op: 'freeze', target: 'server', label: 'the server program is stopped' },
    // The first connection: a RST ends its FIN-WAIT-2.
    { role: 'client', op: 'close', sock: 'c', label: 'client closes' },
    { role: 'harness', op: 'await', segment: { from: 'server', flags: ['ACK'], notFlags: ['SYN', 'FIN', 'RST'] }, label: 'the server\'s kernel acknowledges the FIN' },
    // The capture keeps loopback's outgoing copy: the ACK seen sent, not handled; a loaded machine leaves it to
    // ksoftirqd (pacing only: the RST below is meant for FIN-WAIT-2, not FIN-WAIT-1).
    { role: 'harness', op: 'sockets', expect: { clientState: 'FIN-WAIT-2' }, pace: true, timeoutMs: 1000, label: 'the client\'s kernel has taken the ACK of its FIN' },
    // At once, well inside the timer (the second connection shows the state the RST meets).
    { role: 'harness', op: 'inject', to: 'client', flags: ['RST'], offset: 0, label: 'a RST at the client\'s RCV.NXT' },
    // inject's segment is handled inside its send: the FIN that follows finds no socket.
    { role: 'harness', op: 'inject', to: 'client', flags: ['FIN', 'ACK'], offset: 0, label: 'a FIN after the RST' },
    { role: 'harness', op: 'await', segment: { from: 'client', flags: ['RST'] }, label: 'the FIN after the RST draws a RST' },
    // The second connection: its FIN-WAIT-2 times out.
    { role: 'client', op: 'close', sock: 'c2', label: 'client closes the second connection' },
    { role: 'harness', op: 'await', segment: { from: 'server', flags: ['ACK'], notFlags: ['SYN', 'FIN', 'RST'] }, label: 'the server\'s kernel acknowledges the second FIN' },
    // As above: with both cores busy the check below found FIN-WAIT-1 2.5 ms after the ACK was sent (c, ipv6, load ~20).
    { role: 'harness', op: 'sockets', expect: { clientState: 'FIN-WAIT-2' }, pace: true, timeoutMs: 1000, label: 'the client\'s kernel has taken the ACK of its second FIN' },
    { role: 'harness', op: 'sockets', label: 'the second client is in FIN-WAIT-2', expect: { clientState: 'FIN-WAIT-2' } },
    // The timer starts when the ACK of the FIN arrives (tcp_time_wait()); 3 s, plus room for the timer.
    { role: 'harness', op: 'since', segment: { from: 'server', flags: ['ACK'], notFlags: ['SYN', 'FIN', 'RST'], injected: false }, ms: 3300, label: 'tcp_fin_timeout passes after the FIN\'s ACK' },
    { role: 'harness', op: 'inject', to: 'client', flags: ['FIN', 'ACK'], offset: 0, label: 'a late FIN' },
    { role: 'harness', op: 'await', segment: { from: 'client', flags: ['RST'] }, label: 'the late FIN draws a RST' },
    { role: 'harness', op: 'thaw', target: 'server', label: 'the server program runs again' },
  ],
  wire: [
    {
      rule: 'sequence',
      why: 'the injected RST ends the first FIN-WAIT-2, so the FIN after it finds no socket; the second times out, and the late FIN finds none either: each FIN draws a RST whose seq is the FIN\'s ACK (RFC 9293 §3.10.7.1)',
      segments: [
        { from: 'server', flags: ['RST'], injected: true },
        { from: 'server', flags: ['FIN'], injected: true },
        { from: 'client', flags: ['RST'], notFlags: ['ACK'], seq: 'acked' },
        { from: 'server', flags: ['FIN'], injected: true },
        { from: 'client', flags: ['RST'], notFlags: ['ACK'], seq: 'acked' },
      ],
    },
    // Only the handshakes' ACKs: neither FIN-WAIT-2 answers the RST, and no socket is left to ACK a FIN.
    { rule: 'count', segment: { from: 'client', flags: ['ACK'], notFlags: ['SYN', 'FIN', 'RST'] }, min: 2, max: 2, why: 'the client\'s only bare ACKs are its two handshakes\': nothing acknowledges the RST or the late FINs (a FIN-WAIT-2 socket would, and go to TIME_WAIT)' },
  ],
  divergences: [
    {
      platform: 'freebsd',
      verified: false,
      reason: 'FreeBSD bounds an orphaned FIN-WAIT-2 by TP_MAXIDLE (tcp_keepcnt x tcp_keepintvl: 8 x 75 s), or by net.inet.tcp.finwait2_timeout (60 s) with net.inet.tcp.fast_finwait2_recycle set, not by a tcp_fin_timeout; the timer ends it without sending anything, and a late FIN then draws a RST',
      source: 'tcp(4) (fast_finwait2_recycle, finwait2_timeout); freebsd/freebsd-src sys/netinet/tcp_usrreq.c tcp_usrclosed() and sys/netinet/tcp_input.c tcp_do_segment() (TT_2MSL: tcp_fast_finwait2_recycle ? tcp_finwait2_timeout : TP_MAXIDLE(tp)); unverified',
    },
    {
      platform: 'darwin',
      verified: false,
      reason: 'XNU times an orphaned FIN-WAIT-2 out after net.inet.tcp.fin_timeout (tcp_fin_timeout, 60 s by default: TCPTV_FINWAIT2), armed on the ACK of the FIN; a late FIN then finds no connection and draws a RST, as here',
      source: 'apple-oss-distributions/xnu bsd/netinet/tcp_input.c tcp_set_finwait_timeout() (TCPT_2MSL = tcp_fin_timeout), called from tcp_input() on FIN_WAIT_1 -> FIN_WAIT_2; bsd/netinet/tcp_timer.c sysctl_tcp_fin_timeout(); unverified',
    },
    {
      platform: 'win32',
      verified: false,
      reason: 'Windows bounds FIN-WAIT-2 by its own fixed timer (300 s in Microsoft\'s documentation for Windows Server 2003, after a shutdown(SD_SEND) too), not by a tcp_fin_timeout a program or namespace sets; what a late segment draws afterwards is not documented',
      source: 'Microsoft Support KB 813056, "The TCP/IP stack does not permit a connection to remain in a FINWAIT-2 status for longer than 300 seconds"; unverified',
    },
  ],
  wrongNetwork: { skipStep: 'tcp_fin_timeout passes after the FIN\'s ACK', why: 'before the timeout the FIN-WAIT-2 socket takes the server\'s FIN: TIME_WAIT and an ACK, no RST' },
});
