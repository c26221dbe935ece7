// The cases the gvisor net cannot express: their premise needs the server namespace's kernel to see the server's TCP.
import type { LoadedCase } from '../../../case/case-types.ts';
import { serverSideSkip } from '../server-side-skip.ts';

const FIREWALL = "the case firewalls the server's host, and the sandbox's segments bypass the namespace's netfilter: runsc reads and writes the veth through an AF_PACKET socket (runsc/sandbox/network.go createSocket()), tapped before ip_rcv()'s NF_INET_PRE_ROUTING (net/core/dev.c __netif_receive_skb_core()) and sent by dev_queue_xmit() (net/packet/af_packet.c packet_snd())";
const COUNTERS = "the case reads the server's TCP counters, and /proc/net/netstat in the server's namespace counts the kernel's TCP, not the sandbox's netstack (gVisor keeps its own, pkg/tcpip/stack Stats)";
const SOCKETS = "the case lists the server's sockets, and the namespace's /proc/net/tcp shows only the kernel's: the sandbox's are in its netstack (the listing would find none, whatever gVisor holds)";
const PROCESS = "the case kills or stops the server's process, and the harness holds runsc's, not the agent's (pid 1 in the sandbox); and the agent's sockets live in the sandbox's netstack, which ends with it: nothing outlives the process to close them as the kernel does";

/** Why the case cannot run with the server on gVisor, or null. */
export const gvisorSkip = (kase: LoadedCase): string | null => {
  return serverSideSkip(kase, { firewall: FIREWALL, counters: COUNTERS, sockets: SOCKETS, process: PROCESS });
};

// Cases whose verdict rests on loopback's synchronous delivery: one kernel processes a segment for
// the peer inside the sending call. With the server in the sandbox a segment reaches the other side
// 0.08-73 ms later (its netstack's goroutines, runsc's ptrace platform; measured here), so whether the
// next step sees it is a race the case cannot decide. Each with how often it lost, measured here.
const RACES: Record<string, string> = {
  'write/epipe-on-second-write': "the server's RST must arrive before the client's second send: it lost 7 of 10 runs",
  'write/reuse-after-peer-fin': "the server's RST must arrive before the client's next send: it lost 2 of 10 runs",
  'write/reset-after-unread-close': "the server's close RST must arrive before the client's send: it lost 1 of 11 runs",
  'close/unread-data-sends-rst': "the client's bytes must be in the server's receive queue when it closes (else a FIN, not a RST): they were not in 2 of 6 runs",
  'listen/close-with-pending-connection': "the client's handshake-completing ACK must be processed before the server closes its listener (else the ACK finds no listener and draws a bare RST at its ack, not the queued connection's RST+ACK): it lost 1 of 10 runs",
  'rst/challenge-ack-in-close-wait': "the server's FIN must be processed by the client's kernel before the socket listing (else the client is still ESTABLISHED, not CLOSE-WAIT): it lost 1 of 10 runs",
  'timeout/recv-timeout-sends-nothing': "the server's bytes must be in the client's receive queue when it closes (else a FIN, not a RST): they were not in 1 of 6 runs",
};

/** Why the case's outcome on the gvisor net is a race, or null. */
export const gvisorRace = (kase: LoadedCase): string | null => {
  const lost = RACES[kase.id];
  return lost === undefined ? null : `the case relies on loopback's synchronous delivery, and a segment from the sandbox's netstack arrives 0.08-73 ms after the call that made it (measured): ${lost}`;
};
