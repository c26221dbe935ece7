// A terminal reporter for people: one line per finished case, failures explained in place, a grouped summary.
import type { CaseResult, Status } from '../../result/case-result.ts';
import { endedCleanly, formatAgentEnd, formatMs, formatStep } from '../format-step.ts';
import type { Reporter, ReporterFactory } from '../reporter.ts';

const WORDS: Record<Status, string> = {
  pass: 'PASS',
  divergence: 'DIVERGES (documented)',
  fail: 'FAIL',
  'unexpected-pass': 'UNEXPECTED PASS',
  skip: 'SKIP',
  error: 'ERROR',
  crash: 'CRASH',
  timeout: 'TIMEOUT',
};

/** SGR colour per status: green passes, cyan documented differences, red failures, magenta harness trouble. */
const COLOURS: Record<Status, string> = {
  pass: '32', divergence: '36', fail: '31', 'unexpected-pass': '31', skip: '33', error: '35', crash: '35', timeout: '35',
};

/** The order the summary lists groups in: the ones to act on last, nearest the prompt. */
const ORDER: Status[] = ['pass', 'divergence', 'skip', 'fail', 'unexpected-pass', 'error', 'crash', 'timeout'];

const STDERR_LINES = 5;

/** Case data may hold escape sequences (an agent's stderr): shown as text, never sent to the terminal raw. */
const safe = (text: string): string =>
  text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const indent = (text: string, by: string): string => safe(text.replace(/\r?\n/g, `\n${by}`));

const oneLine = (text: string): string => safe(text.replace(/\s*\r?\n\s*/g, ' '));

/** Lines under a failed or troubled result: wanted, found, where; for trouble the steps that did answer; how agents ended. */
const details = (r: CaseResult): string[] => {
  const lines: string[] = [];
  for (const f of r.failures) {
    lines.push(`at ${oneLine(f.at)}`, `  wanted: ${indent(f.wanted, '          ')}`, `  found:  ${indent(f.found, '          ')}`);
  }
  if (r.status === 'unexpected-pass') lines.push(`the documented divergence did not happen: ${indent(r.reason ?? '(no reason given)', '  ')}`);
  else if (r.reason && r.status !== 'fail') lines.push(indent(r.reason, '  '));
  if (r.source && r.status === 'unexpected-pass') lines.push(`source: ${oneLine(r.source)}`);
  if (r.status === 'error' || r.status === 'crash' || r.status === 'timeout') {
    for (const step of r.steps) lines.push(`  ${oneLine(formatStep(step))}`);
  }
  for (const a of r.agents.filter((x) => !endedCleanly(x))) {
    lines.push(safe(formatAgentEnd(a)));
    const tail = a.stderrTail.trimEnd().split('\n').slice(-STDERR_LINES).join('\n');
    if (tail) lines.push(`  stderr: ${indent(tail, '          ')}`);
  }
  return lines;
};

/** One line per result as it finishes; at the end a summary grouped by status. */
export const progressReporter: ReporterFactory = (out, opts): Reporter => {
  const paint = (code: string, text: string): string => (opts.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const dim = (text: string): string => paint('2', text);
  const word = (s: Status): string => paint(`1;${COLOURS[s]}`, WORDS[s]);
  const seen: CaseResult[] = [];
  const troubled = (s: Status): boolean => s !== 'pass' && s !== 'divergence' && s !== 'skip';
  return {
    start({ total, platform }) {
      out.write(`${dim(`sockspec: ${total} case runs on ${platform.os} ${platform.release} ${platform.arch}, node ${platform.node}`)}\n`);
    },
    result(r) {
      seen.push(r);
      const why = (r.status === 'skip' || r.status === 'divergence') && r.reason ? ` — ${oneLine(r.reason)}` : '';
      out.write(`${word(r.status)} ${oneLine(r.name)}${why} ${dim(`(${formatMs(r.durationMs)})`)}\n`);
      if (troubled(r.status)) for (const line of details(r)) out.write(`    ${indent(line, '    ')}\n`);
    },
    end(report) {
      const results = seen.length > 0 ? seen : report.results;
      out.write(`\n${paint('1', 'Summary')} ${dim(`(${formatMs(report.summary.durationMs)})`)}\n`);
      for (const status of ORDER) {
        const group = results.filter((r) => r.status === status);
        if (group.length === 0) continue;
        out.write(`  ${word(status)} ${group.length}\n`);
        if (status === 'pass') continue;
        for (const r of group) {
          const first = r.failures[0];
          const why = first ? `at ${first.at}: wanted ${first.wanted}, found ${first.found}` : r.reason;
          out.write(`    ${oneLine(r.name)}${why ? dim(` — ${oneLine(why)}`) : ''}\n`);
        }
      }
      // Said once, not per line: every wire-less result has the same reason.
      const unchecked = results.filter((r) => r.wire.status === 'skipped');
      if (unchecked.length > 0) {
        out.write(`  ${dim(`wire assertions not checked in ${unchecked.length} results: ${oneLine(unchecked[0]!.wire.reason ?? 'no capture')}`)}\n`);
      }
      if (report.loadErrors.length > 0) {
        out.write(`  ${paint('1;35', 'LOAD ERROR')} ${report.loadErrors.length}\n`);
        for (const e of report.loadErrors) out.write(`    ${oneLine(e.file)}${dim(` — ${indent(e.message, '      ')}`)}\n`);
      }
    },
  };
};
