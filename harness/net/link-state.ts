// Takes a host's link down or up (ip link), so that a peer vanishes without FIN or RST, or comes back.
import { execa } from 'execa';
import { awaitUp, type Host } from './hosts.ts';
import { holderDo } from './holder-command.ts';

/** `ip link set <iface> down|up` in the host's namespace; up returns once the link is UP. Failure is text. */
export const setLinkState = async (host: Host, state: 'down' | 'up'): Promise<string | null> => {
  // Through the capture holding the namespace (rtnetlink, no spawn); a holder that cannot answer: ip, as before.
  if (host.holder != null) {
    const done = await holderDo(host.holder, `${state} ${host.iface}`);
    if (done !== 'unanswered') {
      if (done !== null || state === 'down') return done;
      const up = await holderDo(host.holder, `wait ${host.iface} ${host.address}`);
      if (up !== 'unanswered') return up;
    }
  }
  const [file, ...args] = [...host.prefix, 'ip', 'link', 'set', host.iface, state];
  const r = await execa(file!, args, { reject: false });
  if (r.exitCode !== 0) return `ip link set ${host.iface} ${state}: ${String(r.stderr).trim()}`;
  // Traffic flows again only once the link is UP, just after the command returns.
  return state === 'up' ? awaitUp(host.prefix, host.iface, host.address) : null;
};
