//! Job kind benches: the work of BACKUP (full, and an incremental layer over unchanged rows),
//! RESTORE (loading; reading the backup chain is in `Restore::new`, outside the timing),
//! IMPORT and CREATE STATISTICS over a 10,000-row table, stepped directly with an unlimited
//! budget (no registry, no clock), and
//! the automatic statistics check a COMMIT runs (at most once per engine second) over ten
//! 10,000-row tables.
//!
//! Run with `cargo bench --bench job_kinds`.

use std::sync::Arc;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use vsession::db::{Config, Database};
use vsession::jobs::kinds::backup::Backup;
use vsession::jobs::kinds::import::Import;
use vsession::jobs::kinds::restore::{Restore, backup_chain};
use vsession::jobs::kinds::stats::{CreateStats, stale_tables};
use vsession::jobs::{JobWork, Step};
use vsession::storage::{ColumnSpec, ConstraintKind, ConstraintSpec, Table};
use vsession::value::{SqlType, Value};

const ROWS: i64 = 10_000;

fn database() -> Database {
    let dir = std::env::temp_dir().join(format!("vsession-bench-kinds-{}", std::process::id()));
    Database::new(Config { virtual_time: true, external_io_dir: dir, ..Config::default() })
}

/// BENCH.<name> (ID NUMBER PRIMARY KEY, NAME VARCHAR2(20)) with `ROWS` rows.
fn table(db: &Database, name: &str) -> Arc<Table> {
    let col = |n: &str, ty| ColumnSpec { name: Arc::from(n), ty, not_null: false, default: None };
    let pk = ConstraintSpec {
        name: None,
        kind: ConstraintKind::PrimaryKey,
        columns: vec![Arc::from("ID")],
    };
    let columns = vec![col("ID", SqlType::NUMBER), col("NAME", SqlType::Varchar2(20))];
    let t = db.storage.create_table("BENCH", name, columns, vec![pk]).unwrap();
    let rows = (0..ROWS).map(|i| vec![Value::int(i), Value::text(format!("name {}", i % 97))]);
    db.storage.load_committed(&t, rows.collect()).unwrap();
    t
}

fn run(db: &Database, work: &mut dyn JobWork) {
    while work.step(db, u64::MAX).unwrap() != Step::Done {}
}

fn benches(c: &mut Criterion) {
    let db = database();
    let t = table(&db, "T");
    c.bench_function("backup 10,000 rows", |b| {
        b.iter(|| run(&db, &mut Backup::new(&db, vec![t.clone()], "nodelocal://1/bench").unwrap()))
    });
    // A layer over an unchanged table: the cost of comparing 10,000 rows with the chain.
    c.bench_function("incremental backup 10,000 unchanged rows", |b| {
        b.iter(|| {
            let url = "nodelocal://1/bench";
            run(&db, &mut Backup::incremental(&db, vec![t.clone()], url).unwrap())
        })
    });
    let chain = backup_chain(&db, Some("LATEST"), "nodelocal://1/bench").unwrap();
    let data = chain[0].join("BENCH.T.csv");
    c.bench_function("restore 10,000 rows", |b| {
        b.iter_batched(
            || {
                if let Ok(current) = db.storage.table("BENCH", "T") {
                    db.storage.remove_table(&current);
                }
                Restore::new(&db, &chain, "BENCH", "T").unwrap()
            },
            |mut r| run(&db, &mut r),
            BatchSize::PerIteration,
        )
    });
    let empty = db
        .storage
        .create_table(
            "BENCH",
            "E",
            t.columns
                .iter()
                .map(|c| ColumnSpec {
                    name: c.name.clone(),
                    ty: c.ty,
                    not_null: c.not_null,
                    default: None,
                })
                .collect(),
            vec![],
        )
        .unwrap();
    let url = format!("file://{}", data.display());
    c.bench_function("import 10,000 rows (and revert)", |b| {
        b.iter(|| {
            let mut imp = Import::new(&db, empty.clone(), &[], std::slice::from_ref(&url)).unwrap();
            run(&db, &mut imp);
            imp.revert(&db).unwrap();
        })
    });
    let t = db.storage.table("BENCH", "T").unwrap();
    c.bench_function("create statistics 10,000 rows x 2 columns", |b| {
        b.iter(|| run(&db, &mut CreateStats::new(t.clone(), "s", &[]).unwrap()))
    });
    for i in 0..9 {
        table(&db, &format!("T{i}"));
    }
    c.bench_function("automatic statistics check, 10 x 10,000 rows", |b| {
        b.iter(|| stale_tables(&db, |_| false).len())
    });
}

criterion_group!(job_kinds, benches);
criterion_main!(job_kinds);
