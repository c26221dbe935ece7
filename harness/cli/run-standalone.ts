// A case file run directly (`npx tsx suites/<group>/<case>.ts`): that case on every runtime, TAP on stdout.
import { execute } from './execute.ts';
import { EXIT, UsageError } from './exit-codes.ts';
import { parseCliArgs } from './parse-args.ts';

/** Like a Deno test file: the file runs itself; extra arguments are the CLI's options (e.g. --runtime c). */
export const runStandalone = async (file: string, declaration: object): Promise<void> => {
  try {
    const options = { ...parseCliArgs(process.argv.slice(2)), reporter: 'tap' };
    process.exitCode = await execute(options, { out: process.stdout, err: process.stderr, standalone: { file, declaration } });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`sockspec: ${error.message}\n`);
    process.exitCode = EXIT.usage;
  }
};
