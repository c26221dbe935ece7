// The Python runtime: agent.py (standard library `socket`, used the idiomatic way) run by a CPython >= 3.8.
//
// Interpreters are found as python3 and python3.8 ... python3.14 (harness findExecutables: the
// project's node_modules/.bin, then PATH) and each is asked for `sys.executable`: a pyenv shim is
// a bash script that re-execs through `pyenv exec`, which costs tens of ms per start (measured
// here: 100-150 ms to hello through the shim against ~30 ms for the binary it ends in), and a shim
// for a version pyenv has not selected exits 127. So agents always start the real interpreter, and
// a dead shim is dropped.
//
// Flags: `-I -S -B`. Start-up to the hello line, measured here (2 shared cores, busy with other
// work; CPython 3.11.7 from pyenv, median of 20 interleaved starts of agent.py, three rounds):
//   no flags 44-60 ms   -B 48-58   -I 48-64   -S 32-40   -I -S 27-33   -I -S -B 27-33 ms
//   (the C agent, for scale: 4 ms; Debian's /usr/bin/python3.11 with -I -S -B: 27 ms)
// -S (no `site`: no site-packages scan, no .pth files) is what buys the time; -I (isolated: no
// PYTHON* variables, no user site, no script directory on sys.path) and -B (never write .pyc
// files into the interpreter's tree) cost nothing measurable and make every start the same
// whatever the environment holds. The agent needs only the standard library. What remains is the
// interpreter itself (~8 ms for `-c pass`), importing socket (~9 ms: it pulls in enum and
// selectors) and json (~3 ms more: it pulls in re).
import { constants } from 'node:fs';
import { access, realpath } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Prepared, ProgramVariant, RuntimeAdapter } from '../../harness/adapters/adapter.ts';
import { commandOutput, findExecutables, searchDirs } from '../../harness/adapters/find-executables.ts';

const AGENT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'agent.py');
/** Program `asyncio`: asyncio streams (agent_asyncio.py, which imports agent.py's request plumbing). */
const ASYNCIO_AGENT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'agent_asyncio.py');
const programs: ProgramVariant[] = [
  { name: 'asyncio', description: 'asyncio streams (open_connection/start_server, drain, wait_closed, transport.abort)' },
];
const FLAGS = ['-I', '-S', '-B'];
const MINIMUM: [number, number] = [3, 8];
// Windows installs (python.org, actions/setup-python) name the interpreter python.exe, never python3.exe.
const NAMES = process.platform === 'win32' ? ['python', 'python3'] : ['python3', ...Array.from({ length: 7 }, (_, i) => `python3.${i + 8}`)];

// Works under any Python (2.7 included), so an old interpreter is named by its version, not by a crash.
const PROBE = 'import sys; print(sys.executable); print(sys.version.split()[0]); print("%d %d" % sys.version_info[:2])';

interface Interpreter {
  /** The real binary (sys.executable, links resolved), or the file asked when it has none. */
  file: string;
  version: string;
  major: number;
  minor: number;
}

/** What `file` says it is; a shim that cannot run (pyenv without that version selected) is a reason. */
const probe = async (file: string): Promise<Interpreter | { reason: string }> => {
  const out = await commandOutput(file, ['-c', PROBE]);
  if (!out.ok) return { reason: out.reason };
  const [exe = '', version = '', numbers = ''] = out.text.split('\n').map((l) => l.trim());
  const [major, minor] = numbers.split(' ').map(Number);
  if (version === '' || !Number.isInteger(major) || !Number.isInteger(minor)) {
    return { reason: `\`${file}\` printed ${JSON.stringify(out.text.slice(0, 120))}, not a Python version` };
  }
  const real = exe === '' ? file : await realpath(exe).catch(() => exe);
  return { file: real, version, major: major!, minor: minor! };
};

/** Every python3 found that runs, as its real binary, without repeats; the first found (the default) first. */
const executables = async (): Promise<string[]> => {
  const found = await findExecutables(NAMES);
  const probed = await Promise.all(found.map(probe));
  const files: string[] = [];
  for (const p of probed) if ('file' in p && !files.includes(p.file)) files.push(p.file);
  return files;
};

const tooOld = (p: Interpreter): boolean => p.major < MINIMUM[0] || (p.major === MINIMUM[0] && p.minor < MINIMUM[1]);

// Never throws: every way of failing is `available: false` with its reason.
const prepare = async ({ executable }: { cacheDir: string; executable?: string }): Promise<Prepared> => {
  try {
    let file = executable;
    if (file === undefined) {
      // The default is the first that runs: probed one at a time, since every pyenv shim probed costs ~100 ms.
      for (const candidate of await findExecutables(NAMES)) {
        const p = await probe(candidate);
        if ('file' in p) { file = p.file; break; }
      }
      if (file === undefined) {
        return { available: false, reason: `no working ${NAMES.join(', ')} found (looked in ${searchDirs().join(', ')})` };
      }
    }
    if (!(await access(file, constants.X_OK).then(() => true, () => false))) {
      return { available: false, reason: `${file} is not an executable file` };
    }
    const p = await probe(file);
    if (!('file' in p)) return { available: false, reason: p.reason };
    if (tooOld(p)) return { available: false, reason: `${p.file} is Python ${p.version}; the agent needs ${MINIMUM.join('.')} or later` };
    const real = p.file;
    // The same interpreter and flags for both programs (the start-up figures above hold for asyncio too).
    const command = (program?: string | null) => {
      if (program === null || program === undefined) return { file: real, args: [...FLAGS, AGENT] };
      if (program === 'asyncio') return { file: real, args: [...FLAGS, ASYNCIO_AGENT] };
      throw new Error(`the python runtime has no program "${program}" (it has: ${programs.map((v) => v.name).join(', ')})`);
    };
    return { available: true, version: p.version, executable: real, command };
  } catch (err) {
    return { available: false, reason: `cannot prepare python: ${(err as Error).message.split('\n')[0]}` };
  }
};

/** CPython's socket module (runtimes/python/agent.py). */
const adapter: RuntimeAdapter = {
  name: 'python',
  description: "Python's socket module (blocking sockets, settimeout for bounded waits)",
  prepare,
  executables,
  programs,
};

export default adapter;
