//! Schedules (`system.scheduled_jobs`, `shared/reference/cockroach.md` §4): a stored statement
//! run as the owner whenever next_run passes on the engine clock; PAUSE sets next_run to NULL,
//! RESUME recomputes it from the recurrence, DROP deletes the schedule. The worker asks
//! [`due`] for the schedules to fire at each turn and runs them through the firing function.

use std::cell::Cell;
use std::time::Duration;

use time::PrimitiveDateTime;

use super::cron::Cron;
use super::{CREATED_BY_SCHEDULE, CreatedBy, Jobs, Registry, auth};
use crate::clock::Clock;
use crate::db::Database;
use crate::error::OraError;

/// How long a schedule whose previous job is still running waits before looking again
/// (CockroachDB's `recheckRunningAfter`, with `on_previous_running = 'wait'`).
pub const RECHECK_RUNNING_AFTER: Duration = Duration::from_secs(60);

/// One schedule.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// `id` (`schedule_id`).
    pub id: i64,
    /// `label` (`schedule_name`).
    pub label: String,
    /// `owner`.
    pub owner: String,
    /// `created` (engine time).
    pub created: Duration,
    /// `next_run`; None = paused.
    pub next_run: Option<Duration>,
    /// The RECURRING expression; None = NEVER (runs once, at first_run).
    pub recurrence: Option<String>,
    cron: Option<Cron>,
    /// The statement each run executes.
    pub command: String,
    /// For BACKUP schedules: `FULL` or `INCREMENTAL`.
    pub backup_type: Option<&'static str>,
    /// `state`: the schedule_state status text (e.g. why it is waiting), if any.
    pub state: Option<String>,
    /// `on_previous_running`: `wait`.
    pub on_previous_running: &'static str,
    /// `on_execution_failure`: `reschedule`.
    pub on_execution_failure: &'static str,
    /// The paired schedule (a backup's FULL / INCREMENTAL partner), unpaused by the first run.
    pub dependent: Option<i64>,
}

impl Schedule {
    /// The `command` column: the statement and, for backups, its type, as JSON (CockroachDB
    /// shows the schedule's execution arguments this way).
    pub fn command_json(&self) -> String {
        let stmt = json_string(&self.command);
        match self.backup_type {
            Some(t) => format!("{{\"backup_statement\": {stmt}, \"backup_type\": \"{t}\"}}"),
            None => format!("{{\"statement\": {stmt}}}"),
        }
    }
}

/// `s` as a JSON string literal.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What a schedule to create says (see [`Jobs::create_schedule`]).
#[derive(Debug, Clone)]
pub struct NewSchedule {
    /// The label.
    pub label: String,
    /// The owner.
    pub owner: String,
    /// The RECURRING cron expression (None = NEVER).
    pub recurrence: Option<String>,
    /// The statement to run.
    pub command: String,
    /// `FULL` / `INCREMENTAL` for backups.
    pub backup_type: Option<&'static str>,
    /// first_run (engine time); None = the recurrence's next time.
    pub first_run: Option<Duration>,
    /// Created paused with this state text (the incremental half of a backup pair waits for
    /// the first full backup).
    pub paused_state: Option<String>,
}

/// A due schedule handed to the firing function.
#[derive(Debug, Clone)]
pub struct ScheduleFiring {
    /// Schedule id (the created job's `created_by_id`).
    pub id: i64,
    /// The owner, as whom the statement runs.
    pub owner: String,
    /// The statement to run.
    pub command: String,
}

thread_local! {
    /// The schedule being fired on this thread: jobs created meanwhile belong to it.
    /// The engine time of the worker turn that fires it, which a catch-up after a clock jump
    /// replays: the jobs it creates are created then, not at the present.
    static FIRING: Cell<Option<(i64, Duration)>> = const { Cell::new(None) };
}

/// The `created_by` of a job created on this thread now.
pub(super) fn current_firing() -> Option<CreatedBy> {
    FIRING.get().map(|(id, _)| CreatedBy { kind: CREATED_BY_SCHEDULE.into(), id })
}

