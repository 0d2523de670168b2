//! V$SESSION and V$PROCESS, produced from the live session registry.
//!
//! Each row is read under the session's own short lock; nothing is copied into a view table.
//! Process ids and addresses are derived from SIDs so they are the same run after run: the
//! shared PSEUDO process is PID 1, and the process of SID n is PID n + 1. A session killed while
//! idle hangs off the PSEUDO process (its PADDR moves there) and its own process row is gone.

use std::sync::Arc;
use std::time::Duration;

use super::fields::{build, resolve};
use super::{Producer, Scan};
use crate::clock::Clock;
use crate::db::Database;
use crate::session::cell::SessionState;
use crate::session::{Registry, Server, SessionCell, SessionFlags, SessionType};
use crate::value::{Row, Value};

/// The producer of `view`, if it is one of this module's.
pub fn producer(view: &str, columns: &[String]) -> Option<(Producer, bool)> {
    match view {
        "V$SESSION" => {
            let fields = resolve(view, columns, SESSION_FIELDS);
            Some((Box::new(move |db, _me, scan| session_rows(db, &fields, scan)), true))
        }
        "V$PROCESS" => {
            let fields = resolve(view, columns, PROCESS_FIELDS);
            Some((Box::new(move |db, _me, scan| process_rows(db, &fields, scan.needed)), true))
        }
        _ => None,
    }
}

/// Address of a session state object.
pub fn saddr(sid: u32) -> String {
    format!("{:016X}", 0x0000_0000_6B48_0000u64 + sid as u64 * 0x2E8)
}

/// Address of the process with Oracle PID `pid`.
pub fn process_addr(pid: u32) -> String {
    format!("{:016X}", 0x0000_0000_7B10_0000u64 + pid as u64 * 0x1A8)
}

/// PID of the shared pseudo process that killed idle sessions move to.
pub const PSEUDO_PID: u32 = 1;

fn pid_of(cell: &SessionCell) -> u32 {
    cell.sid + 1
}

fn spid_of(cell: &SessionCell) -> String {
    match cell.identity.kind {
        SessionType::Background => (1000 + cell.sid).to_string(),
        SessionType::User => (10_000 + cell.audsid % 90_000).to_string(),
    }
}

/// A TIMESTAMP value of an engine time.
pub fn timestamp_at(clock: &Clock, t: Duration) -> Value {
    Value::Timestamp(clock.datetime_at(t))
}

/// A DATE value (whole seconds) of an engine time.
pub fn date_at(clock: &Clock, t: Duration) -> Value {
    let dt = clock.datetime_at(t);
    Value::Date(dt.replace_nanosecond(0).unwrap_or(dt))
}

#[derive(Clone, Copy)]
enum S {
    Saddr,
    Sid,
    Serial,
    Audsid,
    Paddr,
    UserId,
    Username,
    Command,
    OwnerId,
    Taddr,
    LockWait,
    Status,
    Server,
    SchemaId,
    SchemaName,
    OsUser,
    Process,
    Machine,
    Port,
    Terminal,
    Program,
    Type,
    SqlId,
    SqlExecStart,
    PrevSqlId,
    Module,
    Action,
    ClientInfo,
    ClientIdentifier,
    RowWaitObj,
    LogonTime,
    LastCallEt,
    FailoverType,
    FailoverMethod,
    FailedOver,
    BlockingStatus,
    BlockingInstance,
    BlockingSession,
    FinalBlockingStatus,
    FinalBlockingInstance,
    FinalBlockingSession,
    Seq,
    Event,
    WaitClass,
    WaitTime,
    SecondsInWait,
    State,
    WaitTimeMicro,
    ServiceName,
    CreatorAddr,
    CreatorSerial,
    ConId,
}

