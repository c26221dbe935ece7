// The real catalogue as it would run on macOS and Windows: every case runs or is a skip with a
// reason, never an attempt at ss, SIGSTOP, /proc or a namespace (the platform is a parameter).
import path from 'node:path';
import t from 'tap';
import { loadCases } from '../../harness/case/load-cases.ts';
import { unmetRequirement } from '../../harness/engine/case-requirements.ts';
import type { RunSettings } from '../../harness/engine/run-settings.ts';
import { ROOT } from '../helpers/run-cli.ts';

const { cases, errors } = await loadCases([path.join(ROOT, 'suites')], ROOT);
const byId = new Map(cases.map((c) => [c.id, c]));

// What detect-environment decides off Linux.
const off = (platform: string): RunSettings => {
  const why = `network namespaces are Linux-only (this is ${platform})`;
  return {
    isolation: false, isolationReason: why, captureBinary: null, captureReason: `no wire capture: ${why}`,
    injectBinary: null, injectReason: why, firewallReason: `firewall faults need a per-case namespace: ${why}`,
    stepTimeoutMs: 2000, caseTimeoutMs: 10000, platform,
  };
};
const linuxNoNamespace: RunSettings = { ...off('linux'), platform: 'linux', isolationReason: 'unshare: Operation not permitted' };

t.test('the catalogue loads', async (t) => {
  t.same(errors, []);
  t.ok(cases.length > 0);
});

for (const platform of ['darwin', 'win32']) {
  t.test(`${platform}: each case runs, or skips with the reason`, async (t) => {
    const s = off(platform);
    for (const kase of cases) {
      const ops = new Set<string>(kase.steps.filter((st) => st.role === 'harness').map((st) => st.op));
      const unmet = unmetRequirement(kase, s);
      const linuxOnly = ['sockets', 'freeze', 'thaw', 'firewall', 'link', 'inject', 'counters', 'await'].some((op) => ops.has(op))
        || kase.topology === 'two-hosts' || kase.sysctls !== undefined;
      if (linuxOnly) t.match(unmet, new RegExp(`\\(this is ${platform}\\)`), `${kase.id} skips, naming ${platform}`);
      else t.equal(unmet, null, `${kase.id} runs`);
    }
  });

  t.test(`${platform}: the reasons say what is missing`, async (t) => {
    const s = off(platform);
    t.equal(unmetRequirement(byId.get('connect/refused-closed-port')!, s), null, 'a loopback case with agent steps only');
    t.equal(unmetRequirement(byId.get('close/abortive-linger-zero')!, s), `needs the kernel's socket list (ss), which is Linux-only (this is ${platform})`);
    t.equal(unmetRequirement(byId.get('connect/syn-rejected')!, s), `needs a private network namespace: network namespaces are Linux-only (this is ${platform})`);
  });
}

t.test('freezing an agent (SIGSTOP, /proc) is Linux-only even when nothing else is needed', async (t) => {
  const freezing = { ...byId.get('connect/refused-closed-port')!, steps: [...byId.get('connect/refused-closed-port')!.steps, { role: 'harness' as const, op: 'freeze' as const, target: 'server' as const }] };
  t.equal(unmetRequirement(freezing, off('win32')), 'needs freezing an agent (SIGSTOP, seen stopped in /proc), which is Linux-only (this is win32)');
  t.equal(unmetRequirement(freezing, linuxNoNamespace), null, 'on Linux it works on the host');
});

t.test('on Linux without a namespace, listing sockets still works on the host', async (t) => {
  t.equal(unmetRequirement(byId.get('close/abortive-linger-zero')!, linuxNoNamespace), null);
});
