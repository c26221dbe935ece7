// Writes the report files atomically: a reader (CI, a watching editor) never sees half a file.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunReport } from '../result/case-result.ts';
import { junitXml, type JunitOptions } from './junit-writer.ts';
import { htmlReport } from './html/html-report.ts';

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

/** Write to a temp file beside the target, then rename over it (atomic within one directory). */
const writeAtomic = async (file: string, text: string): Promise<void> => {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, 'utf8');
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
};

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
    await mkdir(outDir, { recursive: true });
  } catch (error) {
    return { ok: false, path: outDir, reason: `cannot create report directory ${outDir}: ${describe(error)}` };
  }
  const files: [string, () => string][] = [
    [paths.tap, () => tapText],
    [paths.junit, () => junitXml(report, opts)],
    [paths.json, () => `${JSON.stringify(report, null, 2)}\n`],
    [paths.html, () => htmlReport(report)],
  ];
  for (const [file, text] of files) {
    try {
      await writeAtomic(file, text());
    } catch (error) {
      return { ok: false, path: file, reason: `cannot write ${file}: ${describe(error)}` };
    }
  }
  return { ok: true, paths };
};
