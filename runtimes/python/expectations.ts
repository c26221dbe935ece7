// What the Python agent does differently from the Linux kernel-layer expectation: nothing, in
// the 22 cases of suites/, as measured here (13 runs of `sockspec --runtime python` under CPython
// 3.11.7, one or two each under 3.8.18, 3.11.2, 3.12.1 and 3.13.0, and the pairs c:python and
// python:c: every case passed, every step with the same outcome in every run). Python's socket
// module makes one syscall per call and raises its errno, so every step a case checks (errno,
// synthesized, EOF, data, state, the wire) is the kernel's:
// - the errno is the kernel's, named by CPython's OSError subclass (ConnectionResetError,
//   BrokenPipeError, ConnectionRefusedError, TimeoutError for a kernel ETIMEDOUT, BlockingIOError
//   for an expired SO_RCVTIMEO, plain OSError for EADDRINUSE or EHOSTUNREACH): cases compare the
//   errno, and a name only where they list `errorName`, which none does for the kernel layer;
// - writes to a reset or shut-down connection fail EPIPE rather than killing the agent, because
//   the interpreter ignores SIGPIPE from start-up (Python/pylifecycle.c), like MSG_NOSIGNAL in C;
// - close() never reports ECONNRESET (Modules/socketmodule.c sock_close, bpo-30319), but no case
//   expects close to fail.
// The one place Python's idiom parts from the kernel is sock.settimeout(), which the agent does not
// use for `rcvtimeo` (see agent.py): it is a poll inside Python, ending in a TimeoutError it makes
// up (socket.timeout before 3.10; errno None), and it leaves the fd O_NONBLOCK. A divergence
// belongs here once a case or a program variant shows one.
import { defineExpectations } from '../../harness/case/define-expectations.ts';

export default defineExpectations({});
