// lwIP (a second, independent TCP: Debian liblwip 2.1.3) as the server's TCP: the C agent built on its socket API, on a TAP device; the client is the kernel's.
import { execa } from 'execa';
import { access } from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileC, DEFAULT_C_FLAGS, type CompileResult } from '../../../toolchain/compile-c.ts';
import { defaultCacheDir } from '../../../toolchain/cache-dir.ts';
import { createNamespace } from '../../namespace.ts';
import type { LoadedCase } from '../../../case/case-types.ts';
import type { NetKind } from '../../net-kind.ts';
import { serverSideSkip } from '../server-side-skip.ts';
import { TWO_HOSTS } from '../../../case/family.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const AGENT_C = path.join(HERE, '..', '..', '..', '..', 'runtimes', 'c', 'agent.c');
const SHIM = path.join(HERE, 'lwip-shim.h');
const UP = path.join(HERE, 'lwip-up.c');
const LWIP_HEADER = '/usr/include/lwip/lwip/sockets.h';

// lwIP's end of the TAP link and the kernel's: the two-hosts topology's (RFC 5737, RFC 3849). lwIP is always given its
// IPv4 address (lwip-up.c brings nothing up without one); an IPv6 run adds the family's pair on top.
const { server: SERVER, client: CLIENT } = TWO_HOSTS.ipv4;
const V6 = TWO_HOSTS.ipv6;
const TAP = 'tap0';

let built: Promise<CompileResult> | null = null;
/** runtimes/c/agent.c with every socket call renamed to lwIP's (lwip-shim.h), linked with lwip-up.c and liblwip; built once. */
const buildAgent = (): Promise<CompileResult> => (built ??= compileC({
  source: AGENT_C, name: 'c-agent-lwip', cacheDir: defaultCacheDir(), includes: [SHIM, UP],
  flags: [...DEFAULT_C_FLAGS, '-Wno-unused-parameter', '-include', SHIM, '-I/usr/include/lwip', UP, '-llwip', '-lpthread'],
}));

const exists = (file: string, mode = constants.F_OK): Promise<boolean> => access(file, mode).then(() => true, () => false);

const FIREWALL = "the case firewalls the server's host, and the server's host is the lwIP process: it has no netfilter (the namespace's nft is the client kernel's, whose rules would act on the other end)";
const SOCKETS = "the case lists the server's sockets, and /proc/net/tcp shows only the kernel's: lwIP's are in the agent's memory (the listing would find none, whatever lwIP holds)";
const COUNTERS = "the case reads the server's TCP counters, and /proc/net/netstat counts the kernel's TCP (lwIP's own are compiled out: LWIP_STATS 0 in Debian's lwipopts.h)";
const PROCESS = "the case kills or stops the server's process, and lwIP's TCP lives in that process: nothing outlives it to close its sockets as the kernel does, and a stopped process stops its stack too";

// Cases where lwIP differs in a way the case's later steps cannot carry (they await or use what lwIP never makes), or races its 250 ms timer.
const CANNOT_CARRY: Record<string, string> = {
  'listen/shutdown-resets-queue': "lwIP refuses shutdown(SHUT_RD) on a listener with ENOTCONN and resets nothing (src/core/tcp.c tcp_shutdown(): LISTEN returns ERR_CONN; src/api/api_msg.c lwip_netconn_do_shutdown(): \"LISTEN doesn't support half shutdown\"), and a later accept() returns the queued connection (measured): the case's steps await resets that never come",
  'rst/reset-before-accept': "lwIP's accept() of a connection reset while queued fails ENOTCONN (src/api/api_lib.c netconn_accept(): a connection deallocated before its accept is ERR_CONN; measured), where Linux hands it over: the case's later steps read and write the accepted socket, which does not exist",
  'rst/challenge-ack-in-close-wait': "lwIP delays its ACK of the client's data to its next 250 ms fast timer (src/core/tcp.c tcp_fasttmr(): TF_ACK_DELAY; TCP_TMR_INTERVAL 250), so whether it reaches the client before or after the injected RST is a race: it came 50 ms after the RST in 1 of 5 runs, and the client's kernel, its connection gone, answered it with a RST inside the case's 50 ms of silence",
  'write/reset-after-unread-close': "lwIP delays its ACK of the client's bytes to its next 250 ms fast timer (src/core/tcp.c tcp_fasttmr(): TF_ACK_DELAY; TCP_TMR_INTERVAL 250), and the client's kernel sends them again meanwhile (a tail loss probe): the ACK came 425 ms after the bytes and they were on the wire twice in 11 of 20 runs (measured, --repeat 10, both families), where the case counts one",
  'rst/challenge-ack-in-window': "lwIP delays its ACK of the client's data to its next 250 ms fast timer (src/core/tcp.c tcp_fasttmr(): TF_ACK_DELAY; TCP_TMR_INTERVAL 250), so whether it reaches the client before or after the injected RST is a race: measured 17 ms after the RST, which the client's kernel, its connection gone, answers with a RST inside the case's 50 ms of silence",
};

