import { connected, defineCase } from '../../harness/index.ts';

// Far past any receive window this kernel offers (tcp_rmem[2] is 6 MiB by default), and below 2^31 so it reads as "after".
const BEYOND_WINDOW = 100_000_000;
// Behind RCV.NXT by more than was ever received: before RCV.WUP, so outside the window too.
const BEHIND_WINDOW = -100_000;

export default defineCase(import.meta, {
  description: 'A RST outside the receive window is dropped without a word: no challenge ACK, nothing on the wire, and the connection lives on (data both ways, then an orderly close)',
  spec: [
    'RFC 9293 §3.10.7.4 (first check the sequence number: an unacceptable RST is dropped, "If the RST bit is set then drop the segment and return")',
    'RFC 5961 §3.2 (1: a RST outside the window is silently discarded)',
    'Linux net/ipv4/tcp_input.c tcp_validate_incoming() (tcp_sequence() fails and th->rst: goto discard, no tcp_send_dupack())',
  ],
  tags: ['rst', 'injection'],
  steps: [
    ...connected(),
    { role: 'server', op: 'send', sock: 's', data: 'hello' },
    // The client ACKs the first data at once (quickack), before recvAll returns: nothing is left to send when the counters are read.
    { role: 'client', op: 'recvAll', sock: 'c', bytes: 5, label: 'client reads the greeting', expect: { data: 'hello' } },
    // Both roles share the loopback namespace: an unchanged TcpOutSegs is "nothing on the wire", whoever would send it.
    { role: 'harness', op: 'counters', host: 'client', names: ['TcpOutSegs', 'TcpExtTCPChallengeACK'], label: 'counters before' },
    { role: 'harness', op: 'inject', to: 'client', flags: ['RST'], offset: BEYOND_WINDOW, label: 'a RST far beyond the window' },
    { role: 'harness', op: 'inject', to: 'client', flags: ['RST'], offset: BEHIND_WINDOW, label: 'a RST behind RCV.NXT' },
    // The kernel handles each forged RST inside inject's own send, so anything it answered is counted by now.
    { role: 'harness', op: 'counters', host: 'client', names: ['TcpOutSegs', 'TcpExtTCPChallengeACK'], label: 'nothing answers them', expect: { delta: { TcpOutSegs: 0, TcpExtTCPChallengeACK: 0 } } },
    { role: 'client', op: 'send', sock: 'c', data: 'still here', label: 'client still sends', expect: { ok: true } },
    { role: 'server', op: 'recvAll', sock: 's', bytes: 10, label: 'server reads it', expect: { data: 'still here' } },
    { role: 'server', op: 'send', sock: 's', data: 'me too', label: 'server still sends', expect: { ok: true } },
    { role: 'client', op: 'recvAll', sock: 'c', bytes: 6, label: 'client reads it', expect: { data: 'me too' } },
    // Everything was read, so this close sends FIN: a connection the RSTs had ended could not.
    { role: 'client', op: 'close', sock: 'c', label: 'client closes in order' },
    { role: 'server', op: 'recv', sock: 's', label: 'server reads EOF', expect: { eof: true } },
  ],
  wire: [
    { rule: 'present', segment: { from: 'client', flags: ['FIN'] }, why: 'the connection ends in order' },
    { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'the client never resets' },
  ],
  divergences: [
    {
      platform: 'freebsd', verified: false,
      reason: 'FreeBSD drops a RST outside [last_ack_sent, last_ack_sent + rcv_wnd) silently as well ("goto drop", no challenge ACK): the same result expected',
      source: 'freebsd/freebsd-src sys/netinet/tcp_input.c tcp_do_segment(), the "RFC5961 Section 3.2" block under "if (thflags & TH_RST)"',
    },
  ],
  wrongPeer: { role: 'client', mode: 'close-aborts', why: 'a client whose close aborts sends RST, not FIN: the server reads a reset instead of EOF' },
});
