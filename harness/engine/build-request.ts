// Turns a declarative step into the request an agent receives (PROTOCOL.md), resolving socket names to ports.
import type { AgentStep, RoleOptions } from '../case/case-types.ts';
import type { RequestDraft } from '../protocol/messages.ts';

/** What the harness knows about each named socket. */
export interface SocketInfo {
  role: string;
  /** The listening (or reserved) port, for `to:` and `portOf:`. */
  port?: number;
  /** A connected socket's own port, for `bindPortOf:`. */
  localPort?: number;
  /** The address a listener is bound to, for connecting to it. */
  address?: string;
}

const WAITING_OPS = new Set(['connect', 'accept', 'recv', 'recvAll']);

/** The request fields for a step, or a message when the step names a socket nobody made. */
export const buildRequest = (
  step: AgentStep, sockets: Map<string, SocketInfo>, options: RoleOptions, waitMs: number, address = '127.0.0.1',
): RequestDraft | { problem: string } => {
  const fields: RequestDraft = { op: step.op };
  if (step.as !== undefined) fields.as = step.as;
  if (step.sock !== undefined) {
    if (!sockets.has(step.sock)) return { problem: `step uses socket "${step.sock}" before any step made it` };
    fields.sock = step.sock;
  }
  if (step.op === 'listen' || step.op === 'reserve') fields.host = step.host ?? address;
  if (step.op === 'listen' || step.op === 'reserve') {
    const source = step.portOf === undefined ? undefined : sockets.get(step.portOf);
    if (step.portOf !== undefined && source?.port === undefined) return { problem: `\`portOf\` names "${step.portOf}", which has no port yet` };
    if (source?.port !== undefined) fields.port = source.port;
    else if (step.op === 'listen') fields.port = 0;
  }
  if (step.op === 'connect') {
    const target = step.to === undefined ? undefined : sockets.get(step.to);
    if (target?.port === undefined) return { problem: `connect needs \`to\`: a listened or reserved socket (got ${JSON.stringify(step.to)})` };
    // The listener's address: both roles share the family's loopback (127.0.0.1, ::1); on two hosts it is the server's.
    fields.host = step.host ?? target.address ?? address;
    fields.port = target.port;
    const bound = step.bindPortOf === undefined ? undefined : sockets.get(step.bindPortOf);
    if (step.bindPortOf !== undefined && bound?.localPort === undefined) return { problem: `\`bindPortOf\` names "${step.bindPortOf}", which has no local port` };
    if (bound?.localPort !== undefined) fields.bindPort = bound.localPort;
  }
  if (step.op === 'listen' || step.op === 'connect') Object.assign(fields, options[step.role] ?? {});
  Object.assign(fields, step.options ?? {});
  for (const key of ['data', 'bytes', 'max', 'how', 'name', 'value'] as const) {
    const v = step[key];
    if (v !== undefined) fields[key] = v;
  }
  if (WAITING_OPS.has(step.op)) fields.timeoutMs = waitMs;
  return fields;
};
