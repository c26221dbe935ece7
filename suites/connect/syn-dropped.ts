import { defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'A firewall silently drops SYNs: connect() retransmits its SYN and fails ETIMEDOUT once tcp_syn_retries is spent; nothing answers',
  spec: ['RFC 9293 §3.8.1 (retransmission timeout)', 'RFC 6298 §5 (back-off)', 'RFC 1122 §4.2.3.5 (R2 for SYN)'],
  tags: ['connect', 'timeout', 'slow'],
  // One retry: Linux still sends three SYNs (~3 s) before giving up (measured here; net/ipv4/tcp_timer.c
  // retransmits_timed_out() turns the retry count into a time, tcp_model_timeout(): 1 retry = 3 s, and
  // since 6.5 the first SYN retries are spaced linearly, 1 s apart: tcp_syn_linear_timeouts).
  sysctls: { 'net.ipv4.tcp_syn_retries': 1 },
  steps: [
    { role: 'server', op: 'listen', as: 'l' },
    { role: 'harness', op: 'firewall', host: 'server', chain: 'input', match: 'syn', portOf: 'l', action: 'drop', label: 'the firewall drops SYNs to the port' },
    // Bounded well past the kernel's own ~3 s give-up, so the kernel's verdict is what ends the wait.
    { role: 'client', op: 'connect', as: 'c', to: 'l', timeoutMs: 10000, label: 'client connects', expect: { error: 'ETIMEDOUT' } },
  ],
  wire: [
    { rule: 'count', segment: { from: 'client', flags: ['SYN'] }, min: 2, why: 'the SYN is retransmitted' },
    { rule: 'absent', segment: { from: 'server' }, why: 'nothing ever answers' },
  ],
  divergences: [
    {
      platform: 'win32', verified: false,
      reason: 'The Windows firewall drops SYNs to closed ports by default, so an unfirewalled closed port looks like this case there',
      source: 'Microsoft Learn, Windows Firewall rules: inbound traffic that matches no rule is blocked by default (unverified)',
    },
  ],
  wrongNetwork: { skipStep: 'the firewall drops SYNs to the port', why: 'without the firewall the SYN is answered and connect succeeds' },
});
