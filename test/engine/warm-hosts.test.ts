// Hosts made ahead: taken once, made on the spot when not warmed, and none outlives close().
import { existsSync, readlinkSync } from 'node:fs';
import t from 'tap';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';
import { prepareCapture } from '../../harness/capture/capture-binary.ts';
import type { LoadedCase } from '../../harness/case/case-types.ts';
import type { CaseJob } from '../../harness/engine/case-job.ts';
import { WarmHosts } from '../../harness/engine/warm-hosts.ts';

const skip = process.platform !== 'linux' || process.getuid?.() !== 0 ? 'network namespaces need root on Linux' : false;
const job = (topology?: 'two-hosts'): CaseJob => {
  const rt = { name: 'c', version: 'x', command: () => ({ file: 'false', args: [] }) };
  return { kase: { id: 'x/y', steps: [], ...(topology ? { topology } : {}) } as unknown as LoadedCase, variant: null, server: rt, client: rt, family: 'ipv4' };
};

t.test('warmed hosts are taken once; an unwarmed job gets fresh ones; close ends the rest', { skip }, async (t) => {
  const capture = await prepareCapture(defaultCacheDir());
  const warm = new WarmHosts(capture.ok ? capture.binary : null);
  const [a, b, c] = [job(), job('two-hosts'), job()];
  warm.warm(a);
  warm.warm(b);
  warm.warm(a); // once only
  const hostsA = (await warm.take(a)).hosts;
  if ('unavailable' in hostsA) throw new Error(hostsA.reason);
  t.not(readlinkSync(`/proc/${hostsA.server.pid}/ns/net`), readlinkSync('/proc/self/ns/net'), 'a namespace of its own');
  const hostsC = (await warm.take(c)).hosts;
  if ('unavailable' in hostsC) throw new Error(hostsC.reason);
  t.not(hostsC.server.pid, hostsA.server.pid, 'a job never warmed gets hosts of its own, made now');
  const again = (await warm.take(a)).hosts;
  if ('unavailable' in again) throw new Error(again.reason);
  t.not(again.server.pid, hostsA.server.pid, 'warmed hosts are handed out once');
  // b was warmed and never taken: close() must end both of its holders (read through the private map: nothing else names them).
  const bHosts = (await (warm as unknown as { made: Map<CaseJob, { making: Promise<{ hosts: { server: { pid: number }; client: { pid: number } } }> }> }).made.get(b)!.making).hosts;
  await warm.close();
  t.notOk(existsSync(`/proc/${bHosts.server.pid}`) || existsSync(`/proc/${bHosts.client.pid}`), 'the untaken two hosts are gone after close()');
  await Promise.all([hostsA.close(), hostsC.close(), again.close()]);
  t.notOk([hostsA, hostsC, again].some((h) => existsSync(`/proc/${h.server.pid}`)), 'and the taken ones close as usual');
});
