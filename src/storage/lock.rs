//! Locks, lock waits and deadlock detection.
//!
//! There are two kinds of lock, as in Oracle. A row lock (TX) is the pending version of a row
//! (see `table.rs`): whoever finds another transaction's pending version on a row it must
//! change waits for that *transaction* to end. A table lock (TM) is a mode held on a table by a
//! transaction until it ends; requests conflict by [`LockMode::compatible`].
//!
//! A WAIT, STEP BY STEP
//! --------------------
//! Session 12 updates row 5 of SCOTT.ACCOUNTS (object 73000); session 14 then updates it too.
//!
//! 1. 14's `Storage::update` calls [`Storage::acquire`](super::Storage) with an *attempt*
//!    closure. Under the transaction-table mutex the attempt takes TM mode 3 on 73000 (granted:
//!    3 is compatible with 12's 3), locks the table's data and finds slot 5 pending for 12's
//!    transaction (seq 1). It returns `Blocked` naming transaction 1 and holder SID 12.
//! 2. Still under the mutex, `acquire` checks NOWAIT (ORA-00054), SKIP LOCKED (skip) and the
//!    WAIT n deadline (ORA-30006), then *enqueues*: 14 goes into `waits` (the wait-for graph:
//!    14 -> [12]) and onto the FIFO of transaction 1, and the graph is searched for a cycle
//!    through 14.
//! 3. The mutex is dropped, and 14 parks on its own condition variable showing
//!    `enq: TX - row lock contention` (class Application, BLOCKING_SESSION 12,
//!    ROW_WAIT_OBJ# 73000) in V$SESSION.
//! 4. 12 commits. Under the mutex its pending versions become committed, its TM locks go,
//!    the wait-for edges pointing at it are dropped and its waiter FIFO is taken; after the
//!    mutex is dropped every waiter is woken, in arrival order. (All of them, not only the head: each re-runs its attempt, and those that find
//!    the resource taken again simply wait again. With one FIFO per transaction this is the
//!    same as Oracle's enqueue queue for the common case of one row per waiter.)
//! 5. 14 wakes, passes the safe point [`check`] (a kill would end the wait here with
//!    ORA-00028), re-runs its attempt, now finds the committed version, and returns it to the
//!    caller, which re-evaluates its WHERE clause on it before changing it.
//!
//! A DEADLOCK
//! ----------
//! 12 holds row 5 and waits for row 7 (edge 12 -> 14); 14 holds row 7 and now asks for row 5.
//! In step 2, 14's enqueue adds 14 -> 12 and the depth-first search from 14's holders reaches
//! 14 again: a cycle. 14's registration is withdrawn and its statement gets ORA-00060; the
//! caller rolls back that statement only, so 14's transaction and its lock on row 7 stay and
//! 12 keeps waiting until 14 commits or rolls back — exactly Oracle's behaviour. Because
//! enqueue and search happen under one mutex, the session that closes the cycle is the only
//! one that can see it: exactly one of the two gets ORA-00060. (Oracle's detector runs about
//! every three seconds, so there the victim is usually the session that waited first; a
//! timer-driven detector is the road not taken — detecting when the cycle closes is simpler
//! and keeps scripts deterministic.) The search re-runs on every wake-up, since each wake-up
//! re-enqueues. See <https://docs.oracle.com/en/error-help/db/ora-00060/>.

use std::time::Duration;

use super::Storage;
use crate::error::{DEADLOCK, OraError, RESOURCE_BUSY, WAIT_TIMEOUT};
use crate::ora;
use crate::session::SessionCell;
use crate::session::call::check;
use crate::session::state::{SessionFlags, Wait};
use std::sync::Arc;

use super::txn::Txns;

/// How a lock request waits (the storage twin of the parser's `LockWait`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockWait {
    /// Wait as long as needed.
    Forever,
    /// NOWAIT: ORA-00054 at once.
    NoWait,
    /// WAIT n seconds of engine time, then ORA-30006.
    Seconds(u32),
    /// SKIP LOCKED: rows locked by others are skipped (table locks wait as Forever).
    SkipLocked,
}

