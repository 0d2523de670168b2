//! Schema changes as `SCHEMA CHANGE` jobs.
//!
//! - [`AddColumn`] (`ALTER TABLE t ADD [COLUMN] c type [DEFAULT expr]`): backfills the
//!   default into a new version of the table a budget of rows at a time, then publishes it
//!   (`Storage::rebuild_table`), as CockroachDB backfills a new primary index and swaps it in.
//!   Until then the column is invisible; a cancel simply drops the backfill.
//! - [`CreateIndex`] (`CREATE [UNIQUE] INDEX [name] ON t (cols)`): the engine has no secondary
//!   indexes (only the hash index behind each unique constraint), so an index is a catalog
//!   entry ([`IndexEntry`] in `Shared::indexes`) whose build scans the rows progressively; a
//!   UNIQUE index checks the keys as it goes (CockroachDB's duplicate key error fails the
//!   job) and is published as a unique constraint that later writes must respect.
//! - [`Immediate`]: DROP TABLE, ALTER TABLE ... RENAME TO, CREATE TABLE ... AS — not
//!   cancelable. The statement does its work (RENAME through `Storage::rebuild_table`), and
//!   the job records it, finishing at its first step.

use std::collections::HashSet;
use std::sync::Arc;

use super::{batch, column_positions, csv, fraction, qualified};
use crate::db::Database;
use crate::error::{OraError, RESOURCE_BUSY};
use crate::jobs::{JobWork, Step};
use crate::storage::{ColumnSpec, Duplicate, Rebuild, Table};
use crate::value::{Row, Value};

/// A secondary index as the catalog knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexEntry {
    /// The table's object id.
    pub table_id: u64,
    /// Index name (lower-case, CockroachDB style).
    pub name: String,
    /// Key columns.
    pub columns: Vec<Arc<str>>,
    /// UNIQUE.
    pub unique: bool,
}

/// CockroachDB's default index name: `t_a_b_idx`, or `t_a_b_key` for a unique index.
pub fn default_index_name(table: &Table, columns: &[String], unique: bool) -> String {
    let suffix = if unique { "key" } else { "idx" };
    format!("{}_{}_{suffix}", table.name.to_lowercase(), columns.join("_").to_lowercase())
}

/// The job description CockroachDB gives a CREATE INDEX: `CREATE INDEX name ON db.sch.t (a, b)`.
pub fn create_index_description(
    table: &Table,
    name: &str,
    cols: &[String],
    unique: bool,
) -> String {
    let cols: Vec<String> = cols.iter().map(|c| c.to_lowercase()).collect();
    let unique = if unique { "UNIQUE " } else { "" };
    format!("CREATE {unique}INDEX {name} ON {} ({})", qualified(table), cols.join(", "))
}

/// The rows a schema change scans: the committed rows when it starts.
struct Scan {
    rows: Option<Vec<Row>>,
    done: usize,
}

impl Scan {
    /// The next batch (taking the snapshot on the first call).
    fn next<'a>(&'a mut self, db: &Database, table: &Table, budget: u64) -> &'a [Row] {
        let rows = self.rows.get_or_insert_with(|| {
            db.storage.committed_rows(table).into_iter().map(|r| r.1).collect()
        });
        let chunk = batch(rows, self.done, budget);
        self.done += chunk.len();
        chunk
    }

    fn finished(&self) -> bool {
        self.rows.as_ref().is_some_and(|r| self.done >= r.len())
    }

    fn progress(&self) -> Step {
        Step::Progress(fraction(self.done, self.rows.as_ref().map_or(0, Vec::len)))
    }
}

/// Publishes a rebuild; a table busy with a transaction is retried at the next step.
fn publish(db: &Database, table: &Table, change: Rebuild) -> Result<Option<Arc<Table>>, OraError> {
    match db.storage.rebuild_table(table, change) {
        Ok(t) => Ok(Some(t)),
        Err(Err(e)) if e.code == RESOURCE_BUSY => Ok(None),
        Err(Err(e)) => Err(e),
        Err(Ok(dup)) => Err(duplicate_error(&dup)),
    }
}

