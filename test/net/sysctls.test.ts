// Kernel settings land in the case's namespaces, never on the host; a refused key is data with sysctl's words.
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import t from 'tap';
import { createHosts, type Hosts } from '../../harness/net/hosts.ts';
import { applySysctls } from '../../harness/net/sysctls.ts';

const skip = process.platform !== 'linux' || process.getuid?.() !== 0 ? 'namespaces of our own need root on Linux' : false;
const KEY = 'net.ipv4.tcp_syn_retries';

/** Hosts for one test, closed when the test ends. */
const hostsFor = async (t: { teardown(fn: () => Promise<void>): void }, topology: 'loopback' | 'two-hosts'): Promise<Hosts> => {
  const hosts = await createHosts(topology);
  if ('unavailable' in hosts) throw new Error(`no hosts: ${hosts.reason}`);
  t.teardown(() => hosts.close());
  return hosts;
};

/** The key's value as seen from inside the namespace of `prefix`. */
const valueIn = async (prefix: string[], key = KEY): Promise<number> =>
  Number((await execa(prefix[0]!, [...prefix.slice(1), 'sysctl', '-n', key])).stdout);

const hostValue = async (): Promise<number> => Number(await readFile(`/proc/sys/${KEY.replaceAll('.', '/')}`, 'utf8'));

t.test('applySysctls sets the key inside the namespace; the host keeps its value', { skip }, async (t) => {
  const hosts = await hostsFor(t, 'loopback');
  const before = await hostValue();
  // A value neither the host nor a fresh namespace (default 6) has, so the change is visible.
  const wanted = before === 2 ? 3 : 2;
  t.equal(await applySysctls(hosts, { [KEY]: wanted }), null);
  t.equal(await valueIn(hosts.server.prefix), wanted, 'set in the case\'s namespace');
  t.equal(await hostValue(), before, 'the host\'s value is unchanged');
});

t.test('two hosts: both namespaces get every key', { skip }, async (t) => {
  const hosts = await hostsFor(t, 'two-hosts');
  const before = await hostValue();
  const wanted = before === 2 ? 3 : 2;
  t.equal(await applySysctls(hosts, { [KEY]: wanted, 'net.ipv4.tcp_retries2': 3 }), null);
  t.equal(await valueIn(hosts.server.prefix), wanted, 'the server\'s namespace');
  t.equal(await valueIn(hosts.client.prefix), wanted, 'the client\'s namespace');
  t.same([await valueIn(hosts.server.prefix, 'net.ipv4.tcp_retries2'), await valueIn(hosts.client.prefix, 'net.ipv4.tcp_retries2')], [3, 3],
    'and the second key in both');
  t.equal(await hostValue(), before, 'the host\'s value is unchanged');
});

t.test('no sysctls: nothing to do', { skip }, async (t) => {
  const hosts = await hostsFor(t, 'loopback');
  t.equal(await applySysctls(hosts, {}), null);
});

t.test('a key the kernel does not have is data with sysctl\'s message', { skip }, async (t) => {
  const hosts = await hostsFor(t, 'loopback');
  const failed = await applySysctls(hosts, { 'net.ipv4.no_such_key': 1 });
  t.match(failed, /^cannot set net\.ipv4\.no_such_key=1 in the case's namespace: sysctl: .*no_such_key.*No such file or directory/,
    'names the setting and carries sysctl\'s own words');
});
