//! CockroachDB's `crdb_internal.{node,cluster}_sessions` and `{node,cluster}_queries`, read
//! live from the session registry like V$SESSION (this engine is one node, so the node and
//! cluster tables hold the same rows).
//!
//! Visibility (shared/reference/cockroach.md §2, §6): admin, VIEWACTIVITY and
//! VIEWACTIVITYREDACTED see every session; anybody else only their own (no error). With
//! VIEWACTIVITYREDACTED only, other users' statement texts have their constants replaced by `_`.
//! Sessions a kill has ended (KILLED, or gone) are not listed: CockroachDB has closed them.

use std::sync::{Arc, LazyLock};

use super::Producer;
use super::fields::{build, resolve};
use super::sessions::timestamp_at;
use crate::db::Database;
use crate::session::cell::{ClientInfo, SessionState};
use crate::session::crdb_id::NODE_ID;
use crate::session::{SessionCell, SessionFlags, SessionType, Status, SysPriv};
use crate::sql::cockroach::redact_constants;
use crate::value::Value;

/// The producer of `view`, if it is one of this module's.
pub fn producer(view: &str, columns: &[String]) -> Option<(Producer, bool)> {
    let table = view.strip_prefix("CRDB_INTERNAL.")?;
    let queries = match table {
        "NODE_SESSIONS" | "CLUSTER_SESSIONS" => false,
        "NODE_QUERIES" | "CLUSTER_QUERIES" => true,
        _ => return None,
    };
    let fields = resolve(view, columns, if queries { QUERY_FIELDS } else { SESSION_FIELDS });
    let produce: Producer = Box::new(move |db, me, scan| {
        let viewer = Viewer::of(db, me);
        let mut memo = Memo::default();
        let mut rows = Vec::new();
        db.sessions.for_each(|cell| {
            if !viewer.sees(cell) {
                return;
            }
            let st = cell.lock();
            if st.status == Status::Killed || st.flags.contains(SessionFlags::ENDED) {
                return;
            }
            if queries && st.status != Status::Active {
                return;
            }
            let mut row =
                SessionRow { db, cell, st: &st, redact: viewer.redacts(cell), memo: &mut memo };
            rows.push(build(&fields, scan.needed, |f| row.value(f)));
        });
        rows
    });
    Some((produce, false))
}

/// Who is looking, and what that lets them see.
struct Viewer<'a> {
    me: &'a SessionCell,
    /// Sees every session.
    all: bool,
    /// Sees other users' statements redacted.
    redacted: bool,
}

impl<'a> Viewer<'a> {
    fn of(db: &Database, me: &'a SessionCell) -> Viewer<'a> {
        let user = me.username();
        let admin = db.users.is_admin(user);
        let full = admin || db.users.has(user, SysPriv::VIEWACTIVITY);
        let redacted = !full && db.users.has(user, SysPriv::VIEWACTIVITYREDACTED);
        Viewer { me, all: full || redacted, redacted }
    }

    fn sees(&self, cell: &SessionCell) -> bool {
        self.all || (cell.identity.kind == SessionType::User && self.owns(cell))
    }

    fn owns(&self, cell: &SessionCell) -> bool {
        cell.identity.username == self.me.identity.username
    }

    fn redacts(&self, cell: &SessionCell) -> bool {
        self.redacted && !self.owns(cell)
    }
}

#[derive(Clone, Copy)]
enum F {
    NodeId,
    SessionId,
    UserName,
    ClientAddress,
    ApplicationName,
    ActiveQuery,
    LastActiveQuery,
    NumTxns,
    SessionStart,
    QueryStart,
    KvTxn,
    Zero,
    Status,
    Null,
    Sid,
    AuthMethod,
    QueryId,
    Fixed(&'static str),
}

const SESSION_FIELDS: &[(&str, F)] = &[
    ("NODE_ID", F::NodeId),
    ("SESSION_ID", F::SessionId),
    ("USER_NAME", F::UserName),
    ("CLIENT_ADDRESS", F::ClientAddress),
    ("APPLICATION_NAME", F::ApplicationName),
    ("ACTIVE_QUERIES", F::ActiveQuery),
    ("LAST_ACTIVE_QUERY", F::LastActiveQuery),
    ("NUM_TXNS_EXECUTED", F::NumTxns),
    ("SESSION_START", F::SessionStart),
    ("ACTIVE_QUERY_START", F::QueryStart),
    ("KV_TXN", F::KvTxn),
    ("ALLOC_BYTES", F::Zero),
    ("MAX_ALLOC_BYTES", F::Zero),
    ("STATUS", F::Status),
    ("SESSION_END", F::Null),
    ("PG_BACKEND_PID", F::Sid),
    ("TRACE_ID", F::Zero),
    ("GOROUTINE_ID", F::Sid),
    ("AUTHENTICATION_METHOD", F::AuthMethod),
];

const QUERY_FIELDS: &[(&str, F)] = &[
    ("QUERY_ID", F::QueryId),
    ("TXN_ID", F::KvTxn),
    ("NODE_ID", F::NodeId),
    ("SESSION_ID", F::SessionId),
    ("USER_NAME", F::UserName),
    ("START", F::QueryStart),
    ("QUERY", F::ActiveQuery),
    ("CLIENT_ADDRESS", F::ClientAddress),
    ("APPLICATION_NAME", F::ApplicationName),
    ("DISTRIBUTED", F::Fixed("false")),
    ("FULL_SCAN", F::Null),
    ("PHASE", F::Fixed("executing")),
    ("PLAN_GIST", F::Null),
    ("DATABASE", F::Fixed("defaultdb")),
];

/// Texts every row repeats (STATUS, AUTHENTICATION_METHOD), allocated once for all scans.
static WORDS: LazyLock<[Value; 3]> =
    LazyLock::new(|| [Value::text("ACTIVE"), Value::text("IDLE"), Value::text("password")]);

/// Values most sessions share (user, client program, address), built once per scan rather
/// than once per row: 10,000 sessions of one application cost one string each, not 10,000.
#[derive(Default)]
struct Memo {
    user: Option<(Arc<str>, Value)>,
    application: Option<(Arc<ClientInfo>, Value)>,
    address: Option<(Arc<ClientInfo>, Value)>,
}

/// One session's row being built.
struct SessionRow<'a> {
    db: &'a Database,
    cell: &'a SessionCell,
    st: &'a SessionState,
    redact: bool,
    memo: &'a mut Memo,
}

impl SessionRow<'_> {
    fn value(&mut self, f: F) -> Value {
        let (cell, st) = (self.cell, self.st);
        let active = st.status == Status::Active;
        match f {
            F::NodeId => Value::int(i64::from(NODE_ID)),
            F::SessionId => Value::Text(cell.crdb_id_text.clone()),
            F::UserName => self.user_name(),
            F::ClientAddress => self.client_address(),
            F::ApplicationName => self.application_name(),
            F::ActiveQuery if active => self.statement(st.call.text.as_ref()),
            F::LastActiveQuery => self.statement(st.call.prev_text.as_ref()),
            F::NumTxns => Value::int(st.txns_executed as i64),
            F::SessionStart => timestamp_at(&self.db.clock, cell.logon_time),
            F::QueryStart if active => {
                st.call.exec_start.map_or(Value::Null, |t| timestamp_at(&self.db.clock, t))
            }
            F::KvTxn if st.flags.contains(SessionFlags::IN_TRANSACTION) => {
                Value::text(txn_uuid(cell.crdb_id.0, st.txns_executed))
            }
            F::Zero => Value::int(0),
            F::Status => WORDS[usize::from(!active)].clone(),
            F::Sid => Value::int(i64::from(cell.sid)),
            F::AuthMethod if cell.identity.kind == SessionType::User => WORDS[2].clone(),
            F::QueryId => st.call.query_id.map_or(Value::Null, |id| Value::Text(id.text())),
            F::Fixed(s) => Value::text(s),
            F::ActiveQuery | F::QueryStart | F::KvTxn | F::AuthMethod | F::Null => Value::Null,
        }
    }

