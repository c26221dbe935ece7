// Rebuilds tap's plugin set before the self-tests when it is not the one package.json configures.
//
// npm ci installs @tapjs/test built with tap's default plugins, @tapjs/typescript among them; our
// config removes it (the tests run under tsx: `node-arg: --import=tsx`). tap notices the difference
// at its first run and rebuilds then, but that run's runner has already loaded the default set and
// gives every test process its loaders too (@tapjs/run dist/esm/run.js: "this won't affect the tap
// loaded here in the runner"): measured on a fresh clone, the tests that import a TypeScript case
// file of a CommonJS project in-process then fail ("exports is not defined in ES module scope"),
// and pass on every later run. Comparing the two signatures costs ~0.2 s; a rebuild ~6 s of CPU, once.
//
// package.json's tap.plugin also leaves out every plugin no self-test calls (snapshot, mock, intercept,
// spawn, stdin, worker, chdir; fixture's t.testdir, filter and the before/after hooks stay): every test
// process imports each built-in plugin, so each costs all ~200 files. Measured here, a one-assertion
// file as tap runs it (node --import=tsx): 0.83-1.0 s of CPU before, 0.62-0.71 s after.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TapConfig } from '@tapjs/config';

const config = await TapConfig.load();
// The built signature is a template literal in the built module; importing @tapjs/test alone
// would start tap's own initialisation.
const builtFile = fileURLToPath(import.meta.resolve('@tapjs/test')).replace(/dist[\\/]esm[\\/]index\.js$/, 'test-built/dist/esm/index.js');
const built = /^export const signature = `([^`]*)`/m.exec(readFileSync(builtFile, 'utf8'))?.[1]?.trim();
if (built !== config.pluginSignature) {
  console.error('tap-plugins: tap is built with other plugins than package.json configures; rebuilding (tap build)');
  const tapPackage = createRequire(import.meta.url).resolve('tap/package.json');
  const bin = JSON.parse(readFileSync(tapPackage, 'utf8')).bin.tap;
  const r = spawnSync(process.execPath, [path.join(path.dirname(tapPackage), bin), 'build'], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
