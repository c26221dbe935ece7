// With isolation, a run's agents live in the case's own namespaces: their sockets are not in the
// host's TCP table, and the two-hosts topology's addresses and veth pair never appear on the host.
// Checked from outside, mid-run, while a real C server and a pausing client hold a connection.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, watch } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { execa } from 'execa';
import { createNamespace } from '../../harness/net/namespace.ts';
import type { RunReport } from '../../harness/result/case-result.ts';
import { carrying } from '../helpers/carrying.ts';
import { listenIn } from '../helpers/listen-in.ts';
import { ROOT } from '../helpers/run-cli.ts';
import { listeningSockets, namespaceSockets, netNamespace, socketInodes, type TcpSocket } from '../helpers/tcp-sockets.ts';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'escape');
const skip = process.platform !== 'linux' || process.getuid?.() !== 0 ? 'needs Linux and root (to make namespaces and read every process in /proc)' : false;

/** The network as the host (or the namespace of `prefix`) sees it: addresses, links and every routing table. */
const networkState = async (prefix: string[] = []): Promise<string> => {
  const ip = async (...args: string[]): Promise<string> => {
    const [file, ...rest] = [...prefix, 'ip', ...args];
    const r = await execa(file!, rest, { reject: false });
    return `ip ${args.join(' ')} (${r.exitCode}): ${String(r.stdout)}`;
  };
  return [await ip('-br', 'addr'), await ip('-br', 'link'), await ip('route', 'show', 'table', 'all'), await ip('-6', 'route', 'show', 'table', 'all')].join('\n');
};

/** Inodes of every socket in the host's (this process's namespace's) TCP table, now. */
const hostTable = (): Set<number> => new Set(namespaceSockets('self').map((s) => s.inode));

const shown = (s: TcpSocket): string => `${s.address}:${s.port} (inode ${s.inode})`;

interface Seen {
  /** Every process of the run (the CLI too), with its network namespace and the TCP sockets it holds there. */
  processes: { pid: number; ns: string; cmd: string; tcp: number[] }[];
  /** The pause client's pid and the server agent's listeners, as the server's namespace lists them. */
  client: number;
  listeners: { pid: number; sockets: TcpSocket[] }[];
  /** The host's TCP table and network, read while the agents were up. */
  host: Set<number>;
  network: string;
}

/**
 * Runs `id` with a C server and the pause client; once the client has connected (its file
 * appears), looks at the run from outside, then lets it finish with SIGUSR1.
 */
const heldRun = async (t: { testdir(): string }, id: string) => {
  const marker = `SOCKSPEC_TEST_RUN=${process.pid}-escape-${Date.now()}`;
  const out = t.testdir();
  const held = mkdtempSync(path.join(os.tmpdir(), 'sockspec-held-'));
  const child = execa(process.execPath, [
    path.join(ROOT, 'bin', 'sockspec.js'), '--family', 'ipv4', '--suites', path.join(FIXTURES, 'suites'), '--agents-dir', path.join(FIXTURES, 'runtimes'),
    '--pair', 'c:pause', '--reporter', 'tap', '--out', out, id,
  ], { cwd: ROOT, reject: false, env: { NO_COLOR: '1', SOCKSPEC_TEST_RUN: marker.split('=')[1]!, SOCKSPEC_ESCAPE_HELD_DIR: held }, timeout: 60_000 });
  // The client's file is the event: the server listens and the connection is up until it is resumed.
  const client = await new Promise<number | null>((resolve) => {
    const look = (): void => { const f = readdirSync(held)[0]; if (f !== undefined) resolve(Number(f)); };
    const watcher = watch(held, look);
    look();
    void child.then(() => resolve(null));
    void child.finally(() => watcher.close());
  });
  let seen: Seen | null = null;
  if (client !== null) {
    const processes = carrying(marker).map((pid) => {
      try {
        const tables = new Set(namespaceSockets(pid).map((s) => s.inode));
        const tcp = [...socketInodes(pid)].filter((i) => tables.has(i));
        return { pid, ns: netNamespace(pid), cmd: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim(), tcp };
      } catch {
        return null; // a short-lived helper that ended meanwhile
      }
    }).filter((p) => p !== null);
    const listeners = processes.map((p) => ({ pid: p.pid, sockets: listeningSockets(p.pid) })).filter((l) => l.sockets.length > 0);
    seen = { processes, client, listeners, host: hostTable(), network: await networkState() };
    process.kill(client, 'SIGUSR1');
  }
  const r = await child;
  rmSync(held, { recursive: true, force: true });
  const file = path.join(out, 'results.json');
  const report = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RunReport) : null;
  return { r, seen, report, marker };
};