    fn statement(&self, text: Option<&Arc<str>>) -> Value {
        match text {
            Some(t) if self.redact => Value::text(redact_constants(t)),
            Some(t) if !t.is_empty() => Value::Text(t.clone()),
            _ => Value::Null,
        }
    }

    fn user_name(&mut self) -> Value {
        let Some(name) = &self.cell.identity.username else { return Value::text("node") };
        match &self.memo.user {
            Some((n, v)) if Arc::ptr_eq(n, name) || n == name => v.clone(),
            _ => {
                let v = Value::text(user_name(self.cell));
                self.memo.user = Some((name.clone(), v.clone()));
                v
            }
        }
    }

    fn application_name(&mut self) -> Value {
        let id = &self.cell.identity;
        if id.pname.is_some() {
            return Value::text(application_name(self.cell));
        }
        match &self.memo.application {
            Some((c, v)) if same_client(c, &id.client, |c| &c.program) => v.clone(),
            _ => {
                let v = Value::text(&id.client.program);
                self.memo.application = Some((id.client.clone(), v.clone()));
                v
            }
        }
    }

    fn client_address(&mut self) -> Value {
        let c = &self.cell.identity.client;
        match &self.memo.address {
            Some((m, v)) if m.port == c.port && same_client(m, c, |c| &c.machine) => v.clone(),
            _ => {
                let v = Value::text(format!("{}:{}", c.machine, c.port));
                self.memo.address = Some((c.clone(), v.clone()));
                v
            }
        }
    }
}

/// True if the two clients agree on `field`: at once when they are the same shared copy (see
/// `Registry::intern_client`), which spares reading each session's strings.
fn same_client(
    a: &Arc<ClientInfo>,
    b: &Arc<ClientInfo>,
    field: fn(&ClientInfo) -> &String,
) -> bool {
    Arc::ptr_eq(a, b) || field(a) == field(b)
}

/// CockroachDB's user name: lower-case (its names are case-folded the other way from
/// Oracle's); background processes run as `node`.
pub fn user_name(cell: &SessionCell) -> String {
    match cell.identity.kind {
        SessionType::Background => "node".into(),
        SessionType::User => crate::jobs::auth::display_user(cell.username()),
    }
}

/// The application name: the client program, or `$ internal-<process>` for background ones.
fn application_name(cell: &SessionCell) -> String {
    match cell.identity.pname {
        Some(p) => format!("$ internal-{}", p.to_lowercase()),
        None => cell.identity.client.program.clone(),
    }
}

/// A repeatable UUID-shaped id of a session's open transaction.
fn txn_uuid(session: u128, txn: u64) -> String {
    let x = session ^ (u128::from(txn) << 80) ^ u128::from(txn).rotate_left(17);
    let h = format!("{x:032x}");
    format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
}