/** What the lwip net cannot express, or null. */
const lwipSkip = (kase: LoadedCase, family: string): string | null => {
  if (CANNOT_CARRY[kase.id] !== undefined) return CANNOT_CARRY[kase.id]!;
  return serverSideSkip(kase, { firewall: FIREWALL, counters: COUNTERS, sockets: SOCKETS, process: PROCESS });
};

const lwip: NetKind = {
  name: 'lwip',
  summary: "lwIP 2.1.3 (Debian liblwip, src/core/tcp*.c) is the server's TCP: the C agent built on lwIP's socket API over a TAP device; the client is the host kernel's, at the TAP's other end",
  detect: async () => {
    if (process.getuid?.() !== 0) return 'the lwip net makes a TAP device in the case namespace and opens /dev/net/tun: run as root';
    if (!(await exists(LWIP_HEADER))) return 'lwIP not found: apt-get install liblwip-dev';
    if (!(await exists('/dev/net/tun', constants.R_OK | constants.W_OK))) return 'no /dev/net/tun (the TUN/TAP driver): modprobe tun';
    return null;
  },
  runtimes: { only: ['c'], reason: "the lwIP agent is runtimes/c/agent.c built on lwIP's socket API (lwip-shim.h); another runtime's sockets are its kernel's" },
  skip: lwipSkip,
  // One namespace: lwIP on the TAP device's far end (its own ARP, IP and TCP), the kernel at tap0; the capture sees tap0.
  createHosts: async ({ captureBinary, family }) => {
    const agent = await buildAgent();
    if (!agent.ok) return { unavailable: true, reason: `cannot build the lwIP agent: ${agent.reason}` };
    const ns = await createNamespace({ capture: captureBinary === null ? undefined : { binary: captureBinary, iface: 'any' } });
    if ('unavailable' in ns) return ns;
    const [file, ...rest] = [...ns.prefix, 'ip', '-batch', '-'];
    // IPv6 `nodad`, as the kernel net's hosts: the address is usable at once, no DAD for a first SYN to race.
    const v6 = family === 'ipv6' ? `addr add ${V6.client}/${V6.prefix} dev ${TAP} nodad\n` : '';
    const ip = await execa(file!, rest, { input: `tuntap add dev ${TAP} mode tap\naddr add ${CLIENT}/24 dev ${TAP}\n${v6}link set ${TAP} up\n`, reject: false });
    if (ip.exitCode !== 0) {
      await ns.close();
      return { unavailable: true, reason: `cannot make ${TAP}: ${String(ip.stderr).trim() || ip.shortMessage}` };
    }
    // The lwIP agent stands in for the C agent: the C agent's path, appended after it, is an argument it ignores.
    const lwipIp6 = family === 'ipv6' ? [`SOCKSPEC_LWIP_IP6=${V6.server}`] : [];
    const agentPrefix = [...ns.prefix, 'env', `PRECONFIGURED_TAPIF=${TAP}`, `SOCKSPEC_LWIP_IP4=${SERVER}`, ...lwipIp6, agent.binary];
    const [server, client] = family === 'ipv6' ? [V6.server, V6.client] : [SERVER, CLIENT];
    return {
      server: { prefix: ns.prefix, pid: ns.holderPid, address: server, iface: TAP, agentPrefix, holder: ns.capture },
      client: { prefix: ns.prefix, pid: ns.holderPid, address: client, iface: TAP, holder: ns.capture },
      capture: ns.capture,
      captureReason: ns.captureReason,
      // The TAP device and the namespace go with the holder: nothing named is left.
      close: ns.close,
    };
  },
};

export default lwip;
