// The Go layer: where a program using package net (runtimes/go/agent) sees something other than
// the kernel layer (the C agent), measured here with Go 1.26.8 on Linux 6.18 (`sockspec --runtime go`,
// the pairs go:c and c:go, and repeated --fast runs). Three cases differ; every other step and
// segment of the catalogue is the kernel's, since package net makes the same syscalls a C program
// makes (on a non-blocking fd, waiting in the runtime's poller instead of in the kernel).
//
// Go's defaults, what an idiomatic program gets without asking, measured here with `ss -tnie` and
// `ss -M` beside a running agent, and what each changes in the catalogue:
// - SO_REUSEADDR on every listener (golang/go src/net/sockopt_linux.go setDefaultListenerSockopts,
//   called first in src/net/sock_posix.go (*netFD).listenStream): changes time-wait (below). The
//   agent clears it only when a request says reuseAddr: false (ListenConfig.Control runs after the
//   default and before bind); no catalogue case asks.
// - Backlog: net.core.somaxconn (src/net/sock_linux.go maxListenerBacklog; `ss -ltn` shows Send-Q
//   4096 here), never the request's `backlog`: package net takes none. No case fills a backlog.
// - TCP keep-alive on every dialed and accepted connection, 15 s idle and 15 s interval
//   (src/net/dial.go defaultTCPKeepAliveIdle / defaultTCPKeepAliveInterval, set in src/net/tcpsock.go
//   newTCPConn; `ss` shows timer:(keepalive,14sec,0) on both ends): no case keeps a connection idle
//   for 15 s, so no probe shows on any capture. A case that idled longer would see Go's probes where
//   C sends nothing (the kernel's own default is off, and 7200 s when on).
// - TCP_NODELAY on every connection (newTCPConn: setNoDelay(fd, true)): no case depends on Nagle.
// - Multipath TCP for listeners: the agent's go.mod says go 1.24, whose GODEBUG default
//   multipathtcp is on for listeners only (src/internal/godebugs/table.go; src/net/dial.go
//   defaultMPTCPEnabledListen and mptcpStatusListen.get; src/net/mptcpsock_linux.go listenMPTCP).
//   This kernel has net.mptcp.enabled=1, so every Go listener here is an IPPROTO_MPTCP socket
//   (`ss -Mln` lists it; its subflow shows tcp-ulp-mptcp), and with GODEBUG=multipathtcp=0 it is
//   plain TCP. Dialers stay plain TCP by default, so a client's SYN carries no MP_CAPABLE and the
//   kernel falls back to TCP for each accepted connection (`ss -tnie`: no tcp-ulp-mptcp on either
//   end): every case runs the same with and without it. Only GODEBUG=multipathtcp=1 (dialers too)
//   makes a Go-to-Go connection MPTCP (both ends then tcp-ulp-mptcp, `ss -M` shows the MPTCP
//   connection). The catalogue run that way (GODEBUG=multipathtcp=1 for both agents, measured
//   here) fails 10 of 22 cases, none of them a Go default: a reset of the one subflow does not end
//   the MPTCP connection (reads that should fail ECONNRESET, EPIPE or ETIMEDOUT wait on; writes
//   after it succeed), the closes are MPTCP DATA_FINs before the subflow's TCP FIN (orders on the
//   wire change), and a refused connect is tried twice (two SYNs, two RST+ACKs): dialMPTCP falls
//   back to a plain TCP dial after any error of the MPTCP one (src/net/mptcpsock_linux.go).
// - SIGPIPE: a write to a reset or shut-down connection returns EPIPE instead of killing the
//   program, because the runtime's handler ignores SIGPIPE for descriptors other than 1 and 2
//   (src/os/signal/doc.go "SIGPIPE"; src/runtime/signal_unix.go sigpipe, src/os/file_unix.go
//   epipecheck): the agent lists `nosignal`.
// - Errors: the *net.OpError text ("read tcp 127.0.0.1:a->127.0.0.1:b: read: connection reset by
//   peer") is the message; `name` is what errors.As / errors.Is finds (syscall.ECONNRESET and the
//   other syscall.Errno values, net.ErrClosed, os.ErrDeadlineExceeded); `syscall` is the
//   *os.SyscallError's call ("connect", "bind", "read"), else the OpError's Op; io.EOF is an EOF.
import { defineExpectations } from '../../harness/case/define-expectations.ts';

