// state and info: TCP_INFO read from a connection's or listener's descriptor through SyscallConn,
// the way a Go program reaches what package net does not wrap; and the hello's feature list.
package main

import (
	"runtime"
	"syscall"
)

// features: what this agent honours beyond the core set (op-spec.ts FEATURES).
func features() []string {
	f := []string{"linger"}
	if hasTCPInfo {
		f = append(f, "state", "info")
	}
	f = append(f, "nosignal", "reuseAddr", "bindPort", "rcvtimeo", "keepalive")
	if hasUserTimeout {
		f = append(f, "user_timeout")
	}
	f = append(f, "keepidle", "keepintvl", "keepcnt")
	f = append(f, "blocking", "sendBytes", "abort", "inFlight")
	if runtime.GOOS == "linux" {
		f = append(f, "mptcp") // SetMultipathTCP opens IPPROTO_MPTCP sockets on Linux only (mptcpsock_linux.go); the mptcp net runs there only
	}
	return f
}

func rawInfo(f map[string]any) ([]byte, outcome) {
	if !hasTCPInfo {
		return nil, outcome{unsupported: "no TCP_INFO on this platform"}
	}
	e := sockets[f["sock"].(string)]
	var sc syscall.Conn
	switch {
	case e.conn != nil:
		sc = e.conn
	case e.ln != nil:
		sc = e.ln
	default:
		return nil, outcome{unsupported: "a reserved port that package net could not hold (it cannot bind without listening)"}
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nil, outcome{err: goError(err, "getsockopt")}
	}
	var b []byte
	var inner error
	if err := rc.Control(func(fd uintptr) { b, inner = readTCPInfo(fd) }); err != nil {
		return nil, outcome{err: goError(err, "getsockopt")}
	}
	if inner != nil {
		return nil, outcome{err: goError(inner, "getsockopt")}
	}
	return b, outcome{}
}

func opState(f map[string]any) outcome {
	b, failed := rawInfo(f)
	if b == nil {
		return failed
	}
	return outcome{value: obj{{"state", stateName(b[0])}}}
}

func opInfo(f map[string]any) outcome {
	b, failed := rawInfo(f)
	if b == nil {
		return failed
	}
	return outcome{value: tcpInfo(b)}
}
