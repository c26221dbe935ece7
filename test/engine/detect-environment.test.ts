// Guards the guards: where this machine can isolate, capture, inject and firewall (Linux, root,
// a C compiler, nft), the probes must say so. A compile error or a broken probe would otherwise
// turn every wire assertion into a silent skip and CI would stay green.
// Runs beside another file: probes that compile and start tiny programs answer yes or no, nothing timed.
import t from 'tap';
import { execa } from 'execa';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';
import { detectEnvironment } from '../../harness/engine/detect-environment.ts';

const has = async (cmd: string): Promise<boolean> => (await execa('sh', ['-c', `command -v ${cmd}`], { reject: false })).exitCode === 0;
const capable = process.platform === 'linux' && process.getuid?.() === 0 && (await has('cc'));

t.test('as root on Linux with a compiler, every probe succeeds', { skip: !capable && 'needs Linux, root and cc' }, async (t) => {
  const env = await detectEnvironment(defaultCacheDir(), { isolate: true });
  t.equal(env.isolation, true, `isolation (${env.isolationReason})`);
  t.not(env.captureBinary, null, `capture (${env.captureReason})`);
  t.not(env.injectBinary, null, `injection (${env.injectReason})`);
  if (await has('nft')) t.equal(env.firewallReason, null, 'nft works in a namespace');
  else t.match(env.firewallReason ?? '', /nft/, 'without nft, the firewall reason names it');
});

t.test('--no-isolate turns isolation, capture, injection and firewall off, each with its reason', async (t) => {
  const env = await detectEnvironment(defaultCacheDir(), { isolate: false });
  t.equal(env.isolation, false);
  t.equal(env.captureBinary, null);
  t.match(env.captureReason, /--no-isolate/);
  t.match(env.injectReason, /--no-isolate/);
  t.match(env.firewallReason ?? '', /--no-isolate/);
  t.equal(env.platform.capture, 'unavailable');
});
