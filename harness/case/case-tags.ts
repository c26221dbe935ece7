// The tags a case may carry: a closed list, because `slow` changes what a run does (a typo would run a slow case under --fast).
import { oneOf } from './shape-checks.ts';

/**
 * `slow`: its length is set by a kernel timer (SYN retries, retransmissions), so --fast and the
 * bench leave it out and a full run starts it first. `headline` marks the catalogue's headline
 * behaviours, the others name a behaviour's area; --list, the HTML report and the reference show them.
 */
export const CASE_TAGS = [
  'slow', 'headline',
  'bind', 'capture', 'close', 'connect', 'control', 'crash', 'epipe', 'firewall', 'half-close', 'halfopen',
  'icmp', 'injection', 'listen', 'rst', 'time-wait', 'timeout', 'write',
] as const;

/** One tag, checked against the list with the likely one suggested. */
export const caseTag = oneOf(...CASE_TAGS);
