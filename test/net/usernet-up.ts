// Brings a user-space net (argv[2]) up and says "up", then waits to be killed: the leak self-test's subject.
import { netNamed } from '../../harness/net/nets/index.ts';

const hosts = await netNamed(process.argv[2] ?? 'pasta')!.createHosts({ topology: 'loopback', family: 'ipv4', captureBinary: null });
process.stdout.write('unavailable' in hosts ? `unavailable: ${hosts.reason}\n` : 'up\n');
// Held open until killed (the test sends SIGKILL): stdin never ends.
process.stdin.resume();
