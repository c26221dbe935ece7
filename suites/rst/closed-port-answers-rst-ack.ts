import { defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'The RST answering a SYN to a closed port, as captured: exactly one RST+ACK, seq 0 and ack = the SYN\'s ISN + 1, no payload; the SYN is not retried and nothing follows it',
  spec: ['RFC 9293 §3.10.7.1 (CLOSED state: "If the ACK bit is off, sequence number zero is used, <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>"; a SYN counts as one)', 'RFC 9293 §3.5.2 (reset generation, group 1)', 'Linux net/ipv4/tcp_ipv4.c tcp_v4_send_reset()'],
  tags: ['rst', 'connect', 'capture'],
  steps: [
    // Bound but not listening: the port is closed, and held so no other process can take it
    // (Node cannot hold it: it reports held: false, see PROTOCOL.md).
    { role: 'server', op: 'reserve', as: 'port' },
    // connect() returns only once the RST has been processed: every segment below was captured
    // before the step ends, so no wait is needed for the wire rules.
    { role: 'client', op: 'connect', as: 'c', to: 'port', label: 'client connects to the closed port', expect: { error: 'ECONNREFUSED' } },
  ],
  wire: [
    {
      rule: 'sequence',
      why: 'the SYN, then the RST that answers it',
      segments: [
        { from: 'client', flags: ['SYN'], notFlags: ['ACK'] },
        { from: 'server', flags: ['RST', 'ACK'], seq: 0, ack: 'isn+1', data: false },
      ],
    },
    { rule: 'count', segment: { from: 'server', flags: ['RST'] }, min: 1, max: 1, why: 'exactly one RST: the one above, in the RFC 9293 §3.10.7.1 form' },
    { rule: 'count', segment: { from: 'client', flags: ['SYN'] }, min: 1, max: 1, why: 'Linux gives up at the first RST: the SYN is not retried' },
    { rule: 'absent', segment: { from: 'server', flags: ['SYN'] }, why: 'nothing listens, so no SYN+ACK' },
    // 50 ms: a retried SYN or an answer to the RST would be sent while the RST is processed,
    // before connect() returns; the wait only covers a scheduler hiccup.
    { rule: 'silent-after', after: { from: 'server', flags: ['RST'] }, role: 'client', quietMs: 50, why: 'the refused client sends nothing more: no retry, no reply to the RST' },
  ],
  divergences: [
    {
      platform: 'freebsd',
      verified: false,
      reason: 'FreeBSD answers this SYN with RST+ACK by default, but net.inet.tcp.blackhole=1 or 2 drops a SYN to a closed port without a RST, so connect() waits as in connect/syn-dropped; on the current releases only for a SYN from another host unless net.inet.tcp.blackhole_local=1 as well (loopback is exempt by default)',
      source: 'blackhole(4) (FreeBSD 15.1: net.inet.tcp.blackhole 1: a SYN to a closed port is dropped, no RST; 2: any segment to a closed port; net.inet.tcp.blackhole_local: locally originated packets are still answered unless set); tcp(4) (blackhole); freebsd/freebsd-src sys/netinet/tcp_input.c tcp_input() (no inpcb for the segment: `(V_blackhole == 1 && (thflags & TH_SYN)) || V_blackhole == 2` drops it, else dropwithreset)',
    },
    {
      platform: 'darwin',
      verified: false,
      reason: 'macOS has the same switch, net.inet.tcp.blackhole (default 0): 1 drops a SYN to a closed port without a RST, 2 any segment; XNU never applies it to segments received on a loopback interface',
      source: 'apple-oss-distributions/xnu bsd/netinet/tcp_input.c tcp_input() (the blackhole sysctl, "Do not send RST when dropping refused connections"; tested only when rcvif->if_type != IFT_LOOP)',
    },
    {
      platform: 'win32',
      verified: false,
      reason: 'Windows sends the SYN again after the RST (each answered by another RST) unless the program set SIO_TCP_INITIAL_RTO with no SYN retransmissions, so a plain client\'s SYN is not alone. Windows Firewall\'s stealth mode (on by default) blocks the outgoing TCP RST for a port no application listens on, so a SYN from another host to a closed port goes unanswered and the connect times out instead (connect/syn-dropped); the local connects here are answered (libuv\'s comment in the source measured the 2 s on loopback)',
      source: 'Microsoft Support KB 175523, INFO: Winsock TCP Connection Performance to Unused Ports (after a RST the pending connection keeps sending SYNs, without backing off, up to the registry\'s retry count); Microsoft Learn, TCP_INITIAL_RTO_PARAMETERS structure (mstcpip.h: MaxSynRetransmissions, TCP_INITIAL_RTO_NO_SYN_RETRANSMISSIONS); libuv/libuv src/win/tcp.c uv__tcp_try_connect() ("fail instantly ... instead of waiting for 2s"); Microsoft Learn, Disable stealth mode in Windows (troubleshoot/windows-server/networking/disable-stealth-mode, KB 2586744: "For ports on which no application listens, the Stealth mode feature blocks the outgoing ... TCP reset messages"); Microsoft Learn, Stealth Mode in Windows Firewall with Advanced Security (Windows Server 2008, dd448557)',
    },
  ],
  wrongPeer: { role: 'server', mode: 'reserve-listens', why: 'a peer that listens on the "closed" port answers the SYN with SYN+ACK, and no RST is sent' },
});
