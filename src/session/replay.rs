//! Application Continuity: the replay context of a client's session and the replay driver
//! that, when the session is killed or disconnected, brings the client back on a new session
//! as if nothing happened.
//!
//! Oracle's replay driver lives in the client (the JDBC replay driver, OCI): it remembers the
//! calls of the current request and, on a recoverable error, logs on again and re-executes
//! them, checking that each returns what the client saw the first time. Here the client is
//! the library's `Session` handle (which the script runner and the wire server use), so the
//! context lives beside the handle, and this module owns both halves. It knows nothing of SQL:
//! a call is its text (binds already substituted, as the wire server does) plus a fingerprint
//! of the result the client saw, computed by the caller.
//!
//! THE REQUEST
//! -----------
//! Oracle replays a *request* (beginRequest .. endRequest, or with Transparent AC an implicit
//! one). This engine's request is simpler: the calls since the session last had no open
//! transaction. [`ReplayContext::record`] appends a call that leaves a transaction open and
//! clears the context after a call that leaves none (COMMIT, ROLLBACK, DDL, a SELECT outside
//! any transaction). FAILOVER_TYPE TRANSACTION and AUTO record the same calls; the difference
//! Oracle makes (TAC also restores session state and re-enables replay after a commit) is
//! reduced to FAILOVER_RESTORE, which either type may set.
//!
//! A call that changes the instance rather than the application's data (ALTER SYSTEM: a kill,
//! a disconnect) is a side effect replay must not repeat: it disables replay until the
//! request ends, as Oracle's "non-replayable side effect" does. So does a call made while the
//! service had no replay (its result was not recorded, so the request cannot be replayed
//! whole). The recorded calls keep the client's parsed statement ([`Prepared`]), so a replay
//! does not parse again.
//!
//! FAILING OVER ([`fail_over`])
//! ----------------------------
//! 1. The error must be recoverable ([`OraError::replayable`]: ORA-00028, ORA-03113,
//!    ORA-03135) and the service replay-enabled ([`ReplayPolicy`]).
//! 2. The kill must not have said NOREPLAY (KILL SESSION ... NOREPLAY, DISCONNECT ...
//!    NOREPLAY, DBMS_SERVICE.NOREPLAY), the request must hold no side effect, and no more than
//!    REPLAY_INITIATION_TIMEOUT may have passed since its first call.
//! 3. Transaction Guard: if the session committed during the interrupted call (its commit
//!    number moved, [`SessionCell::commit_number`]; a COMMIT of open work, or any DDL), the
//!    outcome is known and the request is not replayed — a committed transaction is never run
//!    twice.
//! 4. A new session logs on (same user and service; new SID/SERIAL#) and is flagged
//!    FAILED_OVER; with FAILOVER_RESTORE its session state is copied from the old one.
//! 5. The recorded calls are re-executed in order; a result whose fingerprint differs (the
//!    data changed underneath) rejects the replay: the new session is logged off, its work
//!    rolled back.
//!
//! On refusal the client gets the original error, as in Oracle. On success the caller re-runs
//! the interrupted call on the new session and answers with its result (the client never saw
//! a result of it, so there is nothing to compare; its DBMS_OUTPUT shows once). The
//! facade fails over at most three times for one call, as Oracle retries a replay per
//! incident.

use std::any::Any;
use std::sync::Arc;
use std::time::Duration;

use super::cell::SessionCell;
use super::services::ReplayPolicy;
use super::state::SessionFlags;
use crate::error::OraError;

/// A call in the form its runner prepared it (the parsed statement), kept so a replay need not
/// prepare it again. Opaque here: the session manager knows nothing of SQL.
pub type Prepared = Arc<dyn Any + Send + Sync>;

/// One call of the open request, as the client saw it.
#[derive(Debug, Clone)]
pub struct RecordedCall {
    /// The call's text.
    pub text: Arc<str>,
    /// Fingerprint of its result (rows, row count or error) as first returned.
    pub result: u64,
    /// The prepared call, if the runner kept one.
    pub prepared: Option<Prepared>,
}

/// The calls of a session's open request (module doc).
#[derive(Debug, Default)]
pub struct ReplayContext {
    calls: Vec<RecordedCall>,
    /// Engine time of the request's first call.
    started: Option<Duration>,
    /// A side effect happened in this request: no replay until it ends.
    side_effect: bool,
}

/// What a completed call was, for [`ReplayContext::record`].
#[derive(Debug, Clone)]
pub struct CallRecord<'a> {
    /// The call's text.
    pub text: &'a str,
    /// Fingerprint of its result.
    pub result: u64,
    /// The prepared call, for a replay.
    pub prepared: Option<Prepared>,
    /// Engine time the call started.
    pub started: Duration,
    /// A transaction is open after the call.
    pub in_transaction: bool,
    /// The call has effects replay must not repeat.
    pub side_effect: bool,
}

