//! BACKUP: writes the committed rows of tables into a backup collection, row by row.
//!
//! FORMAT
//! ------
//! `BACKUP ... INTO 'url'` makes the URL's directory a collection (as CockroachDB's
//! `BACKUP INTO` does) and writes one backup into a subdirectory named after the engine
//! clock, `YYYY/MM/DD-HHMMSS.00`; the file `LATEST` at the collection root names the newest
//! one (`RESTORE ... FROM LATEST IN 'url'`). A backup directory holds:
//! - `<OWNER>.<TABLE>.csv` per table: its rows, one CSV record each (`kinds::csv`);
//! - `BACKUP_MANIFEST`, written last (a backup without it is incomplete), one line per item:
//!   `table OWNER NAME ROWS`, then that table's `column NAME TYPE null|notnull [DEFAULT]`,
//!   `primary NAME COL,...`, `unique NAME COL,...` lines (`restore::read_manifest`).
//!
//! `BACKUP ... INTO LATEST IN 'url'` appends an incremental layer to the full backup that
//! `LATEST` names, in CockroachDB's default place for incrementals:
//! `incrementals/<full subdir>/YYYYMMDD/HHMMSS.00` under the collection; `LATEST` keeps naming
//! the full backup. A layer has the same manifest but only the rows changed since the previous
//! layer, plus the deleted keys (`kinds::layers`); `RESTORE` replays the chain.
//!
//! The rows are the table's committed rows when the job starts (its AS OF time). A cancel
//! removes the backup directory.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{SharedTotals, batch, external_path, fraction, io_error};
use super::{csv, layers};
use crate::db::Database;
use crate::error::OraError;
use crate::jobs::{JobWork, Step};
use crate::storage::{ConstraintKind, Table};
use crate::value::{Row, SqlType};

/// The name of the manifest file of a backup.
pub const MANIFEST: &str = "BACKUP_MANIFEST";
/// The file at a collection's root naming its newest backup.
pub const LATEST: &str = "LATEST";
/// The directory of a collection holding the incremental layers, per full backup.
pub const INCREMENTALS: &str = "incrementals";

/// A running BACKUP.
pub struct Backup {
    tables: Vec<Arc<Table>>,
    collection: PathBuf,
    dir: PathBuf,
    /// What `LATEST` names once done (None: an incremental layer leaves it as it is).
    latest: Option<String>,
    /// An incremental layer's full backup (its subdirectory).
    base: Option<String>,
    /// An incremental layer's chain so far (the full backup, then its layers), else empty.
    chain: Vec<PathBuf>,
    /// The table being written and its snapshot.
    at: usize,
    rows: Option<Vec<Row>>,
    row: usize,
    written: usize,
    total: usize,
    manifest: String,
    file: Option<std::fs::File>,
    /// Totals so far.
    pub totals: SharedTotals,
}

impl Backup {
    /// A backup of `tables` into the collection at `url` (the subdirectory is named after
    /// the engine clock now).
    pub fn new(db: &Database, tables: Vec<Arc<Table>>, url: &str) -> Result<Backup, OraError> {
        let collection = external_path(&db.config.external_io_dir, url)?;
        let now = db.clock.datetime();
        let (date, time) = (date_time(now, "/", "-"), time_of(now));
        let subdir = format!("{date}{time}");
        Ok(Backup::writing(db, tables, collection.join(&subdir), collection, Some(subdir)))
    }

    /// An incremental layer of `tables` on the latest full backup of the collection at `url`
    /// (`BACKUP ... INTO LATEST IN 'url'`).
    pub fn incremental(
        db: &Database,
        tables: Vec<Arc<Table>>,
        url: &str,
    ) -> Result<Backup, OraError> {
        let collection = external_path(&db.config.external_io_dir, url)?;
        let full = latest_full(&collection)?;
        let now = db.clock.datetime();
        let layer = format!("{}/{}", date_time(now, "", ""), time_of(now));
        let dir = collection.join(INCREMENTALS).join(&full).join(layer);
        let mut backup = Backup::writing(db, tables, dir, collection.clone(), None);
        // A layer left at this very path (a re-run on the virtual clock) is replaced, so it is
        // no part of its own chain.
        backup.chain = chain(&collection, &full).into_iter().filter(|d| *d != backup.dir).collect();
        backup.base = Some(full);
        Ok(backup)
    }

