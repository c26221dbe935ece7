// A user without root: the suite still runs, isolated in user namespaces where the kernel
// allows them, and otherwise says why it could not isolate or capture.
// Runs beside another file: its one case is connect/refused-closed-port (the kernel's RST at once), run as nobody.
import { chmodSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { execa } from 'execa';
import type { RunReport } from '../../harness/result/case-result.ts';
import { ROOT } from '../helpers/run-cli.ts';

const NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups'];
const root = process.getuid?.() === 0;
const setpriv = root && (await execa('setpriv', ['--version'], { reject: false })).exitCode === 0;

// uid 65534 must be able to reach the checkout: a clone inside a private folder (mktemp -d is 0700)
// cannot be run by another user at all, which says nothing about sockspec.
const readable = setpriv && (await execa('setpriv', [...NOBODY, 'test', '-r', path.join(ROOT, 'node_modules', 'tsx', 'package.json')], { reject: false })).exitCode === 0;
const skip = !setpriv ? 'needs root (to drop to uid 65534) and setpriv'
  : !readable ? `uid 65534 cannot read the checkout at ${ROOT} (a parent folder is private, as mktemp -d makes it): clone it somewhere others can read to run this test` : false;

t.test('connect/refused-closed-port as uid 65534', { skip }, async (t) => {
  const out = t.testdir();
  chmodSync(out, 0o777);
  const userns = (await execa('setpriv', [...NOBODY, 'unshare', '--user', '--map-root-user', '--net', 'true'], { reject: false })).exitCode === 0;
  const r = await execa('setpriv', [...NOBODY, process.execPath, path.join(ROOT, 'bin', 'sockspec.js'), '--family', 'ipv4', '--runtime', 'c', '--reporter', 'tap', '--out', out, 'connect/refused-closed-port'], {
    // uid 65534's own build cache, kept between runs (under HOME=out every run would build the C programs cold).
    cwd: ROOT, reject: false, timeout: 120_000, env: { HOME: out, NO_COLOR: '1', SOCKSPEC_CACHE_DIR: path.join(os.tmpdir(), 'sockspec-cache-65534') },
  });
  t.equal(r.exitCode, 0, `passes (stderr: ${String(r.stderr).slice(0, 400)})`);
  const report = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as RunReport;
  const result = report.results[0];
  t.equal(result?.status, 'pass');
  if (userns) {
    t.equal(report.platform.isolation, 'netns', 'isolated in a user + network namespace');
    t.equal(report.platform.capture, 'available', 'and may capture inside it');
    t.equal(result?.wire.status, 'checked', 'so the wire rules were checked');
  } else {
    t.equal(report.platform.isolation, 'none');
    t.equal(result?.wire.status, 'skipped', 'wire rules skipped, not passed');
    t.match(result?.wire.reason ?? '', /namespace/, 'with the reason');
  }
});
