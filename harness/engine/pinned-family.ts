// A case step that names its own address (host: '::1') pins the case to that address's family; over the other it is a skip that says so.
import type { LoadedCase } from '../case/case-types.ts';
import { familyOfAddress, type Family } from '../case/family.ts';

/** The family a case's explicit step addresses pin it to, or null when it follows the run's family. */
export const pinnedFamily = (kase: LoadedCase): { family: Family; host: string } | null => {
  for (const step of kase.steps) {
    if (step.role !== 'harness' && step.host !== undefined) return { family: familyOfAddress(step.host), host: step.host };
  }
  return null;
};

/** Null when the case runs over `family`, else the skip's reason: it pins the other one, so it runs once, over its own. */
export const familySkip = (kase: LoadedCase, family: Family): string | null => {
  const pinned = pinnedFamily(kase);
  return pinned === null || pinned.family === family ? null
    : `the case pins ${pinned.family} (a step names host ${pinned.host}): it runs over ${pinned.family} only, not ${family}`;
};
