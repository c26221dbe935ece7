// The java adapter: a column per JDK, each program started by that JDK's own java from a build
// cached once per (sources, javac, java); the JVM's own log lines kept off the control channel;
// a missing or too old Java reported as unavailable with the reason, never a throw.
import { chmod, copyFile, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { readlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import t from 'tap';
import type { AgentCommand, Available } from '../../harness/adapters/adapter.ts';
import { plainVersion } from '../../harness/adapters/runtime-selector.ts';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';
import adapter from '../../runtimes/java/adapter.ts';
import { ROOT } from '../helpers/run-cli.ts';

// Bound on a JVM's first line: a cold start on a loaded machine takes well under a second.
const HELLO_MS = 15_000;

const tempDir = async (t: Pick<typeof import('tap').default, 'teardown'>, stem: string): Promise<string> => {
  const dir = await mkdtemp(path.join(os.tmpdir(), `sockspec-java-${stem}-`));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
};

// The shared build cache, as runs use it: only the test of caching itself builds afresh (a build is seconds of javac and JVM starts).
const cacheDir = defaultCacheDir();
const javas = await adapter.executables!();
const prepared = await adapter.prepare({ cacheDir });
const skip = prepared.available ? false : `java is not available: ${prepared.reason}`;

/** The first line `command` writes on stdout, then its stdin closed and its exit awaited. */
const firstLine = async (command: AgentCommand): Promise<string | null> => {
  const child = execa(command.file, command.args, { stdin: 'pipe', stdout: 'pipe', stderr: 'ignore', reject: false, timeout: HELLO_MS * 2 });
  const lines = createInterface({ input: child.stdout! });
  let timer: NodeJS.Timeout | undefined;
  const line = await Promise.race([
    new Promise<string | null>((resolve) => { lines.once('line', resolve); lines.once('close', () => resolve(null)); }),
    new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), HELLO_MS); }),
  ]);
  clearTimeout(timer);
  child.stdin!.end();
  await child;
  return line;
};

/** The build folders of the java agent in `dir`, each with its `.built` marker's mtime. */
const builds = async (dir: string): Promise<Record<string, number>> => {
  const out: Record<string, number> = {};
  for (const name of (await readdir(dir)).filter((n) => n.startsWith('java-')).sort()) {
    out[name] = (await stat(path.join(dir, name, '.built'))).mtimeMs;
  }
  return out;
};

t.test('executables: every JDK found once, absolute, the default first', { skip }, async (t) => {
  if (!prepared.available) return;
  t.ok(javas.length > 0, 'at least one java is found', { found: javas });
  t.equal(javas[0], prepared.executable, 'the default is the first one listed');
  t.equal(new Set(javas).size, javas.length, 'no java is listed twice');
  for (const file of javas) t.ok(path.isAbsolute(file), `${file} is an absolute path`);
});

t.test('each JDK: its own java runs each program, and the hello says that JDK\'s version', { skip }, async (t) => {
  for (const java of javas) {
    const p = await adapter.prepare({ cacheDir, executable: java });
    t.equal(p.available, true, `${java} is available`, { found: p });
    if (!p.available) continue;
    const r = await execa(java, ['--version'], { reject: false });
    t.match(String(r.stdout).split('\n')[0], p.version, `${java}: version ${p.version} is what java --version says`);
    for (const [program, main] of [[null, 'SocketAgent'], ['nio', 'NioAgent']] as const) {
      const command = (p as Available).command(program);
      t.equal(command.file, java, `${program ?? 'java.net'}: started by ${java} itself`);
      t.equal(command.args.at(-1), main, `${program ?? 'java.net'}: main class ${main}`);
      const hello = JSON.parse((await firstLine(command)) ?? 'null') as { runtime?: string; version?: string } | null;
      t.equal(hello?.runtime, 'java', `${program ?? 'java.net'} on ${p.version}: the first line is the hello of runtime "java"`);
      t.equal(plainVersion(hello?.version ?? ''), p.version, `${program ?? 'java.net'}: the agent runs on the JDK the column names`);
    }
  }
  if (prepared.available) t.throws(() => prepared.command('nope'), /no program "nope".*nio/, 'an unknown program names the valid one');
});

t.test('the build is cached: a second prepare builds nothing; a build that is gone is made again', { skip }, async (t) => {
  const dir = await tempDir(t, 'builds');
  const first = await adapter.prepare({ cacheDir: dir });
  t.equal(first.available, true, 'the first prepare builds');
  const built = await builds(dir);
  t.strictSame(Object.keys(built).map((n) => n.replace(/-[0-9a-f]{16}$/, '')), ['java-agent', 'java-cds'], 'one agent build and one class-data archive');
  await adapter.prepare({ cacheDir: dir });
  t.strictSame(await builds(dir), built, 'a second prepare finds both and rebuilds neither');
  // Control: the check above sees a rebuild when there is one.
  const agent = Object.keys(built).find((n) => n.startsWith('java-agent-'))!;
  await rm(path.join(dir, agent), { recursive: true });
  await adapter.prepare({ cacheDir: dir });
  const again = await builds(dir);
  t.not(again[agent], built[agent], 'with the build gone, prepare builds it anew');
});

