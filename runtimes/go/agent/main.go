// sockspec Go agent (harness/protocol/PROTOCOL.md): package net as an idiomatic Go program uses it,
// so a reply is what a Go program sees. Requests are read one line at a time from stdin, checked
// against the protocol's op table (request.go, following harness/protocol/op-spec.ts), run
// (ops.go, conn.go) and answered on stdout, one JSON line each.
package main

import (
	"bufio"
	"io"
	"os"
	"runtime"
	"strings"
	"time"
)

// The agent is single-threaded in its requests: one is read, run and answered before the next.
func main() {
	out := bufio.NewWriter(os.Stdout)
	writeLine(out, hello())
	in := bufio.NewReaderSize(os.Stdin, 1<<16)
	for {
		line, err := in.ReadBytes('\n')
		if len(line) > 0 {
			writeLine(out, handle(strings.TrimRight(string(line), "\r\n")))
		}
		if err != nil {
			break // EOF (or a broken stdin): the harness is done or gone
		}
	}
	closeAll()
	if err := out.Flush(); err != nil && err != io.EOF {
		os.Exit(1)
	}
}

// hello names the toolchain the binary was built with (runtime.Version) and what it honours.
func hello() obj {
	return obj{
		{"hello", "sockspec-agent"}, {"protocol", 1}, {"runtime", "go"},
		{"version", strings.TrimPrefix(runtime.Version(), "go")}, {"pid", os.Getpid()},
		{"features", features()},
	}
}

// handle answers one request line: a fault, an unsupported, or the op's outcome with its timing.
func handle(line string) obj {
	checked := checkRequest(line)
	if checked.fault != "" {
		var id any
		if checked.id != 0 {
			id = checked.id
		}
		return obj{{"id", id}, {"fault", checked.fault}}
	}
	if checked.unsupported != "" {
		return obj{{"id", checked.id}, {"ok", false}, {"unsupported", checked.unsupported}}
	}
	start := time.Now()
	o := run(checked.op, checked.fields)
	took := time.Since(start)
	if o.fault != "" {
		return obj{{"id", checked.id}, {"fault", o.fault}}
	}
	reply := obj{{"id", checked.id}}
	switch {
	case o.unsupported != "":
		reply = append(reply, kv{"ok", false}, kv{"unsupported", o.unsupported})
	case o.err != nil:
		reply = append(reply, kv{"ok", false}, kv{"error", o.err})
	default:
		value := o.value
		if value == nil {
			value = obj{}
		}
		reply = append(reply, kv{"ok", true}, kv{"value", value})
	}
	ms := float64(start.UnixNano()) / 1e6
	return append(reply, kv{"t", obj{{"start", round3(ms)}, {"ms", round3(float64(took.Nanoseconds()) / 1e6)}}})
}

func round3(v float64) float64 { return float64(int64(v*1000+0.5)) / 1000 }
