// The stimulus of a case: its steps in order, in words, from the declaration and one run's requests.
import type { CaseInfo } from '../result/case-info.ts';
import type { StepRecord } from '../result/case-result.ts';
import { describeStep, isDefaultLabel, socketPorts, type SocketPorts } from './describe-step.ts';
import { prose } from './markdown.ts';
import type { PlacedResult } from './placed-result.ts';

/**
 * The numbered list of a case's steps. `runs` come in the reference's order (the C run first):
 * each step is told from the first run that made it, idiomatic runs before variants, since a
 * variant's requests carry its own options.
 */
export const caseStimulus = (kase: CaseInfo, runs: PlacedResult[]): string[] => {
  const preferred = [...runs.filter((r) => r.result.variant === null), ...runs.filter((r) => r.result.variant !== null)];
  const ports = new Map<PlacedResult, SocketPorts>();
  const portsOf = (run: PlacedResult): SocketPorts => {
    if (!ports.has(run)) ports.set(run, socketPorts(run.result.steps));
    return ports.get(run)!;
  };
  return kase.steps.map((step) => {
    let record: StepRecord | undefined;
    let run: PlacedResult | undefined;
    for (const candidate of preferred) {
      record = candidate.result.steps.find((s) => s.index === step.index && s.op === step.op);
      if (record !== undefined) { run = candidate; break; }
    }
    const phrase = describeStep(step, record, run === undefined ? socketPorts([]) : portsOf(run));
    const label = isDefaultLabel(step, record) ? '' : `: *${prose(step.label)}*`;
    return `${step.index}. ${phrase}${label}`;
  });
};
