// Steps the harness performs itself: probes (ss, counters, a captured segment) and faults (firewall, link, kill, inject).
import type { HarnessStep, Role } from '../case/case-types.ts';
import type { AgentEnd, Segment, StepRecord, Trouble } from '../result/case-result.ts';
import { AgentProcess } from '../channel/agent-process.ts';
import type { CaptureSession } from '../capture/capture-session.ts';
import { labelSegments } from '../capture/label-segments.ts';
import { addFirewallRule } from '../net/firewall.ts';
import { awaitUp, hostOf, type Hosts } from '../net/hosts.ts';
import { injectSegment } from '../net/inject-binary.ts';
import { readCounters } from '../net/kernel-counters.ts';
import { listSockets } from '../net/list-sockets.ts';
import { describePattern, matchesPattern } from '../verdict/check-wire.ts';
import { endpointOf, nextSeqFrom } from './connection-state.ts';
import type { SocketInfo } from './build-request.ts';
import type { CaseJob } from './case-job.ts';
import type { RunSettings } from './run-settings.ts';
import { agentCommand } from './agent-command.ts';
import type { Checked } from '../verdict/verdict.ts';
import { execa } from 'execa';

/** What harness steps may touch: the case's hosts, capture and agents (kill/restart replace agents). */
export interface HarnessContext {
  job: CaseJob;
  hosts: Hosts | null;
  capture: CaptureSession | null;
  agents: AgentProcess[];
  ends: AgentEnd[];
  settings: RunSettings;
  serverPorts: number[];
  /** The case's named sockets, for `portOf`. */
  sockets: Map<string, SocketInfo>;
  evidence: Record<string, number | string | number[]>;
  /** The last counter reading per host, for deltas. */
  counters: Map<Role, Record<string, number>>;
  firewallRules: number;
  /** How many segments the capture held when the current and the previous step began. */
  stepMark: number;
  previousStepMark: number;
  /** performance.now() by which the case must be done (--timeout): the capture's waits end by it at the latest. */
  deadline: number;
}

export interface HarnessOutcome {
  check?: Checked;
  trouble?: { trouble: Trouble; message: string };
}

const FLAG_LETTER: Record<string, string> = { SYN: 'S', FIN: 'F', RST: 'R', PSH: 'P', ACK: 'A', URG: 'U' };

const fail = (at: string, wanted: string, found: string): HarnessOutcome =>
  ({ check: { failure: { at, wanted, found }, divergence: null, matchesKernel: false } });
const passed = (): HarnessOutcome => ({ check: { failure: null, divergence: null, matchesKernel: false } });
const harnessError = (message: string): HarnessOutcome => ({ trouble: { trouble: 'error', message } });

const labelled = (ctx: HarnessContext): Segment[] => labelSegments(ctx.capture?.segments() ?? [], ctx.serverPorts);

