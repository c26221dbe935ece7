// Tags are a closed list: every tag the catalogue uses is on it, and a case file with a misspelt tag
// fails to load through the real loader, naming the file, `tags[0]` and the likely tag.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { CASE_TAGS } from '../../harness/case/case-tags.ts';
import { loadCaseFile, loadCases } from '../../harness/case/load-cases.ts';
import { ROOT } from '../helpers/run-cli.ts';

const INDEX = pathToFileURL(path.join(ROOT, 'harness', 'index.ts')).href;

t.test('the catalogue loads, and uses only listed tags (slow among them)', async (t) => {
  const { cases, errors } = await loadCases([path.join(ROOT, 'suites')], ROOT);
  t.same(errors, []);
  const used = new Set(cases.flatMap((c) => c.tags ?? []));
  t.ok(used.has('slow'), 'some case is slow');
  t.same([...used].filter((tag) => !(CASE_TAGS as readonly string[]).includes(tag)), []);
});

t.test('a case file tagged `slwo` does not load: tags[0] is named, and `slow` suggested', async (t) => {
  const dir = path.join(t.testdir(), 'suites', 'mine');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'typo.ts');
  writeFileSync(file, `import { defineCase } from '${INDEX}';
export default defineCase(import.meta, { description: 'a slow case, misspelt', spec: ['RFC 9293'], tags: ['slwo'] as never,
  steps: [{ role: 'server', op: 'listen', as: 'l' }] });
`);
  const loaded = await loadCaseFile(file, path.dirname(path.dirname(dir)));
  t.notOk('id' in loaded, 'it is not loaded');
  t.match(loaded, { file: 'suites/mine/typo.ts', message: /^suites\/mine\/typo\.ts: Expected `tags\[0\]` to be one of "slow", .*, got `"slwo"` \(string\)\. Did you mean `slow`\?$/ });
});
