//! [`Storage`]: the API the executor and the views use — DDL, reads, writes, transaction
//! control and release.

use std::sync::Arc;
use std::time::Duration;

use parking_lot::{Mutex, RwLock};

use super::catalog::{Catalog, ColumnSpec, ConstraintSpec, Table};
use super::lock::{Attempt, Blocker, LockMode, LockWait, WaitOn};
use super::table::{Pending, RowId, Slot, UniqueCheck};
use super::txn::{Txns, Undo, set_pending};
use crate::clock::{Clock, Wake};
use crate::error::{OraError, RESOURCE_BUSY, SAVEPOINT_NOT_ESTABLISHED, UNIQUE_VIOLATED};
use crate::ora;
use crate::session::SessionCell;
use crate::session::state::SessionFlags;
use crate::value::Row;

/// Undo records rolled back per hold of the transaction-table mutex, so a long rollback lets
/// other sessions in between steps.
pub(super) const ROLLBACK_BATCH: usize = 4096;

/// What an UPDATE, DELETE or SELECT FOR UPDATE decides to do with the current version of a
/// row (see [`Storage::modify`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Replace the row with this one (checked and converted by storage).
    Update(Row),
    /// Delete the row.
    Delete,
    /// Only lock it (SELECT FOR UPDATE).
    Lock,
}

/// The result of a row write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowOutcome {
    /// Changed (or locked).
    Done,
    /// The row is gone, or its current version no longer matches: nothing done.
    NoMatch,
    /// SKIP LOCKED and another transaction holds the row.
    Skipped,
}

/// The start of a statement, for statement-level rollback: the transaction open then (its
/// sequence number, if any) and its undo position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatementMark {
    txn: Option<u64>,
    undo: usize,
    savepoints: usize,
}

/// Tables, transactions and locks of one database.
pub struct Storage {
    pub(super) catalog: RwLock<Catalog>,
    pub(super) txns: Mutex<Txns>,
    pub(super) clock: Arc<Clock>,
    /// Undo records per second as f64 bits; 0 = instant (see `rollback.rs`).
    pub(super) rollback_rate: std::sync::atomic::AtomicU64,
}

impl Storage {
    /// Empty storage on the engine clock.
    pub fn new(clock: Arc<Clock>) -> Storage {
        Storage {
            catalog: RwLock::new(Catalog::default()),
            txns: Mutex::new(Txns::default()),
            clock,
            rollback_rate: Default::default(),
        }
    }

    // ---- DDL -----------------------------------------------------------------------------

    /// CREATE TABLE owner.name (ORA-00955 if the name is taken). Names must be normalised.
    pub fn create_table(
        &self,
        owner: &str,
        name: &str,
        columns: Vec<ColumnSpec>,
        constraints: Vec<ConstraintSpec>,
    ) -> Result<Arc<Table>, OraError> {
        self.catalog.write().create(owner, name, columns, constraints, self.clock.now())
    }

    /// CREATE TABLE owner.name AS SELECT: the caller gives the columns and the rows, which are
    /// loaded committed (DDL). If a row does not fit, nothing is created.
    pub fn create_table_as(
        &self,
        owner: &str,
        name: &str,
        columns: Vec<ColumnSpec>,
        rows: Vec<Row>,
    ) -> Result<Arc<Table>, OraError> {
        let mut cat = self.catalog.write();
        let table = cat.create(owner, name, columns, Vec::new(), self.clock.now())?;
        let rows =
            match rows.into_iter().map(|r| table.coerce(r, false)).collect::<Result<Vec<_>, _>>() {
                Ok(rows) => rows,
                Err(e) => {
                    cat.tables.shift_remove(&(table.owner.clone(), table.name.clone()));
                    return Err(e);
                }
            };
        let mut data = table.data.lock();
        data.slots = rows
            .into_iter()
            .map(|r| Slot { committed: Some(r), pending: None, stamp: 0 })
            .collect();
        drop(data);
        Ok(table)
    }

    /// The table owner.name (ORA-00942).
    pub fn table(&self, owner: &str, name: &str) -> Result<Arc<Table>, OraError> {
        self.catalog.read().get(owner, name)
    }

    /// Every table, in creation order (DBA_OBJECTS, ALL_TABLES, USER_TAB_COLUMNS, ...).
    pub fn tables(&self) -> Vec<Arc<Table>> {
        self.catalog.read().tables.values().cloned().collect()
    }

