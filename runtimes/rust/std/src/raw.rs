//! The socket calls neither std::net nor tokio offers, made as std itself makes its own: setsockopt(2), getsockopt(2),
//! socket(2), bind(2) and poll(2) declared over the C library std already links (std's library/std/src/sys/net
//! calls the same functions through its internal libc bindings). Why not a crate: the `libc` or `socket2` crates
//! are what a Rust program usually reaches for (tokio's own set_zero_linger is socket2's SockRef::set_linger, a
//! setsockopt), but the std agent must build with no crate at all, where crates.io cannot be had; the calls and their
//! effect on the socket are the same. Unix only: elsewhere each says unsupported.
use std::io;
use std::net::{SocketAddr, TcpListener};

#[cfg(unix)]
pub use std::os::fd::AsRawFd as AsRaw;
#[cfg(windows)]
pub use std::os::windows::io::AsRawSocket as AsRaw;

/// Whether TCP_INFO (state, info) and TCP_USER_TIMEOUT exist: Linux only.
pub const LINUX: bool = cfg!(target_os = "linux");

/// Why an option is missing on this platform.
pub fn missing(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::Unsupported, format!("no {what} on this platform"))
}

/// TCP_INFO's fields the protocol's `info` op reports (Linux struct tcp_info, include/uapi/linux/tcp.h).
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

#[cfg(unix)]
mod sys {
    use std::ffi::{c_int, c_short, c_void};
    use std::io;
    use std::net::SocketAddr;
    use std::os::fd::{FromRawFd, OwnedFd, RawFd};

    extern "C" {
        fn setsockopt(fd: c_int, level: c_int, name: c_int, value: *const c_void, len: u32) -> c_int;
        fn getsockopt(fd: c_int, level: c_int, name: c_int, value: *mut c_void, len: *mut u32) -> c_int;
        fn socket(domain: c_int, kind: c_int, protocol: c_int) -> c_int;
        fn bind(fd: c_int, addr: *const c_void, len: u32) -> c_int;
        fn poll(fds: *mut PollFd, n: NFds, timeout: c_int) -> c_int;
    }
    #[cfg(target_os = "linux")]
    type NFds = std::ffi::c_ulong;
    #[cfg(not(target_os = "linux"))]
    type NFds = std::ffi::c_uint;

    #[repr(C)]
    struct PollFd {
        fd: c_int,
        events: c_short,
        revents: c_short,
    }

    #[cfg(target_os = "linux")]
    mod k {
        pub const SOL_SOCKET: i32 = 1;
        pub const SO_REUSEADDR: i32 = 2;
        pub const SO_KEEPALIVE: i32 = 9;
        pub const SO_LINGER: i32 = 13;
        pub const AF_INET6: u8 = 10;
    }
    #[cfg(not(target_os = "linux"))]
    mod k {
        pub const SOL_SOCKET: i32 = 0xffff;
        pub const SO_REUSEADDR: i32 = 4;
        pub const SO_KEEPALIVE: i32 = 8;
        pub const SO_LINGER: i32 = 0x80;
        pub const AF_INET6: u8 = 30;
    }
    pub use k::*;
    pub const IPPROTO_TCP: i32 = 6;
    pub const TCP_INFO: i32 = 11;
    pub const TCP_USER_TIMEOUT: i32 = 18;

