//! One connection: startup and authentication, then the message loop that runs the simple
//! and extended query protocols against the connection's engine session, and watches for an
//! IMMEDIATE kill while idle. See the `server` module doc for the behaviour.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use futures::{FutureExt, SinkExt, StreamExt};
use pgwire::api::{ClientInfo as _, PgWireConnectionState};
use pgwire::error::ErrorInfo;
use pgwire::messages::data::{NoData, ParameterDescription};
use pgwire::messages::extendedquery::{
    BindComplete, CloseComplete, ParseComplete, PortalSuspended,
};
use pgwire::messages::response::{
    CommandComplete, EmptyQueryResponse, NoticeResponse, ReadyForQuery, TransactionStatus,
};
use pgwire::messages::startup::{
    Authentication, BackendKeyData, NegotiateProtocolVersion, ParameterStatus, SecretKey, Startup,
};
use pgwire::messages::{PgWireBackendMessage as Out, PgWireFrontendMessage as In, ProtocolVersion};
use pgwire::tokio::server::{MaybeTls, PgWireMessageServerCodec, negotiate_tls};
use tokio::net::TcpStream;
use tokio::sync::Notify;
use tokio_util::codec::Framed;

use super::binds::{self, Plan};
use super::encode::{self, oid};
use super::split::split;
use super::sqlstate::error_info;
use super::{Reservation, Shared};
use crate::error::{
    END_OF_FILE_ON_CHANNEL, INTERNAL_ERROR, MAX_SESSIONS_EXCEEDED, NOT_ALL_VARIABLES_BOUND,
    OraError, SESSION_KILLED, UNIMPLEMENTED_FEATURE,
};
use crate::exec::{Outcome, ResultSet};
use crate::facade::{ConnectOptions, Session};
use crate::ora;
use crate::session::call;
use crate::session::state::Phase;
use crate::session::{ClientInfo, SessionFlags, Status};

type Sock = Framed<MaybeTls, PgWireMessageServerCodec<String>>;

/// The most parameters a statement may take (the protocol counts them in 16 bits).
const MAX_PARAMETERS: usize = u16::MAX as usize;

/// What the loop does after a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Go,
    Close,
}

