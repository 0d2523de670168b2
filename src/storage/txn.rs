//! Transactions: the per-session transaction with its ordered undo log, savepoints and table
//! locks, and the transaction table that holds them all together with the lock waits.
//!
//! Everything here lives behind one mutex ([`super::Storage`]'s `txns`), taken before any
//! table's data mutex and never while a session state is locked.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use super::catalog::Table;
use super::lock::{LockMode, Waiting};
use super::table::{Pending, TableData};
use crate::session::SessionCell;
use crate::value::Row;

/// Undo records per undo block, for USED_UBLK = ceil(USED_UREC / this).
pub const RECORDS_PER_BLOCK: usize = 32;

/// One undo record: what to restore in one slot of one table.
#[derive(Debug)]
pub(super) struct Undo {
    /// Index into the transaction's `tables`.
    pub table: u32,
    /// The slot.
    pub slot: u32,
    /// None: the slot had no pending version of ours before (rollback drops the pending
    /// version). Some(v): our previous pending version (rollback puts it back).
    pub prev: Option<Option<Row>>,
}

/// A table this transaction holds a TM lock on.
#[derive(Debug)]
pub(super) struct Held {
    pub table: Arc<Table>,
    pub mode: LockMode,
    /// Engine time the current mode was granted (V$LOCK.CTIME).
    pub since: Duration,
}

/// An open transaction.
#[derive(Debug)]
pub(super) struct Txn {
    /// Sequence number, unique for the engine's life; XIDs and addresses derive from it.
    pub seq: u64,
    pub sid: u32,
    pub username: Arc<str>,
    /// Engine time the transaction began, then of its first change (START_TIME).
    pub start: Duration,
    pub undo: Vec<Undo>,
    pub tables: Vec<Held>,
    /// Sessions waiting for this transaction to end, in arrival order.
    pub waiters: Vec<Arc<SessionCell>>,
    /// True from the first row change on: only then does Oracle allocate the transaction
    /// slot, so only then V$TRANSACTION, the TX lock and TADDR show it. (A session that only
    /// holds table locks, e.g. one blocked on its first DML, has none.)
    pub has_tx: bool,
}

impl Txn {
    /// XIDUSN: undo segments 1..=10 round robin.
    pub fn xidusn(&self) -> u64 {
        1 + self.seq % 10
    }
    /// XIDSLOT.
    pub fn xidslot(&self) -> u64 {
        (self.seq / 10) % 48
    }
    /// XIDSQN: unique per transaction.
    pub fn xidsqn(&self) -> u64 {
        xidsqn(self.seq)
    }
    /// V$TRANSACTION.ADDR = V$SESSION.TADDR.
    pub fn addr(&self) -> String {
        format!("{:016X}", 0x7A3C_0000u64 + self.seq * 0x1F8)
    }

    /// Appends an undo record (the first one allocates the transaction slot).
    pub fn log(&mut self, undo: Undo, now: Duration) {
        if !self.has_tx {
            self.start = now;
        }
        self.has_tx = true;
        self.undo.push(undo);
    }

    /// The index of `table` in `tables`, if held.
    pub fn held(&self, table: &Table) -> Option<usize> {
        self.tables.iter().position(|h| h.table.id == table.id)
    }

    /// Applies every pending version of ours (COMMIT), one table mutex at a time so a reader
    /// of one table sees all or none of this transaction's changes to it.
    pub fn commit_all(&mut self) {
        for (ti, held) in self.tables.iter().enumerate() {
            let mut data = held.table.data.lock();
            for u in self.undo.iter().filter(|u| u.table as usize == ti) {
                if let Some(slot) = data.slots.get_mut(u.slot as usize)
                    && let Some(p) = slot.pending.take_if(|p| p.txn == self.seq)
                {
                    slot.committed = p.row;
                    slot.stamp = slot.stamp.wrapping_add(1);
                }
            }
        }
        self.undo.clear();
    }

    /// Undoes the newest records down to `keep` records, at most `budget` of them; returns
    /// how many are left above `keep`. This is the loop a paced rollback will meter.
    pub fn rollback_step(&mut self, keep: usize, budget: usize) -> usize {
        let mut n = 0;
        while self.undo.len() > keep && n < budget {
            let Some(u) = self.undo.pop() else { break };
            let table = &self.tables[u.table as usize].table;
            let mut data = table.data.lock();
            restore(&mut data, table, self.seq, u);
            n += 1;
        }
        self.undo.len().saturating_sub(keep)
    }
}

