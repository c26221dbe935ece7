import { defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'connect() to a loopback port with nothing listening fails ECONNREFUSED at once: the SYN is answered by RST+ACK',
  spec: ['RFC 9293 §3.5.2 (reset generation, group 1)', 'RFC 9293 §3.10.7.1 (CLOSED state: "<SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>")'],
  tags: ['headline', 'connect', 'rst'],
  steps: [
    // Bound but not listening: the port is closed, and held so no other process can take it.
    { role: 'server', op: 'reserve', as: 'port' },
    { role: 'client', op: 'connect', as: 'c', to: 'port', label: 'client connects to the closed port', expect: { error: 'ECONNREFUSED' } },
  ],
  wire: [
    {
      rule: 'sequence',
      why: 'a SYN to a closed port is answered by RST+ACK with seq 0 and ack = ISN+1',
      segments: [
        { from: 'client', flags: ['SYN'], notFlags: ['ACK'] },
        { from: 'server', flags: ['RST', 'ACK'], seq: 0, ack: 'isn+1' },
      ],
    },
    { rule: 'absent', segment: { from: 'server', flags: ['SYN'] }, why: 'nothing listens, so no SYN+ACK' },
  ],
  divergences: [
    {
      platform: 'win32',
      verified: false,
      reason: 'Windows does not give up at the first RST: it sends the SYN again (each answered by another RST) for about 2 s on loopback before WSAECONNREFUSED, unless the runtime sets SIO_TCP_INITIAL_RTO with no SYN retransmissions (libuv does, on loopback). Windows Firewall\'s stealth mode (on by default) blocks the outgoing TCP RST for a port no application listens on, so a SYN from another host to a closed port goes unanswered and the connect times out instead (connect/syn-dropped); the local connects here are answered (libuv\'s comment in the source measured the 2 s on loopback)',
      source: 'Microsoft Support KB 175523, INFO: Winsock TCP Connection Performance to Unused Ports (after a RST the pending connection keeps sending SYNs, without backing off, up to the registry\'s retry count); Microsoft Learn, TCP_INITIAL_RTO_PARAMETERS structure (mstcpip.h: MaxSynRetransmissions, TCP_INITIAL_RTO_NO_SYN_RETRANSMISSIONS); libuv/libuv src/win/tcp.c uv__tcp_try_connect() ("fail instantly ... instead of waiting for 2s"); Microsoft Learn, Disable stealth mode in Windows (troubleshoot/windows-server/networking/disable-stealth-mode, KB 2586744: "For ports on which no application listens, the Stealth mode feature blocks the outgoing ... TCP reset messages"); Microsoft Learn, Stealth Mode in Windows Firewall with Advanced Security (Windows Server 2008, dd448557)',
    },
    {
      platform: 'freebsd',
      verified: false,
      reason: 'FreeBSD answers this SYN with RST+ACK by default, but net.inet.tcp.blackhole=1 or 2 drops a SYN to a closed port without a RST, so connect() waits as in connect/syn-dropped; on the current releases only for a SYN from another host unless net.inet.tcp.blackhole_local=1 as well (loopback is exempt by default)',
      source: 'blackhole(4) (FreeBSD 15.1: net.inet.tcp.blackhole 1: a SYN to a closed port is dropped, no RST; 2: any segment to a closed port; net.inet.tcp.blackhole_local: locally originated packets are still answered unless set); tcp(4) (blackhole); freebsd/freebsd-src sys/netinet/tcp_input.c tcp_input() (no inpcb for the segment: `(V_blackhole == 1 && (thflags & TH_SYN)) || V_blackhole == 2` drops it, else dropwithreset)',
    },
  ],
  wrongPeer: { role: 'server', mode: 'reserve-listens', why: 'a peer that listens on the "closed" port accepts the connection' },
});