/** Runs one harness step, filling in its record; requirements were checked before the case started. */
export const runHarnessStep = async (step: HarnessStep, record: StepRecord, at: string, ctx: HarnessContext): Promise<HarnessOutcome> => {
  const hosts = ctx.hosts;
  switch (step.op) {
    case 'sockets': {
      const pids: (number | 'self')[] = hosts === null ? ['self'] : hosts.server.pid === hosts.client.pid ? [hosts.server.pid] : [hosts.server.pid, hosts.client.pid];
      const listed = await Promise.all(pids.map((pid) => listSockets(ctx.serverPorts, pid)));
      const bad = listed.find((l) => !l.ok);
      if (bad !== undefined && !bad.ok) return harnessError(`${at}: ${bad.reason}`);
      const conns = listed.flatMap((l) => (l.ok ? l.sockets : [])).filter((s) => s.state !== 'LISTEN' && s.state !== 'UNCONN');
      record.ok = true;
      record.value = { sockets: conns.map((s) => `${s.state} ${s.local} ${s.peer}`) };
      const e = step.expect;
      const ports = new Set(ctx.serverPorts);
      let holds: boolean;
      if ('connection' in e) {
        record.wanted = 'no socket left on the connection (only the listener)';
        holds = conns.length === 0;
      } else {
        const server = 'serverState' in e;
        const state = server ? e.serverState : e.clientState;
        record.wanted = `the ${server ? 'server' : 'client'} socket in ${state}`;
        holds = conns.some((s) => ports.has(s.localPort) === server && s.state === state);
      }
      record.verdict = holds ? 'ok' : 'mismatch';
      const found = conns.length === 0 ? 'no sockets but the listener' : conns.map((s) => `${s.state} ${s.local} → ${s.peer}`).join('; ');
      return holds ? passed() : fail(at, record.wanted, found);
    }
    case 'firewall': {
      const port = step.portOf === undefined ? undefined : ctx.sockets.get(step.portOf)?.port;
      if (step.portOf !== undefined && port === undefined) return harnessError(`${at}: \`portOf\` names "${step.portOf}", which has no port yet`);
      const failed = await addFirewallRule(hostOf(hosts!, step.host).prefix, step, ctx.firewallRules++, port);
      record.request = { ...record.request, ...(port === undefined ? {} : { port }) };
      record.ok = failed === null;
      return failed === null ? {} : harnessError(`${at}: ${failed}`);
    }
    case 'link': {
      const host = hostOf(hosts!, step.host);
      const [file, ...args] = [...host.prefix, 'ip', 'link', 'set', host.iface, step.state];
      const r = await execa(file!, args, { reject: false });
      if (r.exitCode !== 0) return harnessError(`${at}: ip link set ${host.iface} ${step.state}: ${String(r.stderr).trim()}`);
      // Traffic flows again only once the link is UP, just after the command returns.
      const notUp = step.state === 'up' ? await awaitUp(host.prefix, host.iface) : null;
      record.ok = notUp === null;
      return notUp === null ? {} : harnessError(`${at}: ${notUp}`);
    }
    case 'kill': {
      const agent = ctx.agents.find((a) => a.role === step.target);
      if (agent === undefined) return harnessError(`${at}: no ${step.target} agent is running`);
      ctx.agents.splice(ctx.agents.indexOf(agent), 1);
      ctx.ends.push(await agent.kill());
      record.ok = true;
      return {};
    }
    case 'freeze':
    case 'thaw': {
      const agent = ctx.agents.find((a) => a.role === step.target);
      if (agent === undefined) return harnessError(`${at}: no ${step.target} agent is running`);
      const failed = await agent.freeze(step.op === 'freeze');
      record.ok = failed === null;
      return failed === null ? {} : harnessError(`${at}: ${failed}`);
    }
    case 'restart': {
      const rt = step.target === 'server' ? ctx.job.server : ctx.job.client;
      const started = await AgentProcess.start({ role: step.target, runtime: rt.name, command: agentCommand(ctx.job, step.target), prefix: hosts === null ? undefined : hostOf(hosts, step.target).prefix });
      if ('trouble' in started) {
        ctx.ends.push(started.end);
        return { trouble: { trouble: started.trouble.trouble, message: `${at}: ${started.trouble.message}` } };
      }
      ctx.agents.push(started.agent);
      record.ok = true;
      record.value = { pid: started.agent.pid };
      return {};
    }
    case 'inject': {
      // RCV.NXT must count every segment sent so far: wait until the capture has read them all.
      if (ctx.capture !== null && !(await ctx.capture.sync(ctx.settings.stepTimeoutMs))) {
        return harnessError(`${at}: the capture did not confirm it had read everything sent so far (sync)`);
      }
      const segments = labelled(ctx);
      const peer: Role = step.to === 'server' ? 'client' : 'server';
      const rcvNxt = nextSeqFrom(segments, peer);
      const sndNxt = nextSeqFrom(segments, step.to);
      const src = endpointOf(segments, peer);
      const dst = endpointOf(segments, step.to);
      if (rcvNxt === null || sndNxt === null || src === null || dst === null) {
        return harnessError(`${at}: the capture holds no connection to inject into (segments: ${segments.length})`);
      }
      const seq = (rcvNxt + step.offset) >>> 0;
      const flags = step.flags.map((f) => FLAG_LETTER[f] ?? '').join('');
      record.request = { ...record.request, src, dst, seq, ack: sndNxt };
      const sent = await injectSegment(ctx.settings.injectBinary!, hostOf(hosts!, peer).prefix, { src, dst, seq, ack: sndNxt, flags });
      record.ok = sent.ok;
      if (!sent.ok) return harnessError(`${at}: ${sent.reason}`);
      ctx.evidence[`${record.label}: injected`] = `${step.flags.join('+')} ${src} > ${dst} seq ${seq} (RCV.NXT ${step.offset >= 0 ? '+' : ''}${step.offset}) ack ${sndNxt}`;
      return {};
    }
    case 'counters': {
      const host = hostOf(hosts!, step.host);
      const now = await readCounters(host.pid);
      const before = ctx.counters.get(step.host);
      ctx.counters.set(step.host, now);
      const shown = Object.fromEntries(step.names.map((n) => [n, now[n] ?? null]));
      record.ok = true;
      record.value = shown;
      const unknown = step.names.filter((n) => now[n] === undefined);
      if (unknown.length > 0) return harnessError(`${at}: this kernel has no counter ${unknown.join(', ')}`);
      if (step.expect === undefined) return {};
      if (before === undefined) return harnessError(`${at}: a delta needs an earlier counters step on the ${step.host}`);
      const deltas = Object.fromEntries(Object.keys(step.expect.delta).map((n) => [n, (now[n] ?? 0) - (before[n] ?? 0)]));
      for (const [n, d] of Object.entries(deltas)) ctx.evidence[`${n} delta at ${record.label}`] = d;
      const wrong = Object.entries(step.expect.delta).filter(([n, want]) => deltas[n] !== want);
      record.wanted = Object.entries(step.expect.delta).map(([n, d]) => `${n} +${d}`).join(', ');
      record.verdict = wrong.length === 0 ? 'ok' : 'mismatch';
      return wrong.length === 0 ? passed() : fail(at, record.wanted, Object.entries(deltas).map(([n, d]) => `${n} +${d}`).join(', '));
    }
    case 'await': {
      const capture = ctx.capture!;
      const origin = performance.now();
      const since = ctx.previousStepMark;
      // Only what arrived since the previous step began counts: the event that step caused.
      const r = await capture.waitFor((raw) => {
        const index = capture.segments().indexOf(raw);
        if (index >= 0 && index < since) return false;
        const all = labelled(ctx);
        // The labelled twin from the same list, so patterns that look at what came before it (seq 'acked') see its place.
        const seg = index >= 0 ? all[index] : labelSegments([raw], ctx.serverPorts)[0];
        return seg !== undefined && matchesPattern(step.segment, seg, all);
      }, step.timeoutMs ?? ctx.settings.stepTimeoutMs);
      record.wanted = `a segment ${describePattern(step.segment)}, sent since the previous step began`;
      record.ok = 'found' in r;
      record.verdict = 'found' in r ? 'ok' : 'mismatch';
      if ('found' in r) {
        record.value = { waitedMs: Math.round((performance.now() - origin) * 10) / 10 };
        return passed();
      }
      const seen = labelled(ctx).slice(since).map((s) => `${s.from} [${s.flags.join(', ')}] len ${s.len}`).join('; ') || 'no segments';
      return fail(at, `${record.wanted}, within ${step.timeoutMs ?? ctx.settings.stepTimeoutMs} ms`, seen);
    }
  }
};
