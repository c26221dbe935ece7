// The kernel layer a run is judged against: the case's own, with its address family's answers (`byFamily`) in place.
import type { Expect, FamilyLayer, LoadedCase, WireRule } from '../case/case-types.ts';

type Declares = Pick<LoadedCase, 'byFamily' | 'wire'>;

/** The case's layer for one family, or null when that family answers as the case declares (or no family is given). */
export const familyLayerOf = (kase: Pick<LoadedCase, 'byFamily'>, family: string | undefined): FamilyLayer | null =>
  family === 'ipv4' || family === 'ipv6' ? kase.byFamily?.[family] ?? null : null;

/** A step's kernel-layer expectation on the family: the family layer's for its label, else the step's own. */
export const kernelExpect = (kase: Pick<LoadedCase, 'byFamily'>, family: string | undefined, label: string, declared: Expect | undefined): Expect | undefined =>
  familyLayerOf(kase, family)?.steps?.[label] ?? declared;

/** The kernel layer's wire rules on the family: the family layer's when it replaces them, else the case's. */
export const kernelWire = (kase: Declares, family: string | undefined): WireRule[] =>
  familyLayerOf(kase, family)?.wire ?? kase.wire ?? [];

/** How reports name a family: IPv4, IPv6. */
export const familyName = (family: string): string => family.replace(/^ip/, 'IP');

/** What a failure adds when the family layer set what was wanted, so the run explains why it differs from the case's steps. */
export const familyWords = (family: string, layer: FamilyLayer): string => `the kernel layer on ${familyName(family)}: ${layer.reason}`;
