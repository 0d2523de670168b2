//! CREATE STATISTICS and automatic statistics: counts rows, distinct values and NULLs per
//! column (or column group) over the table's committed rows, a budget of rows at a time, and
//! records a [`TableStatistic`] per column group when done (`SHOW STATISTICS FOR TABLE`).
//!
//! Without `ON cols` every column gets its own statistic, as CockroachDB collects
//! single-column statistics by default. `avg_size` is the average size in bytes of the
//! values' text form (NULL counts 0). For a column group, distinct_count counts distinct value
//! tuples and null_count the rows whose group columns are all NULL.
//!
//! AUTOMATIC STATISTICS
//! --------------------
//! [`stale_tables`] is CockroachDB's refresh rule: a table is stale when it has no
//! statistics yet, or when the rows changed since its last collection exceed
//! `fraction_stale_rows * row_count + min_stale_rows` (0.2 and 500 by default; changes are
//! counted by `Storage::change_count`). After every COMMIT the executor asks it and creates
//! an `AUTO CREATE STATS` job named `__auto__` for each stale table while
//! `sql.stats.automatic_collection.enabled` is true. A cancelled automatic job leaves the
//! table stale, so a new one is created later.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use super::csv;
use super::{batch, column_positions, fraction};
use crate::db::Database;
use crate::error::OraError;
use crate::jobs::{JobWork, Step};
use crate::storage::Table;
use crate::value::{Row, Value};

/// The name of automatic statistics.
pub const AUTO_NAME: &str = "__auto__";

/// One collected statistic (a row of SHOW STATISTICS).
#[derive(Debug, Clone, PartialEq)]
pub struct TableStatistic {
    /// The table's object id.
    pub table_id: u64,
    /// statistics_name.
    pub name: String,
    /// column_names.
    pub columns: Vec<Arc<str>>,
    /// created (engine time).
    pub created: Duration,
    /// row_count.
    pub row_count: u64,
    /// distinct_count.
    pub distinct_count: u64,
    /// null_count.
    pub null_count: u64,
    /// avg_size.
    pub avg_size: u64,
}

/// The running count of one column group.
struct Group {
    columns: Vec<usize>,
    distinct: HashSet<Vec<String>>,
    nulls: u64,
    bytes: u64,
}

/// A running CREATE STATISTICS (or automatic collection).
pub struct CreateStats {
    table: Arc<Table>,
    name: String,
    groups: Vec<Group>,
    rows: Option<Vec<Row>>,
    done: usize,
}

impl CreateStats {
    /// Statistics `name` on `table`, over `columns` as one group, or each column on its own
    /// when `columns` is empty (CockroachDB's error for an unknown column).
    pub fn new(table: Arc<Table>, name: &str, columns: &[String]) -> Result<CreateStats, OraError> {
        let groups = if columns.is_empty() {
            (0..table.columns.len()).map(|i| vec![i]).collect()
        } else {
            vec![column_positions(&table, columns)?]
        };
        let groups = groups
            .into_iter()
            .map(|columns| Group { columns, distinct: HashSet::new(), nulls: 0, bytes: 0 })
            .collect();
        Ok(CreateStats { table, name: name.to_string(), groups, rows: None, done: 0 })
    }

    fn count(&mut self, db: &Database, budget: u64) -> bool {
        let rows = self.rows.get_or_insert_with(|| {
            db.storage.committed_rows(&self.table).into_iter().map(|r| r.1).collect()
        });
        let chunk = batch(rows, self.done, budget);
        for row in chunk {
            for g in &mut self.groups {
                let values: Vec<&Value> = g.columns.iter().map(|&i| &row[i]).collect();
                g.nulls += values.iter().all(|v| v.is_null()) as u64;
                g.bytes += values.iter().map(|v| csv::size_of(v) as u64).sum::<u64>();
                if values.iter().any(|v| !v.is_null()) {
                    g.distinct.insert(values.iter().map(|v| key(v)).collect());
                }
            }
        }
        self.done += chunk.len();
        self.done >= rows.len()
    }

    fn record(&self, db: &Database) {
        let row_count = self.done as u64;
        let created = db.clock.now();
        let new = self.groups.iter().map(|g| TableStatistic {
            table_id: self.table.id,
            name: self.name.clone(),
            columns: g.columns.iter().map(|&i| self.table.columns[i].name.clone()).collect(),
            created,
            row_count,
            distinct_count: g.distinct.len() as u64 + (g.nulls > 0) as u64,
            null_count: g.nulls,
            avg_size: g.bytes.checked_div(row_count).unwrap_or(0),
        });
        let mut all = db.job_kinds.statistics.lock();
        // A new collection replaces the older statistics on the same columns, as CockroachDB
        // keeps only the newest per column set (beyond a small history).
        let fresh: Vec<TableStatistic> = new.collect();
        all.retain(|s| {
            s.table_id != self.table.id || !fresh.iter().any(|f| f.columns == s.columns)
        });
        all.extend(fresh);
        let changes = db.storage.change_count(&self.table);
        db.job_kinds.auto_marks.lock().insert(self.table.id, changes);
    }
}

/// A value as a hashable key (numbers normalised so 1 and 1.0 agree).
fn key(v: &Value) -> String {
    csv::text_of(v).unwrap_or_default()
}

