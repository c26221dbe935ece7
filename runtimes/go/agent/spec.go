// The protocol's ops and fields as harness/protocol/op-spec.ts declares them (types, ranges,
// defaults, which socket a name must or must not be): the table request.go checks requests against.
package main

const (
	maxMs    = 2147483647
	maxBytes = 67108864
	maxID    = 9007199254740991
)

type fieldType int

const (
	tName fieldType = iota
	tHost
	tBytes
	tString
	tInt
	tBool
	tEnum
	tOptionValue
)

// field is one request field: its type, whether it is required, its default and range.
type field struct {
	key      string
	typ      fieldType
	required bool
	def      any
	min, max float64
	values   []string
	socket   string // "new": must name no socket yet; "existing": must name one
}

// opSpec is an op's fields, in op-spec.ts order, and the pair of which exactly one is given.
type opSpec struct {
	fields     []field
	exactlyOne []string
}

var (
	fNew     = field{key: "as", typ: tName, required: true, socket: "new"}
	fSock    = field{key: "sock", typ: tName, required: true, socket: "existing"}
	fHost    = field{key: "host", typ: tHost, required: true}
	fWait    = field{key: "timeoutMs", typ: tInt, min: 0, max: maxMs, def: 2000.0}
	fReuse   = field{key: "reuseAddr", typ: tBool}
	fHalf    = field{key: "allowHalfOpen", typ: tBool, def: false}
	fMptcp   = field{key: "mptcp", typ: tBool, def: false}
	portAny  = field{key: "port", typ: tInt, min: 0, max: 65535, def: 0.0}
	portNeed = field{key: "port", typ: tInt, min: 0, max: 65535, required: true}
)

var opSpecs = map[string]opSpec{
	"listen": {fields: []field{fNew, fHost, portAny,
		{key: "backlog", typ: tInt, min: 0, max: 65535, def: 16.0},
		{key: "pauseOnConnect", typ: tBool, def: false}, fHalf, fReuse, fMptcp}},
	"reserve": {fields: []field{fNew, fHost, portAny, fReuse}},
	"connect": {fields: []field{fNew, fHost, portNeed, fWait, fHalf,
		{key: "bindPort", typ: tInt, min: 1, max: 65535}, fReuse, {key: "inFlight", typ: tBool, def: false}, fMptcp}},
	"accept": {fields: []field{fSock, fNew, fWait}},
	"send": {fields: []field{fSock, {key: "data", typ: tBytes},
		{key: "bytes", typ: tInt, min: 0, max: maxBytes}, fWait}, exactlyOne: []string{"data", "bytes"}},
	"recv": {fields: []field{fSock, {key: "max", typ: tInt, min: 1, max: maxBytes, def: 65536.0}, fWait,
		{key: "blocking", typ: tBool, def: false}}},
	"recvAll":    {fields: []field{fSock, {key: "bytes", typ: tInt, min: 0, max: maxBytes, required: true}, fWait}},
	"shutdown":   {fields: []field{fSock, {key: "how", typ: tEnum, values: []string{"write", "read", "both"}, required: true}}},
	"close":      {fields: []field{fSock}},
	"abort":      {fields: []field{fSock}},
	"disconnect": {fields: []field{fSock}},
	"setopt": {fields: []field{fSock, {key: "name", typ: tString, required: true},
		{key: "value", typ: tOptionValue, required: true}}},
	"state": {fields: []field{fSock}},
	"info":  {fields: []field{fSock}},
}

// setoptValues types setopt's value by name (op-spec.ts SETOPT_NAMES); a name not here is unsupported.
var setoptValues = map[string]field{
	"linger":       {key: "value", typ: tInt, min: -2147483647, max: 2147483647},
	"nodelay":      {key: "value", typ: tBool},
	"keepalive":    {key: "value", typ: tBool},
	"rcvtimeo":     {key: "value", typ: tInt, min: 0, max: maxMs},
	"user_timeout": {key: "value", typ: tInt, min: 0, max: maxMs},
	"keepidle":     {key: "value", typ: tInt, min: 1, max: 32767},
	"keepintvl":    {key: "value", typ: tInt, min: 1, max: 32767},
	"keepcnt":      {key: "value", typ: tInt, min: 1, max: 127},
}
