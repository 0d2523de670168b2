//! User package bench: a block calling a package procedure 100,000 times (each call binds one
//! argument and adds it to a package variable, the session's instance state), beside the same
//! loop calling a local procedure of the block, and a loop reading a public package variable.
//! This prices what a package call adds to a plain subprogram call: finding the session's
//! instance and checking it is current.
//!
//! On the 2-core development VM (busy: other builds running), medians of 10 samples: package
//! procedure 71 ms (0.71 us a call), local procedure 60 ms, package variable read 16 ms. Before
//! the per-thread cache of the last instance used (every call looked up the stored parts, the
//! compiled package and the session's instance under their locks): 119 ms, 45 ms and 80 ms.
//!
//! Run with `cargo bench --bench user_packages`.

use criterion::{Criterion, criterion_group, criterion_main};
use vsession::{Config, ConnectOptions, Engine};

const SPEC: &str = "CREATE OR REPLACE PACKAGE counter IS
  g_n NUMBER := 0;
  PROCEDURE bump(p_by IN NUMBER);
END counter;";

const BODY: &str = "CREATE OR REPLACE PACKAGE BODY counter IS
  PROCEDURE bump(p_by IN NUMBER) IS
  BEGIN
    g_n := g_n + p_by;
  END bump;
END counter;";

const PACKAGE_CALLS: &str = "BEGIN
  FOR i IN 1 .. 100000 LOOP
    counter.bump(1);
  END LOOP;
END;";

const LOCAL_CALLS: &str = "DECLARE
  g_n NUMBER := 0;
  PROCEDURE bump(p_by IN NUMBER) IS
  BEGIN
    g_n := g_n + p_by;
  END bump;
BEGIN
  FOR i IN 1 .. 100000 LOOP
    bump(1);
  END LOOP;
END;";

const VARIABLE_READS: &str = "DECLARE
  n NUMBER := 0;
BEGIN
  FOR i IN 1 .. 100000 LOOP
    n := counter.g_n;
  END LOOP;
END;";

fn calls(c: &mut Criterion) {
    let engine = Engine::new(Config::default());
    let sys = engine.connect(&ConnectOptions::new("system", "manager")).unwrap();
    sys.execute(SPEC).unwrap();
    sys.execute(BODY).unwrap();
    let mut g = c.benchmark_group("calls_100k");
    g.sample_size(10);
    g.bench_function("package_procedure", |b| b.iter(|| sys.execute(PACKAGE_CALLS).unwrap()));
    g.bench_function("local_procedure", |b| b.iter(|| sys.execute(LOCAL_CALLS).unwrap()));
    g.bench_function("package_variable_read", |b| b.iter(|| sys.execute(VARIABLE_READS).unwrap()));
    g.finish();
}

criterion_group!(benches, calls);
criterion_main!(benches);
