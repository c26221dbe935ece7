// The import graph of the product's sources, and what is wrong with it: upward imports, circles, files on no floor.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { AGENT_MAY_IMPORT, FLOORS, HARNESS_FOLDERS, floorOfOther, type Floor } from './layers.ts';

/** file → the files it imports (relative specifiers only; packages and node: builtins are outside the house). */
export type ImportGraph = Map<string, string[]>;

const SOURCE = /\.(ts|mts|js|mjs)$/;

/**
 * Every source file under `dirs` (relative to root, posix separators), and what each imports:
 * static, type-only and dynamic (`{ dynamic: false }` leaves out `import()`: what loading a file costs).
 */
export const readImportGraph = (root: string, dirs: string[], opts: { dynamic?: boolean } = {}): ImportGraph => {
  const graph: ImportGraph = new Map();
  const walk = (dir: string): void => {
    for (const e of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (SOURCE.test(e.name) && !e.name.endsWith('.d.ts')) graph.set(rel, importsOf(root, rel, opts.dynamic ?? true));
    }
  };
  for (const d of dirs) walk(d);
  return graph;
};

const importsOf = (root: string, file: string, dynamic: boolean): string[] => {
  const text = readFileSync(path.join(root, file), 'utf8');
  const info = ts.preProcessFile(text, true, true);
  // preProcessFile does not say which imports are calls; the text just before the specifier does.
  const isCall = (pos: number): boolean => /import\s*\(\s*['"]?$/.test(text.slice(Math.max(0, pos - 40), pos));
  return info.importedFiles.filter((f) => dynamic || !isCall(f.pos)).map((f) => f.fileName).filter((s) => s.startsWith('./') || s.startsWith('../'))
    .map((s) => path.posix.normalize(path.posix.join(path.posix.dirname(file), s.replace(/\?.*$/, ''))));
};

/** The floor a file stands on, 'agent' for an agent program, or null when it stands on none. */
export const floorOf = (file: string): Floor | 'agent' | null => {
  const m = /^harness\/([^/]+)\//.exec(file);
  if (m !== null) return HARNESS_FOLDERS[m[1]!] ?? null;
  return floorOfOther(file);
};

/** The folder a file counts in for circles between folders: harness/<folder>, runtimes/<name>, suites, bin. */
const roomOf = (file: string): string => {
  const parts = file.split('/');
  return parts[0] === 'harness' || parts[0] === 'runtimes' ? (parts.length > 2 ? `${parts[0]}/${parts[1]}` : file) : parts[0]!;
};

/** Strongly connected parts with more than one member (or a member that imports itself): the circles. */
const circles = (nodes: string[], edges: (n: string) => string[]): string[][] => {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next); low.set(v, next); next++;
    stack.push(v); onStack.add(v);
    for (const w of edges(v)) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const part: string[] = [];
    let w: string;
    do { w = stack.pop()!; onStack.delete(w); part.push(w); } while (w !== v);
    if (part.length > 1 || edges(v).includes(v)) found.push(part.sort());
  };
  for (const n of nodes) if (!index.has(n)) visit(n);
  return found;
};

/** Every way the graph breaks the house's rules, each as one sentence naming the files. */
export const architectureProblems = (graph: ImportGraph): string[] => {
  const problems: string[] = [];
  const rank = (f: Floor): number => FLOORS.indexOf(f);
  for (const [file, targets] of graph) {
    const from = floorOf(file);
    if (from === null) { problems.push(`${file} stands on no floor: place its folder in test/architecture/layers.ts`); continue; }
    for (const to of targets) {
      const onto = floorOf(to);
      if (onto === null) { problems.push(`${file} imports ${to}, which stands on no floor`); continue; }
      const sameRuntime = to.startsWith(`${roomOf(file)}/`);
      if (from === 'agent') {
        if (!sameRuntime && !AGENT_MAY_IMPORT.some((p) => to.startsWith(p))) {
          problems.push(`agent program ${file} imports ${to}: an agent may import only ${AGENT_MAY_IMPORT.join(' and ')} besides its own folder`);
        }
        continue;
      }
      if (onto === 'agent') { problems.push(`${file} imports the agent program ${to}: agents run as their own processes`); continue; }
      if (rank(onto) > rank(from)) problems.push(`${file} (${from}) imports ${to} (${onto}): an import up a floor`);
    }
  }
  for (const c of circles([...graph.keys()], (n) => graph.get(n) ?? [])) problems.push(`a circle of imports: ${c.join(' -> ')}`);
  const rooms = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    const r = roomOf(file);
    if (!rooms.has(r)) rooms.set(r, new Set());
    for (const to of targets) if (roomOf(to) !== r) rooms.get(r)!.add(roomOf(to));
  }
  for (const c of circles([...rooms.keys()], (r) => [...(rooms.get(r) ?? [])])) problems.push(`a circle of folders: ${c.join(' <-> ')}`);
  return problems;
};
