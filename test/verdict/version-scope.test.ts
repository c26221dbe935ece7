// A divergence scoped to runtime versions: the range's check at load, and which run it applies to.
import t from 'tap';
import type { Divergence, LoadedCase } from '../../harness/case/case-types.ts';
import { mergeExpectations } from '../../harness/case/merge-expectations.ts';
import { describeVersionRange, inVersionRange, versionNumbers, versionRange } from '../../harness/case/version-range.ts';
import type { CaseProblem } from '../../harness/case/shape-checks.ts';
import { applicableDivergences, divergencesOf, type RunIdentity } from '../../harness/verdict/applicable-divergences.ts';
import { divergenceWho } from '../../harness/reference/describe-divergence.ts';

const problems = (v: unknown): string[] => {
  const out: CaseProblem[] = [];
  versionRange(v, 'versions', out);
  return out.map((p) => p.message);
};

t.test('a version is read from what a runtime reports', async (t) => {
  t.same(versionNumbers('v22.23.3'), [22, 23, 3]);
  t.same(versionNumbers('17.0.2+8 (ours)'), [17, 0, 2]);
  t.same(versionNumbers(''), null);
  t.same(versionNumbers('unknown'), null);
});

t.test('from is inclusive, below exclusive, missing parts are 0', async (t) => {
  t.ok(inVersionRange({ below: '24' }, 'v22.23.3'));
  t.ok(inVersionRange({ below: '24' }, 'v23.99.99'));
  t.notOk(inVersionRange({ below: '24' }, 'v24.0.0'), '24.0.0 is not below 24');
  t.notOk(inVersionRange({ below: '24' }, 'v24.22.3'));
  t.ok(inVersionRange({ from: '22.5' }, 'v22.5.0'), '22.5 is 22.5.0: from is inclusive');
  t.notOk(inVersionRange({ from: '22.5' }, 'v22.4.9'));
  t.ok(inVersionRange({ from: '20', below: '22.10' }, 'v22.9.1'));
  t.notOk(inVersionRange({ from: '20', below: '22.10' }, 'v22.10.0'));
  t.notOk(inVersionRange({ below: '24' }, ''), 'an unknown version is in no range');
  t.equal(describeVersionRange({ below: '24' }), 'before 24');
  t.equal(describeVersionRange({ from: '22' }), '22 and later');
  t.equal(describeVersionRange({ from: '20', below: '24' }), '20 to before 24');
});

t.test('a bad range: the key, what was wanted, and the closest valid form', async (t) => {
  t.same(problems({ below: '24' }), []);
  t.same(problems({ from: '20.1.2', below: '24' }), []);
  t.match(problems('<24'), [/^Expected `versions` to be \{ from\?, below\? \}.*got `"<24"` \(string\); did you mean \{ below: '24' \}\?$/]);
  t.match(problems('>=22'), [/did you mean \{ from: '22' \}\?$/]);
  t.match(problems({}), [/^Expected `versions` to be \{ from\?, below\? \} with at least one version number/]);
  t.same(problems({ below: 24 }), ["Expected `versions.below` to be a version number such as '24', '22.5' or '22.5.1', got `24` (number)"]);
  t.match(problems({ below: 'v24' }), [/`versions\.below`.*got `"v24"`/]);
  t.match(problems({ upto: '24' }), ['Unknown key `versions.upto`; known keys: from, below']);
  t.same(problems({ from: '24', below: '22' }), ['Expected `versions.from` (24) to be below `versions.below` (22): the range holds no version']);
  t.same(problems({ from: '24', below: '24.0' }).length, 1, 'an empty range is refused');
});

const d = (fields: Partial<Divergence>): Divergence => ({ verified: true, reason: JSON.stringify(fields), source: 's', ...fields });
const old = d({ runtime: 'node', role: 'client', versions: { below: '24' } });
const newer = d({ runtime: 'node', role: 'client', versions: { from: '24' } });
const always = d({ runtime: 'node', role: 'client' });
const who = (fields: Partial<RunIdentity>): RunIdentity => ({ server: 'c', client: 'node', variant: null, platform: 'linux', ...fields });

t.test('a scoped divergence applies to the role\'s runtime in its versions only', async (t) => {
  const all = [old, newer, always];
  t.same(applicableDivergences(all, who({ clientVersion: 'v20.20.2' })), [old, always]);
  t.same(applicableDivergences(all, who({ clientVersion: 'v22.23.3' })), [old, always]);
  t.same(applicableDivergences(all, who({ clientVersion: 'v24.22.3' })), [newer, always]);
  t.same(applicableDivergences(all, who({ clientVersion: 'v24.22.3', serverVersion: 'v20.20.2' })), [newer, always],
    'the version of the role the divergence names: the server\'s is not looked at');
  t.same(applicableDivergences(all, who({ clientVersion: '' })), [always], 'an unknown version: only the unscoped');
  t.same(applicableDivergences(all, who({})), all, 'no version given (the reference): every scope');
  const both = d({ runtime: 'node', role: 'both', versions: { below: '24' } });
  t.same(applicableDivergences([both], who({ server: 'node', serverVersion: 'v22.23.3', clientVersion: 'v22.23.3' })), [both]);
  t.same(applicableDivergences([both], who({ server: 'node', serverVersion: 'v22.23.3', clientVersion: 'v24.22.3' })), [], "'both': both versions in range");
});

t.test('a scheduled run carries its runtimes\' versions', async (t) => {
  const job = (version: string) => ({ kase: { divergences: [old, always] }, variant: null, server: { name: 'c', version: '12' }, client: { name: 'node', version } });
  t.same(divergencesOf(job('v22.23.3'), 'linux'), [old, always]);
  t.same(divergencesOf(job('v24.22.3'), 'linux'), [always]);
});

t.test('the reference says the scope', async (t) => {
  t.equal(divergenceWho(old), '**node** (versions before 24) as the client');
  t.equal(divergenceWho(always), '**node** as the client');
});

t.test('a bad range in an expectations file is a load error naming the file and the key', async (t) => {
  const kase: LoadedCase = { id: 'g/a', file: 'suites/g/a.ts', description: 'a', spec: ['s'], steps: [{ role: 'server', op: 'listen', as: 'l', label: 'listens' }] };
  const div = { role: 'client' as const, verified: true, reason: 'r', source: 's', steps: { listens: { ok: true } } };
  const layer = (versions: unknown) => ({ runtime: 'node', programs: [], expectations: { runtime: 'node', file: 'runtimes/node/expectations.ts', cases: { 'g/a': { divergences: [{ ...div, versions } as never] } } } });
  const good = mergeExpectations([kase], [layer({ below: '24' })], true);
  t.same(good.errors, []);
  t.same(good.cases[0]!.divergences?.[0]?.versions, { below: '24' });
  const bad = mergeExpectations([kase], [layer('<24')], true);
  t.same(bad.cases[0]!.divergences ?? [], [], 'the bad entry is left out');
  t.match(bad.errors, [{ file: 'runtimes/node/expectations.ts', message: /^runtimes\/node\/expectations\.ts: Expected `\['g\/a'\]\.divergences\[0\]\.versions` to be .*did you mean \{ below: '24' \}\?$/ }]);
});
