//! Syntax tree of the CockroachDB job-control statements: SHOW JOB(S) / AUTOMATIC JOBS /
//! SCHEDULE(S), CANCEL | PAUSE | RESUME JOB(S) (by id, select, FOR SCHEDULE(S), ALL type),
//! CREATE SCHEDULE, PAUSE | RESUME | DROP SCHEDULE(S). Grammar: `shared/reference/cockroach.md`
//! §1, §3, §4. The SHOW forms are queries over the `crdb_internal` / `system` views:
//! [`JobStatement::as_query`] gives the rewrite, as CockroachDB's delegate package does.

use crate::jobs::Control;
use crate::jobs::schedule::ScheduleControl;
use crate::sql::ast::{Expr, Query};

/// Where the ids of a statement come from: the singular form's scalar expression (CockroachDB's
/// `VALUES ((a_expr))`) or a select. Each keeps its source text, from which the SHOW rewrites
/// are built.
#[derive(Debug, Clone, PartialEq)]
pub enum Ids {
    /// `JOB a_expr`, `SCHEDULE a_expr`.
    One {
        /// The expression.
        expr: Expr,
        /// Its text.
        text: String,
    },
    /// `JOBS select_stmt`, `SCHEDULES select_stmt`.
    Select {
        /// The query.
        query: Box<Query>,
        /// Its text.
        text: String,
    },
}

impl Ids {
    /// The source text.
    pub fn text(&self) -> &str {
        match self {
            Ids::One { text, .. } | Ids::Select { text, .. } => text,
        }
    }
}

/// Which jobs a control statement names.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// `JOB a_expr` / `JOBS select_stmt`.
    Jobs(Ids),
    /// `JOBS FOR SCHEDULE a_expr` / `JOBS FOR SCHEDULES select_stmt`.
    ForSchedules(Ids),
    /// `ALL type JOBS` (the type as written, lower case).
    AllOfType(String),
}

/// Which rows SHOW JOBS lists.
#[derive(Debug, Clone, PartialEq)]
pub enum ShowJobs {
    /// `SHOW JOBS`: not automatic jobs, finished in the last 12 hours or not finished.
    Recent,
    /// `SHOW AUTOMATIC JOBS`.
    Automatic,
    /// `SHOW CHANGEFEED JOBS`.
    Changefeed,
    /// `SHOW JOB a_expr`, `SHOW JOBS select`, `SHOW JOBS FOR SCHEDULE(S) ...`.
    Listed(Target),
}

/// Which schedules SHOW SCHEDULES lists.
#[derive(Debug, Clone, PartialEq)]
pub enum ShowSchedules {
    /// `SHOW SCHEDULES`.
    All,
    /// `SHOW RUNNING SCHEDULES`: next_run set.
    Running,
    /// `SHOW PAUSED SCHEDULES`: next_run NULL.
    Paused,
    /// `SHOW SCHEDULE a_expr`.
    One(Ids),
}

/// `CREATE SCHEDULE ... FOR BACKUP ...`.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateSchedule {
    /// IF NOT EXISTS.
    pub if_not_exists: bool,
    /// The label (unquoted names lower-cased, as CockroachDB does).
    pub label: String,
    /// What to back up, as written after BACKUP and before INTO (e.g. `TABLE t`); empty for
    /// the whole cluster.
    pub targets: String,
    /// The INTO location.
    pub location: String,
    /// `RECURRING 'cron'`; None for NEVER.
    pub recurring: Option<String>,
    /// `FULL BACKUP 'cron'` / `FULL BACKUP ALWAYS` (None inside = ALWAYS); None if absent.
    pub full_backup: Option<Option<String>>,
    /// `WITH SCHEDULE OPTIONS first_run = 'timestamp'`.
    pub first_run: Option<String>,
}

/// A CockroachDB job or schedule control statement.
#[derive(Debug, Clone, PartialEq)]
pub enum JobStatement {
    /// SHOW JOBS and its variants; `when_complete` blocks until the listed jobs finish.
    ShowJobs {
        /// Which jobs.
        which: ShowJobs,
        /// `WHEN COMPLETE`.
        when_complete: bool,
    },
    /// PAUSE / RESUME / CANCEL JOB(S).
    Control {
        /// The command.
        cmd: Control,
        /// Which jobs.
        target: Target,
        /// `WITH REASON = 'text'` (PAUSE only).
        reason: Option<Expr>,
    },
    /// SHOW [RUNNING | PAUSED] SCHEDULES, SHOW SCHEDULE id.
    ShowSchedules(ShowSchedules),
    /// PAUSE / RESUME / DROP SCHEDULE(S).
    ControlSchedules {
        /// The command.
        cmd: ScheduleControl,
        /// Which schedules.
        ids: Ids,
    },
    /// CREATE SCHEDULE ... FOR BACKUP.
    CreateSchedule(Box<CreateSchedule>),
}

impl JobStatement {
    /// The jobs `SHOW JOB(S) WHEN COMPLETE ...` waits for before it shows them; None for
    /// every other statement.
    pub fn awaited(&self) -> Option<&Target> {
        match self {
            JobStatement::ShowJobs { which: ShowJobs::Listed(target), when_complete: true } => {
                Some(target)
            }
            _ => None,
        }
    }

