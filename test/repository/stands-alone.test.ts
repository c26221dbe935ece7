// The product stands alone: no tracked file, generated reports included, cites the notes of the workspace
// the project was made in (its catalogue, its style notes, anything in its shared folder), which a user does not have.
// Runs beside another file: it reads git's file list, nothing timed.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { execa } from 'execa';
import { ROOT } from '../helpers/run-cli.ts';

// Spelled as patterns, and the control's text put together at run time, so that this file does not cite them itself.
const SHARED = ['..', 'shared', ''].join('/');
const OUTSIDE = /\bSCENARIOS\.md\b|\bSTYLE\.md\b|\.\.\/shared\//;
// .ci/ sets up the machine a run needs and is not read by users of the reference.
const EXEMPT = ['.ci/'];

/** "file:line: text" for every line of a tracked text file that cites a file outside the repository. */
const outsideCitations = async (root: string): Promise<string[]> => {
  const listed = String((await execa('git', ['ls-files', '-z'], { cwd: root })).stdout).split('\0').filter((f) => f !== '');
  const found: string[] = [];
  for (const file of listed.filter((f) => !EXEMPT.some((e) => f.startsWith(e)))) {
    const bytes = await readFile(path.join(root, file)).catch(() => null);
    if (bytes === null || bytes.includes(0)) continue;
    bytes.toString('utf8').split('\n').forEach((line, i) => {
      if (OUTSIDE.test(line)) found.push(`${file}:${i + 1}: ${line.trim().slice(0, 160)}`);
    });
  }
  return found;
};

t.test('no tracked file cites a file outside the repository (cite RFCs, source files and functions, man pages, the case file)', async (t) => {
  t.same(await outsideCitations(ROOT), []);
});

t.test('the control: a tracked file citing one is caught, with its line; .ci/ and untracked files are not read', async (t) => {
  const dir = t.testdir({
    'notes.md': `first line\nas the catalogue says (${SHARED}notes.md)\n`,
    'case.ts': `// timing facts (${['SCENARIOS', 'md'].join('.')})\n`,
    '.ci': { run: `# see ${['STYLE', 'md'].join('.')}\n` },
    'untracked.md': `${['STYLE', 'md'].join('.')}\n`,
    'clean.ts': '// RFC 9293 §3.10.7.4\n',
  });
  await execa('git', ['init', '-q'], { cwd: dir });
  await execa('git', ['add', 'notes.md', 'case.ts', '.ci/run', 'clean.ts'], { cwd: dir });
  t.same(await outsideCitations(dir), [
    `case.ts:1: // timing facts (${['SCENARIOS', 'md'].join('.')})`,
    `notes.md:2: as the catalogue says (${SHARED}notes.md)`,
  ]);
});
