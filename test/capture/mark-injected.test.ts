import t from 'tap';
import { labelSegments } from '../../harness/capture/label-segments.ts';
import { CLOCK_SLACK_MS, markInjected } from '../../harness/capture/mark-injected.ts';
import type { StepRecord } from '../../harness/result/case-result.ts';
import { challengeAckRun } from './capture-fixture.ts';

const run = () => {
  const { raw, serverPorts, injectSteps } = challengeAckRun();
  return { segments: labelSegments(raw, serverPorts), steps: injectSteps };
};
const injectedOf = (segments: ReturnType<typeof run>['segments']) => segments.flatMap((s, i) => (s.injected ? [i] : []));

t.test('a real run: exactly the two RSTs the inject steps sent are marked, in the name of the server', async (t) => {
  const { segments, steps } = run();
  const marked = markInjected(segments, steps);
  const hits = injectedOf(marked);
  t.equal(hits.length, 2);
  t.same(hits.map((i) => marked[i]!.seq), steps.map((s) => s.request.seq), 'at the seq each step recorded');
  for (const i of hits) t.match(marked[i], { from: 'server', flags: ['RST'], len: 0 }, 'still `from` the side it spoofs: wire rules see it as before');
  t.equal(marked.filter((s) => !s.injected).length, segments.length - 2, 'everything the kernels sent stays unmarked');
  t.same(injectedOf(segments), [], 'the input is not changed');
});

t.test('negative controls: nothing is marked without a matching record of what was sent, and when', async (t) => {
  const { segments, steps } = run();
  const change = (f: (s: StepRecord) => StepRecord): StepRecord[] => steps.map((s) => f(structuredClone(s)));
  const none = (label: string, altered: StepRecord[]) => t.same(injectedOf(markInjected(segments, altered)), [], label);
  none('another seq', change((s) => ({ ...s, request: { ...s.request, seq: Number(s.request.seq) + 1 } })));
  none('another ack field', change((s) => ({ ...s, request: { ...s.request, ack: 0 } })));
  none('other flags', change((s) => ({ ...s, request: { ...s.request, flags: ['RST', 'ACK'] } })));
  none('swapped addresses', change((s) => ({ ...s, request: { ...s.request, src: s.request.dst, dst: s.request.src } })));
  none('the step failed', change((s) => ({ ...s, ok: false })));
  none('not an inject step', change((s) => ({ ...s, op: 'await' })));
  none('no time recorded (a results file from before)', change((s) => ({ ...s, t: undefined })));
  none('sent long before it was captured', change((s) => ({ ...s, t: { start: s.t!.start - 1000, ms: s.t!.ms } })));
  const late = change((s) => ({ ...s, t: { start: s.t!.start + s.t!.ms + 2 * CLOCK_SLACK_MS, ms: 1 } }));
  none('sent after it was captured', late);
});

t.test('one step marks one segment: a twin sent by the peer later stays the peer\'s', async (t) => {
  const { segments, steps } = run();
  const first = segments.find((s) => s.flags.length === 1 && s.flags[0] === 'RST')!;
  const twin = { ...first, time: first.time + 1 };
  const marked = markInjected([...segments, twin], steps);
  t.equal(marked.filter((s) => s.injected).length, 2);
  t.equal(marked.at(-1)!.injected, undefined);
});
