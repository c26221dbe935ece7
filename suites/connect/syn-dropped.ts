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
      reason: 'Windows Firewall\'s stealth mode (on by default) blocks the RST for a port nothing listens on, so a SYN from another host to a closed port, firewall rule or not, looks like this case there',
      source: 'Microsoft Learn, Disable stealth mode in Windows (troubleshoot/windows-server/networking/disable-stealth-mode, KB 2586744: "For ports on which no application listens, the Stealth mode feature blocks the outgoing ... TCP reset messages"); Microsoft Learn, Stealth Mode in Windows Firewall with Advanced Security (Windows Server 2008, dd448557)',
    },
  ],
  wrongNetwork: { skipStep: 'the firewall drops SYNs to the port', why: 'without the firewall the SYN is answered and connect succeeds' },
});