    /// DROP TABLE (ORA-00942 if missing, ORA-00054 if another transaction holds a TM lock on
    /// it). The caller commits the session's transaction first ([`Storage::commit`]).
    pub fn drop_table(&self, me: &SessionCell, owner: &str, name: &str) -> Result<(), OraError> {
        let mut cat = self.catalog.write();
        let table = cat.get(owner, name)?;
        self.exclusive_ddl(me.sid, &table, || {
            table.dropped.store(true, std::sync::atomic::Ordering::Release)
        })?;
        cat.tables.shift_remove(&(table.owner.clone(), table.name.clone()));
        Ok(())
    }

    /// TRUNCATE TABLE: all rows go at once, without undo (same errors as DROP TABLE).
    pub fn truncate_table(
        &self,
        me: &SessionCell,
        owner: &str,
        name: &str,
    ) -> Result<(), OraError> {
        let table = self.catalog.read().get(owner, name)?;
        self.exclusive_ddl(me.sid, &table, || table.data.lock().clear())
    }

    /// DROP USER ... CASCADE: drops every table of `owner`.
    pub fn drop_schema(&self, owner: &str) {
        let mut cat = self.catalog.write();
        let _tx = self.txns.lock();
        cat.tables.retain(|(o, _), t| {
            let keep = &**o != owner;
            if !keep {
                t.dropped.store(true, std::sync::atomic::Ordering::Release);
            }
            keep
        });
    }

    /// Runs `f` if no other session holds a TM lock on `table` (ORA-00054 otherwise), under
    /// the transaction-table mutex so none can take one meanwhile.
    fn exclusive_ddl(&self, sid: u32, table: &Table, f: impl FnOnce()) -> Result<(), OraError> {
        let tx = self.txns.lock();
        if tx.tm.get(&table.id).is_some_and(|h| h.iter().any(|(s, _)| *s != sid)) {
            return Err(ora!(RESOURCE_BUSY));
        }
        f();
        Ok(())
    }

    // ---- reads ---------------------------------------------------------------------------

