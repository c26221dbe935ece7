// Decides once per run what this machine allows: a namespace per case, and packet capture inside it.
import os from 'node:os';
import { createNamespace } from '../net/namespace.ts';
import { prepareCapture } from '../capture/capture-binary.ts';
import { probeFirewall } from '../net/firewall.ts';
import { prepareInject } from '../net/inject-binary.ts';
import type { Platform } from '../result/case-result.ts';
import { startSpawner } from '../toolchain/spawner.ts';

/** What the run can do here, and why not when it cannot: each null binary comes with its reason. */
export interface Abilities {
  isolation: boolean;
  isolationReason: string;
  captureBinary: string | null;
  captureReason: string;
  injectBinary: string | null;
  injectReason: string;
  /** Null when nft works in a case's namespace. */
  firewallReason: string | null;
}

/** The abilities, and the platform facts every report records. */
export interface Environment extends Abilities {
  platform: Platform;
}

/**
 * Probes by doing: creates (and removes) one namespace, and opens a capture socket inside it once.
 * Off Linux nothing is probed: namespaces, AF_PACKET capture, raw injection and nft are Linux's
 * (`platform` is a parameter so that decision can be tested anywhere).
 */
export const detectEnvironment = async (cacheDir: string, opts: { isolate: boolean; platform?: NodeJS.Platform }): Promise<Environment> => {
  const platformName = opts.platform ?? process.platform;
  // The run's processes start through the spawner (harness/toolchain/spawner.ts) once it is up; built meanwhile.
  const spawner = startSpawner(cacheDir);
  let isolation = false;
  let isolationReason = '';
  let captureBinary: string | null = null;
  let captureReason = '';
  let injectBinary: string | null = null;
  let injectReason = '';
  let firewallReason: string | null = null;
  if (!opts.isolate) isolationReason = 'namespaces turned off (--no-isolate)';
  else if (platformName !== 'linux') isolationReason = `network namespaces are Linux-only (this is ${platformName})`;
  else {
    const ns = await createNamespace();
    if ('unavailable' in ns) isolationReason = `${ns.reason} (a namespace per case needs root, or unprivileged user namespaces)`;
    else {
      isolation = true;
      const [cap, inject, firewall] = await Promise.all([prepareCapture(cacheDir, ns.prefix), prepareInject(cacheDir, ns.prefix), probeFirewall(ns.prefix)]);
      if (cap.ok) captureBinary = cap.binary;
      else captureReason = `no wire capture: ${cap.reason}`;
      if (inject.ok) injectBinary = inject.binary;
      else injectReason = inject.reason;
      firewallReason = firewall;
      await ns.close();
    }
  }
  if (!isolation) {
    captureReason = `no wire capture: it runs inside a per-case namespace, and ${isolationReason}`;
    injectReason = `it runs inside a per-case namespace, and ${isolationReason}`;
    firewallReason = `firewall faults need a per-case namespace: ${isolationReason}`;
  }
  await spawner;
  const platform: Platform = {
    os: platformName, release: os.release(), arch: process.arch, node: process.version,
    isolation: isolation ? 'netns' : 'none', capture: captureBinary !== null ? 'available' : 'unavailable',
    ...(captureBinary === null ? { captureReason } : {}),
  };
  return { platform, isolation, isolationReason, captureBinary, captureReason, injectBinary, injectReason, firewallReason };
};
