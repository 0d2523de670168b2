//! RESTORE: recreates a table from a backup (`kinds::backup` describes the files) and loads
//! its rows progressively, committed. A cancel (reverting) drops the partially restored
//! table, as CockroachDB does.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::backup::{MANIFEST, chain, latest_full, parse_type_code};
use super::csv::{self, Field};
use super::layers::replay;
use super::{Offline, SharedTotals, batch, external_path, fraction, io_error};
use crate::db::Database;
use crate::error::OraError;
use crate::jobs::{JobWork, Step};
use crate::storage::{ColumnSpec, ConstraintKind, ConstraintSpec, Table};

/// One table of a backup manifest.
#[derive(Debug, Clone, PartialEq)]
pub struct TableEntry {
    /// Owner (schema).
    pub owner: String,
    /// Table name.
    pub name: String,
    /// Rows in the backup.
    pub rows: usize,
    /// Columns.
    pub columns: Vec<ColumnSpec>,
    /// PRIMARY KEY and UNIQUE constraints.
    pub constraints: Vec<ConstraintSpec>,
}

/// The backups that `RESTORE ... FROM <from> IN <url>` reads, oldest first: `LATEST` reads the
/// collection's LATEST file, another `from` is a subdirectory, each followed by its
/// incremental layers; without `IN`, `url` is a collection (its latest backup and layers) or
/// a backup directory itself.
pub fn backup_chain(
    db: &Database,
    from: Option<&str>,
    url: &str,
) -> Result<Vec<PathBuf>, OraError> {
    let root = external_path(&db.config.external_io_dir, url)?;
    let subdir = match from {
        Some(f) if f.eq_ignore_ascii_case("LATEST") => latest_full(&root)?,
        Some(sub) => sub.trim_start_matches('/').to_string(),
        None if root.join(MANIFEST).exists() => return Ok(vec![root]),
        None => latest_full(&root)?,
    };
    Ok(chain(&root, &subdir))
}

/// Reads the manifest of the backup in `dir`.
pub fn read_manifest(dir: &Path) -> Result<Vec<TableEntry>, OraError> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path).map_err(|e| io_error("reading", &path, e))?;
    let bad = || OraError::crdb("XX001", format!("corrupt backup manifest {}", path.display()));
    let mut tables: Vec<TableEntry> = Vec::new();
    for line in text.lines().skip(1) {
        let mut words = line.splitn(5, ' ');
        let (kind, a, b) = (words.next(), words.next().ok_or_else(bad)?, words.next());
        if kind == Some("table") {
            let rows = words.next().and_then(|r| r.parse().ok()).ok_or_else(bad)?;
            let (owner, name) = (a.to_string(), b.ok_or_else(bad)?.to_string());
            tables.push(TableEntry { owner, name, rows, columns: vec![], constraints: vec![] });
            continue;
        }
        let t = tables.last_mut().ok_or_else(bad)?;
        let names = |list: &str| list.split(',').map(Arc::from).collect::<Vec<Arc<str>>>();
        match kind {
            Some("column") => {
                let ty = parse_type_code(b.ok_or_else(bad)?).ok_or_else(bad)?;
                let not_null = words.next() == Some("notnull");
                let default = words.next().map(Arc::from);
                t.columns.push(ColumnSpec { name: Arc::from(a), ty, not_null, default });
            }
            Some(k @ ("primary" | "unique")) => t.constraints.push(ConstraintSpec {
                name: Some(Arc::from(a)),
                kind: if k == "primary" {
                    ConstraintKind::PrimaryKey
                } else {
                    ConstraintKind::Unique
                },
                columns: names(b.ok_or_else(bad)?),
            }),
            _ => return Err(bad()),
        }
    }
    Ok(tables)
}

/// A running RESTORE of one table.
pub struct Restore {
    entry: TableEntry,
    records: Vec<Vec<Field>>,
    table: Option<Arc<Table>>,
    /// The restored table, offline until the restore is over.
    offline: Option<Offline>,
    loaded: usize,
    /// Totals so far.
    pub totals: SharedTotals,
}

