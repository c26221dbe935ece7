// How each op runs over the machine the engine lends it: what it asks of the machine, what it records,
// and what it answers. The machine here records calls and answers as told; the real one is exercised
// by test/engine/harness-step.test.ts and by the suites themselves.
import t from 'tap';
import { HARNESS_OPS, harnessOp } from '../../../harness/case/ops/index.ts';
import type { Machine, OpContext, OpOutcome, WireSegment } from '../../../harness/case/ops/harness-op.ts';
import type { HarnessStep } from '../../../harness/case/case-types.ts';

const C = '10.0.0.2:40000';
const S = '10.0.0.1:5000';
const seg = (from: 'client' | 'server', flags: string[], seq: number, ack = 0, len = 0, time = 0): WireSegment =>
  ({ from, src: from === 'client' ? C : S, dst: from === 'client' ? S : C, flags, seq, ack, len, time });
// Handshake (ISNs 1000 and 9000), then 5 bytes from the client.
const HANDSHAKE = [seg('client', ['SYN'], 1000), seg('server', ['SYN', 'ACK'], 9000, 1001), seg('client', ['ACK'], 1001, 9001), seg('client', ['PSH', 'ACK'], 1001, 9001, 5)];

/** A machine that records each call and answers from `answers` (or succeeds). */
const recording = (answers: Partial<Machine> = {}, segments: WireSegment[] = []) => {
  const calls: unknown[][] = [];
  const note = <A extends unknown[], R>(name: string, answer: (...a: A) => R) => (...a: A): R => { calls.push([name, ...a]); return answer(...a); };
  const machine: Machine = {
    listSockets: note('listSockets', answers.listSockets ?? (async () => ({ ok: true as const, sockets: [] }))),
    loadFirewall: note('loadFirewall', answers.loadFirewall ?? (async () => null)),
    setLink: note('setLink', answers.setLink ?? (async () => null)),
    kill: note('kill', answers.kill ?? (async () => null)),
    freeze: note('freeze', answers.freeze ?? (async () => null)),
    restart: note('restart', answers.restart ?? (async () => ({ pid: 4242 }))),
    readCounters: note('readCounters', answers.readCounters ?? (async () => ({}))),
    inject: note('inject', answers.inject ?? (async () => ({ ok: true as const }))),
    wire: answers.wire === undefined ? {
      segments: () => segments,
      // Only `since` asks for matches here: a pattern's from and flags are enough for its tests.
      matching: (p) => segments.filter((s) => s.from === p.from && (p.flags ?? []).every((f) => s.flags.includes(f))),
      sync: note('sync', async () => true),
      waitFor: note('waitFor', async () => true),
      describe: (p) => `${p.from} [${(p.flags ?? []).join(', ')}]`,
    } : answers.wire,
  };
  return { machine, calls };
};

const contextFor = (machine: Machine, more: Partial<OpContext> = {}): OpContext => ({
  record: { label: 'the step', request: {}, ok: null }, stepTimeoutMs: 2000, serverPorts: [5000], portOf: (name) => (name === 'l' ? 5000 : undefined),
  evidence: {}, memory: new Map(), previousStepMark: 0, within: (ms) => ms, machine, ...more,
});

const run = (step: HarnessStep, ctx: OpContext): Promise<OpOutcome> => harnessOp(step.op)!.run(step, ctx);