const SESSION_FIELDS: &[(&str, S)] = &[
    ("SADDR", S::Saddr),
    ("SID", S::Sid),
    ("SERIAL#", S::Serial),
    ("AUDSID", S::Audsid),
    ("PADDR", S::Paddr),
    ("USER#", S::UserId),
    ("USERNAME", S::Username),
    ("COMMAND", S::Command),
    ("OWNERID", S::OwnerId),
    ("TADDR", S::Taddr),
    ("LOCKWAIT", S::LockWait),
    ("STATUS", S::Status),
    ("SERVER", S::Server),
    ("SCHEMA#", S::SchemaId),
    ("SCHEMANAME", S::SchemaName),
    ("OSUSER", S::OsUser),
    ("PROCESS", S::Process),
    ("MACHINE", S::Machine),
    ("PORT", S::Port),
    ("TERMINAL", S::Terminal),
    ("PROGRAM", S::Program),
    ("TYPE", S::Type),
    ("SQL_ID", S::SqlId),
    ("SQL_EXEC_START", S::SqlExecStart),
    ("PREV_SQL_ID", S::PrevSqlId),
    ("MODULE", S::Module),
    ("ACTION", S::Action),
    ("CLIENT_INFO", S::ClientInfo),
    ("CLIENT_IDENTIFIER", S::ClientIdentifier),
    ("ROW_WAIT_OBJ#", S::RowWaitObj),
    ("LOGON_TIME", S::LogonTime),
    ("LAST_CALL_ET", S::LastCallEt),
    ("FAILOVER_TYPE", S::FailoverType),
    ("FAILOVER_METHOD", S::FailoverMethod),
    ("FAILED_OVER", S::FailedOver),
    ("BLOCKING_SESSION_STATUS", S::BlockingStatus),
    ("BLOCKING_INSTANCE", S::BlockingInstance),
    ("BLOCKING_SESSION", S::BlockingSession),
    ("FINAL_BLOCKING_SESSION_STATUS", S::FinalBlockingStatus),
    ("FINAL_BLOCKING_INSTANCE", S::FinalBlockingInstance),
    ("FINAL_BLOCKING_SESSION", S::FinalBlockingSession),
    ("SEQ#", S::Seq),
    ("EVENT", S::Event),
    ("WAIT_CLASS", S::WaitClass),
    ("WAIT_TIME", S::WaitTime),
    ("SECONDS_IN_WAIT", S::SecondsInWait),
    ("STATE", S::State),
    ("WAIT_TIME_MICRO", S::WaitTimeMicro),
    ("SERVICE_NAME", S::ServiceName),
    ("CREATOR_ADDR", S::CreatorAddr),
    ("CREATOR_SERIAL#", S::CreatorSerial),
    ("CON_ID", S::ConId),
];

/// V$SESSION rows. The scan's `column = constant` conditions on columns that never change
/// (SID, SERIAL#, USERNAME, TYPE, ...) are tested on the session's identity before its state
/// is locked or its row built, so `WHERE username = 'X'` over 10,000 sessions builds only X's.
fn session_rows(db: &Database, fields: &[S], scan: &Scan<'_>) -> Vec<Row> {
    let fixed: Vec<(S, &Value)> = scan
        .equals
        .iter()
        .filter_map(|(c, v)| fields.get(*c).filter(|f| is_identity(**f)).map(|f| (*f, v)))
        .collect();
    let mut rows = Vec::new();
    db.sessions.for_each(|cell| {
        if fixed.iter().all(|(f, v)| identity_matches(cell, *f, v)) {
            let st = cell.lock();
            rows.push(build(fields, scan.needed, |f| session_value(db, cell, &st, f)));
        }
    });
    rows
}

fn is_identity(f: S) -> bool {
    matches!(f, S::Sid | S::Serial | S::Audsid | S::Username | S::Type | S::ServiceName | S::UserId)
}

/// True if the identity column `f` equals `v`; text columns compare their bytes directly
/// (no value is built), anything else goes through Oracle's comparison.
fn identity_matches(cell: &SessionCell, f: S, v: &Value) -> bool {
    let id = &cell.identity;
    match (f, v) {
        (S::Username, Value::Text(t)) => id.username.as_deref() == Some(&**t),
        (S::Type, Value::Text(t)) => id.kind.as_str() == &**t,
        (S::ServiceName, Value::Text(t)) => *id.service == **t,
        _ => identity_value(cell, f).is_some_and(|x| x == *v),
    }
}

/// The value of an identity column, read without locking the session's state.
fn identity_value(cell: &SessionCell, f: S) -> Option<Value> {
    let id = &cell.identity;
    Some(match f {
        S::Sid => Value::int(cell.sid as i64),
        S::Serial => Value::int(cell.serial as i64),
        S::Audsid => Value::int(cell.audsid as i64),
        S::UserId => Value::int(id.user_id as i64),
        S::Username => Value::opt_text(id.username.as_deref()),
        S::Type => Value::text(id.kind.as_str()),
        S::ServiceName => Value::text(&*id.service),
        _ => return None,
    })
}

/// What V$SESSION shows about the session's wait: (event, class, waiting now, since).
fn wait_view(
    cell: &SessionCell,
    st: &SessionState,
) -> (&'static str, &'static str, bool, Duration) {
    if let Some(w) = &st.wait {
        return (w.event, w.class, true, w.since);
    }
    if cell.identity.kind == SessionType::Background {
        let event = match cell.identity.pname {
            Some("PMON") => "pmon timer",
            Some("SMON") => "smon timer",
            _ => "rdbms ipc message",
        };
        return (event, "Idle", true, cell.logon_time);
    }
    let idle = st.status != crate::session::Status::Active;
    let since = if idle { st.last_call } else { st.last_wait_end };
    ("SQL*Net message from client", "Idle", idle, since)
}

