// The net dimension on the command line (issue 16): --net, --list-nets, a job per net, the point name, results.json, --failed; a real run on mptcp.
import t from 'tap';
import { parseCliArgs } from '../../harness/cli/parse-args.ts';
import { UsageError } from '../../harness/cli/exit-codes.ts';
import { listNets } from '../../harness/cli/list-nets.ts';
import { readFailed, runKey } from '../../harness/cli/rerun-failed.ts';
import { planJobs } from '../../harness/engine/plan-jobs.ts';
import { pointName } from '../../harness/result/point-name.ts';
import type { NetKind } from '../../harness/net/net-kind.ts';
import type { LoadedCase } from '../../harness/case/case-types.ts';
import { runCli } from '../helpers/run-cli.ts';

const usageError = (argv: string[]): string => {
  try {
    parseCliArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  return 'no error';
};

t.test('--net: kernel by default; known nets in the order given, each once; a typo names the closest', async (t) => {
  t.same(parseCliArgs([]).nets, ['kernel']);
  t.same(parseCliArgs(['--net', 'mptcp, kernel,mptcp']).nets, ['mptcp', 'kernel']);
  t.match(usageError(['--net', 'mptpc']), /^Unknown net `mptpc` in `--net`; known nets: kernel, mptcp.* \(--list-nets says which run here\)\. Did you mean `mptcp`\?$/);
  t.match(usageError(['--net', ',']), /^Expected `--net` to be one or more of kernel, mptcp/);
  t.equal(parseCliArgs(['--list-nets']).command, 'list-nets');
});

t.test('--list-nets: each net, whether it runs here and why not, and the runtimes a net takes', async (t) => {
  const here: NetKind = { name: 'here', summary: 'runs', detect: async () => null, createHosts: async () => ({ unavailable: true, reason: '' }) };
  const gone: NetKind = { ...here, name: 'gone', summary: 'does not', detect: async () => 'pasta not found: apt-get install passt', runtimes: { only: ['c'], reason: 'only C' } };
  const text = await listNets([here, gone]);
  t.match(text, /^here {2}ok {7}runs\ngone {2}missing {2}does not\n {6}not here: pasta not found: apt-get install passt\n {6}runtimes: c \(the others skip: only C\)\n$/);
  t.match(await listNets(), /^kernel +ok +the host kernel's TCP/m, 'the real registry: kernel runs anywhere');
});

t.test('a job per net, beside each family; a kernel job carries no net; the point name names any other', async (t) => {
  const kase = { id: 'g/a', file: 'a.ts', description: '', spec: [], steps: [], variants: [] } as unknown as LoadedCase;
  const rt = { name: 'c', version: '1', command: () => ({ file: 'x', args: [] }) as never };
  const jobs = planJobs([kase], [{ server: rt, client: rt }], ['ipv4', 'ipv6'], ['kernel', 'mptcp']);
  t.same(jobs.map((j) => `${j.net ?? '-'} ${j.family}`), ['- ipv4', '- ipv6', 'mptcp ipv4', 'mptcp ipv6']);
  t.same(planJobs([kase], [{ server: rt, client: rt }]).map((j) => 'net' in j), [false], 'the default: kernel, no net field');
  t.equal(pointName('close/x', 'c', null, 'ipv4', 'mptcp'), 'close/x [c, ipv4, mptcp]');
  t.equal(pointName('close/x', 'node', 'pauseOnConnect', 'ipv6', 'kernel'), 'close/x [node pauseOnConnect, ipv6]');
  t.equal(pointName('close/x', 'node', null, 'ipv6'), 'close/x [node, ipv6]');
});

t.test('--failed reruns each failure on its net (absent: kernel)', async (t) => {
  const results = [
    { id: 'close/a', runtime: 'c', variant: null, family: 'ipv4', net: 'mptcp', status: 'fail' },
    { id: 'close/a', runtime: 'c', variant: null, family: 'ipv4', status: 'pass' },
    { id: 'close/b', runtime: 'c', variant: null, family: 'ipv4', status: 'error' },
  ];
  const sel = await readFailed(t.testdir({ 'results.json': JSON.stringify({ results }) }));
  t.same([...sel.keys].sort(), [runKey('close/a', 'c', null, 'ipv4', 'mptcp'), runKey('close/b', 'c', null, 'ipv4')].sort());
  t.not(runKey('close/a', 'c', null, 'ipv4', 'mptcp'), runKey('close/a', 'c', null, 'ipv4'), 'the kernel run of the same case is another run');
  t.same(sel.nets, ['mptcp', 'kernel']);
});

t.test('a real run on kernel and mptcp: C on MPTCP sockets, the SYN carries MP_CAPABLE; Node skips with the reason', async (t) => {
  const out = t.testdir();
  const r = await runCli(['--runtime', 'c,node', '--net', 'kernel,mptcp', 'close/unread-data-sends-rst', 'write/epipe-on-second-write'], out);
  t.equal(r.exitCode, 0, r.stdout);
  const all = r.report?.results ?? [];
  // A net's divergence: on mptcp the second write succeeds (no RST comes back); on kernel, the control, it fails EPIPE as the case says.
  const epipe = all.filter((x) => x.id === 'write/epipe-on-second-write' && x.runtime === 'c').map((x) => `${x.name} ${x.status}`);
  t.same(epipe, ['write/epipe-on-second-write [c, ipv4] pass', 'write/epipe-on-second-write [c, ipv4, mptcp] divergence']);
  const results = all.filter((x) => x.variant === null && x.id === 'close/unread-data-sends-rst');
  t.same(results.map((x) => `${x.name} ${x.status}`), [
    'close/unread-data-sends-rst [c, ipv4] pass', 'close/unread-data-sends-rst [c, ipv4, mptcp] pass',
    'close/unread-data-sends-rst [node, ipv4] divergence', 'close/unread-data-sends-rst [node, ipv4, mptcp] skip',
  ]);
  t.same(r.report?.nets, ['kernel', 'mptcp']);
  const [kernel, mptcp] = results;
  t.equal(kernel?.net, undefined, 'a kernel result carries no net');
  t.equal(mptcp?.net, 'mptcp');
  const syn = (x: typeof kernel) => x?.capture.segments.find((s) => s.flags.join() === 'SYN');
  t.ok(syn(mptcp)?.options?.some((o) => o.name === 'mptcp' && o.subtype === 'capable' && o.version === 1), 'the client opened an MPTCP socket: MP_CAPABLE v1');
  // The control: the same case on the kernel net has no MPTCP option at all.
  t.notOk(syn(kernel)?.options?.some((o) => o.name === 'mptcp'), 'the kernel net\'s SYN has none');
  t.match(results[3]?.reason, /the mptcp net runs c, python, go, rust only: .*uv__socket\(domain, SOCK_STREAM, 0\)/);
  t.match(r.junit, /<testsuite name="sockspec \[c, ipv4, mptcp\]"[^]*?<property name="net" value="mptcp"\/>/, 'JUnit: a suite per net, its property');
  t.notMatch(r.junit, /<testsuite name="sockspec \[c, ipv4\]"[^>]*>\s*<properties>(?:(?!<\/properties>)[^])*name="net"/, 'the kernel suite has no net property');
  t.match(r.stdout, /ok \d+ - close\/unread-data-sends-rst \[c, ipv4, mptcp\]/, 'the TAP point name carries the net');
});
