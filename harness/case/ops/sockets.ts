// The harness lists the kernel's TCP sockets on the case's ports: "no TIME_WAIT after a RST", "the client is in FIN-WAIT-2".
import { exactlyOne, oneOf, str, type Infer } from '../shape-checks.ts';
import { broke, defineOp, held, opShape, trouble } from './harness-op.ts';

const shape = opShape('sockets', {
  /** absent: no socket but the listener remains on the connection (e.g. no TIME_WAIT after a RST). */
  expect: exactlyOne({ connection: oneOf('absent'), clientState: str, serverState: str }, "one of { connection: 'absent' }, { clientState }, { serverState }"),
});
export type SocketsStep = Infer<typeof shape>;

/** Lists sockets as ss would, read from the namespaces' /proc/<pid>/net/tcp and tcp6. */
export const sockets = defineOp({
  name: 'sockets',
  shape,
  // No /proc/net on macOS, no ss on Windows; the host's own table serves when there is no namespace.
  needs: { linux: "the kernel's socket list (ss)" },
  async run(step, ctx) {
    const listed = await ctx.machine.listSockets();
    if (!listed.ok) return trouble(listed.reason);
    const conns = listed.sockets.filter((s) => s.state !== 'LISTEN' && s.state !== 'UNCONN');
    const { record } = ctx;
    record.ok = true;
    // Each socket's armed timer too, as ss -o shows it: a runtime's own keep-alive is seen here.
    record.value = { sockets: conns.map((s) => `${s.state} ${s.local} ${s.peer}${s.timer === undefined ? '' : ` timer:(${s.timer})`}`) };
    const e = step.expect;
    const ports = new Set(ctx.serverPorts);
    let holds: boolean;
    if ('connection' in e) {
      record.wanted = 'no socket left on the connection (only the listener)';
      holds = conns.length === 0;
    } else {
      const server = 'serverState' in e;
      const state = server ? e.serverState : e.clientState;
      record.wanted = `the ${server ? 'server' : 'client'} socket in ${state}`;
      holds = conns.some((s) => ports.has(s.localPort) === server && s.state === state);
    }
    record.verdict = holds ? 'ok' : 'mismatch';
    const found = conns.length === 0 ? 'no sockets but the listener' : conns.map((s) => `${s.state} ${s.local} → ${s.peer}`).join('; ');
    return holds ? held() : broke(record.wanted, found);
  },
  words: () => "the harness lists the kernel's sockets on the case's ports (ss)",
});
