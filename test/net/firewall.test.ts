// The nft text of each rule, and rules really loaded (or refused, as data) inside a fresh namespace.
import { execa } from 'execa';
import t from 'tap';
import type { FirewallStep } from '../../harness/case/case-types.ts';
import { firewallScript } from '../../harness/case/ops/firewall.ts';
import { addFirewallRule, probeFirewall } from '../../harness/net/firewall.ts';
import { createNamespace, type Namespace } from '../../harness/net/namespace.ts';

const step = (match: FirewallStep['match'], action: FirewallStep['action'], chain: FirewallStep['chain'] = 'input'): FirewallStep =>
  ({ role: 'harness', op: 'firewall', host: 'server', chain, match, action });

const hasNft = (await execa('sh', ['-c', 'command -v nft'], { reject: false })).exitCode === 0;
const skip = process.platform !== 'linux' || process.getuid?.() !== 0 ? 'a namespace of our own for nft needs root on Linux'
  : !hasNft ? 'nft is not installed (the nftables package)' : false;

/** A namespace for one test, closed when the test ends. */
const namespace = async (t: { teardown(fn: () => Promise<void>): void }): Promise<Namespace> => {
  const ns = await createNamespace();
  if ('unavailable' in ns) throw new Error(`no namespace: ${ns.reason}`);
  t.teardown(() => ns.close());
  return ns;
};

const rulesetIn = async (prefix: string[]): Promise<string> => {
  const r = await execa(prefix[0]!, [...prefix.slice(1), 'nft', 'list', 'ruleset'], { reject: false });
  if (r.exitCode !== 0) throw new Error(`nft list ruleset: ${String(r.stderr)}`);
  return String(r.stdout);
};

t.test('firewallScript: a table of its own per rule, with the hook, match and action', async (t) => {
  t.equal(firewallScript(step('syn', 'drop'), 0), [
    'table inet sockspec0 {',
    '  chain input {',
    '    type filter hook input priority 0; policy accept;',
    '    tcp flags & (syn | ack) == syn drop',
    '  }',
    '}',
    '',
  ].join('\n'));
  t.equal(firewallScript(step('tcp', 'reject-tcp-reset', 'output'), 3, 5000), [
    'table inet sockspec3 {',
    '  chain output {',
    '    type filter hook output priority 0; policy accept;',
    '    meta l4proto tcp tcp dport 5000 reject with tcp reset',
    '  }',
    '}',
    '',
  ].join('\n'), 'a port narrows the match to that destination port');
});

t.test('firewallScript: the rule line of every match and action', async (t) => {
  const matches: Record<FirewallStep['match'], string> = { syn: 'tcp flags & (syn | ack) == syn', tcp: 'meta l4proto tcp', rst: 'tcp flags & rst == rst', 'bare-ack': 'tcp flags == ack' };
  const actions: Record<FirewallStep['action'], string> = {
    drop: 'drop',
    'reject-tcp-reset': 'reject with tcp reset',
    'reject-host-unreachable': 'reject with icmpx type host-unreachable',
    'reject-net-unreachable': 'reject with icmpx type no-route',
    'reject-admin-prohibited': 'reject with icmpx type admin-prohibited',
    'seq-off-by-one': 'tcp sequence set tcp sequence ^ 1',
    'ack-off-by-one': 'tcp ackseq set tcp ackseq ^ 1',
  };
  for (const [match, m] of Object.entries(matches) as [FirewallStep['match'], string][]) {
    for (const [action, a] of Object.entries(actions) as [FirewallStep['action'], string][]) {
      const lines = (port?: number) => firewallScript(step(match, action), 1, port).split('\n');
      t.equal(lines()[3], `    ${m} ${a}`, `${match} ${action}`);
      t.equal(lines(40000)[3], `    ${m} tcp dport 40000 ${a}`, `${match} ${action} on port 40000`);
    }
  }
});

t.test('without nft on the path, both report nft\'s absence as data', async (t) => {
  // env runs the command with a PATH that holds no nft: what a machine without nftables looks like.
  const noNft = ['env', 'PATH=/nonexistent'];
  const probed = await probeFirewall(noNft);
  t.match(probed, /^nft cannot run here: .*nft.* \(install the nftables package\)$/s);
  t.match(await addFirewallRule(noNft, step('syn', 'drop'), 0), /^nft: .*nft/s);
});

t.test('addFirewallRule loads the rule in the namespace, and only there', { skip }, async (t) => {
  const ns = await namespace(t);
  t.equal(await probeFirewall(ns.prefix), null, 'nft works in a fresh namespace');
  // A table number no other run uses, so the host check below cannot be confused by anything else.
  const n = process.pid;
  t.equal(await addFirewallRule(ns.prefix, step('syn', 'drop'), n, 5000), null);
  t.equal(await addFirewallRule(ns.prefix, step('tcp', 'reject-host-unreachable', 'output'), n + 1), null);
  const ruleset = await rulesetIn(ns.prefix);
  t.match(ruleset, new RegExp(`table inet sockspec${n} \\{\\s+chain input \\{\\s+type filter hook input priority [^;]+; policy accept;\\s+[^\\n]*tcp dport 5000 drop\\n`),
    'the first rule is loaded, on its port');
  t.match(ruleset, new RegExp(`table inet sockspec${n + 1} \\{\\s+chain output \\{\\s+type filter hook output [^\\n]+\\s+meta l4proto tcp reject with icmpx[^\\n]*host-unreachable\\n`),
    'the second rule has a table of its own beside the first');
  const host = await execa('nft', ['list', 'table', 'inet', `sockspec${n}`], { reject: false });
  t.not(host.exitCode, 0, 'the host has no such table');
});

t.test('a rule nft refuses is data naming nft\'s message', { skip }, async (t) => {
  const ns = await namespace(t);
  const failed = await addFirewallRule(ns.prefix, step('syn', 'drop'), 0, 70000);
  t.match(failed, /^nft: .*Error: .*out of range.*tcp dport 70000/s, "nft's own words, and the offending line");
  t.notMatch(await rulesetIn(ns.prefix), /sockspec0/, 'nothing of the refused script was loaded');
});
