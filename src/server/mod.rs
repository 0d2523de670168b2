//! `vsession serve`: the PostgreSQL wire-protocol front end. psql and any PostgreSQL driver
//! connect; each connection is one engine session.
//!
//! DATA FLOW
//! ---------
//! ```text
//!  TCP socket --(pgwire codec: frontend messages)--> connection task (tokio, conn.rs)
//!     startup: SCRAM-SHA-256 (scram.rs) or cleartext password -> Engine::connect
//!         (ORA-01017 / ORA-00018 as FATAL)
//!     Query / Parse+Bind+Execute --> split / bind substitution --> Session::execute(sql)
//!         inline on the tokio worker thread, with the engine's GiveWay hooks set, then
//!         Session::take_output()
//!     <-- NoticeResponse per DBMS_OUTPUT line, RowDescription, DataRow..., CommandComplete
//!         or ErrorResponse `ORA-nnnnn: text`, ReadyForQuery
//!  kill listener (SessionCell::on_kill, run by the killer): if the kill was IMMEDIATE and
//!     the connection is idle, writes FATAL ORA-03113 and shuts the socket itself (conn.rs
//!     `Line`); then tokio Notify --> the connection task wakes and logs the session off
//! ```
//! An idle connection costs one tokio task, its socket buffers and its session: no thread.
//! Calls run inline on the worker thread that read the request (a hand-off to another
//! thread costs more than a typical call). A call that waits (lock wait, sleep, kill wait)
//! first moves the worker's other tasks to a new thread (`block_in_place`, through
//! `clock::GiveWay`), so it holds one thread and blocks only its own session; a PL/SQL loop
//! that spins for long (`SessionCell::spin`) and a statement every 262,144 rows
//! (`exec::run::tick`) do the same, so endless loops cannot hold every worker.
//!
//! SESSIONS
//! --------
//! PROGRAM is the `application_name` startup parameter (`pgwire client` if absent), MACHINE
//! the peer IP, PORT the peer port, OSUSER the `osuser` startup parameter or else the user
//! name sent, TERMINAL `unknown`, PROCESS the peer port. The service is the default one unless
//! `options=-c service=NAME` is given. A connection closed without logoff (Terminate, EOF, a
//! broken socket) logs the session off: its transaction rolls back and its locks are released.
//! A client that disappears in the middle of a call is noticed when that call returns.
//!
//! TRANSACTIONS
//! ------------
//! Oracle semantics: a transaction starts with the first change and ends with COMMIT or
//! ROLLBACK, which go to the engine. `BEGIN`, `BEGIN TRANSACTION|WORK|ISOLATION ..` and `START
//! TRANSACTION ..` are accepted and do nothing (tag `BEGIN`); `END` is COMMIT and `ABORT` is
//! ROLLBACK; PostgreSQL `SET name ...` (drivers send `SET extra_float_digits`, ...) is accepted
//! and ignored (tag `SET`), except Oracle's SET TRANSACTION / SET ROLE / SET CONSTRAINTS and
//! SET SERVEROUTPUT (below).
//! With `options=-c autocommit=on` the server sends COMMIT after each successful statement
//! that is not a query.
//!
//! DBMS_OUTPUT
//! -----------
//! As in SQL*Plus, DBMS_OUTPUT is off until enabled: `SET SERVEROUTPUT ON | OFF` sent as a
//! statement (handled by the server as SQL*Plus does, `Session::set_serveroutput`), the
//! startup option `options=-c serveroutput=on`, or the client's own `DBMS_OUTPUT.ENABLE`.
//! The lines a call produced are sent as NoticeResponses (severity NOTICE, SQLSTATE 00000)
//! before the call's result; psql prints them as `NOTICE:  line`. ReadyForQuery reports `T` while the engine says a transaction is open.
//!
//! STATEMENTS
//! ----------
//! A Query message may hold several statements separated by `;` (see `split.rs` for PL/SQL
//! blocks, which are never split inside); the first error ends the message, as in PostgreSQL.
//! A statement, and a whole Query or Parse message, longer than
//! [`ServerConfig::max_statement_bytes`] (1 MiB by default) is refused with ORA-03001. The extended protocol (Parse/Bind/Describe/Execute/Sync/Close)
//! takes one statement per Parse with `$n` or `:name` markers, bound by literal substitution
//! (see `binds.rs`). Parameter types are those the client gave in Parse, else `text`. Describe
//! of a statement finds its columns by running `SELECT * FROM (<query>) WHERE 1 = 0` with
//! NULL binds; Describe of a portal runs the portal and keeps its rows for Execute.
//! Execute's row limit is honoured (PortalSuspended).
//!
//! psql splits its input at every `;`, so it sends `BEGIN NULL; END;` typed on two lines as
//! two Query messages. For a client whose `application_name` is `psql`, a Query message that
//! ends inside a PL/SQL unit is therefore kept (answered with an empty response) and joined
//! with the following messages until the unit is complete; a `/` line also ends it. Other
//! clients must send a whole block in one message.
//!
//! ERRORS
//! ------
//! Every engine error travels as an ErrorResponse whose message is the full `ORA-nnnnn: text`
//! (stack lines included) and whose SQLSTATE is:
//! ```text
//!  ORA-00028 session killed, ORA-03113, ORA-03135     57P01  admin_shutdown
//!  ORA-01013 user requested cancel                    57014  query_canceled
//!  ORA-01017 invalid username/password                28P01  invalid_password
//!  ORA-01045 lacks CREATE SESSION                     28000  invalid_authorization
//!  ORA-00018 maximum number of sessions exceeded      53300  too_many_connections
//!  ORA-00942 table or view does not exist             42P01  undefined_table
//!  ORA-00904 invalid identifier                       42703  undefined_column
//!  ORA-009xx, ORA-01756, ORA-06550, PLS-, SP2-        42601  syntax_error
//!  ORA-00060 deadlock                                 40P01  deadlock_detected
//!  ORA-00001 unique constraint violated               23505  unique_violation
//!  ORA-00054, ORA-30006 resource busy                 55P03  lock_not_available
//!  ORA-01012 not logged on, ORA-03114                 08003  connection_does_not_exist
//!  ORA-12514 unknown or stopped service (logon)       08001  sqlclient_unable_to_establish_sqlconnection
//!  ORA-01031 insufficient privileges                  42501  insufficient_privilege
//!  ORA-01403 no data found / ORA-01422 too many rows  P0002 / P0003
//!  ORA-01476 divisor is zero                          22012  division_by_zero
//!  ORA-01722 invalid number                           22P02  invalid_text_representation
//!  ORA-03001 unimplemented feature                    0A000  feature_not_supported
//!  anything else                                      XX000  internal_error
//! ```
//!
//! KILLS AND CANCELS
//! -----------------
//! - Killed while idle (KILL SESSION without IMMEDIATE): the next statement gets ORA-00028 as
//!   an ordinary ERROR and the connection stays open, so the statement after gets ORA-01012
//!   (`not logged on`), as the Oracle client shows it. (PostgreSQL would send FATAL and close;
//!   we keep Oracle's two-step story.)
//! - Killed while its statement runs: that statement fails at once with ORA-00028.
//! - `KILL SESSION ... IMMEDIATE` (and DISCONNECT SESSION ... IMMEDIATE): the connection is
//!   closed at once, even if idle: the server sends a FATAL ErrorResponse `ORA-03113:
//!   end-of-file on communication channel` (SQLSTATE 57P01) and closes the socket; the
//!   session leaves V$SESSION. The idle connection learns of the kill through a listener the
//!   kill protocol runs (`SessionCell::on_kill`), not by polling. The listener, on the
//!   killer's thread, writes the FATAL and shuts the socket itself when the connection task
//!   is waiting for the client (a second handle on the socket, so each connection holds two
//!   file descriptors), so the client learns of the kill without waiting for that task to be
//!   scheduled; the task then logs the session off, a moment after the client saw the FATAL.
//! - Application Continuity: on a service with FAILOVER_TYPE TRANSACTION or AUTO, a kill or
//!   disconnect without NOREPLAY (IMMEDIATE included) leaves the connection open, and the
//!   next statement is answered after the `Session` handle replayed the open transaction on a
//!   new session (`session::replay`). The kill listener and the connection's cancel key
//!   (still the old pid and secret) move to the new session.
//! - A CancelRequest (psql's Ctrl-C) carries BackendKeyData: pid = the SID, secret = a random
//!   32-bit key drawn at logon (std's randomly seeded SipHash of SID, SERIAL# and the time).
//!   A matching request is `ALTER SYSTEM CANCEL SQL` on that session: the running call fails
//!   with ORA-01013, the session lives.
//! - While a result is written to a socket that does not accept it at once (a slow reader),
//!   the session is ACTIVE in the uninterruptible `NetworkIo` phase, so a kill waits for the
//!   write as the kill protocol says (ORA-00031 after the kill wait). A non-IMMEDIATE kill that
//!   completes at the end of the write is told to the client by its next statement
//!   (ORA-00028).
//!
//! AUTHENTICATION
//! --------------
//! [`Auth::Scram`] (the default, `vsession serve --auth scram`): SCRAM-SHA-256 as PostgreSQL
//! 14+ does it (AuthenticationSASL offering `SCRAM-SHA-256`, 4096 iterations, SASLprep), so
//! the password never crosses the wire and the client checks the server knew it too. No
//! channel binding (no TLS): a client that requires it (`channel_binding=require`) refuses
//! to go on. The verifier of each user is derived from the engine's password on the user's
//! first logon and kept (re-derived when the password changes); an unknown user runs the
//! same exchange against a mock verifier and fails like a wrong password.
//! [`Auth::Cleartext`] (`--auth cleartext`): AuthenticationCleartextPassword, for clients
//! without SCRAM; keep it to loopback or behind TLS termination.
//! A wrong password or unknown user is FATAL `ORA-01017: invalid username/password; logon
//! denied` (SQLSTATE 28P01); a user without CREATE SESSION gets ORA-01045 (28000); a SCRAM
//! message that does not parse is FATAL 08P01 (protocol_violation).
//! SCRAM is built here on the small RustCrypto crates (sha2, hmac) rather than pgwire's
//! SCRAM, which comes only with its TLS feature set (rustls and ring or aws-lc: a C build).

