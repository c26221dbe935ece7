// Under GitHub Actions, every unexpected result becomes an `::error` annotation on its case file.
import type { CaseResult } from '../../result/case-result.ts';
import { endedCleanly, formatAgentEnd } from '../format-step.ts';
import type { Reporter } from '../reporter.ts';
import { UNEXPECTED } from './failure-details.ts';
import { workflowCommand } from './workflow-command.ts';

/** Where a case's file is, relative to the repository root (GitHub resolves `file=` from there). */
export type CaseFileOf = (id: string) => string | undefined;

/** What a reader of the annotation needs without opening the log: the step, what was wanted, what was found. */
export const annotationMessage = (r: CaseResult): string => {
  const lines = [`${r.name.replace(/\s*\r?\n\s*/g, ' ')}: ${r.status}`];
  for (const f of r.failures) lines.push(`at ${f.at}`, `  wanted: ${f.wanted}`, `  found: ${f.found}`);
  if (r.status === 'unexpected-pass') lines.push(`the documented divergence did not happen: ${r.reason ?? '(no reason given)'}`);
  else if (r.reason !== undefined && r.status !== 'fail') lines.push(r.reason);
  if (r.source !== undefined && r.status === 'unexpected-pass') lines.push(`source: ${r.source}`);
  for (const a of r.agents.filter((x) => !endedCleanly(x))) lines.push(formatAgentEnd(a));
  return lines.join('\n');
};

/** The `::error` line for one unexpected result; the title names the case and the status. */
export const annotation = (r: CaseResult, file: string): string =>
  workflowCommand('error', { file, title: `sockspec ${r.status}: ${r.name}` }, annotationMessage(r));

/**
 * A reporter writing only annotations, beside whichever reporter the run chose. It gets its own
 * stream (the CLI gives it stderr): the runner reads workflow commands from a step's stdout and
 * stderr alike, and stdout stays pure TAP.
 */
export const githubAnnotations = (err: NodeJS.WritableStream, fileOf: CaseFileOf): Reporter => ({
  start() {},
  result(r) {
    if (UNEXPECTED.has(r.status)) err.write(annotation(r, fileOf(r.id) ?? `suites/${r.id}.ts`));
  },
  end(report) {
    for (const e of report.loadErrors) err.write(workflowCommand('error', { file: e.file, title: `sockspec load error: ${e.file}` }, e.message));
  },
});
