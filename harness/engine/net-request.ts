// A request as the run's net needs it: the net's own fields (mptcp: true) and, where the net forwards, the client's way to the listener.
import type { RequestDraft } from '../protocol/messages.ts';
import type { Hosts } from '../net/hosts.ts';
import { netNamed } from '../net/nets/index.ts';

/** The request with `net`'s fields merged in and a connect sent where Hosts.reach says; a problem is data. */
export const onNet = async (request: RequestDraft, net: string, hosts: Hosts | null): Promise<RequestDraft | { problem: string }> => {
  const op = request.op;
  const extra = op === 'listen' || op === 'connect' || op === 'reserve' ? netNamed(net)?.request?.[op] : undefined;
  const out: RequestDraft = extra === undefined ? request : { ...request, ...(extra as Record<string, string | number | boolean>) };
  if (op !== 'connect' || hosts?.reach === undefined || typeof out.host !== 'string' || typeof out.port !== 'number') return out;
  const to = await hosts.reach({ address: out.host, port: out.port });
  if ('problem' in to) return { problem: `the ${net} net cannot reach ${out.host} port ${out.port}: ${to.problem}` };
  return { ...out, host: to.host, port: to.port };
};