    fn check(rc: c_int) -> io::Result<c_int> {
        if rc < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(rc)
        }
    }

    pub fn set<T>(fd: RawFd, level: i32, name: i32, value: T) -> io::Result<()> {
        check(unsafe { setsockopt(fd, level, name, &value as *const T as *const c_void, std::mem::size_of::<T>() as u32) }).map(drop)
    }

    pub fn get_bytes(fd: RawFd, level: i32, name: i32, buf: &mut [u8]) -> io::Result<usize> {
        let mut len = buf.len() as u32;
        check(unsafe { getsockopt(fd, level, name, buf.as_mut_ptr() as *mut c_void, &mut len) })?;
        Ok(len as usize)
    }

    /// Readable (or ended, or failed) within `ms`: poll(2) says so.
    pub fn readable(fd: RawFd, ms: i32) -> io::Result<bool> {
        let mut p = PollFd { fd, events: 1, revents: 0 };
        loop {
            match check(unsafe { poll(&mut p, 1, ms) }) {
                Ok(n) => return Ok(n > 0),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    // struct sockaddr_in / sockaddr_in6 as bytes; BSDs lead with a length byte and a one-byte family.
    fn sockaddr(addr: &SocketAddr) -> Vec<u8> {
        let (family, mut b) = match addr {
            SocketAddr::V4(a) => (2u8, [&a.port().to_be_bytes()[..], &a.ip().octets(), &[0u8; 8]].concat()),
            SocketAddr::V6(a) => (
                AF_INET6,
                [&a.port().to_be_bytes()[..], &a.flowinfo().to_ne_bytes(), &a.ip().octets(), &a.scope_id().to_ne_bytes()].concat(),
            ),
        };
        let head = if cfg!(target_os = "linux") { (family as u16).to_ne_bytes().to_vec() } else { vec![(b.len() + 2) as u8, family] };
        b.splice(0..0, head);
        b
    }

    /// socket(2) and bind(2), no listen(2): a port held closed.
    pub fn bound(addr: &SocketAddr, reuse: bool) -> Result<OwnedFd, (io::Error, &'static str)> {
        let domain = if addr.is_ipv4() { 2 } else { AF_INET6 as c_int };
        let fd = check(unsafe { socket(domain, 1, 0) }).map_err(|e| (e, "socket"))?;
        let owned = unsafe { OwnedFd::from_raw_fd(fd) };
        if reuse {
            set(fd, SOL_SOCKET, SO_REUSEADDR, 1 as c_int).map_err(|e| (e, "setsockopt"))?;
        }
        let sa = sockaddr(addr);
        check(unsafe { bind(fd, sa.as_ptr() as *const c_void, sa.len() as u32) }).map_err(|e| (e, "bind"))?;
        Ok(owned)
    }
}

#[cfg(unix)]
#[repr(C)]
struct Linger {
    onoff: std::ffi::c_int,
    secs: std::ffi::c_int,
}

/// SO_LINGER {1, secs}, or {0, 0} when `secs` is None.
#[cfg(unix)]
pub fn set_linger<S: AsRaw + ?Sized>(s: &S, secs: Option<i32>) -> io::Result<()> {
    sys::set(s.as_raw_fd(), sys::SOL_SOCKET, sys::SO_LINGER, Linger { onoff: secs.is_some() as i32, secs: secs.unwrap_or(0) })
}

/// SO_KEEPALIVE, with the system's idle, interval and count.
#[cfg(unix)]
pub fn set_keepalive<S: AsRaw + ?Sized>(s: &S, on: bool) -> io::Result<()> {
    sys::set(s.as_raw_fd(), sys::SOL_SOCKET, sys::SO_KEEPALIVE, on as std::ffi::c_int)
}

/// TCP_USER_TIMEOUT in ms (RFC 5482; Linux only).
#[cfg(unix)]
pub fn set_user_timeout<S: AsRaw + ?Sized>(s: &S, ms: u32) -> io::Result<()> {
    if !LINUX {
        return Err(missing("TCP_USER_TIMEOUT"));
    }
    sys::set(s.as_raw_fd(), sys::IPPROTO_TCP, sys::TCP_USER_TIMEOUT, ms)
}

/// TCP_INFO (Linux only): struct tcp_info's first 8 bytes, then u32s (rto at 8, unacked 24, lost 32, total_retrans 100).
#[cfg(unix)]
pub fn tcp_info<S: AsRaw + ?Sized>(s: &S) -> io::Result<TcpInfo> {
    if !LINUX {
        return Err(missing("TCP_INFO"));
    }
    let mut b = [0u8; 104];
    sys::get_bytes(s.as_raw_fd(), sys::IPPROTO_TCP, sys::TCP_INFO, &mut b)?;
    let u = |at: usize| u32::from_ne_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
    Ok(TcpInfo { state: b[0], retransmits: b[2], backoff: b[4], rto_us: u(8), unacked: u(24), lost: u(32), total_retrans: u(100) })
}

/// Whether a listener has a connection to accept within `ms` (poll(2)): std's accept has no timeout.
#[cfg(unix)]
pub fn readable<S: AsRaw + ?Sized>(s: &S, ms: i32) -> io::Result<bool> {
    sys::readable(s.as_raw_fd(), ms)
}

/// A socket bound to `addr` and not listening, held as a std TcpListener only so std closes it and reads its
/// address (getsockname): std cannot bind without listening. Err: the error and the syscall that gave it.
#[cfg(unix)]
pub fn reserve(addr: &SocketAddr, reuse: bool) -> Result<TcpListener, (io::Error, &'static str)> {
    sys::bound(addr, reuse).map(TcpListener::from)
}

#[cfg(not(unix))]
mod elsewhere {
    use super::*;
    pub fn set_linger<S: AsRaw + ?Sized>(_: &S, _: Option<i32>) -> io::Result<()> {
        Err(missing("SO_LINGER call in this agent"))
    }
    pub fn set_keepalive<S: AsRaw + ?Sized>(_: &S, _: bool) -> io::Result<()> {
        Err(missing("SO_KEEPALIVE call in this agent"))
    }
    pub fn set_user_timeout<S: AsRaw + ?Sized>(_: &S, _: u32) -> io::Result<()> {
        Err(missing("TCP_USER_TIMEOUT"))
    }
    pub fn tcp_info<S: AsRaw + ?Sized>(_: &S) -> io::Result<TcpInfo> {
        Err(missing("TCP_INFO"))
    }
    pub fn readable<S: AsRaw + ?Sized>(_: &S, _: i32) -> io::Result<bool> {
        Err(missing("poll call in this agent"))
    }
    pub fn reserve(_: &SocketAddr, _: bool) -> Result<TcpListener, (io::Error, &'static str)> {
        Err((missing("bind without listen in this agent"), "bind"))
    }
}
#[cfg(not(unix))]
pub use elsewhere::*;
