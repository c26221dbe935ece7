// How this machine runs cases, and the run's limits: what run-suite hands every case.
import type { Abilities } from './detect-environment.ts';
import type { WarmHosts } from './warm-hosts.ts';

/** How this machine runs cases (its abilities, probed once per run) and the run's limits. */
export interface RunSettings extends Abilities {
  stepTimeoutMs: number;
  caseTimeoutMs: number;
  platform: string;
  /** The kernel release (os.release()), for platform notes scoped by kernel; absent: every scope holds. */
  kernel?: string;
  signal?: AbortSignal;
  /**
   * Takes the last of a case's teardown (its namespace holders exiting: a packet socket's close
   * waits for an RCU grace period) off the case's path; the suite awaits them all before it ends.
   * Absent: the case waits for them itself.
   */
  afterCase?: (exiting: Promise<void>) => void;
  /** Hosts made ahead of the case (run-suite.ts); absent: made when the case starts. */
  hosts?: WarmHosts;
}
