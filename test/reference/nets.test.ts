// The reference over nets (--net): the kernel's results make the reference; each other net a section with its matrix and what differs there.
import t from 'tap';
import { referenceDocument } from '../../harness/reference/reference-document.ts';
import { BY_NAME } from '../../harness/reference/case-order.ts';
import type { CaseResult } from '../../harness/result/case-result.ts';
import { referenceReport, referenceResults } from './fixtures/reference-report.ts';

const onMptcp = (rs: CaseResult[]): CaseResult[] => rs.map((r) => ({ ...r, net: 'mptcp', name: r.name.replace(']', ', mptcp]') }));

t.test('an mptcp section beside the kernel reference, which its results do not change', async (t) => {
  const all = referenceResults();
  const bent = onMptcp(all).map((r) => (r.runtime === 'c' && r.id === 'connect/refused-closed-port'
    ? { ...r, status: 'divergence' as const, reason: 'MPTCP says so', source: 'net/mptcp/protocol.c f()' } : r));
  const doc = referenceDocument(referenceReport({ results: [...all, ...bent] }), BY_NAME);
  const [kernelPart, netPart] = doc.split('## On the `mptcp` net');
  t.ok(netPart !== undefined, 'a section for the net');
  t.match(netPart, /Multipath TCP \(RFC 8684/, "the net's summary");
  t.match(netPart, /\| \[`connect\/refused-closed-port`\]\(#connectrefused-closed-port\) \| div\. \|/, 'its matrix: C differs there');
  t.match(netPart, '  - **c** differs: MPTCP says so (source: net/mptcp/protocol.c f())');
  t.notMatch(kernelPart, 'MPTCP says so', 'the kernel reference is not told the net\'s divergence');
  // The control: the same results without the mptcp ones give the same kernel reference and no net section.
  const kernelOnly = referenceDocument(referenceReport({ results: all }), BY_NAME);
  t.notMatch(kernelOnly, '## On the');
  t.equal(`${kernelPart!.trimEnd()}\n`, kernelOnly, 'the kernel part is the kernel-only reference');
});
