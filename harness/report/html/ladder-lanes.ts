// The ladder's lanes: a box per side naming its role, runtime and address:port, and the harness's lane when it injected.
import type { CaseResult, Segment } from '../../result/case-result.ts';
import { escapeHtml } from './escape-html.ts';
import type { Lanes } from './ladder-arrow.ts';

const cut = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const num = (n: number): string => String(Math.round(n * 10) / 10);

/** Every address:port a side used, in the order the capture shows them (a side may open several connections). */
export const sideAddresses = (segments: readonly Segment[], role: 'client' | 'server'): string[] => {
  const seen = segments.flatMap((s) => (s.from === role ? [s.src] : s.from !== 'unknown' && s.from !== role ? [s.dst] : []));
  return [...new Set(seen)];
};

/** "127.0.0.1:5000", or "127.0.0.1:40000 +2 more" when it used several (the tooltip lists them all). */
const addressText = (addresses: readonly string[]): string =>
  addresses.length <= 1 ? addresses[0] ?? '' : `${addresses[0]} +${addresses.length - 1} more`;

const hostName = (r: CaseResult, role: 'client' | 'server'): string => {
  const agent = r.agents.find((a) => a.role === role);
  return `${role} · ${agent?.runtime ?? r.runtime}`;
};

/** The boxes at the top and the lines down to `bottom`; the harness's only when a segment was injected. */
export const lanesSvg = (r: CaseResult, lanes: Lanes, addressY: number, bottom: number): string => {
  const segments = r.capture.segments;
  const side = (role: 'client' | 'server'): string => {
    const addresses = sideAddresses(segments, role);
    const address = addresses.length === 0 ? '' : `<text class="addr" x="${lanes[role]}" y="${addressY}">${escapeHtml(addressText(addresses))}</text>`;
    const tooltip = addresses.length === 0 ? '' : `<title>${escapeHtml(`${role}: ${addresses.join(', ')}`)}</title>`;
    return `<g class="host" data-role="${role}">${tooltip}<rect x="${lanes[role] - 80}" y="8" width="160" height="24" rx="4"/>` +
      `<text x="${lanes[role]}" y="24">${escapeHtml(cut(hostName(r, role), 26))}</text>${address}</g>` +
      `<line class="lane" data-role="${role}" x1="${lanes[role]}" y1="${addresses.length === 0 ? 32 : addressY + 6}" x2="${lanes[role]}" y2="${num(bottom)}"/>`;
  };
  const injector = !segments.some((s) => s.injected) ? '' :
    `<g class="host harness" data-role="harness"><rect x="${lanes.harness - 60}" y="8" width="120" height="24" rx="4"/>` +
    `<text x="${lanes.harness}" y="24">harness</text><text class="addr" x="${lanes.harness}" y="${addressY}">raw socket (injects)</text></g>` +
    `<line class="lane harness" data-role="harness" x1="${lanes.harness}" y1="${addressY + 6}" x2="${lanes.harness}" y2="${num(bottom)}"/>`;
  return side('client') + side('server') + injector;
};
