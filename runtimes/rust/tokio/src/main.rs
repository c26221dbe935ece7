//! The Rust agent's program `tokio`: tokio's TcpListener/TcpStream as a tokio program uses them (PROTOCOL.md's ops;
//! the channel is the library's). Each op runs to its end on a current-thread runtime (block_on), one at a time.
//! Choices, and what tokio does underneath (tokio-rs/tokio tokio/src/net/tcp, and mio, which it sits on):
//! - listen is TcpListener::bind (mio's TcpListener::bind: SO_REUSEADDR on Unix, backlog 128); a request that
//!   names reuseAddr or a backlog uses TcpSocket (set_reuseaddr, bind, listen(backlog)), tokio's way to choose them.
//! - reserve is TcpSocket::bind without listen; connect is TcpStream::connect, or TcpSocket (bind to bindPort, set_reuseaddr)
//!   then connect; every bounded wait (connect, accept, recv, recvAll) is tokio::time::timeout, whose Elapsed is the
//!   agent's timeout.
//! - send is one AsyncWriteExt::write: tokio polls one send(2) on the non-blocking socket and, when the buffer is
//!   full, waits for writability and tries again; its count (possibly partial) is the reply.
//! - shutdown write is AsyncWriteExt::shutdown (shutdown(2) SHUT_WR); tokio has no read shutdown: unsupported.
//! - close is drop; abort is TcpStream::set_zero_linger then drop (tokio deprecates set_linger for non-zero values:
//!   SO_LINGER blocks the thread in close, see stream.rs; setopt linger still uses it, as a program that asks would).
//! - rcvtimeo is unsupported: tokio's sockets are non-blocking, so SO_RCVTIMEO never ends a read; a tokio program
//!   bounds a read with tokio::time::timeout. keepalive (on a connected stream), TCP_USER_TIMEOUT and TCP_INFO are
//!   not in tokio: a program reaches for socket2::SockRef; here the library's raw module (../std/src/raw.rs) makes the same setsockopt/getsockopt,
//!   but for keep-alive tuning (keepidle, keepintvl, keepcnt) on a stream, which is socket2's TcpKeepalive itself.
use sockspec_rust_agent::channel::{serve, Agent, RUSTC_VERSION};
use sockspec_rust_agent::json::Out;
use sockspec_rust_agent::ops::{self, data_value, pattern, set_result, Ops};
use sockspec_rust_agent::outcome::{agent_timeout, io_error, ok, unsupported, Outcome};
use sockspec_rust_agent::raw::{self, AsRaw};
use sockspec_rust_agent::request::Request;
use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::runtime::Runtime;
use tokio::time::timeout;

enum Sock {
    Listener(TcpListener),
    Reserved(TcpSocket),
    Stream(TcpStream),
}

impl Sock {
    fn raw(&self) -> &dyn AsRaw {
        match self {
            Sock::Listener(l) => l,
            Sock::Reserved(s) => s,
            Sock::Stream(s) => s,
        }
    }
}

struct TokioAgent {
    rt: Runtime,
    socks: HashMap<String, Sock>,
    /// Connects in flight (inFlight), as spawned tasks: close aborts one, which drops its future and the socket.
    connecting: HashMap<String, tokio::task::JoinHandle<io::Result<TcpStream>>>,
}

fn ms(n: i64) -> Duration {
    Duration::from_millis(n as u64)
}

/// tokio::time::timeout, made inside the runtime (block_on polls it there): a Sleep made outside a runtime panics.
async fn bounded<F: std::future::Future>(wait: Duration, f: F) -> Result<F::Output, tokio::time::error::Elapsed> {
    timeout(wait, f).await
}

/// mptcp: tokio's TcpSocket has no protocol, so the socket is socket2's (Protocol::MPTCP: IPPROTO_MPTCP), handed to tokio.
fn new_socket_of(addr: &SocketAddr, mptcp: bool) -> io::Result<TcpSocket> {
    if !mptcp {
        return new_socket(addr);
    }
    let s = socket2::Socket::new(socket2::Domain::for_address(*addr), socket2::Type::STREAM, Some(socket2::Protocol::MPTCP))?;
    s.set_nonblocking(true)?;
    Ok(TcpSocket::from_std_stream(std::net::TcpStream::from(s)))
}

fn new_socket(addr: &SocketAddr) -> io::Result<TcpSocket> {
    if addr.is_ipv4() {
        TcpSocket::new_v4()
    } else {
        TcpSocket::new_v6()
    }
}

fn port(p: u16) -> Vec<(&'static str, Out)> {
    vec![("port", Out::Int(p as i64))]
}

