//! The library facade: [`Engine`] owns a database, [`Engine::connect`] logs a session on, and
//! [`Session::execute`] runs one call. Both handles are cheap to clone and safe to share across
//! threads; a session's calls are meant to come from one thread at a time, as a client's do.

use std::sync::Arc;

use parking_lot::Mutex;

use crate::db::{Config, Database};
use crate::error::{INVALID_LOGON, OraError};
use crate::exec::{self, Ctx, Outcome};
use crate::ora;
use crate::plsql::OutputBuffer;
use crate::session::{ClientInfo, Identity, SessionCell, SessionType, call};
use crate::sql;

/// An engine: one database instance.
#[derive(Clone)]
pub struct Engine {
    db: Arc<Database>,
}

/// How to log on.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// User name (case-insensitive unless quoted, as in SQL*Plus).
    pub user: String,
    /// Password (case-sensitive).
    pub password: String,
    /// Service name; None means the instance's default service.
    pub service: Option<String>,
    /// Client facts shown in V$SESSION.
    pub client: ClientInfo,
}

impl ConnectOptions {
    /// `user/password` with default client facts.
    pub fn new(user: &str, password: &str) -> ConnectOptions {
        ConnectOptions {
            user: user.into(),
            password: password.into(),
            service: None,
            client: ClientInfo::default(),
        }
    }
}

impl Engine {
    /// Starts an engine.
    pub fn new(config: Config) -> Engine {
        let db = Arc::new(Database::new(config));
        crate::jobs::Jobs::start(&db, exec::jobs::fire_schedule);
        Engine { db }
    }

    /// The shared database (clock, registry, users).
    pub fn db(&self) -> &Arc<Database> {
        &self.db
    }

    /// Logs a session on: ORA-01017 for a bad user or password, ORA-01045 without CREATE
    /// SESSION.
    pub fn connect(&self, opts: &ConnectOptions) -> Result<Session, OraError> {
        let name = normalise_user(&opts.user);
        if name.is_empty() {
            return Err(ora!(INVALID_LOGON));
        }
        let service = self.db.services.for_logon(opts.service.as_deref())?;
        let user = self.db.users.authenticate(&name, &opts.password)?;
        let cell = self.db.sessions.logon(Identity {
            user_id: user.id,
            username: Some(user.name.clone()),
            service: Arc::from(service.as_str()),
            client: Arc::new(opts.client.clone()),
            kind: SessionType::User,
            pname: None,
        });
        Ok(Session {
            inner: Arc::new(SessionInner {
                db: self.db.clone(),
                cell,
                output: Mutex::new(OutputBuffer::default()),
            }),
        })
    }
}

fn normalise_user(user: &str) -> String {
    let u = user.trim();
    match u.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        Some(quoted) => quoted.to_string(),
        None => u.to_uppercase(),
    }
}

/// A logged-on session. Dropping the last handle logs it off (rolling back).
#[derive(Clone)]
pub struct Session {
    inner: Arc<SessionInner>,
}

struct SessionInner {
    db: Arc<Database>,
    cell: Arc<SessionCell>,
    output: Mutex<OutputBuffer>,
}

impl Session {
    /// SID.
    pub fn sid(&self) -> u32 {
        self.inner.cell.sid
    }

    /// SERIAL#.
    pub fn serial(&self) -> u32 {
        self.inner.cell.serial
    }

    /// The user name.
    pub fn username(&self) -> &str {
        self.inner.cell.username()
    }

    /// The session's cell (state as V$SESSION reads it).
    pub fn cell(&self) -> &Arc<SessionCell> {
        &self.inner.cell
    }

    /// Runs one call: a SQL statement or PL/SQL block, without the SQL*Plus terminator.
    pub fn execute(&self, sql_text: &str) -> Result<Outcome, OraError> {
        let inner = &*self.inner;
        let db = &*inner.db;
        call::begin_call(&inner.cell, &db.sessions, 0, Some(sql_id(sql_text)))?;
        inner.cell.lock().call.text = Some(Arc::from(sql_text.trim()));
        let result = self.run(sql_text);
        let release = |c: &Arc<SessionCell>| db.release(c);
        call::end_call(&inner.cell, &db.sessions, &release, result)
    }

    fn run(&self, sql_text: &str) -> Result<Outcome, OraError> {
        let inner = &*self.inner;
        let stmt = sql::parse(sql_text)?;
        inner.cell.lock().call.command = exec::command_number(&stmt);
        // The buffer is moved out for the call so no lock is held while it runs.
        let mut output = std::mem::take(&mut *inner.output.lock());
        let mut ctx = Ctx { db: &inner.db, me: &inner.cell, output: &mut output, text: sql_text };
        let result = exec::execute(&mut ctx, &stmt);
        *inner.output.lock() = output;
        result
    }

    /// Takes the DBMS_OUTPUT lines produced since the last take (as SQL*Plus's GET_LINES after
    /// each call when SERVEROUTPUT is ON).
    pub fn take_output(&self) -> Vec<String> {
        self.inner.output.lock().take()
    }

    /// SET SERVEROUTPUT ON | OFF: enables DBMS_OUTPUT with an unlimited buffer (as SQL*Plus's
    /// `DBMS_OUTPUT.ENABLE(NULL)`) or disables it. Enabling an enabled buffer keeps its lines.
    pub fn set_serveroutput(&self, on: bool) {
        let mut out = self.inner.output.lock();
        match (on, out.enabled) {
            (true, false) => out.enable(None),
            (false, true) => out.disable(),
            _ => {}
        }
    }

    /// Logs off: rolls back what is uncommitted and leaves V$SESSION. Later calls get
    /// ORA-01012.
    pub fn disconnect(&self) {
        let db = &*self.inner.db;
        let release = |c: &Arc<SessionCell>| db.release(c);
        call::logoff(&self.inner.cell, &db.sessions, &release);
    }
}

impl Drop for SessionInner {
    fn drop(&mut self) {
        let db = &*self.db;
        let release = |c: &Arc<SessionCell>| db.release(c);
        call::logoff(&self.cell, &db.sessions, &release);
    }
}

/// A 13-character SQL_ID for a statement text (Oracle derives its SQL_ID from an MD5 of the
/// text; we hash with FNV-1a, which is enough to tell statements apart and is repeatable).
pub fn sql_id(text: &str) -> Arc<str> {
    const ALPHABET: &[u8; 32] = b"0123456789abcdfghjkmnpqrstuvwxyz";
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.trim().bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let mut out = [0u8; 13];
    for slot in out.iter_mut().rev() {
        *slot = ALPHABET[(h & 31) as usize];
        h >>= 5;
    }
    Arc::from(std::str::from_utf8(&out).expect("alphabet is ASCII"))
}
