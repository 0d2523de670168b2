//! CockroachDB job and schedule control statements over the registry in `crate::jobs`.
//!
//! SHOW forms run their rewrite (`JobStatement::as_query`) as an ordinary query. Control
//! statements first turn their target into job ids — a scalar (`PAUSE JOB 1`), a select's
//! single INT column (`CANCEL JOBS SELECT ...`, with CockroachDB's shape and type errors), the
//! jobs of schedules, or all jobs of a type — then apply the command to all of them at once
//! (`Jobs::control_many`: all or nothing). They apply immediately, not at COMMIT (see
//! `crate::jobs`).

use std::sync::Arc;
use std::time::Duration;

use super::eval::Env;
use super::{Ctx, Done, Outcome, ResultSet, eval, query};
use crate::db::Database;
use crate::error::OraError;
use crate::jobs::schedule::{NewSchedule, ScheduleControl};
use crate::jobs::{Control, ScheduleFiring};
use crate::session::{ClientInfo, Identity, SessionType, call};
use crate::sql::ast::{Expr, Literal, QueryBody, SelectItem};
use crate::sql::jobs::{CreateSchedule, Ids, JobStatement, Target};
use crate::value::{ColumnDesc, SqlType, Value};

/// How long SHOW JOBS WHEN COMPLETE waits before `timed out waiting for jobs`.
const WHEN_COMPLETE_LIMIT: Duration = Duration::from_secs(24 * 3600);

/// SQLSTATE of the shape and type errors of control statements' input.
const SYNTAX_ERROR: &str = "42601";

/// Executes one statement of the family.
pub fn execute(ctx: &mut Ctx<'_>, stmt: &JobStatement) -> Result<Outcome, OraError> {
    match stmt {
        JobStatement::ShowJobs { .. } => {
            await_jobs(&Env::of(ctx), stmt)?;
            show(ctx, stmt)
        }
        JobStatement::ShowSchedules(_) => show(ctx, stmt),
        JobStatement::Control { cmd, target, reason } => control(ctx, *cmd, target, reason),
        JobStatement::ControlSchedules { cmd, ids } => control_schedules(ctx, *cmd, ids),
        JobStatement::CreateSchedule(c) => create_schedule(ctx, c),
    }
}

fn show(ctx: &mut Ctx<'_>, stmt: &JobStatement) -> Result<Outcome, OraError> {
    let q = stmt.as_query().ok_or_else(|| {
        OraError::crdb("XX000", "internal error: SHOW rewrite does not parse".to_string())
    })?;
    super::cockroach::show_rows(ctx, &q)
}

/// SHOW JOB(S) WHEN COMPLETE: waits until the listed jobs have finished (at the top level,
/// and planned as `[SHOW JOBS WHEN COMPLETE ...]` in a query); other statements go on at once.
pub fn await_jobs(env: &Env<'_>, stmt: &JobStatement) -> Result<(), OraError> {
    let Some(target) = stmt.awaited() else { return Ok(()) };
    let ids = job_ids(env, target, Control::Pause)?;
    env.db.jobs.wait_finished_within(env.me, &ids, Some(WHEN_COMPLETE_LIMIT))
}

/// PAUSE / RESUME / CANCEL JOB(S): the tag counts every non-NULL id, no-ops included; for
/// schedules and types, the jobs in a state the command changes.
fn control(
    ctx: &mut Ctx<'_>,
    cmd: Control,
    target: &Target,
    reason: &Option<Expr>,
) -> Result<Outcome, OraError> {
    let reason = match reason {
        Some(e) => eval::eval_scalar(ctx, e)?.to_text(),
        None => None,
    };
    let ids = job_ids(&Env::of(ctx), target, cmd)?;
    let user = ctx.me.username();
    ctx.db.jobs.control_many(ctx.db, user, &ids, cmd, reason.as_deref())?;
    let verb = cmd.keyword();
    let n = ids.len();
    let tag = match target {
        Target::Jobs(_) => format!("{verb} JOBS {n}"),
        Target::ForSchedules(_) => format!("{verb} JOBS FOR SCHEDULES {n}"),
        Target::AllOfType(t) => format!("{verb} ALL {} JOBS {n}", t.to_ascii_uppercase()),
    };
    Ok(Outcome::Done(Done::Tag(tag)))
}

