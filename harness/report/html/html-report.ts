// reports/index.html: one self-contained page (inline CSS, JS and SVG; nothing fetched): the matrix, then per case its expectation and runs.
import type { RunReport } from '../../result/case-result.ts';
import { caseIndex } from './case-index.ts';
import { caseSection } from './case-section.ts';
import { escapeHtml } from './escape-html.ts';
import { legendFilters } from './legend-filters.ts';
import { matrixTable } from './matrix.ts';
import { pageHeader } from './page-header.ts';
import { PAGE_SCRIPT } from './page-script.ts';
import { PAGE_STYLE } from './page-style.ts';
import { resultColumns } from './result-columns.ts';

/** The whole page for a report (one run, or several merged). */
export const htmlReport = (report: RunReport): string => {
  const layout = resultColumns(report);
  const entries = caseIndex(report);
  const title = `sockspec ${report.platform.os} ${report.startedAt.slice(0, 10)}: ${report.summary.passed} passed, ${report.summary.failed} failed, ${report.summary.skipped} skipped`;
  return `<!DOCTYPE html>
<html lang="en" class="no-js"><head><meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"/>
<link rel="icon" href="data:,"/>
<title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style></head>
<body>${pageHeader(report, layout)}
<main>${legendFilters(report, layout)}
${matrixTable(entries, layout, report)}
${entries.map((e) => caseSection(e, layout)).join('\n')}
</main>
<footer>Written by sockspec ${escapeHtml(report.sockspec)}. The same results are in results.json, results.tap and junit.xml beside this page.</footer>
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
};
