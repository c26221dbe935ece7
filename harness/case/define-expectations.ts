// What runtimes/<name>/expectations.ts calls: marks its table so the loader can tell it from an accidental export.
import type { ExpectationTable } from './expectation-types.ts';

export const EXPECTATIONS_MARK = Symbol.for('sockspec.expectations');

export type MarkedExpectations = ExpectationTable & { [EXPECTATIONS_MARK]: true };

/** Declares a runtime's expectations, case id → variants and divergences; validated when loaded. */
export const defineExpectations = (table: ExpectationTable): MarkedExpectations =>
  Object.assign(table, { [EXPECTATIONS_MARK]: true as const });
