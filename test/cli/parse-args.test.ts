import os from 'node:os';
import t from 'tap';
import { parseCliArgs } from '../../harness/cli/parse-args.ts';
import { UsageError } from '../../harness/cli/exit-codes.ts';

/** The UsageError message for argv; fails the test when argv parses. */
const usageError = (argv: string[]): string => {
  try {
    parseCliArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`expected a UsageError for ${JSON.stringify(argv)}`);
};

t.test('defaults', async (t) => {
  t.same(parseCliArgs([]), {
    command: 'run', filters: [], grep: null, fast: false, runtimes: null, families: ['ipv4', 'ipv6'], nets: ['kernel'], pairs: [], jobs: os.availableParallelism(), repeat: 1, out: 'reports',
    reporter: null, caseTimeoutMs: 15_000, stepTimeoutMs: 2_000, keepPcaps: 'failures', isolate: true, color: null,
    agentsDirs: [], suitesDirs: [], catalogue: false, failed: false,
  });
});

t.test('--fast and -f leave out slow cases', async (t) => {
  t.equal(parseCliArgs(['--fast']).fast, true);
  t.equal(parseCliArgs(['-f']).fast, true);
});

t.test('values, long and short', async (t) => {
  const o = parseCliArgs(['close', '**/*rst*', '-g', 'RST$', '-r', 'c, node,', '-j', '3', '-o', 'out', '-R', 'tap', '-t', '500', '--step-timeout', '250', '--no-isolate']);
  t.same(o.filters, ['close', '**/*rst*']);
  t.equal(o.grep?.source, 'RST$');
  t.same(o.runtimes, ['c', 'node'], 'a comma list, trimmed, without empty names');
  t.equal(o.jobs, 3);
  t.equal(o.out, 'out');
  t.equal(o.reporter, 'tap');
  t.equal(o.caseTimeoutMs, 500);
  t.equal(o.stepTimeoutMs, 250);
  t.equal(o.isolate, false);
  t.equal(parseCliArgs(['--jobs=256']).jobs, 256, 'the upper bound itself is fine');
  t.equal(parseCliArgs(['--timer-jobs', '0']).timerJobs, 0, '--timer-jobs 0: timer-bound runs hold a job slot');
  t.equal(parseCliArgs(['--timer-jobs=12']).timerJobs, 12);
  t.equal(parseCliArgs([]).timerJobs, undefined, 'absent: the engine decides');
  t.equal(parseCliArgs(['--agents-ahead', '0']).agentsAhead, 0, '--agents-ahead 0: each case starts its own agents');
  t.equal(parseCliArgs(['--agents-ahead=3']).agentsAhead, 3);
  t.equal(parseCliArgs([]).agentsAhead, undefined, 'absent: the engine decides (--jobs)');
});

t.test('commands: help before version before list before run', async (t) => {
  t.equal(parseCliArgs(['-h', '-v', '-l']).command, 'help');
  t.equal(parseCliArgs(['--version', '--list']).command, 'version');
  t.equal(parseCliArgs(['--list']).command, 'list');
  t.equal(parseCliArgs(['-l']).command, 'list');
});

t.test('--color, --no-color (which wins), --keep-pcaps', async (t) => {
  t.equal(parseCliArgs(['--color']).color, true);
  t.equal(parseCliArgs(['--no-color']).color, false);
  t.equal(parseCliArgs(['--color', '--no-color']).color, false);
  t.equal(parseCliArgs(['--keep-pcaps']).keepPcaps, 'all');
});

t.test('repeatable --pair, --agents-dir and --suites', async (t) => {
  const o = parseCliArgs(['--pair', 'c:node', '--pair', 'node.v2:c-1', '--agents-dir', 'a', '--agents-dir', 'b', '--suites', 's1', '--suites', 's2']);
  t.same(o.pairs, [['c', 'node'], ['node.v2', 'c-1']]);
  t.same(o.agentsDirs, ['a', 'b']);
  t.same(o.suitesDirs, ['s1', 's2']);
  t.equal(parseCliArgs(['./cases', '--catalogue']).catalogue, true, '--catalogue: the built-in suites beside the cases given');
});

