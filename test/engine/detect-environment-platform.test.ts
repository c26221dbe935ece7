// Off Linux the environment is decided without probing: no namespace, capture, injection or
// firewall, each with a reason naming the platform (the platform is a parameter, so this runs here).
// Runs beside another file: a compile and a spawner start, answered yes or no, nothing timed.
import t from 'tap';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';
import { detectEnvironment } from '../../harness/engine/detect-environment.ts';

for (const platform of ['darwin', 'win32', 'freebsd'] as const) {
  t.test(`${platform}: isolation, capture, injection and firewall are off, each saying why`, async (t) => {
    const env = await detectEnvironment(defaultCacheDir(), { isolate: true, platform });
    const why = `network namespaces are Linux-only (this is ${platform})`;
    t.match(env, {
      isolation: false, isolationReason: why,
      captureBinary: null, captureReason: `no wire capture: it runs inside a per-case namespace, and ${why}`,
      injectBinary: null, injectReason: `it runs inside a per-case namespace, and ${why}`,
      firewallReason: `firewall faults need a per-case namespace: ${why}`,
    });
    t.match(env.platform, { os: platform, isolation: 'none', capture: 'unavailable', captureReason: /Linux-only/ });
  });
}

t.test('--no-isolate is the reason wherever it is given', async (t) => {
  const env = await detectEnvironment(defaultCacheDir(), { isolate: false, platform: 'darwin' });
  t.equal(env.isolationReason, 'namespaces turned off (--no-isolate)');
});
