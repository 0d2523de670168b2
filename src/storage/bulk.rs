//! Bulk work for CockroachDB jobs (`crate::jobs::kinds`): rows loaded already committed
//! (RESTORE, IMPORT INTO) and taken out again when the job reverts, committed-only reads
//! (BACKUP, statistics, changefeeds), a change counter (automatic statistics), and table
//! rebuilds (ALTER TABLE ... ADD COLUMN, CREATE UNIQUE INDEX, RENAME TO).
//!
//! A job is not a session: it has no transaction, takes no TM lock and writes committed rows
//! directly, as CockroachDB's bulk ingestion writes SSTs below the transaction layer. Rebuilds
//! are refused (ORA-00054) while any transaction holds a TM lock on the table, so they never
//! lose uncommitted work; a rebuilt table replaces the old one under the same object id and
//! the old handle is marked dropped.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use parking_lot::Mutex;

use super::catalog::{Column, ColumnSpec, Constraint, ConstraintKind, Table};
use super::engine::Storage;
use super::table::{RowId, Slot, TableData, UniqueCheck};
use crate::error::{OraError, RESOURCE_BUSY, TABLE_NOT_FOUND, UNIQUE_VIOLATED};
use crate::ora;
use crate::value::{Row, Value};

/// A SID no session has: reads as it sees the table are reads of committed versions.
const NO_SESSION: u32 = u32::MAX;

/// What a rebuild changes (each part optional).
#[derive(Debug, Clone, Default)]
pub struct Rebuild {
    /// RENAME TO: the new name (normalised).
    pub new_name: Option<Arc<str>>,
    /// ADD COLUMN: the column and the value every existing row gets.
    pub add_column: Option<(ColumnSpec, Value)>,
    /// CREATE UNIQUE INDEX: name and key columns (positions).
    pub add_unique: Option<(Arc<str>, Vec<usize>)>,
}

/// A duplicate key found by a rebuild: the constraint name and the key values.
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    /// The index (constraint) name.
    pub index: Arc<str>,
    /// The key values of the second row having them.
    pub key: Vec<Value>,
}

impl Storage {
    /// Appends rows to `table` as committed versions (coerced and checked against the unique
    /// constraints). All or nothing: on an error no row of the batch stays.
    pub fn load_committed(&self, table: &Table, rows: Vec<Row>) -> Result<Vec<RowId>, OraError> {
        if table.is_dropped() {
            return Err(ora!(TABLE_NOT_FOUND));
        }
        let rows =
            rows.into_iter().map(|r| table.coerce(r, false)).collect::<Result<Vec<_>, _>>()?;
        let mut data = table.data.lock();
        let mut loaded = Vec::with_capacity(rows.len());
        for row in rows {
            match data.check_unique(table, &row, NO_SESSION, None) {
                UniqueCheck::Ok => {}
                UniqueCheck::Duplicate(ci) => {
                    unload(&mut data, table, &loaded);
                    return Err(unique_error(table, ci));
                }
                UniqueCheck::Blocked { .. } => {
                    unload(&mut data, table, &loaded);
                    return Err(ora!(RESOURCE_BUSY));
                }
            }
            let slot = data.slots.len() as u32;
            data.index(table, &row, slot);
            data.slots.push(Slot { committed: Some(row), pending: None, stamp: 1 });
            loaded.push(RowId(slot));
        }
        Ok(loaded)
    }

    /// Takes rows loaded by [`Storage::load_committed`] out again (a reverting IMPORT).
    pub fn unload_committed(&self, table: &Table, rowids: &[RowId]) {
        unload(&mut table.data.lock(), table, rowids);
    }

    /// The committed versions of the rows of `table` (what a job reads).
    pub fn committed_rows(&self, table: &Table) -> Vec<(RowId, Row)> {
        self.scan(NO_SESSION, table)
    }

    /// The number of committed rows of `table`.
    pub fn committed_count(&self, table: &Table) -> usize {
        table.data.lock().slots.iter().filter(|s| s.committed.is_some()).count()
    }

    /// A counter that grows with every row change of `table` (inserts, updates, deletes,
    /// rollbacks): the sum of the row slots' change stamps. Automatic statistics compare it
    /// with its value at the last collection.
    pub fn change_count(&self, table: &Table) -> u64 {
        table.data.lock().slots.iter().map(|s| u64::from(s.stamp)).sum()
    }

    /// Removes a table whatever holds it (a reverting RESTORE drops its partial table; the
    /// table was never visible to anyone's transaction).
    pub fn remove_table(&self, table: &Table) {
        let mut cat = self.catalog.write();
        table.dropped.store(true, Ordering::Release);
        let key = (table.owner.clone(), table.name.clone());
        if cat.tables.get(&key).is_some_and(|t| t.id == table.id) {
            cat.tables.shift_remove(&key);
        }
    }

