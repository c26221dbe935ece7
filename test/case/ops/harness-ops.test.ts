// The registry of harness ops: one name each, each shape taking its own op only, each need one the
// engine knows, each op's words, and a README row for every op (the third part of adding one).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { HARNESS_OPS, harnessOp } from '../../../harness/case/ops/index.ts';
import type { HarnessOp } from '../../../harness/case/ops/harness-op.ts';
import type { CaseProblem } from '../../../harness/case/shape-checks.ts';
import { validateCase } from '../../../harness/case/validate-case.ts';
import { ROOT } from '../../helpers/run-cli.ts';

// The smallest valid step of each op: what the shapes must accept.
const MINIMAL: Record<string, Record<string, unknown>> = {
  sockets: { expect: { connection: 'absent' } },
  firewall: { host: 'server', chain: 'input', match: 'syn', action: 'drop' },
  link: { host: 'client', state: 'down' },
  kill: { target: 'server' },
  restart: { target: 'server' },
  freeze: { target: 'client' },
  thaw: { target: 'client' },
  inject: { to: 'client', flags: ['RST'], offset: 0 },
  icmp: { to: 'client', code: 'port', offset: 0 },
  counters: { host: 'server', names: ['TcpOutRsts'] },
  await: { segment: { from: 'server', flags: ['RST'] } },
  since: { segment: { from: 'client', flags: ['ACK'] }, ms: 500 },
};
const NEEDS = ['namespace', 'linux', 'capture', 'firewall', 'injector'];

const check = (op: HarnessOp, value: unknown): CaseProblem[] => {
  const out: CaseProblem[] = [];
  op.shape(value, 'step', out);
  return out;
};

/** Registered ops without a row (a first cell naming them in backticks) in the README's table of harness ops. */
const missingRows = (names: string[], readme: string): string[] => {
  const section = readme.slice(readme.indexOf('## Adding a case'), readme.indexOf('## Adding a runtime'));
  const firstCells = section.split('\n').filter((l) => l.startsWith('  | `')).map((l) => l.split('|')[1] ?? '');
  return names.filter((n) => !firstCells.some((cell) => cell.includes(`\`${n}\``)));
};

t.test('one op per name, each known by name', async (t) => {
  const names = HARNESS_OPS.map((op) => op.name);
  t.same(names, [...new Set(names)], 'no name twice');
  t.same(names.sort(), Object.keys(MINIMAL).sort());
  for (const op of HARNESS_OPS) t.equal(harnessOp(op.name), op);
  t.equal(harnessOp('listen'), undefined, 'an agent op is no harness op');
});

for (const op of HARNESS_OPS) {
  t.test(`${op.name}: its shape takes its own steps only; its needs are known; it has words`, async (t) => {
    const step = { role: 'harness', op: op.name, ...MINIMAL[op.name] };
    t.same(check(op, step), [], 'its smallest step');
    t.same(check(op, { ...step, label: 'named' }), [], 'with a label');
    t.match(check(op, { ...step, bogus: 1 }), [{ key: 'step.bogus', message: /^Unknown key `step\.bogus`; known keys: role, op, / }], 'an unknown key (negative control)');
    const other = HARNESS_OPS.find((o) => o !== op)!;
    t.ok(check(op, { ...step, op: other.name }).some((p) => p.key === 'step.op'), `the op ${other.name} is not its own`);
    t.same(Object.keys(op.needs).filter((n) => !NEEDS.includes(n)), [], 'needs the engine checks');
    t.match(op.words({ ...MINIMAL[op.name] }, (s) => `\`${s}\``), /\w/, 'words from its request');
    t.match(op.words({}, (s) => `\`${s}\``), /\w/, 'and from an empty one (an older results.json): never a throw');
  });
}

t.test('a case with a harness step of an unknown op names the ops there are, and the likely one', async (t) => {
  const r = validateCase({ description: 'd', spec: ['RFC 9293'], steps: [{ role: 'harness', op: 'kil', target: 'server' }] });
  t.notOk(r.ok);
  if (!r.ok) t.same(r.problems, [{ key: 'steps[0].op', message: `Expected \`steps[0].op\` to be one of the harness ops ${HARNESS_OPS.map((o) => o.name).join(', ')}, got \`"kil"\` (string). Did you mean \`kill\`?` }]);
});

t.test('every registered op has its row in the README', async (t) => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  t.same(missingRows(HARNESS_OPS.map((op) => op.name), readme), []);
  t.same(missingRows(['teleport'], readme), ['teleport'], 'negative control: an op without a row is named');
});

t.test('sockets: a state or several, a bound only with pace', async (t) => {
  const op = harnessOp('sockets')!;
  t.same(check(op, { role: 'harness', op: 'sockets', portOf: 'l1', expect: { serverState: ['FIN-WAIT-2', 'TIME-WAIT'] }, pace: true, timeoutMs: 1000 }), [], 'a paced wait for either state');
  t.match(check(op, { role: 'harness', op: 'sockets', expect: { serverState: 'TIME-WAIT' }, timeoutMs: 50 }), [{ key: 'step.timeoutMs', message: /goes with `pace: true`/ }], 'a bound without pace (negative control)');
  t.match(check(op, { role: 'harness', op: 'sockets', expect: { serverState: [] } }), [{ key: 'step.expect.serverState' }], 'no state at all (negative control)');
});

t.test('await: pace goes with a segment, never with a reply', async (t) => {
  const op = harnessOp('await')!;
  t.same(check(op, { role: 'harness', op: 'await', segment: { from: 'server', flags: ['RST'] }, pace: true }), [], 'a paced wire event');
  t.match(check(op, { role: 'harness', op: 'await', reply: 'client connects', pace: true }), [{ key: 'step.pace', message: /goes with `segment`/ }], 'a paced reply (negative control)');
  t.same(check(op, { role: 'harness', op: 'await', segment: { from: 'server', flags: ['RST'] }, pace: true, answering: { from: 'client', data: true } }), [], 'a paced answer to the client\'s data');
  t.match(check(op, { role: 'harness', op: 'await', segment: { from: 'server', flags: ['RST'] }, answering: { from: 'client', data: true } }), [{ key: 'step.answering', message: /goes with `pace: true`/ }], 'answering without pace (negative control)');
  t.same(check(op, { role: 'harness', op: 'await', segment: { from: 'client', data: true }, timerMs: 200 }), [], 'a retransmission awaited on the RTO');
  t.match(check(op, { role: 'harness', op: 'await', reply: 'client connects', timerMs: 200 }), [{ key: 'step.timerMs', message: /goes with `segment`/ }], 'a timer on a reply (negative control)');
});
