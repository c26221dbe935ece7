// PROTOCOL.md's op and setopt tables, written from op-spec.ts, and the check that the document holds
// exactly them (test/protocol/op-table.test.ts), so the prose contract cannot drift from the data.
import { fieldsOf, OP_SPEC, OPS, SETOPT_NAMES, type FieldSpec, type Op } from './op-spec.ts';

/** The markers around each generated block in PROTOCOL.md. */
export const BLOCKS = ['op-table', 'setopt-table'] as const;
/** One generated block's name. */
export type Block = (typeof BLOCKS)[number];

const begin = (block: Block): string => `<!-- ${block}: written from op-spec.ts (harness/protocol/op-table.ts); a self-test keeps them equal -->`;
const end = (block: Block): string => `<!-- /${block} -->`;

const range = (f: FieldSpec): string => {
  switch (f.type) {
    case 'name': return f.socket === 'new' ? 'new socket name' : 'socket name';
    case 'host': return 'numeric address';
    case 'bytes': return 'bytes';
    case 'string': return 'string';
    case 'bool': return 'boolean';
    case 'enum': return (f.values ?? []).map((v) => `\`"${v}"\``).join(' \\| ');
    case 'int': return `${f.min}..${f.max}`;
    case 'optionValue': return 'by `name`';
  }
};

const field = (key: string, f: FieldSpec): string => {
  const parts = [range(f), f.default !== undefined ? `= ${String(f.default)}` : '', f.feature !== undefined ? `[${f.feature}]` : ''];
  return `\`${key}\`${f.required === true ? '' : '?'}: ${parts.filter((p) => p !== '').join(' ')}`;
};

const value = (op: Op): string =>
  (OP_SPEC[op].value as readonly { required: Record<string, string>; optional?: Record<string, string> }[]).map((shape) => {
    const keys = [...Object.entries(shape.required).map(([k, kind]) => `${k}: ${kind}`), ...Object.entries(shape.optional ?? {}).map(([k, kind]) => `${k}?: ${kind}`)];
    return `\`{${keys.join(', ')}}\``;
  }).join(' or ');

const opRow = (op: Op): string => {
  const spec = OP_SPEC[op] as { does: string; feature?: string; exactlyOne?: readonly string[] };
  const fields = Object.entries(fieldsOf(op)).map(([k, f]) => field(k, f));
  if (spec.exactlyOne !== undefined) fields.push(`exactly one of ${spec.exactlyOne.map((k) => `\`${k}\``).join(', ')}`);
  return `| \`${op}\`${spec.feature !== undefined ? ` [${spec.feature}]` : ''} | ${fields.join('; ')} | ${value(op)} | ${spec.does} |`;
};

/** A generated block's lines, markers included. */
export const renderBlock = (block: Block): string => {
  const body = block === 'op-table'
    ? ['| op | fields | success `value` | what it does |', '|---|---|---|---|', ...OPS.map(opRow)]
    : ['| name | value | sets |', '|---|---|---|',
      ...Object.entries(SETOPT_NAMES).map(([name, o]: [string, FieldSpec & { sets: string }]) =>
        `| \`${name}\`${o.feature !== undefined ? ` [${o.feature}]` : ''} | ${range(o)}${o.doc !== undefined ? `: ${o.doc}` : ''} | ${o.sets} |`)];
  return [begin(block), ...body, end(block)].join('\n');
};

/** `markdown` with every generated block rewritten from the spec (blocks must already be marked). */
export const writeBlocks = (markdown: string): string =>
  BLOCKS.reduce((text, block) => {
    const from = text.indexOf(begin(block));
    const to = text.indexOf(end(block));
    return from < 0 || to < from ? text : `${text.slice(0, from)}${renderBlock(block)}${text.slice(to + end(block).length)}`;
  }, markdown);

/** What differs between `markdown` (PROTOCOL.md's text) and the blocks the spec writes; [] when none. */
export const blockProblems = (markdown: string): string[] =>
  BLOCKS.flatMap((block) => {
    const from = markdown.indexOf(begin(block));
    const to = markdown.indexOf(end(block));
    if (from < 0 || to < from) return [`no block "${block}": wanted the line ${begin(block)} ... ${end(block)}`];
    const found = markdown.slice(from, to + end(block).length).split('\n');
    const wanted = renderBlock(block).split('\n');
    return wanted.flatMap((line, i) => (found[i] === line ? [] : [`${block} line ${i + 1}: wanted ${JSON.stringify(line)}, found ${JSON.stringify(found[i] ?? '(nothing)')}`]))
      .concat(found.length > wanted.length ? [`${block}: ${found.length - wanted.length} line(s) beyond the spec's`] : []);
  });