fn session_value(db: &Database, cell: &SessionCell, st: &SessionState, f: S) -> Value {
    let clock = &db.clock;
    let id = &cell.identity;
    let background = id.kind == SessionType::Background;
    let blocker = st.wait.as_ref().and_then(|w| w.blocker);
    match f {
        S::Saddr => Value::text(saddr(cell.sid)),
        S::Sid => Value::int(cell.sid as i64),
        S::Serial => Value::int(cell.serial as i64),
        S::Audsid => Value::int(cell.audsid as i64),
        S::Paddr if st.server == Server::Pseudo => Value::text(process_addr(PSEUDO_PID)),
        S::Paddr | S::CreatorAddr => Value::text(process_addr(pid_of(cell))),
        S::UserId | S::SchemaId => Value::int(id.user_id as i64),
        S::Username => Value::opt_text(id.username.as_deref()),
        S::Command => Value::int(st.call.command as i64),
        S::OwnerId => Value::int(2_147_483_644),
        S::Taddr => Value::opt_text(db.storage.taddr(cell.sid)),
        S::LockWait => Value::opt_text(db.storage.lockwait(cell.sid)),
        S::ClientInfo => Value::opt_text(st.client_info.as_deref()),
        S::ClientIdentifier => Value::opt_text(st.client_identifier.as_deref()),
        S::Status if background => Value::text("ACTIVE"),
        S::Status => Value::text(st.status.as_str()),
        S::Server => Value::text(st.server.as_str()),
        S::SchemaName => Value::text(&*st.schema),
        S::OsUser => Value::text(&id.client.osuser),
        S::Process => Value::text(&id.client.process),
        S::Machine => Value::text(&id.client.machine),
        S::Port => Value::int(id.client.port as i64),
        S::Terminal => Value::text(&id.client.terminal),
        S::Program => Value::text(&id.client.program),
        S::Type => Value::text(id.kind.as_str()),
        S::SqlId => Value::opt_text(st.call.sql_id.as_deref()),
        S::SqlExecStart => st.call.exec_start.map_or(Value::Null, |t| date_at(clock, t)),
        S::PrevSqlId => Value::opt_text(st.call.prev_sql_id.as_deref()),
        S::Module => Value::opt_text(
            st.module.as_deref().or((!background).then_some(id.client.program.as_str())),
        ),
        S::Action => Value::opt_text(st.action.as_deref()),
        S::RowWaitObj => {
            st.wait.as_ref().and_then(|w| w.object).map_or(Value::int(-1), |o| Value::int(o as i64))
        }
        S::LogonTime => date_at(clock, cell.logon_time),
        S::LastCallEt => Value::int(clock.seconds_since(st.last_call) as i64),
        S::FailoverType => Value::text(db.services.failover_of(&id.service).0),
        S::FailoverMethod => Value::text(db.services.failover_of(&id.service).1),
        S::FailedOver => {
            Value::text(if st.flags.contains(SessionFlags::FAILED_OVER) { "YES" } else { "NO" })
        }
        S::BlockingStatus => Value::text(blocking_status(st.wait.is_some(), blocker)),
        S::BlockingInstance => blocker.map_or(Value::Null, |_| Value::int(1)),
        S::BlockingSession => blocker.map_or(Value::Null, |b| Value::int(b as i64)),
        S::FinalBlockingStatus => Value::text(blocking_status(st.wait.is_some(), blocker)),
        S::FinalBlockingInstance => blocker.map_or(Value::Null, |_| Value::int(1)),
        S::FinalBlockingSession => blocker
            .map_or(Value::Null, |b| Value::int(final_blocker(&db.sessions, cell.sid, b) as i64)),
        S::Seq => Value::int(1),
        S::Event => Value::text(wait_view(cell, st).0),
        S::WaitClass => Value::text(wait_view(cell, st).1),
        S::WaitTime => Value::int(if wait_view(cell, st).2 { 0 } else { -1 }),
        S::SecondsInWait => Value::int(clock.seconds_since(wait_view(cell, st).3) as i64),
        S::State => {
            Value::text(if wait_view(cell, st).2 { "WAITING" } else { "WAITED SHORT TIME" })
        }
        S::WaitTimeMicro => {
            Value::int(clock.now().saturating_sub(wait_view(cell, st).3).as_micros() as i64)
        }
        S::ServiceName => Value::text(&*id.service),
        S::CreatorSerial => Value::int(1),
        S::ConId => Value::int(0),
    }
}

fn blocking_status(waiting: bool, blocker: Option<u32>) -> &'static str {
    match (waiting, blocker) {
        (_, Some(_)) => "VALID",
        (true, None) => "NO HOLDER",
        (false, None) => "NOT IN WAIT",
    }
}

