//! CREATE CHANGEFEED: runs until cancelled, appending each committed row change of a table
//! to a sink file as a JSON line in CockroachDB's wrapped envelope with the key in the value:
//! `{"after": {"id": 1, "name": "a"}, "key": [1]}` for an insert or update,
//! `{"after": null, "key": [1]}` for a delete.
//!
//! The sink is CockroachDB's cloud storage sink on `nodelocal://1/dir` (or `file:///dir`):
//! one file `<dir>/<table>.ndjson` (CockroachDB names its files by timestamp; one file is
//! easier to read), which a new changefeed on the same sink starts afresh. Column names are
//! lower-case, as CockroachDB users write them.
//!
//! No storage hook: each step compares the table's committed rows with what the feed saw
//! last (by row slot), so the feed sees committed changes only and emits them at the next
//! step of the registry's worker, ordered by key. Several changes to one row between two
//! steps collapse to its latest version (CockroachDB also only promises the latest version
//! per resolved timestamp). The first step emits every existing row (the initial scan).
//! The key is the primary key, or the row slot (CockroachDB's hidden `rowid`) without one.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use super::{csv, external_path, io_error};
use crate::db::Database;
use crate::error::OraError;
use crate::jobs::{JobWork, Step};
use crate::storage::{ConstraintKind, RowId, Table};
use crate::value::{Row, Value};

/// A running changefeed on one table.
pub struct Changefeed {
    table: Arc<Table>,
    path: PathBuf,
    seen: HashMap<RowId, Row>,
    /// Lines written so far.
    pub emitted: u64,
}

impl Changefeed {
    /// A changefeed on `table` into the sink at `url`.
    pub fn new(db: &Database, table: Arc<Table>, url: &str) -> Result<Changefeed, OraError> {
        let dir = external_path(&db.config.external_io_dir, url)?;
        let path = dir.join(format!("{}.ndjson", table.name.to_lowercase()));
        // A sink that cannot be written fails the job at its first write, with the reason.
        let _ = std::fs::remove_file(&path);
        Ok(Changefeed { table, path, seen: HashMap::new(), emitted: 0 })
    }

    /// The sink file.
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// The changes since the last step, as (key, line) sorted by key.
    fn changes(&mut self, db: &Database) -> Vec<(Vec<Value>, String)> {
        let now: HashMap<RowId, Row> = db.storage.committed_rows(&self.table).into_iter().collect();
        let mut out = Vec::new();
        for (id, row) in &now {
            if self.seen.get(id) != Some(row) {
                out.push((self.key(*id, row), Some(row)));
            }
        }
        for (id, row) in &self.seen {
            if !now.contains_key(id) {
                out.push((self.key(*id, row), None));
            }
        }
        out.sort_by(|a, b| compare_keys(&a.0, &b.0));
        let lines = out.into_iter().map(|(k, row)| {
            let line = self.line(&k, row);
            (k, line)
        });
        let lines = lines.collect();
        self.seen = now;
        lines
    }

    fn key(&self, id: RowId, row: &Row) -> Vec<Value> {
        let pk = self.table.constraints.iter().find(|c| c.kind == ConstraintKind::PrimaryKey);
        match pk {
            Some(c) => c.columns.iter().map(|&i| row[i].clone()).collect(),
            None => vec![Value::int(i64::from(id.0))],
        }
    }

    fn line(&self, key: &[Value], row: Option<&Row>) -> String {
        let after = match row {
            None => "null".to_string(),
            Some(r) => {
                let fields: Vec<String> = self
                    .table
                    .columns
                    .iter()
                    .zip(r)
                    .map(|(c, v)| format!("{}: {}", json_string(&c.name.to_lowercase()), json(v)))
                    .collect();
                format!("{{{}}}", fields.join(", "))
            }
        };
        let key: Vec<String> = key.iter().map(json).collect();
        format!("{{\"after\": {after}, \"key\": [{}]}}\n", key.join(", "))
    }
}

fn compare_keys(a: &[Value], b: &[Value]) -> std::cmp::Ordering {
    a.iter().zip(b).map(|(x, y)| x.sort_cmp(y)).find(|o| o.is_ne()).unwrap_or(a.len().cmp(&b.len()))
}

