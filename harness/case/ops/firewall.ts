// A firewall rule in one host's namespace (nft): drop SYNs, or reject them with a RST or an ICMP error; or bend a header field by one (a self-test's wrong network).
import { oneOf, str, type Infer } from '../shape-checks.ts';
import { role } from '../format-pieces.ts';
import { defineOp, done, opShape, the, trouble } from './harness-op.ts';

const shape = opShape('firewall', {
  host: role,
  chain: oneOf('input', 'output'),
  match: oneOf('syn', 'tcp', 'rst', 'bare-ack'),
  action: oneOf('drop', 'reject-tcp-reset', 'reject-host-unreachable', 'reject-net-unreachable', 'reject-admin-prohibited', 'seq-off-by-one', 'ack-off-by-one'),
}, {
  /** Only segments to this earlier socket's port (default: all TCP). */
  portOf: str,
});
export type FirewallStep = Infer<typeof shape>;

const MATCH: Record<FirewallStep['match'], string> = {
  // A connection attempt: SYN without ACK.
  syn: 'tcp flags & (syn | ack) == syn',
  tcp: 'meta l4proto tcp',
  rst: 'tcp flags & rst == rst',
  // ACK alone: no SYN, FIN, RST or PSH (a small write's data segment carries PSH; a long write's inner ones would match).
  'bare-ack': 'tcp flags == ack',
};

const ACTION: Record<FirewallStep['action'], string> = {
  drop: 'drop',
  'reject-tcp-reset': 'reject with tcp reset',
  'reject-host-unreachable': 'reject with icmpx type host-unreachable',
  // icmpx: ICMP net unreachable (type 3 code 0) / ICMPv6 no route (type 1 code 0); ICMP communication administratively prohibited (3/13) / ICMPv6 administratively prohibited (1/1).
  'reject-net-unreachable': 'reject with icmpx type no-route',
  'reject-admin-prohibited': 'reject with icmpx type admin-prohibited',
  // The lowest bit flipped: one off, with the checksum fixed by nft (a segment that is wrong only in that number).
  'seq-off-by-one': 'tcp sequence set tcp sequence ^ 1',
  'ack-off-by-one': 'tcp ackseq set tcp ackseq ^ 1',
};

/** The nft script for one rule: its own table, so rules of different steps never interfere. */
export const firewallScript = (step: FirewallStep, n: number, port?: number): string => [
  `table inet sockspec${n} {`,
  `  chain ${step.chain} {`,
  `    type filter hook ${step.chain} priority 0; policy accept;`,
  `    ${MATCH[step.match]}${port === undefined ? '' : ` tcp dport ${port}`} ${ACTION[step.action]}`,
  '  }',
  '}',
  '',
].join('\n');

const WORDS: Record<string, [string, string]> = {
  drop: ['drops', ''],
  'reject-tcp-reset': ['rejects', ' with a TCP reset'],
  'reject-host-unreachable': ['rejects', ' with ICMP host-unreachable'],
  'reject-net-unreachable': ['rejects', ' with ICMP net-unreachable (ICMPv6 no-route)'],
  'reject-admin-prohibited': ['rejects', ' with ICMP administratively-prohibited'],
  'seq-off-by-one': ['puts one off the sequence number of', ''],
  'ack-off-by-one': ['puts one off the acknowledgment number of', ''],
};

const WHAT: Record<string, string> = { syn: 'SYNs', tcp: 'TCP segments', rst: 'RSTs', 'bare-ack': 'bare ACKs' };

/** Loads one rule; the tables die with the case's namespace, so nothing is left behind. */
export const firewall = defineOp({
  name: 'firewall',
  shape,
  needs: { namespace: true, firewall: true },
  async run(step, ctx) {
    const port = step.portOf === undefined ? undefined : ctx.portOf(step.portOf);
    if (step.portOf !== undefined && port === undefined) return trouble(`\`portOf\` names "${step.portOf}", which has no port yet`);
    // Each rule gets a table of its own, numbered in the case.
    const n = (ctx.memory.get('firewall') as number | undefined) ?? 0;
    ctx.memory.set('firewall', n + 1);
    const failed = await ctx.machine.loadFirewall(step.host, firewallScript(step, n, port));
    ctx.record.request = { ...ctx.record.request, ...(port === undefined ? {} : { port }) };
    ctx.record.ok = failed === null;
    return failed === null ? done() : trouble(failed);
  },
  words(r, code) {
    const [verb, how] = WORDS[String(r.action)] ?? [String(r.action), ''];
    const what = `${r.match === 'tcp' ? 'all ' : ''}${r.chain === 'output' ? 'outgoing' : 'incoming'} ${WHAT[String(r.match)] ?? String(r.match)}`;
    const to = typeof r.portOf === 'string' ? ` to the port of ${code(r.portOf)}` : '';
    return `a firewall on ${the(r.host)}'s host ${verb} ${what}${to}${how}`;
  },
});
