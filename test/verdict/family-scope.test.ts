// The address family in the case model: a kernel layer that answers otherwise on one family (byFamily), and divergences scoped by `families`.
import t from 'tap';
import type { CaseInfo } from '../../harness/result/case-info.ts';
import type { Divergence, LoadedCase } from '../../harness/case/case-types.ts';
import { validateCase } from '../../harness/case/validate-case.ts';
import { validateEntry } from '../../harness/case/validate-expectations.ts';
import { applicableDivergences, divergencesOf, wireRulesOf, type RunIdentity } from '../../harness/verdict/applicable-divergences.ts';
import { familyLayerOf, kernelExpect, kernelWire } from '../../harness/verdict/family-layer.ts';
import { kernelLayer } from '../../harness/reference/kernel-layer.ts';
import { divergenceWho } from '../../harness/reference/describe-divergence.ts';
import { runtimeStatement } from '../../harness/reference/runtime-statement.ts';
import type { CaseResult } from '../../harness/result/case-result.ts';

const v4wire = [{ rule: 'absent' as const, segment: { from: 'server' as const, flags: ['RST'] }, why: 'no RST' }];
const v6wire = [{ rule: 'count' as const, segment: { from: 'client' as const, flags: ['SYN'] }, min: 1, why: 'a SYN' }];
const kase = (): LoadedCase => ({
  id: 'connect/x', file: 'x.ts', description: 'x', spec: ['x'],
  steps: [
    { role: 'server', op: 'listen', as: 'l' },
    { role: 'client', op: 'connect', as: 'c', to: 'l', label: 'connects', expect: { error: 'EHOSTUNREACH' } },
  ],
  wire: v4wire,
  byFamily: { ipv6: { reason: 'ICMPv6 admin prohibited is EACCES', source: 'net/ipv6/icmp.c icmpv6_err_convert()', steps: { connects: { error: 'EACCES' } }, wire: v6wire } },
  wrongNetwork: { skipStep: 'connects', why: 'x' },
});

t.test('a case states its kernel layer per family, checked at load', async (t) => {
  const { id: _id, file: _file, ...def } = kase();
  t.ok(validateCase(def).ok, 'byFamily with steps and wire');
  const bad = (byFamily: unknown): string[] => { const r = validateCase({ ...def, byFamily }); return r.ok ? [] : r.problems.map((p) => `${p.key}: ${p.message}`); };
  t.match(bad({ ipv6: { reason: 'x', source: 'x', steps: { connect: { error: 'EACCES' } } } }).join('\n'), /byFamily\.ipv6\.steps\.connect: No step is labelled "connect"/, 'a label no step has');
  t.match(bad({ ipv6: { reason: 'x', source: 'x' } }).join('\n'), /byFamily\.ipv6: .*changes nothing/, 'a layer that changes nothing');
  t.match(bad({ ipv5: { reason: 'x', source: 'x', wire: [] } }).join('\n'), /ipv5/, 'an unknown family');
  t.match(bad({ ipv6: { steps: { connects: { error: 'EACCES' } } } }).join('\n'), /reason/, 'no reason');
  t.match(bad({ ipv6: { reason: 'x', source: 'x', steps: { connects: { errno: 'EACCES' } } } }).join('\n'), /errno/, 'a step expectation in the closed format');
});

t.test('the family layer replaces the kernel layer on its family only', async (t) => {
  const k = kase();
  t.same(kernelExpect(k, 'ipv6', 'connects', { error: 'EHOSTUNREACH' }), { error: 'EACCES' });
  t.same(kernelExpect(k, 'ipv4', 'connects', { error: 'EHOSTUNREACH' }), { error: 'EHOSTUNREACH' });
  t.same(kernelExpect(k, undefined, 'connects', { error: 'EHOSTUNREACH' }), { error: 'EHOSTUNREACH' }, 'no family: the steps as written');
  t.same(kernelWire(k, 'ipv6'), v6wire);
  t.same(kernelWire(k, 'ipv4'), v4wire);
  t.same(wireRulesOf(k, [], 'ipv6'), { divergence: null, rules: v6wire });
  t.same(wireRulesOf(k, [], 'ipv4'), { divergence: null, rules: v4wire });
  const dWire = [{ rule: 'present' as const, segment: { from: 'server' as const, flags: ['RST'] }, why: 'y' }];
  const d: Divergence = { runtime: 'node', verified: true, reason: 'r', source: 's', wire: dWire };
  t.same(wireRulesOf(k, [d], 'ipv6').rules, dWire, "a runtime's divergence still replaces the wire");
  const noWire = { ...k, byFamily: { ipv6: { reason: 'x', source: 'x', steps: { connects: { error: 'EACCES' } } } } };
  t.same(kernelWire(noWire, 'ipv6'), v4wire, 'a layer without wire keeps the case\'s rules');
  t.equal(familyLayerOf(k, 'ipv4'), null);
});

