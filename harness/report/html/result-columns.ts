// The matrix's columns: platform × runtime column × variant × family, in an order a reader expects (the C reference first, ipv4 before ipv6).
import type { CaseResult, RunReport } from '../../result/case-result.ts';
import { platformOf } from '../../result/result-platform.ts';
import { familyOf, FAMILIES, type Family } from '../../case/family.ts';
import { DEFAULT_NET, netOf } from '../../net/net-kind.ts';

/** One column of the matrix: every result with this platform, runtime column, variant and family. */
export interface Column {
  /** Unique: "linux node pauseOnConnect ipv6". */
  key: string;
  platform: string;
  /** The results' runtime column: "node", "node@22.1.0", "c:node" (server:client). */
  runtime: string;
  variant: string | null;
  family: Family;
  /** The net (--net); absent: kernel. */
  net?: string;
}

/** The columns and whether the headers need a platform row, a variant row and a family row. */
export interface ColumnLayout {
  columns: Column[];
  multiPlatform: boolean;
  hasVariants: boolean;
  /** Results over more than one family: each column says its family (a header row, a filter). */
  multiFamily: boolean;
  /** Results on more than one net: each column says its net (in the leaf row); absent: one net. */
  multiNet?: boolean;
}


/** The key of the column a result belongs to. */
export const columnKeyOf = (result: CaseResult, report: RunReport): string =>
  [platformOf(result, report), result.runtime, ...(result.variant ? [result.variant] : []), familyOf(result), ...(netOf(result) === DEFAULT_NET ? [] : [netOf(result)])].join(' ');

/** "node pauseOnConnect, ipv6", or "darwin · node pauseOnConnect, ipv6" when results come from several platforms. */
export const columnLabel = (column: Column, multiPlatform: boolean): string =>
  `${multiPlatform ? `${column.platform} · ` : ''}${column.runtime}${column.variant ? ` ${column.variant}` : ''}, ${column.family}${(column.net ?? DEFAULT_NET) === DEFAULT_NET ? '' : `, ${column.net}`}`;

const rank = (order: string[], name: string): number => {
  const at = order.indexOf(name);
  return at < 0 ? order.length : at;
};

/**
 * The C agent is the kernel-layer reference, so it leads; then runtimes by name, each version beside its runtime
 * (node, node@22.1.0), then server:client pairs: the same order whatever order runtimes were found in.
 */
const runtimeSortKey = (name: string): [number, string, string] => [
  name.includes(':') ? 2 : name === 'c' || name.startsWith('c@') ? 0 : 1, name.split(/[@:]/)[0] ?? name, name,
];

const byRuntime = (a: string, b: string): number => {
  const [ka, kb] = [runtimeSortKey(a), runtimeSortKey(b)];
  return ka[0] - kb[0] || ka[1].localeCompare(kb[1]) || ka[2].localeCompare(kb[2]);
};

/** Every column that holds a result, ordered by platform (merged runs in the order given, else the report's own first), runtime, variant (idiomatic first), family. */
export const resultColumns = (report: RunReport): ColumnLayout => {
  const seen = new Map<string, Column>();
  for (const r of report.results) {
    const key = columnKeyOf(r, report);
    if (!seen.has(key)) seen.set(key, { key, platform: platformOf(r, report), runtime: r.runtime, variant: r.variant ?? null, family: familyOf(r), net: netOf(r) });
  }
  const platforms = [...new Set([...(report.platforms ?? []).map((p) => p.label), report.platform.os, ...[...seen.values()].map((c) => c.platform).sort()])];
  // Nets in the order they came, kernel first: beside each other under their runtime and variant.
  const nets = [...new Set([DEFAULT_NET, ...[...seen.values()].map((c) => c.net ?? DEFAULT_NET)])];
  const columns = [...seen.values()].sort((a, b) =>
    rank(platforms, a.platform) - rank(platforms, b.platform) ||
    byRuntime(a.runtime, b.runtime) ||
    (a.variant === null ? -1 : 0) - (b.variant === null ? -1 : 0) ||
    (a.variant ?? '').localeCompare(b.variant ?? '') ||
    nets.indexOf(a.net ?? DEFAULT_NET) - nets.indexOf(b.net ?? DEFAULT_NET) ||
    FAMILIES.indexOf(a.family) - FAMILIES.indexOf(b.family));
  return {
    columns,
    multiPlatform: new Set(columns.map((c) => c.platform)).size > 1,
    hasVariants: columns.some((c) => c.variant !== null),
    multiFamily: new Set(columns.map((c) => c.family)).size > 1,
    multiNet: new Set(columns.map((c) => c.net ?? DEFAULT_NET)).size > 1,
  };
};
