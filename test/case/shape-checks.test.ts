// The typed schema: each combinator's problems name the key, what was wanted and what was got, and its
// type is inferred (the @ts-expect-error lines are the type-level negative controls: `npx tsc` fails if they compile).
import t from 'tap';
import {
  bool, custom, either, exactlyOne, integer, isObject, listOf, oneOf, posInt, recordOf, shape, str, tagged, text, want,
  type CaseProblem, type Infer,
} from '../../harness/case/shape-checks.ts';

const run = (check: (v: unknown, k: string, out: CaseProblem[]) => void, value: unknown, key = 'x'): CaseProblem[] => {
  const out: CaseProblem[] = [];
  check(value, key, out);
  return out;
};

const point = shape({ x: integer, y: integer }, { label: str, shown: bool });
type Point = Infer<typeof point>;
const p: Point = { x: 1, y: 2, label: 'origin' };
// @ts-expect-error a required field is required in the inferred type too
const noY: Point = { x: 1 };
// @ts-expect-error and a field of the wrong type is refused
const badLabel: Point = { x: 1, y: 2, label: 3 };

t.test('shape: the inferred type matches what the check admits', async (t) => {
  t.same(run(point, p), [], 'a value of the inferred type passes');
  t.same(run(point, noY).map((q) => q.key), ['x.y'], 'what the type refuses, the check refuses');
  t.same(run(point, badLabel).map((q) => q.message), ['Expected `x.label` to be a non-empty string, got `3` (number)']);
  t.same(run(point, { x: 1, y: 2, lable: 'a' }).map((q) => q.message), ['Unknown key `x.lable`; known keys: x, y, label, shown. Did you mean `label`?']);
  t.same(run(point, 5, ''), [{ key: 'the default export', message: 'Expected `the default export` to be an object, got `5` (number)' }]);
});

t.test('oneOf: its type is the union of its values, and a near miss is suggested', async (t) => {
  const side = oneOf('server', 'client');
  const s: Infer<typeof side> = 'server';
  // @ts-expect-error only the listed values are the type
  const wrong: Infer<typeof side> = 'peer';
  t.same(run(side, s), []);
  t.same(run(side, wrong).map((q) => q.message), ['Expected `x` to be one of "server", "client", got `"peer"` (string)']);
  t.same(run(side, 'sever').map((q) => q.message), ['Expected `x` to be one of "server", "client", got `"sever"` (string). Did you mean `server`?']);
});

t.test('lists, records, numbers and text', async (t) => {
  t.same(run(listOf(posInt, true), []).map((q) => q.message), ['Expected `x` to be a non-empty array, got `[]` (array)']);
  t.same(run(listOf(posInt), [1, 0]).map((q) => q.key), ['x[1]']);
  t.same(run(recordOf(integer), { a: 1, b: 1.5 }).map((q) => q.key), ['x.b']);
  t.same(run(text, ''), [], 'text admits the empty string');
  t.same(run(str, '').map((q) => q.message), ['Expected `x` to be a non-empty string, got `""` (string)']);
});

t.test('tagged: one shape per tag, and an unknown tag is one problem', async (t) => {
  const rule = tagged('kind', { a: shape({ kind: oneOf('a'), n: posInt }), b: shape({ kind: oneOf('b'), s: str }) }, "one of 'a', 'b'");
  const r: Infer<typeof rule> = { kind: 'b', s: 'x' };
  // @ts-expect-error each tag carries its own fields
  const mixed: Infer<typeof rule> = { kind: 'a', s: 'x' };
  t.same(run(rule, r), []);
  t.same(run(rule, mixed).map((q) => q.key).sort(), ['x.n', 'x.s']);
  t.same(run(rule, { kind: 'other' }), [{ key: 'x.kind', message: "Expected `x.kind` to be one of 'a', 'b', got `\"other\"` (string)" }]);
  t.same(run(rule, null).map((q) => q.key), ['x.kind']);
  t.same(run(rule, { kind: 'A' }).map((q) => q.message), ["Expected `x.kind` to be one of 'a', 'b', got `\"A\"` (string). Did you mean `a` or `b`?"]);
});

t.test('exactlyOne and either', async (t) => {
  const one = exactlyOne({ a: str, b: posInt }, 'one of { a }, { b }');
  t.same(run(one, { b: 2 }), []);
  t.same(run(one, { a: 'x', b: 2 }).map((q) => q.message), ['Expected `x` to be one of { a }, { b }, got `{"a":"x","b":2}` (object)']);
  t.same(run(one, { c: 1 }).map((q) => q.key), ['x.c']);
  const numOrName = either((v) => typeof v === 'number', posInt, str);
  t.same(run(numOrName, 3), []);
  t.same(run(numOrName, 'n'), []);
  t.same(run(numOrName, -1).map((q) => q.message), ['Expected `x` to be a positive integer, got `-1` (number)']);
});

t.test('custom: a hand-written check declared to admit a type', async (t) => {
  const even = custom<number>((v, k, out) => { if (typeof v !== 'number' || v % 2 !== 0) want(out, k, 'an even number', v); });
  const n: Infer<typeof even> = 4;
  t.same(run(even, n), []);
  t.same(run(even, 3).map((q) => q.message), ['Expected `x` to be an even number, got `3` (number)']);
  t.ok(isObject({}) && !isObject([]) && !isObject(null));
});
