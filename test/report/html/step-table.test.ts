import t from 'tap';
import { observedCell, requestArgs, stepTable } from '../../../harness/report/html/step-table.ts';
import { step } from '../../fixtures/case-results.ts';
import { HOSTILE, resetSteps } from './html-fixture.ts';
import { attrs, withFragment } from './parse-fragment.ts';

t.test('a row per step: index, role, the call and its arguments, the label, the outcome, time, wanted and verdict', async (t) => {
  withFragment(stepTable(resetSteps()), (doc) => {
    const rows = doc.find('//tbody/tr');
    t.equal(rows.length, 5);
    t.same(attrs(doc, '//tbody/tr/td[1]'), ['1', '2', '3', '4', '5']);
    t.equal(rows[2]?.get('td[3]')?.content, 'send "hello"');
    t.equal(rows[3]?.get('td[3]')?.content, 'kill', 'a harness step shows no socket arguments');
    t.equal(rows[4]?.get('td[3]')?.content, 'recv timeoutMs=2000');
    t.equal(rows[4]?.get('td[6]')?.content, '896.0 ms');
    t.equal(rows[4]?.get('td[7]')?.content, 'ECONNRESET');
    t.equal(rows[4]?.get('td[8]')?.content, '✓');
  });
});

t.test('an error shows the portable errno, the runtime\'s own name, the syscall, synthesized, and the message', async (t) => {
  withFragment(observedCell(resetSteps()[4]!), (doc) => {
    t.equal(doc.get('//span[@class="errno"]')?.content, 'ECONNRESET');
    t.equal(doc.get('//span[@class="ename"]')?.content, 'ConnectionResetError');
    t.match(doc.get('/root')?.content, 'syscall recv');
    t.equal(doc.find('//span[@class="synth"]').length, 0);
    t.equal(doc.get('//div[@class="msg"]')?.content, '[Errno 104] Connection reset by peer');
  });
  const epipe = step({ ok: false, error: { errno: 'EPIPE', name: 'EPIPE', synthesized: true, syscall: null, message: 'This socket has been ended by the other party' } });
  withFragment(observedCell(epipe), (doc) => {
    t.equal(doc.find('//span[@class="ename"]').length, 0, 'the same name is not repeated');
    t.equal(doc.get('//span[@class="synth"]')?.content, 'synthesized');
  });
  const noErrno = step({ ok: false, error: { errno: null, name: 'ERR_SOCKET_CLOSED', synthesized: true, syscall: null, message: '' } });
  withFragment(observedCell(noErrno), (doc) => {
    t.equal(doc.get('//span[@class="errno"]')?.content, 'no errno');
    t.equal(doc.get('//span[@class="ename"]')?.content, 'ERR_SOCKET_CLOSED');
  });
});

t.test('ok with its value, EOF, unsupported, no reply', async (t) => {
  t.equal(observedCell(step()), '<span class="okv">ok</span> bytes=5');
  t.equal(observedCell(step({ value: { eof: true } })), '<span class="okv">ok</span> EOF');
  t.match(observedCell(step({ ok: false, value: undefined, unsupported: 'Deno has no SO_LINGER' })), 'unsupported</span> Deno has no SO_LINGER');
  t.equal(observedCell(step({ ok: null, value: undefined })), '<span class="muted">no reply</span>');
});

t.test('a mismatch is marked on its row; arguments are shown shortened and escaped', async (t) => {
  withFragment(stepTable([step({ verdict: 'mismatch', wanted: 'EOF', request: { op: 'send', data: HOSTILE.repeat(3) } })]), (doc) => {
    t.equal(doc.get('//tbody/tr/@class')?.content, 'mismatch');
    t.equal(doc.get('//tbody/tr/td[8]')?.content, '✗');
    t.equal(doc.find('//script | //img').length, 0);
  });
  t.equal(requestArgs({ id: 1, op: 'x', sock: 's', as: 'a', host: '127.0.0.1', reuseAddr: true, data: 'x'.repeat(80) }), `host="127.0.0.1" reuseAddr "${'x'.repeat(59)}…"`);
  t.equal(stepTable([]), '<p class="muted">No step was run.</p>');
});
