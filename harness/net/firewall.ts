// Firewall faults inside a case's namespace (nft): the tables die with the namespace, so nothing is left behind.
import { runChild } from '../toolchain/spawner.ts';
import { firewallScript, type FirewallStep } from '../case/ops/firewall.ts';

/** Loads an nft script in the namespace of `prefix`; failure is data with nft's words. */
export const loadNftScript = async (prefix: string[], script: string): Promise<string | null> => {
  // Through the spawner, as agents are: a firewall step is on its case's path.
  const r = await runChild([...prefix, 'nft', '-f', '-'], { input: script });
  return r.exitCode === 0 ? null : `nft: ${r.stderr.trim() || r.shortMessage}`;
};

/** Loads one firewall step's rule (the op's script, table `n`) in the namespace of `prefix`. */
export const addFirewallRule = (prefix: string[], step: FirewallStep, n: number, port?: number): Promise<string | null> =>
  loadNftScript(prefix, firewallScript(step, n, port));

/** Whether nft works in the namespace of `prefix` (checked once per run). */
export const probeFirewall = async (prefix: string[]): Promise<string | null> => {
  const r = await runChild([...prefix, 'nft', 'list', 'ruleset']);
  return r.exitCode === 0 ? null : `nft cannot run here: ${r.stderr.trim() || r.shortMessage} (install the nftables package)`;
};
