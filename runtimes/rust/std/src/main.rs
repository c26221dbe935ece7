//! The Rust agent on std::net, used as an idiomatic Rust program uses it (PROTOCOL.md's ops; the channel is the library's).
//! Choices, and what std does underneath (rust-lang/rust library/std/src/net/tcp.rs and sys/net/connection/socket):
//! - listen is TcpListener::bind: socket, SO_REUSEADDR (set by std on Unix), bind, listen(128). std has no way to
//!   leave SO_REUSEADDR off or choose the backlog, so a request that asks for either is unsupported.
//! - connect is TcpStream::connect_timeout: a non-blocking connect(2), poll(2), SO_ERROR; std's own TimedOut
//!   (no OS error) is the agent's timeout. std cannot bind before connecting: bindPort is unsupported.
//! - recv and recvAll bound their wait with set_read_timeout (SO_RCVTIMEO), the std idiom, and restore the
//!   socket's own timeout (setopt rcvtimeo) afterwards; `blocking` reads with only the socket's own.
//! - accept has no timeout in std: the agent polls the listener first (src/raw.rs), then calls accept.
//! - send is one Write::write: one send(2) with MSG_NOSIGNAL; std also ignores SIGPIPE from start-up.
//! - close is drop; abort sets SO_LINGER {1, 0} and drops: TcpStream::set_linger is unstable (feature
//!   tcp_linger), so the setsockopt is src/raw.rs's, as are SO_KEEPALIVE, TCP_USER_TIMEOUT and TCP_INFO.
//! - reserve (bind without listen) has no std call: it is src/raw.rs's socket(2) and bind(2).
use sockspec_rust_agent::channel::{serve, Agent, Refusing, RUSTC_VERSION};
use sockspec_rust_agent::json::Out;
use sockspec_rust_agent::ops::{self, data_value, pattern, set_result, Ops};
use sockspec_rust_agent::outcome::{agent_timeout, io_error, ok, unsupported, Outcome};
use sockspec_rust_agent::raw::{self, AsRaw};
use sockspec_rust_agent::request::Request;
use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

enum Sock {
    Listener(TcpListener),
    Reserved(TcpListener),
    Stream { stream: TcpStream, rcvtimeo: Option<Duration> },
}

impl Sock {
    fn raw(&self) -> &dyn AsRaw {
        match self {
            Sock::Listener(l) | Sock::Reserved(l) => l,
            Sock::Stream { stream, .. } => stream,
        }
    }
}

struct StdAgent {
    socks: HashMap<String, Sock>,
}

fn ms(n: i64) -> Duration {
    // std refuses a zero timeout (InvalidInput); a microsecond still reads once what is already there.
    Duration::from_millis(n as u64).max(Duration::from_micros(1))
}

/// A read that ran out of its SO_RCVTIMEO: EAGAIN/EWOULDBLOCK on Unix, which std names WouldBlock (Winsock says
/// WSAETIMEDOUT). A kernel ETIMEDOUT on Unix (retransmissions or TCP_USER_TIMEOUT gave up) is TimedOut: a result.
fn expired(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::WouldBlock || (cfg!(windows) && e.kind() == io::ErrorKind::TimedOut)
}

impl StdAgent {
    fn stream(&self, r: &Request) -> Result<(&TcpStream, Option<Duration>), Outcome> {
        match self.socks.get(&r.text("sock")) {
            Some(Sock::Stream { stream, rcvtimeo }) => Ok((stream, *rcvtimeo)),
            _ => Err(unsupported(format!(
                "\"{}\" is a listener or a reserved port, not a std::net::TcpStream: std has no {} for it",
                r.text("sock"),
                r.op
            ))),
        }
    }
}

/// std's unix Socket::new_raw() (library/std/src/sys/net/connection/socket/unix.rs; sys/unix/net.rs before) is socket(fam, ty | SOCK_CLOEXEC, 0).
const NO_MPTCP: &str = "std::net opens every socket with protocol 0 (Socket::new_raw(): socket(fam, ty | SOCK_CLOEXEC, 0)): TcpListener::bind and TcpStream::connect cannot make an IPPROTO_MPTCP socket";

impl Ops for StdAgent {
    fn raw(&self, sock: &str) -> &dyn AsRaw {
        self.socks[sock].raw()
    }

