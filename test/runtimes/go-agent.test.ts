// The Go agent against the kernel, as runtimes/go/expectations.ts describes it: errors as Go shows
// them (the *net.OpError text, the errors.As / errors.Is target as the name) and Go's defaults
// (keep-alive on dialed and accepted connections, MPTCP listeners), each read from the kernel with
// ss(8) beside a contrast that must differ (keep-alive turned off, GODEBUG=multipathtcp=0).
import { existsSync, readFileSync } from 'node:fs';
import { execa } from 'execa';
import t from 'tap';
import adapter from '../../runtimes/go/adapter.ts';
import { AgentProcess, type Answer } from '../../harness/channel/agent-process.ts';
import type { RequestDraft, SocketError } from '../../harness/protocol/messages.ts';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';

const prepared = await adapter.prepare({ cacheDir: defaultCacheDir() });
const skip = prepared.available ? false : `go is not available: ${prepared.reason}`;
// A request on loopback answers in ms; the bound only turns a hung agent into a clear failure.
const DEADLINE_MS = 5000;
const hasSs = (await execa('ss', ['-V'], { reject: false })).exitCode === 0;
const MPTCP_SYSCTL = '/proc/sys/net/mptcp/enabled';
const mptcpOn = existsSync(MPTCP_SYSCTL) && readFileSync(MPTCP_SYSCTL, 'utf8').trim() === '1';

type Call = (fields: RequestDraft) => Promise<Record<string, unknown> | SocketError>;

/** A started Go agent (env added to its own) whose calls return the value or the error, ended at teardown. */
const goAgent = async (t: Pick<typeof import('tap').default, 'teardown'>, env: Record<string, string> = {}): Promise<Call> => {
  if (!prepared.available) throw new Error('go is not available');
  const command = { ...prepared.command(), env };
  const started = await AgentProcess.start({ role: 'test', runtime: 'go', command });
  if ('trouble' in started) throw new Error(`the go agent did not start: ${started.trouble.message}`);
  t.teardown(() => started.agent.end());
  return async (fields) => {
    const answer: Answer = await started.agent.request(fields, DEADLINE_MS);
    if ('trouble' in answer) throw new Error(`${fields.op}: ${answer.message}`);
    if ('error' in answer.reply) return answer.reply.error;
    if ('unsupported' in answer.reply) throw new Error(`${fields.op} unsupported: ${answer.reply.unsupported}`);
    return answer.reply.value;
  };
};

/** A listener, a dialed connection `c` and the accepted `s`; the listener's port. */
const connected = async (call: Call): Promise<number> => {
  const { port } = await call({ op: 'listen', as: 'l', host: '127.0.0.1' }) as { port: number };
  await call({ op: 'connect', as: 'c', host: '127.0.0.1', port });
  await call({ op: 'accept', sock: 'l', as: 's' });
  return port;
};

/** ss's lines for sockets on `port` (either end), with timers and ULP details (-e -i). */
const ssLines = async (args: string[], port: number): Promise<string> =>
  (await execa('ss', [...args, `( sport = :${port} or dport = :${port} )`])).stdout;

t.test('errors as Go shows them', { skip }, async (t) => {
  const call = await goAgent(t);
  const { port: closed } = await call({ op: 'reserve', as: 'gone', host: '127.0.0.1' }) as { port: number };
  t.match(await call({ op: 'connect', as: 'x', host: '127.0.0.1', port: closed }), {
    errno: 'ECONNREFUSED', name: 'syscall.ECONNREFUSED', synthesized: false, syscall: 'connect',
    message: `dial tcp 127.0.0.1:${closed}: connect: connection refused`,
  }, 'a refused dial: the syscall.Errno errors.As finds, the OpError text, the failing call');

  await connected(call);
  await call({ op: 'setopt', sock: 'c', name: 'rcvtimeo', value: 50 });
  t.match(await call({ op: 'recv', sock: 'c', blocking: true }), {
    errno: null, name: 'os.ErrDeadlineExceeded', synthesized: true, syscall: 'read', message: /^read tcp 127\.0\.0\.1:\d+->127\.0\.0\.1:\d+: i\/o timeout$/,
  }, 'an expired read deadline: no errno, made up by Go');
  await call({ op: 'send', sock: 's', data: 'x' });
  t.match(await call({ op: 'recv', sock: 'c', blocking: true }), { data: 'x' }, 'with data waiting the same read returns it (the contrast)');

  await call({ op: 'send', sock: 'c', data: 'unread' });
  await call({ op: 'recvAll', sock: 's', bytes: 0 });
  await call({ op: 'abort', sock: 's' });
  t.match(await call({ op: 'recv', sock: 'c' }), {
    errno: 'ECONNRESET', name: 'syscall.ECONNRESET', synthesized: false, syscall: 'read', message: /: read: connection reset by peer$/,
  }, 'a reset: the kernel\'s errno, as Go names it');
});

t.test('keep-alive is on for dialed and accepted connections (15 s), off once SetKeepAlive(false)', { skip: skip || (!hasSs && 'no ss here') }, async (t) => {
  const call = await goAgent(t);
  const port = await connected(call);
  const on = await ssLines(['-tnieH', 'state', 'established'], port);
  t.equal(on.match(/timer:\(keepalive,1[45]sec/g)?.length, 2, 'both ends carry a keep-alive timer of about 15 s', { found: on });
  await call({ op: 'setopt', sock: 'c', name: 'keepalive', value: false });
  await call({ op: 'setopt', sock: 's', name: 'keepalive', value: false });
  const off = await ssLines(['-tnieH', 'state', 'established'], port);
  t.notMatch(off, /keepalive/, 'turned off, no timer: ss tells the two apart', { found: off });
});

t.test('a listener is Multipath TCP where the kernel has it, plain TCP under GODEBUG=multipathtcp=0; connections stay TCP', { skip: skip || (!hasSs && 'no ss here') || (!mptcpOn && `${MPTCP_SYSCTL} is not 1`) }, async (t) => {
  const call = await goAgent(t);
  const port = await connected(call);
  t.match(await ssLines(['-MlnH'], port), `:${port}`, 'ss -M lists the Go listener (IPPROTO_MPTCP)');
  t.notMatch(await ssLines(['-tnieH', 'state', 'established'], port), /tcp-ulp-mptcp/, 'the dialed and accepted connections fell back to TCP');
  const plain = await goAgent(t, { GODEBUG: 'multipathtcp=0' });
  const { port: other } = await plain({ op: 'listen', as: 'l', host: '127.0.0.1' }) as { port: number };
  t.equal(await ssLines(['-MlnH'], other), '', 'GODEBUG=multipathtcp=0: no MPTCP listener (the contrast)');
  t.match(await ssLines(['-tlnH'], other), `:${other}`, 'but a TCP one');
});
