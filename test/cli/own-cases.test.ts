// A project's own cases, expectations and runtimes, outside the repo, through the real CLI (--runtime c):
// case folders and files of any name, their ids, <runtime>.expectations.ts beside them, a runtime of one's own
// and a stand-in for a built-in, and what bad input of each kind is told.
// Runs beside another file: its cases are refused connects (the kernel's RST at once) and bad input told as data.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import t from 'tap';
import { ROOT, runCli, type CliRun } from '../helpers/run-cli.ts';

const INDEX = pathToFileURL(path.join(ROOT, 'harness', 'index.ts')).href;
// What 'sockspec/runtime' resolves to in an installed package, by path here.
const RUNTIME_API = pathToFileURL(path.join(ROOT, 'harness', 'runtime-api.ts')).href;

/** A case connecting to a reserved (closed) port; `wanted` is the error its connect step expects. */
const refused = (description: string, wanted = 'ECONNREFUSED'): string => `import { defineCase } from '${INDEX}';
export default defineCase(import.meta, {
  description: '${description}',
  spec: ['RFC 9293 §3.10.7.1'],
  steps: [
    { role: 'server', op: 'reserve', as: 'port' },
    { role: 'client', op: 'connect', as: 'c', to: 'port', label: 'connect', expect: { error: '${wanted}' } },
  ],
});
`;

/** A client-side divergence on the connect step: ECONNREFUSED where the case says otherwise. */
const divergence = (key: string): string => `import { defineExpectations } from '${RUNTIME_API}';
export default defineExpectations({
  '${key}': { divergences: [{ role: 'client', verified: true, reason: 'this runtime reports the refusal as it is', source: 'connect(2): ECONNREFUSED', steps: { connect: { error: 'ECONNREFUSED' } } }] },
});
`;

/** Files from a nested object (name → text or folder), under `dir`. */
const write = (dir: string, tree: Record<string, unknown>): void => {
  for (const [name, v] of Object.entries(tree)) {
    if (typeof v === 'string') writeFileSync(path.join(dir, name), v);
    else { mkdirSync(path.join(dir, name), { recursive: true }); write(path.join(dir, name), v as Record<string, unknown>); }
  }
};

// Outside the repo, in a package that is not "type": "module": case files are still ES modules.
const base = mkdtempSync(path.join(os.tmpdir(), 'sockspec-own-'));
t.teardown(() => rmSync(base, { recursive: true, force: true }));
write(base, {
  'package.json': '{ "name": "own", "private": true }',
  cases: {
    'refused.ts': refused('from a .ts file'), 'modern.mts': refused('from an .mts file'),
    g: { 'plain.js': refused('from a .js file'), 'module.mjs': refused('from an .mjs file') },
    'wrong.ts': refused('a refusal stated as a reset', 'ECONNRESET'),
    'myc.expectations.ts': divergence('wrong'),
    'types.d.ts': 'export {};\n', 'notes.md': 'not a case\n',
  },
  // The negative control: the same case with no expectations file beside it.
  bare: { 'wrong.ts': refused('a refusal stated as a reset', 'ECONNRESET') },
  runtimes: {
    myc: { 'adapter.ts': `import { builtinAdapter, type RuntimeAdapter } from '${RUNTIME_API}';
const c = await builtinAdapter('c');
const adapter: RuntimeAdapter = { ...c, name: 'myc', description: 'a runtime of our own (the C agent under another name)' };
export default adapter;
` },
    c: {
      'adapter.ts': `import { builtinAdapter, type RuntimeAdapter } from '${RUNTIME_API}';
const c = await builtinAdapter('c');
const adapter: RuntimeAdapter = {
  ...c,
  description: 'the built-in C agent, wrapped',
  async prepare(ctx) {
    const p = await c.prepare(ctx);
    return p.available ? { ...p, version: p.version + ' (stand-in)' } : p;
  },
};
export default adapter;
`,
      // Used instead of the built-in c's: a divergence on a built-in case.
      'expectations.ts': divergence('connect/refused-closed-port').replace('connect: {', "'client connects to the closed port': {"),
    },
  },
  bad: {
    cases: { 'fine.ts': refused('a valid neighbour'), 'cobol.expectations.ts': divergence('fine'), 'c.expectations.mjs': divergence('fien') },
    empty: { 'readme.md': 'no case here\n' },
    'x.py': 'print("not a case")\n',
  },
});
const at = (...p: string[]): string => path.join(base, ...p);
const RT = ['--agents-dir', at('runtimes')];

// Every run starts at once (each is mostly start-up); the tests below read their answers.
const [own, bare, alone, runAlone, withCatalogue, standIn, bad, missing] = await Promise.all([
  runCli([at('cases'), ...RT, '--runtime', 'c,myc', '-R', 'tap'], at('out', 'own')),
  runCli([at('bare'), ...RT, '--runtime', 'myc', '-R', 'tap'], at('out', 'bare')),
  runCli([at('cases', 'g', 'plain.js'), '--runtime', 'c', '-R', 'tap'], at('out', 'alone')),
  execa(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [at('cases', 'wrong.ts'), ...RT, '--runtime', 'myc'], { cwd: base, reject: false, timeout: 60_000 }),
  runCli([at('cases'), '--catalogue', '--list', '--runtime', 'c'], at('out', 'with-catalogue')),
  runCli([...RT, '--runtime', 'c', 'connect/refused-closed-port', '-R', 'tap'], at('out', 'stand-in')),
  runCli([at('bad', 'cases'), at('bad', 'empty'), at('bad', 'x.py'), '--runtime', 'c', '-R', 'tap'], at('out', 'bad')),
  runCli([at('cases', 'refsued.ts'), '--runtime', 'c'], at('out', 'missing')),
]);

