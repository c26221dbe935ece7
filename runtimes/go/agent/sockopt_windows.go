// SO_REUSEADDR through a RawConn before bind, on Winsock's handle.
package main

import "syscall"

func setReuseAddr(fd uintptr, on bool) error {
	v := 0
	if on {
		v = 1
	}
	return syscall.SetsockoptInt(syscall.Handle(fd), syscall.SOL_SOCKET, syscall.SO_REUSEADDR, v)
}

const shutRD, shutWR, shutRDWR = syscall.SHUT_RD, syscall.SHUT_WR, syscall.SHUT_RDWR

// shutdown on a Winsock handle reached through a RawConn (a listener's: net has no call for it).
func shutdownFd(fd uintptr, how int) error { return syscall.Shutdown(syscall.Handle(fd), how) }
