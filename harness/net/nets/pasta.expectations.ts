// What pasta (passt 2023-03, Debian bookworm) does to a connect to a published port: measured on Linux 6.18 with C agents, both families.
import { defineExpectations } from '../../case/define-expectations.ts';

const PASST = 'passt.top/passt 2023_03_09.7c7625d (mirror AkihiroSuda/passt-mirror)';

export default defineExpectations({
  'connect/refused-closed-port': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: "the client's connect completes on pasta's published socket in the host namespace, which accepts it before anything is tried in the container; only then does pasta connect() inside the container (its SYN is answered by a RST+ACK, when the capture sees it before the case ends) and, that failing, close()s the client's accepted socket: the client sees a successful connect and then EOF (a FIN), never ECONNREFUSED (measured: connect ok, the read EOF within 10 ms; test/net/pasta-net.test.ts)",
      source: `${PASST}: tcp.c tcp_conn_from_sock() (accept4() on the published socket, then tcp_splice_conn_from_sock() for a loopback peer), tcp_splice.c tcp_splice_new() and tcp_splice_connect() (connect() in the namespace, non-blocking), tcp_splice_sock_handler() (EPOLLERR: goto close, conn_flag(CLOSING)), tcp_splice_destroy() (close() of both sockets: a FIN to the client); measured here --repeat 5`,
      steps: { 'client connects to the closed port': { ok: true } },
      // pasta's connect() inside the container comes after the accept, from its own event loop: the case (one connect) may end first.
      wire: [{ rule: 'absent', segment: { from: 'server', flags: ['SYN'] }, why: "nothing listens in the container: no SYN+ACK (pasta's SYN and the RST+ACK to it came after the case's end in 2 of 40 runs, measured)" }],
    }],
  },
});
