// Reads kernel counters (/proc/net/netstat, snmp) in a host's namespace; `delta` compares with the previous read there.
import { custom, integer, listOf, recordOf, shape, want, type Infer } from '../shape-checks.ts';
import { role, type Role } from '../format-pieces.ts';
import { broke, defineOp, done, held, opShape, the, trouble } from './harness-op.ts';

const counterName = custom<string>((v, k, out) => { if (typeof v !== 'string' || !/^[A-Za-z0-9]+$/.test(v)) want(out, k, 'a counter name such as TcpExtTCPChallengeACK', v); });
const shapeOf = opShape('counters', { host: role, names: listOf(counterName, true) }, { expect: shape({ delta: recordOf(integer) }) });
export type CountersStep = Infer<typeof shapeOf>;

/** What nstat shows, as evidence, and as an assertion on how much a counter moved (a challenge ACK was sent). */
export const counters = defineOp({
  name: 'counters',
  shape: shapeOf,
  needs: { namespace: true },
  async run(step, ctx) {
    const now = await ctx.machine.readCounters(step.host);
    const last = (ctx.memory.get('counters') as Map<Role, Record<string, number>> | undefined) ?? new Map<Role, Record<string, number>>();
    ctx.memory.set('counters', last);
    const before = last.get(step.host);
    last.set(step.host, now);
    const { record } = ctx;
    record.ok = true;
    record.value = Object.fromEntries(step.names.map((n) => [n, now[n] ?? null]));
    const unknown = step.names.filter((n) => now[n] === undefined);
    if (unknown.length > 0) return trouble(`this kernel has no counter ${unknown.join(', ')}`);
    if (step.expect === undefined) return done();
    if (before === undefined) return trouble(`a delta needs an earlier counters step on the ${step.host}`);
    const deltas = Object.fromEntries(Object.keys(step.expect.delta).map((n) => [n, (now[n] ?? 0) - (before[n] ?? 0)]));
    for (const [n, d] of Object.entries(deltas)) ctx.evidence[`${n} delta at ${record.label}`] = d;
    const wrong = Object.entries(step.expect.delta).filter(([n, d]) => deltas[n] !== d);
    record.wanted = Object.entries(step.expect.delta).map(([n, d]) => `${n} +${d}`).join(', ');
    record.verdict = wrong.length === 0 ? 'ok' : 'mismatch';
    return wrong.length === 0 ? held() : broke(record.wanted, Object.entries(deltas).map(([n, d]) => `${n} +${d}`).join(', '));
  },
  words: (r) => `the harness reads ${the(r.host)} host's counters ${Array.isArray(r.names) ? r.names.map(String).join(', ') : ''}`.trimEnd(),
});
