//! The agent's end of the control channel (PROTOCOL.md "Life cycle"): hello, then one reply per request line, in order,
//! until stdin's EOF. Both programs run their ops through this; neither has plumbing of its own.
use crate::json::Out;
use crate::outcome::Outcome;
use crate::request::{check, Checked, Request};
use std::io::{BufRead, Write};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// The rustc that built the agents (build.rs), for hello's version.
pub const RUSTC_VERSION: &str = env!("SOCKSPEC_RUSTC_VERSION");

/// One agent program: its ops over the sockets it names.
pub trait Agent {
    /// hello's version: the toolchain, and the library when there is one.
    fn version(&self) -> String;
    /// hello's features: what the program honours beyond the core set.
    fn features(&self) -> Vec<&'static str>;
    /// How an unsupported reply names this agent ("rust", "rust tokio").
    fn who(&self) -> &'static str;
    /// Whether a socket of this name exists.
    fn has(&self, name: &str) -> bool;
    /// Runs one checked request.
    fn run(&mut self, request: &Request) -> Outcome;
    /// Closes every socket it still holds (the runtime's plain close).
    fn close_all(&mut self);
}

fn now_ms() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

fn emit(agent: &mut dyn Agent, message: Out) {
    let mut line = String::new();
    message.write(&mut line);
    line.push('\n');
    let mut out = std::io::stdout().lock();
    if out.write_all(line.as_bytes()).and_then(|()| out.flush()).is_err() {
        // The harness is gone: nobody can read a reply, so leave as on stdin's EOF.
        agent.close_all();
        std::process::exit(1);
    }
}

fn id_out(id: Option<u64>) -> Out {
    id.map_or(Out::Null, |n| Out::Int(n as i64))
}

fn reply(agent: &mut dyn Agent, line: &str) {
    let checked = check(line, |name| agent.has(name), agent.who());
    let request = match checked {
        Checked::Run(request) => request,
        Checked::Fault(id, why) => return emit(agent, Out::Object(vec![("id", id_out(id)), ("fault", Out::text(why))])),
        Checked::Unsupported(id, why) => {
            return emit(agent, Out::Object(vec![("id", id_out(Some(id))), ("ok", Out::Bool(false)), ("unsupported", Out::text(why))]))
        }
    };
    let start = now_ms();
    let began = Instant::now();
    let outcome = agent.run(&request);
    let t = Out::Object(vec![("start", Out::Float(start)), ("ms", Out::Float(began.elapsed().as_secs_f64() * 1000.0))]);
    let id = id_out(Some(request.id));
    let message = match outcome {
        Outcome::Ok(value) => vec![("id", id), ("ok", Out::Bool(true)), ("value", Out::Object(value)), ("t", t)],
        Outcome::Error(error) => vec![("id", id), ("ok", Out::Bool(false)), ("error", Out::Object(error)), ("t", t)],
        Outcome::Unsupported(why) => vec![("id", id), ("ok", Out::Bool(false)), ("unsupported", Out::text(why)), ("t", t)],
    };
    emit(agent, Out::Object(message));
}

/// Says hello, answers every line of stdin, and on its EOF closes everything and returns (the program then exits 0).
pub fn serve(agent: &mut dyn Agent) {
    let hello = Out::Object(vec![
        ("hello", Out::text("sockspec-agent")),
        ("protocol", Out::Int(1)),
        ("runtime", Out::text("rust")),
        ("version", Out::text(agent.version())),
        ("pid", Out::Int(std::process::id() as i64)),
        ("features", Out::List(agent.features().into_iter().map(Out::text).collect())),
    ]);
    emit(agent, hello);
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut raw = Vec::new();
    loop {
        raw.clear();
        match input.read_until(b'\n', &mut raw) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        while matches!(raw.last(), Some(b'\n' | b'\r')) {
            raw.pop();
        }
        match std::str::from_utf8(&raw) {
            Ok(line) => reply(agent, line),
            Err(_) => emit(agent, Out::Object(vec![("id", Out::Null), ("fault", Out::text("malformed request: the line is not UTF-8"))])),
        }
    }
    agent.close_all();
}

/// A program that cannot run here (its crates could not be had): every request it can read is unsupported, with the reason.
pub struct Refusing {
    pub reason: String,
    pub who: &'static str,
}

impl Agent for Refusing {
    fn version(&self) -> String {
        format!("{RUSTC_VERSION} (unavailable: {})", self.reason)
    }
    fn features(&self) -> Vec<&'static str> {
        Vec::new()
    }
    fn who(&self) -> &'static str {
        self.who
    }
    fn has(&self, _: &str) -> bool {
        false
    }
    fn run(&mut self, _: &Request) -> Outcome {
        crate::outcome::unsupported(self.reason.clone())
    }
    fn close_all(&mut self) {}
}
