// What gVisor's netstack (runsc 0.0~20221219) does differently from the kernel layer, with the server's agent in the sandbox.
import { defineExpectations } from '../../../case/define-expectations.ts';

// The netstack as Debian's runsc 0.0~20221219 builds it: google/gvisor at its last commit before 2022-12-20.
const GV = 'google/gvisor (2342c658, 2022-12-19) pkg/tcpip/transport/tcp/';

export default defineExpectations({
  'listen/shutdown-resets-queue': {
    divergences: [
      {
        role: 'server',
        platform: 'linux',
        verified: true,
        reason: "gVisor keeps a listener shut down for reading in LISTEN (its accept queue reset, as Linux does, RcvClosed set, its worker left to answer later segments with RST), and reports a listener readable only while its accept queue is not empty: poll() never wakes for the shut-down listener, so the agent's bounded wait before accept() runs out (accept(2) itself would fail EINVAL there: ErrInvalidEndpointState). Everything else is the kernel's: the queued connection's RST+ACK, the half-open one's RST for its data",
        source: `${GV}endpoint.go shutdownLocked() (StateListen with ShutdownRead: closePendingAcceptableConnectionsLocked(), the endpoint stays in LISTEN), Readiness() (StateListen: readable only with acceptQueue non-empty), Accept() (rcvClosed: ErrInvalidEndpointState); measured here --repeat 5 over IPv4 and IPv6`,
        steps: { 'a later accept fails': { errorName: 'agent-timeout' } },
      },
    ],
  },
});
