// Several reporters told about one run, each in turn: the chosen one, plus any that run beside it (CI annotations).
import type { Reporter } from '../reporter.ts';

/** One reporter that passes every call to each of `reporters`, in order. */
export const combineReporters = (...reporters: Reporter[]): Reporter => ({
  preparing: (setup) => { for (const r of reporters) r.preparing?.(setup); },
  start: (info) => { for (const r of reporters) r.start(info); },
  caseStarted: (job) => { for (const r of reporters) r.caseStarted?.(job); },
  result: (res, index) => { for (const r of reporters) r.result(res, index); },
  end: (report) => { for (const r of reporters) r.end(report); },
});
