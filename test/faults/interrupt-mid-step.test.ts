// Ctrl-C and SIGTERM while a step is in flight, with the case's namespaces, firewall rules and
// capture in place (the gated runtime holds the third case's connect: test/fixtures/fault-runtimes/gated).
// The run exits 130; what finished is in strict TAP (file and stdout), valid JUnit and results.json,
// all agreeing; the kept pcaps are whole; no process, namespace or mount of the run is left.
import { mkdtempSync, readdirSync, readFileSync, rmSync, watch } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { execa } from 'execa';
import type { RunReport } from '../../harness/result/case-result.ts';
import { PcapReader } from '../../harness/capture/pcap-reader.ts';
import { ROOT } from '../helpers/run-cli.ts';
import { parseTap } from '../helpers/parse-tap.ts';
import { validateJunit } from '../helpers/validate-junit.ts';
import { carrying, hostState, runMarker } from './leftovers.ts';

// The third is a firewall case: its client is held at the gate after the rule is in.
const CASES = ['close/unread-data-sends-rst', 'connect/refused-closed-port', 'connect/syn-rejected'];
const FINISHED = CASES.slice(0, 2);

/** Namespace files bind-mounted anywhere (ip netns and the like): a run must leave none behind. */
const nsMounts = (): string[] => readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => / - nsfs /.test(l));

const cmdline = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
};

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  t.test(`${signal} mid-step`, async (t) => {
    const host = await hostState();
    const mountsBefore = nsMounts();
    const marker = runMarker(`mid-step-${signal}`);
    const out = t.testdir();
    const gate = mkdtempSync(path.join(os.tmpdir(), 'sockspec-gate-'));
    t.teardown(() => rmSync(gate, { recursive: true, force: true }));
    const run = execa(process.execPath, [
      path.join(ROOT, 'bin', 'sockspec.js'), '--family', 'ipv4', '--agents-dir', path.join(ROOT, 'test', 'fixtures', 'fault-runtimes'), '--runtime', 'gated',
      '--jobs', '1', '--step-timeout', '20000', '--keep-pcaps', '--reporter', 'tap', '--out', out, ...CASES,
    ], { cwd: ROOT, reject: false, timeout: 60_000, env: { NO_COLOR: '1', SOCKSPEC_FIXTURE_GATE_DIR: gate, ...marker.env } });
    // Mid-step, observably: the third case's client waits at the gate with its connect unsent.
    await new Promise<void>((resolve) => {
      const watcher = watch(gate, () => { if (readdirSync(gate).some((f) => f.startsWith('waiting-'))) resolve(); });
      void run.finally(() => { watcher.close(); resolve(); });
    });
    const during = carrying(marker);
    const capturing = during.filter((pid) => /\bcapture-[0-9a-f]+\b/.test(cmdline(pid)));
    run.kill(signal);
    const r = await run;

    t.equal(r.exitCode, 130, `exits 130 (got ${r.exitCode} ${r.signal ?? ''}; stderr: ${String(r.stderr).slice(0, 300)})`);
    t.match(String(r.stderr), `sockspec: ${signal}: stopping; ending agents and writing the reports so far`);
    const report = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as RunReport;
    t.same(report.results.map((x) => [x.id, x.status]), [...FINISHED.map((id) => [id, 'pass']), [CASES[2], 'error']],
      'results.json holds the two cases that finished, passed, and the interrupted one');
    t.equal(report.results[2]?.reason, 'step 3 (client connects): the run was interrupted', 'which says where it was stopped');
    const tap = await parseTap(readFileSync(path.join(out, 'results.tap'), 'utf8'));
    t.same(tap.tapErrors, [], 'results.tap parses in strict mode');
    t.equal(tap.final.count, report.results.length, 'one point per result in results.json');
    const streamed = await parseTap(String(r.stdout).replace(/^\d+ passed.*$/m, ''));
    t.same(streamed.tapErrors, [], 'the TAP on stdout parses in strict mode too, its plan written');
    t.equal(streamed.final.count, report.results.length, 'and agrees with results.json');
    const junit = readFileSync(path.join(out, 'junit.xml'), 'utf8');
    t.equal(validateJunit(junit), null, 'junit.xml is valid');
    t.match(junit, new RegExp(`<testsuites name="sockspec" tests="${report.results.length}"`), 'and counts the same results');
    for (const x of report.results.filter((y) => y.capture.pcap !== undefined)) {
      const reader = new PcapReader();
      reader.push(readFileSync(path.join(out, x.capture.pcap!)));
      t.doesNotThrow(() => reader.end(), `${x.capture.pcap} is whole`);
    }

    if (report.platform.capture === 'available') t.ok(capturing.length >= 1, `a capture was running at the signal (${capturing.join(', ')})`);
    else t.comment(`no capture here: ${report.platform.captureReason ?? ''}`);
    t.ok(during.length >= 5, `mid-step, the run had ${during.length} processes (the CLI, namespace holders, agents, capture)`);
    t.same(carrying(marker), [], 'none of them outlived the run');
    t.same(nsMounts(), mountsBefore, 'no namespace is left mounted');
    t.equal(await hostState(), host, 'host nft ruleset and ip netns list unchanged');
  });
}
