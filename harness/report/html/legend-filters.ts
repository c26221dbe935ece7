// The legend, which doubles as the status filter, and the runtime, platform, family, net and text filters (inert without JS).
import type { RunReport } from '../../result/case-result.ts';
import { escapeHtml } from './escape-html.ts';
import type { ColumnLayout } from './result-columns.ts';
import { CATEGORIES, CATEGORY_TEXT, categoryOf, type Category } from './status-style.ts';
import { DEFAULT_NET } from '../../net/net-kind.ts';

const OUTCOME_CATEGORIES: Category[] = CATEGORIES.filter((c) => c !== 'trouble');

const countBy = (report: RunReport): Map<Category, number> => {
  const counts = new Map<Category, number>(CATEGORIES.map((c) => [c, 0]));
  for (const r of report.results) counts.set(categoryOf(r.status), (counts.get(categoryOf(r.status)) ?? 0) + 1);
  return counts;
};

const statusChip = (category: Category, count: number): string => {
  const { name, meaning } = CATEGORY_TEXT[category];
  return `<label class="chip s-${category}" title="${escapeHtml(meaning)}">` +
    `<input type="checkbox" name="status" value="${category}" checked=""/><span class="sw"></span>${escapeHtml(name)} <span class="n">${count}</span></label>`;
};

const choiceChips = (name: string, values: string[]): string =>
  values.map((v) => `<label class="chip plain"><input type="checkbox" name="${name}" value="${escapeHtml(v)}" checked=""/>${escapeHtml(v)}</label>`).join('');

/** Legend with counts; with JS the chips filter by status, runtime, platform, family and net, and a box by text. */
export const legendFilters = (report: RunReport, layout: ColumnLayout): string => {
  const counts = countBy(report);
  const chips = (list: Category[]): string => list.map((c) => statusChip(c, counts.get(c) ?? 0)).join('');
  const runtimes = [...new Set(layout.columns.map((c) => c.runtime))];
  const platforms = [...new Set(layout.columns.map((c) => c.platform))];
  const families = [...new Set(layout.columns.map((c) => c.family))];
  // The leaf cells' data-nt values, kernel first (the columns' order).
  const nets = [...new Set(layout.columns.map((c) => c.net ?? DEFAULT_NET))];
  return `<form class="filters" id="filters" action="#">` +
    `<div class="legend"><span class="legend-head">case outcomes</span>${chips(OUTCOME_CATEGORIES)}` +
    `<span class="legend-head">harness trouble</span>${chips(['trouble'])}</div>` +
    `<div class="needs-js filter-line">` +
    `<span class="legend-head">runtime</span>${choiceChips('runtime', runtimes)}` +
    (layout.multiPlatform ? `<span class="legend-head">platform</span>${choiceChips('platform', platforms)}` : '') +
    (layout.multiFamily ? `<span class="legend-head">family</span>${choiceChips('family', families)}` : '') +
    (layout.multiNet === true ? `<span class="legend-head">net</span>${choiceChips('net', nets)}` : '') +
    `<input type="search" id="filter-text" placeholder="filter cases by id or description" aria-label="filter cases by id or description"/>` +
    `<button type="button" id="filter-reset">show all</button><output id="filter-count"></output></div>` +
    `</form>`;
};
