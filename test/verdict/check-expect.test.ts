import t from 'tap';
import { describeExpect, describeReply, matchesExpect } from '../../harness/verdict/check-expect.ts';
import type { ErrorReply, OkReply, SocketError, UnsupportedReply } from '../../harness/protocol/messages.ts';

const T = { start: 1_700_000_000_000, ms: 0.1 };
const ok = (value: Record<string, unknown> = {}): OkReply => ({ id: 1, ok: true, value, t: T });
const err = (e: Partial<SocketError> = {}): ErrorReply => ({
  id: 1, ok: false, t: T,
  error: { errno: 'ECONNRESET', name: 'ECONNRESET', synthesized: false, syscall: 'read', message: 'Connection reset by peer', ...e },
});
const unsupported: UnsupportedReply = { id: 1, ok: false, unsupported: 'no SO_LINGER here' };
const timedOut = err({ errno: 'ETIMEDOUT', name: 'agent-timeout', timeout: true, syscall: null, message: 'no data in 2000 ms' });

t.test('describeExpect speaks the words of a report', async (t) => {
  t.equal(describeExpect({}), 'anything');
  t.equal(describeExpect({ ok: true }), 'ok');
  t.equal(describeExpect({ ok: false }), 'an error');
  t.equal(describeExpect({ error: 'ECONNRESET' }), 'ECONNRESET');
  t.equal(describeExpect({ error: null, errorName: 'ERR_SOCKET_CLOSED', synthesized: true }), 'an error with no errno, named ERR_SOCKET_CLOSED, synthesized by the runtime');
  t.equal(describeExpect({ error: 'EPIPE', synthesized: false }), 'EPIPE, from a syscall');
  t.equal(describeExpect({ eof: true }), 'EOF');
  t.equal(describeExpect({ eof: false, data: 'hi' }), 'not EOF, data "hi"');
  t.equal(describeExpect({ state: 'TIME_WAIT' }), 'state TIME_WAIT');
  t.equal(describeExpect({ ok: true, eof: true }), 'EOF', 'ok is implied by a more precise expectation');
  t.equal(describeExpect({ data: 'x'.repeat(100) }), `data "${'x'.repeat(57)}..."`, 'long data is cut');
});

t.test('describeReply describes every kind of reply', async (t) => {
  t.equal(describeReply(ok()), 'ok');
  t.equal(describeReply(ok({ port: 5000, bytes: 3 })), 'ok port=5000 bytes=3');
  t.equal(describeReply(ok({ eof: true })), 'EOF');
  t.equal(describeReply(ok({ data: 'hello', bytes: 5 })), 'data "hello"');
  t.equal(describeReply(ok({ state: 'ESTABLISHED' })), 'state ESTABLISHED');
  t.equal(describeReply(err()), 'ECONNRESET, syscall read');
  t.equal(describeReply(err({ name: 'ConnectionResetError', syscall: null })), 'ECONNRESET (ConnectionResetError)');
  t.equal(describeReply(err({ errno: 'EPIPE', name: 'EPIPE', syscall: 'write', synthesized: true })), 'EPIPE, syscall write, synthesized by the runtime');
  t.equal(describeReply(err({ errno: null, name: 'ERR_SOCKET_CLOSED', syscall: null, synthesized: true })),
    'an error with no errno named ERR_SOCKET_CLOSED, synthesized by the runtime');
  t.equal(describeReply(timedOut), 'nothing within the wait (agent-timeout: no data in 2000 ms)');
  t.equal(describeReply(unsupported), 'unsupported: no SO_LINGER here');
});

t.test('ok and error', async (t) => {
  t.ok(matchesExpect({}, ok()), 'an empty expectation holds for anything');
  t.ok(matchesExpect({}, err()));
  t.ok(matchesExpect({ ok: true }, ok()));
  t.notOk(matchesExpect({ ok: true }, err()));
  t.ok(matchesExpect({ ok: false }, err()));
  t.notOk(matchesExpect({ ok: false }, ok()));
  t.ok(matchesExpect({ error: 'ECONNRESET' }, err()));
  t.notOk(matchesExpect({ error: 'EPIPE' }, err()), 'another errno');
  t.notOk(matchesExpect({ error: 'ECONNRESET' }, ok()), 'no error at all');
  t.notOk(matchesExpect({ error: 'ETIMEDOUT' }, timedOut), 'an agent-side timeout is never the expected errno');
  t.ok(matchesExpect({ error: null }, err({ errno: null, name: 'ERR_SOCKET_CLOSED' })), 'null: an error with no errno');
  t.notOk(matchesExpect({ error: null }, err()), 'null does not match an error that has an errno');
});

