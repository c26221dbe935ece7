// One readable line per step and per agent ending: the transcript a reader scans first.
import type { AgentEnd, StepRecord } from '../result/case-result.ts';
import type { SocketError } from '../protocol/messages.ts';

/** Request fields that the step line already shows, or that name sockets rather than behaviour. */
const HIDDEN_FIELDS = new Set(['id', 'op', 'sock', 'as']);
const MAX_TEXT = 40;

const text = (s: string): string => JSON.stringify(s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s);

const field = (key: string, value: unknown): string => {
  if (value === true) return key;
  if (typeof value === 'string') return `${key}=${text(value)}`;
  if (typeof value === 'number' || value === false || value === null) return `${key}=${String(value)}`;
  return `${key}=${JSON.stringify(value) ?? String(value)}`;
};

/** `data` is the payload, shown bare; everything else as key=value. */
const args = (request: Record<string, unknown>): string =>
  Object.entries(request)
    .filter(([key, value]) => !HIDDEN_FIELDS.has(key) && value !== undefined)
    .map(([key, value]) => (key === 'data' && typeof value === 'string' ? text(value) : field(key, value)))
    .map((s) => ` ${s}`)
    .join('');

/** "0.04 ms", "12.3 ms", "2003 ms": enough digits to compare, no more. */
export const formatMs = (ms: number): string =>
  `${ms < 10 ? ms.toFixed(2) : ms < 1000 ? ms.toFixed(1) : ms.toFixed(0)} ms`;

/** "ECONNRESET (recv)", "EPIPE (synthesized by the runtime)", "ECONNRESET [ConnectionReset]". */
export const formatSocketError = (e: SocketError): string => {
  const notes: string[] = [];
  if (e.syscall) notes.push(e.syscall);
  if (e.synthesized) notes.push('synthesized by the runtime');
  if (e.timeout) notes.push('agent timeout');
  if (e.errno === null) notes.push('no errno');
  const runtimeName = e.errno !== null && e.name !== e.errno ? ` [${e.name}]` : '';
  return `${e.errno ?? e.name}${runtimeName}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
};

const outcome = (step: StepRecord): string => {
  if (step.unsupported !== undefined) return `unsupported: ${step.unsupported}`;
  if (step.error) return formatSocketError(step.error);
  if (step.ok === true) return `ok${step.value ? args(step.value) : ''}`;
  if (step.ok === false) return 'failed';
  return 'no reply';
};

const verdict = (step: StepRecord): string => {
  if (step.verdict === 'mismatch') return ` ✗ wanted ${step.wanted ?? '(unstated)'}`;
  if (step.verdict === 'ok' && step.wanted !== undefined) return ' ✓';
  return '';
};

/** `3 client send "hello" → ok bytes=5 (0.04 ms)`; `6 client recv → ECONNRESET (recv) ✗ wanted EOF`. */
export const formatStep = (step: StepRecord): string => {
  const head = `${step.index} ${step.role} ${step.op}${args(step.request)}`;
  const label = step.label && step.label !== `${step.role} ${step.op}` ? ` (${step.label})` : '';
  const background = step.background === undefined ? '' : ` [in the background, awaited at step ${step.background.awaitedAt}]`;
  const time = step.t ? ` (${formatMs(step.t.ms)})` : '';
  return `${head}${label}${background} → ${outcome(step)}${time}${verdict(step)}`.replace(/[\r\n]+/g, ' ');
};

const ending = (a: AgentEnd): string => {
  const code = a.exitCode !== null ? ` (code ${a.exitCode})` : '';
  switch (a.how) {
    case 'exited': return `exited${code}`;
    case 'terminated': return `needed SIGTERM${code}`;
    case 'killed': return `needed SIGKILL${code}`;
    case 'crashed': return `crashed${a.signal ? ` (signal ${a.signal})` : code}`;
    case 'never-started': return 'never started';
    case 'killed-by-step': return 'SIGKILLed by a kill step';
  }
};

/** "server node pid 4242 exited (code 0)", "client c pid 77 crashed (signal SIGSEGV)". */
export const formatAgentEnd = (a: AgentEnd): string =>
  `${a.role} ${a.runtime}${a.pid !== null ? ` pid ${a.pid}` : ''} ${ending(a)}`;

/** An agent that left on stdin EOF with code 0, or was killed on purpose, needs no stderr in the report. */
export const endedCleanly = (a: AgentEnd): boolean => (a.how === 'exited' && a.exitCode === 0) || a.how === 'killed-by-step';
