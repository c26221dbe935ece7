// Linux only: TCP_USER_TIMEOUT and TCP_INFO, which package syscall has no wrapper for
// (include/uapi/linux/tcp.h: TCP_USER_TIMEOUT 18; struct tcp_info read through getsockopt(2)).
package main

import (
	"os"
	"syscall"
	"unsafe"
)

const (
	hasTCPInfo       = true
	hasUserTimeout   = true
	tcpUserTimeout   = 18
	tcpInfoSize      = 104 // up to tcpi_total_retrans: 8 u8 then 24 u32
	tcpiTotalRetrans = 100
)

// Linux's tcp_states.h order, with the kernel's own names.
var tcpStates = []string{"UNKNOWN", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
	"TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV"}

func setUserTimeout(fd uintptr, ms int) error {
	return os.NewSyscallError("setsockopt", syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, tcpUserTimeout, ms))
}

// readTCPInfo is getsockopt(fd, IPPROTO_TCP, TCP_INFO): the raw struct, zero-filled past what the kernel gave.
func readTCPInfo(fd uintptr) ([]byte, error) {
	buf := make([]byte, tcpInfoSize)
	size := uint32(len(buf))
	_, _, e := syscall.Syscall6(syscall.SYS_GETSOCKOPT, fd, syscall.IPPROTO_TCP, syscall.TCP_INFO,
		uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&size)), 0)
	if e != 0 {
		return nil, os.NewSyscallError("getsockopt", e)
	}
	return buf, nil
}

func u32(b []byte, at int) uint32 { return *(*uint32)(unsafe.Pointer(&b[at])) }

func stateName(n byte) string {
	if int(n) < len(tcpStates) {
		return tcpStates[n]
	}
	return "STATE_" + string(rune('0'+n/10)) + string(rune('0'+n%10))
}

// tcpInfo is the protocol's `info` subset (PROTOCOL.md): offsets of struct tcp_info's fields.
func tcpInfo(b []byte) obj {
	return obj{{"state", stateName(b[0])}, {"retransmits", b[2]}, {"rto_us", u32(b, 8)}, {"backoff", b[4]},
		{"unacked", u32(b, 24)}, {"lost", u32(b, 32)}, {"total_retrans", u32(b, tcpiTotalRetrans)}}
}
