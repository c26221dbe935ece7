// The net dimension's interface: the registry, the kernel net's hosts, a net's runtimes, a net's divergences beside a runtime's.
import t from 'tap';
import { NETS, netNamed, netNames } from '../../harness/net/nets/index.ts';
import { netOf, netRuntimeSkip, type NetKind } from '../../harness/net/net-kind.ts';
import { hostsOnNet } from '../../harness/net/net-hosts.ts';
import { netSkip } from '../../harness/engine/net-skip.ts';
import { onNet } from '../../harness/engine/net-request.ts';
import { applicableDivergences, type RunIdentity } from '../../harness/verdict/applicable-divergences.ts';
import type { Divergence } from '../../harness/case/case-types.ts';
import type { Hosts } from '../../harness/net/hosts.ts';
import { netLayers } from '../../harness/net/net-expectations.ts';

t.test('the registry starts with kernel, whose detect says it can run', async (t) => {
  t.equal(NETS[0]!.name, 'kernel');
  t.same(netNames().slice(0, 1), ['kernel']);
  t.equal(await netNamed('kernel')!.detect(), null);
  t.equal(netNamed('nosuch'), undefined);
  t.equal(netOf({}), 'kernel', 'a result without net ran on kernel');
  t.equal(netOf({ net: 'mptcp' }), 'mptcp');
});

t.test("the kernel net's hosts are namespaces; an unknown net is unavailable", async (t) => {
  const made = await hostsOnNet(undefined, 'loopback', null, 'ipv4');
  if ('unavailable' in made) { t.fail(`no namespace here: ${made.reason}`); return; }
  t.equal(made.server.address, '127.0.0.1');
  t.equal(made.reach, undefined, 'the kernel net connects to the listener itself');
  await made.close();
  const none = await hostsOnNet('nosuch', 'loopback', null, 'ipv4');
  t.match(none, { unavailable: true, reason: /no net is named "nosuch"/ });
});

t.test("a net's runtimes: the others skip with its reason", async (t) => {
  const only: NetKind = { name: 'x', summary: 'x', detect: async () => null, createHosts: async () => ({ unavailable: true, reason: 'x' }), runtimes: { only: ['c'], reason: 'no API' } };
  t.equal(netRuntimeSkip(only, 'c'), null);
  t.match(netRuntimeSkip(only, 'node'), /the x net runs c only: no API/);
  const rt = (name: string) => ({ name, version: '', command: () => ({ file: '', args: [] }) as never });
  t.equal(netSkip({ server: rt('node'), client: rt('node') }), null, 'kernel takes every runtime');
  t.match(netSkip({ net: 'nosuch', server: rt('c'), client: rt('c') }), /no net is named/);
});

t.test("a request on a net: its fields merged, a connect sent where Hosts.reach says", async (t) => {
  const listen = await onNet({ op: 'listen', as: 'l', host: '127.0.0.1', port: 0 }, 'kernel', null);
  t.same(listen, { op: 'listen', as: 'l', host: '127.0.0.1', port: 0 }, 'kernel adds nothing');
  const reach: Hosts['reach'] = async (l) => (l.port === 1 ? { problem: 'no forward' } : { host: '10.0.2.2', port: l.port + 1000 });
  const hosts = { reach } as unknown as Hosts;
  t.same(await onNet({ op: 'connect', as: 'c', host: '192.0.2.1', port: 5000 }, 'kernel', hosts), { op: 'connect', as: 'c', host: '10.0.2.2', port: 6000 });
  t.match(await onNet({ op: 'connect', as: 'c', host: '192.0.2.1', port: 1 }, 'kernel', hosts), { problem: /cannot reach 192\.0\.2\.1 port 1: no forward/ });
  t.same(await onNet({ op: 'recv', sock: 'c' }, 'kernel', hosts), { op: 'recv', sock: 'c' }, 'other ops untouched');
});

