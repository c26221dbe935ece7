import { connected, defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'The peer\'s host vanishes without FIN or RST: sends still succeed (only queued), the data is retransmitted with back-off, the connection dies ETIMEDOUT, and a later send fails EPIPE; giving up sends nothing',
  spec: [
    'RFC 9293 §3.8.3 (R2: give up after excessive retransmissions)',
    'RFC 1122 §4.2.3.5',
    'RFC 6298 §5.5 (back-off)',
    'RFC 9293 §3.5.1 (half-open connections)',
    'Linux net/ipv4/tcp_timer.c retransmits_timed_out(), tcp_write_err(): ETIMEDOUT; net/ipv4/tcp.c tcp_sendmsg_locked(): EPIPE once the error was reported',
  ],
  tags: ['halfopen', 'timeout', 'slow'],
  topology: 'two-hosts',
  // tcp_retries2 is not a count but a time budget: (2^(N+1) - 1) x 200 ms (TCP_RTO_MIN), so
  // 1.4 s for N=2, counted from the first RTO retransmission (tcp_retransmit_skb() stamps
  // retrans_stamp after re-sending); the connection dies at the first RTO expiry past it.
  // Measured here (Linux 6.18, C and Node alike): the send at 0, a tail-loss probe carrying the
  // second send's bytes at ~205 ms, RTO retransmissions at ~415, ~825 and ~1660 ms (each
  // interval doubled), and ETIMEDOUT ~3.3 s after the first send.
  sysctls: { 'net.ipv4.tcp_retries2': 2 },
  steps: [
    ...connected(),
    // Every TCP segment dropped at the input hook of the server's namespace: its socket never
    // hears of the data, so it neither ACKs nor resets; the capture (a packet socket on the
    // server's interface, which sees packets before netfilter) still sees each retransmission
    // arrive. A link taken down instead would keep them from the capture.
    { role: 'harness', op: 'firewall', host: 'server', chain: 'input', match: 'tcp', action: 'drop', label: 'the server\'s host vanishes' },
    { role: 'client', op: 'send', sock: 'c', data: 'into the void', label: 'a send still succeeds', expect: { ok: true } },
    { role: 'client', op: 'send', sock: 'c', data: 'and more', label: 'another send is only queued too', expect: { ok: true } },
    // Bounded well past the kernel's own ~3.3 s give-up, so the kernel's verdict ends the wait.
    { role: 'client', op: 'recv', sock: 'c', timeoutMs: 8000, label: 'the connection times out', expect: { error: 'ETIMEDOUT' } },
    // The error is reported once (sock_error() clears sk_err); after it the socket is closed.
    { role: 'client', op: 'send', sock: 'c', data: 'too late', label: 'a later send fails EPIPE', expect: { error: 'EPIPE', synthesized: false } },
  ],
  wire: [
    // The first send plus at least two RTO retransmissions; their times are the evidence of the back-off.
    { rule: 'count', segment: { from: 'client', data: true }, min: 3, why: 'the unacknowledged data is retransmitted, with back-off' },
    { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'giving up (tcp_write_err(), tcp_done()) sends nothing' },
    { rule: 'absent', segment: { from: 'client', flags: ['FIN'] }, why: 'nor does the dead connection close in order' },
    // The handshake's SYN+ACK is the server's only segment: nothing acknowledges or resets the data.
    { rule: 'absent', segment: { from: 'server', notFlags: ['SYN'] }, why: 'the vanished host answers nothing' },
  ],
  wrongNetwork: { skipStep: 'the server\'s host vanishes', why: 'without the drop the data is acknowledged and the connection lives' },
});
