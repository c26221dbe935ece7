// The reference's statements for each net other than the kernel's (--net): its matrix, and what differs there and why.
import type { CaseInfo } from '../result/case-info.ts';
import { DEFAULT_NET, netOf } from '../net/net-kind.ts';
import { netNamed, netNames } from '../net/nets/index.ts';
import { FAMILY_NAMES } from './family-statements.ts';
import { code, prose } from './markdown.ts';
import type { PlacedResult } from './placed-result.ts';
import { caseLink, summaryMatrix } from './summary-matrix.ts';

const WORDS: Record<string, string> = { divergence: 'differs', skip: 'is skipped' };

/**
 * One section per net the results ran on besides kernel, in --list-nets' order: the net's summary,
 * its matrix (as the kernel's), then per case each column whose run there differs or is skipped, with
 * the reason (a divergence's names its source). `runs` are every result; the kernel's are the rest of the reference.
 */
export const netSections = (cases: CaseInfo[], runs: PlacedResult[]): string[] => {
  // The order of NETS (unknown names last, by name), not of the results: merged inputs give the same bytes in any order.
  const rank = (n: string): number => (netNames().includes(n) ? netNames().indexOf(n) : netNames().length);
  const nets = [...new Set(runs.map((r) => netOf(r.result)))].filter((n) => n !== DEFAULT_NET)
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return nets.flatMap((net) => {
    const mine = runs.filter((r) => netOf(r.result) === net);
    const notes = cases.flatMap((kase) => {
      const told = mine.filter((r) => r.result.id === kase.id && WORDS[r.result.status] !== undefined);
      const lines = [...new Map(told.map((r) => [`${r.result.runtime} ${r.result.variant ?? ''} ${r.result.status} ${r.result.reason ?? ''}`, r])).values()].map((r) => {
        const families = [...new Set(told.filter((o) => o.result.runtime === r.result.runtime && o.result.variant === r.result.variant && o.result.status === r.result.status && o.result.reason === r.result.reason).map((o) => o.family))];
        const over = families.length === 1 && mine.some((o) => o.result.id === kase.id && o.family !== families[0]) ? ` over ${FAMILY_NAMES[families[0]!]}` : '';
        const who = `**${r.result.runtime}**${r.result.variant === null ? '' : ` ${code(r.result.variant)}`}`;
        return `  - ${who}${over} ${WORDS[r.result.status]}: ${prose(r.result.reason ?? '')}${r.result.source === undefined ? '' : ` (source: ${prose(r.result.source)})`}`;
      });
      return lines.length === 0 ? [] : [`- ${caseLink(kase.id)}`, ...lines];
    });
    return [
      `## On the ${code(net)} net`, '',
      prose(netNamed(net)?.summary ?? `the ${net} net`), '',
      summaryMatrix(cases.filter((c) => mine.some((r) => r.result.id === c.id)), mine), '',
      ...(notes.length === 0 ? [] : ['What differs from the kernel layer there, and what the net cannot run:', '', ...notes, '']),
    ];
  });
};
