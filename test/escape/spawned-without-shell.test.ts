// Every process sockspec starts is started without a shell: the harness through execa(file, args),
// the agents not at all. Statically, over the sources; and dynamically, where a shell would show:
// arguments and file names full of shell syntax reach the agent verbatim and run nothing.
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { execa } from 'execa';
import { AgentProcess } from '../../harness/channel/agent-process.ts';
import { ROOT } from '../helpers/run-cli.ts';

const ARGV_AGENT = path.join(ROOT, 'test', 'fixtures', 'escape', 'agents', 'argv.mjs');

/** Ways to reach a shell, or to start a process at all where none should start (agents). */
const FORBIDDEN: { what: string; pattern: RegExp; in: RegExp }[] = [
  { what: 'a `shell` option that is not false', pattern: /\bshell\s*:(?!\s*false\b)/, in: /\.[cm]?[jt]s$/ },
  { what: "execa's command-string or script APIs (execaCommand, $, execaNode)", pattern: /\b(execaCommand(Sync)?|execaNode)\b|(^|[\s(=,;!&|{[:])\$(Sync)?\s*(`|\(\s*\{)|import\s*\{[^}]*[\s,{]\$(Sync)?\s*[,}]/, in: /\.[cm]?[jt]s$/ },
  { what: 'node:child_process (the harness spawns through execa only)', pattern: /['"](node:)?child_process['"]/, in: /\.[cm]?[jt]s$/ },
  { what: 'a shell run by name (sh -c, bash -c, cmd /c)', pattern: /['"](\/bin\/)?(ba|da|z)?sh['"]\s*,\s*\[?\s*['"]-c|['"]cmd(\.exe)?['"]\s*,\s*\[?\s*['"]\/[cC]/, in: /\.[cm]?[jt]s$/ },
  { what: 'Deno or Bun subprocess APIs', pattern: /\b(Deno\.(Command|run)|Bun\.(spawn|spawnSync|\$))\b/, in: /\.[cm]?[jt]s$/ },
  { what: 'a Python subprocess or os.system/popen/exec', pattern: /\b(subprocess|os\.(system|popen|exec\w*|spawn\w*))\b/, in: /\.py$/ },
  { what: 'a C call that runs a command or another program', pattern: /\b(system|popen|fork|vfork|posix_spawnp?|exec[lv]p?e?)\s*\(/, in: /\.c$/ },
];

/**
 * The starts of processes besides execa, each use vetted: the spawner (harness/toolchain/spawner.ts) is
 * started with node:child_process's spawn(file, []) and fork()s and execvp()s the argv it is given, no shell;
 * own-group.c (harness/channel/own-group.ts) execvp()s its own arguments after setpgid, no shell.
 */
const VETTED: Record<string, RegExp> = {
  'harness/toolchain/spawner.ts': /^import \{ spawn \} from 'node:child_process';$/,
  'harness/toolchain/spawner.c': /^(pid_t pid = fork\(\);|execvp\(argv\[0\], argv\);)$/,
  'harness/channel/own-group.c': /^execvp\(argv\[1\], argv \+ 1\);$/,
};

/** Each forbidden use in `source`, as "line N: what". */
const shellUses = (file: string, source: string): string[] =>
  source.split('\n').flatMap((line, i) => VETTED[file]?.test(line.trim()) === true ? []
    : FORBIDDEN.filter((f) => f.in.test(file) && f.pattern.test(line)).map((f) => `${file}:${i + 1}: ${f.what}: ${line.trim()}`));

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));

t.test('no source of the harness, the CLI or any runtime reaches a shell or spawns outside execa(file, args)', async (t) => {
  const files = ['harness', 'runtimes', 'bin'].flatMap((d) => walk(path.join(ROOT, d))).filter((f) => /\.([cm]?[jt]s|py|c)$/.test(f));
  t.ok(files.some((f) => f.endsWith('agent-process.ts')) && files.some((f) => f.endsWith('agent.c')) && files.some((f) => f.endsWith('agent.py')), `the scan covers the harness and every agent (${files.length} files)`);
  t.same(files.flatMap((f) => shellUses(path.relative(ROOT, f), readFileSync(f, 'utf8'))), [], 'no forbidden use');
});

t.test('negative control: the scan flags each way to a shell', async (t) => {
  const wrong: [string, string][] = [
    ['a.ts', "await execa('nft', ['-f', '-'], { shell: true });"],
    ['a.ts', 'await execa(file, args, { shell: "/bin/bash" });'],
    ['a.ts', "import { execa, execaCommand } from 'execa';"],
    ['a.ts', "import { $ } from 'execa';"],
    ['a.ts', 'await $`ip link set ${iface} up`;'],
    ['a.ts', "await $({ reject: false })`ss -tan`;"],
    ['a.ts', "import { exec } from 'node:child_process';"],
    ['a.ts', "const cp = require('child_process');"],
    ['a.ts', "await execa('sh', ['-c', `touch ${name}`]);"],
    ['a.ts', "new Deno.Command('sh', { args: ['-c', cmd] });"],
    ['a.ts', 'Bun.spawn(["sh", "-c", cmd]);'],
    ['agent.py', 'subprocess.run(cmd, shell=True)'],
    ['agent.py', 'os.system(cmd)'],
    ['agent.c', '  system(cmd);'],
    ['agent.c', '  FILE *f = popen(cmd, "r");'],
  ];
  for (const [file, line] of wrong) t.ok(shellUses(file, line).length > 0, `flags ${line}`);
  // Vetted lines are vetted in their own file only, and only those lines.
  t.ok(shellUses('harness/net/x.ts', "import { spawn } from 'node:child_process';").length > 0, "flags the spawner's import elsewhere");
  t.ok(shellUses('harness/toolchain/spawner.c', '    system(cmd);').length > 0, 'flags another call in the spawner');
  t.ok(shellUses('harness/toolchain/spawner.c', '      execvp("/bin/sh", argv);').length > 0, 'flags another exec in the spawner');
  const fine: [string, string][] = [
    ['a.ts', "await execa(file!, args, { reject: false, shell: false });"],
    ['a.ts', "import { execa, type ResultPromise } from 'execa';"],
    ['a.ts', 'const price = `$${n}`; // a dollar in a template'],
    ['a.ts', 'return new RegExp(`^${body}(/.*)?$`); // a regex end in a template'],
    ['agent.c', '  if (sys_errno(c)) return;'],
  ];
  for (const [file, line] of fine) t.same(shellUses(file, line), [], `leaves alone ${line}`);
});

// Shell syntax that, run by any shell, would create a file in `dir` (or split into other words).
const metaArgs = (dir: string): string[] => [
  `$(touch ${dir}/dollar)`, `\`touch ${dir}/backtick\``, `; touch ${dir}/semicolon`, `| touch ${dir}/pipe`,
  `&& touch ${dir}/and`, `\ntouch ${dir}/newline`, "'single' \"double\" *", `> ${dir}/redirect`,
];

t.test('an agent started by the harness gets shell syntax as plain arguments, and nothing runs', async (t) => {
  const dir = t.testdir();
  const args = metaArgs(dir);
  const started = await AgentProcess.start({ role: 'server', runtime: 'argv', command: { file: process.execPath, args: [ARGV_AGENT, ...args] } });
  if ('trouble' in started) return t.fail(started.trouble.message);
  const answer = await started.agent.request({ op: 'state', sock: 'x' }, 5000);
  await started.agent.end();
  t.match(answer, { reply: { ok: true, value: { argv: args } } }, 'the agent received every argument verbatim');
  t.same(readdirSync(dir), [], 'no file was created');
});

t.test('an agent whose file name holds shell syntax is started as that file', async (t) => {
  const dir = t.testdir({ bin: {} });
  // A relative `touch`: a shell would run it in the working directory.
  const name = `node $(touch escape-dollar); touch escape-semicolon; #`;
  symlinkSync(process.execPath, path.join(dir, 'bin', name));
  const started = await AgentProcess.start({ role: 'server', runtime: 'argv', command: { file: path.join(dir, 'bin', name), args: [ARGV_AGENT] } });
  if ('trouble' in started) return t.fail(started.trouble.message);
  t.equal(started.agent.hello?.runtime, 'argv', 'the file ran');
  await started.agent.end();
  t.same(['escape-dollar', 'escape-semicolon'].filter((f) => existsSync(path.join(process.cwd(), f))), [], `nothing was created in the working directory ${process.cwd()}`);
  t.same(readdirSync(path.join(dir, 'bin')), [name], 'nor beside the file');
});

t.test('negative control: the same command through a shell does create the files', async (t) => {
  const dir = t.testdir({ cwd: {} });
  const sink = path.join(dir, 'sink');
  mkdirSync(sink);
  await execa(process.execPath, [ARGV_AGENT, ...metaArgs(sink)], { shell: true, cwd: path.join(dir, 'cwd'), input: '', reject: false });
  t.ok(readdirSync(sink).length >= 5, `the marker check sees what a shell does (${readdirSync(sink).join(', ')})`);
});
