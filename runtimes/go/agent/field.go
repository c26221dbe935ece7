// One field's value against its type and range (op-spec.ts FieldType), as check-request.ts fieldProblem has it.
package main

import (
	"fmt"
	"math"
	"regexp"
	"strings"
)

var (
	ipv4 = regexp.MustCompile(`^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$`)
	ipv6 = regexp.MustCompile(`^[0-9a-fA-F:.]+$`)
	name = regexp.MustCompile(`^[\x20-\x7e]{1,63}$`)
)

// problem says why v is not a value of f (empty: it is).
func problem(f field, v any) string {
	wanted := func(what string) string { return fmt.Sprintf("field %q must be %s, got %s", f.key, what, show(v)) }
	s, isString := v.(string)
	switch f.typ {
	case tName:
		if !isString || !name.MatchString(s) {
			return wanted("a socket name (1-63 printable ASCII characters)")
		}
	case tHost:
		if !isString || !(ipv4.MatchString(s) || (ipv6.MatchString(s) && strings.Contains(s, ":"))) {
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