export default defineExpectations({
  'close/time-wait-after-active-close': {
    divergences: [
      {
        role: 'server',
        platform: 'linux',
        verified: true,
        reason: 'net.Listen sets SO_REUSEADDR on every listener before bind, with no option to leave it off in the ordinary calls: every Go listener, and every connection it accepts, has it, so a Go server can always listen again on a port its own closed connections hold in TIME_WAIT (the TIME_WAIT itself is the kernel\'s, as in C). Only a ListenConfig.Control that clears it undoes that',
        source: 'golang/go src/net/sockopt_linux.go setDefaultListenerSockopts (SO_REUSEADDR 1, "Allow reuse of recently-used addresses"), called first in src/net/sock_posix.go (*netFD).listenStream, before the Control hook and bind; measured here, Go 1.26.8',
        steps: {
          'plain: rebinding fails': { ok: true },
          'new socket reuses: rebinding still fails': { ok: true },
          'old socket reused: rebinding still fails': { ok: true },
        },
      },
      {
        role: 'server',
        platform: 'darwin',
        verified: false,
        reason: 'As on Linux, net.Listen sets SO_REUSEADDR on every listener on macOS and the BSDs, so every rebind past the server\'s own TIME_WAIT sockets succeeds. (On Windows Go sets nothing, on purpose: there SO_REUSEADDR would let a socket take a port in use, so the case\'s own Windows expectations stand)',
        source: 'golang/go src/net/sockopt_bsd.go setDefaultListenerSockopts (SO_REUSEADDR 1); src/net/sockopt_windows.go setDefaultListenerSockopts (nothing, with its reason); unverified',
        steps: {
          'plain: rebinding fails': { ok: true },
          'new socket reuses: rebinding still fails': { ok: true },
          'old socket reused: rebinding still fails': { ok: true },
        },
      },
    ],
  },
  'timeout/recv-timeout-sends-nothing': {
    divergences: [
      {
        role: 'client',
        verified: true,
        reason: 'package net has no SO_RCVTIMEO: a Go program bounds a read with conn.SetReadDeadline, which the runtime\'s poller enforces, since every net fd is non-blocking (read(2) returns EAGAIN at once and the goroutine parks until data or the deadline). The expired read fails with os.ErrDeadlineExceeded ("read tcp ...: i/o timeout"), which Go makes up without a failing syscall (no errno). As with the kernel, nothing is sent, the connection stays usable once the deadline is moved, and nothing is read ahead, so the second close with bytes unread still resets',
        source: 'golang/go src/net/net.go (*conn).SetReadDeadline; src/internal/poll/fd_unix.go (*FD).Read (EAGAIN -> pd.waitRead); src/internal/poll/fd_poll_runtime.go convertErr (ErrDeadlineExceeded), src/internal/poll/fd.go ErrDeadlineExceeded (exported as os.ErrDeadlineExceeded); measured here, Go 1.26.8',
        steps: {
          'the receive timeout expires': { error: null, errorName: 'os.ErrDeadlineExceeded', synthesized: true },
          'the second receive timeout expires': { error: null, errorName: 'os.ErrDeadlineExceeded', synthesized: true },
        },
      },
    ],
  },
  'close/linger-positive-blocks': {
    divergences: [
      {
        role: 'client',
        platform: 'linux',
        verified: true,
        reason: 'a lingering Close blocks its thread in close(2) the whole second as C\'s does, unless the runtime\'s own preemption signal lands while it waits: sysmon sends SIGURG (tgkill) to the thread of a goroutine it saw on one scheduling tick for 10 ms, and when the goroutine has entered close(2) by the time the signal comes, sk_stream_wait_close() stops on the pending signal and close returns 0 at once, the socket orphaned in FIN-WAIT-1 as after a full wait. It takes a loaded machine (the goroutine descheduled before the syscall): measured here under six busy loops on 2 cores, 4 of 560 runs returned within 0.2 ms (one traced with perf: a SIGURG delivered 9 us after its 83 us close(2)), 0 of 240 with GODEBUG=asyncpreemptoff=1, and 0 of 60 under two busy loops (first seen once, in a CI run). So a Go program gets at most, not exactly, its linger time',
        source: 'golang/go src/runtime/proc.go retake() (preemptone() for a P on one schedtick for forcePreemptNS, 10 ms) and preemptone() (skips a goroutine already in _Gsyscall, checked before the signal is sent), src/runtime/signal_unix.go preemptM() (signalM(mp, sigPreempt): SIGURG); Linux net/core/stream.c sk_stream_wait_close() (the wait ends on signal_pending()), net/ipv4/tcp.c __tcp_close(); measured here, Go 1.26.8, Linux 6.18',
        steps: { 'the close blocks the linger time, then returns 0': { ok: true, maxMs: 1900 } },
      },
    ],
  },
  // On the mptcp net (Dialer.SetMultipathTCP): a refused or timed-out MPTCP connect is tried again as plain TCP.
  'connect/syn-rejected': {
    divergences: [{
      role: 'client', nets: ['mptcp'], verified: true,
      reason: 'Go retries the refused MPTCP connect as plain TCP: a second SYN (a new socket, a new ISN), refused too, before the connect fails ECONNREFUSED',
      source: 'golang/go src/net/mptcpsock_linux.go dialMPTCP(): a dial that fails on IPPROTO_MPTCP is made again by dialTCP() (\"fallback in case of any error with MPTCP\"); measured here on the mptcp net, both families',
      wire: [
        { rule: 'count', segment: { from: 'client', flags: ['SYN'] }, min: 2, max: 2, why: 'the MPTCP SYN, then the plain TCP one' },
        { rule: 'count', segment: { from: 'server', flags: ['RST', 'ACK'] }, min: 2, max: 2, why: 'each refused' },
        { rule: 'absent', segment: { from: 'server', flags: ['SYN'] }, why: 'the listener never sees the SYN, so no SYN+ACK' },
      ],
    }],
  },
  'rst/closed-port-answers-rst-ack': {
    divergences: [{
      role: 'client', nets: ['mptcp'], verified: true,
      reason: 'Go retries the refused MPTCP connect as plain TCP: two SYNs (new ISN), each answered by its RST+ACK, before the connect fails ECONNREFUSED',
      source: 'golang/go src/net/mptcpsock_linux.go dialMPTCP(): a dial that fails on IPPROTO_MPTCP is made again by dialTCP() (\"fallback in case of any error with MPTCP\"); measured here on the mptcp net, both families',
      wire: [
        { rule: 'count', segment: { from: 'client', flags: ['SYN'] }, min: 2, max: 2, why: 'the MPTCP SYN, then the plain TCP one' },
        { rule: 'count', segment: { from: 'server', flags: ['RST', 'ACK'] }, min: 2, max: 2, why: 'each answered by a RST+ACK' },
        { rule: 'absent', segment: { from: 'server', flags: ['SYN'] }, why: 'nothing listens, so no SYN+ACK' },
      ],
    }],
  },
  'connect/syn-dropped': {
    divergences: [{
      role: 'client', nets: ['mptcp'], verified: true,
      reason: 'Go retries the timed-out MPTCP connect as plain TCP: the SYN and its 2 retransmissions twice over (6 s), then ETIMEDOUT',
      source: 'golang/go src/net/mptcpsock_linux.go dialMPTCP(): a dial that fails on IPPROTO_MPTCP is made again by dialTCP() (\"fallback in case of any error with MPTCP\"); measured here on the mptcp net, both families',
      wire: [
        { rule: 'count', segment: { from: 'client', flags: ['SYN'] }, min: 6, max: 6, why: 'three SYNs for each of the two attempts (tcp_syn_retries=1)' },
        { rule: 'absent', segment: { from: 'server' }, why: 'nothing ever answers' },
      ],
    }],
  },
});
