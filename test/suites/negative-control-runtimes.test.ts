// Every wrong-peer case must fail against the programs of the runtimes added after the catalogue's
// controls were written, not only against C (negative-control.test.ts); a file of its own, so tap
// runs it beside that one.
import path from 'node:path';
import t from 'tap';
import { loadCases } from '../../harness/case/load-cases.ts';
import { FIXTURE_RUNTIMES, ROOT, runCli } from '../helpers/run-cli.ts';

const { cases } = await loadCases([path.join(ROOT, 'suites')], ROOT);
// 22 wrong-peer cases, each one CLI run of every pair, program and family (5-20 s under load): past tap's default 120 s for the file.
t.setTimeout(900_000);

/**
 * The runtimes and programs added after the catalogue's controls were written (Go; Rust and tokio;
 * Java and nio; Python with its asyncio program): a wrong peer must fail each case against every
 * one of their programs too, not only against C (one run per case, every pair at once).
 */
const OTHER_SIDES = ['go', 'rust', 'java', 'python'];

for (const kase of cases.filter((c) => c.wrongPeer !== undefined)) {
  t.test(`${kase.id}: the wrong peer against ${OTHER_SIDES.join(', ')} (every program)`, async (t) => {
    const wrong = kase.wrongPeer!;
    const pairs = OTHER_SIDES.flatMap((rt) => ['--pair', wrong.role === 'server' ? `wrong-peer:${rt}` : `${rt}:wrong-peer`]);
    const run = await runCli(['--agents-dir', FIXTURE_RUNTIMES, ...pairs, '--reporter', 'tap', '--family', 'ipv4,ipv6', kase.id], path.join(t.testdir(), 'out'), { SOCKSPEC_WRONG_PEER: wrong.mode });
    const results = run.report?.results ?? [];
    t.ok(results.length >= 2 * OTHER_SIDES.length, `a result per pair, program and family (stderr: ${run.stderr.slice(0, 300)})`);
    t.same([...new Set(results.map((r) => r.family ?? 'ipv4'))].sort(), ['ipv4', 'ipv6'], 'over IPv4 and IPv6 in the one run');
    for (const r of results) {
      // A runtime missing here, or an op its program cannot express, is a skip that says why; anything else must fail.
      if (r.status === 'skip') t.ok(r.reason, `${r.name}: skipped, saying why (${r.reason ?? ''})`);
      else t.equal(r.status, 'fail', `${r.name}: a semantics failure (found ${r.status}: ${r.reason ?? r.failures[0]?.found ?? ''})`);
    }
  });
}
