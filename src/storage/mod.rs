//! Storage: tables, rows, transactions with their undo, row locks (TX) and table locks (TM),
//! lock waits with deadlock detection — what makes a kill matter. A killed session's open
//! transaction is rolled back and its locks released, and whoever waited for them proceeds.
//!
//! The executor calls [`Storage`] (one per [`Database`](crate::db::Database), field
//! `storage`); the session manager reaches it only through `Database::release`. Storage never
//! uses `crate::sql` or `crate::exec`: it defines its own [`LockWait`] and column specs.
//!
//! Oracle's model, which this follows: "Data Concurrency and Consistency" in the Database
//! Concepts guide,
//! <https://docs.oracle.com/en/database/oracle/oracle-database/19/cncpt/data-concurrency-and-consistency.html>.
//!
//! VISIBILITY
//! ----------
//! Read committed. A row slot holds its committed version and at most one *pending* version
//! owned by one transaction (None = deleted). A reader sees its own pending version where it
//! has one, the committed version everywhere else; nobody ever sees another session's
//! uncommitted row. COMMIT turns pending versions into committed ones; ROLLBACK drops them.
//! [`Storage::scan`] returns a snapshot `Vec<(RowId, Row)>` (values are cheap to clone: text
//! is `Arc<str>`). Commit applies one table at a time under that table's mutex, so a scan of
//! one table sees a transaction's changes to it all or not at all; across tables a reader may
//! see one table committed and the other not yet (no SCNs — the road not taken).
//!
//! UNDO
//! ----
//! A transaction begins with its first lock (the TM lock every DML takes first), which sets
//! `SessionFlags::IN_TRANSACTION`; its first row change allocates the transaction slot, and
//! only from then on do V$TRANSACTION, the TX lock and V$SESSION.TADDR show it (as in Oracle,
//! where a session blocked on its first DML has no transaction yet). Every change pushes
//! one small undo record (table, slot, previous pending version if the transaction had
//! already changed the row) onto an ordered log. ROLLBACK pops records newest first; ROLLBACK
//! TO SAVEPOINT pops down to the savepoint's position; a failed statement pops down to the
//! [`StatementMark`] taken at its start ([`Storage::statement`]), so it undoes only itself.
//! USED_UREC is the log's length. Rollback is a loop of `rollback_step(keep, budget)` over
//! the records, released and re-taken every few thousand; with a rollback rate set it is
//! paced in engine time (`rollback.rs`), by the session's own call or by PMON (`pmon.rs`).
//!
//! LOCKS
//! -----
//! The pending version *is* the row lock (TX): a writer finding another transaction's pending
//! version on a row waits for that transaction to end. Table locks (TM) are modes 2..6 with
//! Oracle's compatibility matrix ([`LockMode`]); DML takes mode 3, LOCK TABLE what it says,
//! all held until the transaction ends. A unique key another transaction inserted but has not
//! committed makes the inserter wait too (TX, mode 4): ORA-00001 if it commits, go on if it
//! rolls back. DDL (DROP, TRUNCATE) fails with ORA-00054 while another transaction holds a TM
//! lock on the table.
//!
//! WAITS AND DEADLOCKS
//! -------------------
//! Every wait goes through one loop (`lock.rs`, which walks through a wait and a deadlock):
//! try under the transaction-table mutex; if blocked, enqueue on the holder transaction's
//! FIFO, enter the wait-for graph and search it for a cycle (ORA-00060 for the statement of
//! the session that closes it), drop the mutex, and park on the session's own condition
//! variable, shown in V$SESSION as `enq: TX - row lock contention` with BLOCKING_SESSION and
//! ROW_WAIT_OBJ#. Every wake-up passes the safe point ([`crate::session::call::check`]): a
//! killed waiter's wait ends with ORA-00028 at once. NOWAIT is ORA-00054, WAIT n is ORA-30006
//! after n seconds of engine time, SKIP LOCKED skips the row.
//!
//! RELEASE
//! -------
//! [`Storage::release`] (kill, logoff) is ROLLBACK: undo restored newest first, pending
//! versions dropped, TM locks released, the transaction's waiters woken (after the mutex is
//! dropped), IN_TRANSACTION cleared. It is idempotent and may run on the killer's thread while
//! the owner is idle. With a rollback rate, `Database::release` paces it on the session's own
//! call, or hands it to [`Pmon`] when the session has no call to do it on. No lock, undo record or pending version of a released session survives.
//!
//! Lock order: catalog, then the transaction table, then one table's data; a session's state
//! is locked only with none of these held (to wake it, or to set its flags).
//!
//! THE API AT A GLANCE
//! -------------------
//! - DDL: [`Storage::create_table`] (ORA-00955), [`Storage::create_table_as`],
//!   [`Storage::drop_table`] / [`Storage::truncate_table`] (ORA-00942, ORA-00054),
//!   [`Storage::drop_schema`]. The caller runs [`Storage::commit`] first (DDL's implicit
//!   commit), normalises names, and evaluates DEFAULT texts ([`ColumnSpec::default`]).
//! - Reads: [`Storage::table`], [`Storage::tables`] (catalog views), [`Storage::scan`],
//!   [`Storage::fetch`].
//! - Writes: [`Storage::insert`], [`Storage::update`], [`Storage::delete`],
//!   [`Storage::lock_row`] (SELECT FOR UPDATE), all through [`Storage::modify`];
//!   [`Storage::lock_table`]. Each takes the session's cell (it may park it) and a
//!   [`LockWait`]; the row closures run with no lock held and re-check the WHERE clause.
//! - Transactions: [`Storage::statement`] (or [`Storage::statement_start`] +
//!   [`Storage::rollback_statement`]) around every statement, [`Storage::commit`],
//!   [`Storage::rollback`], [`Storage::savepoint`], [`Storage::rollback_to`],
//!   [`Storage::rollback_step`], [`Storage::release`] (`Database::release` decides between
//!   it, [`Storage::rollback_paced`] and [`Pmon::hand_off`]).
//! - Paced rollback: [`Storage::set_rollback_rate`] / [`Storage::rollback_rate`],
//!   [`Storage::pacer`], [`Storage::rollback_due`], [`Storage::rollback_paced`].
//! - Views: [`Storage::locks`] (V$LOCK), [`Storage::transactions`] (V$TRANSACTION),
//!   [`Storage::locked_objects`] (V$LOCKED_OBJECT), [`Storage::taddr`] and
//!   [`Storage::lockwait`] (V$SESSION); EVENT, BLOCKING_SESSION and ROW_WAIT_OBJ# come from
//!   the session's own `wait`.
//!
//! A WORKED EXAMPLE
//! ----------------
//! How the executor runs `UPDATE accounts SET bal = bal - 10 WHERE id = 1`:
//!
//! ```
//! # use std::sync::Arc;
//! # use vsession::db::{Config, Database};
//! # use vsession::session::{ClientInfo, Identity, SessionType};
//! use vsession::storage::{ColumnSpec, LockWait, RowOutcome};
//! use vsession::value::{SqlType, Value};
//! # let db = Database::new(Config { virtual_time: true, ..Default::default() });
//! # let me = db.sessions.logon(Identity { user_id: 100, username: Some(Arc::from("SCOTT")),
//! #     service: Arc::from("SYS$USERS"), client: Arc::new(ClientInfo::default()),
//! #     kind: SessionType::User, pname: None });
//! let col = |n: &str, ty| ColumnSpec { name: Arc::from(n), ty, not_null: false, default: None };
//! let t = db.storage.create_table("SCOTT", "ACCOUNTS",
//!     vec![col("ID", SqlType::NUMBER), col("BAL", SqlType::NUMBER)], vec![]).unwrap();
//! db.storage.insert(&me, &t, vec![Value::int(1), Value::int(100)]).unwrap();
//! db.storage.commit(&me);
//!
//! let updated = db.storage.statement(&me, || {
//!     let mut n = 0;
//!     for (rowid, row) in db.storage.scan(me.sid, &t) {
//!         if row[0] != Value::int(1) { continue; }
//!         // The closure sees the row's *current* version (after any lock wait) and
//!         // re-checks the WHERE clause before computing the new row.
//!         let outcome = db.storage.update(&me, &t, rowid, LockWait::Forever, |cur| {
//!             if cur[0] != Value::int(1) { return Ok(None); }
//!             let bal = cur[1].to_number()?.unwrap_or_default();
//!             Ok(Some(vec![cur[0].clone(), Value::Number(bal - rust_decimal::Decimal::TEN)]))
//!         })?;
//!         n += (outcome == RowOutcome::Done) as usize;
//!     }
//!     Ok(n)
//! }).unwrap();
//! assert_eq!(updated, 1);
//! assert_eq!(db.storage.transactions()[0].used_urec, 1);
//! db.storage.rollback(&me);
//! assert_eq!(db.storage.scan(me.sid, &t)[0].1[1], Value::int(100));
//! ```

mod bulk;
mod catalog;
mod engine;
mod lock;
mod pmon;
mod rollback;
mod table;
mod txn;
mod views;

#[cfg(test)]
mod tests;

pub use bulk::{Duplicate, Rebuild};
pub use catalog::{
    Column, ColumnSpec, Constraint, ConstraintKind, ConstraintSpec, FIRST_CONSTRAINT_NUMBER,
    FIRST_OBJECT_ID, Table,
};
pub use engine::{Change, RowOutcome, StatementMark, Storage};
pub use lock::{LockMode, LockWait};
pub use pmon::Pmon;
pub use rollback::{Pacer, ROLLBACK_EVENT};
pub use table::RowId;
pub use txn::RECORDS_PER_BLOCK;
pub use views::{LockRow, LockedObjectRow, TransactionRow, saddr};
