// Whether terminal output may carry colour: the flag, then NO_COLOR, then FORCE_COLOR, then whether it is a terminal.

/** What decides colour: --color/--no-color (null when neither), the environment, and the stream. */
export interface ColorInputs {
  flag: boolean | null;
  env: Record<string, string | undefined>;
  tty: boolean;
}

/**
 * A flag wins (the user asked on this command line); NO_COLOR with any non-empty value turns
 * colour off (no-color.org); FORCE_COLOR turns it on off a terminal, except `0` and `false`
 * (Node's reading of it); otherwise colour only on a terminal.
 */
export const chooseColor = ({ flag, env, tty }: ColorInputs): boolean => {
  if (flag !== null) return flag;
  if ((env.NO_COLOR ?? '') !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  return tty;
};
