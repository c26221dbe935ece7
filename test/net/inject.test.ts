// inject.c against a real kernel, in a private namespace: two C agents joined by a real
// connection, our capture on the namespace's lo, and one crafted RST per test (RFC 5961 §3.2),
// over IPv4 and IPv6; and ICMP / ICMPv6 destination-unreachables quoting a connect's SYN.
import { execa } from 'execa';
import t from 'tap';
import type { Test } from 'tap';
import { AgentProcess } from '../../harness/channel/agent-process.ts';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';
import { prepareCapture } from '../../harness/capture/capture-binary.ts';
import { startCapture, type CaptureSession, type WaitResult } from '../../harness/capture/capture-session.ts';
import { decodeSegment, type RawSegment } from '../../harness/capture/decode-segment.ts';
import { formatSegments } from '../../harness/result/format-segment.ts';
import { labelSegments } from '../../harness/capture/label-segments.ts';
import { PcapReader } from '../../harness/capture/pcap-reader.ts';
import { injectSegment, prepareInject, type InjectedSegment } from '../../harness/net/inject-binary.ts';
import { createNamespace, type Namespace } from '../../harness/net/namespace.ts';
import type { RequestDraft } from '../../harness/protocol/messages.ts';
import type { AgentCommand } from '../../harness/adapters/adapter.ts';
import cAdapter from '../../runtimes/c/adapter.ts';

const HOST = '127.0.0.1';
const HOST6 = '::1';
/** An endpoint as the capture prints it (harness/capture/decode-segment.ts) and inject.c takes it. */
const endpoint = (host: string, port: number): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);
const MOD = 2 ** 32;
// The harness's deadline per agent request: the agents' own waits (2000 ms) answer first.
const DEADLINE_MS = 5000;
// Bound on waiting for a segment the kernel already sent: the capture reads its socket on its own schedule.
const SEGMENT_MS = 2000;

type Fields = Record<string, string | number | boolean>;

const linux = process.platform === 'linux';
const cacheDir = defaultCacheDir();

t.test('bad arguments exit 2 with the usage; nothing is sent', { skip: linux ? false : 'inject.c is Linux only' }, async (t) => {
  const built = await prepareInject(cacheDir);
  if (!built.ok) return t.fail(built.reason);
  const bad = [[], ['--src', '127.0.0.1:1'], ['--src', 'nohost:1', '--dst', '127.0.0.1:2', '--seq', '1', '--ack', '0', '--flags', 'R'],
    ['--src', '::1:1', '--dst', '[::1]:2', '--seq', '1', '--ack', '0', '--flags', 'R'],
    ['--src', '[::1]:1', '--dst', '127.0.0.1:2', '--seq', '1', '--ack', '0', '--flags', 'R'],
    ['--icmp', 'proto', '--src', '[::1]:1', '--dst', '[::1]:2', '--seq', '1', '--ack', '0', '--flags', 'S'],
    ['--src', '127.0.0.1:1', '--dst', '127.0.0.1:2', '--seq', '4294967296', '--ack', '0', '--flags', 'R'],
    ['--src', '127.0.0.1:1', '--dst', '127.0.0.1:2', '--seq', '1', '--ack', '0', '--flags', 'RX']];
  for (const args of bad) {
    const run = await execa(built.binary, args, { reject: false });
    t.equal(run.exitCode, 2, `inject ${args.join(' ')} exits 2`);
    t.match(String(run.stderr), /^inject: .*\nusage: inject --src/, 'with the reason and the usage');
    t.equal(String(run.stdout), '', 'and prints no "sent" line');
  }
});

const setup = async () => {
  if (!linux || process.getuid?.() !== 0) return { skip: 'needs root on Linux (a network namespace and CAP_NET_RAW)' };
  const capture = await prepareCapture(cacheDir);
  if (!capture.ok) return { skip: capture.reason };
  const c = await cAdapter.prepare({ cacheDir });
  if (!c.available) return { skip: c.reason };
  const ns = await createNamespace();
  if ('unavailable' in ns) return { skip: ns.reason };
  const inject = await prepareInject(cacheDir, ns.prefix);
  if (!inject.ok) {
    await ns.close();
    return { skip: inject.reason };
  }
  const nstat = (await execa('nstat', ['-V'], { reject: false })).exitCode === 0;
  return { injectBinary: inject.binary, captureBinary: capture.binary, agentCommand: c.command(), ns, nstat };
};

