//! PL/SQL interpreter bench: a block looping 1,000,000 times, each iteration one integer
//! addition and one `||` into a short string, plus the per-iteration safe point. This prices
//! the interpreter's inner loop (slot-compiled expressions, no name lookups).
//!
//! Peer figure: the same loops in PL/pgSQL (PostgreSQL 15, `DO $$ DECLARE n integer := 0;
//! s varchar(10); BEGIN FOR i IN 1..1000000 LOOP n := n + 1; s := 'ab' || 'c'; END LOOP;
//! END $$;`, and `s := 'x' || mod(i, 10)`), timed with psql's `\timing` on the same machine.
//! On the 2-core development VM (busy, load 4-5): PL/pgSQL 90-140 ms and 150-160 ms; this
//! bench 37 ms (`add_and_concat_const`) and 172 ms (`add_and_concat_mod`: MOD and the
//! number-to-text conversion go through the shared SQL built-ins, about 1.1x PL/pgSQL's time).
//!
//! `plsql_insert_10k` prices FORALL against the FOR loop it replaces (10,000 one-row INSERTs
//! bound from a nested table). Each FORALL run is a full statement execution here (there is no
//! SQL engine to switch to, so nothing is saved per row): on the same VM both take 12-13 ms
//! when it is quiet (21-24 ms under load), equal within noise.
//!
//! Run with `cargo bench --bench plsql`.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use vsession::{Config, ConnectOptions, Engine};

const LOOP_ADD_CONCAT: &str = "DECLARE
  n PLS_INTEGER := 0;
  s VARCHAR2(10);
BEGIN
  FOR i IN 1 .. 1000000 LOOP
    n := n + 1;
    s := 'x' || MOD(i, 10);
  END LOOP;
END;";

const LOOP_ADD_CONST_CONCAT: &str = "DECLARE
  n PLS_INTEGER := 0;
  s VARCHAR2(10);
BEGIN
  FOR i IN 1 .. 1000000 LOOP
    n := n + 1;
    s := 'ab' || 'c';
  END LOOP;
END;";

fn loops(c: &mut Criterion) {
    let engine = Engine::new(Config::default());
    let sys = engine.connect(&ConnectOptions::new("system", "manager")).unwrap();
    let mut g = c.benchmark_group("plsql_loop_1m");
    g.sample_size(10);
    g.bench_function("add_and_concat_mod", |b| b.iter(|| sys.execute(LOOP_ADD_CONCAT).unwrap()));
    g.bench_function("add_and_concat_const", |b| {
        b.iter(|| sys.execute(LOOP_ADD_CONST_CONCAT).unwrap())
    });
    g.finish();
}

/// The DBA kill script of issue 4 over 10,000 idle sessions: a cursor FOR loop over V$SESSION
/// with an EXECUTE IMMEDIATE of ALTER SYSTEM KILL SESSION per row.
const KILL_ALL: &str = "
BEGIN
  FOR r IN (SELECT sid, serial# FROM v$session WHERE username = 'BENCH' AND status <> 'KILLED') LOOP
    EXECUTE IMMEDIATE 'ALTER SYSTEM KILL SESSION ''' || r.sid || ',' || r.serial# || ''' IMMEDIATE';
  END LOOP;
END;";

fn kill_loop(c: &mut Criterion) {
    let engine = Engine::new(Config::default());
    let sys = engine.connect(&ConnectOptions::new("system", "manager")).unwrap();
    sys.execute("CREATE USER bench IDENTIFIED BY pw").unwrap();
    sys.execute("GRANT CREATE SESSION TO bench").unwrap();
    let opts = ConnectOptions::new("bench", "pw");
    let mut g = c.benchmark_group("plsql_kill_loop");
    g.sample_size(10);
    g.bench_function("10000 sessions", |b| {
        b.iter_batched(
            || (0..10_000).map(|_| engine.connect(&opts).unwrap()).collect::<Vec<_>>(),
            |victims| {
                sys.execute(KILL_ALL).unwrap();
                victims
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

/// 10,000 single-row INSERTs bound from a nested table, as one FORALL and as the FOR loop it
/// replaces; both blocks fill the collection the same way first and roll back at the end.
const BULK_INSERT: &str = "DECLARE
  TYPE t_ids IS TABLE OF NUMBER;
  ids t_ids := t_ids();
BEGIN
  ids.EXTEND(10000);
  FOR i IN 1 .. 10000 LOOP
    ids(i) := i;
  END LOOP;
  <<insert>>
  ROLLBACK;
END;";

fn bulk_insert(c: &mut Criterion) {
    let engine = Engine::new(Config::default());
    let sys = engine.connect(&ConnectOptions::new("system", "manager")).unwrap();
    sys.execute("CREATE TABLE bulk_target (id NUMBER, label VARCHAR2(20))").unwrap();
    let forall = BULK_INSERT.replace(
        "<<insert>>",
        "FORALL i IN 1 .. ids.COUNT INSERT INTO bulk_target VALUES (ids(i), 'row');",
    );
    let for_loop = BULK_INSERT.replace(
        "<<insert>>",
        "FOR i IN 1 .. ids.COUNT LOOP INSERT INTO bulk_target VALUES (ids(i), 'row'); END LOOP;",
    );
    let mut g = c.benchmark_group("plsql_insert_10k");
    g.sample_size(10);
    g.bench_function("forall", |b| b.iter(|| sys.execute(&forall).unwrap()));
    g.bench_function("for_loop", |b| b.iter(|| sys.execute(&for_loop).unwrap()));
    g.finish();
}

criterion_group!(benches, loops, kill_loop, bulk_insert);
criterion_main!(benches);
