//! What both programs' ops share (PROTOCOL.md "Requests"): a request's dispatch to its op, hello's features, the replies
//! neither std nor tokio makes differently (TCP_INFO, a socket option's result, read data) and the send pattern.
//! A program is its Ops; state and info are the library's, as TCP_INFO is src/raw.rs's under both.
use crate::json::Out;
use crate::outcome::{io_error, ok, unsupported, Outcome};
use crate::raw::{self, AsRaw};
use crate::request::Request;
use std::io;

/// One program's ops over the sockets it names; `run` hands each checked request to one of them.
pub trait Ops {
    /// The named socket, whatever its kind, for the raw socket calls.
    fn raw(&self, sock: &str) -> &dyn AsRaw;
    fn listen(&mut self, r: &Request) -> Outcome;
    fn reserve(&mut self, r: &Request) -> Outcome;
    fn connect(&mut self, r: &Request) -> Outcome;
    fn accept(&mut self, r: &Request) -> Outcome;
    fn send(&mut self, r: &Request) -> Outcome;
    fn recv(&mut self, r: &Request) -> Outcome;
    fn recv_all(&mut self, r: &Request) -> Outcome;
    fn shutdown(&mut self, r: &Request) -> Outcome;
    fn close(&mut self, r: &Request) -> Outcome;
    fn abort(&mut self, r: &Request) -> Outcome;
    fn setopt(&mut self, r: &Request) -> Outcome;
}

/// Runs one checked request (its op is one of request.rs's OPS) as the program's op of that name.
pub fn run<O: Ops + ?Sized>(ops: &mut O, r: &Request) -> Outcome {
    match r.op {
        "listen" => ops.listen(r),
        "reserve" => ops.reserve(r),
        "connect" => ops.connect(r),
        "accept" => ops.accept(r),
        "send" => ops.send(r),
        "recv" => ops.recv(r),
        "recvAll" => ops.recv_all(r),
        "shutdown" => ops.shutdown(r),
        "close" => ops.close(r),
        "abort" => ops.abort(r),
        // Neither std::net::TcpStream nor tokio's has a connect to AF_UNSPEC, and std has no libc here.
        "disconnect" => unsupported("Rust's TcpStream (std::net and tokio) has no disconnect: no connect to an AF_UNSPEC address (std::net::SocketAddr is V4 or V6 only)"),
        "setopt" => ops.setopt(r),
        "state" => info(ops.raw(&r.text("sock")), false),
        _ => info(ops.raw(&r.text("sock")), true),
    }
}

/// hello's features: what every Rust program honours, with `own` (the program's choices) in the middle.
pub fn features(own: &[&'static str]) -> Vec<&'static str> {
    let mut f = vec!["linger", "abort"];
    if raw::LINUX {
        f.extend(["state", "info"]);
    }
    f.extend(own);
    if raw::LINUX {
        f.extend(["user_timeout", "keepidle", "keepintvl", "keepcnt"]);
    }
    f.extend(["blocking", "sendBytes"]);
    f
}

/// state (TCP_INFO's state) or info (all it reports): neither std nor tokio has TCP_INFO, so both read it raw.
fn info(sock: &dyn AsRaw, all: bool) -> Outcome {
    match raw::tcp_info(sock) {
        Ok(i) if all => ok(vec![
            ("state", Out::text(raw::state_name(i.state))),
            ("retransmits", Out::Int(i.retransmits.into())),
            ("rto_us", Out::Int(i.rto_us.into())),
            ("backoff", Out::Int(i.backoff.into())),
            ("unacked", Out::Int(i.unacked.into())),
            ("lost", Out::Int(i.lost.into())),
            ("total_retrans", Out::Int(i.total_retrans.into())),
        ]),
        Ok(i) => ok(vec![("state", Out::text(raw::state_name(i.state)))]),
        Err(e) => set_result(Err(e), "getsockopt"),
    }
}

/// What a socket-option call gave: an option this platform lacks is unsupported, not an error.
pub fn set_result(r: io::Result<()>, syscall: &str) -> Outcome {
    match r {
        Ok(()) => ok(vec![]),
        Err(e) if e.kind() == io::ErrorKind::Unsupported && e.raw_os_error().is_none() => unsupported(e.to_string()),
        Err(e) => io_error(&e, syscall),
    }
}

/// A read's value: the bytes and their count, with eof when the peer's FIN ended it.
pub fn data_value(data: &[u8], eof: bool) -> Vec<(&'static str, Out)> {
    let mut v = vec![("data", Out::Bytes(data.to_vec())), ("bytes", Out::Int(data.len() as i64))];
    if eof {
        v.push(("eof", Out::Bool(true)));
    }
    v
}

const PATTERN: &[u8] = b"abcdefghijklmnopqrstuvwxyz";

/// `n` bytes of a-z repeated (PROTOCOL.md `bytes` on send).
pub fn pattern(n: usize) -> Vec<u8> {
    PATTERN.iter().copied().cycle().take(n).collect()
}