t.test('a JVM log line goes to stderr: the hello stays the first line on stdout', { skip }, async (t) => {
  if (!prepared.available) return;
  // The class-data archive records the jar it was trained on: a copy elsewhere makes the JVM warn and go on without it.
  const command = prepared.command();
  const cp = command.args.indexOf('-cp');
  const copy = path.join(await tempDir(t, 'jar'), 'agent.jar');
  await copyFile(command.args[cp + 1]!, copy);
  const moved = { file: command.file, args: command.args.map((a, i) => (i === cp + 1 ? copy : a)) };
  t.match(await firstLine(moved), /^\{"hello":"sockspec-agent"/, 'an archive the JVM cannot use: still the hello first');
  // Control: without the adapter's -Xlog flags the same JVM writes its warning on stdout first.
  const loud = { file: moved.file, args: moved.args.filter((a) => !a.startsWith('-Xlog:')) };
  t.match(await firstLine(loud), /^\[[\d.]+s\]\[warning/, 'without them, the JVM\'s warning comes first on stdout');
});

t.test('a java that is missing, broken or too old is available: false with the reason', async (t) => {
  const dir = await tempDir(t, 'fake');
  const missing = await adapter.prepare({ cacheDir, executable: path.join(dir, 'no-such-java') });
  t.equal(missing.available, false, 'a path that does not exist is not available');
  const java8 = path.join(dir, 'java');
  // Java 8's java knows no --version: it says so and exits 1.
  await writeFile(java8, '#!/bin/sh\necho "Unrecognized option: --version" >&2\nexit 1\n');
  await chmod(java8, 0o755);
  const old = await adapter.prepare({ cacheDir, executable: java8 });
  t.equal(old.available, false, 'a java without --version is not available');
  t.match(!old.available && old.reason, /Java 11 or later/, 'the reason names the Java needed');
});

t.test('a JDK named by JAVA_HOME_<major>_<arch> (actions/setup-java sets one per version) is found', async (t) => {
  const home = await tempDir(t, 'home');
  await mkdir(path.join(home, 'bin'));
  await writeFile(path.join(home, 'bin', 'java'), '#!/bin/sh\nexit 1\n');
  await chmod(path.join(home, 'bin', 'java'), 0o755);
  const saved = { PATH: process.env.PATH, home: process.env.JAVA_HOME_99_X64 };
  t.teardown(() => {
    process.env.PATH = saved.PATH;
    if (saved.home === undefined) delete process.env.JAVA_HOME_99_X64;
  });
  process.env.PATH = await tempDir(t, 'path');
  t.notOk((await adapter.executables!()).includes(path.join(home, 'bin', 'java')), 'control: without the variable it is not found');
  process.env.JAVA_HOME_99_X64 = home;
  t.ok((await adapter.executables!()).includes(path.join(home, 'bin', 'java')), 'with it, its bin/java is listed');
});

const notRoot = process.getuid?.() !== 0 ? 'needs root: /usr/lib/jvm is hidden under a tmpfs in a private mount namespace' : false;
t.test('no JDK anywhere: unavailable, naming where it looked', { skip: notRoot || process.platform !== 'linux' }, async (t) => {
  const empty = await tempDir(t, 'path');
  const script = `import a from ${JSON.stringify(path.join(ROOT, 'runtimes', 'java', 'adapter.ts'))};`
    + `const p = await a.prepare({ cacheDir: ${JSON.stringify(cacheDir)} });`
    + 'console.log(JSON.stringify({ available: p.available, reason: p.reason, found: await a.executables() }));';
  const r = await execa('unshare', ['--mount', '--propagation', 'private', process.execPath,
    path.join(ROOT, 'test', 'fixtures', 'mount-namespace', 'with-tmpfs.mjs'), readlinkSync('/proc/self/ns/mnt'), '/usr/lib/jvm', 'size=16k',
    // mount needs the system PATH; the adapter then runs with a PATH that holds nothing.
    '/usr/bin/env', `PATH=${empty}`, process.execPath, '--import', 'tsx', '--input-type=module', '-e', script],
  // No JAVA_HOME nor JAVA_HOME_<major>_<arch> (a CI runner sets them) reaches the child.
  { cwd: ROOT, reject: false, timeout: 60_000, extendEnv: false, env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('JAVA_HOME'))) });
  const out = JSON.parse(String(r.stdout).trim().split('\n').at(-1) ?? 'null') as { available: boolean; reason: string; found: string[] } | null;
  t.equal(out?.available, false, 'java is not available', { found: r.stderr });
  t.strictSame(out?.found, [], 'no executable is listed');
  t.match(out?.reason, `no java found (looked in ${path.join(ROOT, 'node_modules', '.bin')}, ${empty}`, 'the reason names the folders searched');
});
