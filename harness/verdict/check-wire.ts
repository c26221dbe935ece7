// Checks the wire rules of a case against the decoded segments; each broken rule becomes a Failure.
import type { SegmentPattern, WireRule } from '../case/case-types.ts';
import type { Failure, Segment } from '../result/case-result.ts';
import { nextSeqBefore } from './sequence-space.ts';

/** "server [RST, ACK] seq 0 ack isn+1" */
export const describePattern = (p: SegmentPattern): string => {
  const parts: string[] = [p.from];
  if (p.flags) parts.push(`[${p.flags.join(', ')}]`);
  if (p.notFlags) parts.push(`without [${p.notFlags.join(', ')}]`);
  if (p.seq !== undefined) parts.push(`seq ${p.seq}`);
  if (p.ack !== undefined) parts.push(`ack ${p.ack}`);
  if (p.data !== undefined) parts.push(p.data ? 'with data' : 'without data');
  if (p.injected !== undefined) parts.push(p.injected ? 'injected' : 'its own');
  return parts.join(' ');
};

const isnOf = (segments: Segment[], from: string): number | null =>
  segments.find((s) => s.from === from && s.flags.includes('SYN'))?.seq ?? null;

// Where a segment stands in the capture (a segment not in it: after all of it).
const at = (s: Segment, all: Segment[]): number => { const i = all.indexOf(s); return i < 0 ? all.length : i; };

// The segments of s's own connection (its 4-tuple, either way): a case with several connections (each its own ISNs)
// reads SND.NXT and RCV.NXT on the one the segment belongs to, not the highest over all of them.
const connectionOf = (s: Segment, all: Segment[]): Segment[] =>
  all.filter((x) => (x.src === s.src && x.dst === s.dst) || (x.src === s.dst && x.dst === s.src));

/** True when the segment fits the pattern; 'isn+1' is judged against the other side's SYN. */
export const matchesPattern = (p: SegmentPattern, s: Segment, all: Segment[]): boolean => {
  if (s.from !== p.from) return false;
  if (p.flags && !p.flags.every((f) => s.flags.includes(f))) return false;
  if (p.notFlags && p.notFlags.some((f) => s.flags.includes(f))) return false;
  const own = p.seq === 'snd.nxt' || p.seq === 'snd.nxt-1' || p.ack === 'rcv.nxt' ? connectionOf(s, all) : all;
  if (p.seq === 'snd.nxt') {
    if (s.seq !== nextSeqBefore(own, p.from, at(s, own))) return false;
  } else if (p.seq === 'snd.nxt-1') {
    const next = nextSeqBefore(own, p.from, at(s, own));
    if (next === null || s.seq !== ((next - 1) >>> 0)) return false;
  } else if (p.seq === 'acked') {
    const at = all.indexOf(s);
    const before = all.slice(0, at < 0 ? all.length : at).reverse().find((x) => x.from !== p.from && x.from !== 'unknown' && x.flags.includes('ACK'));
    if (before === undefined || s.seq !== before.ack) return false;
  } else if (p.seq !== undefined && s.seq !== p.seq) return false;
  if (p.ack === 'isn+1') {
    const isn = isnOf(all, p.from === 'client' ? 'server' : 'client');
    if (isn === null || s.ack !== ((isn + 1) >>> 0)) return false;
  } else if (p.ack === 'rcv.nxt') {
    if (s.ack !== nextSeqBefore(own, p.from === 'client' ? 'server' : 'client', at(s, own))) return false;
  } else if (p.ack !== undefined && s.ack !== p.ack) return false;
  if (p.data !== undefined && (s.len > 0) !== p.data) return false;
  if (p.injected !== undefined && (s.injected === true) !== p.injected) return false;
  return true;
};

const brief = (s: Segment): string => `${s.from} [${s.flags.join(', ')}] seq ${s.seq} ack ${s.ack} len ${s.len}`;
const list = (segments: Segment[]): string => (segments.length === 0 ? 'no segments at all' : segments.map(brief).join('; '));

/** One rule against the segments: null when it holds, else what was wanted and found. */
export const checkRule = (rule: WireRule, segments: Segment[]): Failure | null => {
  const why = rule.why ? ` (${rule.why})` : '';
  switch (rule.rule) {
    case 'present':
      return segments.some((s) => matchesPattern(rule.segment, s, segments)) ? null
        : { at: 'wire', wanted: `a segment ${describePattern(rule.segment)}${why}`, found: list(segments) };
    case 'absent': {
      const hit = segments.find((s) => matchesPattern(rule.segment, s, segments));
      return hit === undefined ? null : { at: 'wire', wanted: `no segment ${describePattern(rule.segment)}${why}`, found: brief(hit) };
    }
    case 'sequence': {
      let next = 0;
      for (const s of segments) if (next < rule.segments.length && matchesPattern(rule.segments[next]!, s, segments)) next++;
      return next === rule.segments.length ? null : {
        at: 'wire',
        wanted: `in order: ${rule.segments.map(describePattern).join(', then ')}${why}`,
        found: `no ${describePattern(rule.segments[next]!)} after the first ${next} matched; segments: ${list(segments)}`,
      };
    }
    case 'silent-after': {
      const at = segments.findIndex((s) => matchesPattern(rule.after, s, segments));
      if (at < 0) return { at: 'wire', wanted: `a segment ${describePattern(rule.after)}, then silence from the ${rule.role}${why}`, found: list(segments) };
      const noise = segments.slice(at + 1).find((s) => s.from === rule.role);
      return noise === undefined ? null : {
        at: 'wire',
        wanted: `nothing from the ${rule.role} after ${describePattern(rule.after)} (watched ${rule.quietMs} ms)${why}`,
        found: brief(noise),
      };
    }
    case 'count': {
      const hits = segments.filter((s) => matchesPattern(rule.segment, s, segments));
      const low = rule.min ?? 0;
      const high = rule.max ?? Infinity;
      if (hits.length >= low && hits.length <= high) return null;
      const range = high === Infinity ? `at least ${low}` : low === high ? `exactly ${low}` : `${low} to ${high}`;
      const noun = high === 1 || (high === Infinity && low === 1) ? 'segment' : 'segments';
      // With nothing counted, show what was captured, so an empty capture and a mismatch read differently.
      const found = hits.length === 0 ? `0: none among ${list(segments)}` : `${hits.length}: ${list(hits)}`;
      return { at: 'wire', wanted: `${range} ${noun} ${describePattern(rule.segment)}${why}`, found };
    }
  }
};

/** Evidence for a reader: the times (ms after the first segment) of what each count rule counted. */
export const wireEvidence = (rules: WireRule[], segments: Segment[]): Record<string, number[]> => {
  const origin = segments[0]?.time ?? 0;
  const out: Record<string, number[]> = {};
  for (const rule of rules) {
    if (rule.rule !== 'count') continue;
    out[`times of ${describePattern(rule.segment)} (ms)`] = segments
      .filter((s) => matchesPattern(rule.segment, s, segments))
      .map((s) => Math.round((s.time - origin) * 10) / 10);
  }
  return out;
};

/** Every broken rule. */
export const checkWire = (rules: WireRule[], segments: Segment[]): Failure[] =>
  rules.map((r) => checkRule(r, segments)).filter((f): f is Failure => f !== null);
