// Streams the TAP of results.tap to the terminal as cases finish: the canonical record, live.
import type { Reporter, ReporterFactory } from '../reporter.ts';
import { tapComment, tapHeader, tapLoadError, tapPlan, tapPlatformComment, tapPoint } from '../tap-writer.ts';

/** Header at start, a point per result in finishing order, load errors, the plan, then the CLI's closing lines as comments. */
export const tapReporter: ReporterFactory = (out, opts): Reporter => {
  let points = 0;
  return {
    start({ platform }) {
      out.write(tapHeader() + tapPlatformComment(platform));
    },
    result(r) {
      points += 1;
      out.write(tapPoint(points, r));
    },
    end(report) {
      for (const e of report.loadErrors) {
        points += 1;
        out.write(tapLoadError(points, e));
      }
      out.write(tapPlan(points));
    },
    // After the plan only comments keep the stream strict TAP; the summary line is one of them.
    closing(lines) {
      for (const line of lines) out.write(tapComment(line));
    },
  };
};