/// A successful statement: the engine's outcome, or a tag for a statement handled here.
enum Reply {
    Engine(Outcome),
    Tag(&'static str),
}

/// A prepared statement (Parse).
struct Prepared {
    /// The statement text (one statement, without a trailing `;` for SQL).
    text: String,
    plan: Plan,
    /// Parameter type OIDs (from Parse, 0 = unknown), one per parameter.
    types: Vec<u32>,
}

/// A bound portal (Bind).
struct Portal {
    /// The statement with its binds substituted.
    sql: String,
    formats: Vec<i16>,
    /// The result once run (by Describe or Execute); rows are sent from `sent` on.
    result: Option<Result<Reply, OraError>>,
    sent: usize,
}

/// Runs one connection to its end.
pub(crate) async fn serve(tcp: TcpStream, shared: Arc<Shared>) {
    let peer = tcp.peer_addr().ok();
    let limit = shared.config.startup_timeout;
    let Ok(Ok(Some(mut sock))) =
        tokio::time::timeout(limit, negotiate_tls::<String>(tcp, None)).await
    else {
        return;
    };
    sock.set_backpressure_boundary(usize::MAX);
    let Ok(Some(session)) = tokio::time::timeout(limit, startup(&mut sock, &shared, peer)).await
    else {
        return;
    };
    let (session, settings, slot, killed) = session;
    let mut conn = Conn::new(sock, shared.clone(), session, settings.autocommit, slot, killed);
    if settings.serveroutput {
        conn.session.set_serveroutput(true);
    }
    conn.run().await;
    conn.logoff().await;
}

/// Startup and authentication; Some((session, settings)) once logged on.
async fn startup(
    sock: &mut Sock,
    shared: &Arc<Shared>,
    peer: Option<SocketAddr>,
) -> Option<(Session, Settings, Reservation, Arc<Notify>)> {
    let startup = match sock.next().await {
        Some(Ok(In::Startup(s))) => s,
        Some(Ok(In::CancelRequest(c))) => {
            if let SecretKey::I32(secret) = c.secret_key {
                shared.cancel(c.pid, secret);
            } else if let SecretKey::Bytes(b) = &c.secret_key
                && let Ok(four) = <[u8; 4]>::try_from(b.as_ref())
            {
                shared.cancel(c.pid, i32::from_be_bytes(four));
            }
            return None;
        }
        _ => return None,
    };
    if startup.protocol_number_minor != 0 {
        sock.set_protocol_version(ProtocolVersion::PROTOCOL3_0);
        let unsupported =
            startup.parameters.keys().filter(|k| k.starts_with("_pq_.")).cloned().collect();
        sock.feed(Out::NegotiateProtocolVersion(NegotiateProtocolVersion::new(
            3 << 16,
            unsupported,
        )))
        .await
        .ok()?;
    }
    sock.set_state(PgWireConnectionState::AuthenticationInProgress);
    sock.send(Out::Authentication(Authentication::CleartextPassword)).await.ok()?;
    let password = match sock.next().await {
        Some(Ok(In::PasswordMessageFamily(p))) => p.into_password().ok()?.password,
        _ => return None,
    };
    let (opts, settings) = connect_options(&startup, password, peer);
    let Some(slot) = shared.reserve() else {
        fatal(sock, &ora!(MAX_SESSIONS_EXCEEDED)).await;
        return None;
    };
    let session = match shared.engine.connect(&opts) {
        Ok(s) => s,
        Err(e) => {
            fatal(sock, &e).await;
            return None;
        }
    };
    // Listen for kills before the client can see the session (ReadyForQuery): a kill that
    // comes any time after this leaves a permit in the Notify.
    let killed = Arc::new(Notify::new());
    let k = killed.clone();
    session.cell().on_kill(Box::new(move || k.notify_one()));
    let secret = shared.register_cancel(&session.cell());
    if greet(sock, &startup, &session, secret).await.is_none() {
        shared.unregister_cancel(&session.cell());
        session.disconnect();
        return None;
    }
    Some((session, settings, slot, killed))
}

/// AuthenticationOk, ParameterStatus, BackendKeyData, ReadyForQuery.
async fn greet(sock: &mut Sock, startup: &Startup, session: &Session, secret: i32) -> Option<()> {
    sock.feed(Out::Authentication(Authentication::Ok)).await.ok()?;
    let app = startup.parameters.get("application_name").cloned().unwrap_or_default();
    let params = [
        ("server_version", "15.0 (vsession)".to_string()),
        ("server_encoding", "UTF8".into()),
        ("client_encoding", "UTF8".into()),
        ("DateStyle", "ISO, YMD".into()),
        ("integer_datetimes", "on".into()),
        ("IntervalStyle", "postgres".into()),
        ("standard_conforming_strings", "on".into()),
        ("TimeZone", "UTC".into()),
        ("is_superuser", "off".into()),
        ("session_authorization", session.username().to_string()),
        ("application_name", app),
    ];
    for (name, value) in params {
        sock.feed(Out::ParameterStatus(ParameterStatus::new(name.into(), value))).await.ok()?;
    }
    let pid = i32::try_from(session.sid()).unwrap_or(i32::MAX);
    sock.feed(Out::BackendKeyData(BackendKeyData::new(pid, SecretKey::I32(secret)))).await.ok()?;
    sock.send(Out::ReadyForQuery(ReadyForQuery::new(TransactionStatus::Idle))).await.ok()?;
    sock.set_state(PgWireConnectionState::ReadyForQuery);
    Some(())
}

/// Settings from the `options` startup parameter that the server acts on.
#[derive(Debug, Clone, Copy, Default)]
struct Settings {
    autocommit: bool,
    serveroutput: bool,
}

/// The logon options from the startup parameters, and the server's own settings.
fn connect_options(
    startup: &Startup,
    password: String,
    peer: Option<SocketAddr>,
) -> (ConnectOptions, Settings) {
    let p = &startup.parameters;
    let user = p.get("user").cloned().unwrap_or_default();
    let given = options(p.get("options").map(String::as_str).unwrap_or(""));
    let setting = |k: &str| given.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let on = |k: &str| {
        setting(k)
            .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "on" | "true" | "1" | "yes"))
    };
    let settings = Settings { autocommit: on("autocommit"), serveroutput: on("serveroutput") };
    let client = ClientInfo {
        program: p
            .get("application_name")
            .filter(|s| !s.is_empty())
            .cloned()
            .unwrap_or_else(|| "pgwire client".into()),
        machine: peer.map_or_else(|| "unknown".into(), |a| a.ip().to_string()),
        osuser: p.get("osuser").cloned().unwrap_or_else(|| user.clone()),
        process: peer.map_or_else(String::new, |a| a.port().to_string()),
        terminal: "unknown".into(),
        port: peer.map_or(0, |a| u32::from(a.port())),
    };
    let opts = ConnectOptions { user, password, service: setting("service"), client };
    (opts, settings)
}

