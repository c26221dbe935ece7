// Parses a TAP stream with tap-parser in strict mode, collecting points and parse errors.
import { Parser } from 'tap-parser';

export interface TapPoint {
  id: number;
  ok: boolean;
  name: string;
  skip: boolean | string;
  diag: Record<string, unknown> | null;
  /** The point's `time=` in ms, when the producer gave one. */
  time?: number | null;
}

export interface ParsedTap {
  points: TapPoint[];
  comments: string[];
  final: { ok: boolean; count: number; pass: number; fail: number; skip: number; failures: object[] };
  /** Failures that are TAP syntax errors rather than not-ok points. */
  tapErrors: object[];
}

/** Strict parse: any line that is not TAP becomes a tapError. */
export const parseTap = async (tap: string): Promise<ParsedTap> => {
  const parser = new Parser({ strict: true });
  const points: TapPoint[] = [];
  const comments: string[] = [];
  parser.on('assert', (p: TapPoint) => points.push(p));
  parser.on('comment', (c: string) => comments.push(c));
  const final = new Promise<ParsedTap['final']>((resolve) => parser.on('complete', resolve));
  parser.end(tap);
  const f = await final;
  return { points, comments, final: f, tapErrors: f.failures.filter((x) => (x as { tapError?: unknown }).tapError) };
};
