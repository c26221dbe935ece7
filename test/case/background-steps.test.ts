// A background agent step and the await of its reply: what the case format refuses, each a problem naming the step.
import t from 'tap';
import { validateCase, type CaseProblem } from '../../harness/case/validate-case.ts';

const LISTEN = { role: 'server', op: 'listen', as: 'l' };
const CONNECT = { role: 'client', op: 'connect', as: 'c', to: 'l', label: 'connects', background: true, expect: { ok: true } };
const AWAIT = { role: 'harness', op: 'await', reply: 'connects' };

const check = (steps: unknown[]): CaseProblem[] => {
  const r = validateCase({ description: 'a connect in flight', spec: ['RFC 9293 §3.10.7.3'], steps });
  return r.ok ? [] : r.problems;
};

t.test('a background step awaited later, with other agents and harness steps between, is valid', async (t) => {
  t.same(check([LISTEN, CONNECT, { role: 'server', op: 'accept', sock: 'l', as: 's' }, { role: 'harness', op: 'await', segment: { from: 'client', flags: ['SYN'] } }, AWAIT]), []);
});

t.test('a background step never awaited is an error naming it', async (t) => {
  const ps = check([LISTEN, CONNECT]);
  t.equal(ps.length, 1);
  t.equal(ps[0]?.key, 'steps[1].background');
  t.match(ps[0]?.message, /\("connects"\) runs in the background but no later step awaits its reply/);
});

t.test('an await of an unknown label, of a step after it, of a foreground step, or twice is an error', async (t) => {
  t.match(check([LISTEN, CONNECT, AWAIT, { ...AWAIT, reply: 'nobody' }])[0], { key: 'steps[3].reply', message: /awaits the reply to "nobody", but no step has that label/ });
  t.match(check([LISTEN, { ...AWAIT }, CONNECT, AWAIT])[0], { key: 'steps[1].reply', message: /steps\[2\] comes after the await/ });
  const { background: _b, ...foreground } = CONNECT;
  t.match(check([LISTEN, foreground, AWAIT])[0], { key: 'steps[2].reply', message: /steps\[1\] is not a background agent step/ });
  t.match(check([LISTEN, CONNECT, AWAIT, AWAIT])[0], { key: 'steps[3].reply', message: /its reply was awaited already/ });
});

t.test('two background steps on one agent, or any request to it while one is pending, is an error (one request at a time)', async (t) => {
  const second = { ...CONNECT, as: 'c2', label: 'connects again' };
  const ps = check([LISTEN, CONNECT, second, AWAIT, { ...AWAIT, reply: 'connects again' }]);
  t.equal(ps.length, 1);
  t.match(ps[0], { key: 'steps[2]', message: /is sent to the client agent while its background step steps\[1\] \("connects"\) awaits its reply: an agent serves one request at a time/ });
  t.match(check([LISTEN, CONNECT, { role: 'client', op: 'close', sock: 'c' }, AWAIT])[0], { key: 'steps[2]', message: /one request at a time/ });
});

t.test("a step on the background step's socket before the await is an error", async (t) => {
  const ps = check([LISTEN, CONNECT, { role: 'server', op: 'connect', as: 'x', to: 'c' }, AWAIT]);
  t.match(ps[0], { key: 'steps[2]', message: /uses socket "c" before the reply of the background step that makes it/ });
});

t.test('a background step needs a label; an await wants exactly one of segment and reply', async (t) => {
  const { label: _l, ...unlabelled } = CONNECT;
  t.match(check([LISTEN, unlabelled])[0], { key: 'steps[1].label', message: /runs in the background and needs a label/ });
  t.match(check([LISTEN, CONNECT, { ...AWAIT, segment: { from: 'client', flags: ['SYN'] } }])[0], { key: 'steps[2].segment', message: /exactly one of `segment`/ });
  t.match(check([LISTEN, { role: 'harness', op: 'await' }])[0], { key: 'steps[1].segment', message: /exactly one of `segment`/ });
});
