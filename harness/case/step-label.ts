// The name a step is reported under: its label, or its role, op and socket when it has none.
import type { Step } from './case-types.ts';

/** A step's name in reports and in `at` lines. */
export const stepLabel = (s: Step): string => s.label ?? `${s.role} ${s.op}${'sock' in s && s.sock ? ` ${s.sock}` : ''}`;