/// Job types `... ALL type JOBS` accepts.
const CONTROLLABLE_TYPES: &[&str] = &["backup", "changefeed", "import", "restore"];

/// The job ids a target names (NULLs left out).
fn job_ids(env: &Env<'_>, target: &Target, cmd: Control) -> Result<Vec<i64>, OraError> {
    let what = |plural: &str| format!("{} {plural}", cmd.keyword());
    match target {
        Target::Jobs(ids) => int_ids(env, ids, &what("JOBS"), "job_id"),
        Target::ForSchedules(ids) => {
            let schedules = int_ids(env, ids, &what("JOBS FOR SCHEDULES"), "schedule_id")?;
            let user = env.me.username();
            Ok(env.db.jobs.ids_to_control(env.db, user, cmd, Some(&schedules), ""))
        }
        Target::AllOfType(t) => {
            if !CONTROLLABLE_TYPES.contains(&t.as_str()) {
                return Err(OraError::crdb(SYNTAX_ERROR, "unsupported job type"));
            }
            let user = env.me.username();
            Ok(env.db.jobs.ids_to_control(env.db, user, cmd, None, t))
        }
    }
}

/// The INT ids of `ids`: a scalar, or a select's one column, typed as CockroachDB types the
/// statement's input (`what` = `CANCEL JOBS`, `column` = `job_id` in the errors).
fn int_ids(env: &Env<'_>, ids: &Ids, what: &str, column: &str) -> Result<Vec<i64>, OraError> {
    let (rs, literal) = match ids {
        Ids::One { expr, .. } => (
            super::cockroach::singular_input(env, expr)?,
            matches!(expr, Expr::Literal(Literal::String(_))),
        ),
        Ids::Select { query: q, .. } => {
            (query::run_query_in(env, q, None)?, selects_string_literal(q))
        }
    };
    let values: Vec<Value> = rs.rows.into_iter().filter_map(|r| r.into_iter().next()).collect();
    let mut types: Vec<SqlType> = rs.columns.iter().map(|c| c.ty).collect();
    if let Some(first) = types.first_mut() {
        *first = input_type(*first, &values);
    }
    // A NULL constant is of unknown type, which the check lets through.
    if matches!(ids, Ids::One { .. }) && values.iter().all(Value::is_null) {
        types.clear();
    }
    // A string constant is typed INT (and fails to parse below); a string column is not.
    super::cockroach::check_input_columns(what, column, "int", &types, |t| match t {
        SqlType::Number { scale, .. } => scale.is_none_or(|s| s <= 0),
        SqlType::Varchar2(_) | SqlType::Char(_) => literal,
        _ => false,
    })?;
    values.iter().filter(|v| !v.is_null()).map(to_int).collect()
}

/// The CockroachDB type of a NUMBER input column: DECIMAL if it holds a fraction (a constant
/// like `2.5` is never an INT), else INT.
fn input_type(ty: SqlType, values: &[Value]) -> SqlType {
    let fraction = |v: &Value| matches!(v, Value::Number(d) if !d.fract().is_zero());
    match ty {
        SqlType::Number { precision, .. } if values.iter().any(fraction) => {
            SqlType::Number { precision, scale: Some(1) }
        }
        other => other,
    }
}

/// True if the query is `SELECT 'literal' ...`: CockroachDB types a string constant as INT
/// (and fails to parse it) where a string column is a type error.
fn selects_string_literal(q: &crate::sql::ast::Query) -> bool {
    match &q.body {
        QueryBody::Select(s) => matches!(
            s.items.first(),
            Some(SelectItem::Expr { expr: Expr::Literal(Literal::String(_)), .. })
        ),
        _ => false,
    }
}

fn to_int(v: &Value) -> Result<i64, OraError> {
    let parse_error =
        |s: &str| OraError::crdb("22P02", format!("could not parse \"{s}\" as type int"));
    match v {
        Value::Text(s) => s.trim().parse().map_err(|_| parse_error(s)),
        Value::Number(d) if d.fract().is_zero() => {
            v.to_i64()?.ok_or_else(|| parse_error(&d.to_string()))
        }
        other => Err(OraError::crdb(
            SYNTAX_ERROR,
            format!("value {} is not of type int", other.to_text().unwrap_or_default()),
        )),
    }
}

