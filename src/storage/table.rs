//! The rows of one table: slots holding a committed version and at most one pending version
//! (the row lock), and one hash index per unique constraint.

use std::collections::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;
use time::PrimitiveDateTime;

use super::catalog::{Constraint, Table};
use crate::value::{Row, Value};

/// A row's address in its table: the slot number. Stable for the row's life; the slot of a
/// rolled-back insert at the end of the table may be handed out again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RowId(pub u32);

/// The uncommitted version of a row, owned by the transaction holding its row lock.
#[derive(Debug, Clone)]
pub(super) struct Pending {
    /// The owning transaction's sequence number.
    pub txn: u64,
    /// The owning session's SID.
    pub sid: u32,
    /// The new version; None = deleted.
    pub row: Option<Row>,
}

/// One row slot.
#[derive(Debug, Default)]
pub(super) struct Slot {
    /// The committed version (None: not yet committed, or deleted).
    pub committed: Option<Row>,
    /// The pending version; its presence IS the row lock (TX).
    pub pending: Option<Pending>,
    /// Bumped on every change, so a writer that read the row without locks can tell whether
    /// it is still looking at the same version.
    pub stamp: u32,
}

impl Slot {
    /// The version session `sid` sees: its own pending version, else the committed one.
    pub fn visible(&self, sid: u32) -> Option<&Row> {
        match &self.pending {
            Some(p) if p.sid == sid => p.row.as_ref(),
            _ => self.committed.as_ref(),
        }
    }

    /// The pending version if another session's transaction owns it.
    pub fn locked_by_other(&self, sid: u32) -> Option<&Pending> {
        self.pending.as_ref().filter(|p| p.sid != sid)
    }

    /// No version at all (a rolled-back insert).
    pub fn is_empty(&self) -> bool {
        self.committed.is_none() && self.pending.is_none()
    }
}

/// One column value of a unique key, hashable (numbers normalised so 1 and 1.0 agree).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum KeyPart {
    Null,
    Num(Decimal),
    Text(Arc<str>),
    Time(PrimitiveDateTime),
    Bool(bool),
}

impl KeyPart {
    fn of(v: &Value) -> KeyPart {
        match v {
            Value::Null => KeyPart::Null,
            Value::Number(d) => KeyPart::Num(d.normalize()),
            Value::Text(s) => KeyPart::Text(s.clone()),
            Value::Date(d) | Value::Timestamp(d) => KeyPart::Time(*d),
            Value::Bool(b) => KeyPart::Bool(*b),
        }
    }
}

type Key = Vec<KeyPart>;

/// The key of `row` under `c`, or None if all its columns are NULL (not checked).
pub(super) fn key_of(row: &Row, c: &Constraint) -> Option<Key> {
    let key: Key = c.columns.iter().map(|&i| KeyPart::of(&row[i])).collect();
    if key.iter().all(|k| *k == KeyPart::Null) { None } else { Some(key) }
}

fn has_key(row: Option<&Row>, c: &Constraint, key: &Key) -> bool {
    row.is_some_and(|r| c.columns.iter().zip(key).all(|(&i, k)| KeyPart::of(&r[i]) == *k))
}

/// The outcome of a unique check.
pub(super) enum UniqueCheck {
    /// No conflict.
    Ok,
    /// The key is visible in another row: ORA-00001 for constraint `.0`.
    Duplicate(usize),
    /// Another transaction has an uncommitted change involving the key: wait for it.
    Blocked { txn: u64, sid: u32 },
}

/// The rows and unique indexes of a table.
pub(super) struct TableData {
    /// Row slots; a RowId is an index here.
    pub slots: Vec<Slot>,
    /// Per unique constraint: key -> slots having the key in some version. Entries are
    /// cleaned lazily (on lookup) and on rollback, never on commit.
    indexes: Vec<HashMap<Key, Vec<u32>>>,
}

impl TableData {
    /// Empty data for a table with `n` unique constraints.
    pub fn new(n: usize) -> TableData {
        TableData { slots: Vec::new(), indexes: vec![HashMap::new(); n] }
    }

    /// Drops every row (TRUNCATE).
    pub fn clear(&mut self) {
        self.slots.clear();
        self.indexes.iter_mut().for_each(HashMap::clear);
    }

    /// Checks `row` (to be written into slot `except`, or a new slot) against every unique
    /// constraint, as session `sid` sees the table.
    pub fn check_unique(
        &mut self,
        table: &Table,
        row: &Row,
        sid: u32,
        except: Option<u32>,
    ) -> UniqueCheck {
        for (ci, c) in table.constraints.iter().enumerate() {
            let Some(key) = key_of(row, c) else { continue };
            let slots = &self.slots;
            let Some(entry) = self.indexes[ci].get_mut(&key) else { continue };
            entry.retain(|&s| {
                slots.get(s as usize).is_some_and(|sl| {
                    has_key(sl.committed.as_ref(), c, &key)
                        || has_key(sl.pending.as_ref().and_then(|p| p.row.as_ref()), c, &key)
                })
            });
            for &s in entry.iter().filter(|&&s| Some(s) != except) {
                let slot = &slots[s as usize];
                if let Some(p) = slot.locked_by_other(sid) {
                    let in_committed = has_key(slot.committed.as_ref(), c, &key);
                    let in_pending = has_key(p.row.as_ref(), c, &key);
                    if in_committed && in_pending {
                        return UniqueCheck::Duplicate(ci);
                    }
                    return UniqueCheck::Blocked { txn: p.txn, sid: p.sid };
                }
                if has_key(slot.visible(sid), c, &key) {
                    return UniqueCheck::Duplicate(ci);
                }
            }
        }
        UniqueCheck::Ok
    }

    /// Records that slot `s` now has `row`'s keys in some version.
    pub fn index(&mut self, table: &Table, row: &Row, s: u32) {
        for (ci, c) in table.constraints.iter().enumerate() {
            if let Some(key) = key_of(row, c) {
                let entry = self.indexes[ci].entry(key).or_default();
                if !entry.contains(&s) {
                    entry.push(s);
                }
            }
        }
    }

    /// Forgets `row`'s keys for slot `s` where no version of the slot has them any more.
    pub fn unindex(&mut self, table: &Table, row: &Row, s: u32) {
        for (ci, c) in table.constraints.iter().enumerate() {
            let Some(key) = key_of(row, c) else { continue };
            let still = self.slots.get(s as usize).is_some_and(|sl| {
                has_key(sl.committed.as_ref(), c, &key)
                    || has_key(sl.pending.as_ref().and_then(|p| p.row.as_ref()), c, &key)
            });
            if still {
                continue;
            }
            if let Some(entry) = self.indexes[ci].get_mut(&key) {
                entry.retain(|&x| x != s);
                if entry.is_empty() {
                    self.indexes[ci].remove(&key);
                }
            }
        }
    }

    /// Pops empty slots off the end (after rolling back inserts).
    pub fn trim(&mut self) {
        while self.slots.last().is_some_and(Slot::is_empty) {
            self.slots.pop();
        }
    }
}