/// The engine time a job created on this thread now is created at: the firing turn's while a
/// schedule fires, otherwise `now`.
pub(super) fn creation_time(now: Duration) -> Duration {
    FIRING.get().map_or(now, |(_, at)| at.min(now))
}

/// Runs `f` at engine time `at` with jobs created on this thread attributed to schedule `id`.
pub(super) fn firing<T>(id: i64, at: Duration, f: impl FnOnce() -> T) -> T {
    let before = FIRING.replace(Some((id, at)));
    let out = f();
    FIRING.set(before);
    out
}

fn engine_time(clock: &Clock, at: PrimitiveDateTime) -> Duration {
    let since = at - clock.datetime_at(Duration::ZERO);
    Duration::try_from(since).unwrap_or(Duration::ZERO)
}

fn next_run_after(clock: &Clock, cron: &Cron, now: Duration) -> Option<Duration> {
    cron.next_after(clock.datetime_at(now)).map(|t| engine_time(clock, t))
}

/// Takes the schedules due at `now`: each gets its next next_run (or waits a minute more
/// while its previous job still runs); returns what to fire.
pub(super) fn due(reg: &mut Registry, clock: &Clock, now: Duration) -> Vec<ScheduleFiring> {
    let running = |id: i64, reg: &Registry| {
        reg.jobs
            .values()
            .filter(|e| {
                !e.rec.state.is_terminal() && e.rec.created_by.as_ref().is_some_and(|c| c.id == id)
            })
            .count()
    };
    let ids: Vec<i64> = reg
        .schedules
        .values()
        .filter(|s| s.next_run.is_some_and(|t| t <= now))
        .map(|s| s.id)
        .collect();
    let mut out = Vec::new();
    for id in ids {
        let n = running(id, reg);
        let Some(s) = reg.schedules.get_mut(&id) else { continue };
        if n > 0 {
            s.next_run = Some(now + RECHECK_RUNNING_AFTER);
            s.state = Some(format!("waiting for {n} running jobs to complete"));
            continue;
        }
        s.next_run = s.cron.as_ref().and_then(|c| next_run_after(clock, c, now));
        s.state = None;
        out.push(ScheduleFiring { id, owner: s.owner.clone(), command: s.command.clone() });
    }
    out
}

/// Records the outcome of a firing: a failure goes in the schedule's state (a success is
/// followed up when its job succeeds: `job_succeeded`).
pub(super) fn record_execution(reg: &mut Registry, id: i64, result: Result<(), OraError>) {
    let Some(s) = reg.schedules.get_mut(&id) else { return };
    if let Err(e) = result {
        s.state = Some(format!("reschedule: {}", super::error_text(&e)));
    }
}

/// A job schedule `id` created has succeeded: if it is the full-backup half of a pair whose
/// incremental half still waits for a first full backup, the incremental one starts now (an
/// incremental backup needs a completed full one to append to).
pub(super) fn job_succeeded(reg: &mut Registry, clock: &Clock, now: Duration, id: i64) {
    let dependent = reg.schedules.get(&id).and_then(|s| s.dependent);
    if let Some(d) = dependent.and_then(|d| reg.schedules.get_mut(&d))
        && d.next_run.is_none()
        && d.state.is_some()
    {
        d.state = None;
        d.next_run = d.cron.as_ref().and_then(|c| next_run_after(clock, c, now));
    }
}

/// What PAUSE / RESUME / DROP SCHEDULE does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScheduleControl {
    /// PAUSE SCHEDULE(S).
    Pause,
    /// RESUME SCHEDULE(S).
    Resume,
    /// DROP SCHEDULE(S).
    Drop,
}

impl ScheduleControl {
    /// The keyword (`PAUSE SCHEDULES 1`, `must be admin ... to PAUSE it`).
    pub fn keyword(self) -> &'static str {
        match self {
            ScheduleControl::Pause => "PAUSE",
            ScheduleControl::Resume => "RESUME",
            ScheduleControl::Drop => "DROP",
        }
    }
}

