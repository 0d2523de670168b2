//! The life of one call of a session: begin (deliver a pending kill), safe points, sleeps,
//! end (finish a kill that arrived meanwhile).
//!
//! A call runs on its session's own thread. [`begin_call`] turns the session ACTIVE or tells it
//! it is dead; [`check`] is the one safe point, read between statements, on every PL/SQL loop
//! iteration and in every wait; [`end_call`] turns the session INACTIVE again, or — if a kill
//! arrived — rolls back, releases, removes the session and returns ORA-00028.

use std::sync::Arc;
use std::time::Duration;

use super::cell::SessionCell;
use super::kill;
use super::registry::Registry;
use super::state::{Phase, Server, SessionFlags, Status, Wait, interrupt_bits};
use crate::error::{
    CONNECTION_LOST_CONTACT, END_OF_FILE_ON_CHANNEL, NOT_CONNECTED, NOT_LOGGED_ON, OraError,
    SESSION_KILLED, USER_CANCEL,
};
use crate::ora;

/// Releases what a session holds: rolls back its transaction, frees its locks, wakes waiters.
/// Supplied by the layer that owns transactions; the session manager knows nothing of them.
pub type Release<'a> = &'a dyn Fn(&Arc<SessionCell>);

/// Starts a call: ORA-01012 if the session is gone, ORA-00028 (once) if it was killed while
/// idle, otherwise the session becomes ACTIVE in the Executing phase.
pub fn begin_call(
    cell: &Arc<SessionCell>,
    registry: &Registry,
    command: u32,
    sql_id: Option<Arc<str>>,
) -> Result<(), OraError> {
    loop {
        let mut st = cell.lock();
        let dropped = st.flags.contains(SessionFlags::CONNECTION_DROPPED);
        if st.flags.contains(SessionFlags::CRDB_CLOSED)
            && st.flags.intersects(SessionFlags::ENDED | SessionFlags::KILL_PENDING_NOTIFY)
        {
            st.flags.insert(SessionFlags::ENDED);
            drop(st);
            registry.remove(cell.sid, cell.serial);
            return Err(kill::bad_connection());
        }
        if st.flags.contains(SessionFlags::ENDED) {
            return Err(if dropped { ora!(NOT_CONNECTED) } else { ora!(NOT_LOGGED_ON) });
        }
        if st.flags.contains(SessionFlags::KILL_PENDING_NOTIFY) {
            // Deferred notification: this call is the one that learns of the kill.
            st.flags.insert(SessionFlags::ENDED);
            drop(st);
            registry.remove(cell.sid, cell.serial);
            return Err(if dropped { ora!(CONNECTION_LOST_CONTACT) } else { ora!(SESSION_KILLED) });
        }
        if st.flags.contains(SessionFlags::KILL_REQUESTED) {
            // A killer is cleaning this idle session up right now; wait for it to finish.
            drop(st);
            cell.park(None, None);
            continue;
        }
        cell.clear_interrupt(interrupt_bits::CANCEL | interrupt_bits::CRDB_CANCEL);
        let now = cell.clock().now();
        st.status = Status::Active;
        st.phase = Phase::Executing;
        st.last_call = now;
        st.call.command = command;
        st.call.prev_sql_id = st.call.sql_id.take().or(st.call.prev_sql_id.take());
        st.call.sql_id = sql_id;
        st.call.exec_start = Some(now);
        st.call.query_id = Some(registry.hlc.next(cell.clock()));
        if !st.flags.contains(SessionFlags::IN_TRANSACTION) {
            st.txns_executed += 1;
        }
        return Ok(());
    }
}

/// The safe point: one atomic load when nothing is pending. Returns ORA-00028 once a kill is
/// requested (and on every later check: a handler can see the error, but the session stays
/// dead), ORA-01013 once for a cancel. Uninterruptible phases ignore the kill until they end.
#[inline]
pub fn check(cell: &SessionCell) -> Result<(), OraError> {
    if cell.interrupts() == 0 { Ok(()) } else { check_slow(cell) }
}

#[cold]
fn check_slow(cell: &SessionCell) -> Result<(), OraError> {
    let bits = cell.interrupts();
    if bits & interrupt_bits::KILL != 0 {
        if cell.lock().phase.uninterruptible() {
            return Ok(());
        }
        return Err(ora!(SESSION_KILLED));
    }
    if bits & interrupt_bits::CANCEL != 0 {
        cell.clear_interrupt(interrupt_bits::CANCEL | interrupt_bits::CRDB_CANCEL);
        if bits & interrupt_bits::CRDB_CANCEL != 0 {
            return Err(kill::query_canceled());
        }
        return Err(ora!(USER_CANCEL));
    }
    Ok(())
}

