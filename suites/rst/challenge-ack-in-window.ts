import { connected, defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'RFC 5961: a RST inside the window but not at RCV.NXT is answered by one challenge ACK and the connection survives; a RST exactly at RCV.NXT resets it',
  spec: ['RFC 5961 §3.2 (challenge ACK)', 'RFC 9293 §3.10.7.4 (RST check)', 'RFC 5961 §7 (ACK throttling)'],
  tags: ['rst', 'injection'],
  steps: [
    ...connected(),
    { role: 'server', op: 'send', sock: 's', data: 'hello' },
    { role: 'client', op: 'recvAll', sock: 'c', bytes: 5, label: 'client reads the greeting', expect: { data: 'hello' } },
    { role: 'harness', op: 'counters', host: 'client', names: ['TcpExtTCPChallengeACK'], label: 'counters before' },
    { role: 'harness', op: 'inject', to: 'client', flags: ['RST'], offset: 1000, label: 'a RST in window, 1000 past RCV.NXT' },
    // The challenge ACK is sent while the forged RST is processed, inside inject's own send.
    { role: 'harness', op: 'await', segment: { from: 'client', flags: ['ACK'], notFlags: ['RST', 'FIN', 'SYN'], data: false }, label: 'client answers with a challenge ACK' },
    { role: 'harness', op: 'counters', host: 'client', names: ['TcpExtTCPChallengeACK'], label: 'counters after', expect: { delta: { TcpExtTCPChallengeACK: 1 } } },
    { role: 'client', op: 'send', sock: 'c', data: 'still here', label: 'the connection survives', expect: { ok: true } },
    { role: 'server', op: 'recvAll', sock: 's', bytes: 10, label: 'server reads it', expect: { data: 'still here' } },
    { role: 'harness', op: 'inject', to: 'client', flags: ['RST'], offset: 0, label: 'a RST exactly at RCV.NXT' },
    { role: 'client', op: 'recv', sock: 'c', label: 'client reads the reset', expect: { error: 'ECONNRESET' } },
  ],
  wire: [
    // RFC 5961 §3.2: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>; the first RST captured is the in-window one, and the client's only bare ACK after it.
    {
      rule: 'sequence',
      why: 'the challenge ACK acknowledges RCV.NXT, not the forged RST\'s sequence number',
      segments: [
        { from: 'server', flags: ['RST'] },
        { from: 'client', flags: ['ACK'], notFlags: ['RST', 'FIN', 'SYN'], data: false, seq: 'snd.nxt', ack: 'rcv.nxt' },
      ],
    },
    { rule: 'silent-after', after: { from: 'server', flags: ['RST'], seq: 'acked' }, role: 'client', quietMs: 50, why: 'the exact RST is accepted, and nothing answers it' },
  ],
  divergences: [
    {
      platform: 'freebsd', verified: false,
      reason: 'FreeBSD can be set (net.inet.tcp.insecure_rst=1) to accept any in-window RST, which resets the connection at the first injection',
      source: 'freebsd/freebsd-src sys/netinet/tcp_input.c tcp_do_segment() (RST processing: `V_tcp_insecure_rst || tp->last_ack_sent == th->th_seq` resets, else tcp_send_challenge_ack()); tcp(4) (net.inet.tcp.insecure_rst)',
    },
  ],
  wrongNetwork: { skipStep: 'a RST in window, 1000 past RCV.NXT', why: 'without the in-window RST there is no challenge ACK to see' },
});
