// What tsc accepts in a case file is what the loader accepts: both read the one typed schema (case-types.ts).
// The type half is checked by `tsc --noEmit` (npm test runs it first): each @ts-expect-error below fails the
// type-check the day the types start accepting what the loader refuses.
import t from 'tap';
import type { CaseDefinition, PlatformNote } from '../../harness/case/case-types.ts';
import { validateCase } from '../../harness/case/validate-case.ts';

const steps: CaseDefinition['steps'] = [{ role: 'server', op: 'listen', as: 'l', label: 'listens' }];
const note: PlatformNote = { platform: 'win32', verified: false, reason: 'r', source: 's', steps: { listens: { ok: false } } };

/** A case declaration with one divergence, as a case file would write it. */
const declaring = (divergence: PlatformNote): CaseDefinition => ({ description: 'd', spec: ['RFC 9293'], steps, divergences: [divergence] });

t.test('a platform note: the types take it and so does the loader', async (t) => {
  t.same(validateCase(declaring(note)), { ok: true, def: declaring(note) });
});

t.test('runtime and role in a case file\'s divergence: the types refuse them and so does the loader, saying where they go', async (t) => {
  // @ts-expect-error a case file's divergence names no runtime: that is an expectations file's entry
  const withRuntime = declaring({ ...note, runtime: 'node' });
  // @ts-expect-error nor a role
  const withRole = declaring({ ...note, role: 'server' });
  for (const [key, def] of [['runtime', withRuntime], ['role', withRole]] as const) {
    const r = validateCase(def);
    t.equal(r.ok, false, `${key} is refused`);
    const message = r.ok ? '' : r.problems.map((p) => p.message).join('; ');
    t.match(message, `Unknown key \`divergences[0].${key}\``);
    t.match(message, '<runtime>.expectations.ts beside the case');
  }
});
