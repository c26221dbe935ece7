// The Go agent: package net as an idiomatic Go program uses it, standard library only (no go.sum).
// The go line sets the GODEBUG defaults the program gets (go.dev/doc/godebug): 1.24 is the first
// with multipathtcp's listener default on, which the runtime's expectations measure.
module sockspec.dev/agent/go

go 1.24
