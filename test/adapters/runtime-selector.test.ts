import t from 'tap';
import { parseSelector, plainVersion, versionMatches } from '../../harness/adapters/runtime-selector.ts';

t.test('a name, a version, a path, or every version', async (t) => {
  t.same(parseSelector('node'), { text: 'node', name: 'node', want: null });
  t.same(parseSelector('node@22'), { text: 'node@22', name: 'node', want: { version: '22' } });
  t.same(parseSelector('node@v22.1'), { text: 'node@v22.1', name: 'node', want: { version: '22.1' } });
  t.same(parseSelector('node@/opt/node22/bin/node'), { text: 'node@/opt/node22/bin/node', name: 'node', want: { path: '/opt/node22/bin/node' } });
  t.same(parseSelector('node@./bin/node'), { text: 'node@./bin/node', name: 'node', want: { path: './bin/node' } });
  t.same(parseSelector('python@*'), { text: 'python@*', name: 'python', want: { all: true } });
});

t.test('anything else is a problem that shows the forms', async (t) => {
  for (const bad of ['node@latest', '@22', 'no de', 'node@', '../x']) {
    const r = parseSelector(bad);
    t.ok('problem' in r, bad);
    if ('problem' in r) t.match(r.problem, bad.startsWith('node@') ? /NAME@VERSION/ : /runtime name/, bad);
  }
});

t.test('versions compare by whole components', async (t) => {
  t.equal(plainVersion('v20.20.2'), '20.20.2');
  t.equal(plainVersion('Python 3.11.7'), '3.11.7');
  t.equal(plainVersion('cc (Debian 12.2.0-14) 12.2.0'), '12.2.0');
  t.ok(versionMatches('v22.12.0', '22'));
  t.ok(versionMatches('3.11.2', '3.11'));
  t.notOk(versionMatches('v2.2.0', '22'));
  t.notOk(versionMatches('220.1.0', '22'));
  t.notOk(versionMatches('3.11.2', '3.11.7'));
});
