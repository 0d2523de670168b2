//! The rows of one table: slots holding a committed version and at most one pending version
//! (the row lock), and one hash index per unique constraint.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::Arc;

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum KeyPart {
    Null,
    /// A normalised number's bytes (equal numbers, equal bytes: cheap to hash and compare).
    Num([u8; 16]),
    Text(Arc<str>),
    Time(PrimitiveDateTime),
    Bool(bool),
}

impl Hash for KeyPart {
    fn hash<H: Hasher>(&self, h: &mut H) {
        match self {
            KeyPart::Null => h.write_u8(0),
            KeyPart::Num(d) => h.write(d),
            KeyPart::Text(s) => h.write(s.as_bytes()),
            KeyPart::Time(t) => t.hash(h),
            KeyPart::Bool(b) => h.write_u8(2 + *b as u8),
        }
    }
}

impl KeyPart {
    fn of(v: &Value) -> KeyPart {
        match v {
            Value::Null => KeyPart::Null,
            Value::Number(d) => KeyPart::Num(d.normalize().serialize()),
            Value::Text(s) => KeyPart::Text(s.clone()),
            Value::Date(d) | Value::Timestamp(d) => KeyPart::Time(*d),
            Value::Bool(b) => KeyPart::Bool(*b),
        }
    }

    /// True if `v` is this key part (without building one).
    fn matches(&self, v: &Value) -> bool {
        match (self, v) {
            (KeyPart::Null, Value::Null) => true,
            (KeyPart::Num(a), Value::Number(b)) => *a == b.normalize().serialize(),
            (KeyPart::Text(a), Value::Text(b)) => a == b,
            (KeyPart::Time(a), Value::Date(b) | Value::Timestamp(b)) => a == b,
            (KeyPart::Bool(a), Value::Bool(b)) => a == b,
            _ => false,
        }
    }
}

/// A unique key: one part (no allocation) or several.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Key {
    One(KeyPart),
    Many(Box<[KeyPart]>),
}

impl Key {
    fn parts(&self) -> &[KeyPart] {
        match self {
            Key::One(k) => std::slice::from_ref(k),
            Key::Many(ks) => ks,
        }
    }
}

/// The key of `row` under `c`, or None if all its columns are NULL (not checked).
pub(super) fn key_of(row: &Row, c: &Constraint) -> Option<Key> {
    if c.columns.iter().all(|&i| row[i].is_null()) {
        return None;
    }
    Some(match c.columns.as_slice() {
        [i] => Key::One(KeyPart::of(&row[*i])),
        cols => Key::Many(cols.iter().map(|&i| KeyPart::of(&row[i])).collect()),
    })
}

fn has_key(row: Option<&Row>, c: &Constraint, key: &Key) -> bool {
    row.is_some_and(|r| c.columns.iter().zip(key.parts()).all(|(&i, k)| k.matches(&r[i])))
}

/// True if some version of the slot has `key` under `c`.
fn slot_has_key(slot: &Slot, c: &Constraint, key: &Key) -> bool {
    has_key(slot.committed.as_ref(), c, key)
        || has_key(slot.pending.as_ref().and_then(|p| p.row.as_ref()), c, key)
}

/// The slots an index key points to: almost always one, so no allocation for it.
#[derive(Debug, Clone)]
enum Slots {
    One(u32),
    Many(Vec<u32>),
}

impl Slots {
    fn as_slice(&self) -> &[u32] {
        match self {
            Slots::One(s) => std::slice::from_ref(s),
            Slots::Many(v) => v,
        }
    }

    fn add(&mut self, s: u32) {
        if self.as_slice().contains(&s) {
            return;
        }
        match self {
            Slots::One(first) => *self = Slots::Many(vec![*first, s]),
            Slots::Many(v) => v.push(s),
        }
    }

    /// Keeps the slots `keep` accepts; false if none is left.
    fn retain(&mut self, mut keep: impl FnMut(u32) -> bool) -> bool {
        match self {
            Slots::One(s) => keep(*s),
            Slots::Many(v) => {
                v.retain(|&s| keep(s));
                !v.is_empty()
            }
        }
    }
}

/// FxHash (as in rustc) with a final mix: a fast, non-cryptographic hasher for index keys.
#[derive(Default, Clone, Copy)]
pub(super) struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn finish(&self) -> u64 {
        // Murmur3's fmix64, so keys that differ only in high bits spread over the buckets.
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^ (x >> 33)
    }
}

type Index = HashMap<Key, Slots, BuildHasherDefault<FxHasher>>;

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
    indexes: Vec<Index>,
}

impl TableData {
    /// Empty data for a table with `n` unique constraints.
    pub fn new(n: usize) -> TableData {
        TableData { slots: Vec::new(), indexes: (0..n).map(|_| Index::default()).collect() }
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
            let live = |s: u32| slots.get(s as usize).is_some_and(|sl| slot_has_key(sl, c, &key));
            if !entry.retain(live) {
                self.indexes[ci].remove(&key);
                continue;
            }
            for &s in entry.as_slice().iter().filter(|&&s| Some(s) != except) {
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
                match self.indexes[ci].entry(key) {
                    Entry::Occupied(mut e) => e.get_mut().add(s),
                    Entry::Vacant(e) => {
                        e.insert(Slots::One(s));
                    }
                }
            }
        }
    }

    /// Forgets `row`'s keys for slot `s` where no version of the slot has them any more.
    pub fn unindex(&mut self, table: &Table, row: &Row, s: u32) {
        for (ci, c) in table.constraints.iter().enumerate() {
            let Some(key) = key_of(row, c) else { continue };
            if self.slots.get(s as usize).is_some_and(|sl| slot_has_key(sl, c, &key)) {
                continue;
            }
            if let Some(entry) = self.indexes[ci].get_mut(&key)
                && !entry.retain(|x| x != s)
            {
                self.indexes[ci].remove(&key);
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