/// A value as JSON: numbers bare, everything else a string (dates in their text form).
pub fn json(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Number(_) | Value::Bool(_) => csv::text_of(v).unwrap_or_default(),
        other => json_string(&csv::text_of(other).unwrap_or_default()),
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl JobWork for Changefeed {
    fn step(&mut self, db: &Database, _budget: u64) -> Result<Step, OraError> {
        if self.table.is_dropped() {
            // A schema change (ADD COLUMN, RENAME) rebuilds the table under the same id: follow
            // it, re-emitting the rows that now look different, as CockroachDB's default
            // schema_change_policy=backfill does. A dropped table fails the changefeed.
            let id = self.table.id;
            let Some(current) = db.storage.tables().into_iter().find(|t| t.id == id) else {
                let name = self.table.name.to_lowercase();
                return Err(OraError::crdb("XXUUU", format!("\"{name}\" was dropped")));
            };
            self.table = current;
        }
        let text: String = self.changes(db).into_iter().map(|(_, l)| l).collect();
        if !text.is_empty() {
            if let Some(dir) = self.path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| io_error("creating", dir, e))?;
            }
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.path)
                .map_err(|e| io_error("writing", &self.path, e))?;
            f.write_all(text.as_bytes()).map_err(|e| io_error("writing", &self.path, e))?;
            self.emitted += text.lines().count() as u64;
        }
        // A changefeed never completes: its progress is its high-water mark, not a fraction.
        Ok(Step::Progress(0.0))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{db, table};
    use super::*;

    #[test]
    fn changefeed_writes_inserts_updates_and_deletes() {
        let db = db("changefeed");
        let t = table(&db, 2);
        let mut cf = Changefeed::new(&db, t.clone(), "nodelocal://1/feed").unwrap();
        assert_eq!(cf.step(&db, 1).unwrap(), Step::Progress(0.0));
        let ids = db.storage.load_committed(&t, vec![vec![Value::int(3), Value::text("c")]]);
        cf.step(&db, 1).unwrap();
        db.storage.unload_committed(&t, &ids.unwrap());
        let t2 = db
            .storage
            .rebuild_table(&t, crate::storage::Rebuild::default())
            .unwrap_or_else(|_| panic!("rebuild"));
        let mut cf2 = Changefeed::new(&db, t2.clone(), "nodelocal://1/feed2").unwrap();
        cf.step(&db, 1).unwrap();
        cf2.step(&db, 1).unwrap();
        db.storage.remove_table(&t2);
        cf.step(&db, 1).unwrap_err();
        let text = std::fs::read_to_string(cf.path()).unwrap();
        assert_eq!(
            text,
            "{\"after\": {\"id\": 1, \"name\": \"n1\"}, \"key\": [1]}\n\
             {\"after\": {\"id\": 2, \"name\": \"n2\"}, \"key\": [2]}\n\
             {\"after\": {\"id\": 3, \"name\": \"c\"}, \"key\": [3]}\n\
             {\"after\": null, \"key\": [3]}\n",
            "the feed follows its table through the rebuild"
        );
        assert_eq!(cf2.emitted, 2);
    }

    #[test]
    fn deletes_have_a_null_after() {
        let db = db("changefeed-delete");
        let t = table(&db, 0);
        let mut cf = Changefeed::new(&db, t.clone(), "file:///dev/null/x").unwrap();
        let ids = db.storage.load_committed(&t, vec![vec![Value::int(7), Value::Null]]).unwrap();
        let first = cf.changes(&db);
        assert_eq!(first[0].1, "{\"after\": {\"id\": 7, \"name\": null}, \"key\": [7]}\n");
        db.storage.unload_committed(&t, &ids);
        assert_eq!(cf.changes(&db)[0].1, "{\"after\": null, \"key\": [7]}\n");
    }

    #[test]
    fn the_golden_script_writes_its_sink() {
        let script = "tests/scripts/job_kinds/changefeed.sql";
        let text = std::fs::read_to_string(script).unwrap();
        let dir = std::env::temp_dir().join(format!("vsession-cf-golden-{}", std::process::id()));
        let config =
            crate::db::Config { external_io_dir: dir.clone(), ..crate::script::script_config() };
        let (transcript, _) = crate::script::run_script_text(&text, config);
        assert!(transcript.contains("CANCEL JOBS 1"), "{transcript}");
        let sink = std::fs::read_to_string(dir.join("job_kinds_changefeed/t.ndjson")).unwrap();
        assert_eq!(
            sink,
            "{\"after\": {\"id\": 1, \"name\": \"one\"}, \"key\": [1]}\n\
             {\"after\": {\"id\": 2, \"name\": \"two\"}, \"key\": [2]}\n\
             {\"after\": {\"id\": 3, \"name\": \"three\"}, \"key\": [3]}\n\
             {\"after\": {\"id\": 1, \"name\": \"uno\"}, \"key\": [1]}\n\
             {\"after\": null, \"key\": [2]}\n"
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}
