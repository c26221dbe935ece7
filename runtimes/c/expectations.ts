// What the C agent is expected to do differently from the Linux kernel-layer expectation: platform notes (unverified).
import { defineExpectations } from '../../harness/case/define-expectations.ts';

export default defineExpectations({
  'rst/closed-port-answers-rst-ack': {
    divergences: [
      {
        role: 'client',
        platform: 'win32',
        verified: false,
        reason: 'Windows does not give up at the first RST: it retries the SYN (about 2 s on loopback, each retry answered by another RST) before connect() fails WSAECONNREFUSED',
        source: 'Microsoft Support KB 175523, INFO: Winsock TCP Connection Performance to Unused Ports (after a RST the pending connection keeps sending SYNs, without backing off, up to the registry\'s retry count); Microsoft Learn, TCP_INITIAL_RTO_PARAMETERS structure (mstcpip.h: MaxSynRetransmissions, TCP_INITIAL_RTO_NO_SYN_RETRANSMISSIONS); libuv/libuv src/win/tcp.c uv__tcp_try_connect() ("fail instantly ... instead of waiting for 2s")',
        wire: [
          { rule: 'count', segment: { from: 'client', flags: ['SYN'] }, min: 2, why: 'the SYN is retried' },
          { rule: 'count', segment: { from: 'server', flags: ['RST', 'ACK'], seq: 0 }, min: 2, why: 'each SYN is answered by its own RST+ACK' },
        ],
      },
    ],
  },
  'write/after-local-shutdown': {
    divergences: [
      {
        role: 'client',
        platform: 'win32',
        verified: false,
        reason: 'Winsock fails a send after shutdown(SD_SEND) with WSAESHUTDOWN, not an EPIPE: a C program sees that code itself (libuv-based runtimes map it to UV_EPIPE)',
        source: 'Microsoft Learn, Winsock send() (winsock2.h): WSAESHUTDOWN after shutdown() with SD_SEND; libuv src/win/error.c uv_translate_sys_error(): WSAESHUTDOWN → UV_EPIPE (unverified)',
        steps: { 'a write after the shutdown fails EPIPE': { error: 'ESHUTDOWN', synthesized: false } },
      },
    ],
  },
});
