// Runs capture.c for one case: ready before the first step, segments live, a stop that loses nothing.
import { spawnChild } from '../toolchain/spawner.ts';
import { decodeSegment } from './decode-segment.ts';
import type { RawSegment } from './decode-segment.ts';
import { GLOBAL_HEADER_BYTES, PcapReader } from './pcap-reader.ts';

const LINKTYPE_RAW = 101;
/** capture.c's exit code for "capturing is not possible here". */
const EXIT_UNAVAILABLE = 77;

export interface CaptureOptions {
  binary: string;
  /** Runs the binary through another command, e.g. ['nsenter', '--net=/proc/123/ns/net', '--']. */
  prefix?: string[];
  iface?: string;
  /** Flags before the interface, e.g. ['--lo-up'] when the capture is the first process of a fresh namespace. */
  flags?: string[];
  /** The capture holds a namespace: after stop it stays until `end` (else stop lets it exit). */
  holdsNamespace?: boolean;
  /** Bounds each wait on the capture process: for its ready signal, and for its exit on stop. */
  timeoutMs?: number;
}

export type WaitResult =
  | { found: RawSegment }
  /** captureEnded: the capture process was gone before the deadline, so nothing more could come. */
  | { timedOut: true; seen: RawSegment[]; captureEnded: boolean };

/** How the capture ended, with everything it saw and the raw pcap (header + records). */
export interface CaptureStopped {
  segments: RawSegment[];
  pcap: Buffer;
  /** exited: stopped cleanly; terminated: needed SIGTERM; killed: needed SIGKILL; crashed: died before stop. */
  how: 'exited' | 'terminated' | 'killed' | 'crashed';
  /** Null when it stopped cleanly and is still exiting (nothing waits for that). */
  exitCode: number | null;
  /** Packets the kernel dropped because the socket buffer was full, from capture.c's stats line. */
  dropped: number | null;
  stderr: string;
}

export interface CaptureSession {
  pid: number | undefined;
  /** Ms from spawn until the pcap header arrived (the socket was bound). */
  readyMs: number;
  segments(): RawSegment[];
  /** Resolves on the first matching segment, already seen or still to come; a timeout is data. */
  waitFor(predicate: (segment: RawSegment) => boolean, timeoutMs: number): Promise<WaitResult>;
  /**
   * Resolves once every segment queued before the call has been read and decoded (capture.c
   * drains its socket and writes a marker): true, or false when the capture ended or the bound ran out.
   */
  sync(timeoutMs: number): Promise<boolean>;
  /**
   * Sends one command line to capture.c ("inject ..."), which answers in the stream: its reply's
   * text, or null when the capture ended, was stopped, or the bound ran out first.
   */
  command(line: string, timeoutMs: number): Promise<string | null>;
  /**
   * Idempotent: asks capture.c to drain what is queued and resolves once its output has ended
   * (everything is in); the process itself may still be exiting (see `end`).
   */
  stop(): Promise<CaptureStopped>;
  /** Closes stdin and resolves once the process has exited (SIGTERM, then SIGKILL, if it lingers). */
  end(): Promise<void>;
}

export type Unavailable = { unavailable: true; reason: string };

interface Waiter {
  predicate: (segment: RawSegment) => boolean;
  settle: (result: WaitResult) => void;
  fail: (error: unknown) => void;
}

