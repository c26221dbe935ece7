// The one place a result's names become a file name (harness/report/keep-pcap.ts): whatever the names
// hold, the pcap is one plain file in <out>/pcap, and no result's pcap is written over another's.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { keepPcap, pcapName } from '../../harness/report/keep-pcap.ts';
import type { CaseResult } from '../../harness/result/case-result.ts';
import { caseResult } from '../fixtures/case-results.ts';

const SAFE = /^[A-Za-z0-9_][A-Za-z0-9._-]*\.pcap$/;

const named = (id: string, runtime = 'c', variant: string | null = null, repeat?: number): CaseResult =>
  caseResult({ id, runtime, variant, name: `${id} [${runtime}]`, ...(repeat === undefined ? {} : { repeat }) });

const ODD = ['..', '../../etc/passwd', '/abs/path', '..\\..\\win', 'a\0b', 'new\nline', '-rf', '.hidden', '$(touch x)', '`x`;y|z', 'é', ' '];

t.test('every name becomes one safe file name in pcap/, never a path', async (t) => {
  const out = '/out';
  for (const odd of ODD) {
    for (const r of [named(odd), named('g/c', odd), named('g/c', 'c', odd)]) {
      const name = pcapName(r);
      t.match(name, SAFE, `${JSON.stringify([r.id, r.runtime, r.variant])} → ${name}`);
      t.equal(path.dirname(path.join(out, 'pcap', name)), path.join(out, 'pcap'), 'and stays in pcap/');
    }
  }
});

// What pcapName was before: every run of a --repeat shared one file, as did ids that filter alike.
const before = (r: CaseResult): string => `${[r.id, r.runtime, r.variant ?? ''].filter(Boolean).join('__').replace(/[^A-Za-z0-9._-]+/g, '_')}.pcap`;

const twins = (): CaseResult[] => [named('a/b'), named('a_b'), named('a/b', 'c', null, 1), named('a/b', 'c', null, 2), named('-x'), named('_x')];

t.test('results kept at once each keep their own file, with their own bytes', async (t) => {
  const out = t.testdir();
  const results = twins();
  const kept = await Promise.all(results.map((r, i) => keepPcap(out, r, Buffer.from(`capture ${i}`))));
  t.equal(new Set(kept).size, results.length, `one file per result: ${kept.join(', ')}`);
  kept.forEach((rel, i) => t.equal(readFileSync(path.join(out, rel!), 'utf8'), `capture ${i}`, `${rel} holds its own capture`));
  t.same(readdirSync(out), ['pcap'], 'nothing beside pcap/');
  t.same(kept.filter((rel) => !SAFE.test(path.basename(rel!))), [], 'each a safe name');
});

t.test('negative control: the names before the fix collide, which the check above catches', async (t) => {
  const names = twins().map(before);
  t.ok(new Set(names).size < names.length, `names shared: ${names.join(', ')}`);
  t.ok(names.some((n) => !SAFE.test(n)), 'and one starts with -, an option to a program given pcap/*');
});
