// Writes the report files atomically: a reader (CI, a watching editor) never sees half a file, nor a mix of two runs' files.
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunReport } from '../result/case-result.ts';
import { junitXml, type JunitOptions } from './junit-writer.ts';
import { htmlReport } from './html/html-report.ts';
import { makeDir } from './make-dir.ts';

/** Where each report landed, for the CLI to print. */
export interface ReportPaths {
  tap: string;
  junit: string;
  json: string;
  html: string;
}

/** Success names the files; failure is data naming the path that could not be written. */
export type WriteReportsResult = { ok: true; paths: ReportPaths } | { ok: false; path: string; reason: string };

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A temp name beside `file`: same folder, so the rename into place is atomic; unique per run and call. */
const tempFor = (file: string): string =>
  path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

/** results.tap, junit.xml, results.json and index.html in outDir (created if missing). */
export const writeReports = async (
  outDir: string,
  report: RunReport,
  tapText: string,
  opts: JunitOptions = {},
): Promise<WriteReportsResult> => {
  const paths: ReportPaths = {
    tap: path.join(outDir, 'results.tap'),
    junit: path.join(outDir, 'junit.xml'),
    json: path.join(outDir, 'results.json'),
    html: path.join(outDir, 'index.html'),
  };
  try {
    await makeDir(outDir);
  } catch (error) {
    return { ok: false, path: outDir, reason: `cannot create report directory ${outDir}: ${describe(error)}` };
  }
  const files: [string, () => string][] = [
    [paths.tap, () => tapText],
    [paths.junit, () => junitXml(report, opts)],
    [paths.json, () => `${JSON.stringify(report, null, 2)}\n`],
    [paths.html, () => htmlReport(report)],
  ];
  // Every file is written in full before any is renamed into place: a full disk or a read-only
  // folder then leaves the previous set whole, never this run's TAP beside the last run's JSON.
  const temps: [string, string][] = [];
  const clear = (): Promise<unknown> => Promise.all(temps.map(([temp]) => rm(temp, { force: true }).catch(() => undefined)));
  for (const [file, text] of files) {
    const temp = tempFor(file);
    try {
      temps.push([temp, file]);
      await writeFile(temp, text(), 'utf8');
    } catch (error) {
      await clear();
      return { ok: false, path: file, reason: `cannot write ${file}: ${describe(error)}` };
    }
  }
  for (const [temp, file] of temps) {
    try {
      await rename(temp, file);
    } catch (error) {
      await clear();
      return { ok: false, path: file, reason: `cannot write ${file}: ${describe(error)}` };
    }
  }
  return { ok: true, paths };
};
