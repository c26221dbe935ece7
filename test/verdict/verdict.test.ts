import t from 'tap';
import type { Divergence } from '../../harness/case/case-types.ts';
import { verdict, type Checked } from '../../harness/verdict/verdict.ts';

const failure = (at: string) => ({ at, wanted: 'ECONNRESET', found: 'EOF' });
const nodeEof: Divergence = { runtime: 'node', verified: true, reason: 'Node reads ahead', source: 'lib/net.js', steps: { reads: { eof: true } } };
const nodeClosed: Divergence = { runtime: 'node', verified: true, reason: 'Node destroys after an error', source: 'destroy.js' };
const darwin: Divergence = { platform: 'darwin', verified: false, reason: 'BSD sends FIN', source: 'tcp_usrreq.c' };

const passed: Checked = { failure: null, divergence: null, matchesKernel: true };
const failed: Checked = { failure: failure('step 2 (reads)'), divergence: null, matchesKernel: false };
const usedBy = (d: Divergence): Checked => ({ failure: null, divergence: d, matchesKernel: false });

t.test('no checks, or all held with no divergence: pass', async (t) => {
  t.same(verdict([], []), { status: 'pass' });
  t.same(verdict([passed, passed], [nodeEof]), { status: 'pass' }, 'an applicable divergence that set nothing is not used');
});

t.test('a plain mismatch: fail', async (t) => {
  t.same(verdict([passed, failed], []), { status: 'fail' });
});

t.test('a divergence set what was wanted and it held: divergence, with reason and source', async (t) => {
  t.same(verdict([passed, usedBy(nodeEof)], [nodeEof]), { status: 'divergence', reason: 'Node reads ahead', source: 'lib/net.js' });
});

t.test('several divergences used: reasons and distinct sources joined, in applied order', async (t) => {
  const sameSource = { ...nodeClosed, source: 'lib/net.js' };
  t.same(verdict([usedBy(sameSource), usedBy(nodeEof)], [nodeEof, sameSource]), {
    status: 'divergence', reason: 'Node reads ahead / Node destroys after an error', source: 'lib/net.js',
  });
  t.same(verdict([usedBy(nodeClosed), usedBy(nodeEof)], [nodeEof, nodeClosed]).source, 'lib/net.js ; destroy.js');
});

t.test('an unverified divergence is marked as such', async (t) => {
  t.same(verdict([usedBy(darwin), usedBy(nodeEof)], [darwin, nodeEof]), {
    status: 'divergence', reason: '(unverified) BSD sends FIN / Node reads ahead', source: 'tcp_usrreq.c ; lib/net.js',
  });
});

t.test('the divergence did not happen: the steps showed the kernel behaviour → unexpected-pass', async (t) => {
  const kernelSeen: Checked = { failure: failure('step 6 (reads)'), divergence: nodeEof, matchesKernel: true };
  t.same(verdict([passed, kernelSeen], [nodeEof]), {
    status: 'unexpected-pass',
    reason: 'documented divergence did not happen (the kernel-layer behaviour was observed): Node reads ahead',
    source: 'lib/net.js',
  });
});

t.test('mixed: one divergence stopped, another mismatch is plain wrong → fail', async (t) => {
  const kernelSeen: Checked = { failure: failure('step 6'), divergence: nodeEof, matchesKernel: true };
  t.same(verdict([kernelSeen, failed], [nodeEof]), { status: 'fail' });
  const neither: Checked = { failure: failure('step 7'), divergence: nodeClosed, matchesKernel: false };
  t.same(verdict([kernelSeen, neither], [nodeEof, nodeClosed]), { status: 'fail' }, 'matched neither the divergence nor the kernel');
  t.same(verdict([usedBy(nodeEof), failed], [nodeEof]), { status: 'fail' }, 'a used divergence does not excuse another failure');
});
