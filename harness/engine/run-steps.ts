// Executes a case's steps in order, one role at a time, and checks each against its expectation.
import { stepLabel } from '../case/step-label.ts';
import type { AgentStep, Divergence, Expect, Role, Step } from '../case/case-types.ts';
import type { AgentEnd, StepRecord, Trouble } from '../result/case-result.ts';
import type { AgentProcess, Answer } from '../channel/agent-process.ts';
import type { CaptureSession } from '../capture/capture-session.ts';
import { hostOf, type Hosts } from '../net/hosts.ts';
import { LOOPBACK } from '../case/family.ts';
import { buildRequest, type SocketInfo } from './build-request.ts';
import { onNet } from './net-request.ts';
import { netOf } from '../net/net-kind.ts';
import type { RequestDraft } from '../protocol/messages.ts';
import { runHarnessStep, type HarnessContext } from './harness-step.ts';
import { describeExpect, describeReply, matchesExpect } from '../verdict/check-expect.ts';
import type { CaseJob } from './case-job.ts';
import type { RunSettings } from './run-settings.ts';
import type { Checked } from '../verdict/verdict.ts';
import { familyLayerOf, familyWords, kernelExpect } from '../verdict/family-layer.ts';
import { labelSegments } from '../capture/label-segments.ts';
import { arrivedWords, budgetLeft, budgetSpent, budgetSpentBefore, cutByBudget, withinBudget } from './case-budget.ts';

export interface StepContext {
  /** Live agents; kill and restart steps replace entries. */
  agents: AgentProcess[];
  /** Agents ended during the steps (killed on purpose). */
  ends: AgentEnd[];
  applied: Divergence[];
  hosts: Hosts | null;
  capture: CaptureSession | null;
  settings: RunSettings;
  /** performance.now() by which the whole case must be done (--timeout): every wait of every step ends by it. */
  deadline: number;
  evidence: Record<string, number | string | number[]>;
}

export type StepOutcome = { kind: 'done' } | { kind: 'skip'; reason: string } | { kind: 'trouble'; trouble: Trouble; message: string };

export interface StepRun {
  steps: StepRecord[];
  checks: Checked[];
  serverPorts: number[];
  outcome: StepOutcome;
}

// Grace for the agent to report its own bounded wait before the harness calls it a timeout.
const REPLY_GRACE_MS = 1000;


/** The expectation in force for a step: a divergence's, else the kernel layer's (on the run's family: `byFamily` in place). */
const expectationFor = (job: CaseJob, label: string, declared: Expect | undefined, applied: Divergence[]) => {
  const kernel = kernelExpect(job.kase, job.family, label, declared);
  const layer = familyLayerOf(job.kase, job.family);
  // Said beside what was wanted when the family's kernel answers otherwise than the case's steps read.
  const familyNote = layer?.steps?.[label] === undefined ? '' : ` (${familyWords(job.family, layer)})`;
  const divergence = applied.find((d) => d.steps?.[label] !== undefined) ?? null;
  return { kernel, divergence, effective: divergence?.steps?.[label] ?? kernel, familyNote };
};