const env = await setup();
if ('skip' in env) {
  t.pass('injection in a namespace', { skip: env.skip });
} else {
  const { injectBinary, captureBinary, agentCommand, ns, nstat } = env;
  t.teardown(() => ns.close());
  registerTests(injectBinary, captureBinary, agentCommand, ns, nstat);
}

function registerTests(injectBinary: string, captureBinary: string, agentCommand: AgentCommand, ns: Namespace, nstat: boolean): void {
  const capture = async (t: Test): Promise<CaptureSession> => {
    const session = await startCapture({ binary: captureBinary, prefix: ns.prefix });
    if ('unavailable' in session) throw new Error(session.reason);
    t.teardown(() => session.stop().then(() => {}));
    return session;
  };

  const startAgent = async (t: Test, role: string): Promise<AgentProcess> => {
    const started = await AgentProcess.start({ role, runtime: 'c', command: agentCommand, prefix: ns.prefix });
    if ('trouble' in started) throw new Error(`${role}: ${started.trouble.message}`);
    t.teardown(() => started.agent.end().then(() => {}));
    return started.agent;
  };

  const inject = async (t: Test, seg: InjectedSegment): Promise<void> => {
    t.same(await injectSegment(injectBinary, ns.prefix, seg), { ok: true }, `inject ${seg.flags} seq ${seg.seq} to ${seg.dst}`);
  };

  /** A kernel counter inside the namespace; -s leaves nstat's history file (shared via /tmp) alone. */
  const counter = async (name: string): Promise<number> => {
    const run = await execa(ns.prefix[0]!, [...ns.prefix.slice(1), 'nstat', '-asz', name], { reject: false });
    const count = new RegExp(`^${name}\\s+(\\d+)`, 'm').exec(String(run.stdout));
    if (count === null) throw new Error(`nstat printed no ${name}: ${String(run.stdout)} ${String(run.stderr)}`);
    return Number(count[1]);
  };
  const challengeAcks = (): Promise<number> => counter('TcpExtTCPChallengeACK');

  /**
   * A server and a client agent with one connection between them, "hello" and "world" sent
   * and read. RCV.NXT is the client's, from the capture: the end of the server's last data.
   */
  const connection = async (t: Test, session: CaptureSession, host = HOST) => {
    const server = await startAgent(t, 'server');
    const client = await startAgent(t, 'client');
    const { port } = await value(server, { op: 'listen', as: 'l', host, port: 0 });
    const { localPort } = await value(client, { op: 'connect', as: 'c', host, port: port as number });
    await value(server, { op: 'accept', sock: 'l', as: 's' });
    await value(client, { op: 'send', sock: 'c', data: 'hello' });
    await value(server, { op: 'recvAll', sock: 's', bytes: 5 });
    await value(server, { op: 'send', sock: 's', data: 'world' });
    await value(client, { op: 'recvAll', sock: 'c', bytes: 5 });
    const serverEnd = endpoint(host, port as number);
    const clientEnd = endpoint(host, localPort as number);
    const data = found(await session.waitFor((s) => s.src === serverEnd && s.len > 0, SEGMENT_MS), "the server's data");
    const rcvNxt = (data.seq + data.len) % MOD;
    // The client's ACK of it, seen before any injection: so no delayed ACK can pass for a challenge ACK.
    const ack = found(await session.waitFor((s) => s.src === clientEnd && s.flags.includes('ACK') && s.ack === rcvNxt, SEGMENT_MS), "the client's ACK of it");
    return { server, client, serverPort: port as number, serverEnd, clientEnd, rcvNxt, sndNxt: ack.seq };
  };

  type Connection = Awaited<ReturnType<typeof connection>>;

  /** The RST toward the client, at `seq`; and, once the capture has it, the captured segment. */
  const resetClient = async (t: Test, session: CaptureSession, conn: Connection, seq: number) => {
    const seg: InjectedSegment = { src: conn.serverEnd, dst: conn.clientEnd, seq: seq % MOD, ack: 0, flags: 'R' };
    await inject(t, seg);
    return found(await session.waitFor((s) => s.src === seg.src && s.flags.join() === 'RST' && s.seq === seg.seq, SEGMENT_MS), 'the injected RST');
  };

  /** The round trip that proves a connection alive; its first data segment also ends the "nothing else" window. */
  const roundTrip = async (t: Test, conn: Connection): Promise<void> => {
    t.same(await value(conn.client, { op: 'state', sock: 'c' }), { state: 'ESTABLISHED' }, 'the client is still ESTABLISHED');
    await value(conn.client, { op: 'send', sock: 'c', data: 'still' });
    t.same(await value(conn.server, { op: 'recvAll', sock: 's', bytes: 5 }), { data: 'still', bytes: 5 }, 'the server reads what the client sends after the RST');
    await value(conn.server, { op: 'send', sock: 's', data: 'alive' });
    t.same(await value(conn.client, { op: 'recvAll', sock: 'c', bytes: 5 }), { data: 'alive', bytes: 5 }, 'and the client reads the answer');
  };

  /** The client's segments after `rst` and before its next data (none if it sent no data after). */
  const clientAnswers = (segments: RawSegment[], conn: Connection, rst: RawSegment): RawSegment[] => {
    const later = segments.slice(segments.indexOf(rst) + 1).filter((s) => s.src === conn.clientEnd);
    const nextData = later.findIndex((s) => s.len > 0);
    return nextData < 0 ? later : later.slice(0, nextData);
  };

  const show = (t: Test, segments: RawSegment[], conn: Connection): void => {
    t.comment(formatSegments(labelSegments(segments, [conn.serverPort])).join('\n'));
  };

  t.test('without CAP_NET_RAW injecting is unavailable (exit 77), with the reason', async (t) => {
    const drop = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all', '--'];
    const reason = /^inject: socket\(AF_INET, SOCK_RAW, IPPROTO_RAW\): Operation not permitted \(needs CAP_NET_RAW\)$/;
    t.match(await prepareInject(cacheDir, drop), { ok: false, reason }, 'the probe says so');
    const seg = { src: `${HOST}:1`, dst: `${HOST}:2`, seq: 1, ack: 0, flags: 'R' };
    t.match(await injectSegment(injectBinary, drop, seg), { ok: false, reason }, 'and so does an injection');
  });

  t.test('a RST at exactly RCV.NXT resets: the next recv is ECONNRESET, and nothing answers it', async (t) => {
    const session = await capture(t);
    const conn = await connection(t, session);
    const rst = await resetClient(t, session, conn, conn.rcvNxt);
    t.match(await ask(conn.client, { op: 'recv', sock: 'c', timeoutMs: 2000 }), { ok: false, error: { errno: 'ECONNRESET', syscall: 'recv' } },
      "the client's recv fails ECONNRESET");
    t.same(await value(conn.client, { op: 'state', sock: 'c' }), { state: 'CLOSE' }, 'the client socket is CLOSED');
    // The kernel handles the RST inside inject's sendto, so any answer was queued to the capture before stop drains it.
    const stopped = await session.stop();
    show(t, stopped.segments, conn);
    t.same(clientAnswers(stopped.segments, conn, rst), [], 'the client sent nothing after the RST (RFC 9293 §3.10.7.4)');
    const packet = capturedPacket(stopped.pcap, rst);
    t.same(headerFacts(packet), { version: 4, ipHeader: 20, totalLength: 40, ttl: 64, protocol: 6, tcpHeader: 20, ipSum: 0xffff, tcpSum: 0xffff },
      'the captured packet: IPv4, 40 bytes, no payload, TTL 64, both checksums right');
  });

  t.test('over IPv6 a RST at exactly RCV.NXT resets too: the packet has a 40-byte IPv6 header, hop limit 64, the TCP checksum over the IPv6 pseudo-header', async (t) => {
    const session = await capture(t);
    const conn = await connection(t, session, HOST6);
    const rst = await resetClient(t, session, conn, conn.rcvNxt);
    t.match(await ask(conn.client, { op: 'recv', sock: 'c', timeoutMs: 2000 }), { ok: false, error: { errno: 'ECONNRESET', syscall: 'recv' } },
      "the client's recv fails ECONNRESET");
    const stopped = await session.stop();
    show(t, stopped.segments, conn);
    t.same(clientAnswers(stopped.segments, conn, rst), [], 'the client sent nothing after the RST');
    t.same(headerFacts6(capturedPacket(stopped.pcap, rst)), { version: 6, payloadLength: 20, nextHeader: 6, hopLimit: 64, tcpHeader: 20, tcpSum: 0xffff },
      'the captured packet: IPv6, payload 20 bytes (TCP, no data), hop limit 64, the checksum right (RFC 8200 §8.1)');
  });

  t.test('a RST in window but not at RCV.NXT draws one challenge ACK; the connection survives (RFC 5961 §3.2)', async (t) => {
    const session = await capture(t);
    const conn = await connection(t, session);
    const before = nstat ? await challengeAcks() : 0;
    const rst = await resetClient(t, session, conn, conn.rcvNxt + 1000);
    const challenge = found(await session.waitFor((s) => clientAnswers(session.segments(), conn, rst).includes(s), SEGMENT_MS), 'a challenge ACK');
    t.match(challenge, { flags: ['ACK'], len: 0, seq: conn.sndNxt, ack: conn.rcvNxt }, "an ACK with no data, at the client's SND.NXT, acking RCV.NXT");
    t.comment(`challenge ACK ${(challenge.time - rst.time).toFixed(3)} ms after the RST (capture clock)`);
    if (nstat) {
      const after = await challengeAcks();
      t.comment(`TcpExtTCPChallengeACK ${before} -> ${after}`);
      t.equal(after - before, 1, 'TcpExtTCPChallengeACK went up by exactly 1');
    } else {
      t.pass('TcpExtTCPChallengeACK', { skip: 'nstat not found' });
    }
    await roundTrip(t, conn);
    const stopped = await session.stop();
    show(t, stopped.segments, conn);
    t.same(clientAnswers(stopped.segments, conn, rst), [challenge], 'the challenge ACK is the only segment the client sent before its next data');
  });

  t.test('a RST outside the window is dropped: no ACK, no reset', async (t) => {
    const session = await capture(t);
    const conn = await connection(t, session);
    const before = nstat ? await challengeAcks() : 0;
    const rst = await resetClient(t, session, conn, conn.rcvNxt + 2 ** 30);
    await roundTrip(t, conn);
    if (nstat) t.equal(await challengeAcks(), before, 'TcpExtTCPChallengeACK did not move');
    const stopped = await session.stop();
    show(t, stopped.segments, conn);
    t.same(clientAnswers(stopped.segments, conn, rst), [], 'the client sent nothing between the RST and its next data');
  });

  /**
   * A connect held in SYN_SENT: a firewall drops the SYNs to a listener's port (the next retransmission is 1 s away),
   * the connect's request pending until the test ends it; and the captured SYN, whose seq is SND.UNA.
   */
  const connecting = async (t: Test, session: CaptureSession, host: string) => {
    const server = await startAgent(t, 'server');
    const client = await startAgent(t, 'client');
    const { port } = await value(server, { op: 'listen', as: 'l', host, port: 0 });
    const rule = `table inet pkt { chain input { type filter hook input priority 0; policy accept; tcp dport ${String(port)} tcp flags & (syn | ack) == syn drop; }; }`;
    const nft = await execa(ns.prefix[0]!, [...ns.prefix.slice(1), 'nft', '-f', '-'], { input: rule, reject: false });
    if (nft.exitCode !== 0) throw new Error(`nft: ${String(nft.stderr)}`);
    t.teardown(() => execa(ns.prefix[0]!, [...ns.prefix.slice(1), 'nft', 'delete', 'table', 'inet', 'pkt'], { reject: false }).then(() => {}));
    const serverEnd = endpoint(host, port as number);
    const connect = ask(client, { op: 'connect', as: 'c', host, port: port as number, timeoutMs: 4000 });
    const syn = found(await session.waitFor((s) => s.dst === serverEnd && s.flags.join() === 'SYN', SEGMENT_MS), "the client's SYN");
    return { connect, syn, serverEnd, serverPort: port as number };
  };

  /** The ICMP error toward the client, quoting its SYN with seq moved by `offset`. */
  const unreachable = async (t: Test, syn: RawSegment, code: 'net' | 'host' | 'port' | 'admin', offset: number): Promise<void> => {
    const seg: InjectedSegment = { src: syn.src, dst: syn.dst, seq: (syn.seq + offset) % MOD, ack: syn.ack, flags: 'S', icmp: code };
    t.same(await injectSegment(injectBinary, ns.prefix, seg), { ok: true }, `ICMP ${code} unreachable quoting ${syn.src} > ${syn.dst} seq SND.UNA + ${offset}`);
  };

  // Linux icmp_err_convert[] (net/ipv4/icmp.c) and icmpv6_err_convert()'s tab_unreach[] (net/ipv6/icmp.c); a SYN_SENT socket takes it as fatal (tcp_v4_err(), tcp_v6_err()).
  const CODES: [string, string, 'net' | 'host' | 'port' | 'admin', string][] = [
    ['IPv4', HOST, 'port', 'ECONNREFUSED'], ['IPv4', HOST, 'net', 'ENETUNREACH'], ['IPv4', HOST, 'admin', 'EHOSTUNREACH'],
    ['IPv6', HOST6, 'port', 'ECONNREFUSED'], ['IPv6', HOST6, 'host', 'EHOSTUNREACH'], ['IPv6', HOST6, 'admin', 'EACCES'],
  ];
  for (const [family, host, code, errno] of CODES) {
    t.test(`${family}: an ICMP ${code} unreachable quoting the SYN ends a connect in SYN_SENT with ${errno}`, async (t) => {
      const session = await capture(t);
      const { connect, syn } = await connecting(t, session, host);
      await unreachable(t, syn, code, 0);
      t.match(await connect, { ok: false, error: { errno, syscall: 'connect' } }, `connect fails ${errno}`);
      const stopped = await session.stop();
      t.same(stopped.segments.filter((s) => s.src === syn.src).map((s) => s.flags.join()), ['SYN'], 'one SYN only: no retransmission, no RST');
    });
  }

  // RFC 5927 §4.1 and FreeBSD's tcp_ctlinput() take SND.UNA <= seq < SND.NXT; Linux's between() includes SND.NXT.
  t.test('IPv4: a quote at SND.NXT (SND.UNA + 1 in SYN_SENT) is in the window on Linux: the connect fails ECONNREFUSED, nothing counted out of window', async (t) => {
    const session = await capture(t);
    const { connect, syn } = await connecting(t, session, HOST);
    const before = await counter('TcpExtOutOfWindowIcmps');
    await unreachable(t, syn, 'port', 1);
    t.match(await connect, { ok: false, error: { errno: 'ECONNREFUSED', syscall: 'connect' } }, 'connect fails ECONNREFUSED');
    t.equal(await counter('TcpExtOutOfWindowIcmps'), before, 'TcpExtOutOfWindowIcmps did not move');
  });

  for (const [family, host] of [['IPv4', HOST], ['IPv6', HOST6]] as const) {
    t.test(`${family}: an ICMP quoting a seq outside SND.UNA..SND.NXT is ignored (OutOfWindowIcmps); the same ICMP quoting SND.UNA then ends the connect`, async (t) => {
      const session = await capture(t);
      const { connect, syn } = await connecting(t, session, host);
      const before = await counter('TcpExtOutOfWindowIcmps');
      // SND.NXT is SND.UNA + 1 in SYN_SENT and between() includes it: 2 is the first offset outside.
      await unreachable(t, syn, 'port', 2);
      t.equal(await counter('TcpExtOutOfWindowIcmps'), before + 1, 'TcpExtOutOfWindowIcmps went up by 1 (tcp_v4_err()/tcp_v6_err(): !between(seq, snd_una, snd_nxt))');
      const ss = await execa(ns.prefix[0]!, [...ns.prefix.slice(1), 'ss', '-Htn', 'state', 'syn-sent', 'dst', syn.dst], { reject: false });
      t.match(String(ss.stdout), /\S/, 'the socket is still in SYN-SENT');
      await unreachable(t, syn, 'port', 0);
      t.match(await connect, { ok: false, error: { errno: 'ECONNREFUSED', syscall: 'connect' } }, 'the right quote then fails it ECONNREFUSED');
      t.equal(await counter('TcpExtOutOfWindowIcmps'), before + 1, 'and is not counted out of window');
    });
  }
}

