// inject.c against a real kernel, in a private namespace: two C agents joined by a real
// connection, our capture on the namespace's lo, and one crafted RST per test (RFC 5961 §3.2).
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

  /** TcpExtTCPChallengeACK inside the namespace; -s leaves nstat's history file (shared via /tmp) alone. */
  const challengeAcks = async (): Promise<number> => {
    const run = await execa(ns.prefix[0]!, [...ns.prefix.slice(1), 'nstat', '-asz', 'TcpExtTCPChallengeACK'], { reject: false });
    const count = /^TcpExtTCPChallengeACK\s+(\d+)/m.exec(String(run.stdout));
    if (count === null) throw new Error(`nstat printed no TcpExtTCPChallengeACK: ${String(run.stdout)} ${String(run.stderr)}`);
    return Number(count[1]);
  };

  /**
   * A server and a client agent with one connection between them, "hello" and "world" sent
   * and read. RCV.NXT is the client's, from the capture: the end of the server's last data.
   */
  const connection = async (t: Test, session: CaptureSession) => {
    const server = await startAgent(t, 'server');
    const client = await startAgent(t, 'client');
    const { port } = await value(server, { op: 'listen', as: 'l', host: HOST, port: 0 });
    const { localPort } = await value(client, { op: 'connect', as: 'c', host: HOST, port: port as number });
    await value(server, { op: 'accept', sock: 'l', as: 's' });
    await value(client, { op: 'send', sock: 'c', data: 'hello' });
    await value(server, { op: 'recvAll', sock: 's', bytes: 5 });
    await value(server, { op: 'send', sock: 's', data: 'world' });
    await value(client, { op: 'recvAll', sock: 'c', bytes: 5 });
    const serverEnd = `${HOST}:${String(port)}`;
    const clientEnd = `${HOST}:${String(localPort)}`;
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

/** RFC 1071: the folded 16-bit one's-complement sum. */
function onesSum(bytes: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 1 < bytes.length; i += 2) sum += bytes.readUInt16BE(i);
  if (bytes.length % 2 === 1) sum += bytes[bytes.length - 1]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}
