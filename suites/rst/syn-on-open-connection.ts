import { connected, defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'RFC 5961: a SYN on an established connection is answered by one challenge ACK, never taken for a new connection or obeyed as a reset; the connection lives on (data both ways, then an orderly close)',
  spec: [
    'RFC 5961 §4.2 (a SYN in a synchronized state, whatever its sequence number: send a challenge ACK, discard the SYN)',
    'RFC 9293 §3.10.7.4 (fourth, check the SYN bit)',
    'Linux net/ipv4/tcp_input.c tcp_validate_incoming() ("step 4: Check for a SYN": syn_challenge, LINUX_MIB_TCPSYNCHALLENGE, tcp_send_challenge_ack())',
  ],
  tags: ['rst', 'injection'],
  steps: [
    ...connected(),
    { role: 'server', op: 'send', sock: 's', data: 'hello' },
    { role: 'client', op: 'recvAll', sock: 'c', bytes: 5, label: 'client reads the greeting', expect: { data: 'hello' } },
    { role: 'harness', op: 'counters', host: 'client', names: ['TcpExtTCPSYNChallenge', 'TcpExtTCPChallengeACK'], label: 'counters before' },
    { role: 'harness', op: 'inject', to: 'client', flags: ['SYN'], offset: 0, label: 'a SYN at RCV.NXT on the open connection' },
    // The challenge ACK is sent while the forged SYN is processed, inside inject's own send.
    { role: 'harness', op: 'await', segment: { from: 'client', flags: ['ACK'], notFlags: ['RST', 'FIN', 'SYN'], data: false }, label: 'client answers with a challenge ACK' },
    { role: 'harness', op: 'counters', host: 'client', names: ['TcpExtTCPSYNChallenge', 'TcpExtTCPChallengeACK'], label: 'counters after', expect: { delta: { TcpExtTCPSYNChallenge: 1, TcpExtTCPChallengeACK: 1 } } },
    { role: 'client', op: 'send', sock: 'c', data: 'still here', label: 'client still sends', expect: { ok: true } },
    { role: 'server', op: 'recvAll', sock: 's', bytes: 10, label: 'server reads it', expect: { data: 'still here' } },
    { role: 'server', op: 'send', sock: 's', data: 'me too', label: 'server still sends', expect: { ok: true } },
    { role: 'client', op: 'recvAll', sock: 'c', bytes: 6, label: 'client reads it', expect: { data: 'me too' } },
    { role: 'client', op: 'close', sock: 'c', label: 'client closes in order' },
    { role: 'server', op: 'recv', sock: 's', label: 'server reads EOF', expect: { eof: true } },
  ],
  wire: [
    { rule: 'absent', segment: { from: 'client', flags: ['SYN', 'ACK'] }, why: 'the SYN is not taken for a new connection' },
    { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'nor answered by a reset (RFC 793 behaviour)' },
    { rule: 'present', segment: { from: 'client', flags: ['FIN'] }, why: 'the connection ends in order' },
  ],
  divergences: [
    {
      platform: 'freebsd', verified: false,
      reason: 'FreeBSD answers a SYN in a synchronized state with a challenge ACK too: the same result expected',
      source: 'freebsd/freebsd-src sys/netinet/tcp_input.c tcp_do_segment(), the "RFC5961 Section 4.2: Send challenge ACK for any SYN in synchronized state" block',
    },
  ],
  wrongNetwork: { skipStep: 'a SYN at RCV.NXT on the open connection', why: 'without the SYN there is no challenge ACK to see' },
});
