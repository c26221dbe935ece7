import { connected, defineCase } from '../../harness/index.ts';

// Twice net.ipv4.tcp_invalid_ratelimit's default (500 ms), set so that a host's own value cannot change the case:
// the second RST must reach the socket within it, and on a loaded 2-core machine it once came 606 ms after the first
// challenge ACK (a scheduler delay, not the kernel's behaviour); 1000 ms keeps that margin without hiding a change.
const RATELIMIT_MS = 1000;
// Past the limit by more than a jiffy (4 ms at HZ=250, 10 ms at HZ=100): the kernel counts it in jiffies.
const PAST_LIMIT_MS = RATELIMIT_MS + 20;
const CHALLENGE_ACK = { from: 'client' as const, flags: ['ACK'], notFlags: ['RST', 'FIN', 'SYN'], data: false };
const COUNTERS = ['TcpOutSegs', 'TcpExtTCPChallengeACK', 'TcpExtTCPACKSkippedChallenge'];

export default defineCase(import.meta, {
  description: 'RFC 5961 §7 ACK throttling, per socket: a second in-window RST within net.ipv4.tcp_invalid_ratelimit of the first challenge ACK draws nothing (TcpExtTCPACKSkippedChallenge +1); once the limit has passed, the next one draws a challenge ACK again; the connection lives throughout',
  spec: [
    'RFC 5961 §7 (ACK throttling: "an implementation SHOULD include an ACK throttling mechanism")',
    'Linux net/ipv4/tcp_input.c tcp_send_challenge_ack() (first __tcp_oow_rate_limited(LINUX_MIB_TCPACKSKIPPEDCHALLENGE, &tp->last_oow_ack_time): elapsed < sysctl_tcp_invalid_ratelimit skips; then the per-netns tcp_challenge_ack_limit, INT_MAX: off)',
    'Linux commit 79e3602caa6f (v6.0: "tcp: make global challenge ack rate limitation per net-ns and default disabled")',
    'Linux Documentation/networking/ip-sysctl.rst (tcp_invalid_ratelimit, default 500 ms; tcp_challenge_ack_limit)',
  ],
  tags: ['rst', 'injection'],
  // Both are per namespace: the per-socket limit, and the host-wide budget (1000/s, randomised, before 6.0) off.
  sysctls: { 'net.ipv4.tcp_invalid_ratelimit': RATELIMIT_MS, 'net.ipv4.tcp_challenge_ack_limit': 2147483647 },
  steps: [
    ...connected(),
    { role: 'server', op: 'send', sock: 's', data: 'hello' },
    { role: 'client', op: 'recvAll', sock: 'c', bytes: 5, label: 'client reads the greeting', expect: { data: 'hello' } },
    { role: 'harness', op: 'counters', host: 'client', names: COUNTERS, label: 'counters before' },
    { role: 'harness', op: 'inject', to: 'client', flags: ['RST'], offset: 1000, label: 'a first RST in window' },
    // The challenge ACK is sent while the forged RST is processed, inside inject's own send; it starts the socket's rate limit.
    { role: 'harness', op: 'await', segment: CHALLENGE_ACK, label: 'the first draws a challenge ACK' },
    { role: 'harness', op: 'counters', host: 'client', names: COUNTERS, label: 'one challenge ACK', expect: { delta: { TcpOutSegs: 1, TcpExtTCPChallengeACK: 1, TcpExtTCPACKSkippedChallenge: 0 } } },
    // Within the limit: two injections take tens of ms, far below 1000.
    { role: 'harness', op: 'inject', to: 'client', flags: ['RST'], offset: 2000, label: 'a second RST in window, at once' },
    // Both roles share the loopback namespace: TcpOutSegs +0 is "nothing on the wire", whoever would send it.
    { role: 'harness', op: 'counters', host: 'client', names: COUNTERS, label: 'the second is skipped: nothing sent', expect: { delta: { TcpOutSegs: 0, TcpExtTCPChallengeACK: 0, TcpExtTCPACKSkippedChallenge: 1 } } },
    { role: 'harness', op: 'since', segment: CHALLENGE_ACK, ms: PAST_LIMIT_MS, label: 'the rate limit passes, timed from the challenge ACK' },
    { role: 'harness', op: 'inject', to: 'client', flags: ['RST'], offset: 3000, label: 'a third RST in window, after the limit' },
    { role: 'harness', op: 'await', segment: CHALLENGE_ACK, label: 'the third draws a challenge ACK again' },
    { role: 'harness', op: 'counters', host: 'client', names: COUNTERS, label: 'one more challenge ACK', expect: { delta: { TcpOutSegs: 1, TcpExtTCPChallengeACK: 1, TcpExtTCPACKSkippedChallenge: 0 } } },
    { role: 'client', op: 'send', sock: 'c', data: 'still here', label: 'the connection survives', expect: { ok: true } },
    { role: 'server', op: 'recvAll', sock: 's', bytes: 10, label: 'server reads it', expect: { data: 'still here' } },
  ],
  wire: [
    { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'no RST answers the forged ones' },
  ],
  divergences: [
    {
      platform: 'freebsd', verified: false,
      reason: 'FreeBSD throttles challenge ACKs per connection by count, not by a gap: up to net.inet.tcp.ack_war_cnt (5) in each net.inet.tcp.ack_war_timewindow (1000 ms), so the second RST at once draws a challenge ACK too',
      source: 'FreeBSD tcp(4) (ack_war_timewindow, ack_war_cnt: "limits the number of challenge ACKs sent per TCP connection"); freebsd/freebsd-src sys/netinet/tcp_subr.c (tcp_ack_war_time_window = 1000, tcp_ack_war_cnt = 5)',
    },
  ],
  wrongNetwork: { skipStep: 'the rate limit passes, timed from the challenge ACK', why: 'without the wait the third RST falls inside the limit too, and draws nothing' },
});
