// A case's wire rules in words, for people reading the expectation rather than the code.
import type { SegmentPattern, WireRule } from '../../case/case-types.ts';

const peer = (role: 'client' | 'server'): string => (role === 'client' ? 'server' : 'client');

/** "[RST, ACK] segment from the server (seq = the last ack it received, no data)"; plural: "segments". */
const segmentNoun = (p: SegmentPattern, plural = false): string => {
  const noun = plural ? 'segments' : 'segment';
  const head = p.flags && p.flags.length > 0 ? `[${p.flags.join(', ')}] ${noun} from the ${p.from}` : `${noun} from the ${p.from}`;
  const notes: string[] = [];
  if (p.notFlags && p.notFlags.length > 0) notes.push(`without [${p.notFlags.join(', ')}]`);
  if (p.seq === 'acked') notes.push('seq = the last ack it received');
  else if (p.seq !== undefined) notes.push(`seq ${p.seq}`);
  if (p.ack === 'isn+1') notes.push(`ack = the ${peer(p.from)}'s ISN + 1`);
  else if (p.ack !== undefined) notes.push(`ack ${p.ack}`);
  if (p.data === true) notes.push('carrying data');
  if (p.data === false) notes.push('no data');
  return notes.length > 0 ? `${head} (${notes.join(', ')})` : head;
};

/** "a [RST, ACK] segment from the server (seq = the last ack it received, no data)". */
export const describeSegment = (p: SegmentPattern): string => `a ${segmentNoun(p)}`;

const count = (rule: Extract<WireRule, { rule: 'count' }>): string => {
  const { min, max } = rule;
  if (max === 0) return `The wire never carries ${describeSegment(rule.segment)}.`;
  const [range, n] = min !== undefined && min === max ? [`Exactly ${min}`, min]
    : min !== undefined && max !== undefined ? [`${min} to ${max}`, max]
      : max !== undefined ? [`At most ${max}`, max] : [`At least ${min ?? 0}`, min ?? 0];
  return `${range} ${segmentNoun(rule.segment, n !== 1)}.`;
};

/** One sentence per rule: "The wire never carries a [FIN] segment from the server." */
export const describeWireRule = (rule: WireRule): string => {
  switch (rule.rule) {
    case 'present': return `The wire carries ${describeSegment(rule.segment)}.`;
    case 'absent': return `The wire never carries ${describeSegment(rule.segment)}.`;
    case 'sequence': return `In this order: ${rule.segments.map(describeSegment).join('; then ')}.`;
    case 'silent-after': return `After ${describeSegment(rule.after)}, the ${rule.role} sends nothing (watched for ${rule.quietMs} ms).`;
    case 'count': return count(rule);
  }
};