t.test('firewall: one table per rule, numbered in the case; portOf becomes the port', async (t) => {
  const { machine, calls } = recording();
  const ctx = contextFor(machine);
  t.same(await run({ role: 'harness', op: 'firewall', host: 'server', chain: 'input', match: 'syn', action: 'drop', portOf: 'l' }, ctx), { kind: 'done' });
  t.same(await run({ role: 'harness', op: 'firewall', host: 'client', chain: 'output', match: 'tcp', action: 'reject-tcp-reset' }, ctx), { kind: 'done' });
  t.match(calls, [['loadFirewall', 'server', /table inet sockspec0 [^]*tcp flags & \(syn \| ack\) == syn tcp dport 5000 drop/], ['loadFirewall', 'client', /table inet sockspec1 [^]*hook output[^]*meta l4proto tcp reject with tcp reset/]]);
  t.match(ctx.record, { ok: true, request: { port: 5000 } });
  const early = await run({ role: 'harness', op: 'firewall', host: 'server', chain: 'input', match: 'syn', action: 'drop', portOf: 'x' }, contextFor(machine));
  t.same(early, { kind: 'trouble', trouble: 'error', message: '`portOf` names "x", which has no port yet' });
  const refused = recording({ loadFirewall: async () => 'nft: syntax error' });
  const rctx = contextFor(refused.machine);
  t.same(await run({ role: 'harness', op: 'firewall', host: 'server', chain: 'input', match: 'syn', action: 'drop' }, rctx), { kind: 'trouble', trouble: 'error', message: 'nft: syntax error' });
  t.equal(rctx.record.ok, false);
});

t.test('sockets: the connection absent, or a role in a state; otherwise what there is', async (t) => {
  const listed = recording({ listSockets: async () => ({ ok: true, sockets: [
    { state: 'LISTEN', local: '127.0.0.1:5000', peer: '0.0.0.0:*', localPort: 5000, peerPort: 0 },
    { state: 'TIME-WAIT', local: '127.0.0.1:40000', peer: '127.0.0.1:5000', localPort: 40000, peerPort: 5000 },
  ] }) });
  const absent = contextFor(listed.machine);
  t.same(await run({ role: 'harness', op: 'sockets', expect: { connection: 'absent' } }, absent), { kind: 'checked', failure: { wanted: 'no socket left on the connection (only the listener)', found: 'TIME-WAIT 127.0.0.1:40000 → 127.0.0.1:5000' } });
  t.match(absent.record, { ok: true, verdict: 'mismatch', value: { sockets: ['TIME-WAIT 127.0.0.1:40000 127.0.0.1:5000'] } });
  const client = contextFor(listed.machine);
  t.same(await run({ role: 'harness', op: 'sockets', expect: { clientState: 'TIME-WAIT' } }, client), { kind: 'checked', failure: null });
  t.equal(client.record.wanted, 'the client socket in TIME-WAIT');
  t.same((await run({ role: 'harness', op: 'sockets', expect: { serverState: 'TIME-WAIT' } }, contextFor(listed.machine))).kind, 'checked');
  t.match(await run({ role: 'harness', op: 'sockets', expect: { serverState: 'TIME-WAIT' } }, contextFor(listed.machine)), { failure: { wanted: 'the server socket in TIME-WAIT' } }, 'the client\'s TIME-WAIT is not the server\'s');
  const unreadable = recording({ listSockets: async () => ({ ok: false, reason: 'cannot read the TCP table' }) });
  t.same(await run({ role: 'harness', op: 'sockets', expect: { connection: 'absent' } }, contextFor(unreadable.machine)), { kind: 'trouble', trouble: 'error', message: 'cannot read the TCP table' });
});