t.test('every bad number names the option, the value and the valid range', async (t) => {
  t.equal(usageError(['--jobs', '0']), 'Expected `--jobs` to be a whole number from 1 to 256, got `0` (string)');
  t.equal(usageError(['--jobs', 'x']), 'Expected `--jobs` to be a whole number from 1 to 256, got `x` (string)');
  t.equal(usageError(['-j', '257']), 'Expected `--jobs` to be a whole number from 1 to 256, got `257` (string)');
  t.equal(usageError(['--jobs', '1.5']), 'Expected `--jobs` to be a whole number from 1 to 256, got `1.5` (string)');
  t.equal(usageError(['--timer-jobs', '-1']), 'Expected `--timer-jobs` to be a whole number from 0 to 1024, got `-1` (string)');
  t.equal(usageError(['--timer-jobs', '1025']), 'Expected `--timer-jobs` to be a whole number from 0 to 1024, got `1025` (string)');
  t.equal(usageError(['--agents-ahead', 'x']), 'Expected `--agents-ahead` to be a whole number from 0 to 256, got `x` (string)');
  t.equal(usageError(['--timeout', '-1']), 'Expected `--timeout` to be a whole number from 1 to 3600000, got `-1` (string)');
  t.equal(usageError(['-t', '-1']), 'Expected `--timeout` to be a whole number from 1 to 3600000, got `-1` (string)', 'the short form too');
  t.equal(usageError(['--timeout=-5']), 'Expected `--timeout` to be a whole number from 1 to 3600000, got `-5` (string)');
  t.equal(usageError(['--step-timeout', '']), 'Expected `--step-timeout` to be a whole number from 1 to 3600000, got `` (string)');
  t.equal(usageError(['--step-timeout', '1e3']), 'Expected `--step-timeout` to be a whole number from 1 to 3600000, got `1e3` (string)');
});

t.test('a negative number after `--` stays a positional', async (t) => {
  t.same(parseCliArgs(['--', '--jobs', '-1']).filters, ['--jobs', '-1']);
});

t.test('a bad --pair, --grep or option names it and the value', async (t) => {
  t.equal(usageError(['--pair', 'nonsense']), 'Expected `--pair` to be SERVER:CLIENT runtimes (e.g. c:node, node@22:python), got `nonsense` (string)');
  t.equal(usageError(['--pair', 'c:node:deno']), 'Expected `--pair` to be SERVER:CLIENT runtimes (e.g. c:node, node@22:python), got `c:node:deno` (string)');
  t.equal(usageError(['--grep', '(']), 'Expected `--grep` to be a regular expression, got `(` (string): Invalid regular expression: /(/: Unterminated group');
  t.match(usageError(['--bogus']), /^Unknown option '--bogus'; known options: --grep, --runtime, --pair, --jobs, .*, --help, --version$/);
  t.match(usageError(['-x']), /^Unknown option '-x'; known options: /);
  t.match(usageError(['--jobs']), /'-j, --jobs <value>' argument missing/);
  t.match(usageError(['--list=yes']), /'-l, --list' does not take an argument/);
});

t.test('--family: ipv4, ipv6 or both, in the order given, each once; a bad value names the closest valid one', async (t) => {
  t.same(parseCliArgs(['--family', 'ipv6']).families, ['ipv6']);
  t.same(parseCliArgs(['--family', 'ipv4']).families, ['ipv4']);
  t.same(parseCliArgs(['--family', 'ipv6, ipv4,ipv6']).families, ['ipv6', 'ipv4']);
  t.equal(usageError(['--family', 'ip6']), 'Unknown family `ip6` in `--family`; known families: ipv4, ipv6. Did you mean `ipv6`?');
  t.equal(usageError(['--family', 'ipv4,inet6']), 'Unknown family `inet6` in `--family`; known families: ipv4, ipv6. Did you mean `ipv6`?');
  t.equal(usageError(['--family', 'v4']), 'Unknown family `v4` in `--family`; known families: ipv4, ipv6. Did you mean `ipv4`?');
  t.match(usageError(['--family', ',']), /^Expected `--family` to be ipv4, ipv6 or both/);
});

t.test('--repeat is a whole number from 1 to 1000', async (t) => {
  t.equal(parseCliArgs(['--repeat', '50']).repeat, 50);
  t.throws(() => parseCliArgs(['--repeat', '0']), { message: 'Expected `--repeat` to be a whole number from 1 to 1000, got `0` (string)' });
  t.throws(() => parseCliArgs(['--repeat', 'x']), { message: 'Expected `--repeat` to be a whole number from 1 to 1000, got `x` (string)' });
});