    fn writing(
        db: &Database,
        tables: Vec<Arc<Table>>,
        dir: PathBuf,
        collection: PathBuf,
        latest: Option<String>,
    ) -> Backup {
        let total = tables.iter().map(|t| db.storage.committed_rows(t).len()).sum();
        Backup {
            dir,
            collection,
            latest,
            base: None,
            chain: Vec::new(),
            tables,
            at: 0,
            rows: None,
            row: 0,
            written: 0,
            total,
            manifest: String::from("vsession backup 1\n"),
            file: None,
            totals: SharedTotals::default(),
        }
    }

    /// The subdirectory of the full backup an incremental layer appends to.
    pub fn base(&self) -> Option<&str> {
        self.base.as_deref()
    }

    /// The backup's directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Opens the next table's data file and takes its snapshot.
    fn start_table(&mut self, db: &Database, table: &Table) -> Result<(), OraError> {
        if self.at == 0 {
            self.clear_stale()?;
        }
        std::fs::create_dir_all(&self.dir).map_err(|e| io_error("creating", &self.dir, e))?;
        let path = self.dir.join(data_file(table));
        let file = std::fs::File::create(&path).map_err(|e| io_error("writing", &path, e))?;
        let mut rows: Vec<Row> =
            db.storage.committed_rows(table).into_iter().map(|r| r.1).collect();
        if !self.chain.is_empty() {
            let delta = layers::delta(&self.chain, table, rows)?;
            self.write_deleted(table, &delta.deleted)?;
            rows = delta.changed;
        }
        self.manifest.push_str(&table_entry(table, rows.len()));
        self.rows = Some(rows);
        self.file = Some(file);
        self.row = 0;
        Ok(())
    }

    /// Removes what an earlier backup left at this path (a re-run on the virtual clock), which
    /// would mix with this one: its files and, for a full backup, the layers appended to it.
    fn clear_stale(&self) -> Result<(), OraError> {
        let layers = self.latest.as_ref().map(|s| self.collection.join(INCREMENTALS).join(s));
        std::iter::once(&self.dir).chain(&layers).try_for_each(|d| remove_dir(d))
    }

    fn write_deleted(&self, table: &Table, keys: &[Row]) -> Result<(), OraError> {
        if keys.is_empty() {
            return Ok(());
        }
        let path = self.dir.join(layers::deleted_file(&table.owner, &table.name));
        let text: String = keys.iter().map(|k| csv::line(k)).collect();
        std::fs::write(&path, text).map_err(|e| io_error("writing", &path, e))
    }

    fn write_rows(&mut self, table: &Table, budget: u64) -> Result<usize, OraError> {
        let rows = self.rows.as_deref().unwrap_or_default();
        let chunk = batch(rows, self.row, budget);
        let text: String = chunk.iter().map(|r| csv::line(r)).collect();
        let path = self.dir.join(data_file(table));
        if let Some(f) = self.file.as_mut() {
            f.write_all(text.as_bytes()).map_err(|e| io_error("writing", &path, e))?;
        }
        self.totals.lock().add(table, chunk);
        Ok(chunk.len())
    }

    fn finish(&self) -> Result<(), OraError> {
        let manifest = self.dir.join(MANIFEST);
        std::fs::write(&manifest, &self.manifest).map_err(|e| io_error("writing", &manifest, e))?;
        let Some(subdir) = &self.latest else { return Ok(()) };
        let latest = self.collection.join(LATEST);
        std::fs::write(&latest, subdir).map_err(|e| io_error("writing", &latest, e))
    }
}

