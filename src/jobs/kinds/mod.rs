//! The job kinds that do real work on the engine's tables, one [`JobWork`](super::JobWork)
//! per file: [`backup`] (with its incremental [`layers`]), [`restore`], [`import`], [`stats`] (CREATE STATISTICS and the
//! automatic statistics rule), [`changefeed`] and [`schema_change`] (ADD COLUMN, CREATE
//! INDEX, and the not-cancelable DROP / RENAME / CREATE TABLE AS records).
//!
//! Each kind reads and writes through the storage bulk API (`storage::bulk`): jobs have no
//! session and no transaction; they load committed rows and take them out again when they
//! revert. A budget unit is one row. What the kinds share lives in [`Shared`]
//! (`Database::job_kinds`): cluster settings, collected statistics and the automatic
//! statistics bookkeeping.
//!
//! EXTERNAL STORAGE
//! ----------------
//! `nodelocal://1/path` is CockroachDB's node-local external storage: here it maps to
//! `Config::external_io_dir` (default `<temp dir>/vsession-extern`, CockroachDB's
//! `--external-io-dir`). `file:///abs/path` is the absolute path itself. Backups, import
//! sources and changefeed sinks all resolve their URL with [`external_path`].

pub mod backup;
pub mod changefeed;
pub mod csv;
pub mod import;
pub mod layers;
pub mod restore;
pub mod schema_change;
pub mod stats;

use parking_lot::Mutex;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::OraError;
use crate::storage::Table;

pub use stats::TableStatistic;

/// The cluster settings the job kinds read (`SET CLUSTER SETTING`).
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// `sql.stats.automatic_collection.enabled` (default true).
    pub auto_stats_enabled: bool,
    /// `sql.stats.automatic_collection.fraction_stale_rows` (default 0.2).
    pub fraction_stale_rows: f64,
    /// `sql.stats.automatic_collection.min_stale_rows` (default 500).
    pub min_stale_rows: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { auto_stats_enabled: true, fraction_stale_rows: 0.2, min_stale_rows: 500 }
    }
}

/// State shared by the job kinds, one per database.
#[derive(Default)]
pub struct Shared {
    /// Cluster settings.
    pub settings: Mutex<Settings>,
    /// Collected statistics, oldest first (`SHOW STATISTICS`).
    pub statistics: Mutex<Vec<TableStatistic>>,
    /// Per table id: the change counter at the last automatic collection (or its creation).
    pub auto_marks: Mutex<HashMap<u64, u64>>,
    /// The engine second of the last automatic statistics check (`exec::job_kinds`).
    pub last_auto_check: Mutex<Option<u64>>,
    /// Secondary indexes built by CREATE INDEX (`schema_change`).
    pub indexes: Mutex<Vec<schema_change::IndexEntry>>,
}

/// Holds a table offline (CockroachDB's OFFLINE descriptor state) while an IMPORT or RESTORE
/// works on it: brought back online when the job lets go of it (success or revert), or when
/// the job's work is dropped, so that no table stays offline without its job.
pub struct Offline(std::sync::Arc<Table>);

impl Offline {
    /// Takes `table` offline for `reason` (`importing`, `restoring`).
    pub fn new(table: std::sync::Arc<Table>, reason: &'static str) -> Offline {
        table.set_offline(Some(reason));
        Offline(table)
    }
}

impl Drop for Offline {
    fn drop(&mut self) {
        self.0.set_offline(None);
    }
}

/// An I/O failure on external storage as a CockroachDB error (SQLSTATE 58030, io_error).
pub fn io_error(what: &str, path: &Path, e: std::io::Error) -> OraError {
    OraError::crdb("58030", format!("{what} {}: {e}", path.display()))
}

/// The local path of an external storage URL (see the module comment), or CockroachDB's
/// error for a scheme it does not know here.
pub fn external_path(extern_dir: &Path, url: &str) -> Result<PathBuf, OraError> {
    if let Some(rest) = url.strip_prefix("nodelocal://") {
        let (_node, path) = rest.split_once('/').unwrap_or((rest, ""));
        let rel = Path::new(path);
        if rel.components().any(|c| matches!(c, std::path::Component::ParentDir)) {
            return Err(OraError::crdb(
                "XXUUU",
                format!(
                    "local file access to paths outside of external-io-dir is not allowed: {path}"
                ),
            ));
        }
        return Ok(extern_dir.join(rel));
    }
    if let Some(path) = url.strip_prefix("file://") {
        return Ok(PathBuf::from(path));
    }
    let scheme = url.split_once("://").map_or(url, |(s, _)| s);
    Err(OraError::crdb("XXUUU", format!("unsupported storage scheme: \"{scheme}\"")))
}

