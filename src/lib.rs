//! vsession: an Oracle-compatible session-control engine.
//!
//! THE LIFE OF A KILL
//! ------------------
//! 1. The DBA's session calls [`Session::execute`] with
//!    `ALTER SYSTEM KILL SESSION '9,1'`. [`session::call::begin_call`] marks it ACTIVE.
//! 2. `sql::parse` turns the text into [`sql::ast::Statement::AlterSystem`]; `exec::execute`
//!    sends it to `exec::admin`, which checks the ALTER SYSTEM privilege and parses the id
//!    text ([`session::SessionId::parse`], ORA-00026 if malformed).
//! 3. [`session::kill::find_target`] looks SID 9 up in the [`session::Registry`] and checks
//!    its SERIAL# (ORA-00030), that it is not the killer (ORA-00027) and not a background
//!    process (ORA-00029).
//! 4. [`session::kill::kill`] marks the target under its own lock. An INACTIVE target is rolled
//!    back and released at once by the killer and shows KILLED / PSEUDO; its owner's next call
//!    gets ORA-00028 from `begin_call`, and later calls ORA-01012. An ACTIVE target has its
//!    interrupt bit set and is woken; its next safe point ([`session::call::check`]) fails with
//!    ORA-00028, and [`session::call::end_call`] cleans up on its own thread and wakes the
//!    killer, who was parked in its kill wait.
//! 5. The killer's call returns `System altered.`, or ORA-00031 if the target stayed in an
//!    uninterruptible phase for the whole kill wait.
//! 6. If the victim's service has Application Continuity (FAILOVER_TYPE TRANSACTION or AUTO)
//!    and the kill did not say NOREPLAY, the victim's [`Session`] handle does not pass the
//!    ORA-00028 on: [`session::replay::fail_over`] logs a new session on, replays the calls of
//!    the open transaction and the handle re-runs the interrupted call on it.

#![warn(missing_docs)]
#![allow(clippy::module_inception)]

pub mod clock;
pub mod db;
pub mod error;
pub mod exec;
mod facade;
pub mod jobs;
pub mod library_cache;
pub mod plsql;
pub mod repl;
pub mod script;
pub mod server;
pub mod session;
pub mod sql;
pub mod storage;
pub mod value;
pub mod views;

pub use db::{Compatible, Config};
pub use error::OraError;
pub use exec::{Dml, Done, Outcome, ResultSet};
pub use facade::{ConnectOptions, Engine, Session};