/** Runs every step; stops at harness trouble, an unsupported op, or a failed setup step. */
export const runSteps = async (job: CaseJob, ctx: StepContext): Promise<StepRun> => {
  const run: StepRun = { steps: [], checks: [], serverPorts: [], outcome: { kind: 'done' } };
  const sockets = new Map<string, SocketInfo>();
  // Sockets a runtime never gave the program, as a divergence expected (Deno's accept of a reset connection): steps on them cannot run.
  const unmade = new Map<string, string>();
  const options = job.variant?.options ?? {};
  const stepWait = job.kase.stepTimeoutMs ?? ctx.settings.stepTimeoutMs;
  const harness: HarnessContext = {
    job, hosts: ctx.hosts, capture: ctx.capture, agents: ctx.agents, ends: ctx.ends, settings: ctx.settings,
    serverPorts: run.serverPorts, sockets, evidence: ctx.evidence, memory: new Map(), stepMark: 0, previousStepMark: 0,
    deadline: ctx.deadline,
  };
  // Background steps sent and not yet awaited, by label: their requests' answers to come.
  const pending = new Map<string, { step: AgentStep; record: StepRecord; at: string; agentName: string; waitMs: number; request: RequestDraft; answer: Promise<Answer> }>();
  // Without hosts of its own (--no-isolate) a case runs on the machine's loopback of its family.
  const address = (role: Role): string => (ctx.hosts === null ? LOOPBACK[job.family] : hostOf(ctx.hosts, role).address);
  for (const [index, step] of job.kase.steps.entries()) {
    const label = stepLabel(step);
    const at = `step ${index + 1} (${label})`;
    if (budgetSpent(ctx.deadline)) {
      run.outcome = { kind: 'trouble', ...budgetSpentBefore(ctx.settings.caseTimeoutMs, at) };
      break;
    }
    // An await step looks for what the step before it caused: segments captured since that step began.
    // Before a step an await follows, the capture is synced first, so that the mark counts every segment
    // sent so far: a capture that lags (a loaded machine) would otherwise let the await see older ones
    // (the handshake) as caused by this step. A sync that fails leaves the mark as read; the await's own
    // wait still bounds the step.
    if (ctx.capture !== null && job.kase.steps[index + 1]?.op === 'await') await ctx.capture.sync(withinBudget(ctx.deadline, stepWait));
    harness.previousStepMark = harness.stepMark;
    harness.stepMark = ctx.capture?.segments().length ?? 0;
    if (step.role === 'harness') {
      const { role: _role, op: _op, label: _label, ...fields } = step;
      const record: StepRecord = { index: index + 1, label, role: 'harness', op: step.op, request: fields, ok: null };
      run.steps.push(record);
      if (step.op === 'await' && step.reply !== undefined) {
        if (!await awaitReply(step.reply, step.timeoutMs, record, at)) break;
        continue;
      }
      const outcome = await runHarnessStep(step, record, at, harness);
      // What did not hold or finish by the end of the budget was cut by it: the case timed out, not failed.
      const unfinished = outcome.check?.failure ?? (outcome.trouble === undefined ? null : {
        wanted: `the ${step.op} step to finish (it ended: ${outcome.trouble.message})`,
        found: arrivedWords(labelSegments(ctx.capture?.segments() ?? [], run.serverPorts).slice(harness.stepMark)),
      });
      const cut = unfinished === null ? null : cutByBudget(ctx.deadline, ctx.settings.caseTimeoutMs, at, unfinished);
      if (cut !== null) {
        run.outcome = { kind: 'trouble', ...cut };
        break;
      }
      if (outcome.check !== undefined) run.checks.push(outcome.check);
      if (outcome.trouble !== undefined) {
        run.outcome = { kind: 'trouble', ...outcome.trouble };
        break;
      }
      continue;
    }
    const agent = ctx.agents.find((a) => a.role === step.role);
    if (agent === undefined) {
      run.outcome = { kind: 'trouble', trouble: 'error', message: `${at}: no ${step.role} agent is running (killed and not restarted?)` };
      break;
    }
    const waitMs = step.timeoutMs ?? stepWait;
    const built = buildRequest(step, sockets, options, waitMs, address(step.role));
    const request = 'problem' in built ? built : await onNet(built, netOf(job), ctx.hosts);
    if ('problem' in request) {
      const missing = step.sock === undefined ? undefined : unmade.get(step.sock);
      if (missing !== undefined) {
        ctx.evidence[`steps not run from ${at}`] = `they act on "${step.sock}", which ${missing} did not make, as documented`;
        break;
      }
      run.outcome = { kind: 'trouble', trouble: 'error', message: `${job.kase.file}: ${at}: ${request.problem}` };
      break;
    }
    const record: StepRecord = { index: index + 1, label, role: step.role, op: step.op, request, ok: null };
    run.steps.push(record);
    const sent = withAbort(agent.request(request, Math.min(waitMs + REPLY_GRACE_MS, budgetLeft(ctx.deadline))), ctx.settings.signal);
    if (step.background === true) {
      // The steps go on; the await of this label takes the reply (validate-case.ts: one is there, and nothing else goes to this agent meanwhile).
      pending.set(label, { step, record, at, agentName: `${agent.runtime} ${step.role} agent`, waitMs, request, answer: sent });
      continue;
    }
    if (!settle(step, record, at, `${agent.runtime} ${step.role} agent`, waitMs, request, await sent)) break;
  }
  return run;

  /** Waits for a background step's reply, bounded by the await's own timeout if it has one, and checks it as its step. */
  async function awaitReply(target: string, timeoutMs: number | undefined, record: StepRecord, at: string): Promise<boolean> {
    const p = pending.get(target);
    if (p === undefined) {
      run.outcome = { kind: 'trouble', trouble: 'error', message: `${job.kase.file}: ${at}: no background step labelled "${target}" awaits its reply` };
      return false;
    }
    pending.delete(target);
    p.record.background = { awaitedAt: record.index };
    const origin = performance.now();
    const bound = timeoutMs === undefined ? null : withinBudget(ctx.deadline, timeoutMs);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => { if (bound !== null) timer = setTimeout(() => resolve('late'), bound); });
    const answer = await Promise.race([p.answer, late]).finally(() => clearTimeout(timer));
    record.wanted = `the reply to step ${p.record.index} (${p.record.label})${bound === null ? '' : ` within ${timeoutMs} ms`}`;
    if (answer === 'late') {
      // The agent still owes that reply: nothing more can be asked of it, so the steps end here.
      record.ok = false;
      record.verdict = 'mismatch';
      const failure = { at, wanted: record.wanted, found: `no reply within ${timeoutMs} ms (the agent still waits in ${p.step.op}; its own wait: ${p.waitMs} ms)` };
      const cut = cutByBudget(ctx.deadline, ctx.settings.caseTimeoutMs, at, failure);
      if (cut !== null) run.outcome = { kind: 'trouble', ...cut };
      else run.checks.push({ failure, divergence: null, matchesKernel: false });
      return false;
    }
    record.ok = 'reply' in answer;
    record.verdict = 'reply' in answer ? 'ok' : 'mismatch';
    record.value = { waitedMs: Math.round((performance.now() - origin) * 10) / 10 };
    return settle(p.step, p.record, `${p.at}, awaited at ${at}`, p.agentName, p.waitMs, p.request, answer);
  }

  /** Checks an agent's answer to a step against the expectation in force; false when the steps cannot go on. */
  function settle(step: AgentStep, record: StepRecord, at: string, agentName: string, waitMs: number, request: RequestDraft, answer: Answer): boolean {
    if (!('reply' in answer)) {
      const cut = answer.trouble !== 'timeout' ? null
        : cutByBudget(ctx.deadline, ctx.settings.caseTimeoutMs, at, { wanted: `the ${agentName}'s reply to ${step.op} (its own wait: ${waitMs} ms)`, found: 'no reply' });
      run.outcome = cut === null ? { kind: 'trouble', trouble: answer.trouble, message: `${at}: ${answer.message}` } : { kind: 'trouble', ...cut };
      return false;
    }
    const reply = answer.reply;
    record.ok = reply.ok;
    if ('unsupported' in reply) {
      record.unsupported = reply.unsupported;
      run.outcome = { kind: 'skip', reason: `${agentName.replace(/ (server|client) agent$/, '')} cannot ${step.op}: ${reply.unsupported}` };
      return false;
    }
    record.t = reply.t;
    if (reply.ok) record.value = reply.value;
    else record.error = reply.error;
    track(step, reply.ok ? reply.value : null, typeof request.host === 'string' ? request.host : undefined, sockets, run);

    const { kernel, divergence, effective, familyNote } = expectationFor(job, record.label, step.expect, ctx.applied);
    if (effective === undefined) {
      // A step without an expectation is set-up: the case cannot go on meaningfully if it failed.
      if (!reply.ok) {
        record.wanted = 'ok (set-up step)';
        record.verdict = 'mismatch';
        run.checks.push({ failure: { at, wanted: 'ok (a set-up step)', found: describeReply(reply) }, divergence: null, matchesKernel: false });
        return false;
      }
      return true;
    }
    const holds = matchesExpect(effective, reply);
    if (holds && !reply.ok && divergence !== null && step.as !== undefined) unmade.set(step.as, at);
    record.wanted = divergence === null ? `${describeExpect(effective)}${familyNote}`
      : `${describeExpect(effective)} (documented divergence; kernel layer: ${kernel === undefined ? 'unchecked' : describeExpect(kernel)}${familyNote})`;
    record.verdict = holds ? 'ok' : 'mismatch';
    run.checks.push({
      failure: holds ? null : { at, wanted: record.wanted, found: describeReply(reply, effective) },
      divergence,
      matchesKernel: kernel !== undefined && matchesExpect(kernel, reply),
    });
    return true;
  }
};

/** Remembers ports: listeners' for `to:` and for telling server segments from client ones. */
const track = (step: AgentStep, value: Record<string, unknown> | null, host: string | undefined, sockets: Map<string, SocketInfo>, run: StepRun): void => {
  if (step.as === undefined || value === null) return;
  const port = typeof value.port === 'number' ? value.port : undefined;
  const localPort = typeof value.localPort === 'number' ? value.localPort : undefined;
  sockets.set(step.as, { role: step.role, port, localPort, ...(host === undefined ? {} : { address: host }) });
  if (port !== undefined && step.role === 'server' && !run.serverPorts.includes(port)) run.serverPorts.push(port);
};

const withAbort = async (p: Promise<Answer>, signal: AbortSignal | undefined): Promise<Answer> => {
  const interrupted: Answer = { trouble: 'error', message: 'the run was interrupted' };
  if (signal === undefined) return p;
  if (signal.aborted) return interrupted;
  let onAbort = (): void => undefined;
  const aborted = new Promise<Answer>((resolve) => { onAbort = () => resolve(interrupted); });
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await Promise.race([p, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
};
