import t from 'tap';
import { runDetails } from '../../../harness/report/html/run-details.ts';
import type { CaseResult } from '../../../harness/result/case-result.ts';
import { agentEnd, caseResult, everyStatus } from '../../fixtures/case-results.ts';
import { HOSTILE, htmlResults } from './html-fixture.ts';
import { attrs, withFragment } from './parse-fragment.ts';

const place = { anchor: 'run-x', column: 3, label: 'node pauseOnConnect' };
const render = (r: CaseResult): string => runDetails(r, place);

t.test('a details element with the run\'s id, status class, filter data and a summary line', async (t) => {
  withFragment(render(caseResult()), (doc) => {
    t.equal(doc.get('/root/details/@id')?.content, 'run-x');
    t.equal(doc.get('/root/details/@class')?.content, 'run s-pass');
    t.equal(doc.get('/root/details/@data-s')?.content, 'pass');
    t.equal(doc.get('/root/details/@data-c')?.content, '3');
    t.equal(doc.find('/root/details/@open').length, 0, 'an expected result starts closed');
    t.match(doc.get('//summary')?.content, /^pass node pauseOnConnect v20\.20\.2 · 12\.3 ms/);
  });
});

t.test('results not as expected start open; each status says what its reason is', async (t) => {
  const heads = everyStatus().map((r) => withFragment(render(r), (doc) => [
    doc.find('/root/details/@open').length, doc.get('//div[contains(@class,"why-box")]/b')?.content ?? '',
  ]));
  t.same(heads, [
    [0, ''], [1, ''], [0, 'skipped:'], [0, 'documented divergence:'], [1, 'expected divergence that did not happen:'],
    [1, 'harness trouble (error):'], [1, 'harness trouble (crash):'], [1, 'harness trouble (timeout):'],
  ]);
});

t.test('failures: at, wanted and found, each escaped', async (t) => {
  const fail = everyStatus()[1] as CaseResult;
  withFragment(render(fail), (doc) => {
    const rows = doc.find('//table[@class="failures"]/tbody/tr');
    t.equal(rows.length, 2);
    t.same(rows.map((r) => r.get('td[1]')?.content), ['step 6 (client reads the reset)', 'wire']);
    t.equal(rows[0]?.get('td[3]')?.content, 'ECONNRESET (read)');
  });
});

t.test('capture and wire status, and a link to the kept pcap, relative to the report', async (t) => {
  const captured = htmlResults().find((r) => r.runtime === 'python') as CaseResult;
  withFragment(render(captured), (doc) => {
    t.equal(doc.get('//a[@class="pcap"]/@href')?.content, 'pcap/close_unread-data-sends-rst__python.pcap');
    t.match(doc.get('//p[@class="wire-line"]')?.content, 'wire rules checked · capture 5 segments captured');
    t.equal(doc.find("//*[local-name()='svg']").length, 1, 'the ladder');
  });
  withFragment(render(caseResult({ capture: { status: 'captured', segments: [], pcap: 'javascript:alert(1)' } })), (doc) => {
    t.equal(doc.find('//a[@class="pcap"]').length, 0, 'a path with a scheme is never a link');
  });
  withFragment(render(caseResult()), (doc) => {
    t.match(doc.get('//p[@class="wire-line"]')?.content, 'not checked: no capture · capture no capture: tcpdump not found');
  });
});

t.test('agents: how each ended; stderr tails folded, open for an agent that did not end cleanly', async (t) => {
  const r = caseResult({ agents: [agentEnd({ role: 'server', stderrTail: 'log\n' }), agentEnd({ how: 'crashed', exitCode: null, signal: 'SIGSEGV', stderrTail: HOSTILE })] });
  withFragment(render(r), (doc) => {
    t.same(attrs(doc, '//ul[@class="agents"]/li/@class'), ['', 'unclean']);
    t.same(doc.find('//ul[@class="agents"]/li/details').map((d) => d.get('@open') !== null), [false, true]);
    t.match(doc.get('//ul[@class="agents"]/li[2]/details/pre')?.content, '<script>window.pwned=1</script>');
    t.equal(doc.find('//script | //img').length, 0);
  });
});

t.test('evidence is listed by name', async (t) => {
  withFragment(render(caseResult({ evidence: { 'retransmissions (ms)': [0, 200, 400], 'TcpExtTCPChallengeACK delta': 1 } })), (doc) => {
    t.same(attrs(doc, '//dl[@class="evidence"]/dt'), ['retransmissions (ms)', 'TcpExtTCPChallengeACK delta']);
    t.same(attrs(doc, '//dl[@class="evidence"]/dd'), ['0, 200, 400', '1']);
  });
});
