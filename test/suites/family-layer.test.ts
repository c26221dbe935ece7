// A case's byFamily layer decides its family's runs: connect/syn-rejected-icmp-codes passes over both families as written,
// and without its layer the IPv6 run fails on the kernel's own EACCES while the IPv4 run still passes (the negative control).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { ROOT, runCli } from '../helpers/run-cli.ts';

const ID = 'connect/syn-rejected-icmp-codes';
const STEP = 'client connects to the prohibited port';

/** A suites folder holding the case under its id, its byFamily layer left out. */
const withoutLayer = (dir: string): string => {
  const file = path.join(dir, 'suites', `${ID}.ts`);
  mkdirSync(path.dirname(file), { recursive: true });
  const url = (p: string): string => JSON.stringify(pathToFileURL(p).href);
  writeFileSync(file, [
    `import original from ${url(path.join(ROOT, 'suites', `${ID}.ts`))};`,
    `import { defineCase } from ${url(path.join(ROOT, 'harness', 'index.ts'))};`,
    'const { byFamily: _b, ...rest } = original;',
    'export default defineCase(import.meta, rest);',
    '',
  ].join('\n'));
  return path.join(dir, 'suites');
};

t.test('without its IPv6 layer the case fails over IPv6 only, on the prohibited connect', async (t) => {
  const dir = t.testdir();
  const run = await runCli(['--suites', withoutLayer(dir), '--runtime', 'c', '--family', 'ipv4,ipv6', '--reporter', 'tap', ID], path.join(dir, 'out'));
  const of = (family: string) => run.report?.results.find((r) => r.family === family);
  if (of('ipv6')?.status === 'skip') {
    t.plan(0, `not runnable here: ${of('ipv6')?.reason ?? ''}`);
    return;
  }
  t.equal(of('ipv4')?.status, 'pass', 'IPv4 answers as the steps say (EHOSTUNREACH)');
  t.equal(of('ipv6')?.status, 'fail', `IPv6 fails (${of('ipv6')?.status ?? 'no result'}: ${of('ipv6')?.reason ?? ''})`);
  t.match(of('ipv6')?.failures, [{ at: new RegExp(`\\(${STEP}\\)$`), wanted: 'EHOSTUNREACH', found: /^EACCES/ }], 'the kernel\'s EACCES against the steps\' EHOSTUNREACH');
});

t.test('with it, both families pass, the IPv6 step judged by the layer', async (t) => {
  const dir = t.testdir();
  const run = await runCli(['--runtime', 'c', '--family', 'ipv4,ipv6', '--reporter', 'tap', ID], path.join(dir, 'out'));
  const v6 = run.report?.results.find((r) => r.family === 'ipv6');
  if (v6?.status === 'skip') {
    t.plan(0, `not runnable here: ${v6.reason ?? ''}`);
    return;
  }
  t.same(run.report?.results.map((r) => r.status), ['pass', 'pass'], `as the kernel layer on both (stderr: ${run.stderr.slice(0, 300)})`);
  t.match(v6?.steps.find((s) => s.label === STEP)?.wanted, /^EACCES \(the kernel layer on IPv6: /, 'the step wanted the layer\'s EACCES, saying why');
});
