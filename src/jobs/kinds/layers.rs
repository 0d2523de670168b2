//! Backup chains: a full backup and the incremental layers appended to it (`BACKUP ... INTO
//! LATEST IN`), oldest first. A layer holds, per table with a primary key, the rows changed
//! since the previous layer (new or different, in `OWNER.TABLE.csv`) and the keys deleted
//! since then (`OWNER.TABLE.deleted.csv`, one record of key fields each); a table without a
//! primary key has no key to match rows by, so each layer holds all its rows. [`replay`]
//! applies a chain in order, giving the newest rows; [`delta`] compares a table's rows now
//! with a replayed chain, giving the next layer's content.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;

use super::backup::file_name;
use super::csv::{self, Field};
use super::io_error;
use super::restore::{TableEntry, read_manifest};
use crate::error::OraError;
use crate::storage::{ConstraintKind, Table};
use crate::value::{Row, Value};

/// A table's rows as a chain leaves them, by key, in first-written order.
type State = IndexMap<Vec<Field>, Vec<Field>>;

/// A table as a chain leaves it: its newest manifest entry and its rows (CSV fields).
pub type Replayed = (TableEntry, Vec<Vec<Field>>);

/// The file of the keys deleted from a table since the previous layer.
pub fn deleted_file(owner: &str, name: &str) -> String {
    format!("{owner}.{name}.deleted.csv")
}

/// The newest manifest entry of `owner.name` in the chain and the table's rows after every
/// layer is applied (None: no backup of the chain has the table).
pub fn replay(chain: &[PathBuf], owner: &str, name: &str) -> Result<Option<Replayed>, OraError> {
    let mut newest = None;
    let mut state = State::new();
    for dir in chain {
        let Some(entry) =
            read_manifest(dir)?.into_iter().find(|t| t.owner == owner && t.name == name)
        else {
            continue;
        };
        apply(dir, &entry, &mut state)?;
        newest = Some(entry);
    }
    Ok(newest.map(|e| (e, state.into_values().collect())))
}

/// Applies one backup of the chain to `state`.
fn apply(dir: &Path, entry: &TableEntry, state: &mut State) -> Result<(), OraError> {
    let rows = read_records(&dir.join(file_name(&entry.owner, &entry.name)))?;
    let Some(key) = entry_key(entry) else {
        state.clear();
        state.extend(rows.into_iter().enumerate().map(|(i, r)| (vec![Some(i.to_string())], r)));
        return Ok(());
    };
    for row in rows {
        state.insert(pick(&row, &key), row);
    }
    let deleted = dir.join(deleted_file(&entry.owner, &entry.name));
    if deleted.exists() {
        for k in read_records(&deleted)? {
            state.shift_remove(&k);
        }
    }
    Ok(())
}

/// What the next layer of `table` holds: the rows to write and the deleted keys.
pub struct Delta {
    /// New or changed rows (all rows for a table without a primary key).
    pub changed: Vec<Row>,
    /// Key values of the rows deleted since the chain's newest backup.
    pub deleted: Vec<Row>,
}

/// Compares `table`'s rows `now` with the chain's state of the table.
pub fn delta(chain: &[PathBuf], table: &Table, now: Vec<Row>) -> Result<Delta, OraError> {
    let key = table_key(table);
    let previous = match (&key, replay(chain, &table.owner, &table.name)?) {
        (Some(_), Some((entry, rows))) => match entry_key(&entry) {
            Some(k) => rows.into_iter().map(|r| (pick(&r, &k), r)).collect::<State>(),
            None => State::new(),
        },
        _ => return Ok(Delta { changed: now, deleted: Vec::new() }),
    };
    let key = key.unwrap_or_default();
    let mut seen = std::collections::HashSet::new();
    let mut changed = Vec::new();
    for row in now {
        let fields: Vec<Field> = row.iter().map(csv::text_of).collect();
        let k = pick(&fields, &key);
        if previous.get(&k) != Some(&fields) {
            changed.push(row);
        }
        seen.insert(k);
    }
    let deleted = previous
        .into_keys()
        .filter(|k| !seen.contains(k))
        .map(|k| k.into_iter().map(Value::opt_text).collect())
        .collect();
    Ok(Delta { changed, deleted })
}

/// Positions of the primary key columns of a table.
fn table_key(table: &Table) -> Option<Vec<usize>> {
    let pk = table.constraints.iter().find(|c| c.kind == ConstraintKind::PrimaryKey)?;
    Some(pk.columns.clone())
}

/// Positions of the primary key columns of a manifest entry.
fn entry_key(entry: &TableEntry) -> Option<Vec<usize>> {
    let pk = entry.constraints.iter().find(|c| c.kind == ConstraintKind::PrimaryKey)?;
    pk.columns.iter().map(|c| entry.columns.iter().position(|col| col.name == *c)).collect()
}

fn pick(row: &[Field], key: &[usize]) -> Vec<Field> {
    key.iter().map(|&i| row.get(i).cloned().flatten()).collect()
}

fn read_records(path: &Path) -> Result<Vec<Vec<Field>>, OraError> {
    let text = std::fs::read_to_string(path).map_err(|e| io_error("reading", path, e))?;
    Ok(csv::records(&text))
}