/// The request's socket as a stream; a free function so the runtime (another field) can be borrowed beside it.
fn stream<'a>(socks: &'a mut HashMap<String, Sock>, r: &Request) -> Result<&'a mut TcpStream, Outcome> {
    match socks.get_mut(&r.text("sock")) {
        Some(Sock::Stream(s)) => Ok(s),
        _ => Err(unsupported(format!(
            "\"{}\" is a listener or a reserved port, not a tokio::net::TcpStream: tokio has no {} for it",
            r.text("sock"),
            r.op
        ))),
    }
}

impl Ops for TokioAgent {
    fn raw(&self, sock: &str) -> &dyn AsRaw {
        self.socks[sock].raw()
    }

    fn listen(&mut self, r: &Request) -> Outcome {
        let addr = SocketAddr::new(r.host(), r.int("port") as u16);
        let listened = self.rt.block_on(async {
            let mptcp = r.flag("mptcp");
            if !r.given("reuseAddr") && !r.given("backlog") && !mptcp {
                return TcpListener::bind(addr).await.map_err(|e| (e, "bind"));
            }
            let socket = new_socket_of(&addr, mptcp).map_err(|e| (e, "socket"))?;
            if r.given("reuseAddr") {
                socket.set_reuseaddr(r.flag("reuseAddr")).map_err(|e| (e, "setsockopt"))?;
            } else if mptcp {
                socket.set_reuseaddr(true).map_err(|e| (e, "setsockopt"))?; // as TcpListener::bind (mio) does on Unix
            }
            socket.bind(addr).map_err(|e| (e, "bind"))?;
            // Unasked, TcpListener::bind's backlog (mio's TcpListener::bind: 128, std's value).
            socket.listen(if r.given("backlog") { r.int("backlog") as u32 } else { 128 }).map_err(|e| (e, "listen"))
        });
        match listened {
            Ok(l) => {
                let p = l.local_addr().map_or(0, |a| a.port());
                self.socks.insert(r.text("as"), Sock::Listener(l));
                ok(port(p))
            }
            Err((e, syscall)) => io_error(&e, syscall),
        }
    }

    fn reserve(&mut self, r: &Request) -> Outcome {
        let addr = SocketAddr::new(r.host(), r.int("port") as u16);
        let _entered = self.rt.enter();
        let bound = (|| {
            let socket = new_socket(&addr).map_err(|e| (e, "socket"))?;
            if r.flag("reuseAddr") {
                socket.set_reuseaddr(true).map_err(|e| (e, "setsockopt"))?;
            }
            socket.bind(addr).map_err(|e| (e, "bind"))?;
            Ok::<_, (io::Error, &str)>(socket)
        })();
        match bound {
            Ok(s) => {
                let p = s.local_addr().map_or(0, |a| a.port());
                self.socks.insert(r.text("as"), Sock::Reserved(s));
                ok(port(p))
            }
            Err((e, syscall)) => io_error(&e, syscall),
        }
    }

    fn connect(&mut self, r: &Request) -> Outcome {
        let addr = SocketAddr::new(r.host(), r.int("port") as u16);
        let wait = r.int("timeoutMs");
        if r.flag("inFlight") {
            if r.given("bindPort") || r.flag("reuseAddr") || r.flag("mptcp") {
                return unsupported("inFlight here is TcpStream::connect alone (no bindPort, no reuseAddr, no mptcp)");
            }
            let task = self.rt.spawn(TcpStream::connect(addr));
            // One turn of the current-thread runtime polls the task: TcpStream::connect's connect(2) (the SYN), then Pending.
            self.rt.block_on(async {
                for _ in 0..3 {
                    tokio::task::yield_now().await;
                }
            });
            self.connecting.insert(r.text("as"), task);
            return ok(vec![("inFlight", Out::Bool(true))]);
        }
        let connected = self.rt.block_on(bounded(ms(wait), async {
            if !r.given("bindPort") && !r.flag("reuseAddr") && !r.flag("mptcp") {
                return TcpStream::connect(addr).await.map_err(|e| (e, "connect"));
            }
            let socket = new_socket_of(&addr, r.flag("mptcp")).map_err(|e| (e, "socket"))?;
            socket.set_reuseaddr(r.flag("reuseAddr")).map_err(|e| (e, "setsockopt"))?;
            if r.given("bindPort") {
                let any = if addr.is_ipv4() { IpAddr::V4(Ipv4Addr::UNSPECIFIED) } else { IpAddr::V6(Ipv6Addr::UNSPECIFIED) };
                socket.bind(SocketAddr::new(any, r.int("bindPort") as u16)).map_err(|e| (e, "bind"))?;
            }
            socket.connect(addr).await.map_err(|e| (e, "connect"))
        }));
        match connected {
            Err(_) => agent_timeout("connect had no outcome", wait),
            Ok(Err((e, syscall))) => io_error(&e, syscall),
            Ok(Ok(stream)) => {
                let p = stream.local_addr().map_or(0, |a| a.port());
                self.socks.insert(r.text("as"), Sock::Stream(stream));
                ok(vec![("localPort", Out::Int(p as i64))])
            }
        }
    }

