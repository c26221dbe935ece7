// What a run may leave on the machine, seen from outside: its processes (by an environment marker), the host's firewall and named namespaces.
import { carrying as carryingMarker } from '../helpers/carrying.ts';
import { execa } from 'execa';

/** A marker for one run's environment: every process the CLI starts inherits it, nothing else has it. */
export const runMarker = (label: string): { name: string; value: string; env: Record<string, string> } => {
  const value = `${process.pid}-${label}-${Date.now()}`;
  return { name: 'SOCKSPEC_TEST_RUN', value, env: { SOCKSPEC_TEST_RUN: value } };
};

/** Pids of live processes whose environment carries the marker. */
export const carrying = (marker: { name: string; value: string }): number[] => carryingMarker(`${marker.name}=${marker.value}`);

/** The host's own firewall rules and named namespaces, which no run may touch (root only: null otherwise). */
export const hostState = async (): Promise<string | null> => {
  if (process.getuid?.() !== 0) return null;
  const nft = await execa('nft', ['list', 'ruleset'], { reject: false });
  const netns = await execa('ip', ['netns', 'list'], { reject: false });
  return `nft (${nft.exitCode}):\n${String(nft.stdout)}\nnetns:\n${String(netns.stdout)}`;
};
