// Runs one case on one pair of runtimes: hosts, capture, agents, steps, wire, teardown; one CaseResult.
import type { AgentEnd, CaseResult, Failure, Segment } from '../result/case-result.ts';
import type { AgentProcess } from '../channel/agent-process.ts';
import type { Hosts } from '../net/hosts.ts';
import { WarmHosts } from './warm-hosts.ts';
import { runtimeColumn, type CaseJob } from './case-job.ts';
import type { RunSettings } from './run-settings.ts';
import { applySysctls } from '../net/sysctls.ts';
import type { CaptureSession } from '../capture/capture-session.ts';
import { labelSegments } from '../capture/label-segments.ts';
import { markInjected } from '../capture/mark-injected.ts';
import { divergencesOf, wireRulesOf } from '../verdict/applicable-divergences.ts';
import { familyLayerOf, familyWords, kernelWire } from '../verdict/family-layer.ts';
import type { FamilyLayer } from '../case/case-types.ts';
import { unmetRequirement } from './case-requirements.ts';
import { familySkip } from './pinned-family.ts';
import { netSkip } from './net-skip.ts';
import { checkWire, wireEvidence } from '../verdict/check-wire.ts';
import { runSteps } from './run-steps.ts';
import { verdict, type Checked } from '../verdict/verdict.ts';
import { quietWait } from './quiet-wait.ts';
import { budgetTimeout } from './case-budget.ts';
import { restorePriority, startAgents, type AgentsStart } from './start-agents.ts';
import { pointName } from '../result/point-name.ts';
import { stepNeeds } from '../case/ops/index.ts';

interface Held {
  hosts: Hosts | null;
  capture: CaptureSession | null;
  agents: AgentProcess[];
  ends: AgentEnd[];
  /** Spawn to hello of agents started ahead, while earlier cases ran: part of this case's time and budget, not theirs. */
  aheadMs: number;
}

/** Runs one case; never throws for anything the system under test does. `onStarted`: its hosts and agents are up (the pool frees a timer-bound run's CPU slot). */
export const runCase = async (job: CaseJob, settings: RunSettings, onStarted?: () => void): Promise<{ result: CaseResult; pcap: Buffer | null }> => {
  const started = performance.now();
  const runtime = runtimeColumn(job);
  const variant = job.variant?.name ?? null;
  const base: CaseResult = {
    id: job.kase.id, runtime, variant, family: job.family, ...(job.net === undefined ? {} : { net: job.net }), name: pointName(job.kase.id, runtime, variant, job.family, job.net),
    status: 'error', expected: false, durationMs: 0,
    runtimeVersion: job.server.version === job.client.version ? job.server.version : `${job.server.version} / ${job.client.version}`,
    steps: [], failures: [], agents: [], evidence: {},
    // Replaced once the capture is checked; a case that ends in trouble before then keeps this.
    capture: { status: 'skipped', reason: settings.captureBinary === null ? settings.captureReason : 'the case ended before its capture was checked', segments: [] }, wire: { status: 'none' },
  };
  const held: Held = { hosts: null, capture: null, agents: [], ends: [], aheadMs: 0 };
  let out: { result: CaseResult; pcap: Buffer | null };
  try {
    out = await runBody(job, settings, base, held, started, onStarted);
  } finally {
    if (held.capture !== null) await held.capture.stop();
    held.ends.push(...(await Promise.all(held.agents.map((a) => a.end()))));
    if (held.hosts !== null) {
      const closing = held.hosts.close();
      if (settings.afterCase !== undefined) settings.afterCase(closing);
      else await closing;
    }
  }
  const r = out.result;
  r.agents = held.ends;
  // An agent that died on its own is harness trouble, whatever the steps saw: never a semantics verdict.
  const crashed = held.ends.find((e) => e.how === 'crashed' || e.how === 'never-started');
  if (crashed !== undefined && !['error', 'crash', 'timeout'].includes(r.status)) {
    r.status = 'crash';
    r.reason = `the ${crashed.runtime} ${crashed.role} agent (pid ${crashed.pid ?? '?'}) exited on its own (code ${crashed.exitCode}, signal ${crashed.signal})`;
  }
  // Start-up done ahead still shows: the case's time is as if it had started its agents itself.
  r.durationMs = performance.now() - started + held.aheadMs;
  if (held.aheadMs > 0) r.agentsAheadMs = held.aheadMs;
  r.expected = r.status === 'pass' || r.status === 'divergence' || r.status === 'skip';
  return out;
};