    /// The query a SHOW form stands for (None for the other statements): `[SHOW JOBS]` in FROM
    /// and `CANCEL JOBS (SELECT job_id FROM [SHOW JOBS] ...)` use it.
    pub fn as_query(&self) -> Option<Query> {
        let text = match self {
            JobStatement::ShowJobs { which, .. } => show_jobs_sql(which),
            JobStatement::ShowSchedules(which) => show_schedules_sql(which),
            _ => return None,
        };
        match crate::sql::parse(&text) {
            Ok(crate::sql::ast::Statement::Query(q)) => Some(*q),
            _ => None,
        }
    }
}

/// Job types SHOW AUTOMATIC JOBS lists and SHOW JOBS leaves out (the fact sheet's newest list).
pub const AUTOMATIC_JOB_TYPES: &[&str] = &[
    "AUTO CREATE STATS",
    "AUTO CREATE PARTIAL STATS",
    "AUTO SPAN CONFIG RECONCILIATION",
    "AUTO SQL STATS COMPACTION",
    "AUTO SCHEMA TELEMETRY",
    "POLL JOBS STATS",
    "AUTO CONFIG RUNNER",
    "AUTO CONFIG ENV RUNNER",
    "AUTO CONFIG TASK",
    "KEY VISUALIZER",
    "AUTO UPDATE SQL ACTIVITY",
    "MVCC STATISTICS UPDATE",
    "UPDATE TABLE METADATA CACHE",
    "SQL ACTIVITY FLUSH",
];

/// SHOW JOBS without ids: CockroachDB's columns with the description cut to 59 characters,
/// ' … ' and its last 7 when longer than 70; finished in the last 12 hours or not finished;
/// the most recently finished (then unfinished, by start) first. CockroachDB truncates the
/// times to the second (`date_trunc`); here they are timestamps as the view has them.
const RECENT_COLUMNS: &str = "job_id, job_type, \
    CASE WHEN LENGTH(description) > 70 \
         THEN SUBSTR(description, 1, 59) || ' … ' || SUBSTR(description, -7) \
         ELSE description END AS description, \
    user_name, status, running_status, created, started, finished, modified, \
    fraction_completed, error, coordinator_id";

/// SHOW JOB id / SHOW JOBS select: every column, full description, no filter or order.
const LISTED_COLUMNS: &str = "job_id, job_type, description, statement, user_name, status, \
    running_status, created, started, finished, modified, fraction_completed, error, \
    coordinator_id, trace_id, execution_errors";

fn quoted_list(items: &[&str]) -> String {
    items.iter().map(|t| format!("'{t}'")).collect::<Vec<_>>().join(", ")
}

/// The ids of the jobs a target names, as SQL: a select of ids.
fn target_ids_sql(target: &Target) -> String {
    match target {
        Target::Jobs(Ids::One { text, .. }) => format!("SELECT {text} FROM dual"),
        Target::Jobs(Ids::Select { text, .. }) => text.clone(),
        Target::ForSchedules(ids) => {
            let schedules = match ids {
                Ids::One { text, .. } => format!("SELECT {text} FROM dual"),
                Ids::Select { text, .. } => text.clone(),
            };
            format!(
                "SELECT id FROM system.jobs WHERE created_by_type = '{}' \
                 AND created_by_id IN ({schedules})",
                crate::jobs::CREATED_BY_SCHEDULE
            )
        }
        Target::AllOfType(t) => {
            format!("SELECT id FROM system.jobs WHERE job_type = '{}'", t.to_ascii_uppercase())
        }
    }
}

fn show_jobs_sql(which: &ShowJobs) -> String {
    let recent = |filter: String| {
        format!(
            "SELECT {RECENT_COLUMNS} FROM crdb_internal.jobs \
             WHERE {filter} AND (finished IS NULL OR finished > SYSTIMESTAMP - 0.5) \
             ORDER BY COALESCE(finished, SYSTIMESTAMP) DESC, started DESC NULLS LAST"
        )
    };
    let automatic = quoted_list(AUTOMATIC_JOB_TYPES);
    match which {
        ShowJobs::Recent => recent(format!("job_type NOT IN ({automatic})")),
        ShowJobs::Automatic => recent(format!("job_type IN ({automatic})")),
        ShowJobs::Changefeed => recent("job_type = 'CHANGEFEED'".into()),
        ShowJobs::Listed(target) => format!(
            "SELECT {LISTED_COLUMNS} FROM crdb_internal.jobs WHERE job_id IN ({})",
            target_ids_sql(target)
        ),
    }
}

/// SHOW SCHEDULES: CockroachDB's columns over SYSTEM.SCHEDULED_JOBS, with the number of
/// running jobs each schedule created.
fn show_schedules_sql(which: &ShowSchedules) -> String {
    let filter = match which {
        ShowSchedules::All => String::new(),
        ShowSchedules::Running => " WHERE next_run IS NOT NULL".into(),
        ShowSchedules::Paused => " WHERE next_run IS NULL".into(),
        ShowSchedules::One(id) => format!(" WHERE schedule_id = ({})", id.text()),
    };
    format!(
        "SELECT schedule_id AS id, schedule_name AS label, \
         CASE WHEN next_run IS NULL THEN 'PAUSED' ELSE 'ACTIVE' END AS schedule_status, \
         next_run, schedule_state AS state, NVL(schedule_expr, 'NEVER') AS recurrence, \
         (SELECT COUNT(*) FROM system.jobs j WHERE j.status = 'running' \
            AND j.created_by_type = '{}' AND j.created_by_id = s.schedule_id) AS jobsrunning, \
         owner, created, on_previous_running, on_execution_failure, command \
         FROM system.scheduled_jobs s{filter}",
        crate::jobs::CREATED_BY_SCHEDULE
    )
}
