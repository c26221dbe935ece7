import { connected, defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'Nothing ever answers a RST: RSTs sent for a connection that no longer exists, to the client\'s now closed port and to the server\'s listening port, draw no segment at all, where an ACK to the same ports draws a RST',
  spec: ['RFC 9293 §3.10.7.1 (CLOSED state: "An incoming segment containing a RST is discarded")', 'RFC 9293 §3.10.7.2 (LISTEN state: "An incoming RST should be ignored")', 'RFC 9293 §3.5.2 (a RST is never sent in response to a RST)', 'Linux net/ipv4/tcp_ipv4.c tcp_v4_send_reset(): "Never send a reset in response to a reset"'],
  tags: ['rst', 'injection'],
  steps: [
    ...connected(),
    { role: 'server', op: 'abort', sock: 's', label: 'server aborts (SO_LINGER 0, close)' },
    // The reset is observed before anything is injected: the client's socket is CLOSED (out of
    // the kernel's tables), so the segments below meet no connection.
    { role: 'client', op: 'recv', sock: 'c', label: 'client reads the reset', expect: { error: 'ECONNRESET' } },
    { role: 'harness', op: 'sockets', label: 'the connection no longer exists', expect: { connection: 'absent' } },
    // Controls: the same two ports do answer a segment that is not a RST (RFC 9293 §3.10.7.1,
    // §3.10.7.2: an ACK draws <SEQ=SEG.ACK><CTL=RST>), so the silence below is the RST rule and
    // not a segment that never arrived. The answer is sent while the injected one is processed.
    { role: 'harness', op: 'inject', to: 'client', flags: ['ACK'], offset: 0, label: 'control: an ACK to the client\'s closed port' },
    { role: 'harness', op: 'await', segment: { from: 'client', flags: ['RST'], notFlags: ['ACK'], seq: 'acked' }, label: 'the closed port answers it with a RST' },
    { role: 'harness', op: 'inject', to: 'server', flags: ['ACK'], offset: 0, label: 'control: an ACK to the server\'s listening port' },
    { role: 'harness', op: 'await', segment: { from: 'server', flags: ['RST'], notFlags: ['ACK'], seq: 'acked' }, label: 'the listener answers it with a RST' },
    { role: 'harness', op: 'counters', host: 'client', names: ['TcpOutSegs', 'TcpOutRsts'], label: 'segments sent before the RSTs' },
    // Each RST is processed, and any answer sent, while the injecting process's own send runs.
    { role: 'harness', op: 'inject', to: 'client', flags: ['RST'], offset: 0, label: 'a RST to the client\'s closed port' },
    { role: 'harness', op: 'inject', to: 'server', flags: ['RST'], offset: 0, label: 'a RST to the server\'s listening port' },
    // Both roles share the loopback namespace: unchanged counters mean no TCP segment at all,
    // RST or other, left either side (injected segments go out through a raw socket, uncounted).
    { role: 'harness', op: 'counters', host: 'client', names: ['TcpOutSegs', 'TcpOutRsts'], label: 'nothing answered the RSTs', expect: { delta: { TcpOutSegs: 0, TcpOutRsts: 0 } } },
  ],
  wire: [
    // Every segment is accounted for; an answer to either RST would add one. "client" and
    // "server" name the addresses: injected segments count for the side they claim to be from.
    //   client: SYN, handshake ACK, the injected ACK to the listener (3 without RST);
    //           its host's RST answering the injected ACK, the injected RST to the listener (2 RSTs)
    //   server: SYN+ACK, the injected ACK to the client (2 without RST); the abort's RST+ACK;
    //           the listener's RST answering the injected ACK, the injected RST to the client
    { rule: 'count', segment: { from: 'client', notFlags: ['RST'] }, min: 3, max: 3, why: 'the client sent nothing after its handshake' },
    { rule: 'count', segment: { from: 'client', flags: ['RST'] }, min: 2, max: 2, why: 'one RST answered the control ACK; the injected RST drew none' },
    { rule: 'count', segment: { from: 'server', notFlags: ['RST'] }, min: 2, max: 2, why: 'the server sent nothing after its SYN+ACK' },
    { rule: 'count', segment: { from: 'server', flags: ['RST', 'ACK'] }, min: 1, max: 1, why: 'the abort\'s RST+ACK' },
    { rule: 'count', segment: { from: 'server', flags: ['RST'], notFlags: ['ACK'] }, min: 2, max: 2, why: 'one RST answered the control ACK; the injected RST drew none' },
    // The one deliberate wait, after the last RST: an answer would be sent while it is
    // processed, before inject returns; 50 ms only covers a scheduler hiccup, and the counts
    // above, checked after it, catch a late answer from either side. The injected RST carries
    // the server's next sequence number (its ISN+1: it never sent data) in its ack field, ACK
    // bit off; the client host's RST answering the control ACK carries 0: that tells them apart.
    { rule: 'silent-after', after: { from: 'client', flags: ['RST'], notFlags: ['ACK'], ack: 'isn+1' }, role: 'server', quietMs: 50, why: 'nothing answers a RST' },
  ],
  wrongPeer: { role: 'server', mode: 'abort-closes', why: 'a server whose abort is an orderly close sends FIN: the client reads EOF, and its socket is still there for the RSTs to meet' },
});
