// How a run is named in every report: "close/unread-data-sends-rst [node pauseOnConnect]".

/** The test point name of a case run in a runtime column, with its variant if any. */
export const pointName = (id: string, runtime: string, variant: string | null): string =>
  `${id} [${runtime}${variant ? ` ${variant}` : ''}]`;
