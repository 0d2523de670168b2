//! Host bind variables bench: what a SQL*Plus `:name` costs per call.
//!
//! - `exec_assign`: `BEGIN :n := :n + 1; END;` with one NUMBER bind (compile with the bind
//!   declared, load, run, copy back) against `plain_block`, the same block on a local variable
//!   without binds;
//! - `query_where_bind`: `SELECT ... FROM t WHERE id = :id` over a 1,000-row table;
//! - `refcursor_1000`: `OPEN :rc FOR SELECT * FROM t` (1,000 rows materialised and carried
//!   back in the bind).
//!
//! On the 2-core development VM (shared, busy): `exec_assign` 8.1 us, `plain_block` 9.0 us
//! (a bind costs nothing measurable next to compiling the block), `query_where_bind` 127 us
//! (a full scan of the 1,000 rows), `refcursor_1000` 515 us.
//!
//! Run with `cargo bench --bench binds`.

use criterion::{Criterion, criterion_group, criterion_main};
use vsession::plsql::host::{HostBinds, HostVar};
use vsession::value::SqlType;
use vsession::{Config, ConnectOptions, Engine};

fn binds(c: &mut Criterion) {
    let engine = Engine::new(Config::default());
    let sys = engine.connect(&ConnectOptions::new("system", "manager")).unwrap();
    sys.execute("CREATE TABLE t (id NUMBER, name VARCHAR2(20))").unwrap();
    sys.execute(
        "BEGIN FOR i IN 1 .. 1000 LOOP INSERT INTO t VALUES (i, 'row ' || i); END LOOP; END;",
    )
    .unwrap();
    let mut n = HostBinds { vars: vec![HostVar::scalar("N", SqlType::NUMBER)] };
    let mut id = HostBinds { vars: vec![HostVar::scalar("ID", SqlType::NUMBER)] };
    id.vars[0].value = vsession::value::Value::int(500);
    let mut rc = HostBinds { vars: vec![HostVar::refcursor("RC")] };
    let mut g = c.benchmark_group("host_binds");
    g.bench_function("exec_assign", |b| {
        b.iter(|| sys.execute_binds("BEGIN :n := NVL(:n, 0) + 1; END;", &mut n).unwrap())
    });
    g.bench_function("plain_block", |b| {
        b.iter(|| sys.execute("DECLARE n NUMBER; BEGIN n := NVL(n, 0) + 1; END;").unwrap())
    });
    g.bench_function("query_where_bind", |b| {
        b.iter(|| sys.execute_binds("SELECT name FROM t WHERE id = :id", &mut id).unwrap())
    });
    g.bench_function("refcursor_1000", |b| {
        b.iter(|| sys.execute_binds("BEGIN OPEN :rc FOR SELECT * FROM t; END;", &mut rc).unwrap())
    });
    g.finish();
}

criterion_group!(benches, binds);
criterion_main!(benches);
