// What a run may leave on the machine, seen from outside: its processes (by an environment marker), the host's firewall and named namespaces.
import { readdirSync, readFileSync } from 'node:fs';
import { execa } from 'execa';

/** A marker for one run's environment: every process the CLI starts inherits it, nothing else has it. */
export const runMarker = (label: string): { name: string; value: string; env: Record<string, string> } => {
  const value = `${process.pid}-${label}-${Date.now()}`;
  return { name: 'SOCKSPEC_TEST_RUN', value, env: { SOCKSPEC_TEST_RUN: value } };
};

/** Pids of live processes whose environment carries the marker. */
export const carrying = (marker: { name: string; value: string }): number[] =>
  readdirSync('/proc').filter((e) => /^\d+$/.test(e)).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`${marker.name}=${marker.value}`);
    } catch {
      return false; // gone between readdir and read
    }
  }).map(Number);

/** The host's own firewall rules and named namespaces, which no run may touch (root only: null otherwise). */
export const hostState = async (): Promise<string | null> => {
  if (process.getuid?.() !== 0) return null;
  const nft = await execa('nft', ['list', 'ruleset'], { reject: false });
  const netns = await execa('ip', ['netns', 'list'], { reject: false });
  return `nft (${nft.exitCode}):\n${String(nft.stdout)}\nnetns:\n${String(netns.stdout)}`;
};
