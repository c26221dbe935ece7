import t from 'tap';
import { caseReference } from '../../harness/reference/case-reference.ts';
import type { PlacedResult } from '../../harness/reference/placed-result.ts';
import { orderRuns } from '../../harness/reference/reference-document.ts';
import { BY_NAME } from '../../harness/reference/case-order.ts';
import { placed, referenceResults, unreadCase } from './fixtures/reference-report.ts';

const kase = unreadCase();
const runs: PlacedResult[] = orderRuns(placed(referenceResults().filter((r) => r.id === kase.id)), BY_NAME);

t.test('one case: description, stimulus, the kernel layer, each runtime, other runs, platforms, references', async (t) => {
  t.equal(caseReference(kase, runs, { mainPlatform: 'linux', several: false }), `### \`close/unread-data-sends-rst\`

Closing with unread data sends RST instead of FIN; the peer reads ECONNRESET, then EOF

Tags: \`headline\`, \`close\`, \`rst\`. Topology: one host (both roles on 127.0.0.1, or ::1 over IPv6).

**Stimulus**

1. server listens on 127.0.0.1 (\`l\`)
2. client connects to \`l\` (\`c\`)
3. server accepts a connection on \`l\` (\`s\`)
4. client sends \`"bytes never read"\` on \`c\`
5. server closes \`s\`: *server closes with unread data*
6. client reads from \`c\`: *client reads the reset*
7. client reads from \`c\`: *later reads return EOF*
8. the harness lists the kernel's sockets on the case's ports (ss): *no socket is left*

**What the kernel does** (as the case declares it; the C agent here: as declared)

- step 6, *client reads the reset*: ECONNRESET (recv)
- step 7, *later reads return EOF*: EOF
- step 8, *no socket is left*: no socket left on the connection (only the listener)
- on the wire: the server sends a RST+ACK (the close resets the connection)
- on the wire: the server sends no FIN

**What each runtime does**

Variants, run beside the idiomatic program: \`pauseOnConnect\` (node: Node does not read until asked).

- **c**, **node** \`pauseOnConnect\`: as the kernel layer
- **node**: differs from the kernel layer, as documented
  - step 6, *client reads the reset*: EOF (the kernel layer: ECONNRESET)
  - on the wire instead: the server sends a FIN
  - why: Node reads eagerly, so its close sends FIN
  - source: nodejs/node lib/net.js; measured here
- **python**: as the kernel layer (ECONNRESET as ConnectionResetError)
- **deno**: skipped: deno cannot close: no reason at all

**Documented for other runs** (cross-runtime pairs, \`--pair S:C\`, or runtimes and variants not run here)

- **node** as the client, against a c server (verified)
  - step 7, *later reads return EOF*: an error with no errno, named ERR_SOCKET_CLOSED, synthesized by the runtime (the kernel layer: EOF)
  - why: Node destroys the socket after ECONNRESET
  - source: destroy.js; measured with --pair c:node

**Where platforms differ**

- **macOS (darwin)** (**unverified**)
  - step 6, *client reads the reset*: EOF (the kernel layer: ECONNRESET)
  - why: macOS may send FIN_WAIT data
  - source: freebsd-src sys/netinet/tcp_usrreq.c tcp_disconnect() (unverified)

**References**: RFC 9293 §3.6.1 (SHLD-3); RFC 2525 §2.17`);
});

t.test('several platforms: every statement names its platform; a variant shared by runtimes has no one runtime\'s description', async (t) => {
  const both = [...runs, ...runs.map((r) => ({ ...r, platform: 'darwin', os: 'darwin' }))];
  const text = caseReference({ ...kase, variants: [{ name: 'pauseOnConnect', description: "Bun's words", runtimes: ['node', 'bun'] }] }, both, { mainPlatform: 'linux', several: true });
  t.match(text, '- **c**, **node** `pauseOnConnect` on Linux and macOS: as the kernel layer');
  t.match(text, 'Variants, run beside the idiomatic program: `pauseOnConnect` (bun, node).');
});

t.test('a case nothing ran', async (t) => {
  t.match(caseReference(kase, [], { mainPlatform: 'linux', several: false }), '**What each runtime does**\n\nVariants, run beside the idiomatic program: `pauseOnConnect` (node: Node does not read until asked).\n\n- no results for this case');
});
