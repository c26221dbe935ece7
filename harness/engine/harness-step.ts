// Runs a harness step: the op (harness/case/ops/) says what it means; this lends it the real machine of one case run.
import type { HarnessStep, Role } from '../case/case-types.ts';
import { harnessOp } from '../case/ops/index.ts';
import type { CaseWire, Machine } from '../case/ops/harness-op.ts';
import type { AgentEnd, StepRecord, Trouble } from '../result/case-result.ts';
import { AgentProcess } from '../channel/agent-process.ts';
import { ownGroupPrefix } from '../channel/own-group.ts';
import type { CaptureSession } from '../capture/capture-session.ts';
import { labelSegments } from '../capture/label-segments.ts';
import { loadNftScript } from '../net/firewall.ts';
import { agentPrefixOf, hostOf, type Hosts } from '../net/hosts.ts';
import { injectSegment, injectThroughHolder } from '../net/inject-binary.ts';
import { readCounters } from '../net/kernel-counters.ts';
import { setLinkState } from '../net/link-state.ts';
import { listSockets } from '../net/list-sockets.ts';
import { describePattern, matchesPattern } from '../verdict/check-wire.ts';
import type { SocketInfo } from './build-request.ts';
import type { CaseJob } from './case-job.ts';
import type { RunSettings } from './run-settings.ts';
import { agentCommand } from './agent-command.ts';
import { withinBudget } from './case-budget.ts';
import type { Checked } from '../verdict/verdict.ts';

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
  /** What ops keep between steps of the case (harness/case/ops/harness-op.ts OpContext.memory). */
  memory: Map<string, unknown>;
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

/** The capture as ops see it: segments labelled by the case's server ports. */
const wireOf = (capture: CaptureSession, serverPorts: number[]): CaseWire => {
  const labelled = () => labelSegments(capture.segments(), serverPorts);
  return {
    segments: labelled,
    sync: (timeoutMs) => capture.sync(timeoutMs),
    describe: describePattern,
    matching: (pattern) => {
      const all = labelled();
      return all.filter((s) => matchesPattern(pattern, s, all));
    },
    waitFor: async (pattern, since, timeoutMs) => 'found' in await capture.waitFor((raw) => {
      const index = capture.segments().indexOf(raw);
      if (index >= 0 && index < since) return false;
      const all = labelled();
      // The labelled twin from the same list, so patterns that look at what came before it (seq 'acked') see its place.
      const seg = index >= 0 ? all[index] : labelSegments([raw], serverPorts)[0];
      return seg !== undefined && matchesPattern(pattern, seg, all);
    }, timeoutMs),
  };
};

/** The real machine of one case run; requirements were checked, so an op needing a namespace has one. */
const machineOf = (ctx: HarnessContext): Machine => {
  const hosts = ctx.hosts;
  const agentOf = (role: Role): AgentProcess | undefined => ctx.agents.find((a) => a.role === role);
  return {
    listSockets: async () => {
      const pids: (number | 'self')[] = hosts === null ? ['self'] : hosts.server.pid === hosts.client.pid ? [hosts.server.pid] : [hosts.server.pid, hosts.client.pid];
      const listed = await Promise.all(pids.map((pid) => listSockets(ctx.serverPorts, pid)));
      const bad = listed.find((l) => !l.ok);
      if (bad !== undefined && !bad.ok) return bad;
      return { ok: true, sockets: listed.flatMap((l) => (l.ok ? l.sockets : [])) };
    },
    loadFirewall: (host, script) => loadNftScript(hostOf(hosts!, host).prefix, script),
    setLink: (host, state) => setLinkState(hostOf(hosts!, host), state),
    kill: async (target) => {
      const agent = agentOf(target);
      if (agent === undefined) return `no ${target} agent is running`;
      ctx.agents.splice(ctx.agents.indexOf(agent), 1);
      ctx.ends.push(await agent.kill());
      return null;
    },
    freeze: async (target, frozen) => {
      const agent = agentOf(target);
      return agent === undefined ? `no ${target} agent is running` : agent.freeze(frozen);
    },
    restart: async (target) => {
      const rt = target === 'server' ? ctx.job.server : ctx.job.client;
      // A role the case freezes restarts in a process group of its own too (own-group.ts).
      const prefix = [...await ownGroupPrefix(ctx.job.kase.steps, target), ...(hosts === null ? [] : agentPrefixOf(hosts, target))];
      const started = await AgentProcess.start({ role: target, runtime: rt.name, command: agentCommand(ctx.job, target), prefix });
      if ('trouble' in started) {
        ctx.ends.push(started.end);
        return started.trouble;
      }
      ctx.agents.push(started.agent);
      return { pid: started.agent.pid };
    },
    readCounters: (host) => readCounters(hostOf(hosts!, host).pid),
    // Through the capture holding the sender's namespace when there is one (no spawn), else a spawn of inject.
    inject: async (from, segment) => {
      const host = hostOf(hosts!, from);
      const held = host.holder == null ? null : await injectThroughHolder(host.holder, segment);
      return held ?? injectSegment(ctx.settings.injectBinary!, host.prefix, segment);
    },
    wire: ctx.capture === null ? null : wireOf(ctx.capture, ctx.serverPorts),
  };
};

/** Runs one harness step, filling in its record; requirements were checked before the case started. */
export const runHarnessStep = async (step: HarnessStep, record: StepRecord, at: string, ctx: HarnessContext): Promise<HarnessOutcome> => {
  const op = harnessOp(step.op);
  if (op === undefined) return { trouble: { trouble: 'error', message: `${at}: no harness op is named ${step.op}` } };
  const outcome = await op.run(step, {
    record, stepTimeoutMs: ctx.settings.stepTimeoutMs, serverPorts: ctx.serverPorts, evidence: ctx.evidence, memory: ctx.memory,
    previousStepMark: ctx.previousStepMark, within: (ms) => withinBudget(ctx.deadline, ms), portOf: (name) => ctx.sockets.get(name)?.port, machine: machineOf(ctx),
  });
  switch (outcome.kind) {
    case 'done': return {};
    case 'checked': return { check: { failure: outcome.failure === null ? null : { at, ...outcome.failure }, divergence: null, matchesKernel: false } };
    case 'trouble': return { trouble: { trouble: outcome.trouble, message: `${at}: ${outcome.message}` } };
  }
};
