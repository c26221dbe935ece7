// A socket a runtime never gave the program, as a divergence documents (Deno's accept of a reset
// connection, rst/reset-before-accept), ends the steps that need it: the run passes, saying which
// steps did not run. Without the divergence, a step on that socket is a case error, as before.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { runCli } from '../helpers/run-cli.ts';
import { ROOT } from '../helpers/run-cli.ts';

const INDEX = pathToFileURL(path.join(ROOT, 'harness', 'index.ts')).href;
const RUNTIME_API = pathToFileURL(path.join(ROOT, 'harness', 'runtime-api.ts')).href;

// The second listen on a held port fails EADDRINUSE (the kernel's answer, so the C agent can play the divergence); then a step uses it.
const CASE = `import { defineCase } from '${INDEX}';
export default defineCase(import.meta, {
  description: 'a socket that a failed listen never made, used afterwards',
  spec: ['bind(2) EADDRINUSE'],
  steps: [
    { role: 'server', op: 'listen', as: 'l' },
    { role: 'server', op: 'listen', as: 'again', portOf: 'l', label: 'listen again', expect: { error: 'EADDRINUSE' } },
    { role: 'server', op: 'close', sock: 'again', label: 'close it' },
  ],
});
`;
const DIVERGENCE = `import { defineExpectations } from '${RUNTIME_API}';
export default defineExpectations({
  'g/unmade': { divergences: [{ role: 'server', verified: true, reason: 'this runtime never gives the program the socket', source: 'bind(2): EADDRINUSE', steps: { 'listen again': { error: 'EADDRINUSE' } } }] },
});
`;

const setUp = (dir: string, withDivergence: boolean): string => {
  mkdirSync(path.join(dir, 'cases', 'g'), { recursive: true });
  writeFileSync(path.join(dir, 'cases', 'g', 'unmade.ts'), CASE);
  if (withDivergence) writeFileSync(path.join(dir, 'cases', 'c.expectations.ts'), DIVERGENCE);
  return path.join(dir, 'cases');
};

t.test('with the divergence: the steps on the unmade socket do not run, and the run says so', async (t) => {
  const dir = t.testdir();
  const run = await runCli([setUp(dir, true), '--runtime', 'c', '-R', 'tap'], path.join(dir, 'out'));
  const r = run.report?.results[0];
  t.equal(r?.status, 'divergence', `passes as the documented divergence (stderr: ${run.stderr.slice(0, 300)}; reason: ${r?.reason ?? ''})`);
  t.equal(r?.steps.length, 2, 'the close step was not sent');
  t.match(r?.evidence ?? {}, { 'steps not run from step 3 (close it)': /"again", which step 2 \(listen again\) did not make/ });
});

t.test('without it (the negative control): the same step is a case error', async (t) => {
  const dir = t.testdir();
  const run = await runCli([setUp(dir, false), '--runtime', 'c', '-R', 'tap'], path.join(dir, 'out'));
  const r = run.report?.results[0];
  t.equal(r?.status, 'error', `an error (reason: ${r?.reason ?? ''})`);
  t.match(r?.reason ?? '', /step 3 \(close it\): step uses socket "again" before any step made it/);
});
