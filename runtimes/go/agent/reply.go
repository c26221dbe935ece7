// Replies as ordered JSON objects written as printable ASCII (PROTOCOL.md, "Bytes in replies").
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// kv is one member of an ordered JSON object: replies keep the protocol's field order.
type kv struct {
	k string
	v any
}

// obj is an ordered JSON object.
type obj []kv

// MarshalJSON writes the members in order; values use encoding/json.
func (o obj) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		key, _ := json.Marshal(m.k)
		b.Write(key)
		b.WriteByte(':')
		val, err := json.Marshal(m.v)
		if err != nil {
			return nil, err
		}
		b.Write(val)
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

// asciiOnly escapes every character outside 0x20-0x7e: encoding/json leaves 0x7f and non-ASCII raw.
func asciiOnly(s []byte) string {
	var b strings.Builder
	for _, r := range string(s) {
		if r >= 0x20 && r <= 0x7e {
			b.WriteRune(r)
		} else if r > 0xffff {
			r -= 0x10000
			fmt.Fprintf(&b, `\u%04x\u%04x`, 0xd800+(r>>10), 0xdc00+(r&0x3ff))
		} else {
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

// writeLine writes one reply; a stdout nobody reads any more ends the agent as stdin's EOF would.
func writeLine(out *bufio.Writer, o obj) {
	raw, err := o.MarshalJSON()
	if err != nil {
		raw, _ = obj{{"id", nil}, {"fault", "cannot encode the reply: " + err.Error()}}.MarshalJSON()
	}
	if _, err := out.WriteString(asciiOnly(raw) + "\n"); err == nil {
		err = out.Flush()
		if err == nil {
			return
		}
	}
	closeAll()
	os.Exit(1)
}
