// How every sockspec command ends, and the error that means the user asked for something that cannot be: shared by the
// main job and the subcommands, so a subcommand does not load the run engine to learn them.

/** Exit codes, as documented in --help. */
export const EXIT = { ok: 0, unexpected: 1, usage: 2, reports: 3, interrupted: 130 } as const;

/** Bad usage: the message names what was wrong and what is valid; the command exits EXIT.usage. */
export class UsageError extends Error {}