t.test('sockets: several states; portOf narrows to one listener\'s connections; pace reads until it holds or the bound', async (t) => {
  // The server's socket on port 5000 leaves FIN-WAIT-1 at the third reading; an older connection on 5001 is in TIME-WAIT.
  let reads = 0;
  const changing = recording({ listSockets: async () => {
    reads += 1;
    return { ok: true, sockets: [
      { state: reads < 3 ? 'FIN-WAIT-1' : 'FIN-WAIT-2', local: '127.0.0.1:5000', peer: '127.0.0.1:40000', localPort: 5000, peerPort: 40000 },
      { state: 'TIME-WAIT', local: '127.0.0.1:5001', peer: '127.0.0.1:40001', localPort: 5001, peerPort: 40001 },
    ] };
  } });
  const ports = { serverPorts: [5000, 5001], portOf: (name: string) => ({ l1: 5001, l2: 5000 })[name] };
  const step: HarnessStep = { role: 'harness', op: 'sockets', portOf: 'l2', expect: { serverState: ['FIN-WAIT-2', 'TIME-WAIT'] } };
  t.match(await run(step, contextFor(changing.machine, ports)), { failure: { wanted: 'the server socket in FIN-WAIT-2 or TIME-WAIT', found: 'FIN-WAIT-1 127.0.0.1:5000 → 127.0.0.1:40000' } },
    'read once: l2\'s connection is still in FIN-WAIT-1 (the older TIME-WAIT on l1 does not count: negative control of portOf)');
  const paced = contextFor(changing.machine, ports);
  t.same(await run({ ...step, pace: true, timeoutMs: 1000 }, paced), { kind: 'checked', failure: null }, 'paced: held at the third reading');
  t.equal(reads, 3);
  t.match(paced.record, { ok: true, verdict: 'ok', value: { sockets: ['FIN-WAIT-2 127.0.0.1:5000 127.0.0.1:40000'] } });
  const never = contextFor(recording({ listSockets: async () => ({ ok: true, sockets: [] }) }).machine, { ...ports, within: () => 20 });
  t.same(await run({ ...step, pace: true, timeoutMs: 20 }, never), { kind: 'checked', failure: null }, 'paced: the bound passing asserts nothing');
  t.match(never.record.value, { came: false });
  t.same(await run({ ...step, portOf: 'x' }, contextFor(changing.machine, ports)), { kind: 'trouble', trouble: 'error', message: '`portOf` names "x", which has no port yet' });
});

t.test('inject: seq is the target\'s RCV.NXT + offset, read after the capture caught up', async (t) => {
  const { machine, calls } = recording({}, HANDSHAKE);
  const ctx = contextFor(machine);
  t.same(await run({ role: 'harness', op: 'inject', to: 'server', flags: ['RST', 'ACK'], offset: 10, label: 'x' }, ctx), { kind: 'done' });
  t.same(calls, [['sync', 2000], ['inject', 'client', { src: C, dst: S, seq: 1016, ack: 9001, flags: 'RA' }]], 'from the client\'s side: its next seq 1006, + 10');
  t.match(ctx.record, { ok: true, request: { src: C, dst: S, seq: 1016, ack: 9001 } });
  t.same(ctx.evidence, { 'the step: injected': `RST+ACK ${C} > ${S} seq 1016 (RCV.NXT +10) ack 9001` });
  const none = recording({}, []);
  t.same(await run({ role: 'harness', op: 'inject', to: 'client', flags: ['RST'], offset: 0 }, contextFor(none.machine)), { kind: 'trouble', trouble: 'error', message: 'the capture holds no connection to inject into (segments: 0)' });
  const behind = recording({ wire: { segments: () => HANDSHAKE, matching: () => [], sync: async () => false, waitFor: async () => true, describe: () => '' } });
  t.same(await run({ role: 'harness', op: 'inject', to: 'client', flags: ['RST'], offset: 0 }, contextFor(behind.machine)), { kind: 'trouble', trouble: 'error', message: 'the capture did not confirm it had read everything sent so far (sync)' });
  const refused = recording({ inject: async () => ({ ok: false, reason: 'no CAP_NET_RAW' }) }, HANDSHAKE);
  t.same(await run({ role: 'harness', op: 'inject', to: 'client', flags: ['RST'], offset: 0 }, contextFor(refused.machine)), { kind: 'trouble', trouble: 'error', message: 'no CAP_NET_RAW' });
});

t.test('inject: ackOffset moves the ack off SND.NXT; a silent peer\'s RST or SYN-ACK starts at ISN 0', async (t) => {
  // Only the client's SYN: a connect in flight that nobody answers.
  const { machine, calls } = recording({}, [seg('client', ['SYN'], 1000)]);
  const ctx = contextFor(machine);
  t.same(await run({ role: 'harness', op: 'inject', to: 'client', flags: ['RST', 'ACK'], offset: 0, ackOffset: 1, label: 'x' }, ctx), { kind: 'done' });
  t.same(calls[1], ['inject', 'server', { src: S, dst: C, seq: 0, ack: 1002, flags: 'RA' }], 'ack = the SYN\'s 1001 + 1');
  t.same(ctx.evidence, { 'the step: injected': `RST+ACK ${S} > ${C} seq 0 (RCV.NXT +0) ack 1002 (SND.NXT +1)` });
  const rst = recording({}, [seg('client', ['SYN'], 1000)]);
  t.same(await run({ role: 'harness', op: 'inject', to: 'client', flags: ['RST'], offset: 0 }, contextFor(rst.machine)), { kind: 'done' });
  t.same(rst.calls[1], ['inject', 'server', { src: S, dst: C, seq: 0, ack: 1001, flags: 'R' }], 'no ackOffset: the ack is SND.NXT');
  const data = recording({}, [seg('client', ['SYN'], 1000)]);
  t.match(await run({ role: 'harness', op: 'inject', to: 'client', flags: ['ACK'], offset: 0 }, contextFor(data.machine)), { kind: 'trouble' }, 'a bare ACK from a silent peer has no sequence to start from');
});

