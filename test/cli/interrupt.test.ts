// Ctrl-C mid-run: the CLI ends its agents, captures and namespaces, writes well-formed reports of
// what finished, and exits 130. Checked from outside, by what is left on the machine.
import { mkdtempSync, readdirSync, readFileSync, rmSync, watch } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { execa } from 'execa';
import { carrying } from '../helpers/carrying.ts';
import { FIXTURE_RUNTIMES, ROOT } from '../helpers/run-cli.ts';
import { parseTap } from '../helpers/parse-tap.ts';
import { validateJunit } from '../helpers/validate-junit.ts';

const interrupt = async (t: { testdir(): string }, args: string[], signal: 'SIGINT' | 'SIGTERM') => {
  const marker = `SOCKSPEC_TEST_RUN=${process.pid}-${signal}-${Date.now()}`;
  const out = t.testdir();
  const started = mkdtempSync(path.join(os.tmpdir(), 'sockspec-started-'));
  const child = execa(process.execPath, [path.join(ROOT, 'bin', 'sockspec.js'), '--family', 'ipv4', ...args, '--out', out, '--reporter', 'tap'], {
    cwd: ROOT, reject: false, env: { NO_COLOR: '1', SOCKSPEC_TEST_RUN: marker.split('=')[1]!, SOCKSPEC_FIXTURE_STARTED_DIR: started }, timeout: 60_000,
  });
  // Mid-run, observably: a first result is out and both hang agents of the next case are up.
  await new Promise<void>((resolve) => {
    let seen = '';
    const ready = (): void => { if (/^(not )?ok 1 /m.test(seen) && readdirSync(started).length >= 2) resolve(); };
    const watcher = watch(started, ready);
    child.stdout?.on('data', (c: Buffer) => { seen += c.toString(); ready(); });
    void child.then(() => resolve());
    void child.finally(() => watcher.close());
  });
  // Proves the marker reaches the run's processes, so its absence afterwards means something.
  const during = carrying(marker);
  child.kill(signal);
  const r = await child;
  rmSync(started, { recursive: true, force: true });
  return { r, out, marker, during };
};

/** The host's own firewall rules and named namespaces, which no case may touch. */
const hostState = async (): Promise<string> => {
  const nft = await execa('nft', ['list', 'ruleset'], { reject: false });
  const netns = await execa('ip', ['netns', 'list'], { reject: false });
  return `nft (${nft.exitCode}):\n${String(nft.stdout)}\nnetns:\n${String(netns.stdout)}`;
};

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  t.test(`${signal} mid-run`, async (t) => {
    const host = process.getuid?.() === 0 ? await hostState() : null;
    // The hang runtime keeps a case busy until its step deadline, so the signal lands mid-case.
    const { r, out, marker, during } = await interrupt(t, ['--agents-dir', FIXTURE_RUNTIMES, '--runtime', 'c,hang', '--jobs', '1', '--step-timeout', '5000'], signal);
    t.equal(r.exitCode, 130, `exits 130 (got ${r.exitCode} ${r.signal ?? ''}; stderr: ${String(r.stderr).slice(0, 300)})`);
    const report = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as { results: unknown[] };
    t.ok(report.results.length >= 1, 'results.json holds what finished');
    const tap = await parseTap(readFileSync(path.join(out, 'results.tap'), 'utf8'));
    t.same(tap.tapErrors, [], 'results.tap is well-formed');
    t.equal(validateJunit(readFileSync(path.join(out, 'junit.xml'), 'utf8')), null, 'junit.xml is valid');

    t.ok(during.length >= 4, `mid-run, the CLI, the namespace holder and both agents carry the marker (${during.length} processes)`);
    t.same(carrying(marker), [], 'no agent, capture or namespace holder outlived the run');
    if (host !== null) t.equal(await hostState(), host, 'host nft ruleset and ip netns list unchanged');
  });
}

t.test('a full run with firewall faults leaves the host as it was', { skip: process.getuid?.() !== 0 && 'needs root to read the host ruleset' }, async (t) => {
  const before = await hostState();
  const marker = `SOCKSPEC_TEST_RUN=${process.pid}-full-${Date.now()}`;
  const out = t.testdir();
  const r = await execa(process.execPath, [path.join(ROOT, 'bin', 'sockspec.js'), '--family', 'ipv4', '--runtime', 'c', '--reporter', 'tap', '--out', out, 'connect/syn-dropped'], {
    cwd: ROOT, reject: false, env: { NO_COLOR: '1', SOCKSPEC_TEST_RUN: marker.split('=')[1]! }, timeout: 60_000,
  });
  t.equal(r.exitCode, 0, `the run passes (stdout: ${String(r.stdout).slice(-300)})`);
  t.equal(await hostState(), before, 'host nft ruleset and ip netns list unchanged');
  t.same(carrying(marker), [], 'no process of the run is left');
});
