//! CRDB_INTERNAL.JOBS, SYSTEM.JOBS and SYSTEM.SCHEDULED_JOBS, from the job registry
//! (`crate::jobs`). Job rows are filtered by the requester's view access (§6 of the CockroachDB
//! fact sheet): admin, VIEWJOB or CONTROLJOB see all, anyone else their own.

use std::sync::Arc;
use std::time::Duration;

use super::fields::{build, resolve};
use super::sessions::timestamp_at;
use super::{Producer, Scan};
use crate::clock::Clock;
use crate::db::Database;
use crate::jobs::auth::{display_user, view_all};
use crate::jobs::{JobRecord, Schedule};
use crate::session::SessionCell;
use crate::value::{Row, Value};

/// The producer of `view`, if it is one of this module's.
pub fn producer(view: &str, columns: &[String]) -> Option<(Producer, bool)> {
    let produce: Producer = match view {
        "CRDB_INTERNAL.JOBS" => job_producer(resolve(view, columns, CRDB_JOBS)),
        "SYSTEM.JOBS" => job_producer(resolve(view, columns, SYSTEM_JOBS)),
        "SYSTEM.SCHEDULED_JOBS" => {
            let fields = resolve(view, columns, SCHEDULED_JOBS);
            Box::new(move |db, _me, scan| {
                let clock = &db.clock;
                db.jobs
                    .schedules()
                    .iter()
                    .map(|s| build(&fields, scan.needed, |f| schedule_value(clock, s, f)))
                    .collect()
            })
        }
        _ => return None,
    };
    Some((produce, false))
}

fn job_producer(fields: Vec<J>) -> Producer {
    Box::new(move |db, me, scan| job_rows(db, me, &fields, scan))
}

fn job_rows(db: &Database, me: &Arc<SessionCell>, fields: &[J], scan: &Scan<'_>) -> Vec<Row> {
    let user = me.username();
    let all = view_all(db, user);
    let mut rows = Vec::new();
    db.jobs.for_each(|j| {
        if all || crate::jobs::auth::can_view(db, user, j) {
            rows.push(build(fields, scan.needed, |f| job_value(&db.clock, j, f)));
        }
    });
    rows
}

#[derive(Clone, Copy)]
enum J {
    Id,
    Type,
    Description,
    Statement,
    User,
    DescriptorIds,
    Status,
    RunningStatus,
    Created,
    Started,
    Finished,
    Modified,
    Fraction,
    Null,
    Error,
    Coordinator,
    Trace,
    ExecutionErrors,
    CreatedByType,
    CreatedById,
}

const CRDB_JOBS: &[(&str, J)] = &[
    ("JOB_ID", J::Id),
    ("JOB_TYPE", J::Type),
    ("DESCRIPTION", J::Description),
    ("STATEMENT", J::Statement),
    ("USER_NAME", J::User),
    ("DESCRIPTOR_IDS", J::DescriptorIds),
    ("STATUS", J::Status),
    ("RUNNING_STATUS", J::RunningStatus),
    ("CREATED", J::Created),
    ("STARTED", J::Started),
    ("FINISHED", J::Finished),
    ("MODIFIED", J::Modified),
    ("FRACTION_COMPLETED", J::Fraction),
    ("HIGH_WATER_TIMESTAMP", J::Null),
    ("ERROR", J::Error),
    ("COORDINATOR_ID", J::Coordinator),
    ("TRACE_ID", J::Trace),
    ("EXECUTION_ERRORS", J::ExecutionErrors),
];

const SYSTEM_JOBS: &[(&str, J)] = &[
    ("ID", J::Id),
    ("STATUS", J::Status),
    ("CREATED", J::Created),
    ("CREATED_BY_TYPE", J::CreatedByType),
    ("CREATED_BY_ID", J::CreatedById),
    ("JOB_TYPE", J::Type),
    ("OWNER", J::User),
    ("DESCRIPTION", J::Description),
    ("FINISHED", J::Finished),
];

fn opt_timestamp(clock: &Clock, t: Option<Duration>) -> Value {
    t.map_or(Value::Null, |t| timestamp_at(clock, t))
}

/// An array as CockroachDB prints it: `{a,b}`.
fn array<T: ToString>(items: &[T]) -> Value {
    let inner: Vec<String> = items.iter().map(ToString::to_string).collect();
    Value::text(format!("{{{}}}", inner.join(",")))
}

fn job_value(clock: &Clock, j: &JobRecord, f: J) -> Value {
    match f {
        J::Id => Value::int(j.id),
        J::Type => Value::text(&j.job_type),
        J::Description => Value::text(&j.description),
        J::Statement => Value::text(&j.statement),
        J::User => Value::text(display_user(&j.user_name)),
        J::DescriptorIds => array(&j.descriptor_ids),
        J::Status => Value::text(j.state.as_str()),
        J::RunningStatus => Value::opt_text(j.running_status.as_deref()),
        J::Created => timestamp_at(clock, j.created),
        J::Started => opt_timestamp(clock, j.started),
        J::Finished => opt_timestamp(clock, j.finished),
        J::Modified => timestamp_at(clock, j.modified),
        J::Fraction => fraction(j.fraction_completed),
        J::Null => Value::Null,
        J::Error => Value::text(&j.error),
        J::Coordinator => j.coordinator_id.map_or(Value::Null, Value::int),
        J::Trace => Value::int(j.trace_id),
        J::ExecutionErrors => array(&j.execution_errors),
        J::CreatedByType => Value::opt_text(j.created_by.as_ref().map(|c| c.kind.as_str())),
        J::CreatedById => j.created_by.as_ref().map_or(Value::Null, |c| Value::int(c.id)),
    }
}

/// A fraction with at most 4 decimals, so float noise never reaches a transcript.
fn fraction(f: f64) -> Value {
    let scaled = (f * 10_000.0).round() as i64;
    Value::Number(rust_decimal::Decimal::new(scaled, 4).normalize())
}

#[derive(Clone, Copy)]
enum S {
    Id,
    Name,
    Created,
    Owner,
    NextRun,
    State,
    Expr,
    Executor,
    Command,
    OnPreviousRunning,
    OnExecutionFailure,
}

const SCHEDULED_JOBS: &[(&str, S)] = &[
    ("SCHEDULE_ID", S::Id),
    ("SCHEDULE_NAME", S::Name),
    ("CREATED", S::Created),
    ("OWNER", S::Owner),
    ("NEXT_RUN", S::NextRun),
    ("SCHEDULE_STATE", S::State),
    ("SCHEDULE_EXPR", S::Expr),
    ("EXECUTOR_TYPE", S::Executor),
    ("COMMAND", S::Command),
    ("ON_PREVIOUS_RUNNING", S::OnPreviousRunning),
    ("ON_EXECUTION_FAILURE", S::OnExecutionFailure),
];

fn schedule_value(clock: &Clock, s: &Schedule, f: S) -> Value {
    match f {
        S::Id => Value::int(s.id),
        S::Name => Value::text(&s.label),
        S::Created => timestamp_at(clock, s.created),
        S::Owner => Value::text(display_user(&s.owner)),
        S::NextRun => opt_timestamp(clock, s.next_run),
        S::State => Value::opt_text(s.state.as_deref()),
        S::Expr => Value::opt_text(s.recurrence.as_deref()),
        S::Executor => Value::text("scheduled-backup-executor"),
        S::Command => Value::text(s.command_json()),
        S::OnPreviousRunning => Value::text(s.on_previous_running),
        S::OnExecutionFailure => Value::text(s.on_execution_failure),
    }
}
