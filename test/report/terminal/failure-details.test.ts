// A failure in full on the terminal says what the TAP says: the step, wanted, found, steps, segments, agents.
import t from 'tap';
import { parse } from 'yaml';
import { failureDetails } from '../../../harness/report/terminal/failure-details.ts';
import { painter } from '../../../harness/report/terminal/paint.ts';
import { tapDiagnostic } from '../../../harness/report/tap-writer.ts';
import { everyStatus } from '../../fixtures/case-results.ts';

const [, fail, , , unexpectedPass, , crash] = everyStatus();

t.test('a mark and the name, then the TAP diagnostic as YAML, indented', async (t) => {
  const text = failureDetails(fail!, { paint: painter(false) });
  const [head, ...body] = text.split('\n');
  t.match(head, /^✗fail close\/unread-data-sends-rst \[node\] /);
  const back = parse(body.map((l) => l.replace(/^ {4}/, '')).join('\n')) as Record<string, unknown>;
  t.same(back, JSON.parse(JSON.stringify(tapDiagnostic(fail!))), 'reads back as the TAP diagnostic');
  t.match(text, /^ {4}at: step 6 \(client reads the reset\)$/m);
  t.match(text, /^ {4}wanted: EOF$/m);
  t.match(text, /^ {4}found: ECONNRESET \(read\)$/m);
  t.match(text, /^ {6}- 6 client recv \(client reads the reset\) → ECONNRESET .*✗ wanted EOF$/m, 'the steps, from format-step');
  t.match(text, /^ {4}segments:\n {6}- .*SYN/m, 'the segments');
});

t.test('a lone failure is not listed twice', async (t) => {
  const one = { ...fail!, failures: fail!.failures.slice(0, 1) };
  t.notMatch(failureDetails(one, { paint: painter(false) }), /failures:/);
  t.match(failureDetails(fail!, { paint: painter(false) }), /failures:/, 'two are');
});

t.test('trouble shows its reason and the stderr of the agent that died', async (t) => {
  const text = failureDetails(crash!, { paint: painter(false) });
  t.match(text, /^⚠crash rst\/never-acknowledged \[c\]/);
  t.match(text, /reason: server exited while a request was outstanding/);
  t.match(text, /Segmentation fault/);
  t.notMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/, 'control characters in the stderr are escaped, not sent');
});

t.test('an unexpected pass names the divergence that did not happen', async (t) => {
  t.match(failureDetails(unexpectedPass!, { paint: painter(false) }), /reason: Node synthesizes EPIPE on the first write\n {4}source: nodejs docs/);
});

t.test('with colour: at, wanted and found stand out; without: no escape', async (t) => {
  const coloured = failureDetails(fail!, { paint: painter(true) });
  t.match(coloured, /^ {4}\u001b\[32mwanted:\u001b\[0m EOF$/m);
  t.match(coloured, /^ {4}\u001b\[31mfound:\u001b\[0m /m);
  t.notMatch(failureDetails(fail!, { paint: painter(false) }), /\u001b/);
});