/// XIDSQN of a transaction sequence number.
pub fn xidsqn(seq: u64) -> u64 {
    1000 + seq
}

/// Puts one undo record back.
fn restore(data: &mut TableData, table: &Table, seq: u64, u: Undo) {
    let Some(slot) = data.slots.get_mut(u.slot as usize) else { return };
    let Some(p) = slot.pending.as_mut().filter(|p| p.txn == seq) else { return };
    let undone = match u.prev {
        Some(prev) => std::mem::replace(&mut p.row, prev),
        None => slot.pending.take().and_then(|p| p.row),
    };
    slot.stamp = slot.stamp.wrapping_add(1);
    if let Some(row) = undone {
        data.unindex(table, &row, u.slot);
    }
    data.trim();
}

/// What storage knows of one session.
#[derive(Debug, Default)]
pub(super) struct SessionTx {
    pub txn: Option<Txn>,
    /// Savepoints: name and undo position, oldest first.
    pub savepoints: Vec<(Arc<str>, usize)>,
}

/// The transaction table: sessions' transactions, table-lock holders, lock waits.
#[derive(Debug, Default)]
pub(super) struct Txns {
    pub sessions: HashMap<u32, SessionTx>,
    /// TM holders per object id: (sid, mode).
    pub tm: HashMap<u64, Vec<(u32, LockMode)>>,
    /// Sessions waiting now, by SID.
    pub waits: HashMap<u32, Waiting>,
    next_seq: u64,
}

impl Txns {
    /// The session's transaction, if open.
    pub fn txn(&self, sid: u32) -> Option<&Txn> {
        self.sessions.get(&sid)?.txn.as_ref()
    }

    /// The session's transaction, if open.
    pub fn txn_mut(&mut self, sid: u32) -> Option<&mut Txn> {
        self.sessions.get_mut(&sid)?.txn.as_mut()
    }

    /// The session's transaction, begun now if none is open.
    pub fn begin(&mut self, me: &SessionCell, now: Duration) -> &mut Txn {
        let seq = &mut self.next_seq;
        self.sessions.entry(me.sid).or_default().txn.get_or_insert_with(|| {
            *seq += 1;
            Txn {
                seq: *seq,
                sid: me.sid,
                username: me.identity.username.clone().unwrap_or_else(|| Arc::from("SYS")),
                start: now,
                undo: Vec::new(),
                tables: Vec::new(),
                waiters: Vec::new(),
                has_tx: false,
            }
        })
    }

    /// Ends the session's transaction (its undo must be applied or rolled back already):
    /// releases its TM locks, forgets its savepoints and returns the sessions to wake.
    pub fn finish(&mut self, sid: u32) -> Vec<Arc<SessionCell>> {
        let Some(s) = self.sessions.remove(&sid) else { return Vec::new() };
        let Some(txn) = s.txn else { return Vec::new() };
        for h in &txn.tables {
            if let Some(holders) = self.tm.get_mut(&h.table.id) {
                holders.retain(|(s, _)| *s != sid);
                if holders.is_empty() {
                    self.tm.remove(&h.table.id);
                }
            }
        }
        // The woken waiters no longer wait for this session: drop the wait-for edges now, not
        // when they next run, so a new wait of this session cannot close a stale cycle.
        for w in &txn.waiters {
            if let Some(waiting) = self.waits.get_mut(&w.sid) {
                waiting.blocker.holders.retain(|h| *h != sid);
            }
        }
        txn.waiters
    }
}

/// Makes `row` the pending version of `slot` for transaction `txn`, returning the undo
/// record's `prev`.
pub(super) fn set_pending(
    slot: &mut super::table::Slot,
    txn: &Txn,
    row: Option<Row>,
) -> Option<Option<Row>> {
    slot.stamp = slot.stamp.wrapping_add(1);
    match &mut slot.pending {
        Some(p) if p.txn == txn.seq => Some(std::mem::replace(&mut p.row, row)),
        _ => {
            slot.pending = Some(Pending { txn: txn.seq, sid: txn.sid, row });
            None
        }
    }
}
