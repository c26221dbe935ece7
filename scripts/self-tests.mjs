// `npm test`'s tap part: two tap runs, the files that may run beside another first (two at a time), then the files
// under package.json's tap.serial (each alone). In one run tap sorts every file by name and a serial file waits for
// the files before it and holds those after it, so the serial files, spread over the folders, cut the others into
// short stretches with a core idle at the end of each (and a long file beside nothing). Arguments: one plain tap run.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const tapPackage = createRequire(import.meta.url).resolve('tap/package.json');
const bin = path.join(path.dirname(tapPackage), JSON.parse(readFileSync(tapPackage, 'utf8')).bin.tap);
const tap = (args, stdio = 'inherit') => spawnSync(process.execPath, [bin, ...args], { stdio, encoding: 'utf8' });

const args = process.argv.slice(2);
if (args.length > 0) process.exit(tap(args).status ?? 1);

// tap's own list (its include globs, sorted), split as tap's test-is-serial splits it.
const listed = tap(['list'], ['ignore', 'pipe', 'inherit']);
if (listed.status !== 0) process.exit(listed.status ?? 1);
const files = listed.stdout.split('\n').filter(Boolean);
const serial = (JSON.parse(readFileSync('package.json', 'utf8')).tap?.serial ?? []).map((s) => `${s.replace(/\/$/, '')}/`);
const alone = files.filter((f) => serial.some((s) => `${f}/`.startsWith(s)));
const beside = files.filter((f) => !alone.includes(f));

console.log(`# self-tests: ${beside.length} files two at a time, then ${alone.length} alone (package.json tap.serial)`);
const first = beside.length > 0 ? tap(beside).status : 0;
const second = alone.length > 0 ? tap(alone).status : 0;
process.exit(first === 0 && second === 0 ? 0 : (first || second || 1));
