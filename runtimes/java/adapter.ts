// The Java runtime: SocketAgent.java (java.net.Socket/ServerSocket) and, as the program `nio`,
// NioAgent.java (blocking SocketChannel/ServerSocketChannel), both on Channel.java's control
// channel; compiled per JDK into the cache, a jar, and run by that JDK's own `java`.
//
// Each JDK found is a column (java@17.0.15, java@25.0.3): the javac beside its java compiles the
// agent (`--release 11`, the agent's language level; a JRE without javac borrows any JDK's), and
// the cache key holds `javac -version` and the java that runs it.
//
// Start-up, measured here on a quiet machine (2 cores, load average 2): the java.net agent, 30
// interleaved starts per way, spawn to hello / spawn to the second reply (a listen, then a refused
// connect) / CPU ms of all JVM threads at that reply (schedstat); medians, min in brackets.
//                                           JDK 17.0.15                   JDK 25.0.3
//   no flags                                55 (46) / 70 (60) / 78 cpu    53 (44) / 71 (58) / 82 cpu
//   -Xshare:off (not even the JDK's CDS)    94 (81) / 110 (95) / 130      102 (84) / 127 (103) / 153
//   the agent's AppCDS archive              45 (40) / 57 (48) / 62        41 (34) / 58 (46) / 64
//   + -XX:TieredStopAtLevel=1               42 (36) / 51 (43) / 57        38 (31) / 51 (42) / 59
//   + -XX:-UsePerfData                      40 (36) / 48 (43) / 55        36 (31) / 50 (42) / 58   <- used
//   + -XX:+UseSerialGC                      51 (42) / 60 (49) / 69        36 (30) / 47 (42) / 56
//   + SerialGC, -XX:CICompilerCount=1       47 (41) / 54 (48) / 66        36 (30) / 49 (42) / 57
//   archive, -Xint, -UsePerfData            38 (34) / 45 (41) / 44        35 (29) / 48 (39) / 46
// The agent's own archive (its classes and the socket, channel, selector and exception classes a
// case loads, trained once per java: java-flags.ts) saves ~13 ms to the first replies, C1 only
// ~6 ms, no hsperfdata file ~2 ms. SerialGC and one compiler thread buy nothing (17 is slower).
// -Xint saves the compiler threads' CPU but interprets every later loop (a `bytes` send of 64 MiB
// fills its pattern byte by byte), for ~3 ms: not used. Writing replies without
// java.util.Formatter (String.format's first use loads and initialises its parser) saved 12 ms to
// the second reply and 12 ms of CPU (JDK 17 without the archive, 30 starts each: 86 -> 74 ms).
// After the hello each program initialises the JDK's socket classes on a daemon thread
// (Channel.warmUp) while the harness is busy with the other agent. First listen, 25 ms after the
// hello, median of 25 (JDK 17, with the archive): java.net 8.7 -> 3.8 ms, nio 17.0 -> 4.0 ms;
// sent at once after the hello it is no slower (8.4 -> 9.4, 14.1 -> 12.9: noise).
// Under load (other suites running, load average 12-16) the same ways spread 60-300 ms, in the
// same order. `npm run bench` (SOCKSPEC_BENCH_RUNTIMES=java, JDK 17, load average 5-7): 55 ms
// median to hello for java.net, 63 ms for nio; the fast catalogue 1.23x its floor, 62 ms of
// overhead per case.
import { existsSync, readdirSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { Prepared, ProgramVariant, RuntimeAdapter } from '../../harness/adapters/adapter.ts';
import { commandOutput, findExecutables, searchDirs } from '../../harness/adapters/find-executables.ts';
import { buildCached } from '../../harness/toolchain/build-cached.ts';
import { javaFlags, trainArchive } from './java-flags.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SOURCES = ['Channel.java', 'Agent.java', 'SocketAgent.java', 'NioAgent.java'].map((f) => path.join(HERE, f));
const EXE = process.platform === 'win32' ? '.exe' : '';
/** The agent's language level: Java 11 (ProcessHandle, List.of); every JDK since compiles and runs it. */
const RELEASE = 11;
const MAIN: Record<string, string> = { '': 'SocketAgent', nio: 'NioAgent' };

const programs: ProgramVariant[] = [
  { name: 'nio', description: 'java.nio blocking SocketChannel/ServerSocketChannel' },
];

/**
 * Folders that hold JDKs when their bin is not on PATH: JAVA_HOME, then JAVA_HOME_17_X64 and the like
 * (actions/setup-java sets one per version it installs, on every OS), Debian's /usr/lib/jvm, macOS's JavaVirtualMachines.
 */
const jdkHomes = (): string[] => {
  const homes = process.env.JAVA_HOME ? [process.env.JAVA_HOME] : [];
  const versioned = Object.keys(process.env).filter((k) => /^JAVA_HOME_\d+_/.test(k)).sort((a, b) => parseInt(a.slice(10), 10) - parseInt(b.slice(10), 10));
  for (const key of versioned) homes.push(process.env[key]!);
  const scan = (dir: string, tail: string[]): void => {
    if (!existsSync(dir)) return;
    for (const d of readdirSync(dir).sort()) homes.push(path.join(dir, d, ...tail));
  };
  if (process.platform === 'linux') scan('/usr/lib/jvm', []);
  if (process.platform === 'darwin') scan('/Library/Java/JavaVirtualMachines', ['Contents', 'Home']);
  return homes;
};

/** Every java found (PATH first, then JAVA_HOME and the JDK folders), links resolved, each once. */
const executables = async (): Promise<string[]> => {
  const found = await findExecutables(['java']);
  for (const home of jdkHomes()) {
    const file = path.join(home, 'bin', `java${EXE}`);
    if (!existsSync(file)) continue;
    const real = await realpath(file).catch(() => file);
    if (!found.includes(real)) found.push(real);
  }
  return found;
};

/** The javac beside this java, else any javac found (it compiles for --release 11 all the same). */
const javacFor = async (java: string): Promise<string | undefined> => {
  const beside = path.join(path.dirname(java), `javac${EXE}`);
  if (existsSync(beside)) return beside;
  const homes = jdkHomes().map((h) => path.join(h, 'bin'));
  return (await findExecutables(['javac'], [...searchDirs(), ...homes]))[0];
};

const clip = (text: string): string => text.trim().slice(0, 600);

/** javac into classes/, then the classes into agent.jar (CDS maps classes from a jar only). */
const build = (javac: string) => async (outDir: string, signal: AbortSignal): Promise<string | null> => {
  const classes = path.join(outDir, 'classes');
  const opts = { reject: false, cancelSignal: signal, stdin: 'ignore', all: true, cleanup: false } as const;
  const c = await execa(javac, ['--release', String(RELEASE), '-encoding', 'UTF-8', '-Xlint:all', '-Xlint:-options', '-Werror', '-d', classes, ...SOURCES], opts);
  if (c.exitCode !== 0) return `\`${javac}\` could not compile runtimes/java: ${clip(String(c.all ?? c.shortMessage))}`;
  const jarTool = path.join(path.dirname(javac), `jar${EXE}`);
  const j = await execa(jarTool, ['--create', '--file', path.join(outDir, 'agent.jar'), '-C', classes, '.'], opts);
  return j.exitCode === 0 ? null : `\`${jarTool}\` could not pack the agent: ${clip(String(j.all ?? j.shortMessage))}`;
};

/** What `java --version` says: its first line and the plain version ("openjdk 17.0.15 2025-04-15" -> 17.0.15). */
const javaVersion = async (java: string): Promise<{ line: string; version: string } | { reason: string }> => {
  const out = await commandOutput(java, ['--version']);
  if (!out.ok) return { reason: `${out.reason} (the agent needs Java ${RELEASE} or later, whose java has --version)` };
  const line = out.text.split('\n')[0]!.trim();
  const version = /\b(\d+(?:\.\d+)*)\b/.exec(line.replace(/^\S+\s+/, ''))?.[1];
  if (version === undefined) return { reason: `\`${java} --version\` printed ${JSON.stringify(line.slice(0, 120))}, not a Java version` };
  if (Number(version.split('.')[0]) < RELEASE) return { reason: `${java} is Java ${version}; the agent needs Java ${RELEASE} or later` };
  return { line, version };
};

// Never throws: a missing java or javac, or a failed build, is `available: false` with the reason.
const prepare = async ({ cacheDir, executable }: { cacheDir: string; executable?: string }): Promise<Prepared> => {
  try {
    const java = executable ?? (await executables())[0];
    if (java === undefined) {
      return { available: false, reason: `no java found (looked in ${[...searchDirs(), ...jdkHomes().map((h) => path.join(h, 'bin'))].join(', ')})` };
    }
    const v = await javaVersion(java);
    if ('reason' in v) return { available: false, reason: v.reason };
    const javac = await javacFor(java);
    if (javac === undefined) return { available: false, reason: `no javac beside ${java} or anywhere else: a JDK is needed to build the agent` };
    const javacVersion = await execa(javac, ['-version'], { reject: false, stdin: 'ignore', all: true, cleanup: false, timeout: 10_000 });
    if (javacVersion.exitCode !== 0) return { available: false, reason: `\`${javac} -version\` failed: ${clip(String(javacVersion.all ?? javacVersion.shortMessage))}` };
    const built = await buildCached({
      name: 'java-agent', cacheDir, inputs: SOURCES,
      toolchain: `${String(javacVersion.all).trim()} ${javac}\n${v.line} ${java}`,
      build: build(javac),
    });
    if (!built.ok) return { available: false, reason: built.reason };
    const jar = path.join(built.dir, 'agent.jar');
    // The archive records the jar's path, so it is trained against the jar where it now lies, once per java.
    const archive = await buildCached({
      name: 'java-cds', cacheDir, inputs: [jar], toolchain: `${v.line} ${java} ${jar}`,
      build: (outDir, signal) => trainArchive(java, jar, outDir, signal),
    });
    const flags = { socket: javaFlags(archive, 'socket'), nio: javaFlags(archive, 'nio') };
    return {
      available: true,
      version: v.version,
      executable: java,
      command: (program?: string | null) => {
        const main = MAIN[program ?? ''];
        if (main === undefined) throw new Error(`the java runtime has no program "${program}" (it has: ${programs.map((p) => p.name).join(', ')})`);
        return { file: java, args: [...flags[program === 'nio' ? 'nio' : 'socket'], '-cp', jar, main] };
      },
    };
  } catch (error) {
    return { available: false, reason: `cannot prepare java: ${(error as Error).message.split('\n')[0]}` };
  }
};

/** java.net.Socket/ServerSocket; program nio: blocking SocketChannel/ServerSocketChannel. */
const adapter: RuntimeAdapter = {
  name: 'java',
  description: 'java.net Socket/ServerSocket (setSoTimeout, setSoLinger, shutdownOutput); program nio: blocking SocketChannel',
  prepare,
  executables,
  programs,
};

export default adapter;
