import t from 'tap';
import { Parser } from 'tap-parser';
import YAML from 'yaml';
import { toYaml } from '../../harness/report/yaml.ts';
import { WEIRD } from '../fixtures/case-results.ts';

const data = {
  plain: 'hello world',
  keyword: 'yes',
  nullWord: 'null',
  step: '3 client send "hello" → ok bytes=5 (0.04 ms)',
  mapping: 'x: y',
  comment: 'a #b',
  leading: '# c',
  date: '2024-01-01',
  timestamp: '2001-12-14 21:59:43.10 -5',
  relative: '0.412 ms client 127.0.0.1:1 > 127.0.0.1:2 RST,ACK',
  sexagesimal: '1:20',
  numeric: '0x1f',
  colonEnd: 'ends:',
  empty: '',
  spaces: ' padded ',
  weird: WEIRD,
  block: 'first\nsecond\n\n  indented\n',
  blockNoEnd: 'a\n\nb',
  blockLeadingSpace: '  a\nb',
  blockManyEnds: 'a\n\n\n',
  crlf: 'a\r\nb',
  numbers: [0, -1, 2.5, 1e21, Number.MAX_SAFE_INTEGER],
  flags: [true, false, null],
  nested: [{ at: 'wire', list: ['a', { deep: 'x\ny' }] }, [], {}, [[1, 2], [3]]],
  'key: with # syntax': 'v',
  '': 'empty key',
};

const roundTrip = (text: string): unknown => JSON.parse(JSON.stringify(YAML.parse(text)));

t.test('plain data round-trips through YAML 1.2 and YAML 1.1', async (t) => {
  const text = toYaml(data);
  t.same(roundTrip(text), data);
  t.same(JSON.parse(JSON.stringify(YAML.parse(text, { version: '1.1' }))), data);
});

t.test('indentation prefixes every line, including the empty lines of block scalars', async (t) => {
  const text = toYaml(data, '  ');
  for (const line of text.slice(0, -1).split('\n')) t.match(line, /^ {2}/);
  t.same(roundTrip(text), data);
});

t.test('readable forms: plain where safe, quoted where not, blocks for text', async (t) => {
  const text = toYaml({ a: 'hello world', b: 'yes', c: 'multi\nline' });
  t.equal(text, 'a: hello world\nb: "yes"\nc: "multi\\nline"\n', 'without a final line break, quoted: Test::Harness 3.44 reads no `|-`');
  t.equal(toYaml({ c: 'multi\nline\n' }), 'c: |\n  multi\n  line\n', 'with one, a literal block');
  t.equal(toYaml({ c: 'nul\u0000 c1\u0085 ls\u2028' }), 'c: "nul\\x00 c1\\x85 ls\\u2028"\n', '\\x below 256, which YAMLish reads; \\u above');
  t.equal(toYaml(['0.412 ms client', '2001-12-14 21:59:43 -5', '1 client send "x"']), '- 0.412 ms client\n- "2001-12-14 21:59:43 -5"\n- 1 client send "x"\n');
});

t.test('non-finite numbers and empty collections', async (t) => {
  t.equal(toYaml({ nan: NaN, i: Infinity, m: -Infinity, a: [], o: {} }), 'nan: .nan\ni: .inf\nm: -.inf\na: []\no: {}\n');
});

t.test('undefined values are left out; cycles are named, not followed', async (t) => {
  const cyclic: Record<string, unknown> = { a: undefined, b: 1 };
  cyclic.self = cyclic;
  t.equal(toYaml(cyclic), 'b: 1\nself: "[Circular]"\n');
});

t.test('top-level scalars', async (t) => {
  t.equal(toYaml('yes'), '"yes"\n');
  t.equal(toYaml(3), '3\n');
  t.equal(YAML.parse(toYaml('a\nb')), 'a\nb');
});

t.test('tap-parser in strict mode reads the YAML back as a diagnostic', async (t) => {
  const tap = `TAP version 13\nnot ok 1 - x\n  ---\n${toYaml(data, '  ')}  ...\n1..1\n`;
  const parser = new Parser({ strict: true });
  const diags: unknown[] = [];
  parser.on('assert', (res: { diag: unknown }) => diags.push(res.diag));
  const done = new Promise<{ failures: object[] }>((resolve) => parser.on('complete', resolve));
  parser.end(tap);
  const final = await done;
  t.same(final.failures.filter((f) => 'tapError' in f && (f as { tapError: unknown }).tapError), []);
  t.same(JSON.parse(JSON.stringify(diags[0])), data);
});
