import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { readResults, ResultsFileError } from '../../harness/reference/read-results.ts';
import { referenceReport } from './fixtures/reference-report.ts';

t.test('a results file is read back', async (t) => {
  const file = path.join(t.testdir(), 'results.json');
  await writeFile(file, JSON.stringify(referenceReport()));
  t.same(await readResults(file), JSON.parse(JSON.stringify(referenceReport())));
});

t.test('what is wrong is said with the path, and what to run first', async (t) => {
  const dir = t.testdir({ 'bad.json': '{ not json', 'other.json': '{"results": []}' });
  await t.rejects(readResults(path.join(dir, 'none.json')), new ResultsFileError(`no results file at ${path.join(dir, 'none.json')}: run \`npx sockspec\` first (it writes reports/results.json), or name a results file with --results FILE`));
  await t.rejects(readResults(path.join(dir, 'bad.json')), { message: new RegExp(`^${path.join(dir, 'bad.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not JSON \\(.*\\): run \`npx sockspec\` first`) });
  await t.rejects(readResults(path.join(dir, 'other.json')), { message: /other\.json is not a sockspec results file with case declarations \(no `platform`, `runtimes`, `cases`, `loadErrors`\)/ });
  await t.rejects(readResults(dir), { name: 'Error', message: /^cannot read the results file / }, 'a folder');
});