/** Starts a capture and resolves once it is ready; exit 77 (no permission, not Linux) is data. */
export async function startCapture(opts: CaptureOptions): Promise<CaptureSession | Unavailable> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const command = [...(opts.prefix ?? []), opts.binary, ...(opts.flags ?? []), opts.iface ?? 'lo'];
  const started = performance.now();
  // Through the spawner (the main thread does not fork). A capture that ignores SIGTERM must still
  // go: SIGKILL after this delay. Like agents (agent-process.ts), capture.c leaves on stdin's EOF.
  const subprocess = await spawnChild(command, { forceKillAfterDelay: 1000 });

  let stderr = '';
  subprocess.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const streamEnded = (stream: NodeJS.ReadableStream): Promise<void> => new Promise((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
  });
  // Both streams ended: capture.c has written everything it will write.
  const outputEnded = Promise.all([streamEnded(subprocess.stdout), streamEnded(subprocess.stderr)]);
  const reader = new PcapReader();
  // The pcap as kept: the global header, then every record but the sync markers.
  const chunks: Buffer[] = [];
  let headerKept = false;
  const early: Buffer[] = [];
  const syncs: ((synced: boolean) => void)[] = [];
  // Commands answered in order, each by a reply record (time 0, wire length 0, the text as data).
  const replies: ((text: string | null) => void)[] = [];
  const seen: RawSegment[] = [];
  const waiters = new Set<Waiter>();
  let fault: Error | null = null;
  let ended = false;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const failAll = (error: Error): void => {
    fault ??= error;
    for (const w of [...waiters]) w.fail(error);
    markReady();
  };
  subprocess.stdout.on('data', (chunk: Buffer) => {
    if (fault !== null) return;
    try {
      if (!headerKept) early.push(chunk);
      const records = reader.push(chunk);
      if (!headerKept && reader.headerSeen) {
        // The global header is the stream's first bytes, possibly split over chunks.
        chunks.push(Buffer.concat(early).subarray(0, GLOBAL_HEADER_BYTES));
        headerKept = true;
      }
      for (const record of records) {
        if (record.origLen === 0 && record.timeMs === 0) {
          if (record.data.length === 0) syncs.shift()?.(true);
          else replies.shift()?.(record.data.toString());
          continue;
        }
        chunks.push(record.raw);
        const segment = decodeSegment(record.data, record.timeMs, record.origLen);
        if (segment === null) continue;
        seen.push(segment);
        for (const w of [...waiters]) if (w.predicate(segment)) w.settle({ found: segment });
      }
      if (reader.headerSeen && reader.linkType !== LINKTYPE_RAW) {
        throw new Error(`Capture wrote link type ${reader.linkType}, expected ${LINKTYPE_RAW} (raw IP)`);
      }
      if (reader.headerSeen) markReady();
    } catch (error) {
      failAll(error instanceof Error ? error : new Error(String(error)));
    }
  });
  const exited = subprocess.result.then((result) => {
    ended = true;
    for (const settle of syncs.splice(0)) settle(false);
    for (const settle of replies.splice(0)) settle(null);
    for (const w of [...waiters]) w.settle({ timedOut: true, seen: [...seen], captureEnded: true });
    return result;
  });

  const first = await withDeadline(Promise.race([ready.then(() => 'ready' as const), exited]), timeoutMs);
  if (fault !== null) {
    subprocess.kill();
    await exited;
    throw fault;
  }
  if (first !== 'ready') {
    if (first !== 'timeout' && first.exitCode === EXIT_UNAVAILABLE) {
      await outputEnded;
      return { unavailable: true, reason: stderr.trim() || `${opts.binary} exited 77` };
    }
    subprocess.kill();
    const result = await exited;
    await outputEnded;
    const why = first === 'timeout' ? `not ready after ${timeoutMs} ms` : result.shortMessage;
    throw new Error(`Capture did not start (${command.join(' ')}): ${why}\n${stderr}`);
  }
  const readyMs = performance.now() - started;

  let ending: Promise<void> | null = null;
  const end = async (): Promise<void> => {
    subprocess.stdin.end();
    if ((await withDeadline(exited, timeoutMs)) === 'timeout') subprocess.kill();
    await exited;
  };
  let stopping: Promise<CaptureStopped> | null = null;
  const stop = async (): Promise<CaptureStopped> => {
    const endedBeforeStop = ended;
    // "stop": capture.c drains, writes its stats and closes its output, then waits for EOF. Its
    // exit (the packet socket's close waits for an RCU grace period, ~10 ms) is not waited for here.
    if (!endedBeforeStop) subprocess.stdin.write('stop\n');
    const out = await withDeadline(outputEnded, timeoutMs);
    if (opts.holdsNamespace !== true) subprocess.stdin.end();
    const stats = /stats written=\d+ dropped=(\d+)/.exec(stderr);
    let result: Awaited<typeof exited> | null = null;
    // No stats line: it did not stop cleanly (died, or never read the line); its exit says how.
    if (out === 'timeout' || stats === null) {
      await (ending ??= end());
      result = await exited;
      await outputEnded;
    }
    if (fault === null && reader.pendingBytes > 0 && (result === null || result.exitCode === 0)) {
      failAll(new Error(`Capture exited 0 with ${reader.pendingBytes} bytes of a partial pcap record`));
    }
    if (fault !== null) throw fault;
    return {
      segments: [...seen],
      pcap: Buffer.concat(chunks),
      how: endedBeforeStop ? 'crashed' : result === null ? 'exited' : howItEnded(result),
      exitCode: result === null ? null : result.exitCode ?? null,
      dropped: stats ? Number(stats[1]) : null,
      stderr,
    };
  };

  return {
    pid: subprocess.pid,
    readyMs,
    segments: () => [...seen],
    waitFor(predicate, waitMs) {
      if (fault !== null) return Promise.reject(fault);
      const found = seen.find(predicate);
      if (found !== undefined) return Promise.resolve({ found });
      if (ended) return Promise.resolve({ timedOut: true, seen: [...seen], captureEnded: true });
      return new Promise<WaitResult>((resolve, reject) => {
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(waiter);
        };
        const waiter: Waiter = {
          predicate,
          settle: (result) => (done(), resolve(result)),
          fail: (error) => (done(), reject(error)),
        };
        const timer = setTimeout(() => waiter.settle({ timedOut: true, seen: [...seen], captureEnded: false }), waitMs);
        waiters.add(waiter);
      });
    },
    sync: async (waitMs) => {
      if (fault !== null || ended || stopping !== null) return false;
      const synced = new Promise<boolean>((resolve) => syncs.push(resolve));
      subprocess.stdin.write('sync\n');
      const result = await withDeadline(synced, waitMs);
      return result === true;
    },
    command: async (line, waitMs) => {
      if (fault !== null || ended || stopping !== null) return null;
      const answered = new Promise<string | null>((resolve) => replies.push(resolve));
      subprocess.stdin.write(`${line}\n`);
      const result = await withDeadline(answered, waitMs);
      return result === 'timeout' ? null : result;
    },
    stop: () => (stopping ??= stop()),
    end: () => (ending ??= end()),
  };
}

/** Bounds a wait on the capture process (a deadline, not a synchronisation sleep). */
async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function howItEnded(result: { isForcefullyTerminated: boolean; isTerminated: boolean; exitCode?: number }): CaptureStopped['how'] {
  if (result.isForcefullyTerminated) return 'killed';
  if (result.isTerminated) return 'terminated';
  return result.exitCode === 0 ? 'exited' : 'crashed';
}
