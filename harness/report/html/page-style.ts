// The page's stylesheet: system fonts only (nothing to fetch), one colour per status category, print-friendly.

/** Inline CSS for index.html, the ladder SVG included. */
export const PAGE_STYLE = `
:root{--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--soft:#f6f8fa;--accent:#0969da;
--pass-bg:#dafbe1;--pass-fg:#116329;--div-bg:#ddf4ff;--div-fg:#0550ae;--unexp-bg:#ffd8b5;--unexp-fg:#953800;
--fail-bg:#cf222e;--fail-fg:#fff;--skip-bg:#eaeef2;--skip-fg:#57606a;--trouble-bg:#6639ba;--trouble-fg:#fff;
--mono:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"DejaVu Sans Mono","Liberation Mono",monospace}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;color:var(--fg);background:#fff;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
main,.top{max-width:1320px;margin:0 auto;padding:0 24px}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
code,.mono,pre{font-family:var(--mono);font-size:12.5px}
pre{white-space:pre-wrap;word-break:break-word;background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:8px 10px;margin:6px 0;max-height:320px;overflow:auto}
h1{font-size:24px;margin:22px 0 2px}h1 .sub{font-weight:400;color:var(--muted);font-size:17px;margin-left:6px}
h2{font-size:18px;margin:0 0 6px;font-family:var(--mono)}h3{font-size:15px;margin:18px 0 8px}h4{font-size:13px;margin:14px 0 6px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
h5{font-size:13px;margin:12px 0 4px}
.muted{color:var(--muted)}
.run-meta{color:var(--muted);margin:2px 0}
.totals{display:flex;gap:12px;margin:14px 0;flex-wrap:wrap}
.total{border:1px solid var(--line);border-radius:8px;padding:8px 16px;min-width:150px;background:#fff}
.total .big{font-size:26px;font-weight:650;margin-right:6px}.total small{display:block;color:var(--muted);font-size:12px}
.t-pass .big{color:var(--pass-fg)}.t-fail{border-color:var(--fail-bg);background:#ffebe9}.t-fail .big{color:var(--fail-bg)}.t-zero .big{color:var(--muted)}
.load-errors{border:1px solid var(--fail-bg);background:#ffebe9;border-radius:8px;padding:8px 14px;margin:10px 0}
details.runtimes{margin:6px 0 10px}details.runtimes table{margin-top:6px}
summary{cursor:pointer}
table{border-collapse:collapse}
th,td{text-align:left;vertical-align:top}
.unavail{color:var(--fail-bg);font-weight:600}
.filters{position:sticky;top:0;z-index:5;background:rgba(255,255,255,.96);border-bottom:1px solid var(--line);padding:8px 0;margin:8px 0 10px;display:flex;flex-direction:column;gap:6px}
.legend,.filter-line{display:flex;flex-wrap:wrap;align-items:center;gap:6px}
.legend-head{font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:0 2px 0 8px}
.legend-head:first-child{margin-left:0}
.chip{display:inline-flex;align-items:center;gap:6px;border:1px solid var(--line);border-radius:999px;padding:2px 10px 2px 6px;background:#fff;font-size:13px;user-select:none}
.js .chip{cursor:pointer}.chip input{margin:0}
.no-js .chip input,.no-js .needs-js{display:none}
.chip .sw{width:14px;height:14px;border-radius:3px;display:inline-block}
.chip .n{color:var(--muted);font-variant-numeric:tabular-nums}
.chip.plain{padding-left:8px;font-family:var(--mono);font-size:12px}
.chip:has(input:not(:checked)){opacity:.45}
#filter-text{flex:1 1 260px;max-width:420px;border:1px solid var(--line);border-radius:6px;padding:4px 10px;font:inherit}
#filter-reset{border:1px solid var(--line);background:var(--soft);border-radius:6px;padding:4px 12px;font:inherit;cursor:pointer}
#filter-count{color:var(--muted);font-size:13px}
.s-pass .sw,td.s-pass,.badge.s-pass{background:var(--pass-bg);color:var(--pass-fg)}
.s-divergence .sw,td.s-divergence,.badge.s-divergence{background:var(--div-bg);color:var(--div-fg)}
.s-unexpected-pass .sw,td.s-unexpected-pass,.badge.s-unexpected-pass{background:var(--unexp-bg);color:var(--unexp-fg)}
.s-fail .sw,td.s-fail,.badge.s-fail{background:var(--fail-bg);color:var(--fail-fg)}
.s-skip .sw,td.s-skip,.badge.s-skip{background:var(--skip-bg);color:var(--skip-fg)}
.s-trouble .sw,td.s-trouble,.badge.s-trouble{background:var(--trouble-bg);color:var(--trouble-fg)}
.s-pass .sw{border:1px solid var(--pass-fg)}.s-divergence .sw{border:1px solid var(--div-fg)}.s-skip .sw{border:1px solid var(--skip-fg)}.s-unexpected-pass .sw{border:1px solid var(--unexp-fg)}
.matrix-wrap{width:fit-content;max-width:100%;overflow:auto;max-height:78vh;border:1px solid var(--line);border-radius:8px;margin-bottom:28px}
.matrix{font-size:12.5px;width:max-content}
.matrix thead{position:sticky;top:0;z-index:2}
.matrix thead th{background:var(--soft);z-index:2;text-align:center;padding:5px 6px;border-bottom:1px solid var(--line);border-left:1px solid #fff;white-space:nowrap;font-weight:600}
.matrix thead th.corner{position:sticky;left:0;z-index:3;text-align:left;vertical-align:bottom;color:var(--muted);font-weight:500}
.matrix th.ph{font-size:13px;text-transform:uppercase;letter-spacing:.04em}
.matrix th.rh{font-family:var(--mono);font-size:12.5px}
.matrix th.vh{font-weight:500;font-size:11.5px;color:var(--muted);font-family:var(--mono)}
.matrix th.fh{font-weight:500;font-size:11px;color:var(--muted);font-family:var(--mono)}
.matrix tbody th{position:sticky;left:0;background:#fff;z-index:1;font-weight:500;font-family:var(--mono);padding:3px 14px 3px 10px;white-space:nowrap;border-right:1px solid var(--line)}
.matrix tbody tr.case-row:hover th,.matrix tbody tr.case-row:hover td.none{background:#f3f7fb}
.matrix tr.group-row th{background:var(--soft);color:var(--muted);font-family:inherit;font-size:11px;text-transform:uppercase;letter-spacing:.06em;padding:4px 10px;border-right:0}
.matrix td{text-align:center;padding:0;border:2px solid #fff;min-width:64px;height:24px;border-radius:5px}
.matrix td a{display:block;padding:3px 6px;color:inherit;font-weight:600;font-size:11.5px}
.matrix td a:hover{text-decoration:none;box-shadow:inset 0 0 0 2px rgba(31,35,40,.35);border-radius:5px}
.matrix td.none{color:#c8ccd1}
.matrix td.dim{opacity:.18}
.tag{font:500 11px/1 system-ui,sans-serif;border:1px solid var(--line);border-radius:999px;padding:2px 7px;color:var(--muted);vertical-align:middle;margin-left:4px}
section.case{border-top:1px solid var(--line);padding:22px 0 14px}
section.case,details.run{scroll-margin-top:120px}
section.case .self{color:var(--fg)}
.desc{font-size:14.5px;max-width:980px;margin:4px 0 8px}
.refs ul{margin:4px 0 6px;padding-left:20px;color:var(--muted)}.refs b{font-size:13px}
details.expect-d>summary,details.runtimes>summary{font-weight:600;color:var(--muted);font-size:13px;margin:4px 0}
.expectation{border-left:3px solid var(--line);padding:0 0 4px 14px;margin:6px 0 0}
table.steps,table.divergences,table.failures,details.runtimes table{font-size:12.5px;width:100%;margin:2px 0 8px}
table.steps th,table.divergences th,table.failures th,details.runtimes th{font-weight:600;color:var(--muted);border-bottom:1px solid var(--line);padding:4px 8px;font-size:12px;white-space:nowrap}
table.steps td:first-child,table.steps th:first-child{width:2.5em}
table.steps td,table.divergences td,table.failures td,details.runtimes td{border-bottom:1px solid #eaeef2;padding:4px 8px}
td.num{text-align:right;font-variant-numeric:tabular-nums;color:var(--muted);white-space:nowrap}
.want{color:#0550ae}.found{color:var(--fail-bg);font-weight:600}
.args{color:var(--muted)}
.errno{font-family:var(--mono);font-weight:700;color:#a40e26}
.ename{font-family:var(--mono);background:var(--soft);border:1px solid var(--line);border-radius:4px;padding:0 4px}
.tagk{color:var(--muted);font-size:11px}
.synth{font-size:11px;border:1px solid #d4a72c;background:#fff8c5;color:#7d4e00;border-radius:4px;padding:0 4px}
.msg{color:var(--muted);font-size:12px;word-break:break-word}
.okv{color:var(--pass-fg);font-weight:600}.unsup{color:var(--skip-fg);font-weight:600}
.v-ok{color:var(--pass-fg);font-weight:700}.v-bad{color:var(--fail-bg);font-weight:700}
tr.mismatch td{background:#fff5f5}
ul.wire-rules{margin:4px 0;padding-left:20px}.why{color:var(--muted);font-style:italic}.why::before{content:"— "}
.source{color:var(--muted);font-size:12px;margin-top:2px;word-break:break-word}
.ver{color:var(--pass-fg);font-weight:600;font-size:12px}.unver{color:var(--unexp-fg);font-weight:600;font-size:12px}
.variant{font-family:var(--mono);font-size:12px;background:#f0ebff;color:#5a32a3;border-radius:4px;padding:0 5px}
.pf{font-family:var(--mono);font-size:12px;background:var(--soft);border:1px solid var(--line);border-radius:4px;padding:0 5px}
td.changes ul{margin:0;padding-left:16px}
ul.variants{margin:4px 0;padding-left:20px}
.runs{display:flex;flex-direction:column;gap:6px}
details.run{border:1px solid var(--line);border-radius:8px;background:#fff}
details.run>summary{padding:6px 10px;list-style-position:outside;display:flex;align-items:baseline;gap:8px;flex-wrap:wrap}
details.run>summary::-webkit-details-marker{display:none}
details.run>summary::before{content:"▸";color:var(--muted);width:10px}details.run[open]>summary::before{content:"▾"}
details.run[open]>summary{border-bottom:1px solid var(--line);background:var(--soft);border-radius:8px 8px 0 0}
details.run.s-fail,details.run.s-trouble,details.run.s-unexpected-pass{border-color:#e8a0a6}
.badge{display:inline-block;min-width:52px;text-align:center;border-radius:4px;padding:1px 6px;font-size:11.5px;font-weight:700}
.sum-reason{color:var(--muted);font-size:12.5px;flex:1 1 300px}
.run-body{padding:10px 14px}
.why-box{border-radius:6px;padding:6px 10px;margin:0 0 10px;background:var(--soft);border-left:4px solid var(--line)}
.why-box.s-divergence{border-left-color:var(--div-fg);background:#f1f8ff}.why-box.s-fail,.why-box.s-trouble{border-left-color:var(--fail-bg);background:#fff5f5}
.why-box.s-unexpected-pass{border-left-color:var(--unexp-fg);background:#fff8f0}.why-box.s-skip{border-left-color:var(--skip-fg)}
table.failures{border:1px solid #f0b4b9;border-radius:6px;background:#fff5f5}
.wire-line{font-size:12.5px;color:var(--muted);margin:4px 0 6px}.wire-line b{color:var(--fg);font-weight:600}
.ladder-wrap{overflow-x:auto;margin:6px 0}
dl.evidence{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;font-size:12.5px;margin:6px 0}dl.evidence dt{color:var(--muted)}dl.evidence dd{margin:0;font-family:var(--mono)}
ul.agents{margin:2px 0;padding-left:20px;font-family:var(--mono);font-size:12px}ul.agents li.unclean{color:var(--fail-bg)}
ul.agents details summary{font-family:system-ui,sans-serif;color:var(--muted);font-size:12px}
svg.ladder{display:block;background:#fff;border:1px solid #eaeef2;border-radius:6px}
svg.ladder text{font:11px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:var(--fg)}
svg.ladder .t{font:10px var(--mono);fill:#8c959f;text-anchor:end}
svg.ladder .seg text,svg.ladder .hstep text,svg.ladder .host text{text-anchor:middle}svg.ladder .l text,svg.ladder .ret.l{text-anchor:end}svg.ladder .t.head{font-weight:600}
svg.ladder .lane{stroke:#8c959f;stroke-width:2}
svg.ladder .host rect{fill:var(--soft);stroke:var(--line)}svg.ladder .host text{font-weight:600}
svg.ladder .seg{color:#57606a}svg.ladder .seg line{stroke:currentColor;stroke-width:1.5}svg.ladder .seg path{fill:currentColor}svg.ladder .seg text{fill:currentColor;font:10.5px var(--mono)}
svg.ladder .f-syn{color:#1f2328}svg.ladder .f-ack{color:#8c959f}svg.ladder .f-data{color:#1a7f37}svg.ladder .f-fin{color:#8250df}svg.ladder .f-rst{color:#cf222e}
svg.ladder .seg.unknown line{stroke-dasharray:3 3}
svg.ladder .seg text{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}svg.ladder .seg text.second{font-size:9.5px;fill:#57606a}
svg.ladder .host .addr{font:10.5px var(--mono);font-weight:400;fill:#57606a;paint-order:stroke;stroke:#fff;stroke-width:4px;stroke-linejoin:round}
svg.ladder .lane.harness{stroke:#bf8700;stroke-width:1.2;stroke-dasharray:2 4}svg.ladder .host.harness rect{fill:#fff8c5;stroke:#d4a72c}
svg.ladder .seg.injected line{stroke:#bf8700;stroke-dasharray:6 3}svg.ladder .seg.injected path{fill:#bf8700}svg.ladder .seg.injected text.second{fill:#9a6700;font-style:italic}
svg.ladder .call rect{fill:#6e7781}svg.ladder .call.err rect{fill:#e8868d}svg.ladder .call text{font:11px var(--mono)}svg.ladder .call.err text,svg.ladder .ret.err{fill:#cf222e;font-weight:700}
svg.ladder .ret{font:11px var(--mono)}
svg.ladder .err-mark{stroke:#cf222e;stroke-width:2.5;fill:none}
svg.ladder .hstep line{stroke:#bf8700;stroke-dasharray:5 4;stroke-width:1.2}svg.ladder .hstep text{fill:#9a6700;font-style:italic}
svg.ladder .break path{stroke:#8c959f;fill:none}svg.ladder .break text{fill:#8c959f;font-size:10px}
svg.ladder .axis-note{fill:#8c959f;font-size:10px}
footer{max-width:1320px;margin:30px auto;padding:10px 24px;color:var(--muted);font-size:12px;border-top:1px solid var(--line)}
@media print{.filters{display:none}.matrix-wrap{max-height:none;overflow:visible}details.run{break-inside:avoid}}
`;