impl JobWork for Backup {
    fn step(&mut self, db: &Database, budget: u64) -> Result<Step, OraError> {
        let mut left = budget;
        while let Some(table) = self.tables.get(self.at).cloned() {
            if self.rows.is_none() {
                self.start_table(db, &table)?;
            }
            let n = self.write_rows(&table, left)?;
            self.row += n;
            self.written += n;
            left = left.saturating_sub(n as u64);
            if self.row < self.rows.as_ref().map_or(0, Vec::len) {
                return Ok(Step::Progress(fraction(self.written, self.total)));
            }
            self.rows = None;
            self.file = None;
            self.at += 1;
            if left == 0 && self.at < self.tables.len() {
                return Ok(Step::Progress(fraction(self.written, self.total)));
            }
        }
        self.finish()?;
        Ok(Step::Done)
    }

    fn revert(&mut self, _db: &Database) -> Result<(), OraError> {
        self.file = None;
        remove_dir(&self.dir)
    }
}

/// Removes a directory and its files, if there.
fn remove_dir(dir: &Path) -> Result<(), OraError> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_error("removing", dir, e)),
        _ => Ok(()),
    }
}

/// `YYYY<sep>MM<sep>DD<end>` of the engine clock's date.
fn date_time(now: time::PrimitiveDateTime, sep: &str, end: &str) -> String {
    format!("{:04}{sep}{:02}{sep}{:02}{end}", now.year(), u8::from(now.month()), now.day())
}

/// `HHMMSS.00` of the engine clock's time.
fn time_of(now: time::PrimitiveDateTime) -> String {
    format!("{:02}{:02}{:02}.00", now.hour(), now.minute(), now.second())
}

/// The subdirectory of the collection's latest complete full backup, or CockroachDB's error
/// when there is none (`backupdest.ReadLatestFile`).
pub fn latest_full(collection: &Path) -> Result<String, OraError> {
    let none = || {
        OraError::crdb(
            "58P01",
            "path does not contain a completed latest backup: LATEST file could not be read in base or metadata directory",
        )
    };
    let subdir = std::fs::read_to_string(collection.join(LATEST)).map_err(|_| none())?;
    let subdir = subdir.trim().to_string();
    match collection.join(&subdir).join(MANIFEST).exists() {
        true => Ok(subdir),
        false => Err(none()),
    }
}

/// The chain of the full backup `subdir` of a collection: the full backup, then its complete
/// incremental layers, oldest first.
pub fn chain(collection: &Path, subdir: &str) -> Vec<PathBuf> {
    let subdirs = |dir: &Path| -> Vec<PathBuf> {
        let entries = std::fs::read_dir(dir).into_iter().flatten().flatten();
        entries.map(|e| e.path()).filter(|p| p.is_dir()).collect()
    };
    let base = collection.join(INCREMENTALS).join(subdir);
    let mut layers: Vec<PathBuf> = subdirs(&base)
        .iter()
        .flat_map(|day| subdirs(day))
        .filter(|layer| layer.join(MANIFEST).exists())
        .collect();
    layers.sort();
    layers.insert(0, collection.join(subdir));
    layers
}

/// The data file of a table in a backup.
pub fn data_file(table: &Table) -> String {
    file_name(&table.owner, &table.name)
}

/// `OWNER.NAME.csv`.
pub fn file_name(owner: &str, name: &str) -> String {
    format!("{owner}.{name}.csv")
}

/// The manifest lines of one table.
fn table_entry(table: &Table, rows: usize) -> String {
    let mut out = format!("table {} {} {rows}\n", table.owner, table.name);
    for c in &table.columns {
        let null = if c.not_null { "notnull" } else { "null" };
        let _ = write!(out, "column {} {} {null}", c.name, type_code(c.ty));
        if let Some(d) = &c.default {
            let _ = write!(out, " {}", d.replace('\n', " "));
        }
        out.push('\n');
    }
    for k in &table.constraints {
        let cols: Vec<&str> = k.columns.iter().map(|&i| &*table.columns[i].name).collect();
        let _ = match k.kind {
            ConstraintKind::PrimaryKey => writeln!(out, "primary {} {}", k.name, cols.join(",")),
            ConstraintKind::Unique => writeln!(out, "unique {} {}", k.name, cols.join(",")),
        };
    }
    out
}

