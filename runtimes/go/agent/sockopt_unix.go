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

const shutRD, shutWR, shutRDWR = syscall.SHUT_RD, syscall.SHUT_WR, syscall.SHUT_RDWR

// shutdown(2) on a descriptor reached through a RawConn (a listener's: net has no call for it).
func shutdownFd(fd uintptr, how int) error { return syscall.Shutdown(int(fd), how) }
