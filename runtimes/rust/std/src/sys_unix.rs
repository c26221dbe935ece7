//! raw.rs's POSIX half: setsockopt(2), getsockopt(2), socket(2), bind(2) and poll(2) from the C library, with Linux's and the BSDs' constants.
use std::ffi::{c_int, c_short, c_void};
use std::io;
use std::net::TcpListener;
use std::os::fd::{FromRawFd, OwnedFd, RawFd};

pub type Handle = RawFd;

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

/// struct linger: two ints.
#[repr(C)]
pub struct Linger {
    onoff: c_int,
    secs: c_int,
}

pub fn linger(secs: Option<i32>) -> Linger {
    Linger { onoff: secs.is_some() as c_int, secs: secs.unwrap_or(0) }
}

fn check(rc: c_int) -> io::Result<c_int> {
    if rc < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(rc)
    }
}

pub fn set<T>(fd: Handle, level: i32, name: i32, value: T) -> io::Result<()> {
    check(unsafe { setsockopt(fd, level, name, &value as *const T as *const c_void, std::mem::size_of::<T>() as u32) }).map(drop)
}

pub fn get_bytes(fd: Handle, level: i32, name: i32, buf: &mut [u8]) -> io::Result<usize> {
    let mut len = buf.len() as u32;
    check(unsafe { getsockopt(fd, level, name, buf.as_mut_ptr() as *mut c_void, &mut len) })?;
    Ok(len as usize)
}

/// Readable (or ended, or failed) within `ms`: poll(2) says so.
pub fn readable(fd: Handle, ms: i32) -> io::Result<bool> {
    let mut p = PollFd { fd, events: 1, revents: 0 };
    loop {
        match check(unsafe { poll(&mut p, 1, ms) }) {
            Ok(n) => return Ok(n > 0),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
}

/// socket(2) and bind(2) to the sockaddr bytes `sa`, no listen(2).
pub fn bound(v4: bool, sa: &[u8], reuse: bool) -> Result<TcpListener, (io::Error, &'static str)> {
    let fd = check(unsafe { socket(if v4 { 2 } else { AF_INET6 as c_int }, 1, 0) }).map_err(|e| (e, "socket"))?;
    let owned = unsafe { OwnedFd::from_raw_fd(fd) };
    if reuse {
        set(fd, SOL_SOCKET, SO_REUSEADDR, 1 as c_int).map_err(|e| (e, "setsockopt"))?;
    }
    check(unsafe { bind(fd, sa.as_ptr() as *const c_void, sa.len() as u32) }).map_err(|e| (e, "bind"))?;
    Ok(TcpListener::from(owned))
}
