// The socket-making ops (listen, reserve, connect, accept) and the dispatch: package net's
// ListenConfig, Dialer and TCPListener, with what an idiomatic Go program gets by default.
package main

import (
	"context"
	"net"
	"strconv"
	"syscall"
	"time"
)

// entry is one named socket: a listener, a connection, or a port reserved and not held.
type entry struct {
	ln       *net.TCPListener
	conn     *net.TCPConn
	dialing  *dialing      // a connect in flight (inFlight): close cancels its DialContext
	rcvtimeo time.Duration // SetReadDeadline's span for a blocking recv (setopt rcvtimeo); 0: none
}

// dialing is a DialContext running in its own goroutine: cancel abandons it, done closes once it returned.
type dialing struct {
	cancel context.CancelFunc
	done   chan struct{}
}

var sockets = map[string]*entry{}

// outcome is what an op gives: a value, an error, unsupported, or a fault found only while running.
type outcome struct {
	value       obj
	err         obj
	unsupported string
	fault       string
}

var ops = map[string]func(map[string]any) outcome{
	"listen": opListen, "reserve": opReserve, "connect": opConnect, "accept": opAccept,
	"send": opSend, "recv": opRecv, "recvAll": opRecvAll, "shutdown": opShutdown,
	"close": opClose, "abort": opAbort, "disconnect": opDisconnect, "setopt": opSetopt, "state": opState, "info": opInfo,
}

func run(op string, f map[string]any) outcome { return ops[op](f) }

func ms(f map[string]any, key string) float64 { v, _ := f[key].(float64); return v }

func span(m float64) time.Duration { return time.Duration(m * float64(time.Millisecond)) }

func address(f map[string]any, port float64) (string, string) {
	host := f["host"].(string)
	if net.ParseIP(host) == nil {
		return "", "field \"host\" must be a numeric IPv4 or IPv6 address, got " + show(host)
	}
	return net.JoinHostPort(host, strconv.Itoa(int(port))), ""
}

// reuseControl sets SO_REUSEADDR to what the request asked, before bind; absent, Go's own default stays.
func reuseControl(f map[string]any) func(string, string, syscall.RawConn) error {
	want, asked := f["reuseAddr"].(bool)
	if !asked {
		return nil
	}
	return func(_, _ string, rc syscall.RawConn) error {
		var setErr error
		if err := rc.Control(func(fd uintptr) { setErr = setReuseAddr(fd, want) }); err != nil {
			return err
		}
		return setErr
	}
}

// Go's net.Listen: SO_REUSEADDR on every listener (sockopt_linux.go setDefaultListenerSockopts),
// backlog from net.core.somaxconn (the request's backlog has no Go equivalent), MPTCP where the
// kernel has it. reuseAddr false clears SO_REUSEADDR through ListenConfig.Control before bind.
func listen(f map[string]any) (*net.TCPListener, obj) {
	addr, bad := address(f, ms(f, "port"))
	if bad != "" {
		return nil, obj{{"fault", bad}}
	}
	lc := net.ListenConfig{Control: reuseControl(f)}
	if f["mptcp"] == true {
		lc.SetMultipathTCP(true) // the mptcp net: said outright, not left to Go's default
	}
	ln, err := lc.Listen(context.Background(), "tcp", addr)
	if err != nil {
		return nil, goError(err, "listen")
	}
	return ln.(*net.TCPListener), nil
}

func listenOutcome(f map[string]any, keep bool) outcome {
	ln, failed := listen(f)
	if failed != nil {
		if len(failed) == 1 && failed[0].k == "fault" {
			return outcome{fault: failed[0].v.(string)}
		}
		return outcome{err: failed}
	}
	port := ln.Addr().(*net.TCPAddr).Port
	if !keep {
		// package net cannot bind without listening: the port is found, then let go (held: false).
		ln.Close()
		sockets[f["as"].(string)] = &entry{}
		return outcome{value: obj{{"port", port}, {"held", false}}}
	}
	sockets[f["as"].(string)] = &entry{ln: ln}
	return outcome{value: obj{{"port", port}}}
}

func opListen(f map[string]any) outcome { return listenOutcome(f, true) }

func opReserve(f map[string]any) outcome { return listenOutcome(f, false) }

// net.Dialer with its defaults (keep-alive 15 s, no MPTCP for dialers); bindPort is Dialer.LocalAddr.
func opConnect(f map[string]any) outcome {
	addr, bad := address(f, ms(f, "port"))
	if bad != "" {
		return outcome{fault: bad}
	}
	d := net.Dialer{Control: reuseControl(f)}
	if f["mptcp"] == true {
		d.SetMultipathTCP(true) // the mptcp net: Dialer.SetMultipathTCP (Go 1.21), IPPROTO_MPTCP where the kernel has it
	}
	if port, bind := f["bindPort"].(float64); bind {
		any := net.IPv4zero
		if net.ParseIP(f["host"].(string)).To4() == nil {
			any = net.IPv6unspecified
		}
		d.LocalAddr = &net.TCPAddr{IP: any, Port: int(port)}
	}
	if f["inFlight"] == true {
		// The Go way to give up a dial: cancel its context; DialContext then closes the connecting socket.
		ctx, cancel := context.WithCancel(context.Background())
		dl := &dialing{cancel: cancel, done: make(chan struct{})}
		go func() {
			defer close(dl.done)
			if c, err := d.DialContext(ctx, "tcp", addr); err == nil {
				c.Close() // connected before the cancel: nobody holds it
			}
		}()
		sockets[f["as"].(string)] = &entry{dialing: dl}
		return outcome{value: obj{{"inFlight", true}}}
	}
	ctx, cancel := context.WithTimeout(context.Background(), max(span(ms(f, "timeoutMs")), time.Microsecond))
	defer cancel()
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		if isTimeout(err) {
			return outcome{err: agentTimeout("connect had no outcome", ms(f, "timeoutMs"))}
		}
		return outcome{err: goError(err, "dial")}
	}
	sockets[f["as"].(string)] = &entry{conn: c.(*net.TCPConn)}
	return outcome{value: obj{{"localPort", c.LocalAddr().(*net.TCPAddr).Port}}}
}

// Accept bounded by the listener's deadline (TCPListener.SetDeadline), cleared afterwards.
func opAccept(f map[string]any) outcome {
	e := sockets[f["sock"].(string)]
	if e.ln == nil {
		return outcome{unsupported: "not a listener: a Go net.TCPConn has no Accept"}
	}
	e.ln.SetDeadline(time.Now().Add(span(ms(f, "timeoutMs"))))
	c, err := e.ln.AcceptTCP()
	e.ln.SetDeadline(time.Time{})
	if err != nil {
		if isTimeout(err) {
			return outcome{err: agentTimeout("no connection arrived", ms(f, "timeoutMs"))}
		}
		return outcome{err: goError(err, "accept")}
	}
	sockets[f["as"].(string)] = &entry{conn: c}
	return outcome{value: obj{{"remotePort", c.RemoteAddr().(*net.TCPAddr).Port}}}
}

// closeAll is stdin's EOF: every socket closed the ordinary way.
func closeAll() {
	for n, e := range sockets {
		closeEntry(e)
		delete(sockets, n)
	}
}

func closeEntry(e *entry) error {
	switch {
	case e.conn != nil:
		return e.conn.Close()
	case e.ln != nil:
		return e.ln.Close()
	case e.dialing != nil:
		e.dialing.cancel()
		<-e.dialing.done
	}
	return nil
}
