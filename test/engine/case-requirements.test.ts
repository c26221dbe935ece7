// What a case needs from the machine, from its steps: each unmet need is a skip reason carrying the probe's own reason.
import t from 'tap';
import type { HarnessStep, LoadedCase, Step } from '../../harness/case/case-types.ts';
import { unmetRequirement } from '../../harness/engine/case-requirements.ts';
import type { RunSettings } from '../../harness/engine/run-settings.ts';

const kase = (steps: Step[], more: Partial<LoadedCase> = {}): LoadedCase => ({
  id: 'group/behaviour', file: 'suites/group/behaviour.ts', description: 'a case', spec: ['RFC 9293'], steps, ...more,
});

// Everything available: a root Linux machine with a compiler and nftables.
const all: RunSettings = {
  isolation: true, isolationReason: '',
  captureBinary: '/cache/capture', captureReason: '',
  injectBinary: '/cache/inject', injectReason: '',
  firewallReason: null,
  stepTimeoutMs: 2000, caseTimeoutMs: 10000, platform: 'linux',
};
const noIsolation: RunSettings = { ...all, isolation: false, isolationReason: 'unshare: Operation not permitted' };
const noCapture: RunSettings = { ...all, captureBinary: null, captureReason: 'no wire capture: socket: Operation not permitted' };
const noNft: RunSettings = { ...all, firewallReason: 'nft cannot run here: nft: not found (install the nftables package)' };
const noInject: RunSettings = { ...all, injectBinary: null, injectReason: 'no C compiler (cc, gcc, clang)' };

const agentSteps: Step[] = [
  { role: 'server', op: 'listen', as: 'l' },
  { role: 'client', op: 'connect', as: 'c', to: 'l' },
];
const harness: Record<string, HarnessStep> = {
  firewall: { role: 'harness', op: 'firewall', host: 'server', chain: 'input', match: 'syn', action: 'drop' },
  link: { role: 'harness', op: 'link', host: 'client', state: 'down' },
  inject: { role: 'harness', op: 'inject', to: 'client', flags: ['RST'], offset: 0 },
  counters: { role: 'harness', op: 'counters', host: 'server', names: ['TcpExtTCPChallengeACK'] },
  await: { role: 'harness', op: 'await', segment: { from: 'server', flags: ['RST'] } },
  sockets: { role: 'harness', op: 'sockets', expect: { connection: 'absent' } },
  kill: { role: 'harness', op: 'kill', target: 'server' },
};
const withStep = (name: string): LoadedCase => kase([...agentSteps, harness[name]!]);
const isolationSkip = `needs a private network namespace: ${noIsolation.isolationReason}`;

t.test('a plain case needs nothing, wherever it runs', async (t) => {
  for (const s of [all, noIsolation, noCapture, noNft, noInject]) t.equal(unmetRequirement(kase(agentSteps), s), null);
  t.equal(unmetRequirement(withStep('sockets'), noIsolation), null, 'listing sockets works on the host too');
  t.equal(unmetRequirement(withStep('kill'), noIsolation), null, 'so does killing an agent');
});

t.test('everything available: every case can run', async (t) => {
  for (const name of Object.keys(harness)) t.equal(unmetRequirement(withStep(name), all), null, name);
  t.equal(unmetRequirement(kase(agentSteps, { topology: 'two-hosts', sysctls: { 'net.ipv4.tcp_syn_retries': 1 } }), all), null);
});

t.test('two hosts, sysctls, firewall, link, inject and counters need a namespace', async (t) => {
  t.equal(unmetRequirement(kase(agentSteps, { topology: 'two-hosts' }), noIsolation), isolationSkip, 'two-hosts');
  t.equal(unmetRequirement(kase(agentSteps, { topology: 'loopback' }), noIsolation), null, 'loopback does not');
  t.equal(unmetRequirement(kase(agentSteps, { sysctls: { 'net.ipv4.tcp_syn_retries': 1 } }), noIsolation), isolationSkip, 'sysctls');
  for (const name of ['firewall', 'link', 'inject', 'counters']) t.equal(unmetRequirement(withStep(name), noIsolation), isolationSkip, name);
});

t.test('inject and await need the capture', async (t) => {
  const wanted = `needs packet capture: ${noCapture.captureReason}`;
  t.equal(unmetRequirement(withStep('inject'), noCapture), wanted, 'inject');
  t.equal(unmetRequirement(withStep('await'), noCapture), wanted, 'await');
  for (const name of ['firewall', 'link', 'counters', 'sockets', 'kill']) t.equal(unmetRequirement(withStep(name), noCapture), null, `${name} does not`);
});

t.test('firewall needs nft: the probe\'s reason as it is', async (t) => {
  t.equal(unmetRequirement(withStep('firewall'), noNft), noNft.firewallReason);
  for (const name of ['link', 'inject', 'counters', 'await']) t.equal(unmetRequirement(withStep(name), noNft), null, `${name} does not`);
});

t.test('inject needs the inject binary', async (t) => {
  t.equal(unmetRequirement(withStep('inject'), noInject), `needs segment injection: ${noInject.injectReason}`);
  t.equal(unmetRequirement(withStep('await'), noInject), null, 'await does not');
});

t.test('the first unmet need is the one reported: namespace, then capture, then nft, then inject', async (t) => {
  const nothing: RunSettings = { ...noIsolation, captureBinary: null, captureReason: 'c', firewallReason: 'f', injectBinary: null, injectReason: 'i' };
  const everything = kase([...agentSteps, harness.firewall!, harness.inject!]);
  t.equal(unmetRequirement(everything, nothing), isolationSkip);
  t.equal(unmetRequirement(everything, { ...nothing, isolation: true }), 'needs packet capture: c');
  t.equal(unmetRequirement(everything, { ...nothing, isolation: true, captureBinary: '/x' }), 'f');
  t.equal(unmetRequirement(everything, { ...nothing, isolation: true, captureBinary: '/x', firewallReason: null }), 'needs segment injection: i');
});
