//! The socket calls neither std::net nor tokio offers, made as std itself makes its own: setsockopt, getsockopt,
//! socket, bind and poll, declared over the system library std already links (std's library/std/src/sys/net calls
//! the same functions through its internal bindings). Why not a crate: the `libc` or `socket2` crates are what a Rust
//! program usually reaches for (tokio's own set_zero_linger is socket2's SockRef::set_linger, a setsockopt), but the
//! std agent must build with no crate at all, where crates.io cannot be had; the calls and their effect are the same.
//! The platform halves are sys_unix.rs (POSIX) and sys_windows.rs (Winsock, compiled but not run here).
use std::io;
use std::net::{SocketAddr, TcpListener};

#[cfg(unix)]
#[path = "sys_unix.rs"]
mod sys;
#[cfg(windows)]
#[path = "sys_windows.rs"]
mod sys;

#[cfg(unix)]
pub use std::os::fd::AsRawFd as AsRaw;
#[cfg(windows)]
pub use std::os::windows::io::AsRawSocket as AsRaw;

/// Whether TCP_INFO (state, info) and TCP_USER_TIMEOUT exist: Linux only (include/uapi/linux/tcp.h).
pub const LINUX: bool = cfg!(target_os = "linux");
const IPPROTO_TCP: i32 = 6;
const TCP_INFO: i32 = 11;
const TCP_USER_TIMEOUT: i32 = 18;
// include/uapi/linux/tcp.h: TCP_KEEPIDLE 4, TCP_KEEPINTVL 5, TCP_KEEPCNT 6.
const TCP_KEEPIDLE: i32 = 4;
const TCP_KEEPINTVL: i32 = 5;
const TCP_KEEPCNT: i32 = 6;

fn handle<S: AsRaw + ?Sized>(s: &S) -> sys::Handle {
    #[cfg(unix)]
    return s.as_raw_fd();
    #[cfg(windows)]
    return s.as_raw_socket();
}

/// Why an option is missing on this platform.
pub fn missing(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::Unsupported, format!("no {what} on this platform"))
}

/// TCP_INFO's fields the protocol's `info` op reports (Linux struct tcp_info).
pub struct TcpInfo {
    pub state: u8,
    pub retransmits: u8,
    pub backoff: u8,
    pub rto_us: u32,
    pub unacked: u32,
    pub lost: u32,
    pub total_retrans: u32,
}

/// Linux's tcp_states.h names, by number (TCP_CLOSE is "CLOSE").
pub fn state_name(n: u8) -> String {
    const NAMES: [&str; 13] = [
        "UNKNOWN",
        "ESTABLISHED",
        "SYN_SENT",
        "SYN_RECV",
        "FIN_WAIT1",
        "FIN_WAIT2",
        "TIME_WAIT",
        "CLOSE",
        "CLOSE_WAIT",
        "LAST_ACK",
        "LISTEN",
        "CLOSING",
        "NEW_SYN_RECV",
    ];
    NAMES.get(n as usize).map_or_else(|| format!("STATE_{n}"), |s| (*s).to_string())
}

/// SO_LINGER {1, secs}, or {0, 0} when `secs` is None.
pub fn set_linger<S: AsRaw + ?Sized>(s: &S, secs: Option<i32>) -> io::Result<()> {
    sys::set(handle(s), sys::SOL_SOCKET, sys::SO_LINGER, sys::linger(secs))
}

/// SO_KEEPALIVE, with the system's idle, interval and count.
pub fn set_keepalive<S: AsRaw + ?Sized>(s: &S, on: bool) -> io::Result<()> {
    sys::set(handle(s), sys::SOL_SOCKET, sys::SO_KEEPALIVE, on as std::ffi::c_int)
}

/// TCP_USER_TIMEOUT in ms (RFC 5482; Linux only).
pub fn set_user_timeout<S: AsRaw + ?Sized>(s: &S, ms: u32) -> io::Result<()> {
    if !LINUX {
        return Err(missing("TCP_USER_TIMEOUT"));
    }
    sys::set(handle(s), IPPROTO_TCP, TCP_USER_TIMEOUT, ms)
}

/// TCP_KEEPIDLE, TCP_KEEPINTVL (seconds) or TCP_KEEPCNT (probes) by setopt name (Linux's numbers; elsewhere missing).
pub fn set_keep_tuning<S: AsRaw + ?Sized>(s: &S, name: &str, n: u32) -> io::Result<()> {
    let opt = match name {
        "keepidle" => TCP_KEEPIDLE,
        "keepintvl" => TCP_KEEPINTVL,
        _ => TCP_KEEPCNT,
    };
    if !LINUX {
        return Err(missing(&name.to_uppercase()));
    }
    sys::set(handle(s), IPPROTO_TCP, opt, n)
}

/// TCP_INFO (Linux only): struct tcp_info's first 8 bytes, then u32s (rto at 8, unacked 24, lost 32, total_retrans 100).
pub fn tcp_info<S: AsRaw + ?Sized>(s: &S) -> io::Result<TcpInfo> {
    if !LINUX {
        return Err(missing("TCP_INFO"));
    }
    let mut b = [0u8; 104];
    sys::get_bytes(handle(s), IPPROTO_TCP, TCP_INFO, &mut b)?;
    let u = |at: usize| u32::from_ne_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
    Ok(TcpInfo { state: b[0], retransmits: b[2], backoff: b[4], rto_us: u(8), unacked: u(24), lost: u(32), total_retrans: u(100) })
}

/// Whether a listener has a connection to accept within `ms` (poll): std's accept has no timeout.
pub fn readable<S: AsRaw + ?Sized>(s: &S, ms: i32) -> io::Result<bool> {
    sys::readable(handle(s), ms)
}

/// struct sockaddr_in / sockaddr_in6 as bytes; BSDs (macOS) lead with a length byte and a one-byte family.
fn sockaddr(addr: &SocketAddr) -> Vec<u8> {
    let (family, mut b) = match addr {
        SocketAddr::V4(a) => (2u8, [&a.port().to_be_bytes()[..], &a.ip().octets(), &[0u8; 8]].concat()),
        SocketAddr::V6(a) => (
            sys::AF_INET6,
            [&a.port().to_be_bytes()[..], &a.flowinfo().to_ne_bytes(), &a.ip().octets(), &a.scope_id().to_ne_bytes()].concat(),
        ),
    };
    let bsd = cfg!(any(target_os = "macos", target_os = "ios", target_os = "freebsd", target_os = "openbsd", target_os = "netbsd"));
    let head = if bsd { vec![(b.len() + 2) as u8, family] } else { (family as u16).to_ne_bytes().to_vec() };
    b.splice(0..0, head);
    b
}

/// A socket bound to `addr` and not listening (socket, bind, no listen), held as a std TcpListener only so std
/// closes it and reads its address: std cannot bind without listening. Err: the error and the call that gave it.
pub fn reserve(addr: &SocketAddr, reuse: bool) -> Result<TcpListener, (io::Error, &'static str)> {
    sys::bound(addr.is_ipv4(), &sockaddr(addr), reuse)
}
