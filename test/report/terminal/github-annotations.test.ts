// Each unexpected result becomes one `::error` annotation on its case file, on a stream of its own beside the TAP.
import { Writable } from 'node:stream';
import t from 'tap';
import { annotation, annotationMessage, githubAnnotations } from '../../../harness/report/terminal/github-annotations.ts';
import { combineReporters } from '../../../harness/report/terminal/combine-reporters.ts';
import { tapReporter } from '../../../harness/report/reporters/tap.ts';
import { everyStatus, platform, runReport } from '../../fixtures/case-results.ts';
import { parseTap } from '../../helpers/parse-tap.ts';

const collector = (): { stream: Writable; text: () => string } => {
  let text = '';
  return { stream: new Writable({ write(chunk: Buffer, _enc, done) { text += chunk.toString(); done(); } }), text: () => text };
};

/** Runs the fixture results through the TAP reporter and the annotations, each on its own stream. */
const runBoth = (): { tap: string; annotations: string } => {
  const out = collector();
  const err = collector();
  const report = runReport();
  const reporter = combineReporters(tapReporter(out.stream, { color: false }), githubAnnotations(err.stream, (id) => `suites/${id}.ts`));
  reporter.start({ total: report.results.length, platform: platform() });
  report.results.forEach((r, i) => reporter.result(r, i));
  reporter.end(report);
  return { tap: out.text(), annotations: err.text() };
};

t.test('one annotation per fail, unexpected pass, error, crash and timeout, and per load error; none for the rest', async (t) => {
  const lines = runBoth().annotations.split('\n').filter(Boolean);
  t.equal(lines.length, 6, '5 unexpected results and 1 load error');
  for (const line of lines) t.match(line, /^::error file=[^,:]+,title=[^:]*::/, 'a workflow command with the file and a title');
  t.same(lines.map((l) => /title=sockspec ([\w-]+)/.exec(l)?.[1]), ['fail', 'unexpected-pass', 'error', 'crash', 'timeout', 'load']);
  t.match(lines[0], /^::error file=suites\/close\/unread-data-sends-rst\.ts,/, 'on the case file');
  t.match(lines[5], /^::error file=suites\/close\/broken\.ts,title=sockspec load error%3A suites\/close\/broken\.ts::/, 'a load error on its file');
});

t.test('the message has the case, the step, what was wanted and what was found', async (t) => {
  const fail = everyStatus()[1]!;
  const message = annotationMessage(fail);
  t.match(message, /^close\/unread-data-sends-rst \[node\] [^\n]*second line[^\n]*: fail\n/, 'the name on one line');
  t.match(message, /\nat step 6 \(client reads the reset\)\n {2}wanted: EOF\n {2}found: ECONNRESET \(read\)\n/);
  t.match(message, /\nat wire\n/, 'every failure, not only the first');
  const line = annotation(fail, 'suites/close/unread-data-sends-rst.ts');
  t.match(line, /::close\/unread-data-sends-rst \[node\][^\n]*: fail%0Aat step 6 \(client reads the reset\)%0A  wanted: EOF%0A  found: ECONNRESET \(read\)%0A/);
  t.equal(line.indexOf('\n'), line.length - 1, 'one line, however many lines the message has');
});

t.test('trouble carries its reason and how the agents ended; an unexpected pass its divergence and source', async (t) => {
  const [, , , , unexpectedPass, , crash] = everyStatus();
  t.match(annotationMessage(crash!), /: crash\nserver exited while a request was outstanding\nserver c pid 4242 crashed \(signal SIGSEGV\)/);
  t.match(annotationMessage(unexpectedPass!), /the documented divergence did not happen: Node synthesizes EPIPE on the first write\nsource: nodejs docs/);
});

t.test('a case whose file is unknown is annotated on suites/<id>.ts', async (t) => {
  const err = collector();
  githubAnnotations(err.stream, () => undefined).result(everyStatus()[1]!, 0);
  t.match(err.text(), /^::error file=suites\/close\/unread-data-sends-rst\.ts,/);
});

t.test('the TAP on its own stream stays strictly parseable beside the annotations', async (t) => {
  const { tap } = runBoth();
  const parsed = await parseTap(tap);
  t.same(parsed.tapErrors, [], 'no non-TAP line');
  t.equal(parsed.final.count, 9);
  t.notMatch(tap, /^\s*::/m, 'no workflow command in the TAP');
});

t.test('why not in the TAP stream: strict tap-parser rejects a `::` line anywhere, even after the plan', async (t) => {
  const { tap, annotations } = runBoth();
  const first = annotations.split('\n')[0]!;
  const plan = tap.lastIndexOf('1..');
  for (const [where, text] of [
    ['before the first point', tap.replace('\nok 1 ', `\n${first}\nok 1 `)],
    ['before the plan', `${tap.slice(0, plan)}${first}\n${tap.slice(plan)}`],
    ['after the plan', `${tap}${first}\n`],
    ['indented after the plan (the runner trims leading spaces)', `${tap}    ${first}\n`],
  ]) {
    const parsed = await parseTap(text!);
    t.ok(parsed.tapErrors.length > 0, `${where}: a strict parse error`);
  }
});