mod binds;
mod conn;
mod encode;
pub(crate) mod lex;
mod scram;
mod split;
mod sqlstate;

pub use sqlstate::sqlstate;

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

use parking_lot::Mutex;
use tokio::net::TcpListener;

use crate::facade::Engine;
use crate::session::SessionCell;

/// The port `vsession serve` listens on by default (Oracle's 1521 times ten: no root needed).
pub const DEFAULT_PORT: u16 = 15210;

/// How a client proves its password at startup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Auth {
    /// SCRAM-SHA-256 (PostgreSQL's default since 14): the password never crosses the wire.
    #[default]
    Scram,
    /// The password in clear (AuthenticationCleartextPassword), for clients without SCRAM.
    Cleartext,
}

/// Server settings.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Address to listen on (default `127.0.0.1:15210`).
    pub listen: SocketAddr,
    /// Most wire sessions at once (Oracle's SESSIONS); beyond it logon fails with ORA-00018.
    pub max_sessions: usize,
    /// Longest statement text accepted, in bytes (default 1 MiB).
    pub max_statement_bytes: usize,
    /// Time a new connection has to complete startup and authentication.
    pub startup_timeout: Duration,
    /// Password exchange offered to clients (SCRAM-SHA-256 by default).
    pub auth: Auth,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], DEFAULT_PORT)),
            max_sessions: 1024,
            max_statement_bytes: 1 << 20,
            startup_timeout: Duration::from_secs(60),
            auth: Auth::Scram,
        }
    }
}

