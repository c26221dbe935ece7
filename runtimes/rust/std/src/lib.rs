//! The Rust agents' shared control channel (harness/protocol/PROTOCOL.md): JSON lines, request checks, replies, the
//! ops' dispatch and what both programs' ops make alike (ops.rs), and the socket options std and tokio leave out.
//! The programs (src/main.rs, ../tokio/src/main.rs) are their ops only.
pub mod channel;
pub mod json;
pub mod ops;
pub mod outcome;
pub mod raw;
pub mod request;
