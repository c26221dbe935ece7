// Two sockspec runs at once on one machine. In folders of their own: both pass with the same
// verdicts, no capture holds a segment of the other run's connections, the firewall cases do not
// meet, and nothing is left behind. On one folder: the second run is refused at once, naming the
// run that holds it, and the first run's reports come out whole.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { execa, type ResultPromise } from 'execa';
import type { CaseResult, RunReport } from '../../harness/result/case-result.ts';
import { LOCK_NAME } from '../../harness/cli/reports-lock.ts';
import { PcapReader } from '../../harness/capture/pcap-reader.ts';
import { decodeSegment } from '../../harness/capture/decode-segment.ts';
import { ROOT } from '../helpers/run-cli.ts';
import { parseTap } from '../helpers/parse-tap.ts';
import { validateJunit } from '../helpers/validate-junit.ts';
import { carrying, hostState, runMarker } from './leftovers.ts';

// A capturing case, a firewall case (nft in the namespace), and one whose connections carry data.
const FAULT_RUNTIMES = path.join(ROOT, 'test', 'fixtures', 'fault-runtimes');
const CASES = ['close/unread-data-sends-rst', 'connect/refused-closed-port', 'connect/syn-rejected'];

/** A run of CASES, every pcap kept, on the C runtime unless `extra` says otherwise. */
const start = (out: string, env: Record<string, string>, extra: string[] = ['--runtime', 'c']): ResultPromise<{ reject: false }> =>
  execa(process.execPath, [path.join(ROOT, 'bin', 'sockspec.js'), '--family', 'ipv4', '--reporter', 'tap', '--keep-pcaps', '--out', out, ...extra, ...CASES], {
    cwd: ROOT, reject: false, timeout: 60_000, env: { NO_COLOR: '1', ...env },
  });

const readReport = (out: string): RunReport => JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as RunReport;

/** Every port a result's own steps named: listeners, reserved ports, local and remote ends. */
const portsOf = (r: CaseResult): Set<string> => {
  const ports = new Set<string>();
  for (const s of r.steps) {
    for (const bag of [s.request, s.value ?? {}]) {
      for (const k of ['port', 'localPort', 'remotePort', 'bindPort']) if (typeof bag[k] === 'number') ports.add(String(bag[k]));
    }
  }
  return ports;
};
const portOf = (endpoint: string): string => endpoint.slice(endpoint.lastIndexOf(':') + 1);

/** Reports that are whole: strict TAP with `count` points, valid JUnit, the page closed, every kept pcap readable, no temp file. */
const checkWhole = async (t: Test, out: string, count: number): Promise<void> => {
  const tap = await parseTap(readFileSync(path.join(out, 'results.tap'), 'utf8'));
  t.same(tap.tapErrors, [], 'results.tap parses in strict mode');
  t.equal(tap.final.count, count, `results.tap has ${count} points`);
  t.equal(validateJunit(readFileSync(path.join(out, 'junit.xml'), 'utf8')), null, 'junit.xml is valid');
  t.match(readFileSync(path.join(out, 'index.html'), 'utf8'), /<\/html>\n$/, 'index.html is whole');
  t.same(readdirSync(out).filter((f) => f.startsWith('.')), [], 'no temp file and no lock left');
  for (const r of readReport(out).results.filter((x) => x.capture.pcap !== undefined)) {
    const reader = new PcapReader();
    const records = reader.push(readFileSync(path.join(out, r.capture.pcap!)));
    t.doesNotThrow(() => reader.end(), `${r.capture.pcap} ends on a record boundary`);
    // The capture keeps every packet (IPv6 multicast reports too); its TCP segments are the result's.
    const tcp = records.map((p) => decodeSegment(p.data, p.timeMs)).filter((s) => s !== null);
    t.same(tcp.map((s) => `${s.src}>${s.dst} ${s.flags.join(',')}`), r.capture.segments.map((s) => `${s.src}>${s.dst} ${s.flags.join(',')}`),
      `${r.capture.pcap} holds the segments of this run's result`);
  }
};

