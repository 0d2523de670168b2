//! The kill protocol: `ALTER SYSTEM KILL SESSION`, `DISCONNECT SESSION` and `CANCEL SQL` as the
//! session manager carries them out.
//!
//! 1. [`SessionId::parse`] reads `'sid, serial#[, @inst]'` (ORA-00026 if malformed).
//! 2. [`kill`] finds the target (ORA-00030 if the SID is free or the SERIAL# differs, ORA-00027
//!    for the killer itself, ORA-00029 for a background process) and, under the target's lock,
//!    marks it: KILL_REQUESTED, STATUS `KILLED`.
//! 3. An INACTIVE target is cleaned up by the killer at once ([`call::kill_idle`]): rollback,
//!    locks released, waiters woken; SERVER becomes `PSEUDO` and the owner learns of it on its
//!    next call (ORA-00028 once, then ORA-01012). A rollback that takes engine time (a finite
//!    rollback rate) is PMON's instead: the killer waits for it as for an uninterruptible
//!    phase below.
//! 4. An ACTIVE target gets the interrupt bit and a wake-up; at its next safe point its call
//!    fails, and [`call::end_call`] cleans up on the target's own thread and wakes the killer.
//! 5. The killer waits on its own session for the target to end, up to the kill wait; if the
//!    target is still in an uninterruptible phase then, the killer gets ORA-00031 and the
//!    target ends by itself when the phase ends. IMMEDIATE does not wait at all.

use std::sync::Arc;
use std::time::Duration;

use super::call::{self, Release};
use super::cell::{SessionCell, SessionState};
use super::registry::Registry;
use super::state::{SessionFlags, SessionType, Status, interrupt_bits};
use crate::error::{
    CANT_KILL_OWN_SESSION, INVALID_SESSION_ID, NO_SUCH_SESSION, NOT_USER_SESSION, OraError,
    SESSION_MARKED_FOR_KILL,
};
use crate::ora;

/// The instance number of this (single) instance.
pub const INSTANCE_NUMBER: u32 = 1;

/// A parsed `'sid, serial#[, @inst_id][, sql_id]'`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionId {
    /// SID.
    pub sid: u32,
    /// SERIAL#.
    pub serial: u32,
    /// `@inst_id`, if given.
    pub instance: Option<u32>,
    /// SQL_ID (CANCEL SQL only).
    pub sql_id: Option<String>,
}

impl SessionId {
    /// Parses the id text. `allow_sql_id` accepts CANCEL SQL's trailing SQL_ID. Spaces around
    /// the parts are accepted; the instance must carry `@` (`'1,2,1'` is ORA-00026, as in Oracle).
    pub fn parse(text: &str, allow_sql_id: bool) -> Result<SessionId, OraError> {
        let bad = || ora!(INVALID_SESSION_ID);
        let parts: Vec<&str> = text.split(',').map(str::trim).collect();
        let number = |s: &str| -> Result<u32, OraError> {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            s.parse::<u32>().map_err(|_| bad())
        };
        if parts.len() < 2 {
            return Err(bad());
        }
        let mut id = SessionId {
            sid: number(parts[0])?,
            serial: number(parts[1])?,
            instance: None,
            sql_id: None,
        };
        for part in &parts[2..] {
            if let Some(inst) = part.strip_prefix('@') {
                if id.instance.is_some() || id.sql_id.is_some() {
                    return Err(bad());
                }
                id.instance = Some(number(inst.trim())?);
            } else if allow_sql_id && id.sql_id.is_none() && is_sql_id(part) {
                id.sql_id = Some(part.to_string());
            } else {
                return Err(bad());
            }
        }
        Ok(id)
    }
}

fn is_sql_id(s: &str) -> bool {
    s.len() == 13 && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// How a kill ends its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KillOptions {
    /// Do not wait for the target: return at once (ORA-00031 if it could not be ended yet).
    pub immediate: bool,
    /// Mark the session so Application Continuity does not replay it (implies immediate).
    pub noreplay: bool,
    /// End the server side of the connection: the victim's client sees a lost connection
    /// (ORA-03113 / ORA-03135, then ORA-03114) instead of ORA-00028 / ORA-01012.
    pub drop_connection: bool,
}

