import { defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'A firewall silently drops SYNs: connect() retransmits its SYN and fails ETIMEDOUT once tcp_syn_retries is spent (with 1 retry, 3 SYNs 1 s apart since Linux 6.5); nothing answers',
  spec: ['RFC 9293 §3.8.1 (retransmission timeout)', 'RFC 6298 §5 (back-off)', 'RFC 1122 §4.2.3.5 (R2 for SYN)'],
  tags: ['connect', 'timeout', 'slow'],
  // One retry: Linux sends three SYNs, at 0, 1 and 2 s, and gives up at 3 s (measured here on 6.18). In
  // net/ipv4/tcp_timer.c tcp_write_timeout() a SYN_SENT socket expires by count (icsk_retransmits >=
  // tcp_syn_retries + tcp_syn_linear_timeouts: 5) or by time, whichever is first: retransmits_timed_out()
  // with tcp_model_timeout(boundary 1, rto_base 1 s) = (2 << 1) - 1 = 3 s. Since "tcp: make the first N SYN
  // RTO backoffs linear" (Linux 6.5, tcp_retransmit_timer(): the RTO stays 1 s for tcp_syn_linear_timeouts,
  // default 4), a third SYN fits before 3 s; before it the RTO doubled (SYNs at 0 and 1 s, the next due at
  // 3 s expired): two SYNs, the note below.
  sysctls: { 'net.ipv4.tcp_syn_retries': 1 },
  steps: [
    { role: 'server', op: 'listen', as: 'l' },
    { role: 'harness', op: 'firewall', host: 'server', chain: 'input', match: 'syn', portOf: 'l', action: 'drop', label: 'the firewall drops SYNs to the port' },
    // Bounded well past the kernel's own ~3 s give-up, so the kernel's verdict is what ends the wait.
    { role: 'client', op: 'connect', as: 'c', to: 'l', timeoutMs: 10000, label: 'client connects', expect: { error: 'ETIMEDOUT' } },
  ],
  wire: [
    { rule: 'count', segment: { from: 'client', flags: ['SYN'] }, min: 3, max: 3, why: 'the SYN and 2 retransmissions 1 s apart: tcp_syn_retries=1 is 3 s of trying' },
    { rule: 'absent', segment: { from: 'server' }, why: 'nothing ever answers' },
  ],
  divergences: [
    {
      platform: 'linux', kernel: { below: '6.5' }, verified: false,
      reason: 'Before Linux 6.5 the SYN RTO doubled from the first retry (1 s, then 2 s): with tcp_syn_retries=1 the second SYN goes at 1 s and the attempt expires at 3 s, so two SYNs',
      source: 'net/ipv4/tcp_timer.c tcp_write_timeout() (expired = icsk_retransmits >= tcp_syn_retries) and tcp_retransmit_timer() (icsk_rto doubled); linear SYN RTOs came with "tcp: make the first N SYN RTO backoffs linear" (David Morley, netdev 2023-05-09, merged for 6.5); unverified: no older kernel run here (on 6.18 with tcp_syn_linear_timeouts=0, as before it, 2 SYNs: test/suites/stricter-wire.test.ts)',
      wire: [
        { rule: 'count', segment: { from: 'client', flags: ['SYN'] }, min: 2, max: 2, why: 'the SYN and one retransmission' },
        { rule: 'absent', segment: { from: 'server' }, why: 'nothing ever answers' },
      ],
    },
    {
      platform: 'win32', verified: false,
      reason: 'Windows Firewall\'s stealth mode (on by default) blocks the RST for a port nothing listens on, so a SYN from another host to a closed port, firewall rule or not, looks like this case there',
      source: 'Microsoft Learn, Disable stealth mode in Windows (troubleshoot/windows-server/networking/disable-stealth-mode, KB 2586744: "For ports on which no application listens, the Stealth mode feature blocks the outgoing ... TCP reset messages"); Microsoft Learn, Stealth Mode in Windows Firewall with Advanced Security (Windows Server 2008, dd448557)',
    },
  ],
  wrongNetwork: { skipStep: 'the firewall drops SYNs to the port', why: 'without the firewall the SYN is answered and connect succeeds' },
});