const statuses = (r: CliRun): Record<string, string> => Object.fromEntries((r.report?.results ?? []).map((x) => [`${x.id} [${x.runtime}]`, x.status]));

t.test('a folder of cases anywhere: every .ts, .mts, .js and .mjs under it, ids from their paths, in path order', async (t) => {
  // Only these: with a folder given, the built-in catalogue does not run.
  t.same(Object.keys(statuses(own)), [
    'g/module [c]', 'g/module [myc]', 'g/plain [c]', 'g/plain [myc]', 'modern [c]', 'modern [myc]', 'refused [c]', 'refused [myc]', 'wrong [c]', 'wrong [myc]',
  ], 'no .d.ts, .md or expectations file is taken for a case');
  t.same(own.report?.loadErrors, [], own.stderr);
});

t.test('an expectations file beside the cases turns a failure into a documented divergence for its runtime only', async (t) => {
  const s = statuses(own);
  t.equal(s['wrong [myc]'], 'divergence', 'myc.expectations.ts applies to myc');
  t.equal(s['wrong [c]'], 'fail', 'and not to c');
  t.equal(own.exitCode, 1);
  t.same(statuses(bare), { 'wrong [myc]': 'fail' }, 'the negative control: without the file, myc fails it');
});

t.test('a runtime folder outside the repo: its own runtime, and a stand-in for a built-in, said once', async (t) => {
  t.same(own.report?.runtimes.map((r) => r.name).sort(), ['c', 'myc']);
  t.match(own.report?.runtimes.find((r) => r.name === 'c')?.version, / \(stand-in\)$/, 'the report shows the stand-in\'s version');
  t.equal(own.stderr.match(/stands in for/g)?.length, 1, own.stderr);
  t.match(own.stderr, `sockspec: runtime c from ${at('runtimes', 'c')} stands in for the one in ${path.join(ROOT, 'runtimes', 'c')}`);
  t.same(statuses(standIn), { 'connect/refused-closed-port [c]': 'divergence' }, 'the stand-in\'s expectations.ts is used (the built-in c passes it)');
});

t.test('a case file given alone gets the id a run of its folder gives it, and the expectations above it', async (t) => {
  t.same(statuses(alone), { 'g/plain [c]': 'pass' }, alone.stderr);
  t.match(alone.stderr, 'myc.expectations.ts: Expected the file name to be <runtime>.expectations.ts for a runtime found here, got `myc`');
  t.match(String(runAlone.stdout), /^ok \d - wrong \[myc, ipv4\]$/m, `run alone (npx tsx cases/wrong.ts), it picks up myc.expectations.ts (${String(runAlone.stderr).slice(0, 300)})`);
});

t.test('with cases given, the built-in catalogue runs only when asked (--catalogue)', async (t) => {
  t.match(withCatalogue.stdout, /^connect\/refused-closed-port /m);
  t.match(withCatalogue.stdout, /^refused {2}from a \.ts file$/m);
});

t.test('bad input: each named with its file, what was wanted and the closest valid choice; the valid case still runs', async (t) => {
  t.equal(bad.exitCode, 1);
  t.same(statuses(bad), { 'fine [c]': 'pass' });
  const errors = (bad.report?.loadErrors ?? []).map((e) => e.message);
  const shown = (...p: string[]): string => path.relative(ROOT, at(...p));
  t.match(errors, [
    `${shown('bad', 'empty')}: Expected a folder holding case files (.ts, .mts, .js, .mjs; not .d.ts nor <runtime>.expectations.*), found none`,
    `${shown('bad', 'x.py')}: not a case file: wanted .ts, .mts, .js, .mjs`,
  ].map((m) => new RegExp(`^${m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)), 'order aside, both are there');
  t.ok(errors.some((m) => m.startsWith(`${shown('bad', 'cases', 'c.expectations.mjs')}: No case has the id "fien"`) && m.endsWith('Did you mean `fine`?')), errors.join('\n'));
  t.ok(errors.some((m) => m.startsWith(`${shown('bad', 'cases', 'cobol.expectations.ts')}: Expected the file name to be <runtime>.expectations.ts for a runtime found here, got \`cobol\`; runtimes: `)), errors.join('\n'));
});

t.test('a path that is not there is a usage error naming what is beside it', async (t) => {
  t.equal(missing.exitCode, 2);
  t.match(missing.stderr, `Expected \`${at('cases', 'refsued.ts')}\` to be a case folder or file: no such file or folder. Did you mean \`${at('cases', 'refused.ts')}\`?`);
});
