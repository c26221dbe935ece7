// Where a result ran: the label a merge gave it ("linux", "darwin", "linux 6.8.0"), else its report's own OS.
import type { CaseResult, RunReport } from './case-result.ts';

/** The platform label of one result, for the HTML matrix and the reference alike. */
export const platformOf = (result: CaseResult, report: RunReport): string =>
  typeof result.platform === 'string' && result.platform !== '' ? result.platform : report.platform.os;
