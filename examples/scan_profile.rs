//! Profiling aid: times `SELECT ... FROM V$SESSION WHERE USERNAME = ...` over 10,000 sessions
//! (`cargo run --release --example scan_profile`; use with `perf record`). The measured figure
//! lives in `cargo bench --bench sessions`.
use vsession::{Config, ConnectOptions, Engine};
fn main() {
    let engine = Engine::new(Config::default());
    let sys = engine.connect(&ConnectOptions::new("system", "manager")).unwrap();
    sys.execute("CREATE USER bench IDENTIFIED BY pw").unwrap();
    sys.execute("GRANT CREATE SESSION TO bench").unwrap();
    let opts = ConnectOptions::new("bench", "pw");
    let _s: Vec<_> = (0..10_000).map(|_| engine.connect(&opts).unwrap()).collect();
    let t = std::time::Instant::now();
    for _ in 0..200 {
        sys.execute("SELECT SID, SERIAL#, STATUS FROM V$SESSION WHERE USERNAME = 'X'").unwrap();
    }
    println!("{:?} per query", t.elapsed() / 200);
}
