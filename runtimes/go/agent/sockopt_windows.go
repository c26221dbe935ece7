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