t.test('two runs at once, each in its own folder, do not meet', async (t) => {
  const before = await hostState();
  const markers = [runMarker('a'), runMarker('b')];
  const outs = [path.join(t.testdir(), 'a'), path.join(t.testdir(), 'b')];
  // Overlap made, not hoped for: started together, the two CLIs' set-up (a cold build, a loaded core) once ran
  // one wholly before the other. The first runs the gated runtime (the C agent, held at its third case until the
  // gate opens); the second runs whole while the first surely waits mid-run, then the gate opens.
  const gate = mkdtempSync(path.join(os.tmpdir(), 'sockspec-gate-'));
  t.teardown(() => rmSync(gate, { recursive: true, force: true }));
  const first = start(outs[0]!, { ...markers[0]!.env, SOCKSPEC_FIXTURE_GATE_DIR: gate }, ['--agents-dir', FAULT_RUNTIMES, '--runtime', 'gated', '--jobs', '1', '--step-timeout', '20000']);
  await new Promise<void>((resolve) => {
    const watcher = watch(gate, () => { if (readdirSync(gate).some((f) => f.startsWith('waiting-'))) resolve(); });
    void first.finally(() => resolve());
    void first.finally(() => watcher.close());
  });
  const second = await start(outs[1]!, markers[1]!.env);
  writeFileSync(path.join(gate, 'open'), '');
  const runs = [await first, second];
  for (const r of runs) t.equal(r.exitCode, 0, `exit 0 (stdout: ${String(r.stdout).slice(-300)}; stderr: ${String(r.stderr).slice(0, 300)})`);
  const [a, b] = outs.map(readReport) as [RunReport, RunReport];
  const verdicts = (rep: RunReport) => rep.results.map((r) => [r.id, r.status]);
  t.same(verdicts(a), CASES.map((id) => [id, 'pass']), 'the first passes every case');
  t.same(verdicts(b), verdicts(a), 'the second reaches the same verdicts');
  const span = (rep: RunReport): [number, number] => [Date.parse(rep.startedAt), Date.parse(rep.startedAt) + rep.summary.durationMs];
  t.ok(span(a)[0] < span(b)[1] && span(b)[0] < span(a)[1], 'the two runs overlapped in time');

  if (a.platform.capture !== 'available') t.comment(`no capture here, segments not compared: ${a.platform.captureReason ?? ''}`);
  else {
    for (const r of [...a.results, ...b.results]) {
      const ports = portsOf(r);
      t.equal(r.capture.status, 'captured', `${r.name}: captured`);
      const foreign = r.capture.segments.filter((s) => !ports.has(portOf(s.src)) && !ports.has(portOf(s.dst)));
      t.same(foreign, [], `${r.name}: every segment is on a port its own steps used (${[...ports].join(', ')})`);
    }
  }
  for (const out of outs) await checkWhole(t, out, CASES.length);
  for (const m of markers) t.same(carrying(m), [], 'no process of either run is left');
  t.equal(await hostState(), before, 'host nft ruleset and ip netns list unchanged');
});

t.test('a second run on the same folder is refused at once; the first is unharmed and comes out whole', async (t) => {
  const out = t.testdir();
  const gate = mkdtempSync(path.join(os.tmpdir(), 'sockspec-gate-'));
  t.teardown(() => rmSync(gate, { recursive: true, force: true }));
  // The gated runtime is the C agent held at its third case until the gate opens (test/fixtures/fault-runtimes/gated).
  const first = start(out, { SOCKSPEC_FIXTURE_GATE_DIR: gate }, ['--agents-dir', FAULT_RUNTIMES, '--runtime', 'gated', '--jobs', '1', '--step-timeout', '20000']);
  // Mid-run, observably: the third case's agent waits at the gate, the first two cases' pcaps kept.
  await new Promise<void>((resolve) => {
    const watcher = watch(gate, () => { if (readdirSync(gate).some((f) => f.startsWith('waiting-'))) resolve(); });
    void first.finally(() => resolve());
    void first.finally(() => watcher.close());
  });
  const kept = readdirSync(path.join(out, 'pcap')).sort();
  t.equal(kept.length, 2, `the first run has kept the pcaps of its first two cases (${kept.join(', ')})`);
  t.ok(existsSync(path.join(out, LOCK_NAME)), 'and holds the folder');

  const second = await start(out, {});
  t.equal(second.exitCode, 2, 'the second run: bad usage');
  t.match(String(second.stderr), `sockspec: The report folder ${out} is in use by another sockspec run (pid ${String(first.pid)}, started `, 'naming the folder and the run that holds it');
  t.match(String(second.stderr), 'give this run its own `--out` folder');
  t.equal(String(second.stdout), '', 'it ran nothing');
  t.same(readdirSync(path.join(out, 'pcap')).sort(), kept, 'and cleared none of the first run\'s pcaps');

  writeFileSync(path.join(gate, 'open'), '');
  const r = await first;
  t.equal(r.exitCode, 0, `the first run passes (stdout: ${String(r.stdout).slice(-300)}; stderr: ${String(r.stderr).slice(0, 300)})`);
  t.same(readReport(out).results.map((x) => [x.id, x.status]), CASES.map((id) => [id, 'pass']), 'its results.json holds all of its results');
  await checkWhole(t, out, CASES.length);
});

t.test('a lock left by a run that was killed is taken over', async (t) => {
  const out = t.testdir();
  // The pid of a process that has exited (and was reaped): what a killed run leaves in its lock.
  const gone = execa(process.execPath, ['-e', '']);
  await gone;
  writeFileSync(path.join(out, LOCK_NAME), `${JSON.stringify({ pid: gone.pid, startedAt: '2000-01-01T00:00:00.000Z' })}\n`);
  const r = await execa(process.execPath, [path.join(ROOT, 'bin', 'sockspec.js'), '--family', 'ipv4', '--runtime', 'c', '--reporter', 'tap', '--out', out, CASES[1]!], {
    cwd: ROOT, reject: false, timeout: 60_000, env: { NO_COLOR: '1' },
  });
  t.equal(r.exitCode, 0, `the run goes ahead (stderr: ${String(r.stderr).slice(0, 300)})`);
  t.notOk(existsSync(path.join(out, LOCK_NAME)), 'and leaves no lock');
});
