import t from 'tap';
import type { LoadedCase, Variant } from '../../harness/case/case-types.ts';
import { planJobs, type RuntimePair } from '../../harness/engine/plan-jobs.ts';
import type { RoleRuntime } from '../../harness/engine/case-job.ts';

const rt = (name: string): RoleRuntime => ({ name, version: `${name} 1.0`, command: () => ({ file: name, args: [] }) });
const [c, node, deno] = [rt('c'), rt('node'), rt('deno')];
const same = (r: RoleRuntime): RuntimePair => ({ server: r, client: r });

const paused: Variant = { name: 'paused', description: 'd', runtimes: ['node'], options: { server: { pauseOnConnect: true } } };
const halfOpen: Variant = { name: 'halfOpen', description: 'd', runtimes: ['node', 'deno'], options: { client: { allowHalfOpen: true } } };
const kase = (id: string, variants?: Variant[]): LoadedCase => ({
  id, file: `suites/${id}.ts`, description: id, spec: ['s'], steps: [{ role: 'server', op: 'listen', as: 'l' }], ...(variants ? { variants } : {}),
});

/** "case [server:client variant]" per job, in order. */
const names = (cases: LoadedCase[], pairs: RuntimePair[]): string[] =>
  planJobs(cases, pairs).map((j) => `${j.kase.id} [${j.server.name}:${j.client.name}${j.variant ? ` ${j.variant.name}` : ''}]`);

t.test('each case on each pair, case order then pair order', async (t) => {
  t.same(names([kase('a'), kase('b')], [same(c), same(node)]), ['a [c:c]', 'a [node:node]', 'b [c:c]', 'b [node:node]']);
});

t.test('variants run only for the runtimes they name, right after the idiomatic run', async (t) => {
  const cases = [kase('v', [paused, halfOpen])];
  t.same(names(cases, [same(c), same(node), same(deno)]), [
    'v [c:c]',
    'v [node:node]', 'v [node:node paused]', 'v [node:node halfOpen]',
    'v [deno:deno]', 'v [deno:deno halfOpen]',
  ]);
});

t.test('a mixed pair runs a variant only where its runtime plays the role its options set', async (t) => {
  const cases = [kase('v', [paused, halfOpen])];
  // paused sets a server option (Node only); halfOpen a client option (Node or Deno).
  t.same(names(cases, [{ server: c, client: node }, { server: node, client: c }, { server: c, client: deno }, { server: node, client: deno }]), [
    'v [c:node]', 'v [c:node halfOpen]',
    'v [node:c]', 'v [node:c paused]',
    'v [c:deno]', 'v [c:deno halfOpen]',
    'v [node:deno]', 'v [node:deno paused]', 'v [node:deno halfOpen]',
  ]);
});

t.test('a program variant (another agent program) runs wherever its runtime plays either role', async (t) => {
  const api: Variant = { name: 'api', description: 'd', runtimes: ['deno'], options: {}, program: true };
  t.same(names([kase('v', [api])], [same(deno), { server: c, client: deno }, { server: deno, client: c }, same(c)]), [
    'v [deno:deno]', 'v [deno:deno api]', 'v [c:deno]', 'v [c:deno api]', 'v [deno:c]', 'v [deno:c api]', 'v [c:c]',
  ]);
});

t.test('the job carries the case, the variant and both runtimes themselves', async (t) => {
  const k = kase('v', [paused]);
  const [idiomatic, variant] = planJobs([k], [{ server: node, client: c }]);
  t.equal(idiomatic?.kase, k);
  t.equal(idiomatic?.variant, null);
  t.equal(variant?.variant, paused);
  t.equal(variant?.server, node);
  t.equal(variant?.client, c);
});

t.test('nothing to plan', async (t) => {
  t.same(planJobs([], [same(c)]), []);
  t.same(planJobs([kase('a')], []), []);
});

t.test('each run once per family, ipv4 then ipv6 beside each other; the default plans ipv4 only', async (t) => {
  const jobs = planJobs([kase('v', [paused])], [same(node)], ['ipv4', 'ipv6']);
  t.same(jobs.map((j) => `${j.variant?.name ?? '-'} ${j.family}`), ['- ipv4', '- ipv6', 'paused ipv4', 'paused ipv6']);
  t.same(planJobs([kase('a')], [same(c)], ['ipv6']).map((j) => j.family), ['ipv6']);
  t.same(planJobs([kase('a')], [same(c)]).map((j) => j.family), ['ipv4']);
});
