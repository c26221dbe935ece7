// Every net the harness knows, by --net name: add a net's module here (and its expectations file beside it, if it diverges).
import type { NetKind } from '../net-kind.ts';
import kernel from './kernel.ts';
import mptcp from './mptcp.ts';
import gvisor from './gvisor/index.ts';
import lwip from './lwip/index.ts';
import pasta from './usernet/pasta.ts';
import slirp4netns from './usernet/slirp4netns.ts';

/** Every net, in the order --list-nets, reports and the reference show them: kernel first. */
export const NETS: readonly NetKind[] = [kernel, mptcp, gvisor, lwip, pasta, slirp4netns];

/** The net of a name, or undefined. */
export const netNamed = (name: string): NetKind | undefined => NETS.find((n) => n.name === name);

/** Every net's name, for --net's errors and the reference. */
export const netNames = (): string[] => NETS.map((n) => n.name);