/// PAUSE / RESUME / DROP SCHEDULE(S): nonexistent ids are skipped and not counted.
fn control_schedules(
    ctx: &mut Ctx<'_>,
    cmd: ScheduleControl,
    ids: &Ids,
) -> Result<Outcome, OraError> {
    let verb = cmd.keyword();
    let ids = int_ids(&Env::of(ctx), ids, &format!("{verb} SCHEDULES"), "schedule_id")?;
    let n = ctx.db.jobs.control_schedules(ctx.db, ctx.me.username(), &ids, cmd)?;
    Ok(Outcome::Done(Done::Tag(format!("{verb} SCHEDULES {n}"))))
}

/// CREATE SCHEDULE ... FOR BACKUP: CockroachDB's pair of schedules — an INCREMENTAL one on the
/// RECURRING cadence, paused until the first FULL backup has run, and a FULL one (first run
/// now, or first_run) on the FULL BACKUP cadence; by default full backups run daily for an
/// hourly-or-faster recurrence, weekly for a daily-or-faster one, else every time (one FULL
/// schedule). Answers a row per schedule created.
fn create_schedule(ctx: &mut Ctx<'_>, c: &CreateSchedule) -> Result<Outcome, OraError> {
    let jobs = &ctx.db.jobs;
    let mut rs = ResultSet { columns: create_schedule_columns(), rows: Vec::new() };
    if c.if_not_exists && jobs.schedule_label_exists(&c.label) {
        return Ok(Outcome::Rows(rs));
    }
    let first_run = match &c.first_run {
        Some(ts) => Some(parse_first_run(ctx.db, ts)?),
        None => None,
    };
    let targets = if c.targets.is_empty() { String::new() } else { format!("{} ", c.targets) };
    let location = c.location.replace('\'', "''");
    let full_stmt = format!("BACKUP {targets}INTO '{location}' WITH detached");
    let incremental_stmt = format!("BACKUP {targets}INTO LATEST IN '{location}' WITH detached");
    let full_cron = match (&c.full_backup, &c.recurring) {
        (Some(explicit), _) => explicit.clone(),
        (None, Some(cron)) => default_full_cadence(cron)?,
        (None, None) => None,
    };
    let owner = ctx.me.username().to_string();
    // The first full backup runs at first_run, or at once.
    let now = ctx.db.clock.now();
    let new =
        |recurrence: Option<String>, command: String, backup_type, paused_state| NewSchedule {
            label: c.label.clone(),
            owner: owner.clone(),
            recurrence,
            command,
            backup_type: Some(backup_type),
            first_run: Some(first_run.unwrap_or(now)),
            paused_state,
        };
    // (new schedule, its id, its first run), in creation order.
    let mut created = Vec::new();
    let mut create = |n: NewSchedule| -> Result<i64, OraError> {
        let (id, first) = jobs.create_schedule(n.clone())?;
        created.push((n, id, first));
        Ok(id)
    };
    match full_cron {
        Some(full) => {
            let waiting = Some("Waiting for initial backup to complete".to_string());
            let inc_id =
                create(new(c.recurring.clone(), incremental_stmt, "INCREMENTAL", waiting))?;
            let full_id = create(new(Some(full), full_stmt, "FULL", None))?;
            jobs.pair_schedules(full_id, inc_id);
        }
        None => {
            create(new(c.recurring.clone(), full_stmt, "FULL", None))?;
        }
    }
    // Paired and answered before the worker may fire the first full backup.
    for (n, id, first) in created {
        let status = match &n.paused_state {
            Some(state) => format!("PAUSED: {state}"),
            None => "ACTIVE".to_string(),
        };
        rs.rows.push(vec![
            Value::int(id),
            Value::text(&n.label),
            Value::text(status),
            first.map_or(Value::Null, |t| Value::Timestamp(ctx.db.clock.datetime_at(t))),
            Value::text(n.recurrence.as_deref().unwrap_or("NEVER")),
            Value::text(&n.command),
        ]);
    }
    jobs.kick();
    Ok(Outcome::Rows(rs))
}

