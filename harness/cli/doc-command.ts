// `sockspec doc`: writes the Markdown semantics reference from the cases and one or more results files, or checks it is current.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_OUT, DEFAULT_RESULTS, DOC_HELP, parseDocArgs, type DocOptions } from './doc-args.ts';
import { lineDiff } from '../reference/line-diff.ts';
import { withoutMachineFacts } from '../reference/machine-facts.ts';
import { readResults, ResultsFileError } from '../reference/read-results.ts';
import { combineResults } from '../reference/combine-results.ts';
import { CaseOrderError, readCaseOrder } from '../reference/read-case-order.ts';
import { projectRoot } from '../toolchain/project-root.ts';
import { referenceDocument } from '../reference/reference-document.ts';

/** Exit codes of `sockspec doc` (0 and 2 as the main command's). */
const DOC_EXIT = { ok: 0, stale: 1, input: 2, write: 3 } as const;

type Io = { out: NodeJS.WritableStream; err: NodeJS.WritableStream };

/** "reports/results.json and reports/nets/results.json": the inputs, as the messages name them. */
const named = (files: string[]): string => (files.length === 1 ? files[0]! : `${files.slice(0, -1).join(', ')} and ${files.at(-1)!}`);

/** The command that writes the reference from these inputs (the defaults left out). */
const writeCommand = (options: DocOptions): string => ['npx sockspec doc',
  ...(options.results.length === 1 && options.results[0] === DEFAULT_RESULTS ? [] : options.results.map((f) => `--results ${f}`)),
  ...(options.out === DEFAULT_OUT ? [] : [`--out ${options.out}`])].join(' ');

const readIfThere = async (file: string): Promise<string | null> => {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
};

/** --check: exit 0 when the file on disk is what would be written, else 1 with a diff summary. */
const check = async (options: DocOptions, text: string, io: Io): Promise<number> => {
  const file = options.out;
  const results = named(options.results);
  const current = await readIfThere(file);
  if (current === text) {
    io.out.write(`sockspec doc: ${file} is up to date with ${results}\n`);
    return DOC_EXIT.ok;
  }
  // Only the machine differs (kernel release, runtime versions): the semantics have not drifted.
  if (current !== null && withoutMachineFacts(current) === withoutMachineFacts(text)) {
    io.out.write(`sockspec doc: ${file} agrees with ${results}; only the machine facts differ (kernel release, runtime versions), `
      + `run \`${writeCommand(options)}\` to record this machine's\n`);
    return DOC_EXIT.ok;
  }
  if (current === null) {
    io.out.write(`sockspec doc: ${file} does not exist; \`${writeCommand(options)}\` writes it from ${results}\n`);
    return DOC_EXIT.stale;
  }
  const diff = lineDiff(current, text, { names: [file, `generated from ${results}`] });
  io.out.write(`sockspec doc: ${file} is stale: ${diff.removed} lines would go, ${diff.added} would come from ${results}; `
    + `run \`${writeCommand(options)}\` and commit the result\n`);
  io.out.write(diff.text);
  return DOC_EXIT.stale;
};

/** Exit code of the subcommand; usage errors are thrown as UsageError. */
export const docCommand = async (argv: string[], io: Io): Promise<number> => {
  const options = parseDocArgs(argv);
  if (options.help) {
    io.out.write(DOC_HELP);
    return DOC_EXIT.ok;
  }
  let text: string;
  try {
    // The order is the built-in suites' own (each group folder's order.json), whichever machine wrote the results.
    // Several files (the default run and the nets run) are checked and merged first: each run point from one of them.
    const inputs = await Promise.all(options.results.map(async (file) => ({ file, report: await readResults(file) })));
    text = referenceDocument(combineResults(inputs), await readCaseOrder(path.join(projectRoot, 'suites')));
  } catch (error) {
    if (!(error instanceof ResultsFileError) && !(error instanceof CaseOrderError)) throw error;
    io.err.write(`sockspec doc: ${error.message}\n`);
    return DOC_EXIT.input;
  }
  if (options.check) return check(options, text, io);
  if (options.out === '-') {
    io.out.write(text);
    return DOC_EXIT.ok;
  }
  try {
    await mkdir(path.dirname(options.out), { recursive: true });
    await writeFile(options.out, text);
  } catch (error) {
    io.err.write(`sockspec doc: cannot write ${options.out}: ${(error as Error).message}\n`);
    return DOC_EXIT.write;
  }
  io.out.write(`sockspec doc: wrote ${options.out} (${text.split('\n').length - 1} lines) from ${named(options.results)}\n`);
  return DOC_EXIT.ok;
};