    fn accept(&mut self, r: &Request) -> Outcome {
        let Some(Sock::Listener(l)) = self.socks.get(&r.text("sock")) else {
            return unsupported("only a listener accepts");
        };
        let wait = r.int("timeoutMs");
        match self.rt.block_on(bounded(ms(wait), l.accept())) {
            Err(_) => agent_timeout("no connection arrived", wait),
            Ok(Err(e)) => io_error(&e, "accept"),
            Ok(Ok((stream, peer))) => {
                self.socks.insert(r.text("as"), Sock::Stream(stream));
                ok(vec![("remotePort", Out::Int(peer.port() as i64))])
            }
        }
    }

    fn send(&mut self, r: &Request) -> Outcome {
        let data = if r.given("bytes") { pattern(r.int("bytes") as usize) } else { r.bytes("data").to_vec() };
        let rt = &self.rt;
        let stream = match stream(&mut self.socks, r) {
            Ok(s) => s,
            Err(o) => return o,
        };
        match rt.block_on(stream.write(&data)) {
            Ok(n) => ok(vec![("bytes", Out::Int(n as i64))]),
            Err(e) => io_error(&e, "send"),
        }
    }

    fn recv(&mut self, r: &Request) -> Outcome {
        let wait = r.int("timeoutMs");
        let blocking = r.flag("blocking");
        let mut buf = vec![0u8; r.int("max") as usize];
        let rt = &self.rt;
        let stream = match stream(&mut self.socks, r) {
            Ok(s) => s,
            Err(o) => return o,
        };
        // `blocking`: no bound but the harness's (tokio has no SO_RCVTIMEO to end the read).
        let read = if blocking { Ok(rt.block_on(stream.read(&mut buf))) } else { rt.block_on(bounded(ms(wait), stream.read(&mut buf))) };
        match read {
            Err(_) => agent_timeout("nothing to read", wait),
            Ok(Ok(0)) => ok(vec![("eof", Out::Bool(true))]),
            Ok(Ok(n)) => ok(data_value(&buf[..n], false)),
            Ok(Err(e)) => io_error(&e, "recv"),
        }
    }

    // Reads until `bytes` arrived. EOF first: what arrived, with eof. An error first: the error.
    fn recv_all(&mut self, r: &Request) -> Outcome {
        let wait = r.int("timeoutMs");
        let total = r.int("bytes") as usize;
        let rt = &self.rt;
        let stream = match stream(&mut self.socks, r) {
            Ok(s) => s,
            Err(o) => return o,
        };
        let mut buf = vec![0u8; total];
        let mut got = 0;
        let read = rt.block_on(bounded(ms(wait), async {
            while got < total {
                match stream.read(&mut buf[got..]).await? {
                    0 => return Ok(true),
                    n => got += n,
                }
            }
            Ok::<bool, io::Error>(false)
        }));
        match read {
            Err(_) => agent_timeout(&format!("{got} of {total} bytes arrived"), wait),
            Ok(Ok(eof)) => ok(data_value(&buf[..got], eof)),
            Ok(Err(e)) => io_error(&e, "recv"),
        }
    }

    fn shutdown(&mut self, r: &Request) -> Outcome {
        if r.text("how") != "write" {
            return unsupported("tokio's TcpStream shuts down only its write half (AsyncWriteExt::shutdown): no read shutdown");
        }
        let rt = &self.rt;
        let stream = match stream(&mut self.socks, r) {
            Ok(s) => s,
            Err(o) => return o,
        };
        match rt.block_on(stream.shutdown()) {
            Ok(()) => ok(vec![]),
            Err(e) => io_error(&e, "shutdown"),
        }
    }

