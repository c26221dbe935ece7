// A background agent step with real agents: the server's accept is pending while the client connects (a request
// to the other agent), and the await of its reply checks its expectation, reported as the background step's.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { runCli, ROOT } from '../helpers/run-cli.ts';
import { describeStep, socketPorts } from '../../harness/reference/describe-step.ts';
import { stepTable } from '../../harness/report/html/step-table.ts';

const INDEX = pathToFileURL(path.join(ROOT, 'harness', 'index.ts')).href;

const caseFile = (acceptExpect: string, awaitMs: number, connect = true): string => `import { defineCase } from '${INDEX}';
export default defineCase(import.meta, {
  description: 'an accept in flight while the client connects',
  spec: ['accept(2)'],
  steps: [
    { role: 'server', op: 'listen', as: 'l' },
    { role: 'server', op: 'accept', sock: 'l', as: 's', background: true, timeoutMs: 3000, label: 'server accepts', expect: ${acceptExpect} },
    ${connect ? "{ role: 'client', op: 'connect', as: 'c', to: 'l', label: 'client connects', expect: { ok: true } }," : ''}
    { role: 'harness', op: 'await', reply: 'server accepts', timeoutMs: ${awaitMs}, label: 'the accept returns' },
  ],
});
`;

const run = async (dir: string, source: string) => {
  mkdirSync(path.join(dir, 'cases', 'g'), { recursive: true });
  writeFileSync(path.join(dir, 'cases', 'g', 'inflight.ts'), source);
  // One family: the engine's handling of a background step does not depend on it, and each run costs a second.
  return runCli([path.join(dir, 'cases'), '--runtime', 'c', '--family', 'ipv4', '-R', 'tap'], path.join(dir, 'out'));
};

t.test('the accept waits in the background while the client connects; its reply is checked at the await', async (t) => {
  const cli = await run(t.testdir(), caseFile('{ ok: true }', 2000));
  const results = cli.report?.results ?? [];
  t.ok(results.length > 0, `ran (stderr: ${cli.stderr.slice(0, 300)})`);
  for (const r of results) {
    t.equal(r.status, 'pass', `passes (${r.name}: ${r.reason ?? ''} ${JSON.stringify(r.failures)})`);
    t.same(r.steps.map((s) => s.index), [1, 2, 3, 4], 'every step recorded in its place');
    t.match(r.steps[1], { op: 'accept', ok: true, verdict: 'ok', background: { awaitedAt: 4 } }, 'the accept step holds its own reply');
    t.match(r.steps[3], { role: 'harness', op: 'await', ok: true, verdict: 'ok', wanted: 'the reply to step 2 (server accepts) within 2000 ms' });
    // The reference's stimulus and the HTML step table say it too.
    t.match(describeStep({ index: 2, label: 'server accepts', role: 'server', op: 'accept' }, r.steps[1], socketPorts(r.steps)),
      /^server accepts a connection on `l` \(`s`\), in the background \(the steps after it run while it waits; step 4 awaits its reply\)$/);
    t.match(describeStep({ index: 4, label: 'the accept returns', role: 'harness', op: 'await' }, r.steps[3], socketPorts(r.steps)),
      /^the harness waits for the reply to `server accepts`, sent in the background$/);
    t.match(stepTable(r.steps), /server accepts <span class="muted">\(in the background; awaited at step 4\)<\/span>/);
  }
});

t.test('negative control: a wrong expectation fails at the background step, awaited at the await', async (t) => {
  const cli = await run(t.testdir(), caseFile("{ error: 'ECONNREFUSED' }", 2000));
  const results = cli.report?.results ?? [];
  t.ok(results.length > 0);
  for (const r of results) {
    t.equal(r.status, 'fail');
    t.match(r.failures[0], { at: 'step 2 (server accepts), awaited at step 4 (the accept returns)', wanted: /ECONNREFUSED/ });
  }
  t.match(cli.tap, /2 server accept timeoutMs=3000 \(server accepts\) \[in the background, awaited at step 4\] → ok/, "TAP's transcript says it ran in the background");
});

t.test("negative control: a reply later than the await's bound fails there, and the steps end", async (t) => {
  const cli = await run(t.testdir(), caseFile('{ ok: true }', 200, false));
  const results = cli.report?.results ?? [];
  t.ok(results.length > 0);
  for (const r of results) {
    t.equal(r.status, 'fail', `fails (${r.reason ?? ''})`);
    t.match(r.failures[0], { at: 'step 3 (the accept returns)', found: /no reply within 200 ms \(the agent still waits in accept; its own wait: 3000 ms\)/ });
  }
});

t.test('a background step never awaited is a case error naming the file and the step', async (t) => {
  const source = caseFile('{ ok: true }', 2000).replace(/\n    \{ role: 'harness', op: 'await'.*\n/, '\n');
  const cli = await run(t.testdir(), source);
  t.not(cli.exitCode, 0);
  t.match(`${cli.stdout}${cli.stderr}${JSON.stringify(cli.report?.loadErrors ?? [])}`, /g\/inflight\.ts: .*steps\[1\] \("server accepts"\) runs in the background but no later step awaits its reply/);
});
