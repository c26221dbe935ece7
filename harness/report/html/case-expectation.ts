// What a case declares: the kernel layer's steps and wire rules, then every documented divergence from them.
import type { Divergence } from '../../case/case-types.ts';
import type { CaseInfo } from '../../result/case-info.ts';
import { describeExpect } from '../../verdict/check-expect.ts';
import { describeWireRule } from '../../case/describe-wire-rule.ts';
import { escapeHtml } from './escape-html.ts';
import { linkedText } from './linked-text.ts';

const kernelSteps = (info: CaseInfo): string =>
  `<table class="steps decl"><thead><tr><th>#</th><th>who</th><th>call</th><th>step</th><th>kernel layer expects</th></tr></thead><tbody>` +
  info.steps.map((s) =>
    `<tr><td class="num">${s.index}</td><td>${escapeHtml(s.role)}</td><td class="mono">${escapeHtml(s.op)}</td>` +
    `<td>${escapeHtml(s.label)}</td><td class="${s.expect ? 'want' : 'muted'}">${s.expect ? escapeHtml(describeExpect(s.expect)) : '—'}</td></tr>`).join('') +
  `</tbody></table>`;

const wireRules = (info: CaseInfo): string =>
  info.wire.length === 0
    ? '<p class="muted">No wire rules: only what the calls return is checked.</p>'
    : `<ul class="wire-rules">${info.wire.map((w) =>
      `<li>${escapeHtml(describeWireRule({ ...w, why: undefined }))}${w.why ? ` <span class="why">${escapeHtml(w.why)}</span>` : ''}</li>`).join('')}</ul>`;

/** Who a divergence is about: "bun (bun-api)", "node (every variant)", "platform darwin". */
const appliesTo = (d: Divergence): string => {
  if (d.runtime === undefined) return `<span class="pf">${escapeHtml(d.platform ?? 'every platform')}${d.families === undefined ? '' : ` ${escapeHtml(d.families.join(', '))}`}</span>`;
  const variant = d.variant === undefined ? '' : d.variant === '*' ? ' <span class="muted">every variant</span>' : ` <span class="variant">${escapeHtml(d.variant)}</span>`;
  const platform = d.platform ? ` <span class="pf">${escapeHtml(d.platform)}</span>` : '';
  const families = d.families === undefined ? '' : ` <span class="pf">${escapeHtml(d.families.join(', '))}</span>`;
  return `<b>${escapeHtml(d.runtime)}</b>${variant}${platform}${families}`;
};

const roleText = (d: Divergence): string => {
  if (d.role === undefined) return '—';
  const role = d.role === 'both' ? 'server and client' : d.role;
  return escapeHtml(d.peer && d.peer.length > 0 ? `${role}, against ${d.peer.join(', ')}` : role);
};

const changes = (d: Divergence): string => {
  const items = [
    ...Object.entries(d.steps ?? {}).map(([label, e]) => `${escapeHtml(label)}: <span class="want">${escapeHtml(describeExpect(e))}</span>`),
    ...(d.wire ?? []).map((w) => `wire: ${escapeHtml(describeWireRule(w))}`),
  ];
  return items.length === 0 ? '—' : `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;
};

const divergenceRow = (d: Divergence): string =>
  `<tr><td>${appliesTo(d)}</td><td>${roleText(d)}</td>` +
  `<td>${d.verified ? '<span class="ver">verified</span>' : '<span class="unver" title="stated from sources, not yet measured by a real run">unverified</span>'}</td>` +
  `<td>${linkedText(d.reason)}<div class="source">source: ${linkedText(d.source)}</div></td><td class="changes">${changes(d)}</td></tr>`;

const divergences = (info: CaseInfo): string =>
  info.divergences.length === 0
    ? '<p class="muted">No documented divergence: every runtime and platform is expected to behave as the kernel layer.</p>'
    : `<table class="divergences"><thead><tr><th>applies to</th><th>role</th><th>status</th><th>reason and source</th><th>observed instead</th></tr></thead>` +
      `<tbody>${info.divergences.map(divergenceRow).join('')}</tbody></table>`;

const variants = (info: CaseInfo): string =>
  info.variants.length === 0 ? '' :
    `<h4>Variants</h4><ul class="variants">${info.variants.map((v) =>
      `<li><span class="variant">${escapeHtml(v.name)}</span> ${escapeHtml(v.description)} <span class="muted">(${escapeHtml(v.runtimes.join(', '))}${v.program ? '; another program' : ''})</span></li>`).join('')}</ul>`;

// Where one family's kernel answers otherwise (byFamily): what replaces the steps and wire above, why, and where from.
const familyLayers = (info: CaseInfo): string => Object.entries(info.byFamily ?? {}).map(([family, layer]) =>
  layer === undefined ? '' : `<h4>Kernel layer over ${escapeHtml(family)}</h4>` +
    `<div>${linkedText(layer.reason)}<div class="source">source: ${linkedText(layer.source)}</div></div>` +
    `<div class="changes">${changes({ ...layer, verified: true })}</div>`).join('');

/** The expectation per layer: kernel steps and wire rules (and where a family's differ), then runtime and platform divergences, then variants. */
export const caseExpectation = (info: CaseInfo): string =>
  `<div class="expectation"><h4>Kernel layer (the C agent's view)</h4>${kernelSteps(info)}` +
  `<h4>On the wire</h4>${wireRules(info)}${familyLayers(info)}<h4>Documented divergences</h4>${divergences(info)}${variants(info)}</div>`;
