// Finds a run's processes by an environment marker that every process the CLI starts inherits.
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Pids of live processes whose environment carries `marker`: every process the CLI starts
 * inherits it (agents, captures, namespace holders), and nothing else on the machine has it,
 * so tests running in parallel cannot be mistaken for leftovers.
 */
export const carrying = (marker: string): number[] =>
  readdirSync('/proc').filter((e) => /^\d+$/.test(e)).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(marker);
    } catch {
      return false; // gone between readdir and read
    }
  }).map(Number);
