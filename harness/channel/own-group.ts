// A process group of its own for each agent a case freezes (SIGSTOP), in our session: own-group.c as its command's prefix.
//
// Why: when a process group is orphaned (no member has a parent in another group of its session)
// while a member is stopped, the kernel sends the whole group SIGHUP then SIGCONT (kernel/exit.c
// kill_orphaned_pgrp(); POSIX _exit()). Sharing our group, a frozen agent died of SIGHUP when the
// shell that started the run in the background exited: a case's outcome set by the user's shell.
// In a group of its own it has a parent in another group (us) for as long as we live; once we die
// (even by SIGKILL) its group is orphaned with it stopped, so the kernel's SIGHUP + SIGCONT ends it.
// Not a new session (Node's `detached: true` is setsid()): kill_orphaned_pgrp() signals only within
// one session, so a SIGKILLed harness would leave that agent stopped forever. Node's spawn has no
// setpgid, hence the exec wrapper; only for roles a case freezes, so other starts cost what they did.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role, Step } from '../case/case-types.ts';
import { defaultCacheDir } from '../toolchain/cache-dir.ts';
import { compileC, type CompileResult } from '../toolchain/compile-c.ts';

const SOURCE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'own-group.c');

let built: Promise<CompileResult> | null = null;
/** own-group.c, built once per run (cached across runs, as the capture and inject programs are). */
const build = (): Promise<CompileResult> => (built ??= compileC({ source: SOURCE, name: 'own-group', cacheDir: defaultCacheDir() }));

/** Whether a case's steps freeze `role`'s agent. */
export const freezes = (steps: readonly Step[], role: Role): boolean =>
  steps.some((s) => s.role === 'harness' && s.op === 'freeze' && s.target === role);

/**
 * The prefix that starts `role`'s agent in a process group of its own when the steps freeze it,
 * else []. Put first: nice and nsenter exec, so the agent keeps the group (and the pid). Without a C
 * compiler there is no wrapper: [], the agent shares our group, right unless it is orphaned meanwhile.
 */
export const ownGroupPrefix = async (steps: readonly Step[], role: Role): Promise<string[]> => {
  if (!freezes(steps, role)) return [];
  const b = await build();
  return b.ok ? [b.binary] : [];
};
