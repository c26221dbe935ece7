import t from 'tap';
import { withoutMachineFacts } from '../../harness/reference/machine-facts.ts';

const head = (release: string, node: string, deno: string, divergences = 3): string => [
  '| OS | linux ' + release + ' (x64) |',
  '| harness | sockspec 0.1.0 on Node ' + node + ' |',
  '| isolation | a private network namespace per case |',
  '| `deno` | ' + deno + ` | 14 | ${divergences} | 5 | 0 |`,
  '| `c` | cc (Debian 12.2.0-14+deb12u1) 12.2.0 | 22 | 0 | 0 | 0 |',
].join('\n');

t.test('machine facts are masked, so two machines of one kind agree', async (t) => {
  t.equal(withoutMachineFacts(head('6.18.44', 'v20.20.2', '2.9.5')), withoutMachineFacts(head('6.18.50', 'v20.21.0', '2.9.6')));
});

t.test('semantics are not: a changed count is still drift, and other lines are untouched', async (t) => {
  t.not(withoutMachineFacts(head('6.18.44', 'v20.20.2', '2.9.5')), withoutMachineFacts(head('6.18.44', 'v20.20.2', '2.9.5', 4)));
  t.match(withoutMachineFacts(head('6.18.44', 'v20.20.2', '2.9.5')), '| isolation | a private network namespace per case |');
  t.equal(withoutMachineFacts('| `x` | ECONNRESET (recv) | as the kernel |'), '| `x` | ECONNRESET (recv) | as the kernel |');
});