t.test('a divergence scoped by families holds on those families only', async (t) => {
  const v6: Divergence = { runtime: 'java', role: 'client', families: ['ipv6'], verified: true, reason: 'v6 only', source: 'x' };
  const note: Divergence = { platform: 'linux', families: ['ipv4'], verified: false, reason: 'v4 note', source: 'y' };
  const always: Divergence = { runtime: 'java', verified: true, reason: 'always', source: 'z' };
  const who = (family?: string): RunIdentity => ({ server: 'java', client: 'java', variant: null, platform: 'linux', ...(family === undefined ? {} : { family }) });
  t.same(applicableDivergences([v6, note, always], who('ipv6')), [v6, always]);
  t.same(applicableDivergences([v6, note, always], who('ipv4')), [note, always]);
  t.same(applicableDivergences([v6, note, always], who()), [v6, note, always], 'no family given: every scope');
  const job = (family: string) => ({ kase: { divergences: [v6, always] }, variant: null, server: { name: 'java' }, client: { name: 'java' }, family });
  t.same(divergencesOf(job('ipv6'), 'linux'), [v6, always], "the job's family picks them");
  t.same(divergencesOf(job('ipv4'), 'linux'), [always]);
  t.match(divergenceWho(v6), /\*\*java\*\* over IPv6 as the client/, 'the reference names the scope');
});

t.test('families are checked where divergences are written', async (t) => {
  const { id: _id, file: _file, ...def } = kase();
  const r = validateCase({ ...def, divergences: [{ platform: 'darwin', families: ['ipv7'], verified: false, reason: 'x', source: 'x' }] });
  t.match(r.ok ? '' : r.problems.map((p) => p.key).join(' '), /divergences\[0\]\.families/, 'a platform note');
  t.ok(validateCase({ ...def, divergences: [{ platform: 'darwin', families: ['ipv6'], verified: false, reason: 'x', source: 'x' }] }).ok);
  const ctx = { cases: new Map([['connect/x', kase()]]), programs: [], checkIds: true };
  t.same(validateEntry('connect/x', { divergences: [{ role: 'client', families: ['ipv6'], verified: true, reason: 'x', source: 'x' }] }, ctx), []);
  t.match(validateEntry('connect/x', { divergences: [{ role: 'client', families: [], verified: true, reason: 'x', source: 'x' }] }, ctx).map((p) => p.key).join(' '), /families/, 'an empty list');
  t.match(validateEntry('connect/x', { divergences: [{ role: 'client', families: 'ipv6', verified: true, reason: 'x', source: 'x' }] }, ctx).map((p) => p.key).join(' '), /families/, 'not a list');
});

t.test('the reference states the family layer under what the kernel does', async (t) => {
  const k = kase();
  const info: CaseInfo = {
    id: k.id, description: k.description, spec: k.spec, tags: [], topology: 'loopback', wire: v4wire, divergences: [], variants: [],
    steps: [{ index: 1, label: 'l', role: 'server', op: 'listen' }, { index: 2, label: 'connects', role: 'client', op: 'connect', expect: { error: 'EHOSTUNREACH' } }],
    byFamily: k.byFamily,
  };
  const text = kernelLayer(info, [], 'linux', false).items.join('\n');
  t.match(text, /over IPv6, the kernel answers otherwise:\n {2}- step 2, \*connects\*: EACCES \(the steps above: EHOSTUNREACH\)/);
  t.match(text, /why: ICMPv6 admin prohibited is EACCES\n {2}- source: net\/ipv6\/icmp\.c icmpv6_err_convert\(\)/);
  t.notMatch(kernelLayer({ ...info, byFamily: undefined }, [], 'linux', false).items.join('\n'), /IPv6/, 'nothing without a layer');
});

t.test("the reference names a runtime's error by the family's expectation", async (t) => {
  const k = kase();
  const info: CaseInfo = {
    id: k.id, description: k.description, spec: k.spec, tags: [], topology: 'loopback', wire: v4wire, divergences: [], variants: [],
    steps: [{ index: 1, label: 'l', role: 'server', op: 'listen' }, { index: 2, label: 'connects', role: 'client', op: 'connect', expect: { error: 'EHOSTUNREACH' } }],
    byFamily: k.byFamily,
  };
  const result = (family: 'ipv4' | 'ipv6', errno: string, name: string) => ({
    id: k.id, runtime: 'python', variant: null, family, status: 'pass', steps: [{ index: 2, label: 'connects', error: { errno, name } }], failures: [],
  }) as unknown as CaseResult;
  t.equal(runtimeStatement(info, result('ipv6', 'EACCES', 'PermissionError'), 'linux').head, 'as the kernel layer (EACCES as PermissionError)');
  t.equal(runtimeStatement(info, result('ipv4', 'EHOSTUNREACH', 'OSError'), 'linux').head, 'as the kernel layer (EHOSTUNREACH as OSError)');
  t.equal(runtimeStatement(info, result('ipv4', 'EACCES', 'PermissionError'), 'linux').head, 'as the kernel layer', 'not the other family\'s');
});
