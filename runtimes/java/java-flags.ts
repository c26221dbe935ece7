// How a JVM starts the Java agents quickly: the flags kept after measuring, and the class-data
// archive (AppCDS) trained once per build into the cache.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import type { BuildResult } from '../../harness/toolchain/build-cached.ts';

/** The programs' main classes, by archive name. */
const MAINS = { socket: 'SocketAgent', nio: 'NioAgent' } as const;
/** Bound on one training request's reply (a cold JVM under load answers in well under a second). */
const TRAIN_REPLY_MS = 10_000;

// One short session of each op, so the archive holds the classes an agent loads in a case
// (sockets, channels, selectors, exceptions, the JSON reader). `port` fills in the listener's port.
const TRAINING = (port: number | null): string[] => port === null
  ? ['{"id":1,"op":"listen","as":"l","host":"127.0.0.1"}']
  : [
    `{"id":2,"op":"connect","as":"c","host":"127.0.0.1","port":${port},"timeoutMs":5000}`,
    '{"id":3,"op":"accept","sock":"l","as":"s","timeoutMs":5000}',
    '{"id":4,"op":"send","sock":"c","data":"ab\\u00e9"}',
    '{"id":5,"op":"recv","sock":"s","timeoutMs":5000}',
    '{"id":6,"op":"send","sock":"s","bytes":3}',
    '{"id":7,"op":"recvAll","sock":"c","bytes":3,"timeoutMs":5000}',
    '{"id":8,"op":"recv","sock":"c","timeoutMs":1}',
    '{"id":9,"op":"setopt","sock":"c","name":"nodelay","value":true}',
    '{"id":10,"op":"shutdown","sock":"c","how":"write"}',
    '{"id":11,"op":"recv","sock":"s","timeoutMs":5000}',
    '{"id":12,"op":"abort","sock":"s"}',
    '{"id":13,"op":"recv","sock":"c","timeoutMs":5000}',
    '{"id":14,"op":"close","sock":"c"}',
    '{"id":15,"op":"reserve","as":"r","host":"127.0.0.1"}',
    `{"id":16,"op":"connect","as":"x","host":"127.0.0.1","port":${port},"timeoutMs":5000,"frobnicate":true}`,
    '{"id":17,"op":"state","sock":"r"}',
    'not json',
  ];

/**
 * Runs each program once under -XX:ArchiveClassesAtExit (JDK 13+), so later starts map its classes
 * from <program>.jsa instead of loading and verifying them. A JVM that cannot (older, or a
 * different VM) just leaves no archive: that is no build failure, the agents start without one.
 */
export const trainArchive = async (java: string, jar: string, outDir: string, signal: AbortSignal): Promise<null> => {
  for (const [name, main] of Object.entries(MAINS)) {
    const child = execa(java, [`-XX:ArchiveClassesAtExit=${path.join(outDir, `${name}.jsa`)}`, ...QUIET, '-cp', jar, main],
      { reject: false, cancelSignal: signal, stdin: 'pipe', stdout: 'pipe', stderr: 'ignore', cleanup: false });
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const next = async (): Promise<string | null> => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), TRAIN_REPLY_MS); });
      const line = await Promise.race([lines.next().then((r) => (r.done === true ? null : r.value)), late]);
      clearTimeout(timer);
      return line;
    };
    if ((await next()) !== null) {
      child.stdin!.write(`${TRAINING(null)[0]}\n`);
      const port = /"port":(\d+)/.exec((await next()) ?? '')?.[1];
      for (const line of port === undefined ? [] : TRAINING(Number(port))) {
        child.stdin!.write(`${line}\n`);
        if ((await next()) === null) break;
      }
    }
    child.stdin!.end();
    await child;
  }
  return null;
};

/**
 * The JVM's own log lines go to stderr: HotSpot's unified logging writes warnings to stdout by
 * default (an archive it cannot map says so there), which would break the control channel.
 */
const QUIET = ['-Xlog:disable', '-Xlog:all=warning:stderr'];

/** The JVM flags of an agent (see the measurements in adapter.ts); `archive`: the trained CDS build, if any. */
export const javaFlags = (archive: BuildResult, program: 'socket' | 'nio'): string[] => {
  const file = archive.ok ? path.join(archive.dir, `${program}.jsa`) : null;
  return [...QUIET, ...(file !== null && existsSync(file) ? [`-XX:SharedArchiveFile=${file}`] : []), '-XX:TieredStopAtLevel=1', '-XX:-UsePerfData'];
};
