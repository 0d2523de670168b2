//! Long-running jobs and schedules: the CockroachDB job model (`shared/reference/cockroach.md`
//! §3–§4). A registry of jobs with CockroachDB's states and transitions, run by a background
//! worker on the engine clock; each job kind does real work on the engine's tables through
//! [`JobWork`]. The SQL statements that create and control jobs are in `exec::jobs` and
//! `exec::job_kinds`.
//!
//! FLOW
//! ----
//! A statement creates a job with [`Jobs::create`] (state `pending`) and the worker is kicked.
//! The worker ([`worker`]) adopts it (`running`) and calls [`JobWork::step`] with a budget of
//! work units: the configured work rate times the engine time since the last step
//! ([`Jobs::set_work_rate`]; 0 = unlimited, so a job finishes in its first step). While any job
//! is active the worker takes a turn every engine second ([`TICK`]), so on the virtual clock a
//! job progresses only when a script advances time, and the same script prints the same
//! progress every run. Control statements ([`Jobs::control`]) only *request* a pause or cancel;
//! the worker acts on a request at its next turn that is later in engine time than the request
//! (`pause-requested` -> `paused`, `cancel-requested` -> `reverting` -> `canceled`, calling
//! [`JobWork::revert`]), as CockroachDB's coordinator does. A step error moves the job through
//! `reverting` to `failed`.
//!
//! Control statements apply at once, outside any transaction (CockroachDB's are transactional:
//! a PAUSE JOB inside BEGIN .. ROLLBACK has no effect there; here it has).
//!
//! Schedules ([`schedule`]) fire when their next_run passes on the engine clock: the worker
//! calls the firing function given to [`Jobs::start`] (the exec layer's, which runs the stored
//! statement as the schedule's owner), so the job registry knows nothing of SQL.

pub mod auth;
pub mod cron;
pub mod kinds;
pub mod schedule;
pub mod state;
pub mod testbed;
mod worker;

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use parking_lot::{Condvar, Mutex, MutexGuard};
use time::macros::datetime;

use crate::clock::{Clock, Wake};
use crate::db::Database;
use crate::error::OraError;
use crate::session::SessionCell;

pub use schedule::{Schedule, ScheduleFiring};
pub use state::{Control, JobState};

/// What one step of a job's work reports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Step {
    /// More to do; the fraction completed so far (0.0 ..= 1.0).
    Progress(f64),
    /// The work is complete.
    Done,
}

/// The work of one job kind (BACKUP, RESTORE, IMPORT, CREATE STATS, CHANGEFEED, SCHEMA
/// CHANGE...). The registry's worker calls [`JobWork::step`] with a budget of work units
/// (rows, in general) derived from the configured work rate and the engine clock, so a test
/// bed can make a job run long enough to pause or cancel it, deterministically. The worker
/// holds no registry lock while it calls into the work, so the work may read the registry
/// (e.g. [`Jobs::set_running_status`]).
pub trait JobWork: Send + 'static {
    /// Does up to `budget` units of work. `u64::MAX` means "as much as you like".
    fn step(&mut self, db: &Database, budget: u64) -> Result<Step, OraError>;

    /// Undoes the partial work after a cancel or failure (state `reverting`): e.g. RESTORE drops
    /// the partially restored table. The default has nothing to undo.
    fn revert(&mut self, _db: &Database) -> Result<(), OraError> {
        Ok(())
    }
}

/// The worker's turn while jobs are active: one engine second.
pub const TICK: Duration = Duration::from_secs(1);

/// `created_by_type` of jobs a schedule created.
pub const CREATED_BY_SCHEDULE: &str = "crdb_schedule";

/// Who created a job, when not a user statement (`created_by_type`, `created_by_id`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedBy {
    /// `crdb_schedule` for schedule-created jobs.
    pub kind: String,
    /// The schedule id.
    pub id: i64,
}

/// A job to create (see [`Jobs::create`]).
pub struct NewJob {
    /// `job_type`, e.g. `BACKUP`, `AUTO CREATE STATS`, `SCHEMA CHANGE`.
    pub job_type: String,
    /// `description`: the statement as CockroachDB describes it.
    pub description: String,
    /// `statement` (often empty).
    pub statement: String,
    /// The owner: the user whose statement created the job.
    pub user_name: String,
    /// `descriptor_ids`: ids of the tables the job touches.
    pub descriptor_ids: Vec<i64>,
    /// CANCEL refuses: `job <id>: not cancelable` (DROP, RENAME, CREATE TABLE AS...).
    pub noncancelable: bool,
    /// Set for schedule-created jobs.
    pub created_by: Option<CreatedBy>,
    /// The work.
    pub work: Box<dyn JobWork>,
}

