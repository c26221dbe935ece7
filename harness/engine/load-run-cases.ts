// The cases one run sees: the catalogue (sockspec's suites/, or --suites folders) and the folders and files given, each with the expectations that speak of it.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { RuntimeAdapter } from '../adapters/adapter.ts';
import { runtimeLayers } from '../adapters/runtime-layers.ts';
import { besideExpectations } from '../case/beside-expectations.ts';
import { CASE_EXTENSIONS, caseFileKind, withoutExtension } from '../case/case-file-kind.ts';
import { caseRoot, folderNames } from '../case/case-root.ts';
import type { LoadedCase } from '../case/case-types.ts';
import { closeMatches, didYouMean } from '../case/close-matches.ts';
import { checkCase, findCaseFiles, loadCaseFile, loadCases, type LoadError } from '../case/load-cases.ts';
import { mergeExpectations } from '../case/merge-expectations.ts';

/** Where a run's cases come from. */
export interface RunCaseSources {
  /** Folders and case files given on the command line (absolute paths that exist). */
  sources: string[];
  /** The catalogue's folders: a case file under one is a catalogue case, with its id under that folder. */
  catalogueDirs: string[];
  /** Load the whole catalogue too (no sources given, or asked for). */
  withCatalogue: boolean;
  /** The catalogue loaded is the built-in one in full: an expectations entry naming no case of it is stale. */
  wholeCatalogue: boolean;
  adapters: RuntimeAdapter[];
  /** Each adapter's folder, where its expectations.ts lives. */
  folders: Map<string, string>;
  root?: string;
}

const under = (file: string, dir: string): boolean => {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** Why a file given as a case is not one, with the case file beside it it may have meant. */
const notACase = async (file: string, root: string): Promise<LoadError> => {
  const shown = path.relative(root, file) || file;
  const kind = caseFileKind(path.basename(file));
  const what = kind.kind === 'expectations' ? `an expectations file (for ${kind.runtime}): it applies to the cases beside it; give their folder or one of them`
    : kind.kind === 'declaration' ? 'a type declaration, which has no case to run'
      : `not a case file: wanted ${CASE_EXTENSIONS.join(', ')}`;
  const stem = withoutExtension(path.basename(file)).replace(/\.(d|expectations)$/, '');
  const siblings = (await folderNames(path.dirname(file))).filter((n) => caseFileKind(n).kind === 'case');
  const near = siblings.filter((n) => withoutExtension(n) === stem);
  return { file: shown, message: `${shown}: ${what}${didYouMean(near.length > 0 ? near : closeMatches(path.basename(file), siblings))}` };
};

/** Catalogue cases get the runtimes' own expectations (by id); every case gets the files beside it (by path). */
export const joinExpectations = async (catalogue: LoadedCase[], own: LoadedCase[], s: RunCaseSources): Promise<{ cases: LoadedCase[]; errors: LoadError[] }> => {
  const runtime = await runtimeLayers(s.adapters, s.folders);
  const cat = mergeExpectations(catalogue, runtime.layers, s.wholeCatalogue);
  // A runtime folder's expectations.ts speaks of the catalogue; its programs run in every case.
  const mine = mergeExpectations(own, runtime.layers.map((l) => ({ ...l, expectations: null })), false);
  const all = [...cat.cases, ...mine.cases];
  const beside = await besideExpectations(all, s.adapters.map((a) => ({ name: a.name, programs: (a.programs ?? []).map((p) => p.name) })), s.root);
  const merged = mergeExpectations(all, beside.layers, true);
  return { cases: merged.cases, errors: [...runtime.errors, ...cat.errors, ...beside.errors, ...merged.errors] };
};

/** Keeps the first case of each file (`./cases ./cases/x.ts`) and of each id; a second file with a taken id is a load error naming both. */
const distinct = (cases: LoadedCase[], errors: LoadError[]): LoadedCase[] => {
  const byId = new Map<string, LoadedCase>();
  const files = new Set<string>();
  return cases.filter((c) => {
    if (files.has(c.file)) return false;
    files.add(c.file);
    const other = byId.get(c.id);
    if (other === undefined) return byId.set(c.id, c) !== undefined;
    errors.push({ file: c.file, message: `${c.file}: its id \`${c.id}\` is already that of ${other.file}; rename one, or run their folders apart` });
    return false;
  });
};

/** Loads the catalogue (if asked) and every source; a source that holds no case, or is no case file, is a load error. */
export const loadRunCases = async (s: RunCaseSources): Promise<{ cases: LoadedCase[]; errors: LoadError[] }> => {
  const root = s.root ?? process.cwd();
  const catalogue: LoadedCase[] = [];
  const own: LoadedCase[] = [];
  const errors: LoadError[] = [];
  if (s.withCatalogue) {
    const loaded = await loadCases(s.catalogueDirs, root);
    catalogue.push(...loaded.cases);
    errors.push(...loaded.errors);
  }
  for (const source of s.sources) {
    const home = s.catalogueDirs.find((d) => under(source, d));
    const folder = (await stat(source).catch(() => null))?.isDirectory() === true;
    if (!folder && caseFileKind(path.basename(source)).kind !== 'case') { errors.push(await notACase(source, root)); continue; }
    const files = folder ? await findCaseFiles([source]) : [source];
    if (files.length === 0) {
      const shown = path.relative(root, source) || source;
      errors.push({ file: shown, message: `${shown}: Expected a folder holding case files (${CASE_EXTENSIONS.join(', ')}; not .d.ts nor <runtime>.expectations.*), found none` });
    }
    for (const file of files) {
      const loaded = await loadCaseFile(file, root, home ?? (folder ? source : await caseRoot(file)));
      if (!('id' in loaded)) errors.push(loaded);
      else (home === undefined ? own : catalogue).push(loaded);
    }
  }
  const kept = distinct([...catalogue, ...own], errors);
  const mine = new Set(own);
  const joined = await joinExpectations(kept.filter((c) => !mine.has(c)), kept.filter((c) => mine.has(c)), { ...s, root });
  return { cases: joined.cases, errors: [...errors, ...joined.errors] };
};

/** A case file run alone, its declaration in hand: its id from caseRoot, the expectations that speak of it joined. */
export const loadStandalone = async (file: string, declaration: Record<PropertyKey, unknown>, s: RunCaseSources): Promise<{ cases: LoadedCase[]; errors: LoadError[] }> => {
  const home = s.catalogueDirs.find((d) => under(file, d));
  const one = checkCase(file, declaration, s.root, home ?? await caseRoot(file));
  if (!('id' in one)) return { cases: [], errors: [one] };
  return joinExpectations(home === undefined ? [] : [one], home === undefined ? [one] : [], s);
};