/// `-c name=value` / `--name=value` settings of the `options` startup parameter.
fn options(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut words = text.split_whitespace();
    while let Some(w) = words.next() {
        let setting = if w == "-c" {
            words.next()
        } else {
            w.strip_prefix("-c").or_else(|| w.strip_prefix("--"))
        };
        if let Some((k, v)) = setting.and_then(|s| s.split_once('=')) {
            out.push((k.to_ascii_lowercase().replace('-', "_"), v.to_string()));
        }
    }
    out
}

/// Sends a FATAL error and closes.
async fn fatal(sock: &mut Sock, e: &OraError) {
    let info = error_info(e, "FATAL", None);
    let _ = sock.send(Out::ErrorResponse(info.into())).await;
    let _ = sock.close().await;
}

/// A logged-on connection.
struct Conn {
    sock: Sock,
    shared: Arc<Shared>,
    session: Session,
    autocommit: bool,
    killed: Arc<Notify>,
    statements: HashMap<String, Prepared>,
    portals: HashMap<String, Portal>,
    /// After an error in the extended protocol: ignore messages until Sync.
    skip_until_sync: bool,
    /// An error for the next statement (a kill that completed during a network write).
    pending: Option<OraError>,
    /// psql only: the start of a PL/SQL block psql sent in pieces (it splits at every `;`).
    partial: Option<String>,
    /// The client is psql (application_name).
    psql: bool,
    /// The session the connection's cancel key names (moved on after a replay's failover).
    cancel_target: Arc<crate::session::SessionCell>,
    /// This session's place in the --max-sessions budget.
    _slot: Reservation,
}

impl Conn {
    fn new(
        sock: Sock,
        shared: Arc<Shared>,
        session: Session,
        autocommit: bool,
        slot: Reservation,
        killed: Arc<Notify>,
    ) -> Conn {
        let psql = session.cell().identity.client.program == "psql";
        let cancel_target = session.cell();
        Conn {
            sock,
            shared,
            session,
            autocommit,
            killed,
            statements: HashMap::new(),
            portals: HashMap::new(),
            skip_until_sync: false,
            pending: None,
            partial: None,
            psql,
            cancel_target,
            _slot: slot,
        }
    }

    async fn run(&mut self) {
        // A kill between logon and the listener's registration left no permit.
        if self.killed_immediate() {
            self.close_killed().await;
            return;
        }
        loop {
            let killed = self.killed.clone();
            let msg = tokio::select! {
                biased;
                _ = killed.notified() => {
                    if self.killed_immediate() {
                        self.close_killed().await;
                        return;
                    }
                    continue;
                }
                m = self.sock.next() => m,
            };
            let flow = match msg {
                None => Flow::Close,
                Some(Err(e)) => {
                    let info = ErrorInfo::new("FATAL".into(), "08P01".into(), e.to_string());
                    let _ = self.sock.send(Out::ErrorResponse(info.into())).await;
                    Flow::Close
                }
                Some(Ok(m)) => self.message(m).await,
            };
            if flow == Flow::Close {
                return;
            }
        }
    }

    /// Logs the session off (rolls back, releases locks) on a blocking thread.
    async fn logoff(&mut self) {
        self.shared.unregister_cancel(&self.session.cell());
        let s = self.session.clone();
        let _ = tokio::task::spawn_blocking(move || s.disconnect()).await;
    }

    /// Ends a connection whose session an IMMEDIATE kill ended: the session leaves V$SESSION
    /// first (cheap: the kill already released what it held), then the client gets FATAL
    /// ORA-03113 and the socket closes.
    async fn close_killed(&mut self) {
        self.shared.unregister_cancel(&self.session.cell());
        self.session.disconnect();
        if self.session.cell().lock().flags.contains(SessionFlags::CRDB_CLOSED) {
            // CockroachDB's CANCEL SESSION closes the socket without a message.
            let _ = SinkExt::close(&mut self.sock).await;
            return;
        }
        fatal(&mut self.sock, &ora!(END_OF_FILE_ON_CHANNEL)).await;
    }

