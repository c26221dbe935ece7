// A wire rule in words: which side sends (or never sends) which segment, in what order, how often.
import type { SegmentPattern, WireRule } from './format-pieces.ts';

const other = (from: string): string => (from === 'server' ? 'client' : from === 'client' ? 'server' : 'peer');

const list = (words: string[], joiner: string): string =>
  words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} ${joiner} ${words.at(-1)!}`;

/** "RST+ACK", "FIN", "" (no flags named). */
const flagWord = (p: SegmentPattern): string => (p.flags ?? []).join('+');

// As the project writes them: "a RST", "a SYN", "an ACK".
const article = (word: string): string => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/** What the pattern requires beyond its flags: " without ACK and with seq 0 and ack = the client's ISN+1". */
const qualifiers = (p: SegmentPattern): string => {
  const withs: string[] = [];
  if (p.seq === 'acked') withs.push(`seq = the ack of the ${other(p.from)}'s latest segment`);
  else if (p.seq === 'snd.nxt') withs.push(`seq = its SND.NXT (just past all it had sent)`);
  // The FIN takes the last sequence number: a FIN there is that FIN sent again; anything else there is a keep-alive probe.
  else if (p.seq === 'snd.nxt-1') withs.push(`seq = its SND.NXT - 1 (one before all it had sent: ${(p.flags ?? []).includes('FIN') ? 'its FIN sent again' : 'a keep-alive probe'})`);
  else if (typeof p.seq === 'number') withs.push(`seq ${p.seq}`);
  if (p.ack === 'isn+1') withs.push(`ack = the ${other(p.from)}'s ISN+1`);
  else if (p.ack === 'rcv.nxt') withs.push(`ack = its RCV.NXT (just past all the ${other(p.from)} had sent)`);
  else if (typeof p.ack === 'number') withs.push(`ack ${p.ack}`);
  const clauses = [
    p.notFlags !== undefined && p.notFlags.length > 0 ? `without ${list(p.notFlags, 'or')}` : null,
    withs.length > 0 ? `with ${withs.join(' and ')}` : null,
    p.data === true && flagWord(p) !== '' ? 'carrying data' : p.data === false ? 'carrying no data' : null,
    p.injected === true ? 'injected by the harness in its name' : p.injected === false ? 'of its own (not one the harness injected)' : null,
  ].filter((c): c is string => c !== null);
  return clauses.length === 0 ? '' : ` ${clauses.join(' and ')}`;
};

/** The segment without article: "RST+ACK", "segment with data", "segment". */
const noun = (p: SegmentPattern, plural = false): string => {
  const flags = flagWord(p);
  const s = plural ? 's' : '';
  if (flags !== '') return plural ? `${flags} segments` : flags;
  return p.data === true ? `segment${s} with data` : `segment${s}`;
};

const withArticle = (p: SegmentPattern): string => {
  const n = noun(p);
  return `${article(n)} ${n}`;
};

/** "an ACK from the client, without RST, FIN or SYN, with no data": one segment the pattern matches. */
export const describeSegment = (p: SegmentPattern): string => `${withArticle(p)} from the ${p.from}${qualifiers(p)}`;

/** "the server sends a RST+ACK": the clause a rule is built of. */
const sends = (p: SegmentPattern): string => `the ${p.from} sends ${withArticle(p)}${qualifiers(p)}`;

const countPhrase = (min: number | undefined, max: number | undefined): string => {
  if (min !== undefined && max !== undefined) return min === max ? `exactly ${min}` : `${min} to ${max}`;
  if (min !== undefined) return `at least ${min}`;
  return `at most ${max ?? 0}`;
};

/**
 * A wire rule as a sentence without its final period, e.g. "the server sends a RST+ACK (the close
 * resets the connection)", "the client sends at least 2 SYN segments", "after the server's RST,
 * the client sends nothing for 50 ms".
 */
export const describeWireRule = (rule: WireRule): string => {
  const why = rule.why === undefined ? '' : ` (${rule.why})`;
  switch (rule.rule) {
    case 'present': return `${sends(rule.segment)}${why}`;
    case 'absent': {
      const p = rule.segment;
      const bare = flagWord(p) === '' && p.data === undefined && (p.notFlags ?? []).length === 0 && p.seq === undefined && p.ack === undefined;
      const own = p.injected === false ? ' of its own (only what the harness injected in its name)' : '';
      return `the ${p.from} sends ${bare && p.injected === undefined ? 'nothing' : bare && own !== '' ? `nothing${own}` : `no ${noun(p)}${qualifiers(p)}`}${why}`;
    }
    case 'sequence': return `in this order: ${rule.segments.map(sends).join('; then ')}${why}`;
    case 'count': {
      const n = countPhrase(rule.min, rule.max);
      const one = (rule.min === 1 && (rule.max === undefined || rule.max === 1)) || (rule.min === undefined && rule.max === 1);
      return `the ${rule.segment.from} sends ${n} ${noun(rule.segment, !one)}${qualifiers(rule.segment)}${why}`;
    }
    case 'silent-after': return `after ${describeSegment(rule.after)}, the ${rule.role} sends nothing for ${rule.quietMs} ms${why}`;
  }
};
