// Errors as Go shows them: the error's text (a *net.OpError's "read tcp a->b: read: connection
// reset by peer"), what errors.Is / errors.As finds (a syscall.Errno, net.ErrClosed,
// os.ErrDeadlineExceeded) as the name, beside the portable errno where there is one.
package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"syscall"
)

// errnoNames names the errno values sockets meet; EWOULDBLOCK is EAGAIN's value and reported as EAGAIN.
var errnoNames = map[syscall.Errno]string{
	syscall.EAGAIN: "EAGAIN", syscall.ECONNRESET: "ECONNRESET", syscall.EPIPE: "EPIPE",
	syscall.ECONNREFUSED: "ECONNREFUSED", syscall.ETIMEDOUT: "ETIMEDOUT", syscall.EADDRINUSE: "EADDRINUSE",
	syscall.EADDRNOTAVAIL: "EADDRNOTAVAIL", syscall.EHOSTUNREACH: "EHOSTUNREACH", syscall.ENETUNREACH: "ENETUNREACH",
	syscall.ENOTCONN: "ENOTCONN", syscall.EINVAL: "EINVAL", syscall.ECONNABORTED: "ECONNABORTED",
	syscall.EBADF: "EBADF", syscall.EINPROGRESS: "EINPROGRESS", syscall.EALREADY: "EALREADY",
	syscall.EISCONN: "EISCONN", syscall.ENOBUFS: "ENOBUFS", syscall.EACCES: "EACCES", syscall.EPERM: "EPERM",
	syscall.EMFILE: "EMFILE", syscall.ENFILE: "ENFILE", syscall.ENOMEM: "ENOMEM", syscall.EOPNOTSUPP: "EOPNOTSUPP",
	syscall.ENOPROTOOPT: "ENOPROTOOPT", syscall.EPROTONOSUPPORT: "EPROTONOSUPPORT", syscall.EINTR: "EINTR",
	syscall.ENETDOWN: "ENETDOWN", syscall.EHOSTDOWN: "EHOSTDOWN", syscall.ENETRESET: "ENETRESET",
	syscall.EAFNOSUPPORT: "EAFNOSUPPORT", syscall.ENOTSOCK: "ENOTSOCK", syscall.ESHUTDOWN: "ESHUTDOWN",
}

// isTimeout: the wait Go was told to bound (a deadline, a dial timeout) ran out. A kernel ETIMEDOUT
// is a syscall.Errno, whose Timeout() is true too, so errnos are told apart first.
func isTimeout(err error) bool {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return false
	}
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// goError is the error reply for err; `op` names the call when Go does not (no *os.SyscallError).
func goError(err error, op string) obj {
	var errno syscall.Errno
	var sysErr *os.SyscallError
	var opErr *net.OpError
	syscallName := op
	if errors.As(err, &sysErr) {
		syscallName = sysErr.Syscall
	} else if errors.As(err, &opErr) {
		syscallName = opErr.Op
	}
	if errors.As(err, &errno) {
		portable, known := errnoNames[errno]
		if !known {
			portable = fmt.Sprintf("E%d", int(errno))
		}
		return obj{{"errno", portable}, {"name", "syscall." + portable}, {"synthesized", false},
			{"syscall", syscallName}, {"message", err.Error()}}
	}
	// No failing syscall: Go decided (a closed net.Conn, a deadline, an address it refused).
	name := fmt.Sprintf("%T", errors.Unwrap(err))
	switch {
	case errors.Is(err, net.ErrClosed):
		name = "net.ErrClosed"
	case errors.Is(err, os.ErrDeadlineExceeded):
		name = "os.ErrDeadlineExceeded"
	}
	return obj{{"errno", nil}, {"name", name}, {"synthesized", true}, {"syscall", syscallName}, {"message", err.Error()}}
}

// agentTimeout is the protocol's agent-side wait running out (PROTOCOL.md, "Replies").
func agentTimeout(what string, ms float64) obj {
	return obj{{"errno", "ETIMEDOUT"}, {"name", "agent-timeout"}, {"synthesized", false}, {"syscall", nil},
		{"message", fmt.Sprintf("%s within %.0f ms", what, ms)}, {"timeout", true}}
}
