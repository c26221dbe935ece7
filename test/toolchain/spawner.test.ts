// The spawner (harness/channel/spawner.ts): real children through spawner.c, the same results execa gives, nothing left behind.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { execa } from 'execa';
import t from 'tap';
import { foldPrefix, runChild, spawnChild, startSpawner } from '../../harness/toolchain/spawner.ts';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';
import { ROOT } from '../helpers/run-cli.ts';

const spawner = await startSpawner(defaultCacheDir());
if (spawner === null) {
  t.pass('spawner', { skip: 'no spawner here (not Linux, or no C compiler): execa spawns, as agent-process.test.ts covers' });
} else {
  const parentOf = (pid: number): number => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
  const fdsOf = (pid: number): number => readdirSync(`/proc/${pid}/fd`).length;
  const baseFds = fdsOf(spawner.pid);
  /** Polls `done` every 10 ms until it holds or `ms` ran out: what /proc shows has no event to wait on. */
  const within = async (ms: number, done: () => boolean): Promise<void> => {
    const deadline = performance.now() + ms;
    while (!done() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  t.test("a child of the spawner's, not ours: pipes both ways, stderr apart, its exit code once its output has ended", async (t) => {
    const child = await spawnChild(['sh', '-c', 'read x; echo "got $x"; echo oops >&2; exit 3']);
    t.equal(parentOf(child.pid!), spawner.pid, 'its parent is the spawner: our main thread did not fork');
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdin.write('hello\n');
    const r = await child.result;
    t.match(r, { exitCode: 3, failed: true, isTerminated: false, isForcefullyTerminated: false });
    t.equal(out, 'got hello\n');
    t.equal(err, 'oops\n');
  });

  t.test('our end of its stdin closed: it reads EOF (agents exit on it)', async (t) => {
    const r = await runChild(['cat'], { input: 'abc' });
    t.match(r, { exitCode: 0, failed: false, stdout: 'abc' });
  });

  t.test('as libuv starts a child: pipes for stdio, no signal blocked or ignored, our cwd, our environment and its own', async (t) => {
    const script = 'stat -L -c %F /proc/self/fd/0 /proc/self/fd/1; grep -E "^Sig(Blk|Ign)" /proc/self/status; pwd; echo "$SOCKSPEC_T $HOME"';
    const child = await spawnChild(['sh', '-c', script], { env: { SOCKSPEC_T: 'set' } });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stdin.end();
    await child.result;
    const lines = out.trim().split('\n');
    t.same(lines.slice(0, 2), ['fifo', 'fifo'], 'its stdin and stdout are pipes');
    t.match(lines[2], /^SigBlk:\s+0+$/);
    t.match(lines[3], /^SigIgn:\s+0+$/, 'SIGPIPE at its default, though we ignore it');
    t.equal(lines[4], process.cwd());
    t.equal(lines[5], `set ${process.env.HOME}`);
  });

  t.test("the program is looked up on the child's PATH", async (t) => {
    const r = await runChild(['env', '-i', `PATH=${process.env.PATH}`, 'sh', '-c', 'echo $PATH']);
    t.equal(r.stdout, process.env.PATH);
    const child = await spawnChild(['sockspec-no-such-program']);
    const missing = await child.result;
    t.equal(child.pid, undefined, 'no child');
    t.match(missing, { failed: true, shortMessage: 'spawn sockspec-no-such-program ENOENT' });
    t.notOk('exitCode' in missing || 'signal' in missing, 'neither an exit code nor a signal: never started');
  });

  t.test('kill: the signal reaches it; one it ignores is followed by SIGKILL after forceKillAfterDelay', async (t) => {
    const sleeper = await spawnChild(['sleep', '60']);
    t.ok(sleeper.kill('SIGKILL'));
    t.match(await sleeper.result, { signal: 'SIGKILL', isTerminated: true, isForcefullyTerminated: false, shortMessage: 'Command was killed with SIGKILL' });
    t.notOk(sleeper.kill('SIGTERM'), 'a reaped child is not signalled (its pid may be another process by now)');
    // It says when its trap is set; only then is SIGTERM sure to be ignored.
    const stubborn = await spawnChild(['sh', '-c', 'trap "" TERM; echo armed; while :; do read x || exit 0; done'], { forceKillAfterDelay: 200 });
    await new Promise((resolve) => stubborn.stdout.once('data', resolve));
    stubborn.kill();
    t.match(await stubborn.result, { signal: 'SIGKILL', isTerminated: true, isForcefullyTerminated: true });
  });

  t.test('exec wrappers folded into the one exec: nice -n, nsenter --net=/proc/P/ns/net --, unshare --net --; other forms run as given', async (t) => {
    t.same(foldPrefix(['nice', '-n', '10', 'nsenter', '--net=/proc/7/ns/net', '--', 'agent', '-x']), { setup: 'nice=10 netns=/proc/7/ns/net', argv: ['agent', '-x'] });
    t.same(foldPrefix(['unshare', '--net', '--', 'capture', 'lo']), { setup: 'unshare-net', argv: ['capture', 'lo'] });
    // The namespace a process holds open as an fd (namespace.ts's nursery), then a new one inside it.
    t.same(foldPrefix(['nsenter', '--net=/proc/7/fd/23', '--', 'unshare', '--net', '--', 'capture', 'lo']), { setup: 'netns=/proc/7/fd/23 unshare-net', argv: ['capture', 'lo'] });
    for (const kept of [['nsenter', '--net=/proc/7/fd/x', '--', 'a'], ['nsenter', '--preserve-credentials', '--user=/proc/7/ns/user', '--net=/proc/7/ns/net', '--', 'a'], ['unshare', '--user', '--map-root-user', '--net', '--', 'a'], ['/x/own-group', 'nice', '-n', '10', 'a'], ['nice', '-n', '10']]) {
      t.same(foldPrefix(kept), { setup: '', argv: kept }, `as given: ${kept.join(' ')}`);
    }
    if (process.getuid?.() !== 0) return t.end();
    const ns = (pid: number | 'self'): string => readlinkSync(`/proc/${pid}/ns/net`);
    // A namespace of its own (unshare folded), held by cat until its stdin closes.
    const holder = await spawnChild(['unshare', '--net', '--', 'cat']);
    t.not(ns(holder.pid!), ns('self'), 'unshare --net: a new network namespace');
    const inside = await runChild(['nice', '-n', '10', 'nsenter', `--net=/proc/${holder.pid}/ns/net`, '--', 'sh', '-c', 'readlink /proc/self/ns/net; nice']);
    t.same(inside.stdout.split('\n'), [ns(holder.pid!), '10'], "nice and nsenter: the holder's namespace, at niceness 10, in one exec of sh");
    holder.stdin.end();
    await holder.result;
    // Their failures are the tools' own: the same exit codes, in their words.
    const gone = await runChild(['nsenter', '--net=/proc/999999999/ns/net', '--', 'true']);
    const real = await execa('nsenter', ['--net=/proc/999999999/ns/net', '--', 'true'], { reject: false });
    t.equal(gone.exitCode, real.exitCode, `a namespace that is not there: exit ${real.exitCode}, as nsenter(1)`);
    t.match(gone.stderr, /^nsenter: cannot open \/proc\/999999999\/ns\/net: No such file or directory$/);
    const missing = await runChild(['nsenter', `--net=/proc/${process.pid}/ns/net`, '--', 'sockspec-no-such-program']);
    t.match(missing, { exitCode: 127, stderr: /^nsenter: failed to execute sockspec-no-such-program: No such file or directory$/ }, 'a missing program after a wrapper: exit 127, as nsenter(1)');
  });

  t.test("the spawner keeps none of a child's pipes once we opened ours", async (t) => {
    const children = await Promise.all(Array.from({ length: 5 }, () => runChild(['true'])));
    t.ok(children.every((r) => r.exitCode === 0));
    // Each child's "o" (our ends are open) may reach the spawner after its exit did ("x"): a result can
    // resolve before the spawner has read that line and closed its ends. Bounded: /proc says when it has.
    await within(5000, () => fdsOf(spawner.pid) === baseFds);
    t.equal(fdsOf(spawner.pid), baseFds, `the spawner holds ${baseFds} fds again within 5 s, as before`);
  });

  t.test('a harness killed by SIGKILL leaves neither its spawner nor the children it started', async (t) => {
    // A harness of its own: starts its spawner and a child (cat: it exits on its stdin's EOF), says their pids.
    const script = `const s = await import(${JSON.stringify(`${ROOT}/harness/toolchain/spawner.ts`)});
      const sp = await s.startSpawner(${JSON.stringify(defaultCacheDir())});
      const c = await s.spawnChild(['cat']);
      console.log(sp.pid, c.pid);
      setInterval(() => {}, 1000);`;
    const harness = execa(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, reject: false });
    const line = await new Promise<string>((resolve) => harness.stdout!.once('data', (c: Buffer) => resolve(c.toString())));
    const pids = line.trim().split(' ').map(Number);
    t.equal(pids.length, 2);
    t.equal(parentOf(pids[1]!), pids[0], 'cat is the spawner\'s child');
    harness.kill('SIGKILL');
    await harness;
    // Bounded: each exits on its stdin's EOF, which the kill delivers; /proc says when.
    const gone = (pid: number): boolean => {
      try {
        return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
      } catch {
        return true;
      }
    };
    await within(5000, () => pids.every(gone));
    t.ok(pids.every(gone), `spawner ${pids[0]} and cat ${pids[1]} are gone within 5 s`);
  });

  // The same behaviours as through execa (each file alone), now through the spawner: agents and captures.
  await import('../channel/agent-process.test.ts');
  await import('../capture/capture-session.test.ts');
  await import('../escape/spawned-without-shell.test.ts');
}
