// A full disk and a read-only report folder, made real: a tiny or read-only tmpfs mounted over the
// --out folder inside a private mount namespace (test/fixtures/mount-namespace/with-tmpfs.mjs), so
// even root cannot write there and the host's mounts never change. The run still prints its
// verdicts, says which file could not be written and why, exits 3, and leaves no half-written file.
// Runs beside another file: its one case is connect/refused-closed-port (the kernel's RST at once); what is checked is the report files on a full or read-only tmpfs.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { execa } from 'execa';
import { ROOT } from '../helpers/run-cli.ts';

const MOUNTS = path.join(ROOT, 'test', 'fixtures', 'mount-namespace');
const CASE = 'connect/refused-closed-port';
const skip = process.getuid?.() !== 0 ? 'needs root: a tmpfs is mounted in a private mount namespace' : false;

/** Runs `cmd` with a tmpfs (`options`) over `dir`, in a mount namespace of its own. */
const inTmpfs = (dir: string, options: string, cmd: string[]) =>
  execa('unshare', ['--mount', '--propagation', 'private', process.execPath, path.join(MOUNTS, 'with-tmpfs.mjs'),
    readlinkSync('/proc/self/ns/mnt'), dir, options, ...cmd], { cwd: ROOT, reject: false, timeout: 60_000, env: { NO_COLOR: '1' } });

const sockspec = (out: string): string[] => [process.execPath, path.join(ROOT, 'bin', 'sockspec.js'), '--runtime', 'c', '--family', 'ipv4', '--reporter', 'tap', '--out', out, CASE];

/** What the run left in the tmpfs: the helper's last stderr line. */
const leftIn = (stderr: string): unknown => JSON.parse(/^with-tmpfs: left (.*)$/m.exec(stderr)?.[1] ?? 'null');

/** The host's mount table, which none of this may change. */
const hostMounts = (): string => readFileSync('/proc/self/mountinfo', 'utf8');

t.test('a full disk: the verdicts are printed, the error names the file and ENOSPC, exit 3', { skip }, async (t) => {
  const before = hostMounts();
  const dir = t.testdir();
  const r = await inTmpfs(dir, 'size=16k', sockspec(dir));
  t.equal(r.exitCode, 3, `exit 3: the reports could not be written (stderr: ${String(r.stderr).slice(0, 400)})`);
  t.match(String(r.stdout), `ok 1 - ${CASE} [c, ipv4]\n`, 'the verdict is on stdout');
  t.match(String(r.stdout), /^# 1 passed, 0 failed, 0 skipped$/m, 'with the summary line, a TAP comment');
  t.match(String(r.stderr), new RegExp(`^sockspec: cannot write the reports: cannot write ${dir}/(results\\.tap|junit\\.xml|results\\.json|index\\.html): ENOSPC: no space left on device`, 'm'),
    'the error names the file and the cause');
  t.same(leftIn(String(r.stderr)), [], 'no half-written report, temp file or lock is left');
  t.same(readdirSync(dir), [], 'nothing reached the host folder under the tmpfs');
  t.equal(hostMounts(), before, 'the host\'s mounts are unchanged');
});

t.test('a read-only report folder: the verdicts are printed, the error names the file and EROFS, exit 3', { skip }, async (t) => {
  const before = hostMounts();
  const dir = t.testdir();
  const r = await inTmpfs(dir, 'ro,size=16k', sockspec(dir));
  t.equal(r.exitCode, 3, `exit 3 (stderr: ${String(r.stderr).slice(0, 400)})`);
  t.match(String(r.stdout), `ok 1 - ${CASE} [c, ipv4]\n`, 'the verdict is on stdout');
  t.match(String(r.stderr), `sockspec: cannot write the reports: cannot write ${dir}/results.tap: EROFS: read-only file system`, 'the error names the file and the cause');
  t.same(leftIn(String(r.stderr)), [], 'nothing is left');
  t.equal(hostMounts(), before, 'the host\'s mounts are unchanged');
});

t.test('a report folder that cannot be created under a read-only one: named, exit 3', { skip }, async (t) => {
  const dir = t.testdir();
  const out = path.join(dir, 'reports');
  const r = await inTmpfs(dir, 'ro,size=16k', sockspec(out));
  t.equal(r.exitCode, 3, `exit 3 (stderr: ${String(r.stderr).slice(0, 400)})`);
  t.match(String(r.stdout), `ok 1 - ${CASE} [c, ipv4]\n`, 'the verdict is on stdout');
  t.match(String(r.stderr), `sockspec: cannot write the reports: cannot create report directory ${out}: EROFS: read-only file system`);
});

t.test('reports that no longer fit leave the previous set whole, not a mix of two runs', { skip }, async (t) => {
  const dir = t.testdir();
  // The first set fits in 256 KiB; the second's results.json (a 300 KiB reason) does not.
  const r = await inTmpfs(dir, 'size=256k', [process.execPath, '--import', 'tsx', path.join(MOUNTS, 'write-twice.ts'), dir, '300']);
  t.equal(r.exitCode, 0, String(r.stderr));
  const { first, second, files } = JSON.parse(String(r.stdout)) as { first: { ok: boolean }; second: { ok: boolean; path?: string; reason?: string }; files: Record<string, number> };
  t.equal(first.ok, true, 'the first set is written');
  t.match(second, { ok: false, path: path.join(dir, 'results.json'), reason: /ENOSPC: no space left on device/ }, 'the second fails, naming the file');
  t.same(Object.keys(files), ['index.html', 'junit.xml', 'results.json', 'results.tap'], 'the folder holds the four files, no temp file');
  t.equal(files['results.tap'], 'TAP version 14\n# first\n1..0\n'.length, 'and its results.tap is still the first run\'s');
});

t.test('a pcap that a full disk cuts short is not left behind', { skip }, async (t) => {
  const dir = t.testdir();
  // 4 KiB: the run's lock takes the one page, so the pcap's first write fails.
  const r = await inTmpfs(dir, 'size=4k', [...sockspec(dir), '--keep-pcaps']);
  t.equal(r.exitCode, 3, `exit 3 (stderr: ${String(r.stderr).slice(0, 400)})`);
  t.match(String(r.stderr), `sockspec: cannot keep the pcap of ${CASE} [c, ipv4]: ENOSPC: no space left on device`, 'the pcap that could not be kept is named');
  t.same(leftIn(String(r.stderr)), ['pcap'], 'and no cut-short pcap file is left');
});
