// The matrix: one row per case, one column per platform × runtime × variant × family, each cell coloured by status.
import type { CaseResult, RunReport } from '../../result/case-result.ts';
import { caseAnchor, runAnchor } from './anchor-id.ts';
import { groupOf, type CaseEntry } from './case-index.ts';
import { escapeHtml } from './escape-html.ts';
import { columnLabel, type Column, type ColumnLayout } from './result-columns.ts';
import { categoryOf, SHORT, statusClass } from './status-style.ts';

const MAX_TITLE = 300;

/** Consecutive runs of equal keys: [key, first index, count]. */
const spans = (keys: string[]): [string, number, number][] => {
  const out: [string, number, number][] = [];
  keys.forEach((key, i) => {
    const last = out[out.length - 1];
    if (last && last[0] === key) last[2] += 1;
    else out.push([key, i, 1]);
  });
  return out;
};

const spanAttr = (first: number, count: number): string =>
  Array.from({ length: count }, (_, i) => first + i).join(' ');

/** The column a leaf header or a cell belongs to, for the filter script. */
const leafData = (c: Column, i: number): string =>
  `data-c="${i}" data-rt="${escapeHtml(c.runtime)}" data-pf="${escapeHtml(c.platform)}" data-fm="${c.family}" data-nt="${escapeHtml(c.net ?? 'kernel')}"`;

/** "node: v20.20.2" from the run the column came from (a merged run's own runtimes), or who plays which role in a pair. */
const runtimeTitle = (name: string, platform: string, report: RunReport): string => {
  const runtimes = report.platforms?.find((p) => p.label === platform)?.runtimes ?? report.runtimes;
  const known = runtimes.find((r) => r.name === name);
  if (known) return `${name}: ${known.version ?? 'version unknown'}`;
  const [server, client] = name.split(':');
  return client !== undefined ? `server ${server}, client ${client}` : name;
};

const headerRows = (layout: ColumnLayout, report: RunReport): string => {
  const { columns, multiPlatform, hasVariants, multiFamily } = layout;
  // A run on several nets: the leaf row names each column's net beside its family (kernel unnamed).
  const multiNet = layout.multiNet === true;
  const leafRow = multiFamily || multiNet;
  const rows: string[] = [];
  const depth = 1 + (multiPlatform ? 1 : 0) + (hasVariants ? 1 : 0) + (leafRow ? 1 : 0);
  // The last header row holds the leaves (one per column, what the filter script reads); rows above span them.
  const spanned = hasVariants || leafRow;
  const corner = `<th class="corner" rowspan="${depth}" scope="col">case</th>`;
  if (multiPlatform) {
    rows.push(spans(columns.map((c) => c.platform))
      .map(([p, first, n]) => `<th class="ph" colspan="${n}" data-span="${spanAttr(first, n)}" scope="colgroup">${escapeHtml(p)}</th>`).join(''));
  }
  rows.push(spans(columns.map((c) => `${c.platform} ${c.runtime}`)).map(([, first, n]) => {
    const c = columns[first] as Column;
    const title = escapeHtml(runtimeTitle(c.runtime, c.platform, report));
    return spanned
      ? `<th class="rh" colspan="${n}" data-span="${spanAttr(first, n)}" title="${title}" scope="colgroup">${escapeHtml(c.runtime)}</th>`
      : `<th class="rh" ${leafData(c, first)} title="${title}" scope="col">${escapeHtml(c.runtime)}</th>`;
  }).join(''));
  const variantText = (c: Column): string => (c.variant ? escapeHtml(c.variant) : '<i>idiomatic</i>');
  const variantTitle = (c: Column): string => (c.variant ? '' : ' title="the idiomatic program, no variant"');
  if (hasVariants && leafRow) {
    rows.push(spans(columns.map((c) => `${c.platform} ${c.runtime} ${c.variant ?? ''}`)).map(([, first, n]) => {
      const c = columns[first] as Column;
      return `<th class="vh" colspan="${n}" data-span="${spanAttr(first, n)}" scope="colgroup"${variantTitle(c)}>${variantText(c)}</th>`;
    }).join(''));
  } else if (hasVariants) {
    rows.push(columns.map((c, i) => `<th class="vh" ${leafData(c, i)} scope="col"${variantTitle(c)}>${variantText(c)}</th>`).join(''));
  }
  if (leafRow) {
    const leafText = (c: Column): string => [multiFamily ? (c.family === 'ipv6' ? 'v6' : 'v4') : '', multiNet && (c.net ?? 'kernel') !== 'kernel' ? escapeHtml(c.net!) : ''].filter((x) => x !== '').join(' ');
    rows.push(columns.map((c, i) => `<th class="fh" ${leafData(c, i)} scope="col" title="over ${c.family}${multiNet ? `, on the ${escapeHtml(c.net ?? 'kernel')} net` : ''}">${leafText(c)}</th>`).join(''));
  }
  rows[0] = corner + (rows[0] ?? '');
  return `<thead>${rows.map((r) => `<tr>${r}</tr>`).join('')}</thead>`;
};

const cellTitle = (r: CaseResult, label: string): string => {
  const text = `${label}: ${r.status}${r.reason ? `: ${r.reason}` : ''}`;
  return text.length > MAX_TITLE ? `${text.slice(0, MAX_TITLE - 1)}…` : text;
};

const cell = (entry: CaseEntry, c: Column, i: number, multiPlatform: boolean): string => {
  const r = entry.results.get(c.key);
  if (r === undefined) return `<td data-c="${i}" class="none" title="not run">·</td>`;
  const title = escapeHtml(cellTitle(r, columnLabel(c, multiPlatform)));
  return `<td data-c="${i}" data-s="${categoryOf(r.status)}" class="${statusClass(r.status)}">` +
    `<a href="#${runAnchor(entry.id, c.key)}" title="${title}">${SHORT[r.status]}</a></td>`;
};

const caseRow = (entry: CaseEntry, layout: ColumnLayout): string => {
  const description = entry.info?.description ?? '';
  const text = escapeHtml(`${entry.id} ${description}`.toLowerCase());
  const slow = entry.info?.tags.includes('slow') ? ' <span class="tag">slow</span>' : '';
  return `<tr class="case-row" data-case="${escapeHtml(entry.id)}" data-text="${text}">` +
    `<th scope="row"><a href="#${caseAnchor(entry.id)}" title="${escapeHtml(description)}">${escapeHtml(entry.id)}</a>${slow}</th>` +
    layout.columns.map((c, i) => cell(entry, c, i, layout.multiPlatform)).join('') + '</tr>';
};

/** The whole table; with JS off every row shows, and the filter script only hides. */
export const matrixTable = (entries: CaseEntry[], layout: ColumnLayout, report: RunReport): string => {
  const body: string[] = [];
  let group: string | null = null;
  for (const entry of entries) {
    if (groupOf(entry.id) !== group) {
      group = groupOf(entry.id);
      body.push(`<tr class="group-row"><th colspan="${layout.columns.length + 1}" scope="rowgroup">${escapeHtml(group || '(no group)')}</th></tr>`);
    }
    body.push(caseRow(entry, layout));
  }
  return `<div class="matrix-wrap"><table class="matrix" id="matrix">${headerRows(layout, report)}<tbody>${body.join('')}</tbody></table></div>`;
};
