// Runs the real sockspec CLI as a user would, in a child process, and reads back its report files.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { RunReport } from '../../harness/result/case-result.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURE_RUNTIMES = path.join(ROOT, 'test', 'fixtures', 'runtimes');

export interface CliRun {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  /** Null when the run wrote no results.json. */
  report: RunReport | null;
  tap: string;
  junit: string;
}

/**
 * `node bin/sockspec.js ...args --out outDir`, with extra environment. Over ipv4 only unless the
 * args give `--family`: a test of something else needs one family, and runs in half the time;
 * the family dimension has tests of its own (test/cli/family-cli.test.ts).
 */
export const runCli = async (args: string[], outDir: string, env: Record<string, string> = {}, timeoutMs = 120_000): Promise<CliRun> => {
  const family = args.includes('--family') || args.includes('--failed') ? [] : ['--family', 'ipv4'];
  const r = await execa(process.execPath, [path.join(ROOT, 'bin', 'sockspec.js'), ...args, ...family, '--out', outDir], {
    cwd: ROOT, env: { ...env, NO_COLOR: '1' }, reject: false, timeout: timeoutMs,
  });
  const read = (f: string): Promise<string> => readFile(path.join(outDir, f), 'utf8').catch(() => '');
  const json = await read('results.json');
  return {
    exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr),
    report: json === '' ? null : (JSON.parse(json) as RunReport), tap: await read('results.tap'), junit: await read('junit.xml'),
  };
};