/// A TM lock mode, numbered as V$LOCK.LMODE.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum LockMode {
    /// ROW SHARE (SS), 2.
    RowShare = 2,
    /// ROW EXCLUSIVE (SX), 3: every DML takes it.
    RowExclusive = 3,
    /// SHARE (S), 4.
    Share = 4,
    /// SHARE ROW EXCLUSIVE (SSX), 5.
    ShareRowExclusive = 5,
    /// EXCLUSIVE (X), 6.
    Exclusive = 6,
}

impl LockMode {
    /// The V$LOCK code.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// Oracle's compatibility matrix: can one transaction hold `self` while another holds
    /// `other`?
    pub fn compatible(self, other: LockMode) -> bool {
        use LockMode::*;
        match (self, other) {
            (Exclusive, _) | (_, Exclusive) => false,
            (RowShare, _) | (_, RowShare) => true,
            (RowExclusive, RowExclusive) | (Share, Share) => true,
            _ => false,
        }
    }

    /// The mode a holder of `self` holds after also being granted `other` (ROW EXCLUSIVE plus
    /// SHARE is SHARE ROW EXCLUSIVE).
    pub fn combine(self, other: LockMode) -> LockMode {
        use LockMode::*;
        match (self, other) {
            (RowExclusive, Share) | (Share, RowExclusive) => ShareRowExclusive,
            (a, b) => a.max(b),
        }
    }
}

/// What a waiting session waits for (V$LOCK request rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum WaitOn {
    /// A transaction's end (TX); mode 6 for a row, 4 for a unique key.
    Tx { seq: u64, mode: u8 },
    /// A table lock (TM) in `mode`.
    Tm { object: u64, mode: LockMode },
}

impl WaitOn {
    fn event(self) -> &'static str {
        match self {
            WaitOn::Tx { .. } => "enq: TX - row lock contention",
            WaitOn::Tm { .. } => "enq: TM - contention",
        }
    }
}

/// Why an attempt cannot proceed.
#[derive(Debug, Clone)]
pub(super) struct Blocker {
    /// The sessions holding what is wanted (edges of the wait-for graph).
    pub holders: Vec<u32>,
    /// What is requested.
    pub on: WaitOn,
    /// The object (ROW_WAIT_OBJ#).
    pub object: u64,
}

/// A session in a lock wait.
#[derive(Debug, Clone)]
pub(super) struct Waiting {
    pub blocker: Blocker,
    /// Engine time the wait began (CTIME of the request).
    pub since: Duration,
}

/// The result of one attempt at a lock.
pub(super) enum Attempt<T> {
    /// Got it.
    Done(T),
    /// Someone else holds it.
    Blocked(Blocker),
}

impl Txns {
    /// Takes (or converts to) TM `mode` on `table` for `me`, beginning its transaction.
    /// Returns the index of the table in the transaction's `tables`.
    pub(super) fn tm_acquire(
        &mut self,
        me: &SessionCell,
        table: &Arc<super::Table>,
        mode: LockMode,
        now: Duration,
    ) -> Result<Attempt<usize>, OraError> {
        if table.is_dropped() {
            return Err(ora!(crate::error::TABLE_NOT_FOUND));
        }
        let held = self.txn(me.sid).and_then(|t| t.held(table).map(|i| (i, t.tables[i].mode)));
        let want = held.map_or(mode, |(_, m)| m.combine(mode));
        if let Some((i, m)) = held
            && m == want
        {
            return Ok(Attempt::Done(i));
        }
        let holders: Vec<u32> = self
            .tm
            .get(&table.id)
            .into_iter()
            .flatten()
            .filter(|(s, m)| *s != me.sid && !m.compatible(want))
            .map(|(s, _)| *s)
            .collect();
        if !holders.is_empty() {
            return Ok(Attempt::Blocked(Blocker {
                holders,
                on: WaitOn::Tm { object: table.id, mode: want },
                object: table.id,
            }));
        }
        let txn = self.begin(me, now);
        let i = match txn.held(table) {
            Some(i) => i,
            None => {
                txn.tables.push(super::txn::Held { table: table.clone(), mode: want, since: now });
                txn.tables.len() - 1
            }
        };
        txn.tables[i].mode = want;
        txn.tables[i].since = now;
        let holders = self.tm.entry(table.id).or_default();
        match holders.iter_mut().find(|(s, _)| *s == me.sid) {
            Some(h) => h.1 = want,
            None => holders.push((me.sid, want)),
        }
        Ok(Attempt::Done(i))
    }

