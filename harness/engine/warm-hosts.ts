// Makes a case's hosts ahead of time, while earlier cases run: a namespace (~5 ms; two hosts ~25 ms) leaves the case's path.
import type { Hosts } from '../net/hosts.ts';
import { hostsOnNet } from '../net/net-hosts.ts';
import type { CaseJob } from './case-job.ts';

export type HostsOutcome = Hosts | { unavailable: true; reason: string };

/**
 * Hosts made ahead for the jobs about to start. The namespace is fresh either way (nothing runs
 * in it before its case; a capture started early sees nothing, there being no traffic); only
 * when it was made changes. Hosts never taken (a case that skipped, an interrupted run) are
 * closed by `close`, so nothing outlives the run.
 */
export class WarmHosts {
  private readonly made = new Map<CaseJob, Promise<HostsOutcome>>();

  constructor(private readonly captureBinary: string | null) {}

  /** Starts making the hosts of `job`, once. */
  warm(job: CaseJob): void {
    if (!this.made.has(job)) this.made.set(job, this.make(job));
  }

  /** The hosts of `job`: made ahead, or made now. */
  take(job: CaseJob): Promise<HostsOutcome> {
    const ready = this.made.get(job);
    this.made.delete(job);
    return ready ?? this.make(job);
  }

  /** Closes every host made ahead and never taken. */
  async close(): Promise<void> {
    const left = [...this.made.values()];
    this.made.clear();
    await Promise.all(left.map(async (m) => {
      const hosts = await m;
      if (!('unavailable' in hosts)) await hosts.close();
    }));
  }

  // The capture holds the namespace even when the case asserts nothing on the wire: one spawn
  // makes the namespace, brings lo up and captures, where a bare holder takes two.
  private make(job: CaseJob): Promise<HostsOutcome> {
    return hostsOnNet(job.net, job.kase.topology ?? 'loopback', this.captureBinary, job.family);
  }
}
