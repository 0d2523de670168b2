//! The session manager: who is connected, in what state, and how a session is ended.
//!
//! It knows nothing of SQL. Callers (exec, the wire server, the script runner through the
//! facade) log sessions on and off, bracket each call with [`call::begin_call`] /
//! [`call::end_call`], call [`call::check`] at safe points, and carry out kills with
//! [`kill::kill`]. Releasing a session's transaction and locks is passed in as a callback
//! ([`call::Release`]), because transactions belong to storage.
//!
//! THE STATE MACHINE
//! -----------------
//! ```text
//!  event                         STATUS    SERVER     phase        flags
//!  logon                         INACTIVE  DEDICATED  Idle         -
//!  begin_call                    ACTIVE    DEDICATED  Executing    -
//!  end_call                      INACTIVE  DEDICATED  Idle         -
//!  ROLLBACK at a rollback rate   ACTIVE    DEDICATED  RollingBack  -   (back to Executing when done)
//!  kill while INACTIVE           KILLED    PSEUDO     Idle         KILL_REQUESTED, KILL_PENDING_NOTIFY
//!    owner's next call           (gone)                            ENDED  -> that call: ORA-00028
//!    every later call            (gone)                            ENDED  -> ORA-01012
//!  kill while INACTIVE, paced    KILLED    DEDICATED  RollingBack  KILL_REQUESTED; PMON rolls back, the
//!    rollback                                                      killer waits up to the kill wait
//!    PMON done                   KILLED    PSEUDO     Idle         + KILL_PENDING_NOTIFY (as above)
//!  kill while ACTIVE             KILLED    DEDICATED  Executing    KILL_REQUESTED (+ interrupt bit)
//!    next safe point             (gone)                            ENDED  -> the call: ORA-00028
//!    ... with a paced rollback   KILLED    DEDICATED  RollingBack  + OWNER_NOTIFIED; the call rolls back,
//!                                                                  then (gone), ENDED -> ORA-00028
//!  kill while uninterruptible    KILLED    DEDICATED  NetworkIo |  KILL_REQUESTED; killer waits up to
//!                                                     RollingBack  the kill wait, then ORA-00031
//!    phase ends                  (gone)                            ENDED  -> the call: ORA-00028
//!  logoff                        (gone)                            ENDED, OWNER_NOTIFIED
//!    ... with a paced rollback   KILLED    DEDICATED  RollingBack  ENDED, OWNER_NOTIFIED; PMON rolls
//!                                                                  back, then (gone)
//! ```
//!
//! A second kill of a session already marked answers ORA-00031 at once. Where a release takes
//! engine time (a rollback rate, `storage::rollback`), it runs on the session's own call if it
//! is in one ([`cell::SessionState::call_thread`]), otherwise PMON runs it
//! ([`call::Released::Deferred`]) and calls [`call::released`] at the end.
//!
//! Application Continuity ([`replay`]) sits beside the kill protocol: a client whose session
//! a kill or disconnect ended is brought back on a new session (FAILED_OVER), its open
//! transaction replayed, unless the kill said NOREPLAY or the service has no replay.
//!
//! CONCURRENCY
//! -----------
//! A session is an `Arc<SessionCell>`: fixed identity, state behind a mutex, a condition
//! variable, an atomic interrupt word. Lock order: registry, then one session's state, then the
//! lock table; nobody holds a session's state while waiting on another session. Every wait parks
//! on the waiting session's own condition variable ([`cell::SessionCell::park`]); killers, lock
//! releases and the virtual clock wake it.

pub mod call;
pub mod cell;
pub mod crdb_id;
pub mod kill;
pub mod registry;
pub mod replay;
pub mod services;
pub mod state;
pub mod users;

pub use call::{begin_call, check, end_call};
pub use cell::{ClientInfo, Identity, KillListener, SessionCell};
pub use kill::{KillOptions, SessionId};
pub use registry::Registry;
pub use services::Services;
pub use state::{Phase, Server, SessionFlags, SessionType, Status};
pub use users::{SysPriv, Users};
