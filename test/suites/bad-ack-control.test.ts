// connect/rst-with-bad-ack-ignored can fail because of the ACK alone: the same case with the RST+ACK acknowledging
// exactly the SYN (ackOffset 0, an acceptable ACK) resets the attempt, and the run fails at the step that wants the
// SYN again and at the connect (ECONNREFUSED: tcp_reset() in SYN_SENT).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { ROOT, runCli } from '../helpers/run-cli.ts';

const ID = 'connect/rst-with-bad-ack-ignored';
const STEP = 'a RST+ACK with a wrong ACK reaches the client';

t.test('a RST+ACK whose ACK is acceptable ends the attempt: the case fails', async (t) => {
  const dir = t.testdir();
  const file = path.join(dir, 'suites', `${ID}.ts`);
  mkdirSync(path.dirname(file), { recursive: true });
  const url = (p: string): string => JSON.stringify(pathToFileURL(p).href);
  writeFileSync(file, [
    `import original from ${url(path.join(ROOT, 'suites', `${ID}.ts`))};`,
    `import { defineCase } from ${url(path.join(ROOT, 'harness', 'index.ts'))};`,
    `export default defineCase(import.meta, { ...original, steps: original.steps.map((s) => s.label === ${JSON.stringify(STEP)} ? { ...s, ackOffset: 0 } : s) });`,
    '',
  ].join('\n'));
  const run = await runCli(['--suites', path.join(dir, 'suites'), '--runtime', 'c', '--family', 'ipv4', '--reporter', 'tap', ID], path.join(dir, 'out'));
  const result = run.report?.results[0];
  t.equal(result?.status, 'fail', `the bent case fails (reason: ${result?.reason ?? ''}; stderr: ${run.stderr.slice(0, 300)})`);
  t.match(result?.failures[0]?.at ?? '', /the client sends its SYN again/, 'first at the SYN that never comes again');
  t.ok(result?.failures.some((f) => /step 3 \(client connects\), awaited at step \d+/.test(f.at) && /ECONNREFUSED/.test(f.found)) ?? false,
    'and the connect, awaited, failed ECONNREFUSED', { found: result?.failures });
});
