// Firewall faults inside a case's namespace (nft): the tables die with the namespace, so nothing is left behind.
import { execa } from 'execa';
import { firewallScript, type FirewallStep } from '../case/ops/firewall.ts';

/** Loads an nft script in the namespace of `prefix`; failure is data with nft's words. */
export const loadNftScript = async (prefix: string[], script: string): Promise<string | null> => {
  const [file, ...args] = [...prefix, 'nft', '-f', '-'];
  const r = await execa(file!, args, { input: script, reject: false });
  return r.exitCode === 0 ? null : `nft: ${String(r.stderr).trim() || r.shortMessage}`;
};

/** Loads one firewall step's rule (the op's script, table `n`) in the namespace of `prefix`. */
export const addFirewallRule = (prefix: string[], step: FirewallStep, n: number, port?: number): Promise<string | null> =>
  loadNftScript(prefix, firewallScript(step, n, port));

/** Whether nft works in the namespace of `prefix` (checked once per run). */
export const probeFirewall = async (prefix: string[]): Promise<string | null> => {
  const [file, ...args] = [...prefix, 'nft', 'list', 'ruleset'];
  const r = await execa(file!, args, { reject: false });
  return r.exitCode === 0 ? null : `nft cannot run here: ${String(r.stderr).trim() || r.shortMessage} (install the nftables package)`;
};