impl NewJob {
    /// A job of `job_type` owned by `user_name` doing `work`, described by `description`.
    pub fn new(
        job_type: &str,
        description: &str,
        user_name: &str,
        work: Box<dyn JobWork>,
    ) -> NewJob {
        NewJob {
            job_type: job_type.into(),
            description: description.into(),
            statement: String::new(),
            user_name: user_name.into(),
            descriptor_ids: Vec::new(),
            noncancelable: false,
            created_by: None,
            work,
        }
    }
}

/// One row of `crdb_internal.jobs`: a snapshot of a job.
#[derive(Debug, Clone, PartialEq)]
pub struct JobRecord {
    /// `job_id`.
    pub id: i64,
    /// `job_type`.
    pub job_type: String,
    /// `description`.
    pub description: String,
    /// `statement`.
    pub statement: String,
    /// `user_name`: the owner.
    pub user_name: String,
    /// `descriptor_ids`.
    pub descriptor_ids: Vec<i64>,
    /// `status`.
    pub state: JobState,
    /// `running_status` (NULL when None).
    pub running_status: Option<String>,
    /// `created` (engine time).
    pub created: Duration,
    /// `started`.
    pub started: Option<Duration>,
    /// `finished`.
    pub finished: Option<Duration>,
    /// `modified`.
    pub modified: Duration,
    /// `fraction_completed`.
    pub fraction_completed: f64,
    /// `error` ('' when none).
    pub error: String,
    /// `coordinator_id`: the node that adopted the job (NULL before).
    pub coordinator_id: Option<i64>,
    /// `trace_id`.
    pub trace_id: i64,
    /// `execution_errors`.
    pub execution_errors: Vec<String>,
    /// `created_by_type` / `created_by_id`.
    pub created_by: Option<CreatedBy>,
    /// CANCEL refuses.
    pub noncancelable: bool,
    /// The reason given with `PAUSE JOB ... WITH REASON`.
    pub pause_reason: Option<String>,
    /// Set when the job was paused while reverting (CockroachDB's FinalResumeError): RESUME
    /// continues reverting, CANCEL refuses.
    pub final_resume_error: Option<String>,
}

struct Entry {
    rec: JobRecord,
    /// Taken out while the worker steps it.
    work: Option<Box<dyn JobWork>>,
    /// Engine time of the last step (the budget runs from here).
    last_step: Duration,
    /// Why the job is reverting: a cancel (None) or a failure (the error).
    failure: Option<String>,
}

struct Registry {
    jobs: BTreeMap<i64, Entry>,
    schedules: BTreeMap<i64, Schedule>,
    /// Last timestamp (10 µs units since 2015) handed out by `unique_rowid`.
    last_unique: i64,
    /// Work units per engine second; 0 = unlimited.
    rate: u64,
    /// Sessions waiting for jobs to finish (SHOW JOBS WHEN COMPLETE, non-detached jobs).
    waiters: Vec<Arc<dyn Wake>>,
    /// Engine time of the worker's last turn.
    last_turn: Duration,
}

/// The registry of jobs and schedules of one database, and its worker.
pub struct Jobs {
    shared: Arc<Shared>,
}

/// The firing function of schedules (see [`Jobs::start`]).
pub type FireFn = fn(&Arc<Database>, &ScheduleFiring) -> Result<(), OraError>;

struct Shared {
    clock: Arc<Clock>,
    reg: Mutex<Registry>,
    worker: Mutex<worker::WorkerState>,
    cond: Condvar,
    fire: OnceLock<FireFn>,
}

/// The `error` of a job cancelled by CANCEL JOB.
pub const CANCELED_BY_USER: &str = "job canceled by user";

/// Node id in generated ids and `coordinator_id`: a one-node cluster.
pub const NODE_ID: i64 = 1;

impl Jobs {
    /// An empty registry; its worker starts with [`Jobs::start`]. `rate` is the work rate
    /// (units per engine second, 0 = unlimited).
    pub fn new(clock: Arc<Clock>, rate: u64) -> Jobs {
        let reg = Registry {
            jobs: BTreeMap::new(),
            schedules: BTreeMap::new(),
            last_unique: 0,
            rate,
            waiters: Vec::new(),
            last_turn: Duration::ZERO,
        };
        Jobs {
            shared: Arc::new(Shared {
                clock,
                reg: Mutex::new(reg),
                worker: Mutex::new(worker::WorkerState::default()),
                cond: Condvar::new(),
                fire: OnceLock::new(),
            }),
        }
    }

    /// Starts the worker thread of `db`'s registry; `fire` runs a due schedule. Idempotent.
    pub fn start(db: &Arc<Database>, fire: FireFn) {
        if db.jobs.shared.fire.set(fire).is_ok() {
            worker::spawn(Arc::downgrade(db), db.jobs.shared.clone());
        }
    }