    /// True once an IMMEDIATE kill or disconnect has marked the session.
    fn killed_immediate(&self) -> bool {
        let flags = self.session.cell().lock().flags;
        // On an Application Continuity service the session handle recovers at the client's
        // next call (a replay on a new session), so the connection stays open.
        flags.contains(SessionFlags::KILL_REQUESTED | SessionFlags::IMMEDIATE)
            && !self.session.replays_kill()
    }

    async fn message(&mut self, m: In) -> Flow {
        if self.skip_until_sync && m.is_extended_query() && !matches!(m, In::Sync(_)) {
            return Flow::Go;
        }
        match m {
            In::Query(q) => self.simple_query(&q.query).await,
            In::Parse(p) => self.parse(p.name.unwrap_or_default(), &p.query, p.type_oids).await,
            In::Bind(b) => self.bind(b).await,
            In::Describe(d) => self.describe(d.target_type, d.name.unwrap_or_default()).await,
            In::Execute(e) => self.execute_portal(e.name.unwrap_or_default(), e.max_rows).await,
            In::Close(c) => {
                let name = c.name.unwrap_or_default();
                if c.target_type == b'S' {
                    self.statements.remove(&name);
                } else {
                    self.portals.remove(&name);
                }
                self.out(Out::CloseComplete(CloseComplete::new())).await
            }
            In::Sync(_) => {
                self.skip_until_sync = false;
                self.portals.remove("");
                self.ready().await
            }
            In::Flush(_) => self.flush().await,
            In::Terminate(_) => Flow::Close,
            In::CopyData(_) | In::CopyDone(_) | In::CopyFail(_) => Flow::Go,
            _ => {
                let info =
                    ErrorInfo::new("FATAL".into(), "08P01".into(), "unexpected message".into());
                let _ = self.sock.send(Out::ErrorResponse(info.into())).await;
                Flow::Close
            }
        }
    }

    // ---------------------------------------------------------------- simple protocol

    async fn simple_query(&mut self, query: &str) -> Flow {
        if query.len() > self.max_message() {
            self.partial = None;
            let info = error_info(&self.too_long(), "ERROR", None);
            self.feed(Out::ErrorResponse(info.into())).await;
            return self.ready().await;
        }
        let joined;
        let query = match self.partial.take() {
            Some(start) => {
                joined = format!("{start}\n{query}");
                joined.as_str()
            }
            None => query,
        };
        let mut pieces = split(query);
        if self.psql
            && query.len() <= self.shared.config.max_statement_bytes
            && pieces.last().is_some_and(|p| p.open)
        {
            // psql sent `BEGIN x;` of `BEGIN x; END;`: wait for the rest of the block.
            let open = pieces.pop().map(|p| query[p.offset..].to_string());
            self.partial = open;
            if pieces.is_empty() {
                self.feed(Out::EmptyQueryResponse(EmptyQueryResponse::new())).await;
                return self.ready().await;
            }
        }
        if pieces.is_empty() {
            self.feed(Out::EmptyQueryResponse(EmptyQueryResponse::new())).await;
        }
        for piece in pieces {
            let result = self.statement(&piece.text).await;
            let ok = match result {
                Ok(reply) => {
                    self.send_reply(&reply, &[], 0, None).await;
                    true
                }
                Err(e) => {
                    if self.fatal_kill(&e) {
                        self.close_killed().await;
                        return Flow::Close;
                    }
                    let info = error_info(&e, "ERROR", Some((query, piece.offset)));
                    self.feed(Out::ErrorResponse(info.into())).await;
                    // The rest of the message is not run, an open block included.
                    self.partial = None;
                    false
                }
            };
            if !ok {
                break;
            }
        }
        self.ready().await
    }

    /// True if `e` ended the session through an IMMEDIATE kill: the connection must close.
    fn fatal_kill(&self, e: &OraError) -> bool {
        (e.is(SESSION_KILLED) || crate::session::kill::is_bad_connection(e))
            && self.killed_immediate()
    }

