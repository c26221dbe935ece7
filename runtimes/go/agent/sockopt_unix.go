//go:build unix

// SO_REUSEADDR set through a RawConn before bind (ListenConfig.Control, Dialer.Control).
package main

import "syscall"

func setReuseAddr(fd uintptr, on bool) error {
	v := 0
	if on {
		v = 1
	}
	return syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_REUSEADDR, v)
}