t.test('icmp: quotes the target\'s last segment, seq at its SND.UNA + offset, sent from the peer\'s host', async (t) => {
  // The client's SYN alone (SYN_SENT): SND.UNA is its ISN.
  const syn = recording({}, [HANDSHAKE[0]!]);
  const ctx = contextFor(syn.machine);
  t.same(await run({ role: 'harness', op: 'icmp', to: 'client', code: 'port', offset: 2 }, ctx), { kind: 'done' });
  t.same(syn.calls, [['sync', 2000], ['inject', 'server', { src: C, dst: S, seq: 1002, ack: 0, flags: 'S', icmp: 'port' }]]);
  t.same(ctx.evidence, { 'the step: ICMP': `port unreachable to ${C} quoting SYN ${C} > ${S} seq 1002 (SND.UNA +2) ack 0` });
  // Established: SND.UNA is the peer's latest ACK (9001 from the client), the last segment the server's SYN-ACK.
  const est = recording({}, HANDSHAKE);
  t.same(await run({ role: 'harness', op: 'icmp', to: 'server', code: 'admin', offset: -1 }, contextFor(est.machine)), { kind: 'done' });
  t.same(est.calls[1], ['inject', 'client', { src: S, dst: C, seq: 9000, ack: 1001, flags: 'SA', icmp: 'admin' }]);
  const none = recording({}, []);
  t.same(await run({ role: 'harness', op: 'icmp', to: 'client', code: 'port', offset: 0 }, contextFor(none.machine)), { kind: 'trouble', trouble: 'error', message: 'the capture holds no segment of the client to quote (segments: 0)' });
  const refused = recording({ inject: async () => ({ ok: false, reason: 'no CAP_NET_RAW' }) }, HANDSHAKE);
  t.same(await run({ role: 'harness', op: 'icmp', to: 'client', code: 'port', offset: 0 }, contextFor(refused.machine)), { kind: 'trouble', trouble: 'error', message: 'no CAP_NET_RAW' });
});