impl Restore {
    /// A restore of `owner.name` from a backup chain (`backup_chain`): CockroachDB's errors
    /// when the backup does not have the table or the table exists already.
    pub fn new(
        db: &Database,
        chain: &[PathBuf],
        owner: &str,
        name: &str,
    ) -> Result<Restore, OraError> {
        let (entry, records) = replay(chain, owner, name)?.ok_or_else(|| {
            OraError::crdb(
                "42P01",
                format!(
                    "failed to resolve targets specified in the RESTORE stmt: table \"{}\" does not exist",
                    name.to_lowercase()
                ),
            )
        })?;
        if db.storage.table(owner, name).is_ok() {
            return Err(OraError::crdb(
                "42P07",
                format!("relation \"{}\" already exists", name.to_lowercase()),
            ));
        }
        let totals = SharedTotals::default();
        Ok(Restore { entry, records, table: None, offline: None, loaded: 0, totals })
    }

    /// The table being restored, once created.
    pub fn table(&self) -> Option<&Arc<Table>> {
        self.table.as_ref()
    }

    /// Rows restored so far.
    pub fn rows(&self) -> usize {
        self.loaded
    }

    /// Creates the (empty) table.
    fn start(&mut self, db: &Database) -> Result<(), OraError> {
        let e = &self.entry;
        let t =
            db.storage.create_table(&e.owner, &e.name, e.columns.clone(), e.constraints.clone())?;
        self.offline = Some(Offline::new(t.clone(), "restoring"));
        self.table = Some(t);
        Ok(())
    }
}

impl JobWork for Restore {
    fn step(&mut self, db: &Database, budget: u64) -> Result<Step, OraError> {
        if self.table.is_none() {
            self.start(db)?;
        }
        let (Some(table), records) = (&self.table, &self.records) else {
            self.offline = None;
            return Ok(Step::Done);
        };
        let chunk = batch(records, self.loaded, budget);
        let rows = chunk
            .iter()
            .map(|rec| {
                rec.iter().zip(&table.columns).map(|(f, c)| csv::value_of(f, c.ty)).collect()
            })
            .collect::<Result<Vec<_>, OraError>>()?;
        self.totals.lock().add(table, &rows);
        db.storage.load_committed(table, rows)?;
        self.loaded += chunk.len();
        if self.loaded >= records.len() {
            self.offline = None;
            return Ok(Step::Done);
        }
        Ok(Step::Progress(fraction(self.loaded, records.len())))
    }