    /// Runs one statement: handled here (transaction starts, PostgreSQL SET) or by the
    /// engine, with autocommit. DBMS_OUTPUT lines are sent as notices first.
    async fn statement(&mut self, text: &str) -> Result<Reply, OraError> {
        if let Some(e) = self.pending.take() {
            return Err(e);
        }
        if text.len() > self.shared.config.max_statement_bytes {
            return Err(self.too_long());
        }
        let sql = match local_statement(text) {
            Local::Tag(tag) => return Ok(Reply::Tag(tag)),
            Local::ServerOutput(on) => {
                self.session.set_serveroutput(on);
                return Ok(Reply::Tag("SET"));
            }
            Local::Engine(sql) => sql,
        };
        let result = self.call(sql.to_string()).await;
        if self.autocommit
            && matches!(&result, Ok(Reply::Engine(o)) if !matches!(o, Outcome::Rows(_)))
        {
            self.call("COMMIT".into()).await?;
        }
        result
    }

    /// The error for a statement over the size limit (ORA-03001).
    fn too_long(&self) -> OraError {
        let limit = self.shared.config.max_statement_bytes;
        OraError::with_text(
            UNIMPLEMENTED_FEATURE,
            format!("unimplemented feature: statement longer than {limit} bytes"),
        )
    }

    /// The longest Query message text accepted: as long as one statement may be.
    fn max_message(&self) -> usize {
        self.shared.config.max_statement_bytes
    }

    /// One engine call off the reactor; notices for its DBMS_OUTPUT lines are queued.
    ///
    /// On a multi-threaded runtime the call runs in place on this worker thread through
    /// `block_in_place` (the runtime hands the worker's other tasks to another thread, so a
    /// call that blocks for minutes stalls nothing else; it saves the two thread hand-offs of
    /// `spawn_blocking`, about 10 µs a call); elsewhere on the blocking pool.
    async fn call(&mut self, sql: String) -> Result<Reply, OraError> {
        let s = self.session.clone();
        let work = move || {
            let run = std::panic::AssertUnwindSafe(|| {
                let r = s.execute(&sql);
                (r, s.take_output())
            });
            std::panic::catch_unwind(run)
                .unwrap_or_else(|_| (Err(ora!(INTERNAL_ERROR, "call panicked")), Vec::new()))
        };
        let multi = tokio::runtime::Handle::current().runtime_flavor()
            == tokio::runtime::RuntimeFlavor::MultiThread;
        let (result, output) = if multi {
            tokio::task::block_in_place(work)
        } else {
            tokio::task::spawn_blocking(work)
                .await
                .unwrap_or_else(|_| (Err(ora!(INTERNAL_ERROR, "call panicked")), Vec::new()))
        };
        for line in output {
            let info = ErrorInfo::new("NOTICE".into(), "00000".into(), line);
            self.feed(Out::NoticeResponse(NoticeResponse::from(info))).await;
        }
        self.follow_failover();
        result.map(Reply::Engine)
    }

    /// After a call that failed over (Application Continuity), points the connection's cancel
    /// key at the new session, so psql's Ctrl-C keeps working.
    fn follow_failover(&mut self) {
        let now = self.session.cell();
        if !Arc::ptr_eq(&now, &self.cancel_target) {
            self.shared.retarget_cancel(&self.cancel_target, &now);
            self.cancel_target = now;
        }
    }

    /// Queues a reply's rows (from row `from`, at most `max` if > 0) and its CommandComplete
    /// (or PortalSuspended if rows remain); returns how many rows were sent.
    async fn send_reply(
        &mut self,
        reply: &Reply,
        formats: &[i16],
        from: usize,
        limit: Option<usize>,
    ) -> usize {
        let rs = match reply {
            Reply::Tag(tag) => {
                self.feed(Out::CommandComplete(CommandComplete::new((*tag).into()))).await;
                return 0;
            }
            Reply::Engine(Outcome::Rows(rs)) => rs,
            Reply::Engine(other) => {
                let tag = encode::command_tag(other);
                self.feed(Out::CommandComplete(CommandComplete::new(tag))).await;
                return 0;
            }
        };
        if limit.is_none() {
            self.feed(Out::RowDescription(encode::row_description(&rs.columns, formats))).await;
        }
        let end = match limit {
            Some(n) if n > 0 => rs.rows.len().min(from.saturating_add(n)),
            _ => rs.rows.len(),
        };
        for row in rs.rows.get(from..end).unwrap_or(&[]) {
            match encode::data_row(&rs.columns, row, formats) {
                Ok(r) => self.feed(Out::DataRow(r)).await,
                Err(e) => {
                    let info = error_info(&e, "ERROR", None);
                    self.feed(Out::ErrorResponse(info.into())).await;
                    return end - from;
                }
            }
        }
        if end < rs.rows.len() {
            self.feed(Out::PortalSuspended(PortalSuspended::new())).await;
        } else {
            let tag = format!("SELECT {}", rs.rows.len());
            self.feed(Out::CommandComplete(CommandComplete::new(tag))).await;
        }
        end - from
    }

