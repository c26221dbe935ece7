// Ctrl-C mid-run: the CLI ends its agents, captures and namespaces, writes well-formed reports of
// what finished, and exits 130. Checked from outside, by what is left on the machine.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { execa } from 'execa';
import { FIXTURE_RUNTIMES, ROOT } from '../helpers/run-cli.ts';
import { parseTap } from '../helpers/parse-tap.ts';
import { validateJunit } from '../helpers/validate-junit.ts';

/** pid → network namespace and command line, for every process we may inspect. */
const processes = (): Map<number, { ns: string; cmd: string }> => {
  const out = new Map<number, { ns: string; cmd: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ns = readlinkSync(`/proc/${entry}/ns/net`);
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      out.set(Number(entry), { ns, cmd });
    } catch {
      // Gone between readdir and read, or not ours to read.
    }
  }
  return out;
};

const interrupt = async (t: { testdir(): string }, args: string[], signal: 'SIGINT' | 'SIGTERM') => {
  const before = processes();
  const out = t.testdir();
  const child = execa(process.execPath, [path.join(ROOT, 'bin', 'sockspec.js'), ...args, '--out', out, '--reporter', 'tap'], {
    cwd: ROOT, reject: false, env: { NO_COLOR: '1' }, timeout: 60_000,
  });
  // The first finished test point is the observable moment "mid-run".
  await new Promise<void>((resolve) => {
    let seen = '';
    child.stdout?.on('data', (c: Buffer) => {
      seen += c.toString();
      if (/^(not )?ok 1 /m.test(seen)) resolve();
    });
    void child.then(() => resolve());
  });
  child.kill(signal);
  const r = await child;
  return { r, out, before };
};

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  t.test(`${signal} mid-run`, async (t) => {
    // The hang runtime keeps a case busy until its step deadline, so the signal lands mid-case.
    const { r, out, before } = await interrupt(t, ['--agents-dir', FIXTURE_RUNTIMES, '--runtime', 'c,hang', '--jobs', '1', '--step-timeout', '5000'], signal);
    t.equal(r.exitCode, 130, `exits 130 (got ${r.exitCode} ${r.signal ?? ''}; stderr: ${String(r.stderr).slice(0, 300)})`);
    const report = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as { results: unknown[] };
    t.ok(report.results.length >= 1, 'results.json holds what finished');
    const tap = await parseTap(readFileSync(path.join(out, 'results.tap'), 'utf8'));
    t.same(tap.tapErrors, [], 'results.tap is well-formed');
    t.equal(validateJunit(readFileSync(path.join(out, 'junit.xml'), 'utf8')), null, 'junit.xml is valid');

    const after = processes();
    const hostNs = readlinkSync('/proc/self/ns/net');
    const leftovers = [...after].filter(([pid, p]) => !before.has(pid) && (p.ns !== hostNs || /sockspec|agent\.mjs|capture-/.test(p.cmd)));
    t.same(leftovers, [], 'no agent, capture or namespace holder outlived the run');
  });
}
