// The wrong peer's modes, declared in the model as data, agree with its fixture modules (and only the
// self-tests read the fixtures); a case naming a mode that does not exist fails to load.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { WRONG_PEER_MODES } from '../../harness/case/wrong-peer-modes.ts';
import { validateCase } from '../../harness/case/validate-case.ts';
import { ROOT } from '../helpers/run-cli.ts';

const MODES_DIR = path.join(ROOT, 'test', 'fixtures', 'runtimes', 'wrong-peer', 'modes');

/** What differs between the declared modes and the module files: each side's names missing from the other. */
const disagreement = (declared: readonly string[], files: string[]): { noFile: string[]; undeclared: string[] } => {
  const modules = files.filter((f) => f.endsWith('.mjs')).map((f) => f.replace(/\.mjs$/, ''));
  return { noFile: declared.filter((m) => !modules.includes(m)), undeclared: modules.filter((m) => !declared.includes(m)) };
};

t.test('each declared mode has its module, and each module is declared', async (t) => {
  t.same(disagreement(WRONG_PEER_MODES, readdirSync(MODES_DIR)), { noFile: [], undeclared: [] });
});

t.test('negative control: a mode without a module, or a module not declared, is named', async (t) => {
  const files = readdirSync(MODES_DIR);
  t.same(disagreement([...WRONG_PEER_MODES, 'close-twice'], files), { noFile: ['close-twice'], undeclared: [] });
  t.same(disagreement(WRONG_PEER_MODES.slice(1), files), { noFile: [], undeclared: [WRONG_PEER_MODES[0]] });
});

t.test('a case whose wrongPeer names an unknown mode is a load error, with the likely mode', async (t) => {
  const kase = (mode: string) => ({
    description: 'd', spec: ['RFC 9293'], steps: [{ role: 'server', op: 'listen', as: 'l' }], wrongPeer: { role: 'server', mode, why: 'w' },
  });
  for (const mode of WRONG_PEER_MODES) t.ok(validateCase(kase(mode)).ok, `${mode} loads`);
  const r = validateCase(kase('close-drian'));
  t.notOk(r.ok);
  if (!r.ok) {
    t.same(r.problems.map((p) => p.key), ['wrongPeer.mode']);
    t.match(r.problems[0]?.message, /got `"close-drian"` \(string\)\. Did you mean `close-drains`\?$/);
  }
});
