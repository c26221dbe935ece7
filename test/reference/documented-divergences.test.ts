import t from 'tap';
import { otherDivergences, platformNotes, usedInRuns } from '../../harness/reference/documented-divergences.ts';
import type { PlacedResult } from '../../harness/reference/placed-result.ts';
import { placed, referenceResults, unreadCase } from './fixtures/reference-report.ts';

const kase = unreadCase();
const runs: PlacedResult[] = placed(referenceResults().filter((r) => r.id === kase.id));

t.test('usedInRuns: the divergences some result was judged by', async (t) => {
  t.same([...usedInRuns(kase, runs)], [kase.divergences[1]]);
});

t.test('platformNotes: each platform difference, unverified until measured', async (t) => {
  t.same(platformNotes(kase, runs), [
    '- **macOS (darwin)** (**unverified**)',
    '  - step 6, *client reads the reset*: EOF (the kernel layer: ECONNRESET)',
    '  - why: macOS may send FIN_WAIT data',
    '  - source: freebsd-src sys/netinet/tcp_usrreq.c tcp_disconnect() (unverified)',
  ]);
  const onDarwin = runs.map((r) => (r.result.runtime === 'c'
    ? { platform: 'darwin', os: 'darwin', family: 'ipv4' as const, result: { ...r.result, status: 'divergence' as const, reason: '(unverified) macOS may send FIN_WAIT data' } }
    : r));
  t.match(platformNotes(kase, onDarwin)[0], '(measured here)', 'a darwin result judged by it measures it');
  const darwinRunNotJudged = [...runs, ...placed([runs[0]!.result], 'darwin')];
  t.match(platformNotes(kase, darwinRunNotJudged)[0], '(not seen in these runs)', 'a darwin run that passed without it did not show it');
  const bunOnDarwin = { ...kase, divergences: [{ platform: 'darwin' as const, runtime: 'bun', role: 'client' as const, verified: false, reason: 'r', source: 's', steps: { 'client reads the reset': { eof: true } } }] };
  t.match(platformNotes(bunOnDarwin, darwinRunNotJudged)[0], '(**unverified**)', 'darwin runs without bun could not show a bun divergence');
  t.same(platformNotes({ ...kase, divergences: [{ platform: 'win32', runtime: 'c', role: 'client', verified: true, reason: 'r', source: 's' }] }, runs),
    ['- **Windows (win32)**, **c** as the client (verified)', '  - why: r', '  - source: s']);
});

t.test('otherDivergences: runtime divergences no result here was judged by (pairs, runtimes not run)', async (t) => {
  t.same(otherDivergences(kase, runs), [
    '- **node** as the client, against a c server (verified)',
    '  - step 7, *later reads return EOF*: an error with no errno, named ERR_SOCKET_CLOSED, synthesized by the runtime (the kernel layer: EOF)',
    '  - why: Node destroys the socket after ECONNRESET',
    '  - source: destroy.js; measured with --pair c:node',
  ]);
  t.same(otherDivergences(kase, []).filter((line) => line.startsWith('- ')), [
    '- **node** as the server (verified)',
    '- **node** as the client, against a c server (verified)',
  ], 'with no results, both of node\'s are told');
});