impl Jobs {
    /// Creates a schedule (next_run = first_run, else the recurrence's next time after now);
    /// returns its id and first next_run. A bad cron expression is an error and creates
    /// nothing. The worker is not kicked: the caller does that once it has paired schedules.
    pub fn create_schedule(&self, new: NewSchedule) -> Result<(i64, Option<Duration>), OraError> {
        let clock = &self.shared.clock;
        let now = clock.now();
        let cron = match &new.recurrence {
            Some(expr) => Some(Cron::parse(expr).map_err(|e| {
                OraError::crdb("22023", format!("error parsing schedule expression: {expr}: {e}"))
            })?),
            None => None,
        };
        let next_run = match (&new.paused_state, new.first_run, &cron) {
            (Some(_), _, _) => None,
            (None, Some(t), _) => Some(t.max(now)),
            (None, None, Some(c)) => next_run_after(clock, c, now),
            (None, None, None) => Some(now),
        };
        let id = {
            let mut reg = self.lock();
            let id = super::next_unique(&mut reg, clock);
            reg.schedules.insert(
                id,
                Schedule {
                    id,
                    label: new.label,
                    owner: new.owner,
                    created: now,
                    next_run,
                    recurrence: new.recurrence,
                    cron,
                    command: new.command,
                    backup_type: new.backup_type,
                    state: new.paused_state,
                    on_previous_running: "wait",
                    on_execution_failure: "reschedule",
                    dependent: None,
                },
            );
            id
        };
        Ok((id, next_run))
    }

    /// Pairs two schedules (a backup's FULL and INCREMENTAL halves): firing `full` unpauses
    /// `incremental`, dropping either drops both.
    pub fn pair_schedules(&self, full: i64, incremental: i64) {
        let mut reg = self.lock();
        if let Some(s) = reg.schedules.get_mut(&full) {
            s.dependent = Some(incremental);
        }
        if let Some(s) = reg.schedules.get_mut(&incremental) {
            s.dependent = Some(full);
        }
    }

    /// Snapshots of every schedule, by id.
    pub fn schedules(&self) -> Vec<Schedule> {
        self.lock().schedules.values().cloned().collect()
    }

    /// True if a schedule labelled `label` exists (CREATE SCHEDULE IF NOT EXISTS).
    pub fn schedule_label_exists(&self, label: &str) -> bool {
        self.lock().schedules.values().any(|s| s.label == label)
    }

    /// Applies PAUSE / RESUME / DROP to the schedules `ids` for `user`, all or nothing: every
    /// existing one is checked (admin or owner; RESUME of a paused one-off schedule fails)
    /// before any changes. Returns how many schedules it affected: missing ids are skipped,
    /// DROP of a paired backup schedule drops its partner too and counts it.
    pub fn control_schedules(
        &self,
        db: &Database,
        user: &str,
        ids: &[i64],
        cmd: ScheduleControl,
    ) -> Result<u64, OraError> {
        let clock = &self.shared.clock;
        let now = clock.now();
        let mut reg = self.lock();
        for id in ids {
            let Some(s) = reg.schedules.get(id) else { continue };
            auth::authorize_schedule(db, user, &s.owner, *id, cmd.keyword())?;
            if cmd == ScheduleControl::Resume && s.next_run.is_none() && s.cron.is_none() {
                return Err(OraError::crdb(
                    "XXUUU",
                    format!("cannot set next run for schedule {id} (empty schedule)"),
                ));
            }
        }
        let mut n = 0;
        for id in ids {
            let Some(s) = reg.schedules.get_mut(id) else { continue };
            n += 1;
            match cmd {
                ScheduleControl::Pause => s.next_run = None,
                ScheduleControl::Resume => {
                    if s.next_run.is_none() {
                        s.next_run = s.cron.as_ref().and_then(|c| next_run_after(clock, c, now));
                        s.state = None;
                    }
                }
                ScheduleControl::Drop => {
                    let dependent = s.dependent;
                    reg.schedules.remove(id);
                    if dependent.and_then(|d| reg.schedules.remove(&d)).is_some() {
                        n += 1;
                    }
                }
            }
        }
        drop(reg);
        if cmd == ScheduleControl::Resume {
            self.kick();
        }
        Ok(n)
    }
}
