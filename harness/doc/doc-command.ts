// `sockspec doc`: writes the Markdown semantics reference from the cases and a results file.
// (Being written: see issue 5.)
import { UsageError } from '../cli/parse-args.ts';

/** Exit code of the subcommand; usage errors are thrown as UsageError. */
export const docCommand = async (_argv: string[], _io: { out: NodeJS.WritableStream; err: NodeJS.WritableStream }): Promise<number> => {
  throw new UsageError('`sockspec doc` is not written yet');
};
