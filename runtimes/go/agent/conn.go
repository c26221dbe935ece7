// The ops on a connection, as a Go program calls them on a *net.TCPConn: Write, Read under
// SetReadDeadline, CloseWrite / CloseRead, Close, SetLinger(0) then Close, and the setters.
package main

import (
	"errors"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
)

const pattern = "abcdefghijklmnopqrstuvwxyz"

func connOf(f map[string]any) (*entry, string) {
	e := sockets[f["sock"].(string)]
	switch {
	case e.conn != nil:
		return e, ""
	case e.ln != nil:
		return nil, "a listener: Go's net.TCPListener has no such call"
	case e.dialing != nil:
		return nil, "a connect in flight: DialContext gives no net.TCPConn until it returns; only close (its context's cancel) applies"
	}
	return nil, "a reserved port that package net could not hold (it cannot bind without listening)"
}

func dataValue(b []byte, eof bool) obj {
	runes := make([]rune, len(b)) // latin1: byte k is code point k
	for i, c := range b {
		runes[i] = rune(c)
	}
	v := obj{{"data", string(runes)}, {"bytes", len(b)}}
	if eof {
		v = append(v, kv{"eof", true})
	}
	return v
}

// One conn.Write: Go's Write itself loops until every byte is queued or an error comes (the poller
// waits out EAGAIN), so its result is a whole write or an error.
func opSend(f map[string]any) outcome {
	e, not := connOf(f)
	if e == nil {
		return outcome{unsupported: not}
	}
	var b []byte
	if n, isCount := f["bytes"].(float64); isCount {
		b = []byte(strings.Repeat(pattern, int(n)/len(pattern)+1)[:int(n)])
	} else {
		s := f["data"].(string)
		b = make([]byte, 0, len(s))
		for _, r := range s {
			b = append(b, byte(r))
		}
	}
	n, err := e.conn.Write(b)
	if err != nil {
		return outcome{err: goError(err, "write")}
	}
	return outcome{value: obj{{"bytes", n}}}
}

// One conn.Read under a read deadline: timeoutMs, or for a `blocking` recv the span setopt
// rcvtimeo gave (Go's idiom for a receive timeout; no deadline when none was set).
func opRecv(f map[string]any) outcome {
	e, not := connOf(f)
	if e == nil {
		return outcome{unsupported: not}
	}
	blocking := f["blocking"] == true
	deadline := time.Now().Add(span(ms(f, "timeoutMs")))
	if blocking {
		deadline = time.Time{}
		if e.rcvtimeo > 0 {
			deadline = time.Now().Add(e.rcvtimeo)
		}
	}
	e.conn.SetReadDeadline(deadline)
	buf := make([]byte, int(ms(f, "max")))
	n, err := e.conn.Read(buf)
	e.conn.SetReadDeadline(time.Time{})
	switch {
	case n > 0:
		return outcome{value: dataValue(buf[:n], false)}
	case errors.Is(err, io.EOF):
		return outcome{value: obj{{"eof", true}}}
	case isTimeout(err) && !blocking:
		return outcome{err: agentTimeout("nothing to read", ms(f, "timeoutMs"))}
	case err != nil:
		return outcome{err: goError(err, "read")}
	}
	return outcome{value: dataValue(nil, false)}
}

// Reads until `bytes` arrived, all under one deadline; EOF first gives what came, with eof.
func opRecvAll(f map[string]any) outcome {
	e, not := connOf(f)
	if e == nil {
		return outcome{unsupported: not}
	}
	want := int(ms(f, "bytes"))
	buf := make([]byte, want)
	e.conn.SetReadDeadline(time.Now().Add(span(ms(f, "timeoutMs"))))
	defer e.conn.SetReadDeadline(time.Time{})
	got := 0
	for got < want {
		n, err := e.conn.Read(buf[got:])
		got += n
		switch {
		case errors.Is(err, io.EOF):
			if got == 0 {
				return outcome{value: obj{{"eof", true}}}
			}
			return outcome{value: dataValue(buf[:got], true)}
		case isTimeout(err):
			return outcome{err: agentTimeout(strconv.Itoa(got)+" of "+strconv.Itoa(want)+" bytes arrived", ms(f, "timeoutMs"))}
		case err != nil:
			return outcome{err: goError(err, "read")}
		}
	}
	return outcome{value: dataValue(buf, false)}
}

// CloseWrite is shutdown(SHUT_WR), CloseRead shutdown(SHUT_RD); Go has no call for both, so both are called.
// A listener has no such call: its descriptor is reached through SyscallConn, as a Go program would.
func opShutdown(f map[string]any) outcome {
	if ln := sockets[f["sock"].(string)].ln; ln != nil {
		return shutdownListener(ln, f["how"].(string))
	}
	e, not := connOf(f)
	if e == nil {
		return outcome{unsupported: not}
	}
	var err error
	switch f["how"] {
	case "write":
		err = e.conn.CloseWrite()
	case "read":
		err = e.conn.CloseRead()
	default:
		if err = e.conn.CloseRead(); err == nil {
			err = e.conn.CloseWrite()
		}
	}
	if err != nil {
		return outcome{err: goError(err, "shutdown")}
	}
	return outcome{}
}

// Close frees the name whatever it returns: the descriptor is gone either way.
func opClose(f map[string]any) outcome {
	name := f["sock"].(string)
	e := sockets[name]
	delete(sockets, name)
	if err := closeEntry(e); err != nil {
		return outcome{err: goError(err, "close")}
	}
	return outcome{}
}

// SetLinger(0) then Close: Go's documented way to discard unsent data and reset (tcpsock.go).
func opAbort(f map[string]any) outcome {
	e, not := connOf(f)
	if e == nil {
		return outcome{unsupported: not}
	}
	if err := e.conn.SetLinger(0); err != nil {
		return outcome{err: goError(err, "setsockopt")}
	}
	return opClose(f)
}

// shutdown(2) on a listener's descriptor (TCPListener.SyscallConn, RawConn.Control): net.TCPListener has no
// shutdown, and on Linux SHUT_RD stops a listener (inet_shutdown() disconnects it), which Close would too.
func shutdownListener(ln *net.TCPListener, how string) outcome {
	h := map[string]int{"read": shutRD, "write": shutWR, "both": shutRDWR}[how]
	rc, err := ln.SyscallConn()
	if err != nil {
		return outcome{err: goError(err, "shutdown")}
	}
	var inner error
	if err := rc.Control(func(fd uintptr) { inner = shutdownFd(fd, h) }); err != nil {
		return outcome{err: goError(err, "shutdown")}
	}
	if inner != nil {
		return outcome{err: goError(inner, "shutdown")}
	}
	return outcome{}
}

// A connect to AF_UNSPEC: net.TCPConn has no such call, and syscall.Connect takes only the Sockaddr types
// package syscall defines (its Sockaddr interface has an unexported method; none is AF_UNSPEC).
func opDisconnect(f map[string]any) outcome {
	return outcome{unsupported: "Go has no disconnect: net.TCPConn has no connect to AF_UNSPEC, and syscall.Connect takes only package syscall's own Sockaddr types (syscall_unix.go: \"only we can define Sockaddrs\"), none of them AF_UNSPEC"}
}
