//! The library facade: [`Engine`] owns a database, [`Engine::connect`] logs a session on, and
//! [`Session::execute`] runs one call. Both handles are cheap to clone and safe to share across
//! threads; a session's calls are meant to come from one thread at a time, as a client's do.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use parking_lot::Mutex;

use crate::db::{Config, Database};
use crate::error::{INVALID_LOGON, OraError};
use crate::exec::{self, Ctx, Outcome};
use crate::ora;
use crate::plsql::OutputBuffer;
use crate::plsql::host::HostBinds;
use crate::session::replay::{
    self, CallRecord, Failure, Prepared, RecordedCall, ReplayContext, Replayer,
};
use crate::session::services::ReplayPolicy;
use crate::session::{ClientInfo, Identity, SessionCell, SessionFlags, SessionType, call};
use crate::sql;
use crate::sql::ast::Statement;
use crate::value::Value;

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
        let cell = logon(&self.db, opts)?;
        Ok(Session {
            inner: Arc::new(SessionInner {
                db: self.db.clone(),
                opts: opts.clone(),
                cell: Mutex::new(cell),
                output: Mutex::new(OutputBuffer::default()),
                replay: Mutex::new(ReplayContext::default()),
            }),
        })
    }
}

fn logon(db: &Database, opts: &ConnectOptions) -> Result<Arc<SessionCell>, OraError> {
    let name = normalise_user(&opts.user);
    if name.is_empty() {
        return Err(ora!(INVALID_LOGON));
    }
    let service = db.services.for_logon(opts.service.as_deref())?;
    let user = db.users.authenticate(&name, &opts.password)?;
    Ok(db.sessions.logon(Identity {
        user_id: user.id,
        username: Some(user.name.clone()),
        service: Arc::from(service.as_str()),
        client: db.sessions.intern_client(&opts.client),
        kind: SessionType::User,
        pname: None,
    }))
}

/// The dictionary name of a logon user name: upper case unless quoted, as in SQL*Plus.
pub(crate) fn normalise_user(user: &str) -> String {
    let u = user.trim();
    match u.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        Some(quoted) => quoted.to_string(),
        None => u.to_uppercase(),
    }
}

/// A logged-on session. Dropping the last handle logs it off (rolling back).
///
/// The handle is also the client side of Application Continuity (`session::replay`): on a
/// replay-enabled service it records the calls of the open transaction, and when the session
/// is killed or disconnected it logs on a new one, replays them and re-runs the interrupted
/// call, so the caller sees no error. [`Session::sid`] and [`Session::cell`] then name the
/// new session.
#[derive(Clone)]
pub struct Session {
    inner: Arc<SessionInner>,
}

struct SessionInner {
    db: Arc<Database>,
    /// How the session logged on, for a failover's new logon.
    opts: ConnectOptions,
    /// The session serving this client now (replaced by a failover).
    cell: Mutex<Arc<SessionCell>>,
    output: Mutex<OutputBuffer>,
    replay: Mutex<ReplayContext>,
}

/// How many times one call fails over before the client gets the error (Oracle retries a
/// replay up to three times per incident).
const MAX_FAILOVERS: usize = 3;

/// V$SESSION.COMMAND of ALTER SYSTEM.
const ALTER_SYSTEM_COMMAND: u32 = 49;

impl Session {
    /// SID.
    pub fn sid(&self) -> u32 {
        self.cell().sid
    }

    /// SERIAL#.
    pub fn serial(&self) -> u32 {
        self.cell().serial
    }

    /// The user name.
    pub fn username(&self) -> String {
        self.cell().username().to_string()
    }

    /// The session's cell (state as V$SESSION reads it): the current one, after a failover
    /// the new session's.
    pub fn cell(&self) -> Arc<SessionCell> {
        self.inner.cell.lock().clone()
    }

    /// Runs one call: a SQL statement or PL/SQL block, without the SQL*Plus terminator. On a
    /// replay-enabled service a kill or disconnect of the session is recovered here (see the
    /// type's doc); otherwise its error is returned.
    pub fn execute(&self, sql_text: &str) -> Result<Outcome, OraError> {
        self.execute_with(sql_text, None)
    }