/// Finds the target of a kill or cancel, with the errors Oracle gives (nothing is changed).
pub fn find_target(
    registry: &Registry,
    me: &Arc<SessionCell>,
    id: &SessionId,
) -> Result<Arc<SessionCell>, OraError> {
    // This engine is one instance: any other instance number names no session.
    if id.instance.is_some_and(|i| i != INSTANCE_NUMBER) {
        return Err(ora!(NO_SUCH_SESSION));
    }
    let target = registry
        .get(id.sid)
        .filter(|t| t.serial == id.serial)
        .ok_or_else(|| ora!(NO_SUCH_SESSION))?;
    if Arc::ptr_eq(&target, me) {
        return Err(ora!(CANT_KILL_OWN_SESSION));
    }
    if target.identity.kind == SessionType::Background {
        return Err(ora!(NOT_USER_SESSION));
    }
    Ok(target)
}

/// What the killer must do after marking the target.
enum Next {
    Done,
    WaitForEnd,
    MarkedOnly,
}

/// Kills `target` on behalf of `killer`: see the module doc for the protocol.
pub fn kill(
    killer: &Arc<SessionCell>,
    target: &Arc<SessionCell>,
    opts: KillOptions,
    kill_wait: Duration,
    release: Release<'_>,
) -> Result<(), OraError> {
    let immediate = opts.immediate || opts.noreplay;
    let next = {
        let mut st = target.lock();
        if st.flags.contains(SessionFlags::ENDED) {
            return Err(ora!(NO_SUCH_SESSION));
        }
        if st.flags.contains(SessionFlags::KILL_REQUESTED) {
            // Already marked: a second kill only reports the mark (it may come sooner).
            if opts.noreplay {
                st.flags.insert(SessionFlags::NOREPLAY);
            }
            return Err(ora!(SESSION_MARKED_FOR_KILL));
        }
        let was = st.status;
        st.status = Status::Killed;
        st.flags.insert(SessionFlags::KILL_REQUESTED);
        st.flags.set(SessionFlags::IMMEDIATE, immediate);
        st.flags.set(SessionFlags::NOREPLAY, opts.noreplay);
        st.flags.set(SessionFlags::CONNECTION_DROPPED, opts.drop_connection);
        match was {
            Status::Inactive => Next::Done,
            _ if st.phase.uninterruptible() && immediate => Next::MarkedOnly,
            _ => {
                if !immediate {
                    st.watchers.push(killer.clone());
                }
                Next::WaitForEnd
            }
        }
    };
    match next {
        Next::Done => {
            let done = call::kill_idle(target, release);
            target.notify_kill();
            match (done, immediate) {
                (true, _) => Ok(()),
                // PMON rolls back: IMMEDIATE does not wait for it, a plain kill waits as for
                // an uninterruptible phase.
                (false, true) => Err(ora!(SESSION_MARKED_FOR_KILL)),
                (false, false) if watch(target, killer) => wait_for_end(killer, target, kill_wait),
                // PMON finished meanwhile.
                (false, false) => Ok(()),
            }
        }
        Next::MarkedOnly => {
            target.raise_interrupt(interrupt_bits::KILL);
            target.notify_kill();
            Err(ora!(SESSION_MARKED_FOR_KILL))
        }
        Next::WaitForEnd => {
            target.raise_interrupt(interrupt_bits::KILL);
            target.notify_kill();
            if immediate {
                return Ok(());
            }
            wait_for_end(killer, target, kill_wait)
        }
    }
}

/// True once the kill of a session has completed: it is gone, or (killed while idle) it is
/// released and waits, PSEUDO, for its owner's next call.
fn completed(st: &SessionState) -> bool {
    st.flags.intersects(SessionFlags::ENDED | SessionFlags::KILL_PENDING_NOTIFY)
}

/// Registers `killer` to be woken when the kill of `target` completes; false if it already has.
fn watch(target: &Arc<SessionCell>, killer: &Arc<SessionCell>) -> bool {
    let mut st = target.lock();
    if completed(&st) {
        return false;
    }
    st.watchers.push(killer.clone());
    true
}

/// The kill wait: the killer parks on its own session until the target has ended, or the
/// wait runs out (ORA-00031: the target stays marked and ends when its phase allows).
fn wait_for_end(
    killer: &Arc<SessionCell>,
    target: &Arc<SessionCell>,
    kill_wait: Duration,
) -> Result<(), OraError> {
    let deadline = killer.clock().now() + kill_wait;
    loop {
        if completed(&target.lock()) {
            return Ok(());
        }
        // A killer that is itself killed or cancelled while waiting stops waiting with its own
        // error; the target's kill goes on without it.
        call::check(killer)?;
        if killer.park(Some(deadline), None) && !completed(&target.lock()) {
            return Err(ora!(SESSION_MARKED_FOR_KILL));
        }
    }
}

