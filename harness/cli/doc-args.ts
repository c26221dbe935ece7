// Reads `sockspec doc`'s command line; every bad value is answered with the option, what was given, and what is valid.
import { parseArgs } from 'node:util';
import { UsageError } from './exit-codes.ts';

/** What `sockspec doc` was asked to do. */
export interface DocOptions {
  /** The results files to read (default [reports/results.json]); several make one reference (e.g. the default run and the nets run). */
  results: string[];
  /** The reference to write, or `-` for stdout (default reports/REFERENCE.md). */
  out: string;
  /** Compare with the file on disk instead of writing it. */
  check: boolean;
  help: boolean;
}

const OPTIONS = {
  results: { type: 'string', multiple: true },
  out: { type: 'string', short: 'o' },
  check: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const DEFAULT_RESULTS = 'reports/results.json';
export const DEFAULT_OUT = 'reports/REFERENCE.md';

/** The usage text of `sockspec doc`. */
export const DOC_HELP = `Usage: sockspec doc [options]

Writes the Markdown semantics reference (per case: the stimulus, what the kernel does, what
each runtime does, where platforms differ, each net's section, the references) from results files.

Options:
      --results FILE  the results to read (default: ${DEFAULT_RESULTS}, written by \`sockspec\`);
                      repeat it to make one reference of several runs, e.g. the default run and
                      the nets run (\`--net mptcp,...\`): no run point (case, runtime, variant,
                      family, net) may be in two files, and one sockspec version and one tree's
                      cases must have written all
  -o, --out FILE      the reference to write, \`-\` for stdout (default: ${DEFAULT_OUT})
      --check         write nothing: exit 1, with a diff, when FILE differs from what would be written
  -h, --help          this text

Exit codes: 0 written (or, with --check, up to date); 1 --check found the file stale;
2 bad usage or an unreadable results file; 3 the reference could not be written.
`;

/** Parses argv (after `doc`). Throws UsageError naming the option for bad input. */
export const parseDocArgs = (argv: string[]): DocOptions => {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    const unknown = (error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION';
    throw new UsageError(`${message}${unknown ? `; \`sockspec doc\` options: ${Object.keys(OPTIONS).map((o) => `--${o}`).join(', ')}` : ''}`);
  }
  if (parsed.positionals.length > 0) {
    throw new UsageError(`\`sockspec doc\` takes no arguments, got \`${parsed.positionals.join(' ')}\`; name the results file with --results FILE`);
  }
  const v = parsed.values;
  const path = (name: string, value: string | undefined): void => {
    if (value !== undefined && value.trim() === '') throw new UsageError(`Expected \`--${name}\` to be a file path, got an empty string`);
  };
  for (const file of v.results ?? []) path('results', file);
  path('out', v.out);
  const results = v.results ?? [DEFAULT_RESULTS];
  // The same file twice would state every run point twice: say so here rather than as a conflict of a file with itself.
  const twice = results.find((f, i) => results.indexOf(f) !== i);
  if (twice !== undefined) throw new UsageError(`Expected each \`--results\` file once, got \`${twice}\` twice`);
  return { results, out: v.out ?? DEFAULT_OUT, check: v.check === true, help: v.help === true };
};
