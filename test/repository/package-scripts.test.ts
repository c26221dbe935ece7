// No dead scripts: every package.json script names a program that is there and files that exist.
// Runs beside another file: it asks npm and the file system, nothing timed.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { execa } from 'execa';
import { ROOT } from '../helpers/run-cli.ts';

/** What is wrong with each script: a program not installed, or a file argument that does not exist. */
const deadParts = (scripts: Record<string, string>, root: string): string[] =>
  Object.entries(scripts).flatMap(([name, line]) => line.split(/&&|\|\||;/).flatMap((command) => {
    const [program, ...args] = command.trim().split(/\s+/);
    if (program === undefined || program === '') return [`${name}: an empty command in \`${line}\``];
    const installed = program === 'node' || existsSync(path.join(root, 'node_modules', '.bin', program));
    const files = args.filter((a) => !a.startsWith('-') && /\.[cm]?[jt]s$/.test(a));
    return [
      ...(installed ? [] : [`${name}: \`${program}\` is neither node nor in node_modules/.bin`]),
      ...files.filter((f) => !existsSync(path.join(root, f))).map((f) => `${name}: ${f} does not exist`),
    ];
  }));

const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

t.test('every script names a program that is installed and files that exist', async (t) => {
  t.same(deadParts(scripts, ROOT), []);
});

t.test('the control: a script naming a missing file or program is caught', async (t) => {
  t.same(deadParts({ build: 'node bin/build-agents.js', lint: 'no-such-linter --fix && tsc --noEmit' }, ROOT), [
    'build: bin/build-agents.js does not exist',
    'lint: `no-such-linter` is neither node nor in node_modules/.bin',
  ]);
});

t.test('npm run build builds every runtime\'s agent into the cache and lists them', async (t) => {
  const r = await execa('npm', ['run', '--silent', 'build'], { cwd: ROOT, reject: false, env: { NO_COLOR: '1' }, timeout: 300_000 });
  t.equal(r.exitCode, 0, String(r.stderr));
  t.match(String(r.stdout), /^c\s/m, 'the C runtime is listed (built, or why not)');
});
