//! raw.rs's Winsock half: setsockopt, getsockopt, socket, bind and WSAPoll from ws2_32 (which std links), with
//! Winsock's constants (ws2def.h, winsock2.h). Compiled for x86_64-pc-windows-gnu here; not run here.
use std::ffi::{c_char, c_int, c_short, c_void};
use std::io;
use std::net::TcpListener;
use std::os::windows::io::{FromRawSocket, OwnedSocket, RawSocket};

pub type Handle = RawSocket;
type Socket = usize;

#[link(name = "ws2_32")]
extern "system" {
    fn setsockopt(s: Socket, level: c_int, name: c_int, value: *const c_char, len: c_int) -> c_int;
    fn getsockopt(s: Socket, level: c_int, name: c_int, value: *mut c_char, len: *mut c_int) -> c_int;
    fn socket(af: c_int, kind: c_int, protocol: c_int) -> Socket;
    fn bind(s: Socket, name: *const c_void, len: c_int) -> c_int;
    fn WSAPoll(fds: *mut PollFd, n: u32, timeout: c_int) -> c_int;
    fn WSAStartup(version: u16, data: *mut c_void) -> c_int;
}

#[repr(C)]
struct PollFd {
    fd: Socket,
    events: c_short,
    revents: c_short,
}

pub const SOL_SOCKET: i32 = 0xffff;
pub const SO_REUSEADDR: i32 = 4;
pub const SO_KEEPALIVE: i32 = 8;
pub const SO_LINGER: i32 = 0x80;
pub const AF_INET6: u8 = 23;
const POLLRDNORM: c_short = 0x0100;
const INVALID_SOCKET: Socket = !0;

/// Winsock's struct linger: two u_shorts.
#[repr(C)]
pub struct Linger {
    onoff: u16,
    secs: u16,
}

pub fn linger(secs: Option<i32>) -> Linger {
    Linger { onoff: secs.is_some() as u16, secs: secs.unwrap_or(0).clamp(0, 0xffff) as u16 }
}

fn check(rc: c_int) -> io::Result<c_int> {
    if rc < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(rc)
    }
}

pub fn set<T>(s: Handle, level: i32, name: i32, value: T) -> io::Result<()> {
    check(unsafe { setsockopt(s as Socket, level, name, &value as *const T as *const c_char, std::mem::size_of::<T>() as c_int) }).map(drop)
}

pub fn get_bytes(s: Handle, level: i32, name: i32, buf: &mut [u8]) -> io::Result<usize> {
    let mut len = buf.len() as c_int;
    check(unsafe { getsockopt(s as Socket, level, name, buf.as_mut_ptr() as *mut c_char, &mut len) })?;
    Ok(len as usize)
}

/// Readable (or ended, or failed) within `ms`: WSAPoll says so.
pub fn readable(s: Handle, ms: i32) -> io::Result<bool> {
    let mut p = PollFd { fd: s as Socket, events: POLLRDNORM, revents: 0 };
    check(unsafe { WSAPoll(&mut p, 1, ms) }).map(|n| n > 0)
}

/// socket and bind to the sockaddr bytes `sa`, no listen. WSAStartup first (counted; std makes its own call lazily).
pub fn bound(v4: bool, sa: &[u8], reuse: bool) -> Result<TcpListener, (io::Error, &'static str)> {
    let mut data = [0u64; 64];
    check(unsafe { WSAStartup(0x0202, data.as_mut_ptr() as *mut c_void) }).map_err(|e| (e, "WSAStartup"))?;
    let s = unsafe { socket(if v4 { 2 } else { AF_INET6 as c_int }, 1, 0) };
    if s == INVALID_SOCKET {
        return Err((io::Error::last_os_error(), "socket"));
    }
    let owned = unsafe { OwnedSocket::from_raw_socket(s as RawSocket) };
    if reuse {
        set(s as Handle, SOL_SOCKET, SO_REUSEADDR, 1 as c_int).map_err(|e| (e, "setsockopt"))?;
    }
    check(unsafe { bind(s, sa.as_ptr() as *const c_void, sa.len() as c_int) }).map_err(|e| (e, "bind"))?;
    Ok(TcpListener::from(owned))
}