    /// [`Session::execute`] with host bind variables (`:name`, see `plsql::host`): read by
    /// any statement, assigned by a PL/SQL block.
    pub fn execute_binds(
        &self,
        sql_text: &str,
        binds: &mut HostBinds,
    ) -> Result<Outcome, OraError> {
        self.execute_with(sql_text, Some(binds))
    }

    fn execute_with(
        &self,
        sql_text: &str,
        mut binds: Option<&mut HostBinds>,
    ) -> Result<Outcome, OraError> {
        let mut failovers = 0;
        // The parsed call, kept for its re-run after a failover.
        let mut prepared = None;
        loop {
            let cell = self.cell();
            let commits_before = cell.commit_number();
            let started = cell.clock().now();
            let mut output = std::mem::take(&mut *self.inner.output.lock());
            // DBMS_OUTPUT of a call that is re-run after a failover must not show twice.
            let before = output.clone();
            let (result, stmt) =
                self.call(&cell, sql_text, prepared.take(), &mut output, binds.as_deref_mut());
            let failure = match result {
                Err(e) if e.replayable() && failovers < MAX_FAILOVERS => e,
                result => {
                    *self.inner.output.lock() = output;
                    self.record(&cell, sql_text, stmt, started, &result);
                    return result;
                }
            };
            prepared = stmt;
            let policy = self.policy(&cell);
            let mut context = self.inner.replay.lock();
            let f = Failure {
                old: &cell,
                error: &failure,
                policy,
                commits_before,
                call_started: started,
            };
            match replay::fail_over(&context, f, self) {
                Ok(new) => {
                    cell.hand_over_kill_listeners(&new);
                    *self.inner.cell.lock() = new;
                    *self.inner.output.lock() = before;
                    failovers += 1;
                }
                Err(_) => {
                    *self.inner.output.lock() = output;
                    context.clear();
                    return Err(failure);
                }
            }
        }
    }

    /// One call on `cell`: begin, parse (unless `prepared` is the parsed text already) and run,
    /// end (which turns a kill that arrived meanwhile into the call's error). Returns the
    /// parsed statement too, which the replay context keeps so a replay need not parse again.
    fn call(
        &self,
        cell: &Arc<SessionCell>,
        sql_text: &str,
        prepared: Option<Arc<Statement>>,
        output: &mut OutputBuffer,
        binds: Option<&mut HostBinds>,
    ) -> (Result<Outcome, OraError>, Option<Arc<Statement>>) {
        let db = &*self.inner.db;
        let id = sql_id(sql_text);
        if let Err(e) = call::begin_call(cell, &db.sessions, 0, Some(id.clone())) {
            return (Err(e), prepared);
        }
        let text: Arc<str> = Arc::from(sql_text.trim());
        cell.lock().call.text = Some(text.clone());
        let parsed = prepared.map_or_else(|| sql::parse(sql_text).map(Arc::new), Ok);
        let (result, stmt) = match parsed {
            Ok(stmt) => {
                let command = exec::command_number(&stmt);
                let schema = {
                    let mut st = cell.lock();
                    st.call.command = command;
                    st.schema.clone()
                };
                db.library.note(&id, &text, command, &schema, db.clock.now());
                (run(db, cell, sql_text, &stmt, output, binds), Some(stmt))
            }
            Err(e) => (Err(e), None),
        };
        let release = |c: &Arc<SessionCell>| db.release(c);
        (call::end_call(cell, &db.sessions, &release, result), stmt)
    }

    /// Adds a completed call to the replay context. On a service without replay nothing is
    /// fingerprinted, but a call inside a transaction still marks the request unreplayable:
    /// should the service turn replay on before the transaction ends, a replay of only its
    /// later calls would be wrong.
    fn record(
        &self,
        cell: &Arc<SessionCell>,
        sql_text: &str,
        stmt: Option<Arc<Statement>>,
        started: std::time::Duration,
        result: &Result<Outcome, OraError>,
    ) {
        let replays = self.policy(cell).is_some();
        let (in_transaction, side_effect) = {
            let st = cell.lock();
            // ALTER SYSTEM changes the instance, not the request's data: never repeat it.
            let alter_system = st.call.command == ALTER_SYSTEM_COMMAND;
            (st.flags.contains(SessionFlags::IN_TRANSACTION), alter_system || !replays)
        };
        let result = if replays { fingerprint(result) } else { 0 };
        let prepared = stmt.map(|s| s as Prepared);
        let call =
            CallRecord { text: sql_text, result, prepared, started, in_transaction, side_effect };
        self.inner.replay.lock().record(call);
    }

