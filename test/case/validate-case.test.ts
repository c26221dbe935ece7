import t from 'tap';
import { validateCase, type CaseProblem } from '../../harness/case/validate-case.ts';

/** The smallest valid case: a description, a spec reference, one step. */
const minimal = (): Record<string, unknown> => ({
  description: 'a listener can be made',
  spec: ['RFC 9293 §3.10.1'],
  steps: [{ role: 'server', op: 'listen', as: 'l' }],
});

/** The problems of a value; a value that validates fails the test. */
const problems = (value: unknown): CaseProblem[] => {
  const r = validateCase(value);
  if (r.ok) throw new Error(`expected validation problems, got none for ${JSON.stringify(value)}`);
  return r.problems;
};

const keys = (ps: CaseProblem[]): string[] => ps.map((p) => p.key);

t.test('a valid minimal case passes and is returned as is', async (t) => {
  const def = minimal();
  const r = validateCase(def);
  t.ok(r.ok);
  if (r.ok) t.equal(r.def, def);
});

t.test('a full case with every optional part passes', async (t) => {
  const r = validateCase({
    ...minimal(),
    tags: ['close'],
    stepTimeoutMs: 500,
    steps: [
      { role: 'server', op: 'listen', as: 'l', host: '::1' },
      { role: 'client', op: 'connect', as: 'c', to: 'l', label: 'connects', expect: { ok: true } },
      { role: 'server', op: 'accept', sock: 'l', as: 's', timeoutMs: 100 },
      { role: 'client', op: 'send', sock: 'c', data: '' },
      { role: 'server', op: 'setopt', sock: 's', name: 'linger', value: 0 },
      { role: 'server', op: 'shutdown', sock: 's', how: 'write' },
      { role: 'client', op: 'recv', sock: 'c', max: 10, label: 'reads', expect: { eof: true, error: null, errorName: 'X', synthesized: false, data: '', state: 'CLOSE_WAIT' } },
      { role: 'harness', op: 'sockets', label: 'no time-wait', expect: { connection: 'absent' } },
    ],
    wire: [
      { rule: 'present', segment: { from: 'server', flags: ['FIN'] }, why: 'clean close' },
      { rule: 'absent', segment: { from: 'server', flags: ['RST'], notFlags: ['SYN'], seq: 0, ack: 'isn+1', data: false } },
      { rule: 'sequence', segments: [{ from: 'client', flags: ['SYN'] }, { from: 'server', ack: 5 }] },
      { rule: 'silent-after', after: { from: 'server', flags: ['RST'] }, role: 'client', quietMs: 200 },
    ],
    divergences: [
      { platform: 'darwin', verified: false, reason: 'r', source: 's', steps: { reads: { eof: false } }, wire: [] },
      { platform: 'win32', verified: false, reason: 'r', source: 's' },
    ],
    wrongPeer: { role: 'server', mode: 'close-drains', why: 'reads everything' },
  });
  t.same(r.ok ? [] : r.problems, []);
});

t.test('something that is not an object is named as the default export', async (t) => {
  t.same(problems(undefined), [{ key: 'the default export', message: 'Expected `the default export` to be an object, got nothing' }]);
  t.match(problems([1])[0]?.message, 'got `[1]` (array)');
  t.match(problems(null)[0]?.message, 'got `null` (null)');
});

t.test('missing description and spec are named', async (t) => {
  const { description: _d, spec: _s, ...rest } = minimal();
  const ps = problems(rest);
  t.same(ps, [
    { key: 'description', message: 'Expected `description` to be present, got nothing' },
    { key: 'spec', message: 'Expected `spec` to be present, got nothing' },
  ]);
});