for (const [id, address] of [['held/loopback', '127.0.0.1'], ['held/two-hosts', '192.0.2.1']] as const) {
  t.test(`${id}: the agents, their sockets and addresses stay in the case's namespaces`, { skip }, async (t) => {
    const own = netNamespace('self');
    const before = await networkState();
    const { r, seen, report, marker } = await heldRun(t, id);
    if (seen === null || report === null) return t.fail(`the pause client never connected, or no results.json (exit ${r.exitCode}): ${String(r.stderr).slice(0, 400)} ${String(r.stdout).slice(-400)}`);

    const cmds = seen.processes.map((p) => `${p.pid} ${p.cmd} ${p.ns}`).join('; ');
    const agents = report.results[0]?.agents.map((a) => a.pid) ?? [];
    t.equal(agents.length, 2, `the report names both agents' pids (${agents.join(', ')})`);
    t.ok(agents.includes(seen.client), 'the pause client among them');
    const nsOf = (pid: number | null) => seen.processes.find((p) => p.pid === pid)?.ns;
    for (const pid of agents) t.ok(nsOf(pid) !== undefined && nsOf(pid) !== own, `agent ${pid} was seen mid-run, outside the host's namespace ${own} (${nsOf(pid)})`);
    // The CLI itself and tsx's esbuild service run on the host, as they should, but hold no TCP socket.
    const onHostSide = seen.processes.filter((p) => p.ns === own);
    t.same(onHostSide.filter((p) => p.tcp.length > 0), [], `no process of the run in the host's namespace holds a TCP socket (all: ${cmds})`);

    t.equal(seen.listeners.length, 1, `one process listens: the C server (${seen.listeners.map((l) => `${l.pid}: ${l.sockets.map(shown).join(', ')}`).join('; ')})`);
    const server = seen.listeners[0];
    t.same(server?.sockets.map((s) => s.address), [address], `it listens on ${address} in its namespace`);
    t.same(server?.sockets.filter((s) => seen.host.has(s.inode)).map(shown), [], 'and its listener is not in the host\'s TCP table');
    if (id === 'held/two-hosts') t.not(nsOf(server?.pid ?? 0), nsOf(seen.client), 'the two hosts are two namespaces');
    else t.equal(nsOf(server?.pid ?? 0), nsOf(seen.client), 'loopback: both agents share one namespace');

    t.equal(seen.network, before, 'mid-run, the host\'s addresses, links and routes are as before (no 192.0.2.x, no veth)');
    t.equal(r.exitCode, 0, `the run passes once resumed (stdout: ${String(r.stdout).slice(-300)})`);
    t.match(report, { platform: { isolation: 'netns' }, results: [{ id, status: 'pass' }] }, 'isolated, and the case passed');
    t.equal(await networkState(), before, 'and after it too');
    t.same(carrying(marker), [], 'no process of the run is left');
  });
}

t.test('--no-isolate: a case that would change the kernel or firewall is skipped, never applied to the host', { skip }, async (t) => {
  const sysctl = '/proc/sys/net/ipv4/tcp_syn_retries';
  const host = async (): Promise<string> => `${readFileSync(sysctl, 'utf8').trim()}\n${String((await execa('nft', ['list', 'ruleset'], { reject: false })).stdout)}`;
  const before = await host();
  const out = t.testdir();
  // connect/syn-dropped sets net.ipv4.tcp_syn_retries and adds an nft rule: both only inside a namespace.
  const r = await execa(process.execPath, [path.join(ROOT, 'bin', 'sockspec.js'), '--family', 'ipv4', '--no-isolate', '--runtime', 'c', '--reporter', 'tap', '--out', out, 'connect/syn-dropped'], {
    cwd: ROOT, reject: false, env: { NO_COLOR: '1' }, timeout: 60_000,
  });
  t.equal(r.exitCode, 0, `exit 0 (stderr: ${String(r.stderr).slice(0, 300)})`);
  const report = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as RunReport;
  t.match(report.results[0], { status: 'skip', reason: /needs a private network namespace/ });
  t.equal(await host(), before, `the host's ${sysctl} and nft ruleset are unchanged`);
});

t.test('negative controls: the same checks catch a listener on the host, and a changed network', { skip }, async (t) => {
  const listener = await listenIn([], 'host');
  t.teardown(() => listener.stop());
  const [socket] = listeningSockets(listener.pid);
  t.equal(netNamespace(listener.pid), netNamespace('self'), 'a process started without the prefix is in the host\'s namespace');
  t.ok(socket !== undefined && hostTable().has(socket.inode), 'and its listener is in the host\'s TCP table');

  // A change made inside a scratch namespace, so the host itself is never touched.
  const ns = await createNamespace();
  if ('unavailable' in ns) return t.fail(ns.reason);
  t.teardown(() => ns.close());
  const before = await networkState(ns.prefix);
  await execa(ns.prefix[0]!, [...ns.prefix.slice(1), 'ip', 'addr', 'add', '192.0.2.9/32', 'dev', 'lo']);
  t.not(await networkState(ns.prefix), before, 'an added 192.0.2.x address shows in the compared state');
});
