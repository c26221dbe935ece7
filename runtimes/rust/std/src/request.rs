//! One request line checked against the protocol's op spec (harness/protocol/op-spec.ts OP_SPEC and REQUEST_RULES),
//! in the rules' order, before any op runs: the same checks the TypeScript agents make in check-request.ts.
use crate::json::{parse_object, Value};
use std::collections::HashSet;
use std::net::IpAddr;

/// The largest id (2^53 - 1) and ms value (a signed 32-bit millisecond count), as op-spec.ts has them.
pub const MAX_ID: f64 = 9007199254740991.0;
pub const MAX_MS: i64 = 2147483647;
/// The most bytes one send, recv or recvAll handles (64 MiB).
pub const MAX_BYTES: i64 = 67108864;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Ty {
    Name,
    Host,
    Bytes,
    Str,
    Int(i64, i64),
    Bool,
    How,
    OptionValue,
}

#[derive(Clone, Copy, PartialEq)]
enum Socket {
    No,
    New,
    Existing,
}

struct Field {
    key: &'static str,
    ty: Ty,
    required: bool,
    default: Option<Value>,
    socket: Socket,
}

const fn f(key: &'static str, ty: Ty) -> Field {
    Field { key, ty, required: false, default: None, socket: Socket::No }
}
const fn req(key: &'static str, ty: Ty) -> Field {
    Field { key, ty, required: true, default: None, socket: Socket::No }
}
const fn num(key: &'static str, ty: Ty, d: f64) -> Field {
    Field { key, ty, required: false, default: Some(Value::Num(d)), socket: Socket::No }
}
const AS: Field = Field { key: "as", ty: Ty::Name, required: true, default: None, socket: Socket::New };
const SOCK: Field = Field { key: "sock", ty: Ty::Name, required: true, default: None, socket: Socket::Existing };
const HOST: Field = req("host", Ty::Host);
const PORT: Ty = Ty::Int(0, 65535);
const WAIT: Field = num("timeoutMs", Ty::Int(0, MAX_MS), 2000.0);
const HALF_OPEN: Field =
    Field { key: "allowHalfOpen", ty: Ty::Bool, required: false, default: Some(Value::Bool(false)), socket: Socket::No };
const REUSE: Field = f("reuseAddr", Ty::Bool);

/// Every op of PROTOCOL.md's table, named as on the wire.
pub const OPS: [&str; 14] =
    ["listen", "reserve", "connect", "accept", "send", "recv", "recvAll", "shutdown", "close", "abort", "disconnect", "setopt", "state", "info"];

/// A Multipath TCP socket (IPPROTO_MPTCP), on listen and connect.
const MPTCP: Field = Field { key: "mptcp", ty: Ty::Bool, required: false, default: Some(Value::Bool(false)), socket: Socket::No };

fn fields_of(op: &str) -> Vec<Field> {
    match op {
        "listen" => vec![
            AS,
            HOST,
            num("port", PORT, 0.0),
            num("backlog", Ty::Int(0, 65535), 16.0),
            Field { key: "pauseOnConnect", ty: Ty::Bool, required: false, default: Some(Value::Bool(false)), socket: Socket::No },
            HALF_OPEN,
            REUSE,
            MPTCP,
        ],
        "reserve" => vec![AS, HOST, num("port", PORT, 0.0), REUSE],
        "connect" => vec![
            AS,
            HOST,
            req("port", PORT),
            WAIT,
            HALF_OPEN,
            f("bindPort", Ty::Int(1, 65535)),
            REUSE,
            Field { key: "inFlight", ty: Ty::Bool, required: false, default: Some(Value::Bool(false)), socket: Socket::No },
            MPTCP,
        ],
        "accept" => vec![SOCK, AS, WAIT],
        "send" => vec![SOCK, f("data", Ty::Bytes), f("bytes", Ty::Int(0, MAX_BYTES)), WAIT],
        "recv" => vec![
            SOCK,
            num("max", Ty::Int(1, MAX_BYTES), 65536.0),
            WAIT,
            Field { key: "blocking", ty: Ty::Bool, required: false, default: Some(Value::Bool(false)), socket: Socket::No },
        ],
        "recvAll" => vec![SOCK, req("bytes", Ty::Int(0, MAX_BYTES)), WAIT],
        "shutdown" => vec![SOCK, req("how", Ty::How)],
        "setopt" => vec![SOCK, req("name", Ty::Str), req("value", Ty::OptionValue)],
        _ => vec![SOCK],
    }
}

