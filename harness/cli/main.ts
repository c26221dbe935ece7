// The sockspec command: parse, execute, turn usage errors into a message and exit code 2.
import { execute, EXIT } from './execute.ts';
import { parseCliArgs, UsageError } from './parse-args.ts';

/** Runs the CLI and returns its exit code; only harness bugs escape as exceptions. */
export const main = async (argv: string[]): Promise<number> => {
  // A reader that went away (`sockspec | head`) is no reason to stop the run: the report files
  // are still written. Any other stdout error is a real fault.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  try {
    return await execute(parseCliArgs(argv), { out: process.stdout, err: process.stderr });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`sockspec: ${error.message}\nRun \`sockspec --help\` for usage.\n`);
    return EXIT.usage;
  }
};
