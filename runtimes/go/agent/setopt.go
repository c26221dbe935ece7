// setopt: the option setters of *net.TCPConn, and TCP_USER_TIMEOUT, which package net does not
// wrap, through the connection's RawConn (TCPConn.SyscallConn) as a Go program reaches it.
package main

import (
	"net"
	"time"
)

// linger: SetLinger (negative: off); nodelay: SetNoDelay; keepalive: SetKeepAlive; rcvtimeo: the
// span of a blocking recv's read deadline; user_timeout: TCP_USER_TIMEOUT through SyscallConn;
// keepidle, keepintvl, keepcnt: SetKeepAliveConfig (Go 1.23), the other two fields negative (unchanged).
func opSetopt(f map[string]any) outcome {
	name := f["name"].(string)
	if _, known := setoptValues[name]; !known {
		return outcome{unsupported: "the go agent has no option " + show(name)}
	}
	e, not := connOf(f)
	if e == nil {
		return outcome{unsupported: not}
	}
	var err error
	switch name {
	case "linger":
		err = e.conn.SetLinger(int(f["value"].(float64)))
	case "nodelay":
		err = e.conn.SetNoDelay(f["value"].(bool))
	case "keepalive":
		err = e.conn.SetKeepAlive(f["value"].(bool))
	case "rcvtimeo":
		e.rcvtimeo = span(f["value"].(float64))
	case "user_timeout":
		if !hasUserTimeout {
			return outcome{unsupported: "no TCP_USER_TIMEOUT on this platform"}
		}
		err = control(e.conn, func(fd uintptr) error { return setUserTimeout(fd, int(f["value"].(float64))) })
	case "keepidle", "keepintvl", "keepcnt":
		err = e.conn.SetKeepAliveConfig(keepTuning(name, int(f["value"].(float64))))
	}
	if err != nil {
		return outcome{err: goError(err, "setsockopt")}
	}
	return outcome{}
}

// keepTuning is a KeepAliveConfig that sets one of idle, interval and count: a negative field is
// left as it is (src/net/tcpsockopt_unix.go setKeepAliveIdle(), setKeepAliveInterval(), setKeepAliveCount()).
func keepTuning(name string, n int) net.KeepAliveConfig {
	c := net.KeepAliveConfig{Enable: true, Idle: -1, Interval: -1, Count: -1}
	switch name {
	case "keepidle":
		c.Idle = time.Duration(n) * time.Second
	case "keepintvl":
		c.Interval = time.Duration(n) * time.Second
	default:
		c.Count = n
	}
	return c
}

// control runs fn on the connection's descriptor (TCPConn.SyscallConn, RawConn.Control).
func control(c *net.TCPConn, fn func(fd uintptr) error) error {
	rc, err := c.SyscallConn()
	if err != nil {
		return err
	}
	var inner error
	if err := rc.Control(func(fd uintptr) { inner = fn(fd) }); err != nil {
		return err
	}
	return inner
}
