// declaringFile: how defineCase(def), with no import.meta, finds the case file that called it (ES module or CommonJS).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { declaringFile } from '../../harness/cli/declaring-file.ts';

const HERE = fileURLToPath(import.meta.url);
const declare = (): string | null => declaringFile(declare);

t.test('an ES module caller: its path, not a file: URL', async (t) => {
  t.equal(declare(), HERE);
});

t.test('a CommonJS caller (V8 names its script by path)', async (t) => {
  // A .cts file is CommonJS whatever package.json says; tsx compiles it to a require()ing script.
  const { fromCommonJs } = (await import('../fixtures/package/call-from-commonjs.cts')).default;
  t.equal(fromCommonJs(declaringFile), path.join(path.dirname(HERE), '..', 'fixtures', 'package', 'call-from-commonjs.cts'));
});

t.test('the caller of the function named, not the frame of declaringFile or of the function itself', async (t) => {
  const inner = (): string | null => declaringFile(outer);
  const outer = (): string | null => inner();
  t.equal(outer(), HERE, 'outer is called from here');
});

t.test('negative control: a function not on the stack names no file', async (t) => {
  const elsewhere = (): void => undefined;
  t.equal(declaringFile(elsewhere), null);
});

t.test('Error.prepareStackTrace and stackTraceLimit are left as they were', async (t) => {
  const before = [Error.prepareStackTrace, Error.stackTraceLimit];
  declare();
  t.same([Error.prepareStackTrace, Error.stackTraceLimit], before);
});