t.test('await: waits since the previous step, within the budget; says what came instead', async (t) => {
  const { machine, calls } = recording({}, HANDSHAKE);
  const ctx = contextFor(machine, { previousStepMark: 2, within: (ms) => Math.min(ms, 700) });
  t.same(await run({ role: 'harness', op: 'await', segment: { from: 'server', flags: ['RST'] }, timeoutMs: 5000 }, ctx), { kind: 'checked', failure: null });
  t.same(calls, [['waitFor', { from: 'server', flags: ['RST'] }, 2, 700]], 'from the previous step\'s mark, the wait cut to the budget');
  t.match(ctx.record, { ok: true, verdict: 'ok', wanted: 'a segment server [RST], sent since the previous step began', value: { waitedMs: Number } });
  const never = recording({ wire: { segments: () => HANDSHAKE, matching: () => [], sync: async () => true, waitFor: async () => false, describe: () => 'server [RST]' } });
  t.same(await run({ role: 'harness', op: 'await', segment: { from: 'server', flags: ['RST'] } }, contextFor(never.machine, { previousStepMark: 2 })), { kind: 'checked', failure: {
    wanted: 'a segment server [RST], sent since the previous step began, within 2000 ms', found: 'client [ACK] len 0; client [PSH, ACK] len 5',
  } });
  // pace: the same absence is no failure (the wire rules judge it), and a segment that comes ends the wait as before.
  const paced = contextFor(never.machine, { previousStepMark: 2 });
  t.same(await run({ role: 'harness', op: 'await', segment: { from: 'server', flags: ['RST'] }, pace: true, timeoutMs: 50 }, paced), { kind: 'checked', failure: null });
  t.match(paced.record, { ok: true, verdict: 'ok', value: { came: false } });
  const came = recording({}, HANDSHAKE);
  const pacedCame = contextFor(came.machine, { previousStepMark: 2 });
  t.same(await run({ role: 'harness', op: 'await', segment: { from: 'server', flags: ['RST'] }, pace: true }, pacedCame), { kind: 'checked', failure: null });
  t.match(pacedCame.record, { ok: true, value: { waitedMs: Number } });
  t.notOk('came' in (pacedCame.record.value as object), 'a segment that came is not reported missing');
  // answering: when what would draw the answer never went out (the capture synced first), the paced wait ends at once.
  const unsent = recording({ wire: { segments: () => HANDSHAKE, matching: () => [], sync: async () => true, waitFor: async (_p, _s, ms) => { if (ms > 0) await new Promise((r) => setTimeout(r, ms)); return false; }, describe: (p) => `${p.from}${p.data === true ? ' data' : ' [RST]'}` } });
  const quick = contextFor(unsent.machine, { previousStepMark: 4 });
  const t0 = performance.now();
  t.same(await run({ role: 'harness', op: 'await', segment: { from: 'server', flags: ['RST'] }, pace: true, answering: { from: 'client', data: true }, timeoutMs: 1000 }, quick), { kind: 'checked', failure: null });
  t.ok(performance.now() - t0 < 500, 'no data since the mark: no wait for its bound');
  t.match(quick.record, { ok: true, value: { came: false, unanswerable: 'no client data was sent' } });
  // Negative control: data went out since the mark (HANDSHAKE's last segment), so the wait is for the RST as before.
  const sent = recording({}, HANDSHAKE);
  const waited = contextFor(sent.machine, { previousStepMark: 3 });
  t.same(await run({ role: 'harness', op: 'await', segment: { from: 'server', flags: ['RST'] }, pace: true, answering: { from: 'client', data: true }, timeoutMs: 300 }, waited), { kind: 'checked', failure: null });
  t.same(sent.calls, [['sync', 2000], ['waitFor', { from: 'client', data: true }, 3, 0], ['waitFor', { from: 'server', flags: ['RST'] }, 3, 300]], 'synced, the data found since the mark, then the wait for the answer');
});