/// setopt's names and the type of their value (op-spec.ts SETOPT_NAMES); a name not here is the agent's to call unsupported.
fn setopt_type(name: &[u8]) -> Option<Ty> {
    match name {
        b"linger" => Some(Ty::Int(-MAX_MS, MAX_MS)),
        b"nodelay" | b"keepalive" => Some(Ty::Bool),
        b"rcvtimeo" | b"user_timeout" => Some(Ty::Int(0, MAX_MS)),
        b"keepidle" | b"keepintvl" => Some(Ty::Int(1, 32767)),
        b"keepcnt" => Some(Ty::Int(1, 127)),
        _ => None,
    }
}

/// A request that passed: its fields with defaults filled in (nulls dropped), and which the line gave.
#[derive(Debug)]
pub struct Request {
    pub id: u64,
    pub op: &'static str,
    fields: Vec<(&'static str, Value)>,
    given: HashSet<&'static str>,
}

impl Request {
    fn get(&self, key: &str) -> Option<&Value> {
        self.fields.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }
    /// Whether the line set this field (not a default).
    pub fn given(&self, key: &str) -> bool {
        self.given.contains(key)
    }
    /// An integer field (checked, so a number); 0 when absent without default.
    pub fn int(&self, key: &str) -> i64 {
        match self.get(key) {
            Some(Value::Num(n)) => *n as i64,
            _ => 0,
        }
    }
    /// A boolean field; false when absent.
    pub fn flag(&self, key: &str) -> bool {
        matches!(self.get(key), Some(Value::Bool(true)))
    }
    /// A string field as bytes; empty when absent.
    pub fn bytes(&self, key: &str) -> &[u8] {
        match self.get(key) {
            Some(Value::Str(s)) => s,
            _ => &[],
        }
    }
    /// A string field as text (names, hosts, enums: printable ASCII by the checks).
    pub fn text(&self, key: &str) -> String {
        self.bytes(key).iter().map(|&b| b as char).collect()
    }
    /// A checked host as an address.
    pub fn host(&self) -> IpAddr {
        self.text("host").parse().expect("checked host")
    }
    /// setopt's value: a number (booleans as 0/1).
    pub fn option_value(&self) -> (i64, bool) {
        match self.get("value") {
            Some(Value::Bool(b)) => (*b as i64, *b),
            Some(Value::Num(n)) => (*n as i64, *n != 0.0),
            _ => (0, false),
        }
    }
}

/// The verdict on one line: run it, or reply a fault (id None when unreadable) or unsupported.
pub enum Checked {
    Run(Request),
    Fault(Option<u64>, String),
    Unsupported(u64, String),
}

fn show(v: &Value) -> String {
    let mut s = String::new();
    match v {
        Value::Null => s.push_str("null"),
        Value::Bool(b) => s.push_str(&b.to_string()),
        Value::Num(n) => s.push_str(&n.to_string()),
        Value::Str(b) => crate::json::Out::Bytes(b[..b.len().min(64)].to_vec()).write(&mut s),
    }
    s
}

fn problem(key: &str, ty: Ty, v: &Value) -> Option<String> {
    let wanted = |what: &str| Some(format!("field \"{key}\" must be {what}, got {}", show(v)));
    match (ty, v) {
        (Ty::Name, Value::Str(s)) if (1..=63).contains(&s.len()) && s.iter().all(|c| (0x20..=0x7e).contains(c)) => None,
        (Ty::Name, _) => wanted("a socket name (1-63 printable ASCII characters)"),
        (Ty::Host, Value::Str(s)) if std::str::from_utf8(s).ok().and_then(|t| t.parse::<IpAddr>().ok()).is_some() => None,
        (Ty::Host, _) => wanted("a numeric IPv4 or IPv6 address"),
        (Ty::Bytes, Value::Str(_)) => None,
        (Ty::Bytes, _) => wanted("a string of bytes"),
        (Ty::Str, Value::Str(_)) => None,
        (Ty::Str, _) => wanted("a string"),
        (Ty::Bool, Value::Bool(_)) => None,
        (Ty::Bool, _) => wanted("a boolean"),
        (Ty::How, Value::Str(s)) if [&b"write"[..], b"read", b"both"].contains(&&s[..]) => None,
        (Ty::How, _) => wanted("one of \"write\", \"read\", \"both\""),
        (Ty::Int(lo, hi), Value::Num(n)) if n.fract() == 0.0 && *n >= lo as f64 && *n <= hi as f64 => None,
        (Ty::Int(lo, hi), _) => wanted(&format!("an integer in [{lo}, {hi}]")),
        (Ty::OptionValue, Value::Num(_) | Value::Bool(_)) => None,
        (Ty::OptionValue, _) => wanted("a number or a boolean"),
    }
}

/// One line against REQUEST_RULES; `has` says whether a socket name is taken; `who` names the agent in an unsupported reply.
pub fn check(line: &str, has: impl Fn(&str) -> bool, who: &str) -> Checked {
    let raw = match parse_object(line) {
        Ok(raw) => raw,
        Err(why) => return Checked::Fault(None, why),
    };
    let lookup = |key: &str| raw.iter().find(|(k, _)| k == key).map(|(_, v)| v);
    let id = match lookup("id") {
        Some(Value::Num(n)) if n.fract() == 0.0 && *n >= 1.0 && *n <= MAX_ID => *n as u64,
        other => return Checked::Fault(None, format!("\"id\" must be a positive integer, got {}", other.map_or("nothing".into(), show))),
    };
    let op = match lookup("op") {
        Some(Value::Str(s)) => OPS.iter().find(|o| o.as_bytes() == &s[..]).copied(),
        _ => None,
    };
    let Some(op) = op else {
        return Checked::Fault(Some(id), format!("unknown op {}", lookup("op").map_or("(none)".into(), show)));
    };
    let spec = fields_of(op);
    if let Some((key, _)) = raw.iter().find(|(k, v)| k != "id" && k != "op" && *v == Value::Bool(true) && !spec.iter().any(|f| f.key == k))
    {
        return Checked::Unsupported(id, format!("the {who} agent does not know the option \"{key}\""));
    }
    let mut fields = Vec::new();
    let mut given = HashSet::new();
    for field in &spec {
        match lookup(field.key) {
            None | Some(Value::Null) => {
                if field.required {
                    return Checked::Fault(Some(id), format!("missing field \"{}\"", field.key));
                }
                if let Some(d) = &field.default {
                    fields.push((field.key, d.clone()));
                }
            }
            Some(v) => {
                if let Some(p) = problem(field.key, field.ty, v) {
                    return Checked::Fault(Some(id), p);
                }
                if let Value::Str(name) = v {
                    let name: String = name.iter().map(|&b| b as char).collect();
                    if field.socket == Socket::Existing && !has(&name) {
                        return Checked::Fault(Some(id), format!("unknown socket {}", show(v)));
                    }
                    if field.socket == Socket::New && has(&name) {
                        return Checked::Fault(Some(id), format!("socket name {} is already in use", show(v)));
                    }
                }
                fields.push((field.key, v.clone()));
                given.insert(field.key);
            }
        }
    }
    if op == "send" && given.contains("data") == given.contains("bytes") {
        return Checked::Fault(Some(id), "give exactly one of \"data\" and \"bytes\"".into());
    }
    let request = Request { id, op, fields, given };
    if op == "setopt" {
        if let Some(ty) = setopt_type(request.bytes("name")) {
            if let Some(p) = problem("value", ty, request.get("value").unwrap_or(&Value::Null)) {
                return Checked::Fault(Some(id), format!("{p} (setopt \"{}\")", request.text("name")));
            }
        }
    }
    Checked::Run(request)
}