t.test('unknown keys are named with their key path, and the known keys listed', async (t) => {
  const ps = problems({
    ...minimal(),
    author: 'me',
    steps: [
      { role: 'server', opp: 'listen' },
      { role: 'client', op: 'recv', sock: 'c', expect: { errno: 'ECONNRESET' } },
    ],
    wire: [{ rule: 'present', segment: { from: 'server', flag: ['RST'] } }],
    divergences: [{ platform: 'linux', verified: true, reason: 'r', source: 's', bug: 'x', steps: { x: { eof: true, eoff: true } } }],
  });
  t.same(keys(ps).sort(), [
    'author',
    'divergences[0].bug',
    'divergences[0].steps.x.eoff',
    'steps[0].op',
    'steps[0].opp',
    'steps[1].expect.errno',
    'wire[0].segment.flag',
  ]);
  t.match(ps.find((p) => p.key === 'author')?.message, /^Unknown key `author`; known keys: description, spec, steps, tags, topology, sysctls, wire/);
  t.match(ps.find((p) => p.key === 'steps[0].opp')?.message, /^Unknown key `steps\[0\]\.opp`; known keys: role, op, as, sock/);
  t.equal(ps.find((p) => p.key === 'steps[0].op')?.message, 'Expected `steps[0].op` to be present, got nothing');
  t.match(ps.find((p) => p.key === 'steps[1].expect.errno')?.message, /known keys: ok, error, errorName/);
  t.match(ps.find((p) => p.key === 'wire[0].segment.flag')?.message, /known keys: from, flags, notFlags, seq, ack, data/);
});

t.test('keys that exist on every object (constructor, toString) are still unknown keys', async (t) => {
  const ps = problems({ ...minimal(), constructor: 'x', steps: [{ role: 'server', op: 'listen', toString: 'y' }] });
  t.same(keys(ps).sort(), ['constructor', 'steps[0].toString']);
});

t.test('wrong types say what was expected and what was found, with its type', async (t) => {
  const ps = problems({
    description: '  ',
    spec: 'RFC 9293',
    tags: [1],
    stepTimeoutMs: 'soon',
    steps: [
      { role: 'peer', op: 'listen', bytes: 0, value: 'yes', host: 'localhost' },
      { role: 'client', op: 'fly', expect: { ok: 'yes', error: 5 } },
      { role: 'client', op: 'send', data: 42 },
    ],
  });
  const byKey = new Map(ps.map((p) => [p.key, p.message]));
  t.equal(byKey.get('description'), 'Expected `description` to be a non-empty string, got `"  "` (string)');
  t.equal(byKey.get('spec'), 'Expected `spec` to be a non-empty array, got `"RFC 9293"` (string)');
  t.match(byKey.get('tags[0]'), /^Expected `tags\[0\]` to be one of "slow", "headline", .*"write", got `1` \(number\)$/);
  t.equal(byKey.get('stepTimeoutMs'), 'Expected `stepTimeoutMs` to be a positive integer, got `"soon"` (string)');
  t.equal(byKey.get('steps[0].role'), 'Expected `steps[0].role` to be one of "server", "client", got `"peer"` (string)');
  t.equal(byKey.get('steps[0].bytes'), 'Expected `steps[0].bytes` to be a positive integer, got `0` (number)');
  t.equal(byKey.get('steps[0].value'), 'Expected `steps[0].value` to be a number or boolean, got `"yes"` (string)');
  t.equal(byKey.get('steps[0].host'), 'Expected `steps[0].host` to be one of "127.0.0.1", "::1", got `"localhost"` (string)');
  t.match(byKey.get('steps[1].op'), /^Expected `steps\[1\]\.op` to be one of "listen", "reserve", .*, got `"fly"` \(string\)$/);
  t.equal(byKey.get('steps[1].expect.ok'), 'Expected `steps[1].expect.ok` to be a boolean, got `"yes"` (string)');
  t.equal(byKey.get('steps[1].expect.error'), 'Expected `steps[1].expect.error` to be a non-empty string, got `5` (number)');
  t.equal(byKey.get('steps[2].data'), 'Expected `steps[2].data` to be a string, got `42` (number)');
  t.equal(ps.length, byKey.size, 'one problem per key');
});

t.test('an empty step list and long values are shown briefly', async (t) => {
  const ps = problems({ ...minimal(), steps: [], description: 7, tags: 'x'.repeat(100) });
  t.equal(ps.find((p) => p.key === 'steps')?.message, 'Expected `steps` to be a non-empty array, got `[]` (array)');
  t.match(ps.find((p) => p.key === 'tags')?.message, /got `"x{56}\.\.\.` \(string\)$/);
});

