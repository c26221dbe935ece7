// Workflow commands read back exactly when unescaped the way GitHub's runner does (actions/runner ActionCommand.cs).
import t from 'tap';
import { escapeData, escapeProperty, workflowCommand } from '../../../harness/report/terminal/workflow-command.ts';
import { WEIRD } from '../../fixtures/case-results.ts';

/** The runner's unescaping: each mapping in its order, `%25` last. */
const unescape = (s: string, property: boolean): string => {
  const maps: [string, string][] = [['%0D', '\r'], ['%0A', '\n'], ...(property ? ([['%3A', ':'], ['%2C', ',']] as [string, string][]) : []), ['%25', '%']];
  return maps.reduce((acc, [from, to]) => acc.split(from).join(to), s);
};

/** The runner's parsing (TryParseV2): leading spaces trimmed, `::` command, properties split on `,` and the first `=`. */
const parse = (line: string): { command: string; props: Record<string, string>; data: string } | null => {
  const m = line.trimStart();
  if (!m.startsWith('::')) return null;
  const end = m.indexOf('::', 2);
  if (end < 0) return null;
  const info = m.slice(2, end);
  const space = info.indexOf(' ');
  const props: Record<string, string> = {};
  for (const p of (space < 0 ? '' : info.slice(space + 1)).split(',').filter(Boolean)) {
    const eq = p.indexOf('=');
    if (eq > 0) props[p.slice(0, eq)] = unescape(p.slice(eq + 1), true);
  }
  return { command: space < 0 ? info : info.slice(0, space), props, data: unescape(m.slice(end + 2), false) };
};

t.test('%, CR and LF are escaped in the message; : and , too in properties', async (t) => {
  t.equal(escapeData('100% a:b,c\r\nd'), '100%25 a:b,c%0D%0Ad');
  t.equal(escapeProperty('100% a:b,c\r\nd'), '100%25 a%3Ab%2Cc%0D%0Ad');
  t.equal(escapeData('%0A'), '%250A', 'an escape already in the text survives as text');
});

t.test('other control characters become visible text, never raw bytes in a CI log', async (t) => {
  t.equal(escapeData('a\u001b[31mb\u0000'), 'a\\u001b[31mb\\u0000');
  t.equal(escapeData('a\u2028b'), 'a\\u2028b', 'nor a Unicode line separator');
});

t.test('one line, however weird the text, and it reads back exactly', async (t) => {
  const title = `sockspec fail: x [node] ${WEIRD}`;
  const message = `at step 6\n  wanted: ECONNRESET\n  found: EOF :: 50%\r\n${WEIRD}`;
  const line = workflowCommand('error', { file: 'suites/close/a,b:c.ts', title }, message);
  t.match(line, /^::error file=suites\/close\/a%2Cb%3Ac\.ts,title=[^\n\r]*::[^\n\r]*\n$/, 'a single line');
  const back = parse(line.trimEnd());
  t.equal(back?.command, 'error');
  t.equal(back?.props.file, 'suites/close/a,b:c.ts');
  const visible = (s: string): string => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  t.equal(back?.props.title, visible(title), 'the title, control characters shown as text');
  t.equal(back?.data, visible(message), 'the message, line breaks kept');
});

t.test('properties without a value are left out', async (t) => {
  t.equal(workflowCommand('error', { file: undefined, title: '' }, 'm'), '::error::m\n');
  t.equal(workflowCommand('error', { file: 'a.ts' }, 'm'), '::error file=a.ts::m\n');
});
