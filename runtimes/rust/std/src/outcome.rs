//! What an op ends in (PROTOCOL.md "Replies"): a value, an error as Rust shows it, or unsupported; and the reply line for it.
use crate::json::Out;
use std::io;

/// The result of one op that ran.
pub enum Outcome {
    Ok(Vec<(&'static str, Out)>),
    Error(Vec<(&'static str, Out)>),
    Unsupported(String),
}

/// Success with these value fields.
pub fn ok(value: Vec<(&'static str, Out)>) -> Outcome {
    Outcome::Ok(value)
}

/// The runtime cannot do what the request asks: a skip, with the reason.
pub fn unsupported(why: impl Into<String>) -> Outcome {
    Outcome::Unsupported(why.into())
}

/// An io::Error as Rust shows it: `name` its io::ErrorKind, `errno` raw_os_error() by name, `message` its Display text.
/// No raw OS error means Rust made the error up without a failing syscall: synthesized.
pub fn io_error(err: &io::Error, syscall: &str) -> Outcome {
    let code = err.raw_os_error();
    Outcome::Error(vec![
        ("errno", code.map_or(Out::Null, |c| Out::text(errno_name(c)))),
        ("name", Out::text(format!("{:?}", err.kind()))),
        ("synthesized", Out::Bool(code.is_none())),
        ("syscall", if code.is_some() { Out::text(syscall) } else { Out::Null }),
        ("message", Out::text(err.to_string())),
    ])
}

/// A wait bounded by the request's timeoutMs ran out inside the agent (PROTOCOL.md: agent-timeout).
pub fn agent_timeout(what: &str, ms: i64) -> Outcome {
    Outcome::Error(vec![
        ("errno", Out::text("ETIMEDOUT")),
        ("name", Out::text("agent-timeout")),
        ("synthesized", Out::Bool(false)),
        ("syscall", Out::Null),
        ("message", Out::text(format!("{what} within {ms} ms"))),
        ("timeout", Out::Bool(true)),
    ])
}

// The portable names of the errno values sockets give, per platform (errno.h; Winsock's WSAE* codes on Windows).
#[cfg(target_os = "linux")]
#[rustfmt::skip]
const ERRNO: &[(i32, &str)] = &[
    (1, "EPERM"),
    (2, "ENOENT"),
    (4, "EINTR"),
    (5, "EIO"),
    (9, "EBADF"),
    (11, "EAGAIN"),
    (12, "ENOMEM"),
    (13, "EACCES"),
    (14, "EFAULT"),
    (16, "EBUSY"),
    (22, "EINVAL"),
    (23, "ENFILE"),
    (24, "EMFILE"),
    (28, "ENOSPC"),
    (32, "EPIPE"),
    (88, "ENOTSOCK"),
    (89, "EDESTADDRREQ"),
    (90, "EMSGSIZE"),
    (91, "EPROTOTYPE"),
    (92, "ENOPROTOOPT"),
    (93, "EPROTONOSUPPORT"),
    (95, "EOPNOTSUPP"),
    (97, "EAFNOSUPPORT"),
    (98, "EADDRINUSE"),
    (99, "EADDRNOTAVAIL"),
    (100, "ENETDOWN"),
    (101, "ENETUNREACH"),
    (102, "ENETRESET"),
    (103, "ECONNABORTED"),
    (104, "ECONNRESET"),
    (105, "ENOBUFS"),
    (106, "EISCONN"),
    (107, "ENOTCONN"),
    (108, "ESHUTDOWN"),
    (110, "ETIMEDOUT"),
    (111, "ECONNREFUSED"),
    (112, "EHOSTDOWN"),
    (113, "EHOSTUNREACH"),
    (114, "EALREADY"),
    (115, "EINPROGRESS"),
];
#[cfg(not(any(target_os = "linux", windows)))]
#[rustfmt::skip]
const ERRNO: &[(i32, &str)] = &[
    (1, "EPERM"),
    (2, "ENOENT"),
    (4, "EINTR"),
    (5, "EIO"),
    (9, "EBADF"),
    (12, "ENOMEM"),
    (13, "EACCES"),
    (14, "EFAULT"),
    (16, "EBUSY"),
    (22, "EINVAL"),
    (23, "ENFILE"),
    (24, "EMFILE"),
    (28, "ENOSPC"),
    (32, "EPIPE"),
    (35, "EAGAIN"),
    (36, "EINPROGRESS"),
    (37, "EALREADY"),
    (38, "ENOTSOCK"),
    (39, "EDESTADDRREQ"),
    (40, "EMSGSIZE"),
    (41, "EPROTOTYPE"),
    (42, "ENOPROTOOPT"),
    (43, "EPROTONOSUPPORT"),
    (45, "ENOTSUP"),
    (47, "EAFNOSUPPORT"),
    (48, "EADDRINUSE"),
    (49, "EADDRNOTAVAIL"),
    (50, "ENETDOWN"),
    (51, "ENETUNREACH"),
    (52, "ENETRESET"),
    (53, "ECONNABORTED"),
    (54, "ECONNRESET"),
    (55, "ENOBUFS"),
    (56, "EISCONN"),
    (57, "ENOTCONN"),
    (58, "ESHUTDOWN"),
    (60, "ETIMEDOUT"),
    (61, "ECONNREFUSED"),
    (64, "EHOSTDOWN"),
    (65, "EHOSTUNREACH"),
    (102, "EOPNOTSUPP"),
];
#[cfg(windows)]
#[rustfmt::skip]
const ERRNO: &[(i32, &str)] = &[
    (10004, "EINTR"),
    (10009, "EBADF"),
    (10013, "EACCES"),
    (10014, "EFAULT"),
    (10022, "EINVAL"),
    (10024, "EMFILE"),
    (10035, "EAGAIN"),
    (10036, "EINPROGRESS"),
    (10037, "EALREADY"),
    (10038, "ENOTSOCK"),
    (10040, "EMSGSIZE"),
    (10047, "EAFNOSUPPORT"),
    (10048, "EADDRINUSE"),
    (10049, "EADDRNOTAVAIL"),
    (10050, "ENETDOWN"),
    (10051, "ENETUNREACH"),
    (10052, "ENETRESET"),
    (10053, "ECONNABORTED"),
    (10054, "ECONNRESET"),
    (10055, "ENOBUFS"),
    (10056, "EISCONN"),
    (10057, "ENOTCONN"),
    (10058, "ESHUTDOWN"),
    (10060, "ETIMEDOUT"),
    (10061, "ECONNREFUSED"),
    (10064, "EHOSTDOWN"),
    (10065, "EHOSTUNREACH"),
    (32, "EPIPE"),
];

/// An OS error code by its portable name (EWOULDBLOCK is EAGAIN); one not in the table is "E<code>".
pub fn errno_name(code: i32) -> String {
    ERRNO.iter().find(|(c, _)| *c == code).map_or_else(|| format!("E{code}"), |(_, n)| (*n).to_string())
}