/// A column type in the manifest: `number:P:S` (empty when not declared), `varchar2:N`,
/// `char:N`, `raw:N`, `date`, `timestamp`, `boolean`.
pub fn type_code(ty: SqlType) -> String {
    let opt = |o: Option<i64>| o.map(|v| v.to_string()).unwrap_or_default();
    match ty {
        SqlType::Number { precision, scale } => {
            format!("number:{}:{}", opt(precision.map(i64::from)), opt(scale.map(i64::from)))
        }
        SqlType::Varchar2(n) => format!("varchar2:{n}"),
        SqlType::Char(n) => format!("char:{n}"),
        SqlType::Raw(n) => format!("raw:{n}"),
        SqlType::Date => "date".into(),
        SqlType::Timestamp => "timestamp".into(),
        SqlType::Boolean => "boolean".into(),
    }
}

/// Reads back [`type_code`].
pub fn parse_type_code(code: &str) -> Option<SqlType> {
    let mut parts = code.split(':');
    let kind = parts.next()?;
    let mut next_num = || parts.next().map(|p| p.parse::<i64>().ok());
    Some(match kind {
        "number" => {
            let precision = next_num()?.map(|p| p as u8);
            let scale = next_num()?.map(|s| s as i8);
            SqlType::Number { precision, scale }
        }
        "varchar2" => SqlType::Varchar2(next_num()??.try_into().ok()?),
        "char" => SqlType::Char(next_num()??.try_into().ok()?),
        "raw" => SqlType::Raw(next_num()??.try_into().ok()?),
        "date" => SqlType::Date,
        "timestamp" => SqlType::Timestamp,
        "boolean" => SqlType::Boolean,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{db, run, table};
    use super::*;

    #[test]
    fn backup_writes_rows_and_manifest_progressively() {
        let db = db("backup");
        let t = table(&db, 10);
        let mut b = Backup::new(&db, vec![t], "nodelocal://1/coll").unwrap();
        assert_eq!(b.step(&db, 4).unwrap(), Step::Progress(0.4));
        assert!(!b.dir().join(MANIFEST).exists(), "manifest only when complete");
        assert_eq!(run(&db, &mut b, 4), 2);
        let data = std::fs::read_to_string(b.dir().join("SCOTT.T.csv")).unwrap();
        assert_eq!(data.lines().count(), 10);
        assert_eq!(data.lines().next(), Some("1,n1"));
        assert_eq!(data.lines().nth(2), Some("3,"));
        let manifest = std::fs::read_to_string(b.dir().join(MANIFEST)).unwrap();
        assert!(manifest.contains("table SCOTT T 10\ncolumn ID number:: notnull\n"), "{manifest}");
        assert!(manifest.contains("primary SYS_C007100 ID\n"), "{manifest}");
        let latest = db.config.external_io_dir.join("coll").join(LATEST);
        assert_eq!(std::fs::read_to_string(latest).unwrap(), "2026/01/05-090000.00");
        assert_eq!(b.totals.lock().rows, 10);
        assert_eq!(b.totals.lock().index_entries, 10);
    }

    #[test]
    fn a_reverted_backup_leaves_no_files() {
        let db = db("backup-revert");
        let t = table(&db, 10);
        let mut b = Backup::new(&db, vec![t], "nodelocal://1/coll").unwrap();
        b.step(&db, 3).unwrap();
        assert!(b.dir().exists());
        b.revert(&db).unwrap();
        assert!(!b.dir().exists());
    }

    #[test]
    fn type_codes_round_trip() {
        for ty in [
            SqlType::NUMBER,
            SqlType::Number { precision: Some(10), scale: Some(-2) },
            SqlType::Varchar2(30),
            SqlType::Char(3),
            SqlType::Date,
            SqlType::Timestamp,
        ] {
            assert_eq!(parse_type_code(&type_code(ty)), Some(ty));
        }
    }
}
