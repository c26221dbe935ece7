// --list-nets: every net (harness/net/nets/), whether this machine can run it, and why not.
import { NETS } from '../net/nets/index.ts';
import type { NetKind } from '../net/net-kind.ts';

/** One line per net: its name, 'ok' or 'missing', its summary; the reason it cannot run, and which runtimes it takes. */
export const listNets = async (nets: readonly NetKind[] = NETS): Promise<string> => {
  const found = await Promise.all(nets.map(async (n) => ({ n, why: await n.detect().catch((e: unknown) => `cannot tell: ${(e as Error).message}`) })));
  const width = Math.max(...nets.map((n) => n.name.length));
  const lines = found.flatMap(({ n, why }) => [
    `${n.name.padEnd(width)}  ${why === null ? 'ok     ' : 'missing'}  ${n.summary}`,
    ...(why === null ? [] : [`${' '.repeat(width)}  not here: ${why}`]),
    ...(n.runtimes === undefined ? [] : [`${' '.repeat(width)}  runtimes: ${n.runtimes.only.join(', ')} (the others skip: ${n.runtimes.reason})`]),
  ]);
  return `${lines.join('\n')}\n`;
};