/// What a CancelRequest must match, per SID.
struct CancelKey {
    secret: i32,
    cell: Weak<SessionCell>,
}

/// State shared by all connections.
pub(crate) struct Shared {
    engine: Engine,
    config: ServerConfig,
    sessions: AtomicUsize,
    cancel_keys: Mutex<HashMap<u32, CancelKey>>,
    /// SCRAM verifiers derived so far, per user, with a digest of the password they were
    /// derived from (a changed password derives a new one).
    verifiers: Mutex<HashMap<String, ([u8; 32], scram::Verifier)>>,
    /// Key of the mock salts given to unknown users.
    mock_secret: [u8; 32],
}

impl Shared {
    /// Reserves a session slot, released when the returned guard drops; None if the maximum
    /// is reached.
    fn reserve(self: &Arc<Self>) -> Option<Reservation> {
        let max = self.config.max_sessions;
        self.sessions
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| (n < max).then_some(n + 1))
            .ok()
            .map(|_| Reservation(self.clone()))
    }

    /// The SCRAM verifier of a user's current password (derived on first use, then kept), or
    /// a mock one with a stable salt for an unknown user.
    fn verifier(&self, user: &str) -> scram::Verifier {
        use sha2::Digest;
        let name = crate::facade::normalise_user(user);
        let Some(password) = self.engine.db().users.password(&name) else {
            return scram::Verifier::mock(scram::mock_salt(&self.mock_secret, &name));
        };
        let digest: [u8; 32] = sha2::Sha256::digest(password.as_bytes()).into();
        if let Some((d, v)) = self.verifiers.lock().get(&name)
            && *d == digest
        {
            return v.clone();
        }
        let verifier = scram::Verifier::new(&password, scram::random());
        self.verifiers.lock().insert(name, (digest, verifier.clone()));
        verifier
    }

    /// Draws and records the cancel secret of a new session.
    fn register_cancel(&self, cell: &Arc<SessionCell>) -> i32 {
        let secret = std::collections::hash_map::RandomState::new().hash_one((
            cell.sid,
            cell.serial,
            std::time::SystemTime::now(),
        )) as i32;
        let key = CancelKey { secret, cell: Arc::downgrade(cell) };
        self.cancel_keys.lock().insert(cell.sid, key);
        secret
    }

    /// Moves the cancel key registered for `old` to `new`, the session that replaced it
    /// through Application Continuity (the client keeps the pid and secret it was given).
    fn retarget_cancel(&self, old: &Arc<SessionCell>, new: &Arc<SessionCell>) {
        let mut keys = self.cancel_keys.lock();
        if let Some(key) = keys.get_mut(&old.sid).filter(|k| k.cell.as_ptr() == Arc::as_ptr(old)) {
            key.cell = Arc::downgrade(new);
        }
    }

    fn unregister_cancel(&self, cell: &Arc<SessionCell>) {
        let mut keys = self.cancel_keys.lock();
        let mine = |k: &CancelKey| k.cell.as_ptr() == Arc::as_ptr(cell);
        if keys.get(&cell.sid).is_some_and(mine) {
            keys.remove(&cell.sid);
        } else {
            // A key moved by a failover stays under the SID the client was given.
            keys.retain(|_, k| !mine(k));
        }
    }

    /// A CancelRequest: cancels the current call of the session it names, if the secret
    /// matches (otherwise nothing happens, as in PostgreSQL).
    fn cancel(&self, pid: i32, secret: i32) {
        let Ok(sid) = u32::try_from(pid) else { return };
        let cell = {
            let keys = self.cancel_keys.lock();
            keys.get(&sid).filter(|k| k.secret == secret).and_then(|k| k.cell.upgrade())
        };
        if let Some(cell) = cell {
            let _ = crate::session::kill::cancel(&cell);
        }
    }
}

