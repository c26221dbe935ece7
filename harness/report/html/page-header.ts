// The top of the page: where and when the run happened (each run, when merged), the totals, the runtimes, and files that did not load.
import type { Platform, RunOrigin, RunReport } from '../../result/case-result.ts';
import { escapeHtml } from './escape-html.ts';
import type { ColumnLayout } from './result-columns.ts';

const platformLine = (p: Platform): string => [
  `${p.os} ${p.release} ${p.arch}`, `node ${p.node}`, `isolation ${p.isolation}`,
  `capture ${p.capture}${p.captureReason ? ` (${p.captureReason})` : ''}`,
].join(' · ');

const when = (iso: string): string => iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

const totals = (report: RunReport): string => {
  const s = report.summary;
  return `<div class="totals">` +
    `<div class="total t-pass"><span class="big">${s.passed}</span> passed<small>${s.divergences} of them documented divergences</small></div>` +
    `<div class="total ${s.failed > 0 ? 't-fail' : 't-zero'}"><span class="big">${s.failed}</span> failed<small>fail, unexpected pass, harness trouble</small></div>` +
    `<div class="total t-skip"><span class="big">${s.skipped}</span> skipped<small>each with its reason</small></div>` +
    `<div class="total t-time"><span class="big">${(s.durationMs / 1000).toFixed(1)}</span> s<small>${report.platforms === undefined ? 'wall time of the run' : 'wall time of the runs, first start to last end'}</small></div></div>`;
};

const runtimes = (report: RunReport): string =>
  `<details class="runtimes"><summary>Runtimes (${report.runtimes.length})</summary><table><thead><tr><th>column</th><th>version</th><th>executable</th><th>status</th></tr></thead><tbody>` +
  report.runtimes.map((r) =>
    `<tr><td class="mono">${escapeHtml(r.name)}</td><td>${escapeHtml(r.version ?? '—')}</td><td class="mono">${escapeHtml(r.executable ?? '')}</td>` +
    `<td>${r.available ? 'found' : `<span class="unavail">missing</span> ${escapeHtml(r.reason ?? '')}`}</td></tr>`).join('') +
  '</tbody></table></details>';

const originRow = (o: RunOrigin): string =>
  `<tr><td class="mono">${escapeHtml(o.label)}</td><td>${escapeHtml(platformLine(o))}</td><td>${escapeHtml(`${when(o.startedAt)} · sockspec ${o.sockspec}`)}</td>` +
  `<td class="mono">${escapeHtml(o.columns.join(' '))}</td><td class="num">${o.summary.passed} / ${o.summary.failed} / ${o.summary.skipped}</td><td class="num">${(o.summary.durationMs / 1000).toFixed(1)} s</td>` +
  `<td class="mono">${escapeHtml(o.source)}</td></tr>`;

const origins = (report: RunReport): string =>
  report.platforms === undefined || report.platforms.length === 0 ? '' :
    `<details class="runtimes merged" open=""><summary>Merged runs (${report.platforms.length})</summary><table><thead><tr>` +
    '<th>platform</th><th>machine</th><th>run</th><th>columns</th><th>passed / failed / skipped</th><th>time</th><th>from</th></tr></thead>' +
    `<tbody>${report.platforms.map(originRow).join('')}</tbody></table></details>`;

const loadErrors = (report: RunReport): string => {
  const n = report.loadErrors.length;
  return n === 0 ? '' :
    `<div class="load-errors"><b>${n} file${n === 1 ? '' : 's'} did not load</b><ul>` +
    report.loadErrors.map((e) => `<li><code>${escapeHtml(e.file)}</code>${e.platform ? ` <span class="pf">${escapeHtml(e.platform)}</span>` : ''}: <pre>${escapeHtml(e.message)}</pre></li>`).join('') +
    '</ul></div>';
};

/** "over ipv4 and ipv6": the families the results ran over (results from before families: ipv4). */
const familiesWords = (layout: ColumnLayout): string => `over ${[...new Set(layout.columns.map((c) => c.family))].sort().join(' and ') || 'no family'}`;

/** Title, run facts, totals, merged runs, load errors and runtimes. */
export const pageHeader = (report: RunReport, layout: ColumnLayout): string => {
  const platforms = [...new Set(layout.columns.map((c) => c.platform))];
  const merged = layout.multiPlatform || (report.platforms?.length ?? 0) > 1
    ? `<p class="run-meta">Results from ${platforms.length} platform${platforms.length === 1 ? '' : 's'}: ${escapeHtml(platforms.join(', '))}.</p>` : '';
  return `<header class="top"><h1>sockspec <span class="sub">TCP socket semantics, observed</span></h1>` +
    `<p class="run-meta">${escapeHtml(`${when(report.startedAt)} · sockspec ${report.sockspec} · ${platformLine(report.platform)} · ${familiesWords(layout)}`)}</p>${merged}` +
    `${totals(report)}${loadErrors(report)}${origins(report)}${runtimes(report)}</header>`;
};
