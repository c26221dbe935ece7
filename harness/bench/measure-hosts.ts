// What a case's isolation costs on its path: its namespace made (lo up, capture ready) and stopped.
import { createHosts } from '../net/hosts.ts';

/**
 * Ms per case, `n` times one after another: a loopback namespace held by its capture, from
 * spawn to ready, plus the capture's stop. The holder's exit is left out, as the suite leaves
 * it off the case's path (awaited once at the end of the run); it is awaited here between samples.
 */
export const measureHosts = async (captureBinary: string | null, n: number): Promise<number[] | { error: string }> => {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const hosts = await createHosts('loopback', captureBinary);
    if ('unavailable' in hosts) return { error: hosts.reason };
    await hosts.capture?.stop();
    times.push(performance.now() - t0);
    await hosts.close();
  }
  return times;
};
