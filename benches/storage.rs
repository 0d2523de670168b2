//! Storage benches: 100,000 single-row INSERTs in one transaction then ROLLBACK (through SQL,
//! a PL/SQL loop, the parse alone, through pre-parsed statements, and through the storage API), acquiring and
//! releasing the lock of an uncontended row, and how long a waiter takes to get its row after
//! its blocker is killed.
//!
//! Run with `cargo bench --bench storage`.

use std::hint::black_box;
use std::sync::Arc;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use vsession::db::Database;
use vsession::exec::{self, Ctx};
use vsession::session::SessionCell;
use vsession::session::kill::{self, KillOptions};
use vsession::storage::{LockWait, RowId, Table};
use vsession::value::Value;
use vsession::{Config, ConnectOptions, Engine, Session};

const ROWS: usize = 100_000;

/// An engine with user BENCH owning `T (id NUMBER, v VARCHAR2(20))` and one committed row.
fn setup() -> (Engine, Session, Arc<Table>) {
    let engine = Engine::new(Config::default());
    let sys = engine.connect(&ConnectOptions::new("system", "manager")).unwrap();
    sys.execute("CREATE USER bench IDENTIFIED BY pw").unwrap();
    sys.execute("GRANT CREATE SESSION, RESOURCE TO bench").unwrap();
    let s = engine.connect(&ConnectOptions::new("bench", "pw")).unwrap();
    s.execute("CREATE TABLE t (id NUMBER, v VARCHAR2(20))").unwrap();
    s.execute("INSERT INTO t VALUES (0, 'zero')").unwrap();
    s.execute("COMMIT").unwrap();
    let table = engine.db().storage.table("BENCH", "T").unwrap();
    (engine, s, table)
}

fn insert_sql(i: usize) -> String {
    format!("INSERT INTO t VALUES ({i}, 'row {i}')")
}

fn inserts(c: &mut Criterion) {
    let (engine, s, table) = setup();
    let db: &Database = engine.db();
    let mut g = c.benchmark_group("100k inserts + rollback");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("Session::execute (parse + run)", |b| {
        b.iter(|| {
            for i in 0..ROWS {
                s.execute(black_box(&insert_sql(i))).unwrap();
            }
            s.execute("ROLLBACK").unwrap();
        })
    });
    g.bench_function("PL/SQL FOR loop (one call)", |b| {
        let block = format!(
            "BEGIN FOR i IN 1..{ROWS} LOOP INSERT INTO t VALUES (i, 'row ' || i); END LOOP; \
             ROLLBACK; END;"
        );
        b.iter(|| s.execute(black_box(&block)).unwrap())
    });
    g.bench_function("parse only (no run)", |b| {
        b.iter(|| {
            for i in 0..ROWS {
                black_box(vsession::sql::parse(&insert_sql(i)).unwrap());
            }
        })
    });
    g.bench_function("pre-parsed statements (run only)", |b| {
        b.iter_batched(
            || (0..ROWS).map(|i| vsession::sql::parse(&insert_sql(i)).unwrap()).collect::<Vec<_>>(),
            |stmts| {
                let mut output = vsession::plsql::OutputBuffer::default();
                let mut ctx = Ctx { db, me: &s.cell(), output: &mut output, text: "" };
                for st in &stmts {
                    exec::execute(&mut ctx, st).unwrap();
                }
                db.storage.rollback(&s.cell());
                stmts // dropped outside the timing
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("storage API", |b| {
        b.iter(|| {
            for i in 0..ROWS {
                let row = vec![Value::int(i as i64), Value::text(format!("row {i}"))];
                db.storage.insert(&s.cell(), &table, row).unwrap();
            }
            db.storage.rollback(&s.cell());
        })
    });
    g.finish();
}

fn row_lock(c: &mut Criterion) {
    let (engine, s, table) = setup();
    let storage = &engine.db().storage;
    c.bench_function("row lock acquire + release (uncontended)", |b| {
        b.iter(|| {
            storage.lock_row(&s.cell(), &table, RowId(0), LockWait::NoWait, |_| Ok(true)).unwrap();
            storage.rollback(&s.cell());
        })
    });
}

/// The waiter's side: on each request, update row 0 (waiting for the blocker), report when
/// it got the row, commit.
fn waiter(
    db: Arc<Database>,
    me: Arc<SessionCell>,
    table: Arc<Table>,
) -> mpsc::Sender<mpsc::Sender<Instant>> {
    let (tx, rx) = mpsc::channel::<mpsc::Sender<Instant>>();
    thread::spawn(move || {
        for done in rx {
            db.storage
                .update(&me, &table, RowId(0), LockWait::Forever, |r| Ok(Some(r.clone())))
                .unwrap();
            let at = Instant::now();
            db.storage.commit(&me);
            done.send(at).unwrap();
        }
    });
    tx
}

fn wake_after_kill(c: &mut Criterion) {
    let (engine, s, table) = setup();
    let db = engine.db().clone();
    let dba = engine.connect(&ConnectOptions::new("system", "manager")).unwrap();
    let requests = waiter(db.clone(), s.cell().clone(), table.clone());
    let release = |cell: &Arc<SessionCell>| db.release(cell);
    c.bench_function("waiter proceeds after its blocker is killed", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let blocker = engine.connect(&ConnectOptions::new("bench", "pw")).unwrap();
                let cell = blocker.cell().clone();
                db.storage
                    .update(&cell, &table, RowId(0), LockWait::Forever, |r| Ok(Some(r.clone())))
                    .unwrap();
                let (done_tx, done_rx) = mpsc::channel();
                requests.send(done_tx).unwrap();
                while db.storage.lockwait(s.sid()).is_none() {
                    thread::yield_now();
                }
                let start = Instant::now();
                kill::kill(
                    &dba.cell(),
                    &cell,
                    KillOptions::default(),
                    Duration::from_secs(5),
                    &release,
                )
                .unwrap();
                total += done_rx.recv().unwrap() - start;
            }
            total
        })
    });
}

criterion_group!(benches, inserts, row_lock, wake_after_kill);
criterion_main!(benches);
