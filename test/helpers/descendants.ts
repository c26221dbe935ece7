// The processes a test started, however deep: what a run leaves behind is looked for among them, by pid.
import { execa } from 'execa';

/** Every process below `pid` (its children, theirs...), from ps. */
export const descendants = async (pid: number): Promise<number[]> => {
  const r = await execa('ps', ['-eo', 'pid=,ppid='], { reject: false });
  const pairs = String(r.stdout).trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const out: number[] = [];
  const walk = (p: number): void => { for (const [child, parent] of pairs) if (parent === p) { out.push(child); walk(child); } };
  walk(pid);
  return out;
};