t.test('since: ends the set time after the latest matching segment\'s capture; without one, says so', async (t) => {
  const now = Date.now();
  // Two challenge ACKs: the wait runs from the later one, 60 ms ago, so 40 ms of it are left.
  const acks = [...HANDSHAKE, seg('client', ['ACK'], 1006, 9001, 0, now - 500), seg('client', ['ACK'], 1006, 9001, 0, now - 60)];
  const { machine, calls } = recording({}, acks);
  const ctx = contextFor(machine);
  const started = performance.now();
  t.same(await run({ role: 'harness', op: 'since', segment: { from: 'client', flags: ['ACK'] }, ms: 100 }, ctx), { kind: 'checked', failure: null });
  t.ok(performance.now() - started >= 30, 'it waited for the rest of the time');
  t.same(calls, [['sync', 2000]], 'after the capture caught up');
  t.match(ctx.record, { ok: true, verdict: 'ok', wanted: '100 ms after a segment client [ACK]', value: { sinceAnchorMs: Number, waitedMs: Number } });
  t.ok((ctx.record.value as { sinceAnchorMs: number }).sinceAnchorMs >= 100, 'and ended no earlier than the time set');
  const past = contextFor(recording({}, acks).machine);
  t.same(await run({ role: 'harness', op: 'since', segment: { from: 'client', flags: ['ACK'] }, ms: 50 }, past), { kind: 'checked', failure: null }, 'a time already past: at once');
  t.equal((past.record.value as { waitedMs: number }).waitedMs, 0);
  t.same(await run({ role: 'harness', op: 'since', segment: { from: 'server', flags: ['RST'] }, ms: 50 }, contextFor(recording({}, acks).machine)),
    { kind: 'checked', failure: { wanted: 'a segment server [RST] to wait from', found: 'none among 6 captured' } }, 'negative control: no anchor');
  t.match(await run({ role: 'harness', op: 'since', segment: { from: 'client', flags: ['ACK'] }, ms: 5000 }, contextFor(recording({}, acks).machine, { within: (ms) => Math.min(ms, 700) })),
    { kind: 'trouble', trouble: 'error', message: /^4\d{3} ms of the wait left, more than the case's time budget$/ }, 'a wait past the budget is trouble');
});

t.test('counters: the first read is the base; deltas compare with the previous read of that host', async (t) => {
  let opens = 3;
  const { machine } = recording({ readCounters: async () => ({ TcpActiveOpens: opens }) });
  const ctx = contextFor(machine);
  t.same(await run({ role: 'harness', op: 'counters', host: 'server', names: ['TcpActiveOpens'] }, ctx), { kind: 'done' });
  opens = 5;
  t.same(await run({ role: 'harness', op: 'counters', host: 'server', names: ['TcpActiveOpens'], expect: { delta: { TcpActiveOpens: 1 } } }, ctx),
    { kind: 'checked', failure: { wanted: 'TcpActiveOpens +1', found: 'TcpActiveOpens +2' } }, 'negative control: a delta that did not happen');
  t.same(await run({ role: 'harness', op: 'counters', host: 'client', names: ['TcpActiveOpens'], expect: { delta: { TcpActiveOpens: 0 } } }, ctx),
    { kind: 'trouble', trouble: 'error', message: 'a delta needs an earlier counters step on the client' });
  t.same(await run({ role: 'harness', op: 'counters', host: 'server', names: ['TcpNoSuch'] }, ctx), { kind: 'trouble', trouble: 'error', message: 'this kernel has no counter TcpNoSuch' });
});

t.test('link, kill, freeze, thaw, restart: the machine\'s call, and its failure as trouble', async (t) => {
  const { machine, calls } = recording();
  const ctx = contextFor(machine);
  for (const step of [
    { role: 'harness', op: 'link', host: 'client', state: 'down' },
    { role: 'harness', op: 'kill', target: 'server' },
    { role: 'harness', op: 'freeze', target: 'client' },
    { role: 'harness', op: 'thaw', target: 'client' },
  ] as HarnessStep[]) t.same(await run(step, ctx), { kind: 'done' }, step.op);
  t.same(await run({ role: 'harness', op: 'restart', target: 'server' }, ctx), { kind: 'done' });
  t.same(ctx.record.value, { pid: 4242 }, 'the fresh agent\'s pid is shown');
  t.same(calls, [['setLink', 'client', 'down'], ['kill', 'server'], ['freeze', 'client', true], ['freeze', 'client', false], ['restart', 'server']]);
  const failing = recording({ setLink: async () => 'ip link: no such device', kill: async () => 'no server agent is running', freeze: async () => 'not running', restart: async () => ({ trouble: 'crash', message: 'exited with code 3' }) });
  const f = contextFor(failing.machine);
  t.same(await run({ role: 'harness', op: 'link', host: 'client', state: 'up' }, f), { kind: 'trouble', trouble: 'error', message: 'ip link: no such device' });
  t.same(await run({ role: 'harness', op: 'kill', target: 'server' }, f), { kind: 'trouble', trouble: 'error', message: 'no server agent is running' });
  t.same(await run({ role: 'harness', op: 'thaw', target: 'server' }, f), { kind: 'trouble', trouble: 'error', message: 'not running' });
  t.same(await run({ role: 'harness', op: 'restart', target: 'server' }, f), { kind: 'trouble', trouble: 'crash', message: 'exited with code 3' });
});

t.test('every registered op is run by some test above', async (t) => {
  t.same(HARNESS_OPS.map((op) => op.name).sort(), ['await', 'counters', 'firewall', 'freeze', 'icmp', 'inject', 'kill', 'link', 'restart', 'since', 'sockets', 'thaw']);
});