/// CockroachDB's unique violation (SQLSTATE 23505; its DETAIL line names the key).
fn duplicate_error(dup: &Duplicate) -> OraError {
    let index = dup.index.to_lowercase();
    OraError::crdb("23505", format!("duplicate key value violates unique constraint \"{index}\""))
}

/// A running ALTER TABLE ... ADD COLUMN.
pub struct AddColumn {
    table: Arc<Table>,
    column: ColumnSpec,
    value: Value,
    scan: Scan,
}

impl AddColumn {
    /// Adds `column` to `table`, every existing row getting `value` (its DEFAULT, evaluated
    /// once by the statement); CockroachDB's error if the column exists.
    pub fn new(table: Arc<Table>, column: ColumnSpec, value: Value) -> Result<AddColumn, OraError> {
        if table.column_index(&column.name).is_some() {
            let (c, t) = (column.name.to_lowercase(), table.name.to_lowercase());
            return Err(OraError::crdb(
                "42701",
                format!("column \"{c}\" of relation \"{t}\" already exists"),
            ));
        }
        Ok(AddColumn { table, column, value, scan: Scan { rows: None, done: 0 } })
    }
}

impl JobWork for AddColumn {
    fn step(&mut self, db: &Database, budget: u64) -> Result<Step, OraError> {
        if !self.scan.finished() {
            // The backfill: each row's new value is checked against the column type.
            let ty = self.column.ty;
            for _ in self.scan.next(db, &self.table, budget) {
                csv::value_of(&csv::text_of(&self.value), ty)?;
            }
            if !self.scan.finished() {
                return Ok(self.scan.progress());
            }
        }
        let change = Rebuild {
            add_column: Some((self.column.clone(), self.value.clone())),
            ..Rebuild::default()
        };
        Ok(match publish(db, &self.table, change)? {
            Some(_) => Step::Done,
            None => Step::Progress(0.99),
        })
    }
}

/// A running CREATE [UNIQUE] INDEX.
pub struct CreateIndex {
    table: Arc<Table>,
    entry: IndexEntry,
    positions: Vec<usize>,
    keys: HashSet<Vec<String>>,
    scan: Scan,
}

impl CreateIndex {
    /// An index `name` on `columns` of `table` (CockroachDB's errors for a taken name or an
    /// unknown column).
    pub fn new(
        db: &Database,
        table: Arc<Table>,
        name: &str,
        columns: &[String],
        unique: bool,
    ) -> Result<CreateIndex, OraError> {
        let positions = column_positions(&table, columns)?;
        let taken = db.job_kinds.indexes.lock().iter().any(|i| i.name == name)
            || table.constraints.iter().any(|c| c.name.eq_ignore_ascii_case(name));
        if taken {
            return Err(OraError::crdb("42P07", format!("relation \"{name}\" already exists")));
        }
        let entry = IndexEntry {
            table_id: table.id,
            name: name.to_string(),
            columns: positions.iter().map(|&i| table.columns[i].name.clone()).collect(),
            unique,
        };
        let scan = Scan { rows: None, done: 0 };
        Ok(CreateIndex { table, entry, positions, keys: HashSet::new(), scan })
    }

    fn check_unique(&mut self, rows: &[Row]) -> Result<(), OraError> {
        for row in rows {
            let key: Vec<Value> = self.positions.iter().map(|&i| row[i].clone()).collect();
            if key.iter().all(Value::is_null) {
                continue;
            }
            let text = key.iter().map(|v| csv::text_of(v).unwrap_or_default()).collect();
            if !self.keys.insert(text) {
                return Err(duplicate_error(&Duplicate {
                    index: Arc::from(&*self.entry.name),
                    key,
                }));
            }
        }
        Ok(())
    }
}

impl JobWork for CreateIndex {
    fn step(&mut self, db: &Database, budget: u64) -> Result<Step, OraError> {
        if !self.scan.finished() {
            let rows = self.scan.next(db, &self.table, budget).to_vec();
            if self.entry.unique {
                self.check_unique(&rows)?;
            }
            if !self.scan.finished() {
                return Ok(self.scan.progress());
            }
        }
        if self.entry.unique {
            let change = Rebuild {
                add_unique: Some((Arc::from(&*self.entry.name), self.positions.clone())),
                ..Rebuild::default()
            };
            if publish(db, &self.table, change)?.is_none() {
                return Ok(Step::Progress(0.99));
            }
        }
        db.job_kinds.indexes.lock().push(self.entry.clone());
        Ok(Step::Done)
    }
}