t.test('errorName and synthesized', async (t) => {
  t.ok(matchesExpect({ errorName: 'ConnectionResetError' }, err({ name: 'ConnectionResetError' })));
  t.notOk(matchesExpect({ errorName: 'ConnectionResetError' }, err()));
  t.notOk(matchesExpect({ errorName: 'ECONNRESET' }, ok()));
  t.ok(matchesExpect({ synthesized: true }, err({ synthesized: true })));
  t.notOk(matchesExpect({ synthesized: true }, err()));
  t.notOk(matchesExpect({ synthesized: false }, ok()), 'a success is neither synthesized nor not');
});

t.test('eof, data and state', async (t) => {
  t.ok(matchesExpect({ eof: true }, ok({ eof: true })));
  t.notOk(matchesExpect({ eof: true }, ok({ data: 'x', bytes: 1 })));
  t.notOk(matchesExpect({ eof: true }, err()), 'an error is not EOF');
  t.ok(matchesExpect({ eof: false }, ok({ data: 'x', bytes: 1 })));
  t.notOk(matchesExpect({ eof: false }, err()), 'an error is not "not EOF" either');
  t.ok(matchesExpect({ data: 'hello' }, ok({ data: 'hello', bytes: 5 })));
  t.notOk(matchesExpect({ data: 'hello' }, ok({ data: 'hell', bytes: 4 })));
  t.ok(matchesExpect({ data: '' }, ok({ data: '', bytes: 0 })));
  t.notOk(matchesExpect({ data: '' }, ok({ eof: true })));
  t.ok(matchesExpect({ state: 'CLOSE_WAIT' }, ok({ state: 'CLOSE_WAIT' })));
  t.notOk(matchesExpect({ state: 'CLOSE_WAIT' }, ok({ state: 'ESTABLISHED' })));
  t.ok(matchesExpect({ ok: true, eof: false, data: 'ab' }, ok({ data: 'ab', bytes: 2 })), 'every field must hold, and do');
  t.notOk(matchesExpect({ ok: true, data: 'ab', state: 'X' }, ok({ data: 'ab', bytes: 2 })), 'one field fails: no match');
});

t.test('unsupported never matches an expectation, not even an empty one', async (t) => {
  t.notOk(matchesExpect({}, unsupported));
  t.notOk(matchesExpect({ ok: false }, unsupported));
});

t.test('minMs and maxMs: the call\'s own time (t.ms), bounds included', async (t) => {
  const took = (ms: number): OkReply => ({ ...ok(), t: { start: T.start, ms } });
  t.ok(matchesExpect({ ok: true, minMs: 990, maxMs: 1900 }, took(1004)), 'a close that lingered 1 s');
  t.notOk(matchesExpect({ ok: true, minMs: 990, maxMs: 1900 }, took(6)), 'one that returned at once (the negative control)');
  t.notOk(matchesExpect({ maxMs: 500 }, took(1004)), 'too long');
  t.ok(matchesExpect({ minMs: 990 }, took(990)));
  t.ok(matchesExpect({ maxMs: 500 }, took(500)));
  t.ok(matchesExpect({ minMs: 100 }, { ...err(), t: { start: T.start, ms: 150 } }), 'an error reply is timed too');
  t.notOk(matchesExpect({ minMs: 0 }, { ...unsupported }), 'no time, no duration to hold');
  t.equal(describeExpect({ ok: true, minMs: 990, maxMs: 1900 }), 'ok, returning after 990-1900 ms');
  t.equal(describeExpect({ maxMs: 500 }), 'returning within 500 ms');
  t.equal(describeExpect({ minMs: 990 }), 'returning after at least 990 ms');
  t.equal(describeReply(took(6.4), { minMs: 990 }), 'ok, after 6 ms', 'the time is said when the expectation bounds it');
  t.equal(describeReply(took(6.4)), 'ok', 'and only then');
});