/** One request that must get a reply from the system under test (ok, error or unsupported). */
async function ask(agent: AgentProcess, fields: Fields) {
  const answer = await agent.request(fields as RequestDraft, DEADLINE_MS);
  if ('trouble' in answer) throw new Error(`${String(fields.op)}: ${answer.trouble}: ${answer.message}`);
  return answer.reply;
}

/** One request that must succeed: its value. */
async function value(agent: AgentProcess, fields: Fields): Promise<Record<string, unknown>> {
  const reply = await ask(agent, fields);
  if (reply.ok !== true) throw new Error(`${String(fields.op)} wanted ok, found ${JSON.stringify(reply)}`);
  return reply.value;
}

/** The segment a wait found; a timeout is a failure that lists what did arrive. */
function found(result: WaitResult, what: string): RawSegment {
  if ('found' in result) return result.found;
  const seen = result.seen.map((s) => `${s.src} > ${s.dst} [${s.flags.join(', ')}] seq ${s.seq} ack ${s.ack} len ${s.len}`);
  throw new Error(`no ${what} within ${SEGMENT_MS} ms${result.captureEnded ? ' (the capture ended)' : ''}; seen:\n${seen.join('\n')}`);
}

/** The raw bytes of the captured packet that decodes to `segment`. */
function capturedPacket(pcap: Buffer, segment: RawSegment): Buffer {
  const record = new PcapReader().push(pcap).find((r) => {
    const decoded = decodeSegment(r.data, r.timeMs, r.origLen);
    return decoded !== null && decoded.time === segment.time && decoded.seq === segment.seq && decoded.src === segment.src;
  });
  if (record === undefined) throw new Error('the injected segment is not in the pcap');
  return record.data;
}

