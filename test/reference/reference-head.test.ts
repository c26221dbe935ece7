import { readFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { placeResults } from '../../harness/reference/placed-result.ts';
import { DOC_INPUTS, NETS_OUT, NETS_RUN, REGENERATE, referenceHead } from '../../harness/reference/reference-head.ts';
import { netNames } from '../../harness/net/nets/index.ts';
import { ROOT } from '../helpers/run-cli.ts';
import { mergedReport, referenceReport } from './fixtures/reference-report.ts';

t.test('where it was measured: the platform, each runtime with its version and outcomes, no executable paths', async (t) => {
  const report = referenceReport();
  const head = referenceHead(report, placeResults(report), ['linux']);
  t.match(head, /^# TCP socket semantics: the sockspec reference\n/);
  t.match(head, `Regenerate it with \`${REGENERATE}\``);
  t.match(head, '| OS | linux 6.18.0-test (x64) |');
  t.match(head, '| harness | sockspec 0.1.0 on Node v20.20.2 |');
  t.match(head, '| capture | available: wire rules checked |');
  t.match(head, [
    '| runtime | version | as the kernel | documented divergence | skip | other |',
    '|---|---|---|---|---|---|',
    '| `c` | gcc 12.2.0 | 2 | 0 | 0 | 0 |',
    '| `node` | v20.20.2 | 2 | 1 | 0 | 0 |',
    '| `python` | 3.11.7 | 2 | 0 | 0 | 0 |',
    '| `deno` | 2.9.5 | 1 | 0 | 1 | 0 |',
    '| `bun` | not found: bun not found | 0 | 0 | 0 | 0 |',
  ].join('\n'));
  t.notMatch(head, '/usr/bin', 'no executable paths');
  t.notMatch(head, report.startedAt, 'no time');
  t.notMatch(head, '###', 'one platform needs no platform headings');
});

t.test('a merged report: a section per run, its own facts and runtime versions, nothing of the merge itself', async (t) => {
  const merged = mergedReport();
  const head = referenceHead(merged, placeResults(merged), ['linux', 'darwin']);
  t.match(head, '### Linux\n\n|  |  |\n|---|---|\n| OS | linux 6.18.0-test (x64) |');
  t.match(head, '### macOS\n\n|  |  |\n|---|---|\n| OS | darwin 24.1.0 (arm64) |');
  t.match(head, "| isolation | the host's loopback (no namespace, so no capture) |\n| capture | unavailable: wire rules skipped (no network namespaces) |");
  t.match(head, '| `node` | v22.1.0 | 2 | 1 | 0 | 0 |');
  t.match(head, '| `c` | gcc 12.2.0 | 1 | 1 | 0 | 0 |');
  t.notMatch(head, 'darwin, linux', 'not the combined platform');
  t.notMatch(head, 'results.json\n', 'not the merged files');
});

t.test('a label no run describes', async (t) => {
  const report = referenceReport();
  t.match(referenceHead(report, placeResults(report), ['linux', 'plan9']), '### plan9\n\nThese results do not record where this run happened.');
});

t.test('the regeneration command names the nets run .ci/run makes, and every net but the kernel\'s', async (t) => {
  t.equal(NETS_RUN, 'npx sockspec --runtime c --net mptcp,gvisor,lwip,pasta,slirp4netns --out reports/nets');
  t.equal(REGENERATE, `npx sockspec && ${NETS_RUN} && npx sockspec doc ${DOC_INPUTS}`);
  t.equal(DOC_INPUTS, '--results reports/results.json --results reports/nets/results.json');
  // CI must check the reference against the runs the head tells a reader to make.
  const ci = await readFile(path.join(ROOT, '.ci', 'run'), 'utf8');
  const nets = /^nets=(\S+)$/m.exec(ci)?.[1];
  t.equal(nets, netNames().filter((n) => n !== 'kernel').join(','), '.ci/run runs every other net');
  t.match(ci, `--runtime c --net "$nets" --out ${NETS_OUT}`);
  t.match(ci, `doc_inputs=(${DOC_INPUTS})`);
});