/// `ALTER SYSTEM CANCEL SQL`: the target's current call fails with ORA-01013; the session
/// lives. A target between calls has nothing to cancel.
pub fn cancel(target: &Arc<SessionCell>) -> Result<(), OraError> {
    let active = {
        let st = target.lock();
        if st.flags.contains(SessionFlags::ENDED) {
            return Err(ora!(NO_SUCH_SESSION));
        }
        st.status == Status::Active
    };
    if active {
        target.raise_interrupt(interrupt_bits::CANCEL);
    }
    Ok(())
}

/// What a CockroachDB client sees when its session was cancelled: the server closed the
/// connection without a message, and the driver reports it (Go's `driver: bad connection`).
/// 08006 is the connection_failure SQLSTATE client libraries give such errors.
pub fn bad_connection() -> OraError {
    OraError::crdb(BAD_CONNECTION_STATE, "driver: bad connection")
}

/// The SQLSTATE of [`bad_connection`].
pub const BAD_CONNECTION_STATE: &str = "08006";

/// True for [`bad_connection`]: the front end closes the connection silently.
pub fn is_bad_connection(e: &OraError) -> bool {
    e.crdb_sqlstate() == Some(BAD_CONNECTION_STATE)
}

/// The error of a statement CockroachDB's CANCEL QUERY ended.
pub fn query_canceled() -> OraError {
    OraError::crdb("57014", "query execution canceled")
}

/// CockroachDB's CANCEL SESSION: an IMMEDIATE kill that drops the connection, marked so the
/// client sees a closed connection ([`bad_connection`]). The target's transaction rolls back
/// and its locks go at once if idle, at its next safe point if active. A target already being
/// killed counts as cancelled (it is going away either way).
pub fn cancel_session(
    killer: &Arc<SessionCell>,
    target: &Arc<SessionCell>,
    release: Release<'_>,
) -> Result<(), OraError> {
    {
        let mut st = target.lock();
        if st.flags.contains(SessionFlags::ENDED) {
            return Err(ora!(NO_SUCH_SESSION));
        }
        st.flags.insert(SessionFlags::CRDB_CLOSED);
    }
    let opts = KillOptions { immediate: true, noreplay: false, drop_connection: true };
    match kill(killer, target, opts, Duration::ZERO, release) {
        Err(e) if e.is(SESSION_MARKED_FOR_KILL) => Ok(()),
        other => other,
    }
}

/// CockroachDB's CANCEL QUERY: if `target` is still running the statement `query_id`, that
/// statement fails at its next safe point with 57014 and the session lives. False if the
/// statement is no longer running. The check and the mark happen under the target's lock, which
/// is where [`call::begin_call`] clears stale cancels, so a cancel never hits a later statement.
pub fn cancel_query(target: &Arc<SessionCell>, query_id: super::crdb_id::ClusterWideId) -> bool {
    {
        let st = target.lock();
        let running = st.status == Status::Active && st.call.query_id == Some(query_id);
        if !running || st.flags.contains(SessionFlags::ENDED) {
            return false;
        }
        target.mark_interrupt(interrupt_bits::CANCEL | interrupt_bits::CRDB_CANCEL);
    }
    use crate::clock::Wake;
    target.wake();
    target.notify_kill();
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_id_text() {
        let id = SessionId::parse("12, 345", false).unwrap();
        assert_eq!((id.sid, id.serial, id.instance), (12, 345, None));
        let id = SessionId::parse(" 140,3340, @1 ", false).unwrap();
        assert_eq!(id.instance, Some(1));
        for bad in ["", "12", "12,", "a,1", "1,2,1", "1,2,@", "1,-2", "1;2", "1,2,@1,@1"] {
            assert!(SessionId::parse(bad, false).unwrap_err().is(INVALID_SESSION_ID), "{bad}");
        }
        let id = SessionId::parse("38, 41388, @1, 3tfmdd4xagv3y", true).unwrap();
        assert_eq!(id.sql_id.as_deref(), Some("3tfmdd4xagv3y"));
    }
}