    // ---------------------------------------------------------------- extended protocol

    async fn parse(&mut self, name: String, query: &str, type_oids: Vec<u32>) -> Flow {
        if query.len() > self.shared.config.max_statement_bytes {
            let info = error_info(&self.too_long(), "ERROR", None);
            return self.ext_error(info).await;
        }
        let pieces = split(query);
        if pieces.len() > 1 {
            return self
                .ext_error(ErrorInfo::new(
                    "ERROR".into(),
                    "42601".into(),
                    "cannot insert multiple commands into a prepared statement".into(),
                ))
                .await;
        }
        let text = pieces.into_iter().next().map(|p| p.text).unwrap_or_default();
        let plan = binds::plan(&text);
        if plan.count > MAX_PARAMETERS {
            let e = ora!(NOT_ALL_VARIABLES_BOUND);
            return self.ext_error(error_info(&e, "ERROR", None)).await;
        }
        let mut types = type_oids;
        types.resize(plan.count.max(types.len()), 0);
        self.statements.insert(name, Prepared { text, plan, types });
        self.out(Out::ParseComplete(ParseComplete::new())).await
    }

    async fn bind(&mut self, b: pgwire::messages::extendedquery::Bind) -> Flow {
        let stmt_name = b.statement_name.unwrap_or_default();
        let Some(stmt) = self.statements.get(&stmt_name) else {
            return self.ext_error(missing("prepared statement", &stmt_name)).await;
        };
        let decoded: Result<Vec<_>, OraError> = b
            .parameters
            .iter()
            .enumerate()
            .map(|(i, raw)| {
                let format = encode::format_of(&b.parameter_format_codes, i);
                let ty = stmt.types.get(i).copied().unwrap_or(0);
                binds::decode(raw.as_deref(), format, ty)
            })
            .collect();
        let sql = decoded
            .and_then(|values| binds::substitute(&stmt.text, &stmt.plan, &values, &stmt.types));
        match sql {
            Ok(sql) => {
                let portal =
                    Portal { sql, formats: b.result_column_format_codes, result: None, sent: 0 };
                self.portals.insert(b.portal_name.unwrap_or_default(), portal);
                self.out(Out::BindComplete(BindComplete::new())).await
            }
            Err(e) => self.ext_error(error_info(&e, "ERROR", None)).await,
        }
    }

    async fn describe(&mut self, target: u8, name: String) -> Flow {
        if target == b'S' {
            let Some(stmt) = self.statements.get(&name) else {
                return self.ext_error(missing("prepared statement", &name)).await;
            };
            let types: Vec<u32> =
                stmt.types.iter().map(|t| if *t == 0 { oid::TEXT } else { *t }).collect();
            let text = stmt.text.clone();
            let nulls = vec![None; stmt.plan.count];
            let probe = binds::substitute(&text, &stmt.plan, &nulls, &stmt.types).ok();
            self.feed(Out::ParameterDescription(ParameterDescription::new(types))).await;
            let columns = match probe {
                Some(sql) => self.describe_columns(&sql).await,
                None => None,
            };
            return match columns {
                Some(cols) => {
                    self.out(Out::RowDescription(encode::row_description(&cols, &[]))).await
                }
                None => self.out(Out::NoData(NoData::new())).await,
            };
        }
        if !self.portals.contains_key(&name) {
            return self.ext_error(missing("portal", &name)).await;
        }
        self.run_portal(&name).await;
        let Some(portal) = self.portals.get(&name) else { return Flow::Go };
        match &portal.result {
            Some(Ok(Reply::Engine(Outcome::Rows(rs)))) => {
                let rd = encode::row_description(&rs.columns, &portal.formats);
                self.out(Out::RowDescription(rd)).await
            }
            Some(Err(e)) => {
                let info = error_info(e, "ERROR", None);
                self.ext_error(info).await
            }
            _ => self.out(Out::NoData(NoData::new())).await,
        }
    }

