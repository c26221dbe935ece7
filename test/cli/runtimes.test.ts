// Choosing runtimes from the command line: versions as columns, --list-runtimes, cross-runtime pairs.
import path from 'node:path';
import t from 'tap';
import { ROOT, runCli } from '../helpers/run-cli.ts';

const VERSIONED = path.join(ROOT, 'test', 'fixtures', 'versioned-runtimes');
const CASE = 'connect/refused-closed-port';

t.test('--list-runtimes names every version found, the default first, and how to run the others', async (t) => {
  const r = await runCli(['--list-runtimes', '--agents-dir', VERSIONED], t.testdir());
  t.equal(r.exitCode, 0, r.stderr);
  t.match(r.stdout, /^twins +v1\.0\.0 +\/twins\/one\/twins +\(default\)$/m);
  t.match(r.stdout, /^ +v2\.0\.0 +\/twins\/two\/twins +\(--runtime twins@2\.0\.0\)$/m);
  t.match(r.stdout, /^c +\S/m, 'the built-in runtimes too');
  t.match(r.stdout, /^node +v\d+/m);
});

t.test('NAME@* runs every version found, each its own column', async (t) => {
  const out = t.testdir();
  const r = await runCli(['--agents-dir', VERSIONED, '--runtime', 'twins@*', CASE, '-R', 'tap'], out);
  t.equal(r.exitCode, 0, r.stdout + r.stderr);
  // results.json keeps plan order, whichever run finished first.
  t.same(r.report?.results.map((x) => [x.runtime, x.runtimeVersion, x.status]), [['twins@1.0.0', 'v1.0.0', 'pass'], ['twins@2.0.0', 'v2.0.0', 'pass']]);
  t.same(r.report?.runtimes.map((x) => x.name), ['twins@1.0.0', 'twins@2.0.0'], 'runtimes in the order found');
  t.match(r.junit, /name="connect\/refused-closed-port \[twins@1\.0\.0, ipv4\]"/, 'JUnit case names are unique per column');
});

t.test('a version not found here is a skip that lists what was found', async (t) => {
  const r = await runCli(['--agents-dir', VERSIONED, '--runtime', 'twins@9', CASE, '-R', 'tap'], t.testdir());
  t.equal(r.exitCode, 0, r.stderr);
  t.equal(r.report?.results[0]?.status, 'skip');
  t.match(r.report?.results[0]?.reason, 'twins@9 is not available here: no twins 9 was found here; found: 1.0.0 (/twins/one/twins), 2.0.0 (/twins/two/twins)');
});

t.test('a malformed selector or an unknown runtime is a usage error naming the forms', async (t) => {
  const bad = await runCli(['--runtime', 'node@latest', CASE], t.testdir());
  t.equal(bad.exitCode, 2);
  t.match(bad.stderr, 'Expected `node@latest` to be NAME, NAME@VERSION (node@22), NAME@PATH (node@/opt/node22/bin/node) or NAME@* (every version found)');
  const unknown = await runCli(['--pair', 'c:cobol', CASE], t.testdir());
  t.equal(unknown.exitCode, 2);
  t.match(unknown.stderr, /Unknown runtime `cobol`; known runtimes: .*c.*node/);
});

t.test('--pair runs the server in one runtime and the client in another, each side with its own divergences', async (t) => {
  const r = await runCli(['--pair', 'node:c', '--pair', 'c:node', 'close/unread-data-sends-rst', '-R', 'tap'], t.testdir());
  t.equal(r.exitCode, 0, r.stdout + r.stderr);
  const got = Object.fromEntries((r.report?.results ?? []).map((x) => [`${x.runtime}${x.variant ? ` ${x.variant}` : ''}`, x.status]));
  // Node's server reads eagerly (FIN, not RST): its divergence holds only where Node is the server;
  // Node's client, reset by a C server, reports the RST and then destroys the socket.
  t.same(got, { 'node:c': 'divergence', 'node:c pauseOnConnect': 'pass', 'c:node': 'divergence' });
});
