// Collateral cases (test262 style): each folder holds case files whose first line declares the
// verdict the real CLI must reach on them; the reports are checked for well-formedness too.
// Runs beside another file: stand-in agents and one C round trip: each verdict is the agents' doing, a hang's its own step timeout.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { FIXTURE_RUNTIMES, ROOT, runCli } from '../helpers/run-cli.ts';
import { parseTap } from '../helpers/parse-tap.ts';
import { validateJunit } from '../helpers/validate-junit.ts';

interface Declared {
  runtime: string;
  exit: number;
  statuses: Record<string, string>;
  env?: Record<string, string>;
  at?: string;
  wanted?: string;
  found?: string;
  reason?: string;
  agentsHow?: string;
  loadError?: string[];
  /** A failing case keeps its pcap in reports/pcap/ (when this machine can capture). */
  pcapKept?: boolean;
}

const here = path.join(ROOT, 'test', 'collateral');
const scenarios = readdirSync(here, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

const declared = (dir: string): Declared => {
  const caseDir = path.join(dir, 'suites', 'collateral');
  for (const f of readdirSync(caseDir).sort()) {
    const first = readFileSync(path.join(caseDir, f), 'utf8').split('\n')[0] ?? '';
    const m = /^\/\/ collateral: (\{.*\})$/.exec(first);
    if (m && JSON.parse(m[1]!).runtime !== undefined) return JSON.parse(m[1]!) as Declared;
  }
  throw new Error(`${caseDir}: no case file declares a runtime in its "// collateral:" line`);
};

for (const name of scenarios) {
  t.test(name, async (t) => {
    const dir = path.join(here, name);
    const d = declared(dir);
    const runtimeArgs = d.runtime.includes(':') ? ['--pair', d.runtime] : ['--runtime', d.runtime];
    const out = t.testdir();
    const run = await runCli(['--suites', path.join(dir, 'suites'), '--agents-dir', FIXTURE_RUNTIMES, ...runtimeArgs, '--reporter', 'tap'], out, d.env);
    t.equal(run.exitCode, d.exit, `exit code (stderr: ${run.stderr.slice(0, 500)})`);
    t.match(run.stdout, /^# \d+ passed, \d+ failed, \d+ skipped$/m, 'ends with the summary line, a TAP comment');
    t.ok(run.report, 'results.json was written');
    const byId = new Map(run.report?.results.map((r) => [r.id, r]));
    for (const [id, status] of Object.entries(d.statuses)) t.equal(byId.get(id)?.status, status, `${id} is ${status}`);

    const result = run.report?.results[0];
    if (d.at !== undefined) {
      t.equal(result?.failures[0]?.at, d.at, 'the failure names the step');
      t.equal(result?.failures[0]?.wanted, d.wanted, 'and what was wanted');
      t.equal(result?.failures[0]?.found, d.found, 'and what was found');
    }
    if (d.reason !== undefined) t.match(result?.reason ?? '', d.reason, 'the reason explains the trouble');
    if (d.agentsHow !== undefined) t.ok(result?.agents.every((a) => a.how === d.agentsHow), `agents ended: ${d.agentsHow}`);
    for (const a of result?.agents ?? []) t.not(a.pid, null, 'every agent had a pid');
    if (d.pcapKept === true) {
      if (run.report?.platform.capture !== 'available') t.comment(`no pcap to check: ${run.report?.platform.captureReason ?? ''}`);
      else {
        const rel = result?.capture.pcap ?? '';
        t.match(rel, /^pcap\/[A-Za-z0-9._-]+\.pcap$/, 'the failing case names its kept pcap');
        t.ok(existsSync(path.join(out, rel)) && statSync(path.join(out, rel)).size > 24, 'and the file holds packets');
      }
    }
    if (d.loadError !== undefined) {
      const message = run.report?.loadErrors[0]?.message ?? '';
      for (const part of d.loadError) t.match(message, part, `the load error names ${part}`);
      t.match(run.stderr, d.loadError[0]!, 'and is printed');
    }

    const tap = await parseTap(run.tap);
    t.same(tap.tapErrors, [], 'results.tap parses in strict mode');
    t.equal(tap.final.count, (run.report?.results.length ?? 0) + (run.report?.loadErrors.length ?? 0), 'one point per result and load error');
    for (const p of tap.points.filter((p) => !p.ok)) t.ok(p.diag, `not ok point "${p.name}" carries a YAML diagnostic`);
    t.equal(validateJunit(run.junit), null, 'junit.xml is valid against junit-10.xsd');
  });
}