    /// The columns a query would return, found without fetching rows.
    async fn describe_columns(&mut self, sql: &str) -> Option<Vec<crate::value::ColumnDesc>> {
        if !is_query(sql) {
            return None;
        }
        let probe = format!("SELECT * FROM ({sql}) WHERE 1 = 0");
        if let Ok(Reply::Engine(Outcome::Rows(rs))) = self.call(probe).await {
            return Some(rs.columns);
        }
        if sql.to_ascii_uppercase().contains("FOR UPDATE") {
            return None;
        }
        match self.call(sql.to_string()).await {
            Ok(Reply::Engine(Outcome::Rows(ResultSet { columns, .. }))) => Some(columns),
            _ => None,
        }
    }

    /// Runs a portal's statement once, keeping the result in the portal.
    async fn run_portal(&mut self, name: &str) {
        let Some(portal) = self.portals.get(name) else { return };
        if portal.result.is_some() {
            return;
        }
        let sql = portal.sql.clone();
        let result = if sql.is_empty() { Ok(Reply::Tag("")) } else { self.statement(&sql).await };
        if let Some(p) = self.portals.get_mut(name) {
            p.result = Some(result);
        }
    }

    async fn execute_portal(&mut self, name: String, max_rows: i32) -> Flow {
        if !self.portals.contains_key(&name) {
            return self.ext_error(missing("portal", &name)).await;
        }
        self.run_portal(&name).await;
        let Some(mut portal) = self.portals.remove(&name) else { return Flow::Go };
        let flow = match portal.result.take() {
            Some(Ok(Reply::Tag(""))) => {
                self.out(Out::EmptyQueryResponse(EmptyQueryResponse::new())).await
            }
            Some(Ok(reply)) => {
                let limit = Some(usize::try_from(max_rows).unwrap_or(0));
                let n = self.send_reply(&reply, &portal.formats, portal.sent, limit).await;
                portal.sent += n;
                portal.result = Some(Ok(reply));
                Flow::Go
            }
            Some(Err(e)) => {
                if self.fatal_kill(&e) {
                    self.close_killed().await;
                    return Flow::Close;
                }
                self.ext_error(error_info(&e, "ERROR", None)).await
            }
            None => Flow::Go,
        };
        self.portals.insert(name, portal);
        flow
    }

    /// An error in the extended protocol: send it, then skip to Sync.
    async fn ext_error(&mut self, info: ErrorInfo) -> Flow {
        self.skip_until_sync = true;
        self.out(Out::ErrorResponse(info.into())).await
    }

    // ---------------------------------------------------------------- output

    async fn feed(&mut self, m: Out) {
        // The backpressure boundary is unbounded, so feeding only buffers.
        let _ = self.sock.feed(m).await;
    }

    async fn out(&mut self, m: Out) -> Flow {
        self.feed(m).await;
        Flow::Go
    }

    async fn ready(&mut self) -> Flow {
        let status = if self.session.cell().lock().flags.contains(SessionFlags::IN_TRANSACTION) {
            TransactionStatus::Transaction
        } else {
            TransactionStatus::Idle
        };
        self.feed(Out::ReadyForQuery(ReadyForQuery::new(status))).await;
        self.flush().await
    }

    /// Writes what is buffered. If the socket does not take it at once, the session is shown
    /// ACTIVE in the uninterruptible NetworkIo phase until it has.
    async fn flush(&mut self) -> Flow {
        match SinkExt::flush(&mut self.sock).now_or_never() {
            Some(Ok(())) => return Flow::Go,
            Some(Err(_)) => return Flow::Close,
            None => {}
        }
        let entered = enter_network_io(&self.session);
        let written = SinkExt::flush(&mut self.sock).await;
        if entered && let Err(e) = leave_network_io(&self.session, &self.shared.engine) {
            if self.fatal_kill(&e) {
                self.close_killed().await;
                return Flow::Close;
            }
            self.pending = Some(e);
        }
        if written.is_err() { Flow::Close } else { Flow::Go }
    }
}

