// What marks a value as a case declaration: the model's part of `defineCase` (harness/index.ts adds running a file alone).
import type { CaseDefinition } from './case-types.ts';

/** Marks a value as a case declaration so the loader can tell it from an accidental export. */
export const CASE_MARK = Symbol.for('sockspec.case');

export type MarkedCase = CaseDefinition & { [CASE_MARK]: true };

/** Marks `def` as a case declaration; the loader validates it. */
export const markCase = (def: CaseDefinition): MarkedCase => Object.assign(def, { [CASE_MARK]: true as const });
