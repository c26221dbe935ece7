import { defineCase } from '../../harness/index.ts';

// A connect in flight (inFlight: the agent replies once it has started) to a server whose host drops everything;
// the program closes the socket while it is in SYN-SENT, and the harness then plays the late SYN-ACK.
export default defineCase(import.meta, {
  description: 'close() while connect() is in flight (SYN-SENT) sends no RST and nothing else: the attempt is simply gone, so a late SYN-ACK draws a RST without ACK at its ack',
  spec: [
    'RFC 9293 §3.10.4 (CLOSE in SYN-SENT: "Delete the TCB and return ... error: closing responses to any queued SENDs")',
    'RFC 9293 §3.10.7.1 (segment arrives in CLOSED: with ACK on, <SEQ=SEG.ACK><CTL=RST>)',
    'Linux net/ipv4/tcp.c __tcp_close(): a socket in SYN_SENT is not in TCPF_ESTABLISHED..., so tcp_close_state() moves it to CLOSE and nothing is sent (tcp_need_reset() is false for SYN_SENT, as in tcp_disconnect()); net/ipv4/tcp_ipv4.c tcp_v4_send_reset() answers the late SYN-ACK',
  ],
  tags: ['connect', 'close', 'injection', 'firewall'],
  topology: 'two-hosts',
  steps: [
    { role: 'server', op: 'listen', as: 'l' },
    // The real server never sees the SYN: the attempt stays in SYN-SENT until the program closes it.
    { role: 'harness', op: 'firewall', host: 'server', chain: 'input', match: 'tcp', portOf: 'l', action: 'drop', label: "the server's host drops everything to the port" },
    { role: 'client', op: 'connect', as: 'c', to: 'l', options: { inFlight: true }, label: 'client starts connecting', expect: { ok: true } },
    { role: 'harness', op: 'await', segment: { from: 'client', flags: ['SYN'] }, label: 'the SYN is out' },
    { role: 'harness', op: 'sockets', label: 'the client is in SYN-SENT', expect: { clientState: 'SYN-SENT' } },
    { role: 'client', op: 'close', sock: 'c', label: 'client closes while connecting', expect: { ok: true } },
    { role: 'harness', op: 'sockets', label: 'the attempt is gone', expect: { connection: 'absent' } },
    // The SYN-ACK the dropped SYN never got: a socket still in SYN-SENT would complete the handshake with an ACK.
    { role: 'harness', op: 'inject', to: 'client', flags: ['SYN', 'ACK'], offset: 0, label: 'a late SYN-ACK reaches the client' },
    // Sent while the SYN-ACK is processed, inside inject's own send (as in connect/syn-rejected-icmp).
    { role: 'harness', op: 'await', segment: { from: 'client', flags: ['RST'] }, timeoutMs: 500, label: 'the client answers it with a RST' },
  ],
  wire: [
    { rule: 'count', segment: { from: 'client', flags: ['RST'] }, min: 1, max: 1, why: 'the close sends no RST: the only one answers the late SYN-ACK' },
    { rule: 'absent', segment: { from: 'client', flags: ['FIN'] }, why: 'no FIN either: there was never a connection to end' },
    // No socket matches: the stack's reset for a segment in CLOSED, no ACK flag, seq = the SYN-ACK's ack.
    { rule: 'present', segment: { from: 'client', flags: ['RST'], notFlags: ['ACK'], seq: 'acked' }, why: 'the attempt is gone: nothing is left to complete the handshake' },
    { rule: 'absent', segment: { from: 'client', flags: ['ACK'], notFlags: ['RST'] }, why: 'no ACK completes the handshake' },
  ],
  divergences: [
    {
      platform: 'freebsd', verified: false,
      reason: 'FreeBSD closes a socket before ESTABLISHED with tcp_close(): no segment, as here; a late SYN-ACK then finds no socket and draws a RST',
      source: 'freebsd/freebsd-src sys/netinet/tcp_usrreq.c tcp_disconnect() ("if (tp->t_state < TCPS_ESTABLISHED) tp = tcp_close(tp)")',
    },
    {
      platform: 'darwin', verified: false,
      reason: 'XNU likewise: tcp_disconnect() calls tcp_close() for a socket before ESTABLISHED (after its unread-data check, which a connecting socket cannot meet): nothing is sent',
      source: 'apple-oss-distributions/xnu bsd/netinet/tcp_usrreq.c tcp_disconnect()',
    },
  ],
  wrongNetwork: { skipStep: 'client closes while connecting', why: 'without the close the socket is still in SYN-SENT: the late SYN-ACK completes the handshake with an ACK, and no RST comes' },
});