impl JobWork for CreateStats {
    fn step(&mut self, db: &Database, budget: u64) -> Result<Step, OraError> {
        if self.table.is_dropped() {
            let name = self.table.name.to_lowercase();
            return Err(OraError::crdb("42P01", format!("relation \"{name}\" does not exist")));
        }
        if !self.count(db, budget) {
            return Ok(Step::Progress(fraction(self.done, self.rows.as_ref().map_or(0, Vec::len))));
        }
        self.record(db);
        Ok(Step::Done)
    }
}

/// The statistics of `table`, oldest first.
pub fn statistics_of(db: &Database, table: &Table) -> Vec<TableStatistic> {
    db.job_kinds.statistics.lock().iter().filter(|s| s.table_id == table.id).cloned().collect()
}

/// The row `SHOW STATISTICS` answers for one statistic: statistics_name, column_names,
/// created, row_count, distinct_count, null_count, avg_size, histogram_id (none here).
pub fn show_row(db: &Database, s: &TableStatistic) -> Row {
    let cols: Vec<String> = s.columns.iter().map(|c| c.to_lowercase()).collect();
    vec![
        Value::text(&s.name),
        Value::text(format!("{{{}}}", cols.join(","))),
        Value::opt_text(csv::text_of(&Value::Timestamp(db.clock.datetime_at(s.created)))),
        Value::int(s.row_count as i64),
        Value::int(s.distinct_count as i64),
        Value::int(s.null_count as i64),
        Value::int(s.avg_size as i64),
        Value::Null,
    ]
}

/// The tables automatic statistics should collect now (see the module comment); `running`
/// says whether a table already has an automatic job in flight.
pub fn stale_tables(db: &Database, running: impl Fn(&Table) -> bool) -> Vec<Arc<Table>> {
    let settings = db.job_kinds.settings.lock().clone();
    if !settings.auto_stats_enabled {
        return Vec::new();
    }
    let marks = db.job_kinds.auto_marks.lock().clone();
    db.storage
        .tables()
        .into_iter()
        .filter(|t| !running(t))
        .filter(|t| {
            let changes = db.storage.change_count(t);
            let Some(&mark) = marks.get(&t.id) else { return changes > 0 };
            let changed = changes.saturating_sub(mark);
            // Counting the rows costs a pass over them: only when the changes could matter.
            changed > settings.min_stale_rows && {
                let rows = db.storage.committed_count(t) as f64;
                changed as f64
                    > settings.fraction_stale_rows * rows + settings.min_stale_rows as f64
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{db, run, table};
    use super::*;

    #[test]
    fn statistics_count_rows_distincts_and_nulls() {
        let db = db("stats");
        let t = table(&db, 12);
        let mut s = CreateStats::new(t.clone(), "s1", &[]).unwrap();
        assert_eq!(s.step(&db, 5).unwrap(), Step::Progress(5.0 / 12.0));
        run(&db, &mut s, 5);
        let stats = statistics_of(&db, &t);
        assert_eq!(stats.len(), 2);
        let (id, name) = (&stats[0], &stats[1]);
        assert_eq!((id.row_count, id.distinct_count, id.null_count), (12, 12, 0));
        // NAME: ids 3,6,9,12 are NULL; the others are n1, n2, n0 or n3 -> 4 values + NULL.
        assert_eq!((name.row_count, name.distinct_count, name.null_count), (12, 5, 4));
        assert_eq!(name.avg_size, 2 * 8 / 12);
        assert_eq!(&*name.columns[0], "NAME");
    }

    #[test]
    fn a_column_group_and_an_unknown_column() {
        let db = db("stats-group");
        let t = table(&db, 6);
        let cols = ["ID".to_string(), "NAME".to_string()];
        run(&db, &mut CreateStats::new(t.clone(), "s2", &cols).unwrap(), 100);
        let s = &statistics_of(&db, &t)[0];
        assert_eq!(s.columns.len(), 2);
        assert_eq!(s.distinct_count, 6);
        let e = CreateStats::new(t, "s3", &["X".into()]).err().unwrap();
        assert_eq!(e.to_string(), "ERROR: column \"x\" does not exist");
    }

    #[test]
    fn tables_go_stale_after_enough_changes() {
        let db = db("stats-stale");
        let t = table(&db, 10);
        assert_eq!(stale_tables(&db, |_| false).len(), 1, "never collected");
        assert!(stale_tables(&db, |_| true).is_empty(), "already running");
        run(&db, &mut CreateStats::new(t.clone(), AUTO_NAME, &[]).unwrap(), 100);
        assert!(stale_tables(&db, |_| false).is_empty());
        db.job_kinds.settings.lock().min_stale_rows = 3;
        let rows = (100..104).map(|i| vec![Value::int(i), Value::Null]).collect();
        db.storage.load_committed(&t, rows).unwrap();
        assert!(stale_tables(&db, |_| false).is_empty(), "4 changes <= 0.2 * 14 + 3");
        let rows = (200..203).map(|i| vec![Value::int(i), Value::Null]).collect();
        db.storage.load_committed(&t, rows).unwrap();
        assert_eq!(stale_tables(&db, |_| false).len(), 1, "7 changes > 0.2 * 17 + 3");
        db.job_kinds.settings.lock().auto_stats_enabled = false;
        assert!(stale_tables(&db, |_| false).is_empty());
    }
}