/// The CockroachDB-style qualified name of a table in job descriptions: the schema is the
/// Oracle owner, shown lower-case like CockroachDB's names (`test.public.t` becomes
/// `scott.t`).
pub fn qualified(table: &Table) -> String {
    format!("{}.{}", table.owner.to_lowercase(), table.name.to_lowercase())
}

/// What BACKUP, RESTORE and IMPORT report when they finish (their statement's result row:
/// rows, index_entries, bytes).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BulkTotals {
    /// Rows written.
    pub rows: u64,
    /// Index entries (unique constraints' keys) the rows carry.
    pub index_entries: u64,
    /// Bytes of row data (in the CSV form).
    pub bytes: u64,
}

impl BulkTotals {
    /// Counts `rows` of `table`.
    pub fn add(&mut self, table: &Table, rows: &[crate::value::Row]) {
        self.rows += rows.len() as u64;
        self.index_entries += (rows.len() * table.constraints.len()) as u64;
        self.bytes += rows.iter().map(|r| csv::line(r).len() as u64).sum::<u64>();
    }
}

/// Totals the job updates and its statement reads when the job is done.
pub type SharedTotals = std::sync::Arc<Mutex<BulkTotals>>;

/// The positions of `columns` in `table` (CockroachDB's error for an unknown column).
pub fn column_positions(table: &Table, columns: &[String]) -> Result<Vec<usize>, OraError> {
    columns
        .iter()
        .map(|c| {
            table.column_index(c).ok_or_else(|| {
                let c = c.to_lowercase();
                OraError::crdb("42703", format!("column \"{c}\" does not exist"))
            })
        })
        .collect()
}

/// Fraction `done / total` (1.0 for an empty total).
pub fn fraction(done: usize, total: usize) -> f64 {
    if total == 0 { 1.0 } else { done as f64 / total as f64 }
}

/// The rows of `rows` from `at`, at most `budget` of them.
pub fn batch<T>(rows: &[T], at: usize, budget: u64) -> &[T] {
    let end = at.saturating_add(usize::try_from(budget).unwrap_or(usize::MAX)).min(rows.len());
    &rows[at.min(end)..end]
}

/// Shorthand used by every kind's tests.
#[cfg(test)]
pub(crate) mod testing {
    use std::sync::Arc;

    use crate::db::{Config, Database};
    use crate::jobs::{JobWork, Step};
    use crate::storage::{ColumnSpec, ConstraintKind, ConstraintSpec, Table};
    use crate::value::{SqlType, Value};

    /// A virtual-time database whose external storage is a fresh temp dir.
    pub fn db(tag: &str) -> Database {
        let dir = std::env::temp_dir().join(format!("vsession-kinds-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        Database::new(Config { virtual_time: true, external_io_dir: dir, ..Config::default() })
    }

    /// SCOTT.T (ID NUMBER PRIMARY KEY, NAME VARCHAR2(20)) with `n` rows, NAME NULL for ids
    /// divisible by 3 and otherwise 'n<id % 4>'.
    pub fn table(db: &Database, n: i64) -> Arc<Table> {
        let col = |name: &str, ty| ColumnSpec {
            name: Arc::from(name),
            ty,
            not_null: false,
            default: None,
        };
        let pk = ConstraintSpec {
            name: None,
            kind: ConstraintKind::PrimaryKey,
            columns: vec![Arc::from("ID")],
        };
        let t = db
            .storage
            .create_table(
                "SCOTT",
                "T",
                vec![col("ID", SqlType::NUMBER), col("NAME", SqlType::Varchar2(20))],
                vec![pk],
            )
            .unwrap();
        let rows = (1..=n)
            .map(|i| {
                vec![
                    Value::int(i),
                    if i % 3 == 0 { Value::Null } else { Value::text(format!("n{}", i % 4)) },
                ]
            })
            .collect();
        db.storage.load_committed(&t, rows).unwrap();
        t
    }

    /// Steps `work` with `budget` until done; returns the number of steps.
    pub fn run(db: &Database, work: &mut dyn JobWork, budget: u64) -> usize {
        for n in 1..10_000 {
            if work.step(db, budget).unwrap() == Step::Done {
                return n;
            }
        }
        panic!("job never finished");
    }
}
