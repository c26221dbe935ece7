// The sockspec command: parse, execute, turn usage errors into a message and exit code 2.
import { EXIT, UsageError } from './exit-codes.ts';

type Subcommand = (argv: string[], io: { out: NodeJS.WritableStream; err: NodeJS.WritableStream }) => Promise<number>;

// Loaded on use, so the main job never pays for them.
const SUBCOMMANDS: Record<string, () => Promise<Subcommand>> = {
  doc: async () => (await import('./doc-command.ts')).docCommand,
  merge: async () => (await import('./merge-command.ts')).mergeCommand,
};

/** Runs the CLI and returns its exit code; only harness bugs escape as exceptions. */
export const main = async (argv: string[]): Promise<number> => {
  // A reader that went away (`sockspec | head`) is no reason to stop the run: the report files
  // are still written. Any other stdout error is a real fault.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  const io = { out: process.stdout, err: process.stderr };
  try {
    // Subcommands with options of their own; anything else is the main job's command line.
    const sub = SUBCOMMANDS[argv[0] ?? ''];
    if (sub !== undefined) return await (await sub())(argv.slice(1), io);
    // The main job's modules (the engine, the reporters) load only for it.
    const [{ execute }, { parseCliArgs }] = await Promise.all([import('./execute.ts'), import('./parse-args.ts')]);
    return await execute(parseCliArgs(argv), io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`sockspec: ${error.message}\nRun \`sockspec --help\` for usage.\n`);
    return EXIT.usage;
  }
};