    /// The rows of `table` session `reader` (a SID) sees: committed versions, except where its
    /// own transaction has a pending version. A snapshot: later changes do not show.
    pub fn scan(&self, reader: u32, table: &Table) -> Vec<(RowId, Row)> {
        let data = table.data.lock();
        data.slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.visible(reader).map(|r| (RowId(i as u32), r.clone())))
            .collect()
    }

    /// One row as session `reader` sees it.
    pub fn fetch(&self, reader: u32, table: &Table, rowid: RowId) -> Option<Row> {
        table.data.lock().slots.get(rowid.0 as usize)?.visible(reader).cloned()
    }

    // ---- writes --------------------------------------------------------------------------

    /// INSERT one row (checked and converted to the column types). Takes TM mode 3 and, if
    /// another transaction has an uncommitted row with the same unique key, waits for it:
    /// ORA-00001 if it commits, the insert proceeds if it rolls back.
    pub fn insert(
        &self,
        me: &Arc<SessionCell>,
        table: &Arc<Table>,
        row: Row,
    ) -> Result<RowId, OraError> {
        let mut row = Some(table.coerce(row, false)?);
        let got = self.acquire(me, LockWait::Forever, |tx, now| {
            let ti = match tx.tm_acquire(me, table, LockMode::RowExclusive, now)? {
                Attempt::Done(i) => i,
                Attempt::Blocked(b) => return Ok(Attempt::Blocked(b)),
            };
            let Some(txn) = tx.txn_mut(me.sid) else { return Err(internal()) };
            let mut data = table.data.lock();
            let Some(r) = row.take() else { return Err(internal()) };
            match data.check_unique(table, &r, me.sid, None) {
                UniqueCheck::Ok => {}
                UniqueCheck::Duplicate(ci) => return Err(unique_error(table, ci)),
                UniqueCheck::Blocked { txn, sid } => {
                    row = Some(r);
                    return Ok(Attempt::Blocked(tx_blocker(txn, sid, 4, table.id)));
                }
            }
            let s = data.slots.len() as u32;
            data.index(table, &r, s);
            let pending = Some(Pending { txn: txn.seq, sid: me.sid, row: Some(r) });
            data.slots.push(Slot { committed: None, pending, stamp: 0 });
            txn.log(Undo { table: ti as u32, slot: s, prev: None }, now);
            Ok(Attempt::Done(RowId(s)))
        })?;
        got.ok_or_else(internal)
    }

    /// UPDATE one row: `set` gets the current version (after any wait for another
    /// transaction's lock on it) and returns the new row, or None if the row no longer
    /// matches the statement's WHERE clause.
    pub fn update(
        &self,
        me: &Arc<SessionCell>,
        table: &Arc<Table>,
        rowid: RowId,
        wait: LockWait,
        mut set: impl FnMut(&Row) -> Result<Option<Row>, OraError>,
    ) -> Result<RowOutcome, OraError> {
        self.modify(me, table, rowid, wait, |r| Ok(set(r)?.map(Change::Update)))
    }

    /// DELETE one row if `matches` (re-evaluated on the current version) says so.
    pub fn delete(
        &self,
        me: &Arc<SessionCell>,
        table: &Arc<Table>,
        rowid: RowId,
        wait: LockWait,
        mut matches: impl FnMut(&Row) -> Result<bool, OraError>,
    ) -> Result<RowOutcome, OraError> {
        self.modify(me, table, rowid, wait, |r| Ok(matches(r)?.then_some(Change::Delete)))
    }

    /// SELECT ... FOR UPDATE of one row, if `matches` on the current version.
    pub fn lock_row(
        &self,
        me: &Arc<SessionCell>,
        table: &Arc<Table>,
        rowid: RowId,
        wait: LockWait,
        mut matches: impl FnMut(&Row) -> Result<bool, OraError>,
    ) -> Result<RowOutcome, OraError> {
        self.modify(me, table, rowid, wait, |r| Ok(matches(r)?.then_some(Change::Lock)))
    }

    /// The one row-write path. Phase 1 (under the locks): take TM 3, wait until no other
    /// transaction holds the row, read the current version and its stamp. Then, with no lock
    /// held, `decide` (which may evaluate expressions, run subqueries on this very table, call
    /// PL/SQL). Phase 2 (under the locks): if the row's stamp is unchanged apply the decision,
    /// else start over with the new version — Oracle's statement restart, row by row.
    pub fn modify(
        &self,
        me: &Arc<SessionCell>,
        table: &Arc<Table>,
        rowid: RowId,
        wait: LockWait,
        mut decide: impl FnMut(&Row) -> Result<Option<Change>, OraError>,
    ) -> Result<RowOutcome, OraError> {
        loop {
            let read = self.acquire(me, wait, |tx, now| {
                if let Attempt::Blocked(b) =
                    tx.tm_acquire(me, table, LockMode::RowExclusive, now)?
                {
                    return Ok(Attempt::Blocked(b));
                }
                let data = table.data.lock();
                let Some(slot) = data.slots.get(rowid.0 as usize) else {
                    return Ok(Attempt::Done(None));
                };
                if let Some(p) = slot.locked_by_other(me.sid) {
                    return Ok(Attempt::Blocked(tx_blocker(p.txn, p.sid, 6, table.id)));
                }
                Ok(Attempt::Done(slot.visible(me.sid).map(|r| (r.clone(), slot.stamp))))
            })?;
            let Some(read) = read else { return Ok(RowOutcome::Skipped) };
            let Some((current, stamp)) = read else { return Ok(RowOutcome::NoMatch) };
            let change = match decide(&current)? {
                None => return Ok(RowOutcome::NoMatch),
                Some(Change::Update(r)) => Change::Update(table.coerce(r, true)?),
                Some(c) => c,
            };
            let applied =
                self.acquire(me, wait, |tx, now| apply(tx, me, table, rowid, stamp, &change, now))?;
            match applied {
                Some(true) => return Ok(RowOutcome::Done),
                Some(false) => continue,
                None => return Ok(RowOutcome::Skipped),
            }
        }
    }

    /// LOCK TABLE ... IN mode MODE [NOWAIT | WAIT n]: holds until the transaction ends.
    pub fn lock_table(
        &self,
        me: &Arc<SessionCell>,
        table: &Arc<Table>,
        mode: LockMode,
        wait: LockWait,
    ) -> Result<(), OraError> {
        self.acquire(me, wait, |tx, now| tx.tm_acquire(me, table, mode, now)).map(|_| ())
    }

    // ---- transaction control ---------------------------------------------------------------

    /// True if the session has an open transaction.
    pub fn in_transaction(&self, sid: u32) -> bool {
        self.txns.lock().txn(sid).is_some()
    }

    /// COMMIT (also the implicit commit before DDL): pending versions become committed, locks
    /// are released, waiters woken. A no-op without a transaction.
    pub fn commit(&self, me: &SessionCell) {
        let waiters = {
            let mut tx = self.txns.lock();
            if let Some(t) = tx.txn_mut(me.sid) {
                t.commit_all();
                me.note_commit();
            }
            tx.finish(me.sid)
        };
        end_transaction(me, waiters);
    }

    /// ROLLBACK: restores the committed state from the undo log (newest first), releases the
    /// locks, wakes the waiters. A no-op without a transaction.
    pub fn rollback(&self, me: &SessionCell) {
        while self.rollback_step(me, ROLLBACK_BATCH) > 0 {}
        let waiters = {
            let mut tx = self.txns.lock();
            // Normally nothing is left; whatever is goes in the same hold as the release.
            if let Some(t) = tx.txn_mut(me.sid) {
                t.rollback_step(0, usize::MAX);
            }
            tx.dequeue(me.sid);
            tx.finish(me.sid)
        };
        end_transaction(me, waiters);
    }

    /// Undoes up to `budget` of the newest undo records of the session's transaction, which
    /// stays open with its locks; returns how many records are left (V$TRANSACTION.USED_UREC
    /// shrinks as it goes). A paced rollback ([`Storage::rollback_due`]) calls this in a
    /// loop, then [`Storage::rollback`] to end the transaction.
    pub fn rollback_step(&self, me: &SessionCell, budget: usize) -> usize {
        self.txns.lock().txn_mut(me.sid).map_or(0, |t| t.rollback_step(0, budget))
    }

    /// Releases everything a session holds (kill, logoff): [`Storage::rollback`]. Idempotent,
    /// and safe from another thread while the owner is idle.
    pub fn release(&self, me: &SessionCell) {
        self.rollback(me);
    }

    /// SAVEPOINT name (names normalised by the caller; a repeated name moves the savepoint).
    pub fn savepoint(&self, me: &SessionCell, name: &str) {
        let mut tx = self.txns.lock();
        let pos = tx.txn(me.sid).map_or(0, |t| t.undo.len());
        let s = tx.sessions.entry(me.sid).or_default();
        s.savepoints.retain(|(n, _)| &**n != name);
        s.savepoints.push((Arc::from(name), pos));
    }

    /// ROLLBACK TO \[SAVEPOINT\] name: undoes the changes made since, keeps the savepoint and
    /// erases later ones (ORA-01086 for an unknown name). Row locks taken since are released,
    /// but, as in Oracle, sessions already waiting for this transaction keep waiting until it
    /// ends; table locks taken since stay until the transaction ends.
    pub fn rollback_to(&self, me: &SessionCell, name: &str) -> Result<(), OraError> {
        let mut tx = self.txns.lock();
        let Some(s) = tx.sessions.get_mut(&me.sid) else {
            return Err(ora!(SAVEPOINT_NOT_ESTABLISHED, "{name}"));
        };
        let Some(i) = s.savepoints.iter().rposition(|(n, _)| &**n == name) else {
            return Err(ora!(SAVEPOINT_NOT_ESTABLISHED, "{name}"));
        };
        let pos = s.savepoints[i].1;
        s.savepoints.truncate(i + 1);
        if let Some(t) = s.txn.as_mut() {
            t.rollback_step(pos, usize::MAX);
        }
        Ok(())
    }

    /// Marks the start of a statement (its implicit savepoint).
    pub fn statement_start(&self, me: &SessionCell) -> StatementMark {
        let tx = self.txns.lock();
        let t = tx.txn(me.sid);
        let savepoints = tx.sessions.get(&me.sid).map_or(0, |s| s.savepoints.len());
        StatementMark { txn: t.map(|t| t.seq), undo: t.map_or(0, |t| t.undo.len()), savepoints }
    }

    /// Undoes what the statement begun at `mark` changed (statement-level rollback after an
    /// error): the transaction, its earlier changes and all its locks stay; savepoints set by
    /// the statement go. A statement that ended the transaction it began in (a PL/SQL block
    /// that committed, DDL run inside it) undoes all of the transaction it is in now:
    /// everything of it is the statement's.
    pub fn rollback_statement(&self, me: &SessionCell, mark: StatementMark) {
        let mut tx = self.txns.lock();
        let Some(s) = tx.sessions.get_mut(&me.sid) else { return };
        // With no transaction at the start, the one now open began in the statement (any
        // ended meanwhile took the older savepoints with it).
        let same = mark.txn.is_none() || s.txn.as_ref().map(|t| t.seq) == mark.txn;
        let (from, keep) = if same { (mark.undo, mark.savepoints) } else { (0, 0) };
        if let Some(t) = s.txn.as_mut() {
            t.rollback_step(from, usize::MAX);
        }
        s.savepoints.truncate(keep);
        s.savepoints.retain(|(_, p)| *p <= from);
    }

    /// After the statement begun at `mark` failed: its statement-level rollback — not for a
    /// session marked for kill, whose kill rolls back the whole transaction at the paced
    /// rollback's rate, which an instant undo of the statement's share here would skip.
    pub fn statement_failed(&self, me: &SessionCell, mark: StatementMark) {
        if !me.lock().flags.contains(SessionFlags::KILL_REQUESTED) {
            self.rollback_statement(me, mark);
        }
    }

    /// Runs one statement with statement-level atomicity: if `f` fails, what it changed is
    /// undone ([`Storage::statement_failed`]) and the error returned.
    pub fn statement<T>(
        &self,
        me: &SessionCell,
        f: impl FnOnce() -> Result<T, OraError>,
    ) -> Result<T, OraError> {
        let mark = self.statement_start(me);
        let result = f();
        if result.is_err() {
            self.statement_failed(me, mark);
        }
        result
    }
}

