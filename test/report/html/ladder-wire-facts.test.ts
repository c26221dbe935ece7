// The ladder of a real injected run: each side's address:port, windows in bytes, a SYN's options, the harness's own lane.
import t from 'tap';
import type { XmlDocument } from 'libxml2-wasm';
import { labelSegments } from '../../../harness/capture/label-segments.ts';
import { markInjected } from '../../../harness/capture/mark-injected.ts';
import { ladderSvg } from '../../../harness/report/html/ladder-svg.ts';
import { sideAddresses } from '../../../harness/report/html/ladder-lanes.ts';
import type { Segment } from '../../../harness/result/case-result.ts';
import { agentEnd, caseResult, segment } from '../../fixtures/case-results.ts';
import { challengeAckRun } from '../../capture/capture-fixture.ts';
import { attrs, withFragment } from './parse-fragment.ts';

const real = (): { segments: Segment[]; svg: string; client: string; server: string } => {
  const { raw, serverPorts, injectSteps } = challengeAckRun();
  const segments = markInjected(labelSegments(raw, serverPorts), injectSteps);
  const svg = ladderSvg(caseResult({
    id: 'rst/challenge-ack-in-window', runtime: 'c', steps: injectSteps, capture: { status: 'captured', segments },
    agents: [agentEnd({ role: 'server', runtime: 'c' }), agentEnd({ role: 'client', runtime: 'c' })],
  }));
  return { segments, svg, client: segments[0]!.src, server: segments[0]!.dst };
};
const seg = "//*[local-name()='g'][contains(concat(' ', @class, ' '), ' seg ')]";
const laneX = (doc: XmlDocument, role: string): number => Number(doc.get(`//*[local-name()='line'][@data-role='${role}']/@x1`)?.content);

t.test('each side\'s address:port stands at the top of its lane', async (t) => {
  const { svg, client, server } = real();
  withFragment(svg, (doc) => {
    for (const [role, address] of [['client', client], ['server', server]] as const) {
      const text = doc.get(`//*[local-name()='g'][@data-role='${role}']/*[local-name()='text'][@class='addr']`);
      t.equal(text?.get("text()")?.content, address, `${role} ${address}`);
      t.equal(Number(text?.get('@x')?.content), laneX(doc, role), 'centred on its lane');
    }
  });
  const many = [segment({ src: '10.0.0.2:1' }), segment({ src: '10.0.0.2:2' }), segment({ from: 'server', src: '10.0.0.1:5', dst: '10.0.0.2:3' })];
  t.same(sideAddresses(many, 'client'), ['10.0.0.2:1', '10.0.0.2:2', '10.0.0.2:3'], 'a side with several connections lists each');
  withFragment(ladderSvg(caseResult({ capture: { status: 'captured', segments: many } })), (doc) => {
    t.same(attrs(doc, "//*[local-name()='g'][@data-role='client']/*[@class='addr']/text()"), ['10.0.0.2:1 +2 more']);
    t.same(attrs(doc, "//*[local-name()='g'][@data-role='client']/*[local-name()='title']"), ['client: 10.0.0.2:1, 10.0.0.2:2, 10.0.0.2:3'], 'the box\'s tooltip lists them all');
  });
});

t.test('labels give the window in bytes with its scale; the SYN and SYN-ACK their options on a second line', async (t) => {
  const { svg } = real();
  withFragment(svg, (doc) => {
    const labels = attrs(doc, `${seg}/*[local-name()='text'][not(@class)]`);
    t.equal(labels[0], 'SYN seq 0 len 0 win 65495');
    t.equal(labels[2], 'ACK seq 1 ack 1 len 0 win 65536 (64×2^10)');
    const second = attrs(doc, `${seg}/*[local-name()='text'][@class='second']`);
    t.match(second.slice(0, 2), [/^mss 65495, sackOK, TS val \d+ ecr 0, wscale 10$/, /^mss 65495, sackOK, TS val \d+ ecr \d+, wscale 10$/]);
  });
});

t.test('an injected RST comes from the harness\'s lane, says so, and the server\'s own segments do not', async (t) => {
  const { svg } = real();
  withFragment(svg, (doc) => {
    t.equal(doc.find("//*[local-name()='g'][@data-role='harness']").length, 1, 'a harness box');
    const harness = laneX(doc, 'harness');
    t.ok(harness > laneX(doc, 'client') && harness < laneX(doc, 'server'), 'its lane between the two sides');
    const injected = doc.find(`${seg}[@data-from='harness']`);
    t.equal(injected.length, 2);
    for (const g of injected) {
      t.match(g.get('@class')?.content, /\binjected\b/);
      t.equal(Number(g.get("*[local-name()='line']/@x1")?.content), harness, 'drawn from the harness\'s lane');
      t.ok(Number(g.get("*[local-name()='line']/@x2")?.content) < harness, 'to the client');
      t.equal(g.get("*[local-name()='text'][@class='second']/text()")?.content, 'injected by the harness (raw socket), as if from the server');
      t.match(g.get("*[local-name()='title']/text()")?.content, / harness \(as server [\d.:]+\) > client /);
    }
    const serverArrows = doc.find(`${seg}[@data-from='server']`);
    for (const g of serverArrows) t.equal(Number(g.get("*[local-name()='line']/@x1")?.content), laneX(doc, 'server'), 'the server\'s own start at the server');
  });
});

t.test('negative control: the same run without the injection records draws no harness lane and the RSTs as the server\'s', async (t) => {
  const { raw, serverPorts } = challengeAckRun();
  const segments = labelSegments(raw, serverPorts);
  withFragment(ladderSvg(caseResult({ capture: { status: 'captured', segments } })), (doc) => {
    t.equal(doc.find("//*[local-name()='g'][@data-role='harness']").length, 0);
    t.equal(doc.find(`${seg}[@data-from='harness']`).length, 0);
    t.equal(doc.find(`${seg}[@data-from='server'][contains(@class,'f-rst')]`).length, 2);
  });
});