/** The header fields inject.c sets, and each checksum's one's-complement sum (0xffff when right). */
function headerFacts(packet: Buffer) {
  const ipHeader = (packet[0]! & 0x0f) * 4;
  const tcp = packet.subarray(ipHeader);
  const pseudo = Buffer.alloc(12);
  packet.copy(pseudo, 0, 12, 20);
  pseudo[9] = 6;
  pseudo.writeUInt16BE(tcp.length, 10);
  return {
    version: packet[0]! >> 4, ipHeader, totalLength: packet.readUInt16BE(2), ttl: packet[8], protocol: packet[9],
    tcpHeader: (tcp[12]! >> 4) * 4, ipSum: onesSum(packet.subarray(0, ipHeader)), tcpSum: onesSum(Buffer.concat([pseudo, tcp])),
  };
}

/** The IPv6 header fields inject.c sets, and the TCP checksum's sum over the IPv6 pseudo-header (RFC 8200 §8.1). */
function headerFacts6(packet: Buffer) {
  const tcp = packet.subarray(40);
  const pseudo = Buffer.alloc(40);
  packet.copy(pseudo, 0, 8, 40);
  pseudo.writeUInt32BE(tcp.length, 32);
  pseudo[39] = 6;
  return {
    version: packet[0]! >> 4, payloadLength: packet.readUInt16BE(4), nextHeader: packet[6], hopLimit: packet[7],
    tcpHeader: (tcp[12]! >> 4) * 4, tcpSum: onesSum(Buffer.concat([pseudo, tcp])),
  };
}

/** RFC 1071: the folded 16-bit one's-complement sum. */
function onesSum(bytes: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 1 < bytes.length; i += 2) sum += bytes.readUInt16BE(i);
  if (bytes.length % 2 === 1) sum += bytes[bytes.length - 1]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}
