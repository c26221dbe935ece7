import t from 'tap';
import { divergenceChanges, divergenceWho, stepChange, whyAndSource } from '../../harness/reference/describe-divergence.ts';
import type { StepRecord } from '../../harness/result/case-result.ts';
import { unreadCase } from './fixtures/reference-report.ts';

const kase = unreadCase();
const [darwin, nodeServer, nodeClient] = kase.divergences;

t.test('stepChange: the step, what is seen instead, and the kernel layer beside it', async (t) => {
  t.equal(stepChange(kase, 'client reads the reset', { eof: true }), 'step 6, *client reads the reset*: EOF (the kernel layer: ECONNRESET)');
  t.equal(stepChange(kase, 'client reads the reset', { errorName: 'agent-timeout' }),
    "step 6, *client reads the reset*: nothing: the call still waits when the agent's bounded wait ends (the kernel layer: ECONNRESET)");
  t.equal(stepChange(kase, 'no such step', { eof: true }), '*no such step*: EOF (the kernel layer: no assertion)');
  const observed: StepRecord = { index: 7, label: 'later reads return EOF', role: 'client', op: 'recv', request: {}, ok: false, error: { errno: 'EPIPE', name: 'BrokenPipeError', synthesized: false, syscall: 'recv', message: 'x' } };
  t.equal(stepChange(kase, 'later reads return EOF', { error: 'EPIPE' }, observed), 'step 7, *later reads return EOF*: EPIPE as BrokenPipeError (the kernel layer: EOF)', "an errno-only expectation gets the runtime's own name");
  t.equal(stepChange(kase, 'later reads return EOF', { error: 'EPIPE', errorName: 'EPIPE' }, observed), 'step 7, *later reads return EOF*: EPIPE, named EPIPE (the kernel layer: EOF)', 'but not when it names one itself');
});

t.test('divergenceChanges: steps in case order, then the wire that replaces the kernel\'s', async (t) => {
  t.same(divergenceChanges(kase, nodeServer!), [
    'step 6, *client reads the reset*: EOF (the kernel layer: ECONNRESET)',
    'on the wire instead: the server sends a FIN',
  ]);
  t.same(divergenceChanges(kase, { ...nodeServer!, steps: { 'later reads return EOF': { eof: false }, 'client reads the reset': { eof: true } }, wire: undefined }), [
    'step 6, *client reads the reset*: EOF (the kernel layer: ECONNRESET)',
    'step 7, *later reads return EOF*: not EOF (the kernel layer: EOF)',
  ]);
});

t.test('whyAndSource: escaped for Markdown', async (t) => {
  t.same(whyAndSource({ ...darwin!, reason: 'a *bold* claim', source: 'x_y `z_`' }), ['why: a \\*bold\\* claim', 'source: x_y `z_`']);
});

t.test('divergenceWho: the runtime, its role, its peers, its variant', async (t) => {
  t.equal(divergenceWho(nodeServer!), '**node** as the server');
  t.equal(divergenceWho(nodeClient!), '**node** as the client, against a c server');
  t.equal(divergenceWho({ ...nodeClient!, peer: ['c', 'python', 'deno'], variant: 'pauseOnConnect' }), '**node** as the client, against a c, python or deno server, in the `pauseOnConnect` variant');
  t.equal(divergenceWho({ ...nodeServer!, role: 'both', variant: '*' }), '**node** on both sides, in every variant');
  t.equal(divergenceWho(darwin!), 'every runtime');
});