    fn close(&mut self, r: &Request) -> Outcome {
        if let Some(task) = self.connecting.remove(&r.text("sock")) {
            // Aborting drops the connect future at its next poll, closing its socket; the join waits for that.
            task.abort();
            if let Ok(Ok(stream)) = self.rt.block_on(task) {
                drop(stream); // it had connected before the abort reached it
            }
            return ok(vec![]);
        }
        let _entered = self.rt.enter();
        self.socks.remove(&r.text("sock"));
        ok(vec![])
    }

    fn abort(&mut self, r: &Request) -> Outcome {
        let name = r.text("sock");
        if self.connecting.contains_key(&name) {
            return unsupported("a connect in flight is a task, not a TcpStream yet: only close (abort the task) applies");
        }
        let set = match &self.socks[&name] {
            Sock::Stream(s) => s.set_zero_linger(),
            Sock::Reserved(s) => s.set_zero_linger(),
            Sock::Listener(l) => raw::set_linger(l, Some(0)),
        };
        match set {
            Ok(()) => {
                let _entered = self.rt.enter();
                self.socks.remove(&name);
                ok(vec![])
            }
            Err(e) => set_result(Err(e), "setsockopt"),
        }
    }

    #[allow(deprecated)]
    fn setopt(&mut self, r: &Request) -> Outcome {
        let (n, on) = r.option_value();
        let sock = &self.socks[&r.text("sock")];
        match (r.text("name").as_str(), sock) {
            ("linger", Sock::Stream(s)) => set_result(s.set_linger((n >= 0).then(|| Duration::from_secs(n as u64))), "setsockopt"),
            ("linger", other) => set_result(raw::set_linger(other.raw(), (n >= 0).then_some(n as i32)), "setsockopt"),
            ("nodelay", Sock::Stream(s)) => set_result(s.set_nodelay(on), "setsockopt"),
            ("nodelay", _) => unsupported("tokio sets TCP_NODELAY on a TcpStream only"),
            ("keepalive", Sock::Reserved(s)) => set_result(s.set_keepalive(on), "setsockopt"),
            ("keepalive", other) => set_result(raw::set_keepalive(other.raw(), on), "setsockopt"),
            ("user_timeout", other) => set_result(raw::set_user_timeout(other.raw(), n as u32), "setsockopt"),
            (name @ ("keepidle" | "keepintvl" | "keepcnt"), Sock::Stream(s)) => {
                set_result(socket2::SockRef::from(s).set_tcp_keepalive(&keep_tuning(name, n as u64)), "setsockopt")
            }
            (name @ ("keepidle" | "keepintvl" | "keepcnt"), other) => set_result(raw::set_keep_tuning(other.raw(), name, n as u32), "setsockopt"),
            ("rcvtimeo", _) => unsupported("tokio's sockets are non-blocking, so SO_RCVTIMEO never ends a read: a tokio program bounds a read with tokio::time::timeout"),
            (other, _) => unsupported(format!("the rust tokio agent has no option \"{}\"", other.chars().take(64).collect::<String>())),
        }
    }
}

/// One of idle, interval, count as a TcpKeepalive: socket2's set_tcp_keepalive sets only the fields given (and SO_KEEPALIVE).
fn keep_tuning(name: &str, n: u64) -> socket2::TcpKeepalive {
    let k = socket2::TcpKeepalive::new();
    match name {
        "keepidle" => k.with_time(Duration::from_secs(n)),
        "keepintvl" => k.with_interval(Duration::from_secs(n)),
        _ => k.with_retries(n as u32),
    }
}

impl Agent for TokioAgent {
    fn version(&self) -> String {
        format!("{RUSTC_VERSION}, tokio {}", env!("SOCKSPEC_TOKIO_VERSION"))
    }
    fn features(&self) -> Vec<&'static str> {
        let mut own = vec!["nosignal", "reuseAddr", "bindPort", "keepalive", "inFlight"];
        if raw::LINUX {
            own.push("mptcp"); // socket2's Protocol::MPTCP is Linux's IPPROTO_MPTCP
        }
        ops::features(&own)
    }
    fn who(&self) -> &'static str {
        "rust tokio"
    }
    fn has(&self, name: &str) -> bool {
        self.socks.contains_key(name) || self.connecting.contains_key(name)
    }
    fn run(&mut self, r: &Request) -> Outcome {
        ops::run(self, r)
    }
    fn close_all(&mut self) {
        let _entered = self.rt.enter();
        self.socks.clear();
        for (_, task) in self.connecting.drain() {
            task.abort();
        }
    }
}

fn main() {
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("[rust-tokio-agent] cannot start tokio's runtime: {e}");
            std::process::exit(1);
        }
    };
    serve(&mut TokioAgent { rt, socks: HashMap::new(), connecting: HashMap::new() });
}