t.test('values JSON cannot show are still described, never thrown', async (t) => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const ps = problems({ ...minimal(), stepTimeoutMs: 10n, spec: cyclic });
  t.equal(ps.find((p) => p.key === 'stepTimeoutMs')?.message, 'Expected `stepTimeoutMs` to be a positive integer, got `10` (bigint)');
  t.match(ps.find((p) => p.key === 'spec')?.message, /^Expected `spec` to be a non-empty array, got .*\(object\)$/);
});

t.test('a harness step takes exactly one sockets expectation', async (t) => {
  const step = (expect: unknown) => ({ ...minimal(), steps: [{ role: 'harness', op: 'sockets', expect }] });
  t.ok(validateCase(step({ clientState: 'TIME-WAIT' })).ok);
  t.ok(validateCase(step({ serverState: 'CLOSED' })).ok);
  t.match(problems(step({ connection: 'absent', clientState: 'X' }))[0], { key: 'steps[0].expect', message: /one of \{ connection: 'absent' \}/ });
  t.match(problems(step({ connection: 'present' }))[0], { key: 'steps[0].expect.connection' });
  t.match(problems(step({ clientStat: 'X' }))[0], { key: 'steps[0].expect.clientStat', message: /^Unknown key/ });
  t.match(problems({ ...minimal(), steps: [{ role: 'harness', op: 'listen', expect: { connection: 'absent' } }] })[0], { key: 'steps[0].op' });
});

t.test('wire rules: each kind has its own shape, and an unknown kind is named', async (t) => {
  const wire = (...rules: unknown[]) => ({ ...minimal(), wire: rules });
  t.same(keys(problems(wire({ rule: 'maybe', segment: { from: 'server' } }))), ['wire[0].rule']);
  t.match(problems(wire({ segment: { from: 'server' } }))[0]?.message,
    "Expected `wire[0].rule` to be one of 'present', 'absent', 'sequence', 'silent-after', 'count', got nothing");
  t.match(problems(wire('present'))[0], { key: 'wire[0].rule' });
  t.same(keys(problems(wire({ rule: 'present' }))), ['wire[0].segment']);
  t.same(keys(problems(wire({ rule: 'absent', segments: [] }))), ['wire[0].segments', 'wire[0].segment']);
  t.same(keys(problems(wire({ rule: 'sequence', segments: [] }))), ['wire[0].segments']);
  t.same(keys(problems(wire({ rule: 'sequence', segments: [{ from: 'server' }, { flags: ['SYN'] }] }))), ['wire[0].segments[1].from']);
  t.same(keys(problems(wire({ rule: 'silent-after', after: { from: 'client' } }))).sort(), ['wire[0].quietMs', 'wire[0].role']);
  t.same(keys(problems(wire({ rule: 'silent-after', after: { from: 'client' }, role: 'both', quietMs: 0 }))).sort(), ['wire[0].quietMs', 'wire[0].role']);
  const ps = problems(wire({ rule: 'present', segment: { from: 'peer', flags: ['SYNN'], notFlags: [], seq: -1, ack: 'isn+2', data: 1 } }));
  t.same(keys(ps).sort(), ['wire[0].segment.ack', 'wire[0].segment.data', 'wire[0].segment.flags[0]', 'wire[0].segment.from', 'wire[0].segment.notFlags', 'wire[0].segment.seq']);
  t.match(ps.find((p) => p.key === 'wire[0].segment.ack')?.message, "to be an integer, 'isn+1' or 'rcv.nxt', got `\"isn+2\"` (string)");
  t.match(ps.find((p) => p.key === 'wire[0].segment.flags[0]')?.message, 'one of "SYN", "FIN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"');
});

