// How a run is named in every report: "close/unread-data-sends-rst [node pauseOnConnect, ipv6]".
import type { Family } from '../case/family.ts';

/** The test point name of a case run in a runtime column, with its variant if any, and its address family. */
export const pointName = (id: string, runtime: string, variant: string | null, family: Family, net?: string): string =>
  `${id} [${runtime}${variant ? ` ${variant}` : ''}, ${family}${net === undefined || net === 'kernel' ? '' : `, ${net}`}]`;
