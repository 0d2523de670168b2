//! IMPORT INTO: reads CSV files (`kinds::csv`) and loads their rows into an existing table
//! progressively, committed as the import's own work. A cancel or a failure reverts the table
//! to its pre-import state, as CockroachDB rolls back an IMPORT INTO: the rows the import
//! loaded are taken out again, and only they. The table is
//! offline (`relation "t" is offline: importing`) from the statement until the job has
//! succeeded or reverted; a paused import keeps it offline.

use std::sync::Arc;

use super::csv::{self, Field};
use super::{Offline, SharedTotals, batch, column_positions, external_path, fraction, io_error};
use crate::db::Database;
use crate::error::OraError;
use crate::jobs::{JobWork, Step};
use crate::storage::{RowId, Table};
use crate::value::{Row, Value};

/// A running IMPORT INTO.
pub struct Import {
    table: Arc<Table>,
    /// For each table column, the position of its CSV field (None: NULL).
    positions: Vec<Option<usize>>,
    records: Vec<Vec<Field>>,
    done: usize,
    loaded: Vec<RowId>,
    /// The table offline until the import is over.
    offline: Option<Offline>,
    /// Totals so far.
    pub totals: SharedTotals,
}

impl Import {
    /// An import of the files at `urls` into `table`; `columns` are the target columns in
    /// the files' field order (all columns when empty).
    pub fn new(
        db: &Database,
        table: Arc<Table>,
        columns: &[String],
        urls: &[String],
    ) -> Result<Import, OraError> {
        let positions = if columns.is_empty() {
            (0..table.columns.len()).map(Some).collect()
        } else {
            target_positions(&table, columns)?
        };
        let mut records = Vec::new();
        for url in urls {
            let path = external_path(&db.config.external_io_dir, url)?;
            let text = std::fs::read_to_string(&path).map_err(|e| io_error("reading", &path, e))?;
            records.extend(csv::records(&text));
        }
        Ok(Import {
            offline: Some(Offline::new(table.clone(), "importing")),
            table,
            positions,
            records,
            done: 0,
            loaded: Vec::new(),
            totals: SharedTotals::default(),
        })
    }

    /// Rows imported so far.
    pub fn rows(&self) -> usize {
        self.loaded.len()
    }

    fn row_of(&self, record: &[Field], line: usize) -> Result<Row, OraError> {
        let expected = self.positions.iter().flatten().count();
        if record.len() != expected {
            return Err(OraError::crdb(
                "22P04",
                format!("row {line}: expected {expected} fields, got {}", record.len()),
            ));
        }
        let at_row = |e: OraError| OraError::crdb("22P02", format!("row {line}: {}", e.text));
        self.positions
            .iter()
            .zip(&self.table.columns)
            .map(|(p, c)| p.map_or(Ok(Value::Null), |p| csv::value_of(&record[p], c.ty)))
            .collect::<Result<Row, _>>()
            .map_err(at_row)
    }
}

/// For each column of `table`, its position in `columns` (CockroachDB's error for an unknown
/// column).
fn target_positions(table: &Table, columns: &[String]) -> Result<Vec<Option<usize>>, OraError> {
    let positions = column_positions(table, columns)?;
    Ok((0..table.columns.len()).map(|i| positions.iter().position(|&p| p == i)).collect())
}

/// ORA-00001 as CockroachDB's unique violation (SQLSTATE 23505), naming the constraint.
fn crdb_unique(e: OraError) -> OraError {
    if e.code != crate::error::UNIQUE_VIOLATED {
        return e;
    }
    let name = e.text.rsplit_once('.').map_or("", |(_, n)| n).trim_end_matches([')', ' ']);
    let name = name.split(')').next().unwrap_or(name).to_lowercase();
    OraError::crdb("23505", format!("duplicate key value violates unique constraint \"{name}\""))
}

impl JobWork for Import {
    fn step(&mut self, db: &Database, budget: u64) -> Result<Step, OraError> {
        let chunk = batch(&self.records, self.done, budget);
        let rows = chunk
            .iter()
            .enumerate()
            .map(|(i, r)| self.row_of(r, self.done + i + 1))
            .collect::<Result<Vec<_>, _>>()?;
        let n = rows.len();
        self.totals.lock().add(&self.table, &rows);
        let loaded = db.storage.load_committed(&self.table, rows).map_err(crdb_unique)?;
        self.loaded.extend(loaded);
        self.done += n;
        if self.done >= self.records.len() {
            self.offline = None;
            return Ok(Step::Done);
        }
        Ok(Step::Progress(fraction(self.done, self.records.len())))
    }

    fn revert(&mut self, db: &Database) -> Result<(), OraError> {
        db.storage.unload_committed(&self.table, &std::mem::take(&mut self.loaded));
        self.offline = None;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{db, run, table};
    use super::*;

    fn fixture(db: &Database, text: &str) -> String {
        std::fs::create_dir_all(&db.config.external_io_dir).unwrap();
        std::fs::write(db.config.external_io_dir.join("in.csv"), text).unwrap();
        "nodelocal://1/in.csv".into()
    }

    #[test]
    fn import_loads_rows_progressively_and_reverts_to_before() {
        let db = db("import");
        let t = table(&db, 2);
        let url = fixture(&db, "10,ten\n11,\"el,even\"\n12,\n13,x\n");
        let mut imp = Import::new(&db, t.clone(), &[], &[url]).unwrap();
        assert_eq!(imp.step(&db, 3).unwrap(), Step::Progress(0.75));
        assert_eq!(db.storage.committed_rows(&t).len(), 5);
        imp.revert(&db).unwrap();
        let rows = db.storage.committed_rows(&t);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].1[0], Value::int(2));
    }

    #[test]
    fn import_with_a_column_list_and_its_errors() {
        let db = db("import-cols");
        let t = table(&db, 0);
        let url = fixture(&db, "a,1\nb,2\n");
        let cols = ["NAME".to_string(), "ID".to_string()];
        let mut imp = Import::new(&db, t.clone(), &cols, std::slice::from_ref(&url)).unwrap();
        run(&db, &mut imp, 10);
        assert_eq!(db.storage.committed_rows(&t)[1].1, vec![Value::int(2), Value::text("b")]);
        let e = Import::new(&db, t.clone(), &["NOPE".into()], std::slice::from_ref(&url))
            .err()
            .unwrap();
        assert_eq!(e.to_string(), "ERROR: column \"nope\" does not exist");
        let mut dup = Import::new(&db, t, &cols, &[url]).unwrap();
        assert!(dup.step(&db, 10).is_err(), "duplicate primary key");
    }
}
