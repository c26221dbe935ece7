// What lwIP 2.1.3 (Debian liblwip) does differently from the kernel layer, with the server's agent on it.
import { defineExpectations } from '../../../case/define-expectations.ts';

const LW = 'lwip-tcpip/lwip (STABLE-2_1_3_RELEASE) src/';

export default defineExpectations({
  'close/shutdown-read-still-receives': {
    divergences: [
      {
        role: 'server',
        platform: 'linux',
        verified: true,
        reason: "lwIP's shutdown(SHUT_RD) marks the socket's receive mailbox invalid, so every later recv() fails ENOTCONN (not EOF), and sets TF_RXCLOSED on the connection, whose next data segment aborts it: the data after the shutdown is answered by a RST+ACK (acknowledging it), the server's send then fails ECONNABORTED and the client reads ECONNRESET instead of the reply",
        source: `${LW}api/api_msg.c lwip_netconn_do_shutdown() (NETCONN_SHUT_RD: netconn_mark_mbox_invalid()), api/api_lib.c netconn_recv_data() (!NETCONN_RECVMBOX_WAITABLE: ERR_CONN, ENOTCONN), core/tcp.c tcp_shutdown() (shut_rx: TF_RXCLOSED), core/tcp_in.c tcp_input() ("received data although already closed -> abort (send RST)": tcp_abort()); measured here --repeat 5`,
        steps: {
          'server reads: EOF at once': { error: 'ENOTCONN' },
          'server still reads the data': { error: 'ENOTCONN' },
          'then EOF again': { error: 'ENOTCONN' },
          'server still sends': { error: 'ECONNABORTED' },
          'client reads the reply': { error: 'ECONNRESET' },
        },
        wire: [
          {
            rule: 'sequence',
            why: 'the data after the shutdown is answered by a RST+ACK that acknowledges it (tcp_abort(): tcp_rst() at rcv_nxt)',
            segments: [{ from: 'client', data: true }, { from: 'server', flags: ['RST', 'ACK'], ack: 'rcv.nxt' }],
          },
          { rule: 'absent', segment: { from: 'server', flags: ['FIN'] }, why: 'shutdown(SHUT_RD) sends nothing' },
        ],
      },
    ],
  },
});
