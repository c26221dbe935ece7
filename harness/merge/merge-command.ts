// `sockspec merge <results.json ...>`: one results file, TAP, JUnit and HTML from several runs.
// (Being written: see issue 5.)
import { UsageError } from '../cli/parse-args.ts';

/** Exit code of the subcommand; usage errors are thrown as UsageError. */
export const mergeCommand = async (_argv: string[], _io: { out: NodeJS.WritableStream; err: NodeJS.WritableStream }): Promise<number> => {
  throw new UsageError('`sockspec merge` is not written yet');
};
