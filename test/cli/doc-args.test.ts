import t from 'tap';
import { UsageError } from '../../harness/cli/exit-codes.ts';
import { DEFAULT_OUT, DEFAULT_RESULTS, DOC_HELP, parseDocArgs } from '../../harness/cli/doc-args.ts';

t.test('defaults: reports/results.json into reports/REFERENCE.md', async (t) => {
  t.same(parseDocArgs([]), { results: [DEFAULT_RESULTS], out: DEFAULT_OUT, check: false, help: false });
  t.equal(DEFAULT_RESULTS, 'reports/results.json');
  t.equal(DEFAULT_OUT, 'reports/REFERENCE.md');
});

t.test('options', async (t) => {
  t.same(parseDocArgs(['--results', 'a.json', '--out', 'b.md', '--check']), { results: ['a.json'], out: 'b.md', check: true, help: false });
  t.same(parseDocArgs(['--results', 'a.json', '--results', 'nets/a.json']).results, ['a.json', 'nets/a.json'], 'several runs, in the order given');
  t.same(parseDocArgs(['-o', '-']).out, '-');
  t.ok(parseDocArgs(['-h']).help);
  t.match(DOC_HELP, /--results FILE[\s\S]*--out FILE[\s\S]*--check[\s\S]*Exit codes/);
});

t.test('bad usage names the option and what is valid', async (t) => {
  t.throws(() => parseDocArgs(['--bogus']), new UsageError("Unknown option '--bogus'; `sockspec doc` options: --results, --out, --check, --help"));
  t.throws(() => parseDocArgs(['--results']), { message: /--results/ });
  t.throws(() => parseDocArgs(['--out', '']), new UsageError('Expected `--out` to be a file path, got an empty string'));
  t.throws(() => parseDocArgs(['--results', 'a.json', '--results', ' ']), new UsageError('Expected `--results` to be a file path, got an empty string'));
  t.throws(() => parseDocArgs(['--results', 'a.json', '--results', 'a.json']), new UsageError('Expected each `--results` file once, got `a.json` twice'));
  t.throws(() => parseDocArgs(['close']), new UsageError('`sockspec doc` takes no arguments, got `close`; name the results file with --results FILE'));
});
