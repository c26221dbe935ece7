// The spec-driven probes (field-probes.ts) hold up: they cover every field of op-spec.ts, and they
// fail an agent that accepts a wrong type (fixtures/lax-agent.mjs in front of the real Node agent).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { fieldsOf, OPS, SETOPT_NAMES } from '../../harness/protocol/op-spec.ts';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';
import node from '../../runtimes/node/adapter.ts';
import { probeAgent, probes } from './field-probes.ts';
import { RawAgent } from './raw-agent.ts';

const LAX = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'lax-agent.mjs');
const LINE_MS = 5000;

t.test('every op and field of the spec has probes, and every setopt name', async (t) => {
  const all = probes(1234);
  const missing = OPS.flatMap((op) => Object.keys(fieldsOf(op))
    .filter((key) => !all.some((p) => p.text.includes(`"op":"${op}"`) && p.what.includes(`"${key}"`)))
    .map((key) => `${op}.${key}`));
  t.strictSame(missing, [], 'no field without a probe');
  for (const name of Object.keys(SETOPT_NAMES)) t.ok(all.some((p) => p.what.startsWith(`setopt ${name} `)), `setopt ${name} has probes`);
  t.equal(new Set(all.map((p) => p.id).filter((id) => id !== null)).size, all.filter((p) => p.id !== null).length, 'ids are unique');
});

t.test('negative control: an agent that takes "1" for 1 fails the probes', async (t) => {
  const prepared = await node.prepare({ cacheDir: defaultCacheDir() });
  if (!prepared.available) throw new Error(prepared.reason);
  const real = prepared.command();
  const agent = RawAgent.start({ file: process.execPath, args: [LAX, real.file, ...real.args] }, 'lax agent');
  t.teardown(() => agent.stop());
  await agent.nextLine(LINE_MS, 'its hello');
  const problems = await probeAgent(agent);
  t.ok(problems.length > 0, 'the probes report problems');
  t.ok(problems.some((p) => p.startsWith('listen with "port" a numeric string ("1"): wanted fault')), 'naming the field that took a string for a number', { found: problems });
  t.notOk(problems.some((p) => p.includes('"max" a fraction')), 'and not the checks the proxy leaves alone', { found: problems });
});
