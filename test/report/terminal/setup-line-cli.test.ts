// The real CLI on a pseudo-terminal (util-linux `script`): a usage error found while loading takes the live line away before it is printed.
import path from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { ROOT } from '../../helpers/run-cli.ts';
import { replay } from './screen.ts';

const script = await execa('script', ['--version'], { reject: false }).catch(() => null);
const skip = script !== null && script.exitCode === 0 ? false : 'util-linux `script` not found: no pseudo-terminal';

t.test('a case filter matching nothing: "loading" was drawn, then taken away; the error stands alone on its line', { skip }, async (t) => {
  const command = [process.execPath, path.join(ROOT, 'bin', 'sockspec.js'), '--runtime', 'c', 'no-such-case', '--out', t.testdir()].join(' ');
  const r = await execa('script', ['-qfec', command, '/dev/null'], { cwd: ROOT, env: { NO_COLOR: '1', FORCE_COLOR: '', GITHUB_ACTIONS: '' }, reject: false, timeout: 60_000 });
  const text = String(r.stdout);
  t.equal(r.exitCode, 2, text);
  t.match(text, /\rloading cases and expectations · \d+s/, 'the live line was up while cases loaded');
  const lines = replay(text).lines.filter((l) => l !== '' && !/Warning|trace-warnings/.test(l));
  t.match(lines[0], /^sockspec: No case matches `no-such-case`; known cases: /, 'the error starts its own line: nothing of the live line is left');
  t.notOk(lines.some((l) => /loading cases/.test(l)), 'and no trace of it anywhere');
});