/// Marks an idle session ACTIVE in the NetworkIo phase; false if it is not idle.
fn enter_network_io(session: &Session) -> bool {
    let cell = session.cell();
    let mut st = cell.lock();
    if st.status != Status::Inactive
        || st.flags.intersects(SessionFlags::KILL_REQUESTED | SessionFlags::ENDED)
    {
        return false;
    }
    st.status = Status::Active;
    st.phase = Phase::NetworkIo;
    true
}

/// Ends the NetworkIo phase as a call ends: a kill that came meanwhile completes now.
fn leave_network_io(session: &Session, engine: &crate::facade::Engine) -> Result<(), OraError> {
    let db = engine.db();
    let release = |c: &Arc<crate::session::SessionCell>| db.release(c);
    call::end_call(&session.cell(), &db.sessions, &release, Ok(()))
}

fn missing(what: &str, name: &str) -> ErrorInfo {
    let code = if what == "portal" { "34000" } else { "26000" };
    ErrorInfo::new("ERROR".into(), code.into(), format!("{what} \"{name}\" does not exist"))
}

/// A statement handled here instead of by the engine.
enum Local<'a> {
    Tag(&'static str),
    /// SET SERVEROUTPUT ON | OFF.
    ServerOutput(bool),
    Engine(&'a str),
}

/// PostgreSQL transaction and SET statements (see the module doc); the rest goes to the
/// engine.
fn local_statement(text: &str) -> Local<'_> {
    let upper: Vec<String> = text
        .split_whitespace()
        .take(3)
        .map(|w| w.trim_end_matches(';').to_ascii_uppercase())
        .collect();
    let w = |n: usize| upper.get(n).map(String::as_str).unwrap_or("");
    match (w(0), w(1)) {
        ("SET", "SERVEROUTPUT" | "SERVEROUT") => Local::ServerOutput(w(2) != "OFF"),
        ("BEGIN", "" | "TRANSACTION" | "WORK" | "ISOLATION" | "READ" | "NOT" | "DEFERRABLE")
        | ("START", "TRANSACTION") => Local::Tag("BEGIN"),
        ("END", "" | "TRANSACTION" | "WORK") => Local::Engine("COMMIT"),
        ("ABORT", "" | "TRANSACTION" | "WORK") => Local::Engine("ROLLBACK"),
        ("SET", second)
            if !matches!(second, "TRANSACTION" | "ROLE" | "CONSTRAINT" | "CONSTRAINTS") =>
        {
            Local::Tag("SET")
        }
        _ => Local::Engine(text),
    }
}

/// True for a statement that returns rows (SELECT or WITH, possibly parenthesised).
fn is_query(sql: &str) -> bool {
    let t = sql.trim_start_matches(|c: char| c == '(' || c.is_whitespace());
    let word: String = t.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    matches!(word.to_ascii_uppercase().as_str(), "SELECT" | "WITH")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn startup_options() {
        let o = options("-c autocommit=on --service=svc1 -cfoo=bar");
        assert_eq!(
            o,
            vec![
                ("autocommit".into(), "on".into()),
                ("service".into(), "svc1".into()),
                ("foo".into(), "bar".into())
            ]
        );
        assert!(options("-c").is_empty());
    }

    #[test]
    fn local_statements() {
        assert!(matches!(local_statement("BEGIN"), Local::Tag("BEGIN")));
        assert!(matches!(local_statement("start transaction read write"), Local::Tag("BEGIN")));
        assert!(matches!(local_statement("END"), Local::Engine("COMMIT")));
        assert!(matches!(local_statement("set extra_float_digits = 3"), Local::Tag("SET")));
        assert!(matches!(local_statement("SET TRANSACTION READ ONLY"), Local::Engine(_)));
        assert!(matches!(local_statement("set serveroutput on"), Local::ServerOutput(true)));
        assert!(matches!(local_statement("SET SERVEROUT OFF"), Local::ServerOutput(false)));
        assert!(matches!(local_statement("BEGIN NULL; END;"), Local::Engine(_)));
        assert!(is_query(" (select 1 from dual)") && !is_query("insert into t values (1)"));
    }
}
