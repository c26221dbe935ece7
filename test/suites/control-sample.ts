// How the negative controls are batched and sampled: one CLI run per wrong-peer mode (the mode is the
// wrong peer's environment, so cases sharing one share a run), and which runtime each batch meets on
// this commit. Every case's control still runs on every commit; only the runtime it meets rotates.
import { execFileSync } from 'node:child_process';
import type { LoadedCase } from '../../harness/case/case-types.ts';

/** The wrong-peer cases that can share one CLI run: same mode, same side bent. */
export interface ControlBatch {
  /** "server close-drains": the role bent and the mode. */
  key: string;
  role: 'client' | 'server';
  mode: string;
  cases: LoadedCase[];
}

/** Wrong-peer cases batched by (role, mode), in a stable order (by key) so a seed picks the same sides everywhere. */
export const wrongPeerBatches = (cases: LoadedCase[]): ControlBatch[] => {
  const byKey = new Map<string, ControlBatch>();
  for (const kase of cases) {
    if (kase.wrongPeer === undefined) continue;
    const { role, mode } = kase.wrongPeer;
    const key = `${role} ${mode}`;
    const batch = byKey.get(key) ?? { key, role, mode, cases: [] };
    batch.cases.push(kase);
    byKey.set(key, batch);
  }
  return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
};

/** The `--pair` arguments that put the wrong peer on the batch's bent side against each runtime. */
export const pairArgs = (role: 'client' | 'server', runtimes: string[]): string[] =>
  runtimes.flatMap((rt) => ['--pair', role === 'server' ? `wrong-peer:${rt}` : `${rt}:wrong-peer`]);

/** Which controls this run covers: all of them, or a sample picked by a seed (named, so a failure can be rerun). */
export type ControlScope = { all: true; label: string } | { all: false; seed: number; from: string; label: string };

/**
 * SOCKSPEC_CONTROLS=all runs every batch against every runtime (npm run test:controls);
 * SOCKSPEC_CONTROLS=<n> replays seed n; unset, the seed is the commit (HEAD's first 8 hex
 * digits), or with no git the UTC day number, so one commit always samples the same pairs.
 */
export const controlScope = (env: NodeJS.ProcessEnv, root: string, now = new Date()): ControlScope => {
  const asked = env.SOCKSPEC_CONTROLS?.trim() ?? '';
  if (asked === 'all') return { all: true, label: 'every runtime' };
  if (/^\d+$/.test(asked)) return seeded(Number(asked), 'SOCKSPEC_CONTROLS');
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (/^[0-9a-f]{8}/.test(head)) return seeded(Number.parseInt(head.slice(0, 8), 16), `commit ${head.slice(0, 12)}`);
  } catch {
    // No git here (a tarball, an installed package): the day serves.
  }
  return seeded(Math.floor(now.getTime() / 86_400_000), `UTC day ${now.toISOString().slice(0, 10)}`);
};

const seeded = (seed: number, from: string): ControlScope => ({ all: false, seed, from, label: `seed ${seed}` });

/**
 * The runtimes batch i meets: every one under `all`, else one, rotating with the seed, so over
 * sides.length consecutive seeds each batch meets each runtime, and each commit meets them all
 * across its batches once there are as many batches as runtimes.
 */
export const sidesFor = (scope: ControlScope, index: number, sides: string[]): string[] =>
  scope.all ? sides : [sides[(scope.seed + index) % sides.length]!];