    /// Registers `me` as waiting for `b` and searches the wait-for graph for a cycle through
    /// `me`. On a cycle the registration is withdrawn and true returned (ORA-00060).
    /// The waiter goes onto the FIFO of every holder's transaction, so the end of any of them
    /// wakes it to look again (and a wait-for edge never outlives its holder's transaction).
    fn enqueue(&mut self, me: &Arc<SessionCell>, b: &Blocker, since: Duration) -> bool {
        self.dequeue(me.sid);
        self.waits.insert(me.sid, Waiting { blocker: b.clone(), since });
        if self.cycle_through(me.sid) {
            self.dequeue(me.sid);
            return true;
        }
        for &h in &b.holders {
            if let Some(t) = self.txn_mut(h) {
                t.waiters.push(me.clone());
            }
        }
        false
    }

    /// Withdraws `sid`'s wait registration.
    pub(super) fn dequeue(&mut self, sid: u32) {
        let Some(w) = self.waits.remove(&sid) else { return };
        for h in w.blocker.holders {
            if let Some(t) = self.txn_mut(h) {
                t.waiters.retain(|c| c.sid != sid);
            }
        }
    }

    /// Depth-first search of the wait-for graph from `me`'s holders back to `me`.
    fn cycle_through(&self, me: u32) -> bool {
        let mut seen = std::collections::HashSet::new();
        let mut stack: Vec<u32> =
            self.waits.get(&me).map(|w| w.blocker.holders.clone()).unwrap_or_default();
        while let Some(s) = stack.pop() {
            if s == me {
                return true;
            }
            if seen.insert(s)
                && let Some(w) = self.waits.get(&s)
            {
                stack.extend(&w.blocker.holders);
            }
        }
        false
    }
}

impl Storage {
    /// Runs `attempt` under the transaction-table mutex until it succeeds, waiting between
    /// tries as `wait` says. Returns None for SKIP LOCKED on a locked resource. Every
    /// wake-up passes the safe point first, so a kill or cancel ends the wait at once.
    pub(super) fn acquire<T>(
        &self,
        me: &Arc<SessionCell>,
        wait: LockWait,
        mut attempt: impl FnMut(&mut Txns, Duration) -> Result<Attempt<T>, OraError>,
    ) -> Result<Option<T>, OraError> {
        let clock = me.clock().clone();
        let mut deadline = None;
        let mut since = None;
        let mut began = false;
        let result = loop {
            if let Err(e) = check(me) {
                break Err(e);
            }
            let mut tx = self.txns.lock();
            let now = clock.now();
            let had = tx.txn(me.sid).is_some();
            let outcome = attempt(&mut tx, now);
            began |= !had && tx.txn(me.sid).is_some();
            let b = match outcome {
                Err(e) => break Err(e),
                Ok(Attempt::Done(t)) => break Ok(Some(t)),
                Ok(Attempt::Blocked(b)) => b,
            };
            match wait {
                LockWait::NoWait => break Err(ora!(RESOURCE_BUSY)),
                LockWait::SkipLocked if matches!(b.on, WaitOn::Tx { .. }) => break Ok(None),
                LockWait::Seconds(n) => {
                    deadline.get_or_insert(now + Duration::from_secs(n.into()));
                }
                _ => {}
            }
            if deadline.is_some_and(|d| now >= d) {
                break Err(ora!(WAIT_TIMEOUT));
            }
            let start = *since.get_or_insert(now);
            if tx.enqueue(me, &b, start) {
                break Err(ora!(DEADLOCK));
            }
            drop(tx);
            let shown = Wait {
                event: b.on.event(),
                class: "Application",
                since: start,
                blocker: b.holders.first().copied(),
                object: Some(b.object),
            };
            me.park(deadline, Some(&shown));
        };
        if since.is_some() {
            self.txns.lock().dequeue(me.sid);
            me.end_wait();
        }
        if began {
            me.lock().flags.insert(SessionFlags::IN_TRANSACTION);
        }
        result
    }
}