    fn revert(&mut self, db: &Database) -> Result<(), OraError> {
        if let Some(t) = self.table.take() {
            db.storage.remove_table(&t);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::backup::Backup;
    use super::super::testing::{db, run, table};
    use super::*;
    use crate::value::Value;

    fn backed_up(tag: &str) -> (Database, Arc<Table>) {
        let db = db(tag);
        let t = table(&db, 25);
        run(&db, &mut Backup::new(&db, vec![t.clone()], "nodelocal://1/b").unwrap(), 100);
        (db, t)
    }

    #[test]
    fn restore_round_trips_the_rows() {
        let (db, t) = backed_up("restore");
        let before = db.storage.committed_rows(&t);
        db.storage.remove_table(&t);
        let chain = backup_chain(&db, Some("LATEST"), "nodelocal://1/b").unwrap();
        let mut r = Restore::new(&db, &chain, "SCOTT", "T").unwrap();
        assert_eq!(r.step(&db, 10).unwrap(), Step::Progress(0.4));
        assert_eq!(run(&db, &mut r, 10), 2);
        let t2 = db.storage.table("SCOTT", "T").unwrap();
        assert_eq!(format!("{:?}", db.storage.committed_rows(&t2)), format!("{before:?}"));
        assert_eq!(t2.columns, t.columns);
        assert_eq!(t2.constraints.len(), 1);
        let dup = db.storage.load_committed(&t2, vec![vec![Value::int(1), Value::Null]]);
        assert!(dup.is_err(), "the primary key is restored too");
    }

    /// SCOTT.T's rows, as text, sorted (a restore loads them in key order of first backup).
    fn rows_of(db: &Database) -> Vec<String> {
        let t = db.storage.table("SCOTT", "T").unwrap();
        let mut rows: Vec<String> =
            db.storage.committed_rows(&t).iter().map(|r| format!("{:?}", r.1)).collect();
        rows.sort();
        rows
    }

    #[test]
    fn incremental_layers_hold_changes_and_restore_replays_them() {
        let (db, t) = backed_up("restore-incremental");
        db.storage.load_committed(&t, vec![vec![Value::int(100), Value::Null]]).unwrap();
        let mut inc = Backup::incremental(&db, vec![t.clone()], "nodelocal://1/b").unwrap();
        run(&db, &mut inc, 100);
        let dir = inc.dir().to_path_buf();
        assert!(dir.ends_with("incrementals/2026/01/05-090000.00/20260105/090000.00"), "{dir:?}");
        assert_eq!(std::fs::read_to_string(dir.join("SCOTT.T.csv")).unwrap(), "100,\n");
        assert!(!dir.join("SCOTT.T.deleted.csv").exists());
        // A second layer: row 1 deleted, row 2 changed.
        let gone: Vec<_> = db.storage.committed_rows(&t).into_iter().take(2).map(|r| r.0).collect();
        db.storage.unload_committed(&t, &gone);
        db.storage.load_committed(&t, vec![vec![Value::int(2), Value::text("two")]]).unwrap();
        db.clock.advance(std::time::Duration::from_secs(60));
        let mut inc = Backup::incremental(&db, vec![t.clone()], "nodelocal://1/b").unwrap();
        run(&db, &mut inc, 100);
        assert_eq!(std::fs::read_to_string(inc.dir().join("SCOTT.T.csv")).unwrap(), "2,two\n");
        assert_eq!(std::fs::read_to_string(inc.dir().join("SCOTT.T.deleted.csv")).unwrap(), "1\n");
        let expected = rows_of(&db);
        db.storage.remove_table(&t);
        let chain = backup_chain(&db, Some("LATEST"), "nodelocal://1/b").unwrap();
        assert_eq!(chain.len(), 3);
        let mut r = Restore::new(&db, &chain, "SCOTT", "T").unwrap();
        run(&db, &mut r, 100);
        assert_eq!(r.rows(), 25);
        assert_eq!(rows_of(&db), expected);
    }

    #[test]
    fn an_incremental_backup_needs_a_full_one() {
        let db = db("incremental-alone");
        let t = table(&db, 1);
        let e = Backup::incremental(&db, vec![t], "nodelocal://1/none").err().unwrap();
        assert!(e.to_string().contains("does not contain a completed latest backup"), "{e}");
    }

    #[test]
    fn a_reverted_restore_drops_the_partial_table() {
        let (db, t) = backed_up("restore-revert");
        db.storage.remove_table(&t);
        let chain = backup_chain(&db, None, "nodelocal://1/b").unwrap();
        let mut r = Restore::new(&db, &chain, "SCOTT", "T").unwrap();
        r.step(&db, 10).unwrap();
        assert_eq!(db.storage.committed_rows(r.table().unwrap()).len(), 10);
        r.revert(&db).unwrap();
        assert!(db.storage.table("SCOTT", "T").is_err());
    }

    #[test]
    fn restore_refuses_an_existing_table_and_a_missing_one() {
        let (db, _t) = backed_up("restore-exists");
        let chain = backup_chain(&db, Some("LATEST"), "nodelocal://1/b").unwrap();
        let e = Restore::new(&db, &chain, "SCOTT", "T").err().unwrap();
        assert_eq!(e.to_string(), "ERROR: relation \"t\" already exists");
        let e = Restore::new(&db, &chain, "SCOTT", "U").err().unwrap();
        assert!(e.to_string().ends_with("table \"u\" does not exist"), "{e}");
    }
}
