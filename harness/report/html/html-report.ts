// reports/index.html: one self-contained page (no network): the matrix and, per case, the steps and a ladder diagram.
// (Being written: see issue 5; this first version lists the results.)
import type { RunReport } from '../../result/case-result.ts';

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The whole page for a report (one run, or several merged). */
export const htmlReport = (report: RunReport): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sockspec ${escape(report.sockspec)}</title></head>
<body><h1>sockspec results</h1><ul>
${report.results.map((r) => `<li>${escape(r.name)}: ${escape(r.status)}</li>`).join('\n')}
</ul></body></html>
`;
