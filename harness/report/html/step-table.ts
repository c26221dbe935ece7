// What one run observed, step by step: the call, its outcome as the runtime reported it, and the verdict.
import type { StepRecord } from '../../result/case-result.ts';
import type { SocketError } from '../../protocol/messages.ts';
import { formatMs } from '../format-step.ts';
import { escapeHtml } from './escape-html.ts';

/** Request fields the table shows elsewhere, or that name sockets rather than behaviour. */
const HIDDEN = new Set(['id', 'op', 'sock', 'as', 'expect']);
const MAX_TEXT = 60;

const short = (s: string): string => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1)}…` : s);

const shown = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(short(value)) : short(JSON.stringify(value) ?? String(value));

/** ` host=127.0.0.1 timeoutMs=2000 "payload"`: a call's arguments as a reader needs them. */
export const requestArgs = (request: Record<string, unknown>): string =>
  Object.entries(request)
    .filter(([key, value]) => !HIDDEN.has(key) && value !== undefined)
    .map(([key, value]) => (key === 'data' ? shown(value) : value === true ? key : `${key}=${shown(value)}`))
    .join(' ');

const errorCell = (e: SocketError): string => {
  const tags = [
    ...(e.syscall ? [`<span class="tagk">syscall</span> ${escapeHtml(e.syscall)}`] : []),
    ...(e.synthesized ? ['<span class="synth" title="made up by the runtime: no failing syscall">synthesized</span>'] : []),
    ...(e.timeout ? ['<span class="synth">agent timeout</span>'] : []),
  ];
  const own = e.errno === null || e.name !== e.errno ? ` <span class="ename" title="the runtime's own name">${escapeHtml(e.name)}</span>` : '';
  return `<span class="errno">${escapeHtml(e.errno ?? 'no errno')}</span>${own}${tags.length > 0 ? ` ${tags.join(' ')}` : ''}` +
    (e.message ? `<div class="msg">${escapeHtml(short(e.message))}</div>` : '');
};

const valueText = (value: Record<string, unknown> | undefined): string => {
  if (value === undefined) return '';
  if (value.eof === true) return ' EOF';
  return ` ${escapeHtml(requestArgs(value))}`;
};

/** The observed outcome: ok with its value, the error in full, unsupported, or no reply. */
export const observedCell = (step: StepRecord): string => {
  if (step.unsupported !== undefined) return `<span class="unsup">unsupported</span> ${escapeHtml(step.unsupported)}`;
  if (step.error) return errorCell(step.error);
  if (step.ok === true) return `<span class="okv">ok</span>${valueText(step.value)}`;
  if (step.ok === false) return '<span class="errno">failed</span>';
  return '<span class="muted">no reply</span>';
};

const verdictCell = (step: StepRecord): string =>
  step.verdict === 'mismatch' ? '<td class="v-bad" title="not what was wanted">✗</td>'
    : step.verdict === 'ok' && step.wanted !== undefined ? '<td class="v-ok">✓</td>' : '<td></td>';

// A background step's reply came later, at the await that took it.
const backgroundNote = (step: StepRecord): string =>
  step.background === undefined ? '' : ` <span class="muted">(in the background; awaited at step ${step.background.awaitedAt})</span>`;

const row = (step: StepRecord): string =>
  `<tr${step.verdict === 'mismatch' ? ' class="mismatch"' : ''}><td class="num">${step.index}</td><td>${escapeHtml(step.role)}</td>` +
  `<td class="mono">${escapeHtml(step.op)}${step.role === 'harness' ? '' : ` <span class="args">${escapeHtml(requestArgs(step.request))}</span>`}</td>` +
  `<td>${escapeHtml(step.label)}${backgroundNote(step)}</td><td>${observedCell(step)}</td><td class="num">${step.t ? escapeHtml(formatMs(step.t.ms)) : ''}</td>` +
  `<td class="want">${step.wanted !== undefined ? escapeHtml(step.wanted) : ''}</td>${verdictCell(step)}</tr>`;

/** The table of every step a run recorded. */
export const stepTable = (steps: readonly StepRecord[]): string =>
  steps.length === 0 ? '<p class="muted">No step was run.</p>'
    : `<table class="steps obs"><thead><tr><th>#</th><th>who</th><th>call</th><th>step</th><th>observed</th><th>took</th><th>wanted</th><th></th></tr></thead>` +
      `<tbody>${steps.map(row).join('')}</tbody></table>`;
