// Asks the capture holding a namespace to act in it (capture.c's commands, harness/net/holder-link.h): no spawn.
import type { CaptureSession } from '../capture/capture-session.ts';
import { TWO_HOSTS, type Family } from '../case/family.ts';

/** Bounds the holder's answer; its own waits (a link coming up: 2 s) end first. */
const ANSWER_MS = 5000;

/**
 * Runs one command line in the holder: null when it answered "ok", its words on an error, and
 * 'unanswered' when it could not answer (ended, stopped): the caller then spawns the tool instead.
 */
export const holderDo = async (holder: CaptureSession, line: string): Promise<string | null | 'unanswered'> => {
  const text = await holder.command(line, ANSWER_MS);
  if (text === null) return 'unanswered';
  if (text === 'ok') return null;
  return text.startsWith('error: ') ? text.slice('error: '.length) : `${line.split(' ')[0]}: ${text}`;
};

/** A command's outcome as hosts.ts reports one: null, or the reason (a holder that did not answer is gone, and its namespace with it). */
const must = async (holder: CaptureSession, line: string): Promise<string | null> => {
  const done = await holderDo(holder, line);
  return done === 'unanswered' ? `the capture holding the namespace did not answer "${line}"` : done;
};

/**
 * Joins two namespaces by a veth pair through their holders (rtnetlink, no spawn): what hosts.ts's
 * `ip -batch` commands and its wait for the link do, each holder in its own namespace. IPv6
 * addresses nodad, and kept when the link goes down (keep_addr_on_down: the link op brings it back).
 */
export const joinThroughHolders = async (
  server: CaptureSession, client: CaptureSession, clientPid: number, family: Family,
): Promise<string | null> => {
  const { server: sv, client: cl, prefix } = TWO_HOSTS[family];
  if (family === 'ipv6') {
    const kept = (await Promise.all([server, client].map((h) => must(h, 'sysctl net.ipv6.conf.all.keep_addr_on_down 1')))).find((x) => x !== null);
    if (kept !== undefined) return kept;
  }
  // One end up, then the other, as `ip` did: the second end's open turns the carrier on for both (veth_open()).
  return (await must(server, `veth sv0 cl0 ${clientPid}`))
    ?? (await must(server, `up sv0 ${sv}/${prefix}`))
    ?? (await must(client, `up cl0 ${cl}/${prefix}`))
    ?? (await Promise.all([must(server, `wait sv0 ${sv}/${prefix}`), must(client, `wait cl0 ${cl}/${prefix}`)])).find((x) => x !== null) ?? null;
};
