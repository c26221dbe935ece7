import t from 'tap';
import { ladderSvg, MAX_SEGMENTS } from '../../../harness/report/html/ladder-svg.ts';
import { segmentLabel } from '../../../harness/report/html/ladder-arrow.ts';
import type { XmlDocument } from 'libxml2-wasm';
import { agentEnd, caseResult, segment, step } from '../../fixtures/case-results.ts';
import { HOSTILE, resetSegments, resetSteps } from './html-fixture.ts';
import { attrs, withFragment } from './parse-fragment.ts';

const svgOf = (overrides = {}): string => ladderSvg(caseResult({
  runtime: 'python', steps: resetSteps(), capture: { status: 'captured', segments: resetSegments() },
  agents: [agentEnd({ role: 'server', runtime: 'python' }), agentEnd({ role: 'client', runtime: 'python' })], ...overrides,
}));

/** SVG elements by local name and class. */
const g = (doc: XmlDocument, cls: string): string => `//*[local-name()='g'][contains(concat(' ', @class, ' '), ' ${cls} ')]`;
const num = (doc: XmlDocument, xpath: string): number => Number(doc.get(xpath)?.content);

t.test('one arrow per segment, from the sender\'s line to the receiver\'s', async (t) => {
  withFragment(svgOf(), (doc) => {
    const arrows = doc.find(g(doc, 'seg'));
    t.equal(arrows.length, resetSegments().length);
    t.same(attrs(doc, `${g(doc, 'seg')}/@data-from`), ['client', 'server', 'client', 'client', 'server']);
    const client = num(doc, "//*[@data-role='client']/@x1");
    const server = num(doc, "//*[@data-role='server']/@x1");
    t.ok(client < server, 'client on the left');
    arrows.forEach((arrow, i) => {
      const x1 = Number(arrow.get("*[local-name()='line']/@x1")?.content);
      const x2 = Number(arrow.get("*[local-name()='line']/@x2")?.content);
      if (resetSegments()[i]?.from === 'client') t.ok(x1 === client && x2 > x1, `arrow ${i} points right`);
      else t.ok(x1 === server && x2 < x1, `arrow ${i} points left`);
    });
  });
});

t.test('arrows are labelled with flags, relative seq/ack and length, and coloured by kind', async (t) => {
  withFragment(svgOf(), (doc) => {
    t.same(attrs(doc, `${g(doc, 'seg')}/*[local-name()='text']`),
      ['SYN seq 0 len 0 win 65495', 'SYN ACK seq 0 ack 1 len 0 win 65495', 'ACK seq 1 ack 1 len 0 win 65495', 'PSH ACK seq 1 ack 1 len 5 win 65495', 'RST ACK seq 1 ack 6 len 0 win 65495']);
    t.same(attrs(doc, `${g(doc, 'seg')}/@class`), ['seg f-syn', 'seg f-syn', 'seg f-ack', 'seg f-data', 'seg f-rst']);
    t.equal(attrs(doc, `${g(doc, 'seg')}/*[local-name()='title']`)[4], '+899.500ms server 127.0.0.1:5000 > client 127.0.0.1:40000 [RST, ACK] seq 1 ack 6 win 65495 len 0 (abs seq 5001 ack 1006)');
  });
  t.equal(segmentLabel(segment({ flags: [], relSeq: 3, len: 0 })), '(no flags) seq 3 len 0 win 65495');
});

t.test('time flows down: arrows in capture order, each lower than the one before', async (t) => {
  withFragment(svgOf(), (doc) => {
    const ys = attrs(doc, `${g(doc, 'seg')}/*[local-name()='line']/@y1`).map(Number);
    t.same([...ys].sort((a, b) => a - b), ys);
    t.equal(new Set(ys).size, ys.length, 'never two on one row');
  });
});

t.test('a call that failed is marked where it returned, on its role\'s line, with the errno', async (t) => {
  withFragment(svgOf(), (doc) => {
    t.equal(doc.find("//*[@class='err-mark']").length, 1);
    const recv = doc.get(`${g(doc, 'err')}`);
    t.match(recv?.get("*[local-name()='text']")?.content, /^5 recv/);
    const start = Number(recv?.get("*[local-name()='rect']/@y")?.content);
    const rst = num(doc, `${g(doc, 'f-rst')}/*[local-name()='line']/@y1`);
    const mark = attrs(doc, "//*[@class='err-mark']/@d")[0] ?? '';
    const [, x, y] = /^M([\d.]+) ([\d.]+)/.exec(mark) ?? [];
    t.equal(Number(x) + 4.5, num(doc, "//*[@data-role='client']/@x1"), 'on the client line');
    t.ok(Number(y) + 4.5 > rst && rst > start, 'the blocking recv returned after the RST arrived');
    t.match(attrs(doc, "//*[local-name()='text'][contains(@class,'ret')]"), ['5 ✕ ECONNRESET (896 ms)']);
  });
});

t.test('a harness step is a dashed line between the calls around it; a long idle gap is cut and said so', async (t) => {
  withFragment(svgOf(), (doc) => {
    t.same(attrs(doc, `${g(doc, 'hstep')}/*[local-name()='text']`), ['4 the server process dies']);
    const ys = (xpath: string): number[] => attrs(doc, xpath).map(Number);
    const [kill] = ys(`${g(doc, 'hstep')}/*[local-name()='line']/@y1`);
    const [send, recv] = ys(`${g(doc, 'call')}[position() >= 3]/*[local-name()='rect']/@y`);
    t.ok(send! < kill! && kill! < recv!, `send ${send} < kill ${kill} < recv ${recv}`);
    t.equal(doc.find(g(doc, 'break')).length, 1);
    t.match(attrs(doc, `${g(doc, 'break')}/*[local-name()='text']`)[0], /^≈ 895 ms$/);
    t.match(attrs(doc, "//*[@class='axis-note']")[0], 'idle gap over 14 ms cut short');
  });
});

t.test('hosts are named with their runtimes, escaped', async (t) => {
  const svg = svgOf({ agents: [agentEnd({ role: 'server', runtime: 'c' }), agentEnd({ role: 'client', runtime: HOSTILE })] });
  withFragment(svg, (doc) => {
    t.same(attrs(doc, "//*[local-name()='g'][@class='host']/*[local-name()='text'][not(@class)]").map((s) => s.slice(0, 12)), ['client · <sc', 'server · c']);
    t.equal(doc.find("//*[local-name()='script'] | //*[local-name()='img']").length, 0);
  });
});

t.test('nothing to place in time: no diagram; calls but no capture: the calls alone', async (t) => {
  t.equal(ladderSvg(caseResult({ steps: [step({ t: undefined })] })), '');
  withFragment(ladderSvg(caseResult({ steps: resetSteps() })), (doc) => {
    t.equal(doc.find(g(doc, 'seg')).length, 0);
    t.equal(doc.find(g(doc, 'call')).length, 4);
  });
});

t.test('a flood of segments stops at the cap and says how many more the pcap has', async (t) => {
  const many = Array.from({ length: MAX_SEGMENTS + 7 }, (_, i) => segment({ time: 1000 + i, flags: ['ACK'] }));
  withFragment(ladderSvg(caseResult({ capture: { status: 'captured', segments: many } })), (doc) => {
    t.equal(doc.find(g(doc, 'seg')).length, MAX_SEGMENTS);
    t.match(attrs(doc, "//*[@class='axis-note']")[0], '7 more segments in the pcap');
  });
});
