import path from 'node:path';
import t from 'tap';
import { caseIdFromPath } from '../../harness/case/case-id.ts';

t.test('the id is the path under suites/ without the extension', async (t) => {
  t.equal(caseIdFromPath('/x/suites/close/unread-data-sends-rst.ts'), 'close/unread-data-sends-rst');
  t.equal(caseIdFromPath('/x/suites/a/b/deep.ts'), 'a/b/deep', 'nested groups stay in the id');
  t.equal(caseIdFromPath('/x/suites/top.ts'), 'top', 'a case directly under suites/');
});

t.test('every script extension is dropped, and only that', async (t) => {
  for (const ext of ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']) t.equal(caseIdFromPath(`/s/suites/g/c${ext}`), 'g/c', ext);
  t.equal(caseIdFromPath('/s/suites/g/c.test.ts'), 'g/c.test', 'inner dots belong to the name');
  t.equal(caseIdFromPath('/s/suites/g/c.json'), 'g/c.json', 'not a script: kept');
});

t.test('the last suites/ folder on the path wins', async (t) => {
  t.equal(caseIdFromPath('/home/suites/project/suites/g/c.ts'), 'g/c');
});

t.test('outside a suites/ folder there is no id', async (t) => {
  t.equal(caseIdFromPath('/x/cases/close/a.ts'), null);
  t.equal(caseIdFromPath('/x/suites'), null, 'the folder itself is not a case');
  t.equal(caseIdFromPath('/x/my-suites/a.ts'), null, 'only a folder named exactly suites');
});

t.test('a relative path is resolved against the working directory', async (t) => {
  t.equal(caseIdFromPath(path.join('suites', 'g', 'c.ts')), 'g/c');
});
