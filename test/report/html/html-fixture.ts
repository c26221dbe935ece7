// A report for the page's tests: every status, declared cases, a captured connection, hostile text, several platforms.
import type { CaseResult, RunReport, Segment, StepRecord } from '../../../harness/result/case-result.ts';
import type { CaseInfo } from '../../../harness/result/case-info.ts';
import { caseResult, everyStatus, runReport, segment, step, WEIRD } from '../../fixtures/case-results.ts';

/** Markup and script that must stay text: if any of it became an element, a request or a run script would show it. */
export const HOSTILE = `<script>window.pwned=1</script><img src="http://example.invalid/x.png" onerror="window.pwned=2"> &amp; ]]> --> <!-- ${WEIRD}`;

const T0 = 1732170000000;

/** A connection, a reset and the reader's ECONNRESET, with times on one clock. */
export const resetSegments = (): Segment[] => [
  segment({ time: T0 + 1.0, from: 'client', flags: ['SYN'], seq: 1000, relSeq: 0 }),
  segment({ time: T0 + 1.02, from: 'server', flags: ['SYN', 'ACK'], seq: 5000, ack: 1001, relSeq: 0, relAck: 1, src: '127.0.0.1:5000', dst: '127.0.0.1:40000' }),
  segment({ time: T0 + 1.03, from: 'client', flags: ['ACK'], seq: 1001, ack: 5001, relSeq: 1, relAck: 1 }),
  segment({ time: T0 + 3.0, from: 'client', flags: ['PSH', 'ACK'], seq: 1001, ack: 5001, relSeq: 1, relAck: 1, len: 5 }),
  // A long idle gap: the axis cuts it.
  segment({ time: T0 + 900, from: 'server', flags: ['RST', 'ACK'], seq: 5001, ack: 1006, relSeq: 1, relAck: 6, src: '127.0.0.1:5000', dst: '127.0.0.1:40000' }),
];

/** listen, connect, send, a harness step, then a recv that returns ECONNRESET. */
export const resetSteps = (): StepRecord[] => [
  step({ index: 1, label: 'server listen', role: 'server', op: 'listen', request: { op: 'listen', as: 'l', port: 0 }, value: { port: 5000 }, t: { start: T0 + 0.5, ms: 0.1 } }),
  step({ index: 2, label: 'client connect', role: 'client', op: 'connect', request: { op: 'connect', as: 'c', port: 5000 }, value: { localPort: 40000 }, t: { start: T0 + 0.9, ms: 0.3 } }),
  step({ index: 3, label: 'client send', t: { start: T0 + 2.9, ms: 0.05 } }),
  step({ index: 4, label: 'the server process dies', role: 'harness', op: 'kill', request: { target: 'server' }, value: undefined, t: undefined }),
  step({
    index: 5, label: 'client reads the reset', op: 'recv', request: { op: 'recv', sock: 'c', timeoutMs: 2000 }, ok: false, value: undefined,
    error: { errno: 'ECONNRESET', name: 'ConnectionResetError', synthesized: false, syscall: 'recv', message: '[Errno 104] Connection reset by peer' },
    t: { start: T0 + 5, ms: 896 }, wanted: 'ECONNRESET', verdict: 'ok',
  }),
];

/** The declaration of close/unread-data-sends-rst, with a runtime divergence and an unverified platform note. */
export const unreadInfo = (): CaseInfo => ({
  id: 'close/unread-data-sends-rst',
  description: `Closing with unread data sends RST ${HOSTILE}`,
  spec: ['RFC 9293 §3.10.4', 'https://www.rfc-editor.org/rfc/rfc2525#section-2.17.'],
  tags: ['close', 'rst'],
  topology: 'loopback',
  steps: [
    { index: 1, label: 'server listen', role: 'server', op: 'listen' },
    { index: 6, label: 'client reads the reset', role: 'client', op: 'recv', expect: { error: 'ECONNRESET' } },
  ],
  wire: [
    { rule: 'present', segment: { from: 'server', flags: ['RST', 'ACK'] }, why: 'the unread data forces an abort' },
    { rule: 'absent', segment: { from: 'server', flags: ['FIN'] } },
  ],
  divergences: [
    { runtime: 'node', role: 'server', verified: true, reason: `Node reads eagerly ${HOSTILE}`, source: 'https://github.com/nodejs/node/blob/main/lib/net.js', steps: { 'client reads the reset': { eof: true } } },
    { platform: 'darwin', verified: false, reason: 'macOS may send FIN', source: 'FreeBSD tcp_usrreq.c' },
    { runtime: 'bun', role: 'client', peer: ['c', 'python'], variant: 'bun-api', verified: true, reason: 'bun-api', source: 'bun' },
  ],
  variants: [{ name: 'pauseOnConnect', description: 'node:net with pauseOnConnect', runtimes: ['node', 'bun'] }],
});

/** The fixture's results (every status) plus a captured reset on python, a darwin result and a pair. */
export const htmlResults = (): CaseResult[] => [
  ...everyStatus(),
  caseResult({
    id: 'close/unread-data-sends-rst', runtime: 'python', name: 'close/unread-data-sends-rst [python]', runtimeVersion: '3.11.7',
    steps: resetSteps(), capture: { status: 'captured', segments: resetSegments(), pcap: 'pcap/close_unread-data-sends-rst__python.pcap' }, wire: { status: 'checked' },
    agents: [],
  }),
  caseResult({ id: 'close/unread-data-sends-rst', runtime: 'node', name: 'close/unread-data-sends-rst [node] (darwin)', status: 'divergence', reason: 'macOS may send FIN', platform: 'darwin' }),
  caseResult({ id: 'close/unread-data-sends-rst', runtime: 'c:node', name: 'close/unread-data-sends-rst [c:node]' }),
];

/** A whole report around htmlResults, with the declaration of one case. */
export const htmlReport = (overrides: Partial<RunReport> = {}): RunReport =>
  runReport(htmlResults(), { cases: [unreadInfo()], ...overrides });