/// Follows the chain of blockers from `first` to its root (stops at a cycle, i.e. a deadlock
/// about to be detected, or after a bounded number of steps).
fn final_blocker(registry: &Registry, me: u32, first: u32) -> u32 {
    let mut current = first;
    for _ in 0..64 {
        let next =
            registry.get(current).and_then(|c| c.lock().wait.as_ref().and_then(|w| w.blocker));
        match next {
            Some(n) if n != me && n != current => current = n,
            _ => break,
        }
    }
    current
}

#[derive(Clone, Copy)]
enum P {
    Addr,
    Pid,
    Sosid,
    Spid,
    Stid,
    ExecutionType,
    Pname,
    Username,
    Serial,
    Terminal,
    Program,
    TraceId,
    TraceFile,
    Background,
    LatchWait,
    LatchSpin,
    PgaUsed,
    PgaAlloc,
    PgaFreeable,
    PgaMax,
    ConId,
}

const PROCESS_FIELDS: &[(&str, P)] = &[
    ("ADDR", P::Addr),
    ("PID", P::Pid),
    ("SOSID", P::Sosid),
    ("SPID", P::Spid),
    ("STID", P::Stid),
    ("EXECUTION_TYPE", P::ExecutionType),
    ("PNAME", P::Pname),
    ("USERNAME", P::Username),
    ("SERIAL#", P::Serial),
    ("TERMINAL", P::Terminal),
    ("PROGRAM", P::Program),
    ("TRACEID", P::TraceId),
    ("TRACEFILE", P::TraceFile),
    ("BACKGROUND", P::Background),
    ("LATCHWAIT", P::LatchWait),
    ("LATCHSPIN", P::LatchSpin),
    ("PGA_USED_MEM", P::PgaUsed),
    ("PGA_ALLOC_MEM", P::PgaAlloc),
    ("PGA_FREEABLE_MEM", P::PgaFreeable),
    ("PGA_MAX_MEM", P::PgaMax),
    ("CON_ID", P::ConId),
];

/// One process as V$PROCESS sees it; `None` cell = the PSEUDO process.
struct Proc<'a> {
    cell: Option<&'a Arc<SessionCell>>,
}

fn process_rows(db: &Database, fields: &[P], needed: &[bool]) -> Vec<Row> {
    let cells = db.sessions.snapshot();
    let mut rows = vec![build(fields, needed, |f| process_value(db, &Proc { cell: None }, f))];
    for cell in &cells {
        if cell.lock().server == Server::Pseudo {
            continue;
        }
        rows.push(build(fields, needed, |f| process_value(db, &Proc { cell: Some(cell) }, f)));
    }
    rows
}

fn process_value(db: &Database, p: &Proc<'_>, f: P) -> Value {
    let Some(cell) = p.cell else { return pseudo_value(f) };
    let background = cell.identity.kind == SessionType::Background;
    let pname = cell.identity.pname;
    let pga = 2_000_000 + (cell.sid as i64 % 7) * 65_536;
    match f {
        P::Addr => Value::text(process_addr(pid_of(cell))),
        P::Pid => Value::int(pid_of(cell) as i64),
        P::Sosid | P::Spid | P::Stid => Value::text(spid_of(cell)),
        P::ExecutionType => Value::text("PROCESS"),
        P::Pname => Value::opt_text(pname),
        P::Username => Value::text("oracle"),
        P::Serial => Value::int(cell.serial as i64),
        P::Terminal => Value::text("UNKNOWN"),
        P::Program => Value::text(match pname {
            Some(n) => format!("oracle@{} ({n})", db.config.host_name),
            None => format!("oracle@{}", db.config.host_name),
        }),
        P::TraceId | P::LatchWait | P::LatchSpin => Value::Null,
        P::TraceFile => Value::text(format!(
            "/u01/app/oracle/diag/rdbms/{db}/{db}/trace/{db}_{}_{}.trc",
            pname.unwrap_or("ora").to_lowercase(),
            spid_of(cell),
            db = db.config.db_name.to_lowercase()
        )),
        P::Background => Value::opt_text(background.then_some("1")),
        P::PgaUsed => Value::int(pga),
        P::PgaAlloc | P::PgaMax => Value::int(pga + 1_048_576),
        P::PgaFreeable => Value::int(0),
        P::ConId => Value::int(0),
    }
}

fn pseudo_value(f: P) -> Value {
    match f {
        P::Addr => Value::text(process_addr(PSEUDO_PID)),
        P::Pid => Value::int(PSEUDO_PID as i64),
        P::Program => Value::text("PSEUDO"),
        P::Serial => Value::int(0),
        P::PgaUsed | P::PgaAlloc | P::PgaFreeable | P::PgaMax | P::ConId => Value::int(0),
        _ => Value::Null,
    }
}