/// A session slot of the `--max-sessions` budget, held for the life of a connection's
/// session (however the connection ends).
pub(crate) struct Reservation(Arc<Shared>);

impl Drop for Reservation {
    fn drop(&mut self) {
        self.0.sessions.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A bound wire server; [`Server::run`] accepts connections.
pub struct Server {
    shared: Arc<Shared>,
    listener: TcpListener,
}

impl Server {
    /// Binds the listening socket (port 0 picks a free port; see [`Server::local_addr`]).
    pub async fn bind(engine: Engine, config: ServerConfig) -> io::Result<Server> {
        let listener = TcpListener::bind(config.listen).await?;
        let shared = Arc::new(Shared {
            engine,
            config,
            sessions: AtomicUsize::new(0),
            cancel_keys: Mutex::new(HashMap::new()),
            verifiers: Mutex::new(HashMap::new()),
            mock_secret: scram::random(),
        });
        Ok(Server { shared, listener })
    }

    /// The address actually listened on.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// The number of wire sessions logged on now.
    pub fn session_count(&self) -> usize {
        self.shared.sessions.load(Ordering::Acquire)
    }

    /// Accepts connections for ever, one tokio task each.
    pub async fn run(self) -> io::Result<()> {
        loop {
            match self.listener.accept().await {
                Ok((tcp, _)) => {
                    tokio::spawn(conn::serve(tcp, self.shared.clone()));
                }
                // Out of file descriptors and the like: wait a little and go on.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            }
        }
    }
}

/// Creates an account from `name/password[:role]` (as `--user` gives it): CREATE USER, then
/// GRANT CONNECT and the role, run as SYS.
pub fn add_user(engine: &Engine, spec: &str) -> Result<(), crate::error::OraError> {
    use crate::error::SP2_BAD_ARGUMENT;
    let bad = || crate::ora!(SP2_BAD_ARGUMENT, "account \"{spec}\" is not name/password[:role]");
    let (name, rest) = spec.trim().split_once('/').ok_or_else(bad)?;
    let (password, role) = match rest.rsplit_once(':') {
        Some((p, r)) => (p, Some(r)),
        None => (rest, None),
    };
    let ident =
        |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || "_$#".contains(c));
    if !ident(name)
        || password.is_empty()
        || password.contains('"')
        || role.is_some_and(|r| !ident(r))
    {
        return Err(bad());
    }
    let sys = engine.connect(&crate::facade::ConnectOptions::new(
        "SYS",
        crate::session::users::DEFAULT_PASSWORD,
    ))?;
    sys.execute(&format!("CREATE USER {name} IDENTIFIED BY \"{password}\""))?;
    sys.execute(&format!("GRANT CONNECT TO {name}"))?;
    if let Some(role) = role {
        sys.execute(&format!("GRANT {role} TO {name}"))?;
    }
    sys.disconnect();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facade::ConnectOptions;

    #[test]
    fn accounts_from_the_command_line() {
        let engine = Engine::new(crate::db::Config::default());
        add_user(&engine, "scott/tiger").unwrap();
        add_user(&engine, "dba1/Secret#1:DBA").unwrap();
        assert!(engine.connect(&ConnectOptions::new("scott", "tiger")).is_ok());
        let dba = engine.connect(&ConnectOptions::new("dba1", "Secret#1")).unwrap();
        assert!(dba.execute("select count(*) from v$session").is_ok());
        for bad in ["", "scott", "/x", "a b/c", "x/", "x/\"y", "x/y:", "x/y:r r"] {
            assert!(add_user(&engine, bad).is_err(), "{bad}");
        }
        assert!(add_user(&engine, "scott/again").is_err(), "an existing user");
    }
}