/// Sleeps for `seconds` of engine time, showing `event` (class Idle), interruptible.
pub fn sleep(
    cell: &Arc<SessionCell>,
    seconds: Duration,
    event: &'static str,
) -> Result<(), OraError> {
    let clock = cell.clock().clone();
    let deadline = clock.now() + seconds;
    let wait = Wait { event, class: "Idle", since: clock.now(), blocker: None, object: None };
    let result = loop {
        if let Err(e) = check(cell) {
            break Err(e);
        }
        if clock.now() >= deadline || cell.park(Some(deadline), Some(&wait)) {
            break Ok(());
        }
    };
    cell.end_wait();
    result
}

/// Spends `seconds` of engine time in an uninterruptible phase (`Phase::NetworkIo` with event
/// `SQL*Net more data to client`, or `Phase::RollingBack`): a kill arriving meanwhile only marks
/// the session, and its killer waits (up to the kill wait) for the phase to end. When it ends,
/// the safe point delivers the pending kill.
pub fn uninterruptible(
    cell: &Arc<SessionCell>,
    phase: Phase,
    seconds: Duration,
    event: &'static str,
) -> Result<(), OraError> {
    let clock = cell.clock().clone();
    let deadline = clock.now() + seconds;
    let wait = Wait { event, class: "Network", since: clock.now(), blocker: None, object: None };
    cell.lock().phase = phase;
    while clock.now() < deadline && !cell.park_uninterruptible(Some(deadline), Some(&wait)) {}
    {
        let mut st = cell.lock();
        st.phase = Phase::Executing;
    }
    cell.end_wait();
    check(cell)
}

/// Ends a call. If a kill arrived during it, the result becomes ORA-00028: the session's
/// resources are released on its own thread, it leaves the registry, and the killers waiting
/// for it are woken. Otherwise the session goes back to INACTIVE.
pub fn end_call<T>(
    cell: &Arc<SessionCell>,
    registry: &Registry,
    release: Release<'_>,
    result: Result<T, OraError>,
) -> Result<T, OraError> {
    {
        let mut st = cell.lock();
        if !st.flags.contains(SessionFlags::KILL_REQUESTED) {
            let now = cell.clock().now();
            st.status = Status::Inactive;
            st.phase = Phase::Idle;
            st.last_call = now;
            st.call.prev_sql_id = st.call.sql_id.take();
            st.call.exec_start = None;
            st.call.query_id = None;
            if let Some(text) = st.call.text.take() {
                st.call.prev_text = Some(text);
            }
            st.wait = None;
            st.last_wait_end = now;
            return result;
        }
        st.status = Status::Killed;
        st.phase = Phase::Idle;
    }
    let flags = cell.lock().flags;
    finish_kill(cell, registry, release);
    Err(if flags.contains(SessionFlags::CRDB_CLOSED) {
        kill::bad_connection()
    } else if flags.contains(SessionFlags::CONNECTION_DROPPED) {
        ora!(END_OF_FILE_ON_CHANNEL)
    } else {
        ora!(SESSION_KILLED)
    })
}

/// Completes the kill of a session on its own thread (or a dead client's): release, leave the
/// registry, wake the killers.
pub fn finish_kill(cell: &Arc<SessionCell>, registry: &Registry, release: Release<'_>) {
    release(cell);
    let watchers = {
        let mut st = cell.lock();
        st.flags.insert(SessionFlags::ENDED);
        st.flags.remove(SessionFlags::KILL_PENDING_NOTIFY);
        st.wait = None;
        std::mem::take(&mut st.watchers)
    };
    registry.remove(cell.sid, cell.serial);
    for w in watchers {
        use crate::clock::Wake;
        w.wake();
    }
}

/// Completes the kill of an idle session by its killer: rolled back and released at once,
/// then shown KILLED / PSEUDO until its owner's next call learns of it.
pub fn kill_idle(cell: &Arc<SessionCell>, release: Release<'_>) {
    release(cell);
    let watchers = {
        let mut st = cell.lock();
        st.server = Server::Pseudo;
        st.flags.insert(SessionFlags::KILL_PENDING_NOTIFY);
        std::mem::take(&mut st.watchers)
    };
    // The owner may be parked in begin_call waiting for this cleanup; watchers (a service-wide
    // disconnect) wait for the session to be gone from the server's side, which it now is.
    use crate::clock::Wake;
    cell.wake();
    for w in watchers {
        w.wake();
    }
}

/// Logs a session off: releases what it holds (the caller decides commit or rollback first)
/// and removes it. Safe to call on a session that is already gone.
pub fn logoff(cell: &Arc<SessionCell>, registry: &Registry, release: Release<'_>) {
    let already = {
        let mut st = cell.lock();
        let already = st.flags.contains(SessionFlags::ENDED);
        st.flags.insert(SessionFlags::ENDED);
        already
    };
    if !already {
        finish_kill(cell, registry, release);
    }
}
