// Every note for macOS, FreeBSD or Windows, in the case files and the runtimes' expectations, is
// unverified and cites what a reader can open; bent notes show the check can fail.
import path from 'node:path';
import t from 'tap';
import { loadCases } from '../../harness/case/load-cases.ts';
import { discoverRuntimes } from '../../harness/adapters/discover-runtimes.ts';
import { runtimeLayers } from '../../harness/adapters/runtime-layers.ts';
import { ROOT } from '../helpers/run-cli.ts';
import { ELSEWHERE, openableKinds, platformNoteProblems, type NoteLike } from '../helpers/platform-note-source.ts';

const { cases } = await loadCases([path.join(ROOT, 'suites')], ROOT);
const { adapters, folders } = await discoverRuntimes([path.join(ROOT, 'runtimes')]);
const { layers } = await runtimeLayers(adapters, folders);

const notes: Array<{ where: string; note: NoteLike }> = [
  ...cases.flatMap((c) => (c.divergences ?? []).map((note) => ({ where: `${c.id} (case file)`, note }))),
  ...layers.flatMap((l) => Object.entries(l.expectations?.cases ?? {})
    .flatMap(([id, e]) => (e.divergences ?? []).map((note) => ({ where: `${id} (${l.runtime}'s expectations)`, note })))),
].filter((n) => n.note.platform !== undefined && ELSEWHERE.has(n.note.platform));

t.test('the catalogue\'s platform notes', async (t) => {
  // Not vacuous: the catalogue holds notes for each of the three platforms.
  for (const p of ELSEWHERE) t.ok(notes.some((n) => n.note.platform === p), `some ${p} note is checked`);
  for (const { where, note } of notes) t.same(platformNoteProblems(note), [], `${where}, ${note.platform}`);
});

t.test('negative control: bent notes fail', async (t) => {
  const good: NoteLike = { platform: 'freebsd', verified: false, source: 'freebsd/freebsd-src sys/netinet/tcp_usrreq.c tcp_disconnect()' };
  t.same(platformNoteProblems(good), [], 'a file and function in a repository');
  t.same(platformNoteProblems({ ...good, source: 'blackhole(4)' }), [], 'a man page');
  t.same(platformNoteProblems({ ...good, platform: 'win32', source: 'Microsoft Learn, Disable stealth mode in Windows' }), [], 'a vendor document');
  t.same(platformNoteProblems({ ...good, platform: 'linux', verified: true, source: 'measured here' }), [], 'Linux is measured here: not a platform note');

  t.match(platformNoteProblems({ ...good, verified: true }), [/verified: true/], 'a note marked verified');
  t.match(platformNoteProblems({ ...good, source: 'RFC 9293 §3.10.7.4' }), [/names nothing a reader can open/], 'an RFC alone says nothing of the platform');
  t.match(platformNoteProblems({ ...good, source: 'freebsd-src sys/netinet/tcp_usrreq.c tcp_disconnect()' }), [/names nothing/], 'a file without its repository');
  t.match(platformNoteProblems({ ...good, platform: 'darwin', source: 'apple-oss-distributions/xnu bsd/netinet/tcp_usrreq.c' }), [/names nothing/], 'a file without its function');
  t.match(platformNoteProblems({ ...good, platform: 'win32', source: 'the Windows firewall drops it (unverified)' }), [/names nothing/], 'no document named');

  // A real note bent: the check reads the catalogue's own notes, not only these.
  const real = notes.find((n) => n.note.platform === 'freebsd')!;
  t.match(platformNoteProblems({ ...real.note, verified: true, source: 'FreeBSD does this' }), [/verified/, /names nothing/], `${real.where}, bent`);
  t.same(openableKinds('apple-oss-distributions/xnu bsd/netinet/tcp_input.c tcp_input(); blackhole(4)'),
    ['a file and function in a repository', 'a man page'], 'each kind is recognised');
});
