// A case that names its own address runs over that address's family only; the other family is a skip that says why.
import t from 'tap';
import type { LoadedCase } from '../../harness/case/case-types.ts';
import { familySkip, pinnedFamily } from '../../harness/engine/pinned-family.ts';

const kase = (host?: '127.0.0.1' | '::1'): LoadedCase => ({
  id: 'x/y', file: 'suites/x/y.ts', description: 'd', spec: ['s'],
  steps: [{ role: 'server', op: 'listen', as: 'l', ...(host ? { host } : {}) }, { role: 'client', op: 'connect', as: 'c', to: 'l' }],
});

t.test('a case without an address follows the run: both families run', async (t) => {
  t.equal(pinnedFamily(kase()), null);
  t.equal(familySkip(kase(), 'ipv4'), null);
  t.equal(familySkip(kase(), 'ipv6'), null);
});

t.test('host ::1 pins ipv6: ipv4 is a skip naming the address; ipv6 runs', async (t) => {
  t.same(pinnedFamily(kase('::1')), { family: 'ipv6', host: '::1' });
  t.equal(familySkip(kase('::1'), 'ipv6'), null);
  t.match(familySkip(kase('::1'), 'ipv4'), /pins ipv6 \(a step names host ::1\): it runs over ipv6 only, not ipv4/);
});

t.test('host 127.0.0.1 pins ipv4 (the negative control of the above: the family read from the address)', async (t) => {
  t.equal(familySkip(kase('127.0.0.1'), 'ipv4'), null);
  t.match(familySkip(kase('127.0.0.1'), 'ipv6'), /pins ipv4/);
});