const runBody = async (job: CaseJob, settings: RunSettings, base: CaseResult, held: Held, started: number, onStarted?: () => void): Promise<{ result: CaseResult; pcap: Buffer | null }> => {
  const done = (r: CaseResult, pcap: Buffer | null = null) => ({ result: r, pcap });
  const kase = job.kase;
  const applied = divergencesOf(job, settings.platform, settings.kernel);
  const { divergence: wireDivergence, rules: wireRules } = wireRulesOf(kase, applied, job.family);
  if (wireRules.length === 0 && !(kase.divergences ?? []).some((d) => d.wire !== undefined)) base.capture.reason = 'the case asserts nothing on the wire';

  const unmet = familySkip(kase, job.family) ?? netSkip(job) ?? unmetRequirement(kase, settings);
  if (unmet !== null) return done({ ...base, status: 'skip', reason: unmet });
  // A harness op that reads the wire (inject, await) declares it; its case captures even with no wire rule.
  const wantsCapture = wireRules.length > 0 || kase.steps.some((s) => s.role === 'harness' && stepNeeds(s)?.capture === true);
  let ahead: AgentsStart | null = null;
  if (settings.isolation) {
    const warmed = await (settings.hosts ?? new WarmHosts(settings.captureBinary)).take(job);
    const made = warmed.hosts;
    if ('unavailable' in made) return done({ ...base, status: 'error', reason: made.reason });
    held.hosts = made;
    const failed = warmed.ahead !== null ? warmed.ahead.sysctlsFailed : await applySysctls(made, kase.sysctls ?? {});
    if (failed !== null) return done({ ...base, status: 'error', reason: failed });
    ahead = warmed.ahead?.agents ?? null;
  }

  if (wantsCapture && settings.captureBinary !== null) {
    if (held.hosts === null) base.capture.reason = 'wire capture runs only inside a per-case network namespace, and none could be made here';
    else if (held.hosts.capture === null) base.capture.reason = held.hosts.captureReason ?? 'the capture did not start';
    else held.capture = held.hosts.capture;
  }
  // Started ahead (run-suite.ts) or now; either way a failed start is this case's outcome.
  const { starts } = ahead ?? (await startAgents(job, held.hosts));
  held.aheadMs = ahead?.ms ?? 0;
  const unniced = ahead === null ? null : await restorePriority(ahead);
  // One budget for the whole case (--timeout), its start-up included wherever it happened: agent requests, harness steps and quiet periods all end by it.
  const deadline = started - held.aheadMs + settings.caseTimeoutMs;
  // Start-up was the work; what follows in a timer-bound run is mostly waiting.
  onStarted?.();
  let trouble: Extract<(typeof starts)[number], { trouble: unknown }>['trouble'] | null = null;
  for (const startedAgent of starts) {
    if ('agent' in startedAgent) held.agents.push(startedAgent.agent);
    else {
      held.ends.push(startedAgent.end);
      trouble ??= startedAgent.trouble;
    }
  }
  if (trouble !== null) return done({ ...base, status: trouble.trouble, reason: trouble.message });
  if (unniced !== null) return done({ ...base, status: 'error', reason: unniced });

  const stepRun = await runSteps(job, {
    agents: held.agents, ends: held.ends, applied, hosts: held.hosts, capture: held.capture, settings,
    deadline, evidence: base.evidence,
  });
  const result: CaseResult = { ...base, steps: stepRun.steps };
  if (stepRun.outcome.kind === 'trouble') return done({ ...result, status: stepRun.outcome.trouble, reason: stepRun.outcome.message });
  if (stepRun.outcome.kind === 'skip') return done({ ...result, status: 'skip', reason: stepRun.outcome.reason });

  const checks: Checked[] = [...stepRun.checks];
  let pcap: Buffer | null = null;
  if (held.capture !== null) {
    const cut = await quietWait(held.capture, wireRules, stepRun.serverPorts, deadline);
    if (cut !== null) {
      const ended = budgetTimeout(settings.caseTimeoutMs, 'the wire check', cut.waiting, cut.arrived);
      return done({ ...result, status: ended.trouble, reason: ended.message });
    }
    const stopped = await held.capture.stop();
    held.capture = null;
    // A capture that died mid-case saw only part of the wire: checking rules against it could pass or fail wrongly.
    if (stopped.how === 'crashed') {
      return done({ ...result, status: 'error', reason: `the packet capture died during the case (exit ${stopped.exitCode}): ${stopped.stderr.trim() || 'no message'}` });
    }
    const segments: Segment[] = markInjected(labelSegments(stopped.segments, stepRun.serverPorts), stepRun.steps);
    pcap = stopped.pcap;
    result.capture = { status: 'captured', segments };
    if (wireRules.length > 0) result.wire = { status: 'checked' };
    Object.assign(result.evidence, wireEvidence(wireRules, segments));
    const wireFailures = explainFamily(checkWire(wireRules, segments), wireDivergence === null ? familyLayerOf(kase, job.family) : null, job.family);
    // Did the kernel-layer wire rules hold instead? Then a documented wire divergence stopped happening.
    const kernelHolds = wireDivergence !== null && checkWire(kernelWire(kase, job.family), segments).length === 0;
    for (const failure of wireFailures) checks.push({ failure, divergence: wireDivergence, matchesKernel: kernelHolds });
    if (wireFailures.length === 0 && wireDivergence !== null) checks.push({ failure: null, divergence: wireDivergence, matchesKernel: false });
  } else if (wireRules.length > 0) {
    result.wire = { status: 'skipped', reason: base.capture.reason };
  }
  const failures: Failure[] = checks.flatMap((c) => (c.failure === null ? [] : [c.failure]));
  return done({ ...result, ...verdict(checks, applied), failures }, pcap);
};

// Wire rules the family layer set say so in their failure: the case's own rules for the other family read otherwise.
const explainFamily = (failures: Failure[], layer: FamilyLayer | null, family: string): Failure[] =>
  layer?.wire === undefined ? failures : failures.map((f) => ({ ...f, wanted: `${f.wanted} (${familyWords(family, layer)})` }));
