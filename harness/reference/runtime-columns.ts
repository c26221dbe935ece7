// Result columns ("node", "node@22.23.3", "c:node") read back into runtimes, and put in the reference's order.
import { code } from './markdown.ts';

/** The runtimes a column ran: one for both roles, or "server:client" for a cross-runtime pair; versions dropped. */
export const columnRoles = (column: string): { server: string; client: string; pair: boolean } => {
  const colon = column.lastIndexOf(':');
  const name = (s: string): string => s.split('@')[0]!;
  if (colon === -1) return { server: name(column), client: name(column), pair: false };
  return { server: name(column.slice(0, colon)), client: name(column.slice(colon + 1)), pair: true };
};

// The kernel layer first, then the runtimes in the order the README's tables use; others after, alphabetically.
const PREFERRED = ['c', 'node', 'python', 'deno', 'bun'];

const rank = (runtime: string): number => {
  const i = PREFERRED.indexOf(runtime);
  return i === -1 ? PREFERRED.length : i;
};

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Sorts columns: single runtimes before pairs; by server, then client, in the preferred order; then by name. */
export const compareColumns = (a: string, b: string): number => {
  const x = columnRoles(a);
  const y = columnRoles(b);
  return Number(x.pair) - Number(y.pair)
    || rank(x.server) - rank(y.server) || byName(x.server, y.server)
    || rank(x.client) - rank(y.client) || byName(x.client, y.client)
    || byName(a, b);
};

/** Sorts variants: the idiomatic run (null) first, then by name. */
export const compareVariants = (a: string | null, b: string | null): number =>
  a === b ? 0 : a === null ? -1 : b === null ? 1 : byName(a, b);

/** "node", "node `pauseOnConnect`", "server c, client node": how a run is named in a statement (Markdown). */
export const runLabel = (column: string, variant: string | null): string => {
  const roles = columnRoles(column);
  const who = roles.pair ? `server ${column.slice(0, column.lastIndexOf(':'))}, client ${column.slice(column.lastIndexOf(':') + 1)}` : column;
  return variant === null ? `**${who}**` : `**${who}** ${code(variant)}`;
};
