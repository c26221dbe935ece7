// A case's section: what it checks and why (description, references, expectation per layer), then every run of it.
import { caseAnchor, runAnchor } from './anchor-id.ts';
import type { CaseEntry } from './case-index.ts';
import { caseExpectation } from './case-expectation.ts';
import { escapeHtml } from './escape-html.ts';
import { linkedText } from './linked-text.ts';
import { columnLabel, type ColumnLayout } from './result-columns.ts';
import { runDetails } from './run-details.ts';

const head = (entry: CaseEntry): string => {
  const info = entry.info;
  const tags = [...(info?.tags ?? []), ...(info && info.topology !== 'loopback' ? [info.topology] : [])];
  return `<h2><a class="self" href="#${caseAnchor(entry.id)}">${escapeHtml(entry.id)}</a>` +
    tags.map((t) => ` <span class="tag">${escapeHtml(t)}</span>`).join('') + '</h2>';
};

const declaration = (entry: CaseEntry): string => {
  const info = entry.info;
  if (info === undefined) return '<p class="muted">This report does not record the case\'s declaration (no <code>cases</code> entry).</p>';
  const refs = info.spec.length === 0 ? '' : `<div class="refs"><b>References</b><ul>${info.spec.map((s) => `<li>${linkedText(s)}</li>`).join('')}</ul></div>`;
  return `<p class="desc">${escapeHtml(info.description)}</p>${refs}` +
    `<details class="expect-d" open=""><summary>Expected, per layer</summary>${caseExpectation(info)}</details>`;
};

/** The section a matrix row links to; runs in column order. */
export const caseSection = (entry: CaseEntry, layout: ColumnLayout): string => {
  const runs = layout.columns.flatMap((column, i) => {
    const r = entry.results.get(column.key);
    return r ? [runDetails(r, { anchor: runAnchor(entry.id, column.key), column: i, label: columnLabel(column, layout.multiPlatform) })] : [];
  });
  return `<section class="case" id="${caseAnchor(entry.id)}" data-case="${escapeHtml(entry.id)}">${head(entry)}${declaration(entry)}` +
    `<h3>Runs <span class="muted">(${runs.length})</span></h3>` +
    (runs.length === 0 ? '<p class="muted">No run of this case in this report.</p>' : `<div class="runs">${runs.join('')}</div>`) + '</section>';
};
