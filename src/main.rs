//! The `vsession` command: `run` scripts, `serve` (later), `repl` (later).
fn main() {
    println!("vsession");
}
