// What a results file says about each case it ran, so reports and the reference need no source tree (and merge across machines).
import type { Divergence, Expect, LoadedCase, WireRule } from '../case/case-types.ts';
import { stepLabel } from '../case/step-label.ts';

/** One step as the case declares it: who does what, and what the kernel layer expects. */
export interface StepInfo {
  /** 1-based, as in the results' steps. */
  index: number;
  label: string;
  role: string;
  op: string;
  expect?: Expect;
}

/** A case's declaration, as recorded in results.json (`cases`). */
export interface CaseInfo {
  id: string;
  description: string;
  spec: string[];
  tags: string[];
  topology: 'loopback' | 'two-hosts';
  steps: StepInfo[];
  /** The kernel layer's wire rules. */
  wire: WireRule[];
  /** Platform notes, and every runtime's divergences (with runtime, role, peer, variant). */
  divergences: Divergence[];
  variants: { name: string; description: string; runtimes: string[]; program?: boolean }[];
  /** The kernel layer's own answers per address family (`byFamily`); absent: both families as `steps` and `wire` say. */
  byFamily?: LoadedCase['byFamily'];
}


/** The record of one loaded case (runtime layers already joined). */
export const caseInfo = (kase: LoadedCase): CaseInfo => ({
  id: kase.id,
  description: kase.description,
  spec: kase.spec,
  tags: kase.tags ?? [],
  topology: kase.topology ?? 'loopback',
  steps: kase.steps.map((s, i) => ({
    index: i + 1, label: stepLabel(s), role: s.role, op: s.op, ...('expect' in s && s.expect !== undefined && s.role !== 'harness' ? { expect: s.expect as Expect } : {}),
  })),
  wire: kase.wire ?? [],
  divergences: kase.divergences ?? [],
  variants: (kase.variants ?? []).map(({ name, description, runtimes, program }) => ({ name, description, runtimes, ...(program ? { program } : {}) })),
  ...(kase.byFamily === undefined ? {} : { byFamily: kase.byFamily }),
});
