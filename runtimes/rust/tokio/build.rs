// Hands the agent the tokio version Cargo.lock pins, for its hello's version.
fn main() {
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    let tokio = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"tokio\""))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"').to_string());
    println!("cargo:rustc-env=SOCKSPEC_TOKIO_VERSION={}", tokio.unwrap_or_default());
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo:rerun-if-changed=build.rs");
}