    /// Rebuilds `table` with a new name, column or unique index: ORA-00054 while a
    /// transaction holds a TM lock on it, ORA-00955 if the new name is taken, `Err(Ok(dup))`
    /// when the new unique index finds a duplicate. Nothing changes on an error.
    pub fn rebuild_table(
        &self,
        table: &Table,
        change: Rebuild,
    ) -> Result<Arc<Table>, Result<Duplicate, OraError>> {
        let mut cat = self.catalog.write();
        let tx = self.txns.lock();
        if table.is_dropped() {
            return Err(Err(ora!(TABLE_NOT_FOUND)));
        }
        if tx.tm.get(&table.id).is_some_and(|h| !h.is_empty()) {
            return Err(Err(ora!(RESOURCE_BUSY)));
        }
        let name = change.new_name.clone().unwrap_or_else(|| table.name.clone());
        let new_key = (table.owner.clone(), name.clone());
        if change.new_name.is_some() && cat.tables.contains_key(&new_key) {
            return Err(Err(ora!(crate::error::NAME_ALREADY_USED)));
        }
        let rebuilt = Arc::new(rebuilt_table(table, name, &change).map_err(Err)?);
        fill(&rebuilt, table, change.add_column.map(|c| c.1))?;
        drop(tx);
        table.dropped.store(true, Ordering::Release);
        let old_key = (table.owner.clone(), table.name.clone());
        let at = cat.tables.get_index_of(&old_key).unwrap_or(cat.tables.len());
        cat.tables.shift_remove(&old_key);
        let at = at.min(cat.tables.len());
        cat.tables.shift_insert(at, new_key, rebuilt.clone());
        Ok(rebuilt)
    }
}

/// The definition of the rebuilt table (no rows yet).
fn rebuilt_table(table: &Table, name: Arc<str>, change: &Rebuild) -> Result<Table, OraError> {
    let mut columns = table.columns.clone();
    if let Some((spec, _)) = &change.add_column {
        if table.column_index(&spec.name).is_some() {
            return Err(ora!(crate::error::DUPLICATE_COLUMN_NAME));
        }
        let ColumnSpec { name, ty, not_null, default } = spec.clone();
        columns.push(Column { name, ty, not_null, default });
    }
    let mut constraints = table.constraints.clone();
    if let Some((name, cols)) = &change.add_unique {
        let kind = ConstraintKind::Unique;
        constraints.push(Constraint { name: name.clone(), kind, columns: cols.clone() });
    }
    Ok(Table {
        id: table.id,
        owner: table.owner.clone(),
        name,
        data: Mutex::new(TableData::new(constraints.len())),
        columns,
        constraints,
        created: table.created,
        dropped: AtomicBool::new(false),
        offline: Mutex::new(table.offline_reason()),
    })
}

/// Copies the committed rows of `old` into `new`, extended with `extra`, indexing them.
fn fill(new: &Table, old: &Table, extra: Option<Value>) -> Result<(), Result<Duplicate, OraError>> {
    let rows = old.data.lock().slots.iter().map(|s| s.committed.clone()).collect::<Vec<_>>();
    let mut data = new.data.lock();
    for (i, row) in rows.into_iter().enumerate() {
        let row = match row {
            Some(mut r) => {
                r.extend(extra.clone());
                Some(new.coerce(r, false).map_err(Err)?)
            }
            None => None,
        };
        if let Some(r) = &row {
            if let UniqueCheck::Duplicate(ci) = data.check_unique(new, r, NO_SESSION, None) {
                let c = &new.constraints[ci];
                let key = c.columns.iter().map(|&k| r[k].clone()).collect();
                return Err(Ok(Duplicate { index: c.name.clone(), key }));
            }
            data.index(new, r, i as u32);
        }
        data.slots.push(Slot { committed: row, pending: None, stamp: 0 });
    }
    data.trim();
    Ok(())
}

fn unique_error(table: &Table, ci: usize) -> OraError {
    let name = table.constraints.get(ci).map_or("?", |c| &c.name);
    ora!(UNIQUE_VIOLATED, "{}.{name}", table.owner)
}

/// Empties the slots `rowids` (committed versions) and forgets their keys.
fn unload(data: &mut TableData, table: &Table, rowids: &[RowId]) {
    for id in rowids {
        let Some(slot) = data.slots.get_mut(id.0 as usize) else { continue };
        let Some(row) = slot.committed.take() else { continue };
        slot.stamp = slot.stamp.wrapping_add(1);
        data.unindex(table, &row, id.0);
    }
    data.trim();
}