t.test('wrongPeer is a closed shape too, its mode one the wrong peer has', async (t) => {
  const ps = problems({ ...minimal(), wrongPeer: { role: 'client', mode: 'close-drains', how: 'x' } });
  t.same(keys(ps).sort(), ['wrongPeer.how', 'wrongPeer.why']);
  const mode = problems({ ...minimal(), wrongPeer: { role: 'client', mode: 'close-drain', why: 'x' } });
  t.same(keys(mode), ['wrongPeer.mode']);
  t.match(mode[0]?.message, /^Expected `wrongPeer\.mode` to be one of "abort-closes", .*, got `"close-drain"` \(string\)\. Did you mean `close-drains`\?$/);
});

t.test('tags are a closed list: a misspelt tag is named, with the likely one', async (t) => {
  t.ok(validateCase({ ...minimal(), tags: ['slow', 'headline', 'rst'] }).ok);
  const ps = problems({ ...minimal(), tags: ['slwo'] });
  t.same(keys(ps), ['tags[0]']);
  t.match(ps[0]?.message, /^Expected `tags\[0\]` to be one of "slow", .*, got `"slwo"` \(string\)\. Did you mean `slow`\?$/);
  t.same(keys(problems({ ...minimal(), tags: ['rst', 'fast-path'] })), ['tags[1]'], 'an unknown tag with nothing close is still named');
});

t.test('a runtime\'s variants and divergences in a case file are pointed to <runtime>.expectations.ts beside the case', async (t) => {
  const ps = problems({
    ...minimal(),
    variants: [{ name: 'v', description: 'd', runtimes: ['node'], options: {} }],
    divergences: [{ runtime: 'node', role: 'server', platform: 'linux', verified: true, reason: 'r', source: 's' }],
  });
  t.same(keys(ps).sort(), ['divergences[0].role', 'divergences[0].runtime', 'variants']);
  for (const p of ps) t.match(p.message, /go in <runtime>\.expectations\.ts beside the case \(runtimes\/<name>\/expectations\.ts for sockspec's own suites\)/, p.key);
});

t.test('duplicate step labels are named with both positions', async (t) => {
  const ps = problems({
    ...minimal(),
    steps: [
      { role: 'server', op: 'listen', as: 'l', label: 'twice' },
      { role: 'server', op: 'close', sock: 'l', label: 'once' },
      { role: 'harness', op: 'sockets', label: 'twice', expect: { connection: 'absent' } },
    ],
  });
  t.same(ps, [{ key: 'steps[2].label', message: 'Duplicate step label "twice" (also steps[0])' }]);
});

t.test('a divergence must name existing step labels and a platform', async (t) => {
  const ps = problems({
    ...minimal(),
    steps: [{ role: 'server', op: 'listen', as: 'l', label: 'listens' }],
    divergences: [
      { platform: 'darwin', verified: true, reason: 'r', source: 's', steps: { 'no such step': { ok: false } } },
      { verified: true, reason: 'r', source: 's' },
      { platform: 'linux', verified: true, reason: 'r', source: 's', steps: { listens: { ok: true } } },
    ],
  });
  t.same(ps, [
    { key: 'divergences[1].platform', message: 'Expected `divergences[1].platform` to be present, got nothing' },
  ]);
  const labels = problems({ ...minimal(), steps: [{ role: 'server', op: 'listen', as: 'l', label: 'listens' }], divergences: [{ platform: 'darwin', verified: true, reason: 'r', source: 's', steps: { 'no such step': { ok: false } } }] });
  t.same(labels, [{ key: 'divergences[0].steps.no such step', message: 'No step is labelled "no such step"; labels: listens' }]);
});

t.test('a divergence naming labels in a case with none says so', async (t) => {
  const ps = problems({ ...minimal(), divergences: [{ platform: 'linux', verified: true, reason: 'r', source: 's', steps: { a: {} } }] });
  t.same(ps, [{ key: 'divergences[0].steps.a', message: 'No step is labelled "a"; labels: none' }]);
});

t.test('a divergence missing its reason, source or verified flag is named', async (t) => {
  const ps = problems({ ...minimal(), divergences: [{ platform: 'plan9' }] });
  t.same(keys(ps).sort(), ['divergences[0].platform', 'divergences[0].reason', 'divergences[0].source', 'divergences[0].verified']);
});
