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
