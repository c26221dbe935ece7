// One request line checked in the order of op-spec.ts REQUEST_RULES: the first rule that fails
// decides the reply (a fault, or unsupported for an unknown option set to true).
package main

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// checked is a request ready to run (op, fields with defaults filled in), or its fault or unsupported.
type checked struct {
	id          int64
	op          string
	fields      map[string]any
	fault       string
	unsupported string
}

func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func latin1(s string) bool {
	for _, r := range s {
		if r > 0xff {
			return false
		}
	}
	return true
}

// parseLine is rule 1: one flat JSON object of scalars whose strings are bytes (code points 0-255).
func parseLine(line string) (map[string]any, string) {
	dec := json.NewDecoder(strings.NewReader(line))
	dec.UseNumber()
	var parsed any
	if err := dec.Decode(&parsed); err != nil {
		return nil, "malformed JSON: " + err.Error()
	}
	if strings.TrimSpace(line[dec.InputOffset():]) != "" {
		return nil, "malformed JSON: text after the object"
	}
	m, isObject := parsed.(map[string]any)
	if !isObject {
		return nil, "a request must be a JSON object"
	}
	for k, v := range m {
		switch val := v.(type) {
		case map[string]any, []any:
			return nil, fmt.Sprintf("malformed request: nested value in %q (requests are flat)", k)
		case string:
			if !latin1(val) || !latin1(k) {
				return nil, fmt.Sprintf("malformed request: %q holds a character above U+00FF (strings are latin1 bytes)", k)
			}
		}
		if !latin1(k) {
			return nil, "malformed request: a key holds a character above U+00FF"
		}
	}
	return m, ""
}

// number reads a JSON number as a float64 (a value out of float range is no number).
func number(v any) (float64, bool) {
	n, isNumber := v.(json.Number)
	if !isNumber {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(n), 64)
	return f, err == nil
}

// checkRequest applies REQUEST_RULES 1-6 to one line.
func checkRequest(line string) checked {
	raw, fault := parseLine(line)
	if fault != "" {
		return checked{fault: fault}
	}
	idf, isNumber := number(raw["id"])
	if !isNumber || idf != math.Trunc(idf) || idf < 1 || idf > maxID {
		return checked{fault: fmt.Sprintf(`"id" must be a positive integer, got %s`, show(raw["id"]))}
	}
	c := checked{id: int64(idf)}
	op, _ := raw["op"].(string)
	spec, known := opSpecs[op]
	if !known {
		c.fault = "unknown op " + show(raw["op"])
		return c
	}
	for k, v := range raw {
		if v == true && k != "id" && k != "op" && !hasField(spec, k) {
			c.unsupported = fmt.Sprintf("the go agent does not know the option %q", k)
			return c
		}
	}
	c.op, c.fields = op, map[string]any{}
	given := map[string]bool{}
	for _, f := range spec.fields {
		v := raw[f.key]
		if v == nil {
			if f.required {
				c.fault = fmt.Sprintf("missing field %q", f.key)
				return c
			}
			if f.def != nil {
				c.fields[f.key] = f.def
			}
			continue
		}
		if p := problem(f, v); p != "" {
			c.fault = p
			return c
		}
		if n, isNumber := number(v); isNumber {
			v = n
		}
		if s, isString := v.(string); f.socket != "" && isString {
			_, taken := sockets[s]
			if f.socket == "existing" && !taken {
				c.fault = "unknown socket " + show(s)
				return c
			}
			if f.socket == "new" && taken {
				c.fault = fmt.Sprintf("socket name %s is already in use", show(s))
				return c
			}
		}
		c.fields[f.key], given[f.key] = v, true
	}
	if len(spec.exactlyOne) == 2 && given[spec.exactlyOne[0]] == given[spec.exactlyOne[1]] {
		c.fault = fmt.Sprintf("give exactly one of %q and %q", spec.exactlyOne[0], spec.exactlyOne[1])
		return c
	}
	if op == "setopt" {
		if f, named := setoptValues[c.fields["name"].(string)]; named {
			if p := problem(f, raw["value"]); p != "" {
				c.fault = fmt.Sprintf("%s (setopt %s)", p, show(c.fields["name"]))
			}
		}
	}
	return c
}

func hasField(spec opSpec, key string) bool {
	for _, f := range spec.fields {
		if f.key == key {
			return true
		}
	}
	return false
}