t.test("a net's divergence holds on its net only and goes first", async (t) => {
  const netD: Divergence = { net: 'mptcp', verified: true, reason: 'n', source: 's', steps: { a: { ok: true } } } as Divergence;
  const rtD: Divergence = { runtime: 'c', role: 'both', verified: true, reason: 'r', source: 's', steps: { a: { error: 'EPIPE' } } } as Divergence;
  const scoped: Divergence = { runtime: 'c', role: 'both', nets: ['mptcp'], verified: true, reason: 'm', source: 's' } as Divergence;
  const who = (net?: string): RunIdentity => ({ server: 'c', client: 'c', variant: null, platform: 'linux', ...(net === undefined ? {} : { net }) });
  t.same(applicableDivergences([rtD, netD, scoped], who()).map((d) => d.reason), ['r'], 'kernel (absent): no net divergence, no scoped one');
  t.same(applicableDivergences([rtD, netD, scoped], who('kernel')).map((d) => d.reason), ['r']);
  t.same(applicableDivergences([rtD, netD, scoped], who('mptcp')).map((d) => d.reason), ['m', 'n', 'r'], "the runtime's scoped to the net, the net's, then the rest");
  t.same(applicableDivergences([rtD, scoped], who('mptcp')).map((d) => d.reason), ['m', 'r'], 'without a net divergence a runtime\'s holds on every net, the scoped one first');
  t.same(applicableDivergences([rtD, netD], who('pasta')).map((d) => d.reason), ['r'], "another net's does not hold");
  t.same(applicableDivergences([netD], { ...who('mptcp'), variant: 'v', variantRuntimes: ['c'] }).map((d) => d.reason), ['n'], 'every variant');
});

t.test("the first divergence that sets a step wins: a runtime's scoped to the net, the net's, then the others", async (t) => {
  const netD = { net: 'mptcp', verified: true, reason: 'n', source: 's', steps: { a: { ok: true } } } as Divergence;
  const kernelOnly = { runtime: 'python', role: 'both', verified: true, reason: 'k', source: 's', steps: { a: { error: 'EPIPE' }, b: { error: 'EPIPE' } } } as Divergence;
  const scoped = { runtime: 'python', role: 'both', nets: ['mptcp'], verified: true, reason: 'm', source: 's', steps: { b: { eof: true } } } as Divergence;
  const who = (net: string): RunIdentity => ({ server: 'python', client: 'python', variant: null, platform: 'linux', net });
  const on = (net: string, label: string) => applicableDivergences([kernelOnly, scoped, netD], who(net)).find((d) => d.steps?.[label] !== undefined)?.reason;
  t.equal(on('mptcp', 'a'), 'n', "step a: the net's");
  t.equal(on('mptcp', 'b'), 'm', "step b: the runtime's own on that net, before its kernel-premise one");
  const first = { ...scoped, steps: { a: { error: 'ECONNRESET' } } } as Divergence;
  t.equal(applicableDivergences([netD, first], who('mptcp')).find((d) => d.steps?.a !== undefined)?.reason, 'm', "a runtime's own on the net before the net's");
  t.equal(on('kernel', 'a'), 'k', 'the control: on kernel the runtime\'s');
  t.equal(on('kernel', 'b'), 'k');
});

t.test("every net's expectations file loads and validates as a runtime's", async (t) => {
  const { layers, errors } = await netLayers();
  t.same(errors, []);
  for (const l of layers) t.ok(l.net !== undefined && NETS.some((n) => n.name === l.net), `${l.expectations?.file} belongs to a net`);
});

t.test("the reference says a runtime divergence's net", async (t) => {
  const { divergenceWho } = await import('../../harness/reference/describe-divergence.ts');
  const d = { runtime: 'go', role: 'client', verified: true, reason: 'r', source: 's' } as Divergence;
  t.equal(divergenceWho({ ...d, nets: ['mptcp'] }), '**go** on the mptcp net, as the client');
  t.notMatch(divergenceWho(d), /net/, 'the control: no nets, no net named');
});
