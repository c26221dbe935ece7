// One field's value against its type and range (op-spec.ts FieldType), as check-request.ts fieldProblem has it.
package main

import (
	"fmt"
	"math"
	"strings"
)

// The checks are loops, not regexps: compiling three at start-up cost ~0.3 ms of CPU in every agent's start.

// isName: 1-63 printable ASCII characters (0x20-0x7e).
func isName(s string) bool {
	if len(s) < 1 || len(s) > 63 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// isIPv4: four dot-separated decimal octets 0-255, no leading zeros.
func isIPv4(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return false
	}
	for _, p := range parts {
		if len(p) < 1 || len(p) > 3 || (len(p) > 1 && p[0] == '0') {
			return false
		}
		n := 0
		for i := 0; i < len(p); i++ {
			if p[i] < '0' || p[i] > '9' {
				return false
			}
			n = n*10 + int(p[i]-'0')
		}
		if n > 255 {
			return false
		}
	}
	return true
}

// isIPv6ish: hex digits, colons and dots only, with at least one colon.
func isIPv6ish(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.') {
			return false
		}
	}
	return strings.Contains(s, ":")
}

// problem says why v is not a value of f (empty: it is).
func problem(f field, v any) string {
	wanted := func(what string) string { return fmt.Sprintf("field %q must be %s, got %s", f.key, what, show(v)) }
	s, isString := v.(string)
	switch f.typ {
	case tName:
		if !isString || !isName(s) {
			return wanted("a socket name (1-63 printable ASCII characters)")
		}
	case tHost:
		if !isString || !(isIPv4(s) || isIPv6ish(s)) {
			return wanted("a numeric IPv4 or IPv6 address")
		}
	case tBytes:
		if !isString {
			return wanted("a string of bytes")
		}
	case tString:
		if !isString {
			return wanted("a string")
		}
	case tBool:
		if _, isBool := v.(bool); !isBool {
			return wanted("a boolean")
		}
	case tEnum:
		for _, allowed := range f.values {
			if s == allowed && isString {
				return ""
			}
		}
		return wanted("one of " + show(f.values))
	case tInt:
		n, isNumber := number(v)
		if !isNumber || n != math.Trunc(n) || n < f.min || n > f.max {
			return wanted(fmt.Sprintf("an integer in [%.0f, %.0f]", f.min, f.max))
		}
	case tOptionValue:
		_, isBool := v.(bool)
		if _, isNumber := number(v); !isBool && !isNumber {
			return wanted("a number or a boolean")
		}
	}
	return ""
}
