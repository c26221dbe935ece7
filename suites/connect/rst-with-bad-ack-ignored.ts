import { defineCase } from '../../harness/index.ts';

// A connect in flight (background) to a server whose host drops everything: the harness plays the server, first
// with RSTs the SYN-SENT socket must not take, then with the SYN-ACK that completes the handshake.
export default defineCase(import.meta, {
  description: 'During connect, a RST without ACK and a RST+ACK whose ACK does not acknowledge the SYN are ignored: nothing answers either (after the RST+ACK Linux sends its SYN again, at once when it had not retransmitted it yet), the socket stays in SYN-SENT, and a proper SYN-ACK still completes the handshake: connect() succeeds',
  spec: [
    'RFC 9293 §3.10.7.3 (SYN-SENT: "If the ACK bit is set: If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset (unless the RST bit is set, if so drop the segment and return)"; "If the RST bit is set: if the ACK was acceptable ... else drop the segment and return")',
    'RFC 5961 §3 (blind reset attacks; in SYN-SENT the ACK check of RFC 9293 is what protects the attempt)',
    'Linux net/ipv4/tcp_input.c tcp_rcv_synsent_state_process(): an unacceptable ACK goes to reset_and_undo (tcp_v4_send_reset() never answers a RST), after re-arming the retransmit timer to TCP_TIMEOUT_MIN when no retransmission happened yet (commit 0c228e833c88, "tcp: Retransmit SYN immediately after SYN-ACK/RST-ACK with bad ack", 5.10); a RST without ACK goes to discard_and_undo',
  ],
  tags: ['connect', 'rst', 'injection', 'firewall'],
  topology: 'two-hosts',
  steps: [
    { role: 'server', op: 'listen', as: 'l' },
    // The real server never sees the SYN, and the client's ACK at the end is dropped too: the harness alone answers.
    { role: 'harness', op: 'firewall', host: 'server', chain: 'input', match: 'tcp', portOf: 'l', action: 'drop', label: "the server's host drops everything to the port" },
    { role: 'client', op: 'connect', as: 'c', to: 'l', background: true, timeoutMs: 5000, label: 'client connects', expect: { ok: true } },
    { role: 'harness', op: 'await', segment: { from: 'client', flags: ['SYN'] }, label: 'the SYN is out' },
    // ack = ISS + 2: past SND.NXT, so it acknowledges something never sent. First, while the SYN has not been retransmitted yet.
    { role: 'harness', op: 'inject', to: 'client', flags: ['RST', 'ACK'], offset: 0, ackOffset: 1, label: 'a RST+ACK with a wrong ACK reaches the client' },
    // Linux's answer: no RST, but the SYN again after TCP_TIMEOUT_MIN when it was not retransmitted yet (measured 12-15 ms
    // after the RST+ACK); when its 1 s RTO came first, at the next one (linear SYN timeouts since 6.5): 1.5 s bounds both.
    { role: 'harness', op: 'await', segment: { from: 'client', flags: ['SYN'], notFlags: ['ACK'] }, timeoutMs: 1500, label: 'the client sends its SYN again' },
    // The client's host alone counts here: whatever the client's kernel would send in answer (a SYN retransmission is neither).
    { role: 'harness', op: 'counters', host: 'client', names: ['TcpOutRsts', 'TcpExtTCPChallengeACK'], label: 'counters before' },
    { role: 'harness', op: 'inject', to: 'client', flags: ['RST'], offset: 0, label: 'a RST without ACK reaches the client' },
    // Handled inside inject's own send, so an answer would be counted by now.
    { role: 'harness', op: 'counters', host: 'client', names: ['TcpOutRsts', 'TcpExtTCPChallengeACK'], label: 'nothing answers it', expect: { delta: { TcpOutRsts: 0, TcpExtTCPChallengeACK: 0 } } },
    { role: 'harness', op: 'sockets', label: 'the client is still in SYN-SENT', expect: { clientState: 'SYN-SENT' } },
    // seq 0: the harness's ISN for the silent server; ack = the client's ISS + 1.
    { role: 'harness', op: 'inject', to: 'client', flags: ['SYN', 'ACK'], offset: 0, label: 'a proper SYN-ACK reaches the client' },
    { role: 'harness', op: 'await', reply: 'client connects', timeoutMs: 2000, label: 'the connect returns' },
  ],
  wire: [
    { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'neither RST is answered with a RST (a RST is never answered by one), nor is the attempt given up' },
    { rule: 'count', segment: { from: 'client', flags: ['SYN'], notFlags: ['ACK'] }, min: 2, why: 'the SYN, and again after the RST+ACK with the wrong ACK (their times are evidence)' },
    { rule: 'present', segment: { from: 'client', flags: ['ACK'], notFlags: ['SYN', 'RST', 'FIN'], ack: 1 }, why: "the handshake's ACK acknowledges the injected SYN-ACK (ISN 0)" },
  ],
  divergences: [
    {
      platform: 'freebsd', verified: false,
      reason: 'FreeBSD checks SEG.ACK first in SYN-SENT (SEQ_LEQ(th_ack, iss) || SEQ_GT(th_ack, snd_max): dropwithreset, and tcp_dropwithreset() drops a RST unanswered) and drops a RST without ACK ("goto drop"): both RSTs ignored, the handshake completes; no early SYN retransmission is made, the SYN comes again only at its RTO',
      source: 'freebsd/freebsd-src sys/netinet/tcp_input.c tcp_do_segment() (the SYN-SENT ACK check before the state switch; case TCPS_SYN_SENT) and tcp_dropwithreset()',
    },
    {
      platform: 'darwin', verified: false,
      reason: 'XNU, in case TCPS_SYN_SENT: an ACK outside (ISS, SND.MAX] goes to dropwithreset, which sends nothing for a RST; a RST without ACK is dropped; a RST with an acceptable ACK ends the attempt ECONNREFUSED: both RSTs here ignored, no early SYN retransmission',
      source: 'apple-oss-distributions/xnu bsd/netinet/tcp_input.c tcp_input(), case TCPS_SYN_SENT and dropwithreset',
    },
  ],
  wrongNetwork: { skipStep: "the server's host drops everything to the port", why: 'the real server answers the SYN: the connection is established before the RSTs, and the RST without ACK at its RCV.NXT resets it (or the socket is no longer in SYN-SENT)' },
});
