// Compares what one socket call returned with what the case expected; both sides described for people.
import type { Expect } from '../case/case-types.ts';
import type { Reply } from '../protocol/messages.ts';

type AgentReply = Exclude<Reply, { fault: string }>;

const shown = (s: string): string => JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);

// "after 900-1500 ms", "after at least 900 ms", "within 500 ms".
const tookWords = (min?: number, max?: number): string =>
  (min !== undefined && max !== undefined ? `after ${min}-${max} ms` : min !== undefined ? `after at least ${min} ms` : `within ${max} ms`);

/** "ECONNRESET", "EOF", "data \"hello\"", "ok": the expectation in the words of a report. */
export const describeExpect = (e: Expect): string => {
  const parts: string[] = [];
  if (e.error !== undefined) parts.push(e.error === null ? 'an error with no errno' : e.error);
  if (e.errorName !== undefined) parts.push(`named ${e.errorName}`);
  if (e.synthesized !== undefined) parts.push(e.synthesized ? 'synthesized by the runtime' : 'from a syscall');
  if (e.eof === true) parts.push('EOF');
  if (e.eof === false) parts.push('not EOF');
  if (e.data !== undefined) parts.push(`data ${shown(e.data)}`);
  if (e.state !== undefined) parts.push(`state ${e.state}`);
  if (e.ok !== undefined && parts.length === 0) parts.push(e.ok ? 'ok' : 'an error');
  if (e.minMs !== undefined || e.maxMs !== undefined) parts.push(`returning ${tookWords(e.minMs, e.maxMs)}`);
  return parts.join(', ') || 'anything';
};

/** The observed outcome of a call in the same words as describeExpect; with the call's time when `e` bounds it. */
export const describeReply = (r: AgentReply, e?: Expect): string => {
  const said = replyWords(r);
  return (e?.minMs !== undefined || e?.maxMs !== undefined) && r.t !== undefined ? `${said}, after ${Math.round(r.t.ms)} ms` : said;
};

const replyWords = (r: AgentReply): string => {
  if ('unsupported' in r) return `unsupported: ${r.unsupported}`;
  if (!r.ok) {
    const e = r.error;
    if (e.timeout === true) return `nothing within the wait (${e.name}: ${e.message})`;
    const name = e.errno === null ? `an error with no errno named ${e.name}` : e.name !== e.errno ? `${e.errno} (${e.name})` : e.errno;
    const detail = [e.syscall === null ? null : `syscall ${e.syscall}`, e.synthesized ? 'synthesized by the runtime' : null].filter(Boolean);
    return detail.length > 0 ? `${name}, ${detail.join(', ')}` : name;
  }
  const v = r.value;
  if (v.eof === true) return 'EOF';
  if (typeof v.data === 'string') return `data ${shown(v.data)}`;
  if (typeof v.state === 'string') return `state ${v.state}`;
  const fields = Object.entries(v).map(([k, x]) => `${k}=${String(x)}`).join(' ');
  return fields ? `ok ${fields}` : 'ok';
};

/** True when every field of the expectation holds for the reply. */
export const matchesExpect = (e: Expect, r: AgentReply): boolean => {
  if ('unsupported' in r) return false;
  if (e.ok !== undefined && r.ok !== e.ok) return false;
  const err = r.ok ? null : r.error;
  if (e.error !== undefined && (err === null || err.timeout === true || err.errno !== e.error)) return false;
  if (e.errorName !== undefined && err?.name !== e.errorName) return false;
  if (e.synthesized !== undefined && err?.synthesized !== e.synthesized) return false;
  const value = r.ok ? r.value : null;
  if (e.eof !== undefined && (value === null || (value.eof === true) !== e.eof)) return false;
  if (e.data !== undefined && value?.data !== e.data) return false;
  if (e.state !== undefined && value?.state !== e.state) return false;
  // The agent's own timing of the call: no reply time, no duration to hold.
  if (e.minMs !== undefined && !(r.t !== undefined && r.t.ms >= e.minMs)) return false;
  if (e.maxMs !== undefined && !(r.t !== undefined && r.t.ms <= e.maxMs)) return false;
  return true;
};