    /// True if a kill or disconnect of the current session will be recovered by replay at
    /// the next call: its service has Application Continuity and the kill did not say
    /// NOREPLAY. (Whether the replay then succeeds is decided at that call.)
    pub fn replays_kill(&self) -> bool {
        replays_kill(&self.inner.db, &self.cell())
    }

    fn policy(&self, cell: &SessionCell) -> Option<ReplayPolicy> {
        self.inner.db.services.replay_policy_of(&cell.identity.service)
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
        self.inner.logoff(&self.cell());
    }
}

/// The client side of a replay: a new logon with the same options, recorded calls run with
/// their DBMS_OUTPUT discarded (the client saw it the first time).
impl Replayer for Session {
    fn logon(&self) -> Result<Arc<SessionCell>, OraError> {
        logon(&self.inner.db, &self.inner.opts)
    }

    fn run(&self, cell: &Arc<SessionCell>, call: &RecordedCall) -> u64 {
        let mut output = OutputBuffer::default();
        output.enable(None);
        let prepared = call.prepared.clone().and_then(|p| p.downcast::<Statement>().ok());
        fingerprint(&self.call(cell, &call.text, prepared, &mut output, None).0)
    }

    fn abandon(&self, cell: &Arc<SessionCell>) {
        self.inner.logoff(cell);
    }
}

fn run(
    db: &Database,
    cell: &Arc<SessionCell>,
    sql_text: &str,
    stmt: &Statement,
    output: &mut OutputBuffer,
    binds: Option<&mut HostBinds>,
) -> Result<Outcome, OraError> {
    let mut ctx = Ctx { db, me: cell, output, text: sql_text };
    match (stmt, binds) {
        (Statement::Block(b), Some(binds)) => crate::plsql::run_block_with(&mut ctx, b, binds)
            .map(|_| Outcome::Done(exec::Done::PlsqlCompleted)),
        (_, Some(binds)) => crate::plsql::host::run_sql(&mut ctx, stmt, binds),
        (_, None) => exec::execute(&mut ctx, stmt),
    }
}

/// A fingerprint of what a call returned — column names and types, rows, row counts, error
/// numbers — so a replay can tell whether it saw the same results.
fn fingerprint(result: &Result<Outcome, OraError>) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    match result {
        Ok(Outcome::Rows(rs)) => {
            for c in &rs.columns {
                c.name.hash(&mut h);
                format!("{:?}", c.ty).hash(&mut h);
            }
            for row in &rs.rows {
                row.len().hash(&mut h);
                row.iter().for_each(|v| hash_value(v, &mut h));
            }
        }
        Ok(Outcome::Affected { verb, count }) => (verb.participle(), count).hash(&mut h),
        Ok(Outcome::Done(done)) => format!("{done:?}").hash(&mut h),
        Err(e) => e.sqlcode().hash(&mut h),
    }
    h.finish()
}

fn hash_value(v: &Value, h: &mut impl Hasher) {
    std::mem::discriminant(v).hash(h);
    match v {
        Value::Null => {}
        Value::Number(d) => d.normalize().hash(h),
        Value::Text(t) => t.hash(h),
        Value::Date(t) | Value::Timestamp(t) => t.hash(h),
        Value::Bool(b) => b.hash(h),
    }
}

impl SessionInner {
    fn logoff(&self, cell: &Arc<SessionCell>) {
        let db = &*self.db;
        let release = |c: &Arc<SessionCell>| db.release(c);
        call::logoff(cell, &db.sessions, &release);
    }
}

impl Drop for SessionInner {
    fn drop(&mut self) {
        let cell = self.cell.lock().clone();
        self.logoff(&cell);
    }
}

/// [`Session::replays_kill`] for a session known by its cell (the wire server's kill
/// listener has no `Session` handle).
pub(crate) fn replays_kill(db: &Database, cell: &SessionCell) -> bool {
    db.services.replay_policy_of(&cell.identity.service).is_some()
        && !cell.lock().flags.contains(SessionFlags::NOREPLAY)
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