fn create_schedule_columns() -> Vec<ColumnDesc> {
    vec![
        ColumnDesc::new("SCHEDULE_ID", SqlType::NUMBER),
        ColumnDesc::new("LABEL", SqlType::Varchar2(512)),
        ColumnDesc::new("STATUS", SqlType::Varchar2(128)),
        ColumnDesc::new("FIRST_RUN", SqlType::Timestamp),
        ColumnDesc::new("SCHEDULE", SqlType::Varchar2(128)),
        ColumnDesc::new("BACKUP_STMT", SqlType::Varchar2(4000)),
    ]
}

/// The FULL BACKUP cadence CockroachDB picks when none is given (None = every backup full).
fn default_full_cadence(cron: &str) -> Result<Option<String>, OraError> {
    let parsed = crate::jobs::cron::Cron::parse(cron).map_err(|e| {
        OraError::crdb("22023", format!("error parsing schedule expression: {cron}: {e}"))
    })?;
    let start = time::macros::datetime!(2026-01-01 00:00:00);
    let gap = parsed
        .next_after(start)
        .and_then(|a| parsed.next_after(a).map(|b| b - a))
        .unwrap_or(time::Duration::days(365));
    Ok(if gap <= time::Duration::hours(1) {
        Some("@daily".into())
    } else if gap <= time::Duration::days(1) {
        Some("@weekly".into())
    } else {
        None
    })
}

/// `first_run = 'YYYY-MM-DD HH:MM[:SS]'` (UTC) as engine time.
fn parse_first_run(db: &Database, text: &str) -> Result<Duration, OraError> {
    let bad = || {
        OraError::crdb("22007", format!("parsing as type timestamp: could not parse \"{text}\""))
    };
    let (date, clock) = text.trim().split_once([' ', 'T']).ok_or_else(bad)?;
    let nums = |s: &str, sep: char| -> Option<Vec<u32>> {
        s.split(sep).map(|p| p.split('.').next()?.parse().ok()).collect()
    };
    let (d, t) = (nums(date, '-').ok_or_else(bad)?, nums(clock, ':').ok_or_else(bad)?);
    let month = d.get(1).and_then(|m| time::Month::try_from(*m as u8).ok()).ok_or_else(bad)?;
    let day = time::Date::from_calendar_date(d[0] as i32, month, *d.get(2).ok_or_else(bad)? as u8)
        .map_err(|_| bad())?;
    let hms = time::Time::from_hms(
        *t.first().ok_or_else(bad)? as u8,
        *t.get(1).unwrap_or(&0) as u8,
        *t.get(2).unwrap_or(&0) as u8,
    )
    .map_err(|_| bad())?;
    let at = time::PrimitiveDateTime::new(day, hms);
    let since = at - db.clock.datetime_at(Duration::ZERO);
    Ok(Duration::try_from(since).unwrap_or(Duration::ZERO))
}

/// Runs a due schedule's statement as its owner (the registry's firing function), in a
/// session of its own that ends with it.
pub fn fire_schedule(db: &Arc<Database>, firing: &ScheduleFiring) -> Result<(), OraError> {
    let user = db.users.get(&firing.owner).ok_or_else(|| {
        OraError::crdb("42704", format!("role/user \"{}\" does not exist", firing.owner))
    })?;
    let cell = db.sessions.logon(Identity {
        user_id: user.id,
        username: Some(user.name.clone()),
        service: Arc::from(db.config.db_name.as_str()),
        client: Arc::new(ClientInfo { program: "crdb_schedule".into(), ..ClientInfo::default() }),
        kind: SessionType::User,
        pname: None,
    });
    let release = |c: &Arc<crate::session::SessionCell>| db.release(c);
    let result = crate::sql::parse(&firing.command).and_then(|stmt| {
        let mut output = crate::plsql::OutputBuffer::default();
        let mut ctx = Ctx { db, me: &cell, output: &mut output, text: &firing.command };
        super::execute(&mut ctx, &stmt).map(|_| ())
    });
    call::logoff(&cell, &db.sessions, &release);
    result
}