/// After a transaction ended: wake its waiters (no storage lock held), clear the flag.
fn end_transaction(me: &SessionCell, waiters: Vec<Arc<SessionCell>>) {
    for w in waiters {
        w.wake();
    }
    me.lock().flags.remove(SessionFlags::IN_TRANSACTION);
}

/// Phase 2 of [`Storage::modify`]: applies `change` if the slot still has `stamp`.
fn apply(
    tx: &mut Txns,
    me: &SessionCell,
    table: &Table,
    rowid: RowId,
    stamp: u32,
    change: &Change,
    now: Duration,
) -> Result<Attempt<bool>, OraError> {
    let Some(txn) = tx.txn_mut(me.sid) else { return Ok(Attempt::Done(false)) };
    let Some(ti) = txn.held(table) else { return Ok(Attempt::Done(false)) };
    let mut data = table.data.lock();
    let s = rowid.0;
    let Some(slot) = data.slots.get(s as usize).filter(|sl| sl.stamp == stamp) else {
        return Ok(Attempt::Done(false));
    };
    let mine = slot.pending.as_ref().is_some_and(|p| p.sid == me.sid);
    let committed =
        if matches!(change, Change::Lock) && !mine { slot.committed.clone() } else { None };
    let new = match change {
        Change::Update(r) => {
            match data.check_unique(table, r, me.sid, Some(s)) {
                UniqueCheck::Ok => {}
                UniqueCheck::Duplicate(ci) => return Err(unique_error(table, ci)),
                UniqueCheck::Blocked { txn, sid } => {
                    return Ok(Attempt::Blocked(tx_blocker(txn, sid, 4, table.id)));
                }
            }
            data.index(table, r, s);
            Some(r.clone())
        }
        Change::Delete => None,
        Change::Lock if mine => return Ok(Attempt::Done(true)),
        Change::Lock => committed,
    };
    let prev = set_pending(&mut data.slots[s as usize], txn, new);
    txn.log(Undo { table: ti as u32, slot: s, prev }, now);
    Ok(Attempt::Done(true))
}

/// A wait for transaction `txn` of session `sid` (TX; mode 6 for a row, 4 for a unique key).
fn tx_blocker(txn: u64, sid: u32, mode: u8, object: u64) -> Blocker {
    Blocker { holders: vec![sid], on: WaitOn::Tx { seq: txn, mode }, object }
}

fn unique_error(table: &Table, ci: usize) -> OraError {
    let name = table.constraints.get(ci).map_or("?", |c| &c.name);
    ora!(UNIQUE_VIOLATED, "{}.{}", table.owner, name)
}

/// A broken internal invariant, reported instead of panicking.
fn internal() -> OraError {
    ora!(crate::error::INTERNAL_ERROR, "storage")
}
