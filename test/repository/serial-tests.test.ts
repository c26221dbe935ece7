// tap runs two test files at a time, except those under package.json's tap.serial: a file that starts
// real processes (the CLI, agents, a compiler) must be one of those, else a second file's CPU changes its timing.
// The entries are files, not folders: a folder entry made its unit files (no process, no clock) run alone too,
// ~1 s of start-up each with a core idle (30 files in test/cli, engine, report, ... until #15).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { ROOT } from '../helpers/run-cli.ts';

/**
 * What starts a real process, directly or through the helpers that do. The second group: helpers a spy on
 * child_process (every serial file run once, #15) caught starting agents, compilers or namespaces unnamed here.
 */
const REAL = /\b(execa|execFile|execFileSync|spawn|spawnSync|runCli|compileC|prepareCapture|prepareInject|startSpawner|startAgent|spawnAgent|runSuite|AgentProcess|prepareWithProgress|detectEnvironment|measureWholeRound|hostsOnNet)\b|\.prepare\(|\blisten\(|from 'node:child_process'/;
/** A file that starts nothing but must still run alone says why in a line of its own (a timer it asserts, say). */
const ALONE = /^\/\/ Runs alone: \S.*$/m;
/**
 * A file that starts real processes yet runs beside another says why nothing it checks depends on the CPU it gets
 * (a compiler's or npm's verdict, the kernel's RST at once for a refused connect): those spent half of the self-tests'
 * time alone with a core idle.
 */
const BESIDE = /^\/\/ Runs beside another file: \S.*$/m;
/** This file names REAL's words without calling them. */
const SELF = 'test/repository/serial-tests.test.ts';

const testFiles = (dir: string): string[] => readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
  const rel = `${dir}/${e.name}`;
  if (e.isDirectory()) return e.name === 'fixtures' ? [] : testFiles(rel);
  return e.name.endsWith('.test.ts') ? [rel] : [];
});

const tap = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { tap: { jobs?: number; serial?: string[] } }).tap;
const serial = tap.serial ?? [];
const isSerial = (file: string): boolean => serial.some((s) => `${file}/`.startsWith(`${s.replace(/\/$/, '')}/`));
const files = testFiles('test');

t.test('every serial entry names a test folder or file that exists', async (t) => {
  for (const s of serial) t.ok(files.some((f) => `${f}/`.startsWith(`${s.replace(/\/$/, '')}/`)), `${s} holds a test file`);
});

t.test('a file runs alone only for a reason: it starts real processes, or says why', async (t) => {
  for (const s of serial) {
    t.ok(files.includes(s), `${s} is a test file (a folder would make its unit files run alone too)`);
    const text = files.includes(s) ? readFileSync(path.join(ROOT, s), 'utf8') : '';
    t.ok(REAL.test(text) || ALONE.test(text), `${s} starts real processes or has a "// Runs alone: why" line`);
    t.notOk(BESIDE.test(text), `${s} does not also say it runs beside another file`);
  }
});

t.test('the detector sees real work where it is (else the next check proves nothing)', async (t) => {
  for (const f of ['test/cli/cli.test.ts', 'test/suites/negative-control.test.ts', 'test/toolchain/compile-c.test.ts', 'test/escape/agents-listen-on-loopback.test.ts', 'test/engine/whole-bench-round.test.ts']) {
    t.match(readFileSync(path.join(ROOT, f), 'utf8'), REAL, `${f} starts real processes`);
  }
});

t.test('a test file run beside another starts no real process, or says why its checks do not mind', async (t) => {
  t.ok((tap.jobs ?? 1) > 1, 'tap runs files in parallel (else this check is moot)');
  const parallel = files.filter((f) => !isSerial(f) && f !== SELF);
  t.ok(parallel.length > 50, `most unit files run in pairs (${parallel.length} of ${files.length})`);
  for (const f of parallel) {
    const text = readFileSync(path.join(ROOT, f), 'utf8');
    const hit = BESIDE.test(text) ? null : REAL.exec(text);
    t.notOk(hit, `${f} runs beside another file${hit ? `, yet it uses ${hit[0]}: add it to package.json tap.serial, or say why in a "// Runs beside another file: why" line` : ''}`);
  }
});