    fn listen(&mut self, r: &Request) -> Outcome {
        if r.given("reuseAddr") && !r.flag("reuseAddr") {
            return unsupported("std::net::TcpListener::bind always sets SO_REUSEADDR on Unix; std cannot leave it off");
        }
        if r.given("backlog") {
            return unsupported("std::net::TcpListener::bind listens with a backlog of its own (128); std cannot choose it");
        }
        if r.flag("mptcp") {
            return unsupported(NO_MPTCP);
        }
        match TcpListener::bind(SocketAddr::new(r.host(), r.int("port") as u16)) {
            Ok(l) => {
                let port = l.local_addr().map_or(0, |a| a.port());
                self.socks.insert(r.text("as"), Sock::Listener(l));
                ok(vec![("port", Out::Int(port as i64))])
            }
            Err(e) => io_error(&e, "bind"),
        }
    }

    fn reserve(&mut self, r: &Request) -> Outcome {
        match raw::reserve(&SocketAddr::new(r.host(), r.int("port") as u16), r.flag("reuseAddr")) {
            Ok(l) => {
                let port = l.local_addr().map_or(0, |a| a.port());
                self.socks.insert(r.text("as"), Sock::Reserved(l));
                ok(vec![("port", Out::Int(port as i64))])
            }
            Err((e, syscall)) => set_result(Err(e), syscall),
        }
    }

    fn connect(&mut self, r: &Request) -> Outcome {
        if r.given("bindPort") {
            return unsupported("std::net::TcpStream::connect cannot bind a local port first");
        }
        if r.flag("reuseAddr") {
            return unsupported("std::net::TcpStream::connect cannot set SO_REUSEADDR before connecting");
        }
        // library/std/src/net/tcp.rs: connect and connect_timeout return the TcpStream only with the outcome.
        if r.flag("inFlight") {
            return unsupported("std::net::TcpStream::connect and connect_timeout hand over the stream only once the connect has an outcome: until then the program holds nothing to close, so a connect in flight cannot be abandoned");
        }
        if r.flag("mptcp") {
            return unsupported(NO_MPTCP);
        }
        let wait = r.int("timeoutMs");
        match TcpStream::connect_timeout(&SocketAddr::new(r.host(), r.int("port") as u16), ms(wait)) {
            Ok(stream) => {
                let port = stream.local_addr().map_or(0, |a| a.port());
                self.socks.insert(r.text("as"), Sock::Stream { stream, rcvtimeo: None });
                ok(vec![("localPort", Out::Int(port as i64))])
            }
            Err(e) if e.kind() == io::ErrorKind::TimedOut && e.raw_os_error().is_none() => agent_timeout("connect had no outcome", wait),
            Err(e) => io_error(&e, "connect"),
        }
    }

    fn accept(&mut self, r: &Request) -> Outcome {
        let Some(Sock::Listener(l)) = self.socks.get(&r.text("sock")) else {
            return unsupported("only a listener accepts");
        };
        let wait = r.int("timeoutMs");
        match raw::readable(l, wait as i32) {
            Ok(false) => return agent_timeout("no connection arrived", wait),
            Err(e) => return set_result(Err(e), "poll"),
            Ok(true) => {}
        }
        match l.accept() {
            Ok((stream, peer)) => {
                self.socks.insert(r.text("as"), Sock::Stream { stream, rcvtimeo: None });
                ok(vec![("remotePort", Out::Int(peer.port() as i64))])
            }
            Err(e) => io_error(&e, "accept"),
        }
    }

    fn send(&mut self, r: &Request) -> Outcome {
        let (mut stream, _) = match self.stream(r) {
            Ok(s) => s,
            Err(o) => return o,
        };
        let data = if r.given("bytes") { pattern(r.int("bytes") as usize) } else { r.bytes("data").to_vec() };
        match stream.write(&data) {
            Ok(n) => ok(vec![("bytes", Out::Int(n as i64))]),
            Err(e) => io_error(&e, "send"),
        }
    }

    fn recv(&mut self, r: &Request) -> Outcome {
        let (mut stream, own) = match self.stream(r) {
            Ok(s) => s,
            Err(o) => return o,
        };
        let wait = r.int("timeoutMs");
        let blocking = r.flag("blocking");
        if !blocking {
            if let Err(e) = stream.set_read_timeout(Some(ms(wait))) {
                return io_error(&e, "setsockopt");
            }
        }
        let mut buf = vec![0u8; r.int("max") as usize];
        let read = stream.read(&mut buf);
        if !blocking {
            let _ = stream.set_read_timeout(own);
        }
        match read {
            Ok(0) => ok(vec![("eof", Out::Bool(true))]),
            Ok(n) => ok(data_value(&buf[..n], false)),
            Err(e) if !blocking && expired(&e) => agent_timeout("nothing to read", wait),
            Err(e) => io_error(&e, "recv"),
        }
    }