impl ReplayContext {
    /// Records a completed call: appended while a transaction stays open, otherwise the
    /// request is over and the context is cleared.
    pub fn record(&mut self, call: CallRecord<'_>) {
        if !call.in_transaction {
            self.clear();
            return;
        }
        self.started.get_or_insert(call.started);
        self.side_effect |= call.side_effect;
        if !self.side_effect {
            let text = Arc::from(call.text);
            self.calls.push(RecordedCall { text, result: call.result, prepared: call.prepared });
        }
    }

    /// Forgets the request.
    pub fn clear(&mut self) {
        self.calls.clear();
        self.started = None;
        self.side_effect = false;
    }

    /// The recorded calls, oldest first.
    pub fn calls(&self) -> &[RecordedCall] {
        &self.calls
    }
}

/// Why a failover did not replay: the client gets the original error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The error is not one Application Continuity recovers from.
    NotRecoverable,
    /// The service has no replay (FAILOVER_TYPE not TRANSACTION or AUTO).
    NotEnabled,
    /// The kill or disconnect said NOREPLAY.
    NoReplay,
    /// The request holds a call with side effects (ALTER SYSTEM).
    SideEffect,
    /// REPLAY_INITIATION_TIMEOUT passed since the request's first call.
    TimedOut,
    /// Transaction Guard: the interrupted call committed; its outcome is known.
    Committed,
    /// No new session could be logged on (the service stopped, ...).
    Logon(OraError),
    /// Recorded call `n` (0-based) returned something else on replay.
    Mismatch(usize),
}

/// The facts about the failed call that decide whether to replay.
#[derive(Debug, Clone, Copy)]
pub struct Failure<'a> {
    /// The session that was lost.
    pub old: &'a Arc<SessionCell>,
    /// The error the interrupted call got.
    pub error: &'a OraError,
    /// Its service's replay policy, None without replay.
    pub policy: Option<ReplayPolicy>,
    /// The old session's commit number when the interrupted call began.
    pub commits_before: u64,
    /// Engine time the interrupted call began (the request's start if nothing is recorded).
    pub call_started: Duration,
}

/// What the replay driver needs from the client side (the facade).
pub trait Replayer {
    /// Logs a new session on for the same user and service.
    fn logon(&self) -> Result<Arc<SessionCell>, OraError>;
    /// Runs one recorded call on `cell`; returns the fingerprint of its result.
    fn run(&self, cell: &Arc<SessionCell>, call: &RecordedCall) -> u64;
    /// Logs off a session whose replay was rejected (its work rolled back).
    fn abandon(&self, cell: &Arc<SessionCell>);
}

/// Decides whether the failure may be replayed, and if so logs a new session on and replays
/// the context on it (module doc, steps 1-5). Returns the new session, ready for the
/// interrupted call to be re-run.
pub fn fail_over(
    context: &ReplayContext,
    failure: Failure<'_>,
    client: &dyn Replayer,
) -> Result<Arc<SessionCell>, Refusal> {
    let policy = check(context, &failure)?;
    let new = client.logon().map_err(Refusal::Logon)?;
    {
        let old = failure.old.lock();
        let mut st = new.lock();
        st.flags.insert(SessionFlags::FAILED_OVER);
        if policy.restore_state {
            st.schema = old.schema.clone();
            st.module = old.module.clone();
            st.action = old.action.clone();
            st.client_info = old.client_info.clone();
            st.client_identifier = old.client_identifier.clone();
        }
    }
    for (n, call) in context.calls.iter().enumerate() {
        if client.run(&new, call) != call.result {
            client.abandon(&new);
            return Err(Refusal::Mismatch(n));
        }
    }
    Ok(new)
}

/// Steps 1-3 of the module doc: whether replay may start at all.
fn check(context: &ReplayContext, f: &Failure<'_>) -> Result<ReplayPolicy, Refusal> {
    if !f.error.replayable() {
        return Err(Refusal::NotRecoverable);
    }
    let policy = f.policy.ok_or(Refusal::NotEnabled)?;
    if f.old.lock().flags.contains(SessionFlags::NOREPLAY) {
        return Err(Refusal::NoReplay);
    }
    if context.side_effect {
        return Err(Refusal::SideEffect);
    }
    let first = context.started.unwrap_or(f.call_started);
    if f.old.clock().now().saturating_sub(first) > policy.replay_initiation_timeout {
        return Err(Refusal::TimedOut);
    }
    if f.old.commit_number() != f.commits_before {
        return Err(Refusal::Committed);
    }
    Ok(policy)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(ctx: &mut ReplayContext, text: &str, in_transaction: bool) {
        ctx.record(CallRecord {
            text,
            result: 7,
            prepared: None,
            started: Duration::from_secs(1),
            in_transaction,
            side_effect: false,
        });
    }

    #[test]
    fn the_request_ends_with_the_transaction() {
        let mut ctx = ReplayContext::default();
        record(&mut ctx, "select 1 from dual", false);
        assert!(ctx.calls().is_empty());
        record(&mut ctx, "update t set x = 1", true);
        record(&mut ctx, "select x from t", true);
        assert_eq!(ctx.calls().len(), 2);
        assert_eq!(ctx.started, Some(Duration::from_secs(1)));
        record(&mut ctx, "commit", false);
        assert!(ctx.calls().is_empty());
        assert_eq!(ctx.started, None);
    }
}
