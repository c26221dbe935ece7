// Firewall faults inside a case's namespace (nft): the tables die with the namespace, so nothing is left behind.
import { execa } from 'execa';
import type { FirewallStep } from '../case/case-types.ts';

const MATCH: Record<FirewallStep['match'], string> = {
  // A connection attempt: SYN without ACK.
  syn: 'tcp flags & (syn | ack) == syn',
  tcp: 'meta l4proto tcp',
};

const ACTION: Record<FirewallStep['action'], string> = {
  drop: 'drop',
  'reject-tcp-reset': 'reject with tcp reset',
  'reject-host-unreachable': 'reject with icmpx type host-unreachable',
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

/** Loads the rule in the namespace of `prefix`; failure is data with nft's words. */
export const addFirewallRule = async (prefix: string[], step: FirewallStep, n: number, port?: number): Promise<string | null> => {
  const [file, ...args] = [...prefix, 'nft', '-f', '-'];
  const r = await execa(file!, args, { input: firewallScript(step, n, port), reject: false });
  return r.exitCode === 0 ? null : `nft: ${String(r.stderr).trim() || r.shortMessage}`;
};

/** Whether nft works in the namespace of `prefix` (checked once per run). */
export const probeFirewall = async (prefix: string[]): Promise<string | null> => {
  const [file, ...args] = [...prefix, 'nft', 'list', 'ruleset'];
  const r = await execa(file!, args, { reject: false });
  return r.exitCode === 0 ? null : `nft cannot run here: ${String(r.stderr).trim() || r.shortMessage} (install the nftables package)`;
};