/// A not-cancelable schema change whose statement did the work already (DROP TABLE,
/// RENAME, CREATE TABLE AS): the job only records it.
pub struct Immediate;

impl JobWork for Immediate {
    fn step(&mut self, _db: &Database, _budget: u64) -> Result<Step, OraError> {
        Ok(Step::Done)
    }
}

/// ALTER TABLE t RENAME TO n (CockroachDB's error if the name is taken).
pub fn rename_table(db: &Database, table: &Table, new_name: &str) -> Result<Arc<Table>, OraError> {
    let change = Rebuild { new_name: Some(Arc::from(new_name)), ..Rebuild::default() };
    match db.storage.rebuild_table(table, change) {
        Ok(t) => Ok(t),
        Err(Err(e)) if e.code == crate::error::NAME_ALREADY_USED => {
            let n = new_name.to_lowercase();
            Err(OraError::crdb("42P07", format!("relation \"{n}\" already exists")))
        }
        Err(Err(e)) => Err(e),
        Err(Ok(dup)) => Err(duplicate_error(&dup)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{db, run, table};
    use super::*;
    use crate::value::SqlType;

    fn column(name: &str) -> ColumnSpec {
        ColumnSpec {
            name: Arc::from(name),
            ty: SqlType::NUMBER,
            not_null: false,
            default: Some(Arc::from("7")),
        }
    }

    #[test]
    fn add_column_backfills_then_publishes() {
        let db = db("add-column");
        let t = table(&db, 10);
        let mut job = AddColumn::new(t.clone(), column("X"), Value::int(7)).unwrap();
        assert_eq!(job.step(&db, 4).unwrap(), Step::Progress(0.4));
        assert_eq!(db.storage.table("SCOTT", "T").unwrap().columns.len(), 2, "not yet visible");
        run(&db, &mut job, 4);
        let t2 = db.storage.table("SCOTT", "T").unwrap();
        assert_eq!(t2.columns.len(), 3);
        assert!(db.storage.committed_rows(&t2).iter().all(|(_, r)| r[2] == Value::int(7)));
        assert!(t.is_dropped(), "the old version is retired");
        let e = AddColumn::new(t2, column("ID"), Value::Null).err().unwrap();
        assert_eq!(e.to_string(), "ERROR: column \"id\" of relation \"t\" already exists");
    }

    #[test]
    fn a_unique_index_finds_duplicates_and_is_enforced_after() {
        let db = db("create-index");
        let t = table(&db, 8);
        let cols = ["NAME".to_string()];
        let name = default_index_name(&t, &cols, true);
        assert_eq!(name, "t_name_key");
        let mut job = CreateIndex::new(&db, t.clone(), &name, &cols, true).unwrap();
        let e = (0..10).find_map(|_| job.step(&db, 2).err()).unwrap();
        assert!(
            e.to_string().starts_with(
                "ERROR: duplicate key value violates unique constraint \"t_name_key\""
            )
        );
        let ids = ["ID".to_string()];
        let mut job = CreateIndex::new(&db, t.clone(), "t_id_key", &ids, true).unwrap();
        run(&db, &mut job, 3);
        let t2 = db.storage.table("SCOTT", "T").unwrap();
        assert_eq!(t2.constraints.len(), 2);
        assert!(db.storage.load_committed(&t2, vec![vec![Value::int(1), Value::Null]]).is_err());
        assert_eq!(db.job_kinds.indexes.lock().len(), 1);
        assert!(CreateIndex::new(&db, t2, "t_id_key", &ids, false).is_err(), "name taken");
    }

    #[test]
    fn rename_moves_the_table() {
        let db = db("rename");
        let t = table(&db, 3);
        let t2 = rename_table(&db, &t, "U").unwrap();
        assert_eq!(db.storage.committed_rows(&t2).len(), 3);
        assert!(db.storage.table("SCOTT", "T").is_err());
        let other = table(&db, 0);
        let e = rename_table(&db, &other, "U").unwrap_err();
        assert_eq!(e.to_string(), "ERROR: relation \"u\" already exists");
    }
}
