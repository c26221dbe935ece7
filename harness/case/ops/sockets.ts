// The harness lists the kernel's TCP sockets on the case's ports: "no TIME_WAIT after a RST", "the client is in FIN-WAIT-2".
import { bool, custom, either, exactlyOne, isObject, join, listOf, oneOf, posInt, str, type Infer } from '../shape-checks.ts';
import { broke, defineOp, held, opShape, trouble } from './harness-op.ts';

/** Period of a paced wait's readings, ms: at most this late after the state is reached. */
const PACE_MS = 1;

/** One state, or any of several (a runtime that ends its side at once passes FIN-WAIT-2 for TIME-WAIT). */
const states = either<string[], string>(Array.isArray, listOf(str, true), str);

const fields = opShape('sockets', {
  /** absent: no socket but the listener remains on the connection (e.g. no TIME_WAIT after a RST). */
  expect: exactlyOne({ connection: oneOf('absent'), clientState: states, serverState: states }, "one of { connection: 'absent' }, { clientState }, { serverState }"),
}, {
  /** Only the connections on this named socket's port (a listener's `as`): one of several a case opens. */
  portOf: str,
  /**
   * Polls the listing until the expectation holds, at most `timeoutMs`, and asserts nothing: for a next step that
   * must not run before the peer's kernel has handled a segment (the capture on loopback sees it sent, not handled).
   */
  pace: bool,
  /** Bound on a paced wait, ms (default: the runner's step timeout). */
  timeoutMs: posInt,
});
const shape = custom<Infer<typeof fields>>((v, k, out) => {
  fields(v, k, out);
  if (isObject(v) && v.timeoutMs !== undefined && v.pace !== true) {
    out.push({ key: join(k, 'timeoutMs'), message: `\`${join(k, 'timeoutMs')}\` bounds a paced wait: it goes with \`pace: true\` (without it the listing is read once)` });
  }
});
export type SocketsStep = Infer<typeof shape>;

const wantedOf = (e: SocketsStep['expect']): string => {
  if ('connection' in e) return 'no socket left on the connection (only the listener)';
  const server = 'serverState' in e;
  const state = server ? e.serverState : e.clientState;
  return `the ${server ? 'server' : 'client'} socket in ${Array.isArray(state) ? state.join(' or ') : state}`;
};

/** Lists sockets as ss would, read from the namespaces' /proc/<pid>/net/tcp and tcp6. */
export const sockets = defineOp({
  name: 'sockets',
  shape,
  // No /proc/net on macOS, no ss on Windows; the host's own table serves when there is no namespace.
  needs: { linux: "the kernel's socket list (ss)" },
  async run(step, ctx) {
    const { record } = ctx;
    const e = step.expect;
    const only = step.portOf === undefined ? undefined : ctx.portOf(step.portOf);
    if (step.portOf !== undefined && only === undefined) return trouble(`\`portOf\` names "${step.portOf}", which has no port yet`);
    const ports = new Set(only === undefined ? ctx.serverPorts : [only]);
    record.wanted = wantedOf(e);
    const origin = performance.now();
    const bound = ctx.within(step.timeoutMs ?? ctx.stepTimeoutMs);
    for (;;) {
      const listed = await ctx.machine.listSockets();
      if (!listed.ok) return trouble(listed.reason);
      // With portOf, the connections on that one port (its server end's local port, its client end's peer port).
      const conns = listed.sockets.filter((s) => s.state !== 'LISTEN' && s.state !== 'UNCONN'
        && (only === undefined || s.localPort === only || s.peerPort === only));
      // Each socket's armed timer too, as ss -o shows it: a runtime's own keep-alive is seen here.
      record.value = { sockets: conns.map((s) => `${s.state} ${s.local} ${s.peer}${s.timer === undefined ? '' : ` timer:(${s.timer})`}`) };
      let holds: boolean;
      if ('connection' in e) holds = conns.length === 0;
      else {
        const server = 'serverState' in e;
        const want = server ? e.serverState : e.clientState;
        const wanted = Array.isArray(want) ? want : [want];
        holds = conns.some((s) => ports.has(s.localPort) === server && wanted.includes(s.state));
      }
      if (holds) {
        record.ok = true;
        record.verdict = 'ok';
        if (step.pace === true) record.value = { ...record.value, waitedMs: Math.round((performance.now() - origin) * 10) / 10 };
        return held();
      }
      // Pacing: read again every PACE_MS until the bound. With a namespace's own small ehash a read takes ~0.1 ms
      // (namespace.ts), so reads back to back would spin a core the other running cases share.
      if (step.pace === true && performance.now() - origin < bound) {
        await new Promise((resolve) => setTimeout(resolve, PACE_MS));
        continue;
      }
      if (step.pace === true) {
        // The bound passed: the next step runs anyway; what follows (its expectations, the wire rules) judges.
        record.ok = true;
        record.verdict = 'ok';
        record.value = { ...record.value, waitedMs: Math.round((performance.now() - origin) * 10) / 10, came: false };
        return held();
      }
      record.ok = true;
      record.verdict = 'mismatch';
      const found = conns.length === 0 ? 'no sockets but the listener' : conns.map((s) => `${s.state} ${s.local} → ${s.peer}`).join('; ');
      return broke(record.wanted, found);
    }
  },
  words: (r, code) => r.pace === true
    ? `the harness lets the kernel reach ${wantedOf(r.expect as SocketsStep['expect'])}${typeof r.portOf === 'string' ? ` on ${code(r.portOf)}'s port` : ''} before the next step (reading its sockets, at most ${typeof r.timeoutMs === 'number' ? `${r.timeoutMs} ms` : 'the step bound'})`
    : "the harness lists the kernel's sockets on the case's ports (ss)",
});
