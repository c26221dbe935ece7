//! The Rust agents' shared control channel (harness/protocol/PROTOCOL.md): JSON lines, request checks, replies,
//! and the socket options std and tokio leave out. The programs (src/main.rs, ../tokio/src/main.rs) are their ops only.
pub mod channel;
pub mod json;
pub mod outcome;
pub mod raw;
pub mod request;
