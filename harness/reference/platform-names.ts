// Platforms as people name them, and the order the reference takes them in.

const NAMES: Record<string, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows', freebsd: 'FreeBSD' };
const ORDER = ['linux', 'darwin', 'win32', 'freebsd'];

/** An OS key as a divergence names it: "darwin" → "macOS (darwin)"; an unknown one as it is. */
export const platformName = (os: string): string => (NAMES[os] === undefined ? os : `${NAMES[os]} (${os})`);

/** A merged run's label ("linux", "linux 6.8.0-1017-azure", "linux 6.8.0 #2") in words: "Linux", "Linux 6.8.0-1017-azure". */
export const labelName = (label: string): string => {
  const space = label.indexOf(' ');
  const os = space === -1 ? label : label.slice(0, space);
  return NAMES[os] === undefined ? label : `${NAMES[os]}${space === -1 ? '' : label.slice(space)}`;
};

/** The OS of a label: its first word. */
export const osOfLabel = (label: string): string => label.split(' ')[0] ?? label;

const rank = (os: string): number => {
  const i = ORDER.indexOf(os);
  return i === -1 ? ORDER.length : i;
};

/** Linux first (the kernel layer is stated for it), then macOS, Windows, FreeBSD, others; by name within an OS. */
export const comparePlatforms = (a: string, b: string): number =>
  rank(osOfLabel(a)) - rank(osOfLabel(b)) || (a < b ? -1 : a > b ? 1 : 0);