    /// Sets the work rate: units of work per engine second; 0 = unlimited.
    pub fn set_work_rate(&self, units_per_sec: u64) {
        self.shared.reg.lock().rate = units_per_sec;
    }

    /// The work rate (0 = unlimited).
    pub fn work_rate(&self) -> u64 {
        self.shared.reg.lock().rate
    }

    fn lock(&self) -> MutexGuard<'_, Registry> {
        self.shared.reg.lock()
    }

    /// A new unique id like CockroachDB's `unique_rowid()`: the engine clock's date in 10 µs
    /// units since 2015-01-01, shifted left 15 bits, with the node id in the low bits; strictly
    /// increasing, so deterministic under the virtual clock.
    pub fn unique_id(&self) -> i64 {
        let mut reg = self.lock();
        next_unique(&mut reg, &self.shared.clock)
    }

    /// Creates a job (state `pending`, created now) and kicks the worker; returns its id.
    pub fn create(&self, job: NewJob) -> i64 {
        let now = schedule::creation_time(self.shared.clock.now());
        let id = {
            let mut reg = self.lock();
            let id = next_unique(&mut reg, &self.shared.clock);
            let rec = JobRecord {
                id,
                job_type: job.job_type,
                description: job.description,
                statement: job.statement,
                user_name: job.user_name,
                descriptor_ids: job.descriptor_ids,
                state: JobState::Pending,
                running_status: None,
                created: now,
                started: None,
                finished: None,
                modified: now,
                fraction_completed: 0.0,
                error: String::new(),
                coordinator_id: None,
                trace_id: 0,
                execution_errors: Vec::new(),
                created_by: job.created_by.or_else(schedule::current_firing),
                noncancelable: job.noncancelable,
                pause_reason: None,
                final_resume_error: None,
            };
            reg.jobs.insert(id, Entry { rec, work: Some(job.work), last_step: now, failure: None });
            id
        };
        self.kick();
        id
    }

    /// A snapshot of one job.
    pub fn get(&self, id: i64) -> Option<JobRecord> {
        self.lock().jobs.get(&id).map(|e| e.rec.clone())
    }

    /// Snapshots of every job, by id (= creation order).
    pub fn list(&self) -> Vec<JobRecord> {
        self.lock().jobs.values().map(|e| e.rec.clone()).collect()
    }

    /// Calls `f` on every job under the registry lock (the views' scan: no cloning).
    pub fn for_each(&self, mut f: impl FnMut(&JobRecord)) {
        for e in self.lock().jobs.values() {
            f(&e.rec);
        }
    }

    /// Sets a job's `running_status` (a job kind reporting what it is doing).
    pub fn set_running_status(&self, id: i64, status: Option<String>) {
        let now = self.shared.clock.now();
        if let Some(e) = self.lock().jobs.get_mut(&id) {
            e.rec.running_status = status;
            e.rec.modified = now;
        }
    }

    /// Applies PAUSE / RESUME / CANCEL to job `id` for `user`: see [`Jobs::control_many`].
    pub fn control(
        &self,
        db: &Database,
        user: &str,
        id: i64,
        cmd: Control,
        reason: Option<&str>,
    ) -> Result<(), OraError> {
        self.control_many(db, user, &[id], cmd, reason)
    }

    /// Applies PAUSE / RESUME / CANCEL to the jobs `ids` for `user`, all or nothing (CockroachDB
    /// runs the statement in one transaction): every job is checked first — a missing one is
    /// `job with ID <id> does not exist`, a privilege failure per `auth`, a refused transition
    /// `job <id>: job with state <s> cannot be ...` — and only then are the changes made. A
    /// no-op (PAUSE of a paused job) is fine. A changed job kicks the worker.
    pub fn control_many(
        &self,
        db: &Database,
        user: &str,
        ids: &[i64],
        cmd: Control,
        reason: Option<&str>,
    ) -> Result<(), OraError> {
        let now = self.shared.clock.now();
        // An admin may control every job: checked once, not per job.
        let admin = db.users.is_admin(user);
        let mut reg = self.lock();
        let mut changes = Vec::with_capacity(ids.len());
        for &id in ids {
            let Some(e) = reg.jobs.get(&id) else {
                return Err(OraError::crdb("XXUUU", format!("job with ID {id} does not exist")));
            };
            if !admin {
                auth::authorize(db, user, &e.rec, auth::Access::Control)?;
            }
            let r = &e.rec;
            let next =
                state::transition(r.state, cmd, r.noncancelable, r.final_resume_error.as_deref())
                    .map_err(|msg| OraError::crdb("XXUUU", state::wrap_error(id, &msg)))?;
            if let Some(next) = next {
                changes.push((id, next));
            }
        }
        // The worker has caught up to now (it wakes at its deadlines): its next turn starts
        // from here, not from before the change.
        reg.last_turn = reg.last_turn.max(now);
        for &(id, next) in &changes {
            let Some(e) = reg.jobs.get_mut(&id) else { continue };
            if cmd == Control::Pause && e.rec.state == JobState::Reverting {
                // Paused while reverting: RESUME goes on reverting, CANCEL refuses.
                let why = e.failure.clone().unwrap_or_else(|| CANCELED_BY_USER.to_string());
                e.rec.final_resume_error = Some(why);
            }
            e.rec.state = next;
            e.rec.modified = now;
            match cmd {
                Control::Pause => e.rec.pause_reason = reason.map(str::to_string),
                Control::Resume => {
                    e.rec.pause_reason = None;
                    e.rec.final_resume_error = None;
                    e.last_step = now;
                }
                Control::Cancel => {}
            }
        }
        drop(reg);
        if !changes.is_empty() {
            self.kick();
        }
        Ok(())
    }

    /// The ids of the jobs `user` can see that a schedule of `schedules` created (or, with
    /// `schedules` None, of type `job_type`) and that are in a state `cmd` changes: the rows
    /// of CockroachDB's `... JOBS FOR SCHEDULES` and `... ALL type JOBS` rewrites.
    pub fn ids_to_control(
        &self,
        db: &Database,
        user: &str,
        cmd: Control,
        schedules: Option<&[i64]>,
        job_type: &str,
    ) -> Vec<i64> {
        let view_all = auth::view_all(db, user);
        let reg = self.lock();
        reg.jobs
            .values()
            .map(|e| &e.rec)
            .filter(|r| cmd.valid_from().contains(&r.state))
            .filter(|r| match schedules {
                Some(ids) => r
                    .created_by
                    .as_ref()
                    .is_some_and(|c| c.kind == CREATED_BY_SCHEDULE && ids.contains(&c.id)),
                None => r.job_type.eq_ignore_ascii_case(job_type),
            })
            .filter(|r| view_all || auth::can_view(db, user, r))
            .map(|r| r.id)
            .collect()
    }

    /// Parks `me` until every job of `ids` has finished (a missing id counts as finished).
    /// Interruptible: a kill or cancel of `me` ends the wait with its error.
    pub fn wait_finished(&self, me: &Arc<SessionCell>, ids: &[i64]) -> Result<(), OraError> {
        self.wait_finished_within(me, ids, None)
    }

    /// [`Jobs::wait_finished`] giving up after `limit` of engine time with CockroachDB's
    /// `timed out waiting for jobs` (SQLSTATE 55000): SHOW JOBS WHEN COMPLETE waits 24 hours.
    pub fn wait_finished_within(
        &self,
        me: &Arc<SessionCell>,
        ids: &[i64],
        limit: Option<Duration>,
    ) -> Result<(), OraError> {
        let deadline = limit.map(|l| self.shared.clock.now() + l);
        let waker: Arc<dyn Wake> = me.clone();
        self.lock().waiters.push(waker.clone());
        let result = loop {
            if let Err(e) = crate::session::call::check(me) {
                break Err(e);
            }
            let done = {
                let reg = self.lock();
                ids.iter().all(|id| reg.jobs.get(id).is_none_or(|e| e.rec.state.is_terminal()))
            };
            if done {
                break Ok(());
            }
            if me.park(deadline, None) {
                break Err(OraError::crdb("55000", "timed out waiting for jobs"));
            }
        };
        self.lock().waiters.retain(|w| !Arc::ptr_eq(w, &waker));
        result
    }

    /// Wakes the worker for a turn now (a job was created or resumed).
    pub fn kick(&self) {
        self.shared.wake();
    }

    /// Runs one worker turn on the calling thread (tests drive the registry this way without
    /// a worker thread).
    pub fn turn(&self, db: &Arc<Database>) {
        worker::turn(db, &self.shared);
    }
}

impl Drop for Jobs {
    fn drop(&mut self) {
        worker::stop(&self.shared);
    }
}

fn next_unique(reg: &mut Registry, clock: &Clock) -> i64 {
    const EPOCH_2015: time::PrimitiveDateTime = datetime!(2015-01-01 00:00:00);
    let since = clock.datetime() - EPOCH_2015;
    let units = (since.whole_nanoseconds() / 10_000) as i64;
    let ts = units.max(reg.last_unique + 1);
    reg.last_unique = ts;
    (ts << 15) | NODE_ID
}

/// An error as the `error` column shows it: a CockroachDB error's text, an Oracle error's
/// `ORA-nnnnn: text`.
pub fn error_text(e: &OraError) -> String {
    if e.crdb_sqlstate().is_some() { e.text.clone() } else { e.to_string() }
}

#[cfg(test)]
mod tests;