    // Reads until `bytes` arrived. EOF first: what arrived, with eof. An error first: the error.
    fn recv_all(&mut self, r: &Request) -> Outcome {
        let (mut stream, own) = match self.stream(r) {
            Ok(s) => s,
            Err(o) => return o,
        };
        let wait = r.int("timeoutMs");
        let deadline = Instant::now() + Duration::from_millis(wait as u64);
        let total = r.int("bytes") as usize;
        let mut buf = vec![0u8; total];
        let mut got = 0;
        let mut outcome = None;
        while got < total && outcome.is_none() {
            let left = deadline.saturating_duration_since(Instant::now());
            if let Err(e) = stream.set_read_timeout(Some(left.max(Duration::from_micros(1)))) {
                outcome = Some(io_error(&e, "setsockopt"));
                break;
            }
            match stream.read(&mut buf[got..]) {
                Ok(0) => outcome = Some(ok(data_value(&buf[..got], true))),
                Ok(n) => got += n,
                Err(e) if expired(&e) => outcome = Some(agent_timeout(&format!("{got} of {total} bytes arrived"), wait)),
                Err(e) => outcome = Some(io_error(&e, "recv")),
            }
        }
        let _ = stream.set_read_timeout(own);
        outcome.unwrap_or_else(|| ok(data_value(&buf, false)))
    }

    fn shutdown(&mut self, r: &Request) -> Outcome {
        let (stream, _) = match self.stream(r) {
            Ok(s) => s,
            Err(o) => return o,
        };
        let how = match r.text("how").as_str() {
            "write" => Shutdown::Write,
            "read" => Shutdown::Read,
            _ => Shutdown::Both,
        };
        match stream.shutdown(how) {
            Ok(()) => ok(vec![]),
            Err(e) => io_error(&e, "shutdown"),
        }
    }

    fn close(&mut self, r: &Request) -> Outcome {
        self.socks.remove(&r.text("sock"));
        ok(vec![])
    }

    fn abort(&mut self, r: &Request) -> Outcome {
        let name = r.text("sock");
        match raw::set_linger(self.socks[&name].raw(), Some(0)) {
            Ok(()) => {
                self.socks.remove(&name);
                ok(vec![])
            }
            Err(e) => set_result(Err(e), "setsockopt"),
        }
    }

    fn setopt(&mut self, r: &Request) -> Outcome {
        let name = r.text("sock");
        let (n, on) = r.option_value();
        let option = r.text("name");
        let sock = &self.socks[&name];
        match option.as_str() {
            "linger" => set_result(raw::set_linger(sock.raw(), (n >= 0).then_some(n as i32)), "setsockopt"),
            "keepalive" => set_result(raw::set_keepalive(sock.raw(), on), "setsockopt"),
            "user_timeout" => set_result(raw::set_user_timeout(sock.raw(), n as u32), "setsockopt"),
            "keepidle" | "keepintvl" | "keepcnt" => set_result(raw::set_keep_tuning(sock.raw(), &option, n as u32), "setsockopt"),
            "nodelay" => match self.stream(r) {
                Ok((s, _)) => set_result(s.set_nodelay(on), "setsockopt"),
                Err(o) => o,
            },
            "rcvtimeo" => {
                let Some(Sock::Stream { stream, rcvtimeo }) = self.socks.get_mut(&name) else {
                    return unsupported("std::net::TcpListener has no read timeout");
                };
                let timeout = (n > 0).then(|| Duration::from_millis(n as u64));
                match stream.set_read_timeout(timeout) {
                    Ok(()) => {
                        *rcvtimeo = timeout;
                        ok(vec![])
                    }
                    Err(e) => io_error(&e, "setsockopt"),
                }
            }
            other => unsupported(format!("the rust agent has no option \"{}\"", other.chars().take(64).collect::<String>())),
        }
    }
}

impl Agent for StdAgent {
    fn version(&self) -> String {
        RUSTC_VERSION.to_string()
    }
    fn features(&self) -> Vec<&'static str> {
        ops::features(&["nosignal", "rcvtimeo", "keepalive"])
    }
    fn who(&self) -> &'static str {
        "rust"
    }
    fn has(&self, name: &str) -> bool {
        self.socks.contains_key(name)
    }
    fn run(&mut self, r: &Request) -> Outcome {
        ops::run(self, r)
    }
    fn close_all(&mut self) {
        self.socks.clear();
    }
}

fn main() {
    // `--unavailable <reason>`: the adapter's stand-in for a program that could not be built (every request unsupported).
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--unavailable") {
        let reason = args.get(3).cloned().unwrap_or_else(|| "this program could not be built".into());
        let who = if args.get(2).map(String::as_str) == Some("tokio") { "rust tokio" } else { "rust" };
        return serve(&mut Refusing { reason, who });
    }
    serve(&mut StdAgent { socks: HashMap::new() });
}
