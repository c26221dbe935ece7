// A wire failure's segments, one per line in the terminal's failure details: made by the real wire check, read back by a YAML parser.
import t from 'tap';
import { parse } from 'yaml';
import { checkRule } from '../../../harness/verdict/check-wire.ts';
import { failureDetails, segmentsPerLine } from '../../../harness/report/terminal/failure-details.ts';
import { painter } from '../../../harness/report/terminal/paint.ts';
import type { Failure } from '../../../harness/result/case-result.ts';
import { caseResult, segment } from '../../fixtures/case-results.ts';

/** A short connection that closes with a FIN where a reset was wanted: six segments. */
const SEGMENTS = [
  segment({ from: 'client', flags: ['SYN'], seq: 100, ack: 0 }),
  segment({ from: 'server', flags: ['SYN', 'ACK'], seq: 900, ack: 101 }),
  segment({ from: 'client', flags: ['ACK'], seq: 101, ack: 901 }),
  segment({ from: 'client', flags: ['PSH', 'ACK'], seq: 101, ack: 901, len: 6 }),
  segment({ from: 'server', flags: ['ACK'], seq: 901, ack: 107 }),
  segment({ from: 'server', flags: ['FIN', 'ACK'], seq: 901, ack: 107 }),
];
const BRIEFS = ['client [SYN] seq 100 ack 0 len 0', 'server [SYN, ACK] seq 900 ack 101 len 0', 'client [ACK] seq 101 ack 901 len 0',
  'client [PSH, ACK] seq 101 ack 901 len 6', 'server [ACK] seq 901 ack 107 len 0', 'server [FIN, ACK] seq 901 ack 107 len 0'];

const present = checkRule({ rule: 'present', segment: { from: 'server', flags: ['RST'] } }, SEGMENTS)!;
const sequence = checkRule({ rule: 'sequence', segments: [{ from: 'client', flags: ['SYN'] }, { from: 'server', flags: ['RST'] }] }, SEGMENTS)!;
const counted = checkRule({ rule: 'count', segment: { from: 'server', flags: ['RST'] }, min: 1 }, SEGMENTS)!;

t.test('the wire check joins the segments on one line (what this layout undoes)', async (t) => {
  t.equal(present.found, BRIEFS.join('; '));
  t.ok(present.found.length > 200, `one ${present.found.length}-character line`);
});

t.test('each segment on a line of its own, and the words before the first one on theirs', async (t) => {
  t.equal(segmentsPerLine(present).found, `${BRIEFS.join('\n')}\n`);
  t.equal(segmentsPerLine(sequence).found, `no server [RST] after the first 1 matched\nsegments:\n${BRIEFS.join('\n')}\n`);
  t.equal(segmentsPerLine(counted).found, `0: none among\n${BRIEFS.join('\n')}\n`);
});

t.test('negative controls: a step failure, and a wire failure naming one segment, are left as they are', async (t) => {
  const step: Failure = { at: 'step 6 (client reads the reset)', wanted: 'ECONNRESET', found: 'EOF; then nothing' };
  t.same(segmentsPerLine(step), step);
  const absent = checkRule({ rule: 'absent', segment: { from: 'server', flags: ['FIN'] } }, SEGMENTS)!;
  t.same(segmentsPerLine(absent), absent);
});

t.test('the failure details show them one per line, and the YAML reads back to the same segments', async (t) => {
  const r = caseResult({ status: 'fail', expected: false, failures: [{ at: 'step 6 (client reads the reset)', wanted: 'ECONNRESET', found: 'EOF' }, present] });
  const text = failureDetails(r, { paint: painter(false) });
  for (const brief of BRIEFS) t.match(text, new RegExp(`^ {10}${brief.replace(/[[\]]/g, '\\$&')}$`, 'm'), brief);
  t.notOk(text.split('\n').some((l) => l.length > 160), 'no line longer than 160 characters');
  const back = parse(text.split('\n').slice(1).map((l) => l.replace(/^ {4}/, '')).join('\n')) as { failures: Failure[] };
  t.same(back.failures[1]!.found.trimEnd().split('\n'), BRIEFS);
});
