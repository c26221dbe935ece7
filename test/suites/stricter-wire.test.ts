// The stricter wire rules can fail: each case runs on C with its network bent (a firewall that puts the RST's or the
// challenge ACK's seq or ack one off, nft flipping its lowest bit; one that drops the client's RSTs; SYN RTOs
// doubling from the first retry, as before Linux 6.5) and must fail on that rule.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import type { FirewallStep } from '../../harness/case/case-types.ts';
import type { CaseResult } from '../../harness/result/case-result.ts';
import { ROOT, runCli } from '../helpers/run-cli.ts';

/** A firewall rule on a host's outgoing segments, loaded just before the step labelled `before`. */
interface Firewall {
  before: string;
  host: FirewallStep['host'];
  match: FirewallStep['match'];
  action: FirewallStep['action'];
}

interface Bent {
  /** The bent copy's id (bent/<name>). */
  name: string;
  original: string;
  /** The bend: a firewall rule, or sysctls set otherwise in the case's namespace. */
  bend: { firewall: Firewall } | { sysctls: Record<string, number> };
  /** The broken rule names this. */
  names: RegExp;
  /** Whether every step still holds, so the wire rule alone tells the bent run apart. */
  stepsHold: boolean;
}

const rst = (before: string, action: FirewallStep['action']): Bent['bend'] => ({ firewall: { before, host: 'server', match: 'rst', action } });

const BENT: Bent[] = [
  // A RST's ack is not checked by the receiver (Linux tcp_validate_incoming() checks seq only), so only the wire rule sees it.
  { name: 'unread-rst-ack', original: 'close/unread-data-sends-rst', bend: rst('server closes with unread data', 'ack-off-by-one'), names: /ack rcv\.nxt/, stepsHold: true },
  // A RST one off RCV.NXT is challenged (RFC 5961 §3.2), not accepted: the client's read fails too.
  { name: 'unread-rst-seq', original: 'close/unread-data-sends-rst', bend: rst('server closes with unread data', 'seq-off-by-one'), names: /seq snd\.nxt/, stepsHold: false },
  { name: 'abortive-rst-ack', original: 'close/abortive-linger-zero', bend: rst('server aborts (SO_LINGER 0, close)', 'ack-off-by-one'), names: /ack rcv\.nxt/, stepsHold: true },
  { name: 'never-acked-rst-ack', original: 'rst/never-acknowledged', bend: rst('server aborts (SO_LINGER 0, close)', 'ack-off-by-one'), names: /ack rcv\.nxt/, stepsHold: true },
  // The challenge ACK one off: the server may answer an ACK of unsent data with an ACK of its own (counted beside it), so steps may fail too.
  {
    name: 'challenge-ack-ack', original: 'rst/challenge-ack-in-window', names: /ack rcv\.nxt/, stepsHold: false,
    bend: { firewall: { before: 'a RST in window, 1000 past RCV.NXT', host: 'client', match: 'bare-ack', action: 'ack-off-by-one' } },
  },
  // The late SYN-ACK unanswered: the client's host drops its RSTs (the await step fails too).
  {
    name: 'late-syn-ack-unanswered', original: 'connect/syn-rejected-icmp', names: /client \[RST\] without \[ACK\] seq acked/, stepsHold: false,
    bend: { firewall: { before: 'a late SYN-ACK reaches the client', host: 'client', match: 'rst', action: 'drop' } },
  },
  // No linear SYN RTOs (tcp_syn_linear_timeouts=0, the sysctl 6.5 added, set as before it): two SYNs, not three; ETIMEDOUT as before.
  { name: 'syn-rto-doubling', original: 'connect/syn-dropped', bend: { sysctls: { 'net.ipv4.tcp_syn_linear_timeouts': 0 } }, names: /exactly 3 segments client \[SYN\]/, stepsHold: true },
];

/** The lines that make the bent copy of a case from the original (its own negative control is this bend). */
const bentBody = (b: Bent): string[] => {
  if ('sysctls' in b.bend) return [`export default defineCase(import.meta, { ...rest, sysctls: { ...rest.sysctls, ...${JSON.stringify(b.bend.sysctls)} }, wrongNetwork: original.wrongNetwork });`];
  const { before, ...rule } = b.bend.firewall;
  const step = { role: 'harness', op: 'firewall', chain: 'output', ...rule, label: `the network bends: ${rule.action}` };
  return [
    `const at = rest.steps.findIndex((s) => s.label === ${JSON.stringify(before)});`,
    `if (at < 0) throw new Error(${JSON.stringify(`${b.original} has no step ${before}`)});`,
    `export default defineCase(import.meta, { ...rest, wrongNetwork: { skipStep: ${JSON.stringify(step.label)}, why: 'the bend' }, steps: [...rest.steps.slice(0, at), ${JSON.stringify(step)}, ...rest.steps.slice(at)] });`,
  ];
};

/** A suites folder with each case bent. */
const bentSuites = (dir: string): string => {
  const url = (p: string): string => JSON.stringify(pathToFileURL(p).href);
  for (const b of BENT) {
    const file = path.join(dir, 'suites', 'bent', `${b.name}.ts`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, [
      `import original from ${url(path.join(ROOT, 'suites', `${b.original}.ts`))};`,
      `import { defineCase } from ${url(path.join(ROOT, 'harness', 'index.ts'))};`,
      `const { wrongPeer: _p, wrongNetwork: _n, ...rest } = original;`,
      ...bentBody(b),
      '',
    ].join('\n'));
  }
  return path.join(dir, 'suites');
};

const dir = t.testdir();
// Both families in the one run: each bent case must fail over IPv6 too.
const run = await runCli(['--suites', bentSuites(dir), '--runtime', 'c', '--reporter', 'tap', '--family', 'ipv4,ipv6'], path.join(dir, 'out'));
const results = run.report?.results ?? [];

t.equal(run.exitCode, 1, `the run fails (stderr: ${run.stderr.slice(0, 300)})`);
for (const b of BENT) {
  const bend = 'sysctls' in b.bend ? JSON.stringify(b.bend.sysctls) : `${b.bend.firewall.action} on the ${b.bend.firewall.host}'s outgoing ${b.bend.firewall.match}`;
  // Each family's run (the default --family runs both in the one invocation) must fail on the rule.
  for (const family of ['ipv4', 'ipv6']) t.test(`${b.original}, ${bend}, ${family}`, async (t) => {
    const r: CaseResult | undefined = results.find((x) => x.id === `bent/${b.name}` && (x.family ?? 'ipv4') === family);
    if (r?.status === 'skip') {
      t.plan(0, `not runnable here: ${r.reason ?? ''}`);
      return;
    }
    t.equal(r?.status, 'fail', `a semantics failure, not harness trouble (${r?.status ?? 'no result'}: ${r?.reason ?? ''})`);
    const wire = r?.failures.filter((f) => f.at === 'wire') ?? [];
    t.ok(wire.some((f) => b.names.test(f.wanted)), `a wire rule wanting ${b.names.source} fails (${wire.map((f) => `${f.wanted}; found ${f.found}`).join(' | ')})`);
    if (b.stepsHold) t.same(r?.failures.filter((f) => f.at !== 'wire'), [], 'every step still holds: the number alone is wrong');
  });
}
