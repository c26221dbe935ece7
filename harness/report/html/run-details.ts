// One run (a case on one runtime column): its verdict, failures, steps, ladder diagram, capture and agents.
import type { CaseResult } from '../../result/case-result.ts';
import { endedCleanly, formatAgentEnd, formatMs } from '../format-step.ts';
import { escapeHtml, safeHref } from './escape-html.ts';
import { ladderSvg } from './ladder-svg.ts';
import { linkedText } from './linked-text.ts';
import { categoryOf, SHORT, statusClass } from './status-style.ts';
import { stepTable } from './step-table.ts';

/** Where the run's column sits, and what to call it. */
export interface RunPlace {
  anchor: string;
  column: number;
  label: string;
}

const MAX_SUMMARY = 140;

const brief = (s: string): string => (s.length > MAX_SUMMARY ? `${s.slice(0, MAX_SUMMARY - 1)}…` : s);

const why = (r: CaseResult): string => {
  if (r.reason === undefined && r.source === undefined) return '';
  const head = r.status === 'divergence' ? 'documented divergence' : r.status === 'unexpected-pass' ? 'expected divergence that did not happen'
    : r.status === 'skip' ? 'skipped' : categoryOf(r.status) === 'trouble' ? `harness trouble (${r.status})` : 'reason';
  return `<div class="why-box ${statusClass(r.status)}"><b>${head}:</b> ${linkedText(r.reason ?? '')}` +
    (r.source ? `<div class="source">source: ${linkedText(r.source)}</div>` : '') + '</div>';
};

const failures = (r: CaseResult): string =>
  r.failures.length === 0 ? '' :
    `<table class="failures"><thead><tr><th>at</th><th>wanted</th><th>found</th></tr></thead><tbody>${r.failures.map((f) =>
      `<tr><td>${escapeHtml(f.at)}</td><td class="want">${escapeHtml(f.wanted)}</td><td class="found">${escapeHtml(f.found)}</td></tr>`).join('')}</tbody></table>`;

const wireLine = (r: CaseResult): string => {
  const wire = r.wire.status === 'checked' ? 'checked' : r.wire.status === 'none' ? 'no rules' : `not checked: ${r.wire.reason ?? 'no capture'}`;
  const capture = r.capture.status === 'captured' ? `${r.capture.segments.length} segments captured` : `no capture${r.capture.reason ? `: ${r.capture.reason}` : ''}`;
  const href = r.capture.pcap ? safeHref(r.capture.pcap) : null;
  const pcap = href ? ` · <a class="pcap" href="${href}" download="">${escapeHtml(r.capture.pcap ?? '')}</a>` : '';
  return `<p class="wire-line"><b>wire rules</b> ${escapeHtml(wire)} · <b>capture</b> ${escapeHtml(capture)}${pcap}</p>`;
};

const evidence = (r: CaseResult): string => {
  const entries = Object.entries(r.evidence ?? {});
  return entries.length === 0 ? '' : `<dl class="evidence">${entries.map(([k, v]) =>
    `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(Array.isArray(v) ? v.join(', ') : String(v))}</dd>`).join('')}</dl>`;
};

const agents = (r: CaseResult): string =>
  r.agents.length === 0 ? '' : `<ul class="agents">${r.agents.map((a) => {
    const stderr = a.stderrTail === '' ? ''
      : `<details${endedCleanly(a) ? '' : ' open=""'}><summary>stderr tail</summary><pre>${escapeHtml(a.stderrTail)}</pre></details>`;
    return `<li class="${endedCleanly(a) ? '' : 'unclean'}">${escapeHtml(formatAgentEnd(a))}${stderr}</li>`;
  }).join('')}</ul>`;

/** A <details> for one run: open at once when the result is not as expected. */
export const runDetails = (r: CaseResult, place: RunPlace): string => {
  const ladder = ladderSvg(r);
  const summary = `<span class="badge ${statusClass(r.status)}">${SHORT[r.status]}</span> <b>${escapeHtml(place.label)}</b>` +
    ` <span class="muted">${escapeHtml([r.runtimeVersion, formatMs(r.durationMs)].filter((x) => x).join(' · '))}</span>` +
    (r.reason ? ` <span class="sum-reason">${escapeHtml(brief(r.reason))}</span>` : '');
  return `<details class="run ${statusClass(r.status)}" id="${place.anchor}" data-s="${categoryOf(r.status)}" data-c="${place.column}"${r.expected ? '' : ' open=""'}>` +
    `<summary>${summary}</summary><div class="run-body">${why(r)}${failures(r)}${stepTable(r.steps)}${wireLine(r)}` +
    (ladder ? `<div class="ladder-wrap">${ladder}</div>` : '') + `${evidence(r)}<h5>Agents</h5>${agents(r)}</div></details>`;
};
