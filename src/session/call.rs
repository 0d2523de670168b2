//! The life of one call of a session: begin (deliver a pending kill), safe points, sleeps,
//! uninterruptible phases, end (finish a kill that arrived meanwhile).
//!
//! A call runs on its session's own thread. [`begin_call`] turns the session ACTIVE or tells it
//! it is dead; [`check`] is the one safe point, read between statements, on every PL/SQL loop
//! iteration and in every wait; [`end_call`] turns the session INACTIVE again, or — if a kill
//! arrived — rolls back, releases, removes the session and returns ORA-00028.
//!
//! Releasing may take engine time (a paced rollback): the layer that owns transactions either
//! does it on the calling thread and answers [`Released::Now`], or hands it to PMON and answers
//! [`Released::Deferred`]; then PMON calls [`released`] when the rollback is over, and only
//! then does the kill complete (killers woken, the session gone or PSEUDO).

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
pub type Release<'a> = &'a dyn Fn(&Arc<SessionCell>) -> Released;

/// Whether a release is over when [`Release`] returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Released {
    /// Rolled back and released: the caller completes the kill or logoff.
    Now,
    /// A background process (PMON) rolls back, paced; it calls [`released`] when done.
    Deferred,
}

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
        st.call_thread = Some(std::thread::current().id());
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
/// `SQL*Net more data to client`): a kill arriving meanwhile only marks the session, and its
/// killer waits (up to the kill wait) for the phase to end. When it ends, the safe point
/// delivers the pending kill.
pub fn uninterruptible(
    cell: &Arc<SessionCell>,
    phase: Phase,
    seconds: Duration,
    event: &'static str,
) -> Result<(), OraError> {
    let clock = cell.clock().clone();
    let deadline = clock.now() + seconds;
    let wait = Wait { event, class: "Network", since: clock.now(), blocker: None, object: None };
    uninterruptible_with(cell, phase, &wait, |now| (now < deadline).then_some(deadline));
    check(cell)
}

/// Runs an uninterruptible phase on the session's own thread, showing `wait`: `step(now)`
/// does the work due by engine time `now` and returns when to look again, or None once the
/// phase is over. Kills and cancels do not end it; the caller delivers them afterwards.
pub fn uninterruptible_with(
    cell: &Arc<SessionCell>,
    phase: Phase,
    wait: &Wait,
    mut step: impl FnMut(Duration) -> Option<Duration>,
) {
    let clock = cell.clock().clone();
    let before = std::mem::replace(&mut cell.lock().phase, phase);
    while let Some(next) = step(clock.now()) {
        cell.park_uninterruptible(Some(next), Some(wait));
    }
    cell.lock().phase = match before {
        Phase::Idle => Phase::Idle,
        _ => Phase::Executing,
    };
    cell.end_wait();
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
            st.call_thread = None;
            return result;
        }
        st.status = Status::Killed;
        st.flags.insert(SessionFlags::OWNER_NOTIFIED);
    }
    let flags = cell.lock().flags;
    // The rollback runs on this thread, still inside the call (see `call_thread`).
    finish_kill(cell, registry, release);
    cell.lock().call_thread = None;
    Err(if flags.contains(SessionFlags::CRDB_CLOSED) {
        kill::bad_connection()
    } else if flags.contains(SessionFlags::CONNECTION_DROPPED) {
        ora!(END_OF_FILE_ON_CHANNEL)
    } else {
        ora!(SESSION_KILLED)
    })
}

/// Completes the kill of a session whose owner has been told (its call got ORA-00028, or it
/// logged off): release, then — at once, or when PMON has finished rolling back — leave the
/// registry and wake the killers.
pub fn finish_kill(cell: &Arc<SessionCell>, registry: &Registry, release: Release<'_>) {
    if release(cell) == Released::Now {
        complete(cell, Some(registry));
    }
}

/// Completes the kill of an idle session by its killer: rolled back and released, then shown
/// KILLED / PSEUDO until its owner's next call learns of it. Returns false if PMON rolls back
/// (paced) and completes the kill later: the killer then waits for that.
pub fn kill_idle(cell: &Arc<SessionCell>, release: Release<'_>) -> bool {
    let now = release(cell) == Released::Now;
    if now {
        // No registry needed: only a logoff racing with this kill can have told the owner,
        // and that logoff's own `finish_kill` removes the session.
        complete(cell, None);
    }
    now
}

/// The release of a killed or logged-off session is over: a session whose owner was told
/// leaves the registry; one killed while idle turns PSEUDO and waits for its owner's next
/// call (ORA-00028). Wakes the owner (it may be parked in [`begin_call`]) and the watchers
/// (killers in their kill wait, a service-wide disconnect).
pub fn released(cell: &Arc<SessionCell>, registry: &Registry) {
    complete(cell, Some(registry));
}

fn complete(cell: &Arc<SessionCell>, registry: Option<&Registry>) {
    let (told, watchers) = {
        let mut st = cell.lock();
        let told = st.flags.contains(SessionFlags::OWNER_NOTIFIED);
        if told {
            st.flags.insert(SessionFlags::ENDED);
            st.flags.remove(SessionFlags::KILL_PENDING_NOTIFY);
        } else {
            st.server = Server::Pseudo;
            st.flags.insert(SessionFlags::KILL_PENDING_NOTIFY);
        }
        st.phase = Phase::Idle;
        st.wait = None;
        (told, std::mem::take(&mut st.watchers))
    };
    if let Some(registry) = registry.filter(|_| told) {
        registry.remove(cell.sid, cell.serial);
    }
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
        st.flags.insert(SessionFlags::ENDED | SessionFlags::OWNER_NOTIFIED);
        already
    };
    if !already {
        finish_kill(cell, registry, release);
    }
}
