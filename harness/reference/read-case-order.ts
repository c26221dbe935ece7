// Reads the order each group folder declares (its order.json, beside its case files) into one CaseOrder.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { closeMatches, didYouMean } from '../case/close-matches.ts';
import type { CaseOrder } from './case-order.ts';

/** The file in a group folder that places the group and its cases. */
export const ORDER_FILE = 'order.json';

/** An order file that will not do; the message names the file, the field, and what was wanted. */
export class CaseOrderError extends Error {}

/** One group's declaration: its place among the groups, and its cases (file names without .ts) in order. */
export interface GroupOrder {
  group: string;
  file: string;
  position: number;
  cases: string[];
}

const KEYS = ['position', 'cases'];
const quoted = (names: readonly string[]): string => names.map((n) => `\`${n}\``).join(' and ');

/** One order file's data, checked against the case files beside it (`caseNames`, without .ts). */
export const parseGroupOrder = (file: string, group: string, data: unknown, caseNames: readonly string[]): GroupOrder => {
  const fail = (what: string): Error => new CaseOrderError(`${file}: ${what}`);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw fail(`wanted an object such as { "position": 1, "cases": ["${caseNames[0] ?? 'case-name'}"] }, got ${JSON.stringify(data)}`);
  }
  const o = data as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KEYS.includes(key)) throw fail(`unknown key \`${key}\`; the keys are ${quoted(KEYS)}${didYouMean(closeMatches(key, KEYS))}`);
  }
  const { position, cases } = o;
  if (typeof position !== 'number' || !Number.isInteger(position) || position < 1) {
    throw fail(`\`position\` (the group's place among the groups) wanted a whole number from 1, got ${JSON.stringify(position)}`);
  }
  if (!Array.isArray(cases) || cases.some((c) => typeof c !== 'string')) {
    throw fail(`\`cases\` wanted a list of this folder's case file names without .ts, got ${JSON.stringify(cases)}`);
  }
  const names = cases as string[];
  names.forEach((name, i) => {
    if (names.indexOf(name) !== i) throw fail(`\`cases[${i}]\` names \`${name}\` a second time`);
    if (!caseNames.includes(name)) {
      throw fail(`\`cases[${i}]\` names \`${name}\`, which is no case file beside it${didYouMean(closeMatches(name, caseNames))}`);
    }
  });
  return { group, file, position, cases: names };
};

const readJson = async (file: string): Promise<unknown> => {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CaseOrderError(`${file} is not JSON: ${(error as Error).message}`);
  }
};

/** Every group's order under `suitesDir`; no two groups may claim one position. */
export const readCaseOrder = async (suitesDir: string): Promise<CaseOrder> => {
  let entries: string[];
  try {
    entries = (await readdir(suitesDir, { recursive: true })).map((e) => e.split(path.sep).join('/'));
  } catch (error) {
    throw new CaseOrderError(`cannot read the suites folder ${suitesDir} for the order of its cases: ${(error as Error).message}`);
  }
  const declared: GroupOrder[] = [];
  for (const entry of entries.filter((e) => path.posix.basename(e) === ORDER_FILE).sort()) {
    const folder = path.posix.dirname(entry);
    const group = folder === '.' ? '' : folder;
    const caseNames = entries
      .filter((e) => path.posix.dirname(e) === folder && e.endsWith('.ts') && !e.endsWith('.d.ts'))
      .map((e) => path.posix.basename(e, '.ts'));
    const file = path.join(suitesDir, entry);
    const order = parseGroupOrder(file, group, await readJson(file), caseNames);
    const twin = declared.find((d) => d.position === order.position);
    if (twin !== undefined) throw new CaseOrderError(`${file}: \`position\` ${order.position} is already ${twin.file}'s; each group takes its own place`);
    declared.push(order);
  }
  declared.sort((a, b) => a.position - b.position);
  return { groups: declared.map((d) => d.group), cases: declared.flatMap((d) => d.cases.map((c) => (d.group === '' ? c : `${d.group}/${c}`))) };
};
