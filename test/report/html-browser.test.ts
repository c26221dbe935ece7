// Opens index.html from disk in headless Chromium, as a person would: the matrix, the ladder, the filters, and not one request.
// Runs beside another file: the page is checked against the run's own results (a refused connect's pass among them), whatever they are.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runAnchor } from '../../harness/report/html/anchor-id.ts';
import { htmlReport } from '../../harness/report/html/html-report.ts';
import { columnKeyOf } from '../../harness/report/html/result-columns.ts';
import type { RunReport } from '../../harness/result/case-result.ts';
import { ROOT, runCli } from '../helpers/run-cli.ts';
import { htmlReport as fixtureReport } from './html/html-fixture.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = path.join(ROOT, 'reports', 'screenshots');
/** Fast cases on the C reference and Node: a pass, a documented divergence, captures where the machine allows, and RSTs the harness injects. */
const INJECTED = 'rst/challenge-ack-in-window';
const CASES = ['close/unread-data-sends-rst', 'connect/refused-closed-port', INJECTED];

const missing = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (Debian's chromium package; .ci/run installs it)`;

/** What a page did besides rendering: anything here fails the test. */
interface Watch {
  page: Page;
  problems: string[];
}

/** A fresh context per page; every console error, script error and request (but the page's own file) is a problem. */
const open = async (browser: Browser, file: string, javaScriptEnabled = true): Promise<Watch> => {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  // The page must be self-contained: any request at all, even one that succeeds, is a failure.
  page.on('request', (r) => { if (r.url() !== url) problems.push(`request: ${r.url()}`); });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  await page.goto(url);
  return { page, problems };
};

const visibleRows = (page: Page): Promise<number> => page.locator('#matrix tr.case-row:visible').count();

t.test('index.html in a headless browser', { skip: missing }, async (t) => {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // launch() gives every run a fresh temporary profile (the --user-data-dir equivalent).
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  t.teardown(() => browser.close());
  const outDir = t.testdir();
  const run = await runCli(['--runtime', 'c,node', '--family', 'ipv4,ipv6', '--keep-pcaps', '--reporter', 'tap', ...CASES], outDir);
  const report = run.report as RunReport;
  t.ok(report, `the run wrote its reports (exit ${run.exitCode}): ${run.stderr.slice(-500)}`);
  const index = path.join(outDir, 'index.html');
  t.ok(existsSync(index), 'and index.html beside them');

  t.test('the matrix renders with a coloured cell per result', async (t) => {
    const { page, problems } = await open(browser, index);
    t.equal(await page.locator('#matrix tr.case-row').count(), CASES.length);
    t.equal(await page.locator('#matrix td[data-s]').count(), report.results.length);
    // Evaluated in the page (this file has no DOM types).
    const colours = await page.evaluate<[string, string][]>(
      "Array.from(document.querySelectorAll('#matrix td[data-s]'), (c) => [c.dataset.s, getComputedStyle(c).backgroundColor])");
    const expected: Record<string, string> = { pass: 'rgb(218, 251, 225)', divergence: 'rgb(221, 244, 255)', fail: 'rgb(207, 34, 46)' };
    for (const [status, colour] of colours) if (status && expected[status]) t.equal(colour, expected[status], `${status} cell colour`);
    t.ok(colours.some(([s]) => s === 'pass'), 'at least one pass on this machine');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'index.png') });
    t.same(problems, []);
  });

  const captured = report.results.find((r) => r.capture.segments.length > 0);
  const noCapture = captured ? false : `no capture on this machine (${report.platform.captureReason ?? report.platform.capture}); the fixture page checks the ladder`;
  t.test('a cell opens its run, whose ladder draws an arrow per captured segment', { skip: noCapture }, async (t) => {
    if (!captured) return;
    const { page, problems } = await open(browser, index);
    const href = `#${runAnchor(captured.id, columnKeyOf(captured, report))}`;
    t.equal(await page.locator(`#matrix tr[data-case="${captured.id}"] td[data-s] a[href="${href}"]`).count(), 1, `a cell for ${captured.name}`);
    await page.click(`#matrix a[href="${href}"]`);
    // Ids hold dots (case groups), so select by attribute rather than #id.
    const details = page.locator(`details[id="${href.slice(1)}"]`);
    t.equal(await details.getAttribute('open'), '', 'the run opened');
    const arrows = details.locator('svg.ladder g.seg');
    t.equal(await arrows.count(), captured.capture.segments.length);
    for (const box of await Promise.all((await arrows.all()).map((a) => a.boundingBox()))) {
      t.ok(box && box.width > 50 && box.height > 5, `arrow box ${JSON.stringify(box)}`);
    }
    t.ok(await details.locator('a.pcap').count(), 'the kept pcap is linked');
    await details.screenshot({ path: path.join(SCREENSHOTS, 'run.png') });
    t.same(problems, []);
  });

  const injectedRun = report.results.find((r) => r.id === INJECTED && r.capture.segments.some((s) => s.injected));
  const noInjection = injectedRun ? false : `nothing injected here: ${report.results.filter((r) => r.id === INJECTED).map((r) => `${r.name} ${r.status} ${r.reason ?? ''}`).join('; ')}`;
  t.test('an injected RST is drawn from the harness\'s lane; each side\'s address:port heads its lane', { skip: noInjection }, async (t) => {
    if (!injectedRun) return;
    const sent = injectedRun.steps.filter((s) => s.op === 'inject');
    const injected = injectedRun.capture.segments.filter((s) => s.injected);
    t.same(injected.map((s) => [s.from, s.flags.join('+'), s.seq]), sent.map((s) => ['server', 'RST', s.request.seq]), 'results.json marks what each inject step sent');
    const { page, problems } = await open(browser, index);
    const href = `#${runAnchor(injectedRun.id, columnKeyOf(injectedRun, report))}`;
    await page.click(`#matrix a[href="${href}"]`);
    const ladder = page.locator(`details[id="${href.slice(1)}"] svg.ladder`);
    // A vertical line has no width, which Playwright counts as not visible: its height is what shows.
    t.ok(((await ladder.locator('line.lane.harness').boundingBox())?.height ?? 0) > 100, 'the harness\'s lane');
    const arrows = ladder.locator('g.seg.injected');
    t.equal(await arrows.count(), injected.length);
    for (const arrow of await arrows.all()) {
      t.ok(((await arrow.boundingBox())?.width ?? 0) > 50, 'an injected arrow is drawn');
      t.equal(await arrow.locator('text.second').textContent(), 'injected by the harness (raw socket), as if from the server');
    }
    const client = injectedRun.capture.segments.find((s) => s.from === 'client')!.src;
    t.equal(await ladder.locator('g.host[data-role="client"] text.addr').textContent(), client);
    t.ok(await ladder.locator('g.host[data-role="client"] text.addr').isVisible(), 'the address shows');
    await ladder.screenshot({ path: path.join(SCREENSHOTS, 'injected.png') });
    t.same(problems, []);
  });

  t.test('filters narrow the matrix and the sections by status, text, runtime and family', async (t) => {
    const { page, problems } = await open(browser, index);
    const all = await visibleRows(page);
    t.equal(all, CASES.length);
    await page.locator('input[name="status"][value="pass"]').uncheck();
    const noPass = await visibleRows(page);
    t.ok(noPass < all, `unchecking pass leaves the rows with something else (${noPass} of ${all})`);
    t.equal(await page.locator('section.case:visible').count(), noPass, 'the sections follow the rows');
    await page.click('#filter-reset');
    await page.fill('#filter-text', 'refused');
    t.equal(await visibleRows(page), 1, 'text narrows to the one case');
    t.equal(await page.locator('#filter-count').textContent(), `1 of ${CASES.length} cases shown`);
    await page.fill('#filter-text', '');
    const columns = await page.locator('#matrix thead th[data-c]:visible').count();
    await page.locator('input[name="runtime"][value="node"]').uncheck();
    t.ok(await page.locator('#matrix thead th[data-c]:visible').count() < columns, 'a runtime\'s columns hide');
    t.equal(await page.locator('#matrix td[data-c]:visible').count(), (await page.locator('#matrix thead th[data-c]:visible').count()) * CASES.length);
    await page.click('#filter-reset');
    await page.locator('input[name="family"][value="ipv6"]').uncheck();
    t.equal(await page.locator('#matrix thead th[data-c]:visible').count() * 2, columns, 'unchecking ipv6 hides half the columns');
    t.equal(await page.locator('#matrix thead th[data-c][data-fm="ipv6"]:visible').count(), 0, 'every ipv6 one');
    t.same(problems, []);
  });

  t.test('hostile results stay text: nothing runs, nothing loads; merged platforms show as column groups', async (t) => {
    const file = path.join(t.testdir(), 'index.html');
    writeFileSync(file, htmlReport(fixtureReport()));
    const { page, problems } = await open(browser, file);
    t.equal(await page.evaluate('typeof window.pwned'), 'undefined');
    t.equal(await page.locator('img, main script').count(), 0);
    t.same(await page.locator('#matrix th.ph').allTextContents(), ['linux', 'darwin']);
    const python = page.locator('details.run svg.ladder').first();
    await page.evaluate("for (const d of document.querySelectorAll('details')) d.open = true");
    t.ok(((await python.boundingBox())?.height ?? 0) > 100, 'the ladder has a height');
    t.ok(await page.locator('svg.ladder .err-mark').count() >= 1, 'an error mark');
    t.same(problems, []);
  });

  t.test('a report on several nets: the net chips hide and show each net\'s columns and runs', async (t) => {
    // The fixture's results on the kernel net and again on mptcp, as a run with --net kernel,mptcp records them.
    const base = fixtureReport();
    const nets = { ...base, results: [...base.results, ...base.results.map((r) => ({ ...r, net: 'mptcp' }))], nets: ['kernel', 'mptcp'] };
    const file = path.join(t.testdir(), 'index.html');
    writeFileSync(file, htmlReport(nets));
    const { page, problems } = await open(browser, file);
    const leaves = (net: string): Promise<number> => page.locator(`#matrix thead th[data-c][data-nt="${net}"]:visible`).count();
    const kernel = await leaves('kernel');
    t.ok(kernel > 0 && (await leaves('mptcp')) === kernel, `as many mptcp columns as kernel ones (${kernel})`);
    const runs = await page.locator('details.run:not([hidden])').count();
    await page.locator('input[name="net"][value="mptcp"]').uncheck();
    t.equal(await leaves('mptcp'), 0, "unchecking mptcp hides its columns");
    t.equal(await leaves('kernel'), kernel, 'and leaves the kernel\'s');
    t.equal(await page.locator('#matrix td[data-c]:visible').count(), kernel * (await visibleRows(page)), 'the cells follow the columns');
    t.equal(await page.locator('details.run:not([hidden])').count() * 2, runs, "the mptcp runs' details hide too");
    await page.locator('input[name="net"][value="kernel"]').uncheck();
    t.equal(await leaves('kernel'), 0, 'no net checked: no column');
    await page.click('#filter-reset');
    t.equal(await leaves('mptcp'), kernel, 'show all brings them back');
    t.same(problems, []);
  });

  t.test('with JavaScript off every row and run is there, and the inert filters are not shown', async (t) => {
    const { page, problems } = await open(browser, index, false);
    t.equal(await visibleRows(page), CASES.length);
    t.equal(await page.locator('details.run').count(), report.results.length);
    t.equal(await page.locator('#filter-text').isVisible(), false);
    t.equal(await page.locator('.legend .chip:visible').count(), 6, 'the legend still reads as a legend');
    t.same(problems, []);
  });
});
