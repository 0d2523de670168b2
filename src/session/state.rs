//! The state of one session, as V$SESSION shows it: STATUS, SERVER, the phase of the current
//! call, the wait it is in, and the flag word that carries kill and cancel requests.

use std::sync::Arc;
use std::time::Duration;

use bitflags::bitflags;

/// V$SESSION.STATUS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// A call is being processed.
    Active,
    /// Between calls.
    Inactive,
    /// Marked for kill (and, for an INACTIVE target, already cleaned up).
    Killed,
}

impl Status {
    /// The text V$SESSION shows.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "ACTIVE",
            Status::Inactive => "INACTIVE",
            Status::Killed => "KILLED",
        }
    }
}

/// V$SESSION.SERVER.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Server {
    /// A dedicated server process serves the session.
    Dedicated,
    /// The kill completed while the owner has not been told yet: the session hangs off the
    /// shared pseudo process.
    Pseudo,
}

impl Server {
    /// The text V$SESSION shows.
    pub fn as_str(self) -> &'static str {
        match self {
            Server::Dedicated => "DEDICATED",
            Server::Pseudo => "PSEUDO",
        }
    }
}

/// What the current call is doing, as far as a kill is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// No call (INACTIVE).
    Idle,
    /// Running a call: interruptible at safe points.
    Executing,
    /// Network I/O (e.g. a remote call over a database link): uninterruptible.
    NetworkIo,
    /// Rolling back a transaction at the rollback rate: uninterruptible. The session's own
    /// call does it (an explicit ROLLBACK, or the cleanup of a kill delivered at a safe
    /// point), or PMON does it for a session with no call (killed while idle, logged off).
    RollingBack,
}

impl Phase {
    /// True while a kill must wait for the phase to end.
    pub fn uninterruptible(self) -> bool {
        matches!(self, Phase::NetworkIo | Phase::RollingBack)
    }
}

/// V$SESSION.TYPE.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionType {
    /// A user session.
    User,
    /// A background process (PMON, SMON, ...).
    Background,
}

impl SessionType {
    /// The text V$SESSION shows.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionType::User => "USER",
            SessionType::Background => "BACKGROUND",
        }
    }
}

bitflags! {
    /// Flags of a session's state.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct SessionFlags: u32 {
        /// A kill was requested and has not completed.
        const KILL_REQUESTED = 1;
        /// The kill was IMMEDIATE.
        const IMMEDIATE = 1 << 1;
        /// The kill was NOREPLAY: Application Continuity must not replay.
        const NOREPLAY = 1 << 2;
        /// The kill completed while INACTIVE: the next call gets ORA-00028.
        const KILL_PENDING_NOTIFY = 1 << 3;
        /// The session is gone from the registry: every call gets ORA-01012.
        const ENDED = 1 << 4;
        /// This session replaced a killed one through replay.
        const FAILED_OVER = 1 << 5;
        /// A transaction is open.
        const IN_TRANSACTION = 1 << 6;
        /// A cancel of the current call was requested (ORA-01013).
        const CANCEL_REQUESTED = 1 << 7;
        /// DISCONNECT ... POST_TRANSACTION: end the session when its transaction ends.
        const DISCONNECT_POST_TRANSACTION = 1 << 8;
        /// The kill ended the server side of the connection (DISCONNECT ... IMMEDIATE, or KILL
        /// ... IMMEDIATE on 19c): the client sees ORA-03113 / ORA-03135, then ORA-03114.
        const CONNECTION_DROPPED = 1 << 9;
        /// The owner knows the session is over (its call got ORA-00028, or it logged off):
        /// once the release completes, the session leaves V$SESSION instead of waiting, KILLED
        /// / PSEUDO, for the owner's next call.
        const OWNER_NOTIFIED = 1 << 10;
        /// The kill was CockroachDB's CANCEL SESSION: the connection closes without a message,
        /// and the client's driver reports a bad connection (not ORA-03113).
        const CRDB_CLOSED = 1 << 11;
    }
}

/// The interrupt bits read at every safe point (kept in an atomic word beside the state).
pub mod interrupt_bits {
    /// Kill requested.
    pub const KILL: u32 = 1;
    /// Cancel of the current call requested.
    pub const CANCEL: u32 = 2;
    /// With CANCEL: the cancel is CockroachDB's CANCEL QUERY (57014, not ORA-01013).
    pub const CRDB_CANCEL: u32 = 4;
}

/// The wait a session is in now (V$SESSION EVENT, WAIT_CLASS, STATE='WAITING', SECONDS_IN_WAIT).
#[derive(Debug, Clone)]
pub struct Wait {
    /// The event name, e.g. `PL/SQL lock timer`, `enq: TX - row lock contention`.
    pub event: &'static str,
    /// The wait class, e.g. `Idle`, `Application`.
    pub class: &'static str,
    /// Engine time the wait began.
    pub since: Duration,
    /// The SID of the session blocking this one, for lock waits.
    pub blocker: Option<u32>,
    /// The object waited for (ROW_WAIT_OBJ#), for row-lock waits.
    pub object: Option<u64>,
}

/// What the session last ran or is running (V$SESSION COMMAND, SQL_ID, PREV_SQL_ID).
#[derive(Debug, Clone, Default)]
pub struct CallInfo {
    /// The Oracle command number (3 SELECT, 47 PL/SQL EXECUTE, 49 ALTER SYSTEM, ...).
    pub command: u32,
    /// SQL_ID of the current statement, while ACTIVE.
    pub sql_id: Option<Arc<str>>,
    /// SQL_ID of the previous statement.
    pub prev_sql_id: Option<Arc<str>>,
    /// Engine time the current statement started.
    pub exec_start: Option<Duration>,
    /// CockroachDB's `query_id` of the current statement, while ACTIVE.
    pub query_id: Option<super::crdb_id::ClusterWideId>,
    /// Text of the current statement, while ACTIVE (`active_queries`).
    pub text: Option<Arc<str>>,
    /// Text of the last completed statement (`last_active_query`).
    pub prev_text: Option<Arc<str>>,
}
