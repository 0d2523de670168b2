//! The registry's worker: one thread per database that takes turns on the engine clock (see
//! the module doc of `jobs`). It takes part in the clock's settle accounting like a session
//! does: busy while taking a turn, parked while waiting, and whoever wakes it (the clock at its
//! deadline, a kick) counts it busy again, so a script runner knows when it is at rest.

use std::sync::{Arc, Weak};
use std::time::Duration;

use super::schedule::ScheduleFiring;
use super::{Entry, JobState, Registry, Shared, Step, TICK};
use crate::clock::Wake;
use crate::db::Database;

#[derive(Default)]
pub(super) struct WorkerState {
    woken: bool,
    parked: bool,
    stop: bool,
}

impl Wake for Shared {
    fn wake(&self) {
        let mut ws = self.worker.lock();
        ws.woken = true;
        if ws.parked {
            ws.parked = false;
            self.clock.unparked();
        }
        self.cond.notify_all();
    }
}

pub(super) fn spawn(db: Weak<Database>, shared: Arc<Shared>) {
    shared.clock.begin_work();
    let spawned = std::thread::Builder::new().name("jobs-worker".into()).spawn({
        let shared = shared.clone();
        move || run(db, shared)
    });
    if spawned.is_err() {
        // No thread: jobs stay pending (tests may drive turns themselves).
        shared.clock.end_work();
    }
}

pub(super) fn stop(shared: &Shared) {
    shared.worker.lock().stop = true;
    shared.wake();
}

fn run(db: Weak<Database>, shared: Arc<Shared>) {
    let waker: Arc<dyn Wake> = shared.clone();
    loop {
        let deadline = match db.upgrade() {
            Some(db) => turn(&db, &shared),
            None => break,
        };
        let mut ws = shared.worker.lock();
        if ws.stop {
            break;
        }
        if ws.woken {
            ws.woken = false;
            continue;
        }
        ws.parked = true;
        let (_, parked) = shared.clock.wait_until_parked(&shared.cond, &mut ws, deadline, &waker);
        if ws.parked {
            // Nobody woke us (deadline, or no wait at all): count busy again if we stopped.
            ws.parked = false;
            if parked {
                shared.clock.unparked();
            }
        }
        ws.woken = false;
        if ws.stop {
            break;
        }
    }
    shared.clock.end_work();
}

/// What a turn does to one job, decided under the registry lock and carried out without it.
enum Action {
    Step(u64),
    Revert,
}

/// Most turns one wake-up catches up on before it jumps to the present.
const MAX_CATCH_UP: usize = 100_000;

/// Takes the turns that were due since the last one (a virtual clock can jump hours in one
/// `ADVANCE`), each at its own engine time, so a job finishes, and a schedule fires, at the
/// time it would have on a clock that moved smoothly; then a turn now. Returns the engine
/// time of the next turn, if anything waits on time.
pub(super) fn turn(db: &Arc<Database>, shared: &Shared) -> Option<Duration> {
    let now = shared.clock.now();
    for _ in 0..MAX_CATCH_UP {
        let next = {
            let reg = shared.reg.lock();
            next_turn(&reg, reg.last_turn).filter(|t| *t > reg.last_turn && *t < now)
        };
        match next {
            Some(t) => {
                turn_at(db, shared, t);
            }
            None => break,
        }
    }
    turn_at(db, shared, now)
}

/// One turn at engine time `now`: act on requests, adopt pending jobs, step running ones,
/// revert reverting ones, fire due schedules.
fn turn_at(db: &Arc<Database>, shared: &Shared, now: Duration) -> Option<Duration> {
    let mut work = Vec::new();
    let firings;
    {
        let mut reg = shared.reg.lock();
        reg.last_turn = reg.last_turn.max(now);
        let rate = reg.rate;
        for (id, e) in reg.jobs.iter_mut() {
            if let Some(action) = decide(e, now, rate)
                && let Some(w) = e.work.take()
            {
                work.push((*id, w, action));
            }
        }
        firings = super::schedule::due(&mut reg, &shared.clock, now);
    }
    let mut finished = false;
    for (id, mut w, action) in work {
        let outcome = match action {
            Action::Step(budget) => Outcome::Stepped(w.step(db, budget)),
            Action::Revert => Outcome::Reverted(w.revert(db)),
        };
        let mut reg = shared.reg.lock();
        let Some(e) = reg.jobs.get_mut(&id) else { continue };
        e.work = Some(w);
        let done = apply(e, outcome, now);
        finished |= done;
        let by_schedule =
            e.rec.created_by.as_ref().filter(|c| c.kind == super::CREATED_BY_SCHEDULE);
        if let Some(schedule) = by_schedule.map(|c| c.id)
            && done
            && e.rec.state == JobState::Succeeded
        {
            super::schedule::job_succeeded(&mut reg, &shared.clock, now, schedule);
        }
    }
    fire(db, shared, firings, now);
    let waiters = if finished { shared.reg.lock().waiters.clone() } else { Vec::new() };
    for w in waiters {
        w.wake();
    }
    let reg = shared.reg.lock();
    next_turn(&reg, now)
}

enum Outcome {
    Stepped(Result<Step, crate::error::OraError>),
    Reverted(Result<(), crate::error::OraError>),
}

/// Moves a job along by the clock; returns the work to do outside the lock.
fn decide(e: &mut Entry, now: Duration, rate: u64) -> Option<Action> {
    // A request is acted on at a turn later in engine time than the request itself.
    let due = now > e.rec.modified;
    match e.rec.state {
        // A catch-up turn replaying engine time from before the job existed must not adopt it:
        // its work starts when it was created, not at the last turn before that.
        JobState::Pending if now >= e.rec.created => {
            e.rec.state = JobState::Running;
            e.rec.started = Some(now);
            e.rec.coordinator_id = Some(super::NODE_ID);
            e.rec.modified = now;
            e.last_step = now;
            Some(Action::Step(budget(rate, Duration::ZERO)))
        }
        JobState::Running => {
            let elapsed = now.saturating_sub(e.last_step);
            e.last_step = e.last_step.max(now);
            Some(Action::Step(budget(rate, elapsed)))
        }
        JobState::PauseRequested if due => {
            e.rec.state = JobState::Paused;
            e.rec.modified = now;
            None
        }
        JobState::CancelRequested if due => {
            e.rec.state = JobState::Reverting;
            e.rec.modified = now;
            Some(Action::Revert)
        }
        JobState::Reverting => Some(Action::Revert),
        _ => None,
    }
}

/// Work units for `elapsed` engine time at `rate` per second (0 = unlimited).
fn budget(rate: u64, elapsed: Duration) -> u64 {
    if rate == 0 {
        return u64::MAX;
    }
    let units = u128::from(rate) * elapsed.as_nanos() / 1_000_000_000;
    u64::try_from(units).unwrap_or(u64::MAX)
}

/// Records what the work did; true if the job has just finished.
fn apply(e: &mut Entry, outcome: Outcome, now: Duration) -> bool {
    match outcome {
        Outcome::Stepped(Ok(Step::Progress(f))) => {
            e.rec.fraction_completed = f.clamp(0.0, 1.0);
            false
        }
        Outcome::Stepped(Ok(Step::Done)) if e.rec.state == JobState::Running => {
            e.rec.fraction_completed = 1.0;
            finish(e, JobState::Succeeded, now)
        }
        // Finished while a pause or cancel was pending: the request goes on.
        Outcome::Stepped(Ok(Step::Done)) => false,
        Outcome::Stepped(Err(err)) => {
            let text = super::error_text(&err);
            e.rec.execution_errors.push(text.clone());
            e.failure = Some(text);
            e.rec.state = JobState::Reverting;
            e.rec.modified = now;
            false
        }
        Outcome::Reverted(Ok(())) if e.rec.state == JobState::Reverting => {
            match e.failure.clone() {
                Some(err) => {
                    e.rec.error = err;
                    finish(e, JobState::Failed, now)
                }
                None => {
                    e.rec.error = super::CANCELED_BY_USER.into();
                    finish(e, JobState::Canceled, now)
                }
            }
        }
        Outcome::Reverted(Ok(())) => false,
        Outcome::Reverted(Err(err)) => {
            e.rec.error = super::error_text(&err);
            finish(e, JobState::RevertFailed, now)
        }
    }
}

fn finish(e: &mut Entry, state: JobState, now: Duration) -> bool {
    e.rec.state = state;
    e.rec.finished = Some(now);
    e.rec.modified = now;
    e.rec.running_status = None;
    e.work = None;
    true
}

/// When the worker must take its next turn: one tick from now while any job is active, and
/// at the earliest next_run of an active schedule.
fn next_turn(reg: &Registry, now: Duration) -> Option<Duration> {
    let active =
        reg.jobs.values().any(|e| !e.rec.state.is_terminal() && e.rec.state != JobState::Paused);
    let tick = active.then_some(now + TICK);
    let schedule = reg.schedules.values().filter_map(|s| s.next_run).min();
    match (tick, schedule) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Runs the due schedules' statements through the firing function (no lock held).
fn fire(db: &Arc<Database>, shared: &Shared, firings: Vec<ScheduleFiring>, now: Duration) {
    if firings.is_empty() {
        return;
    }
    let Some(fire) = shared.fire.get() else { return };
    for f in firings {
        let result = super::schedule::firing(f.id, now, || fire(db, &f));
        let mut reg = shared.reg.lock();
        super::schedule::record_execution(&mut reg, f.id, result);
    }
}
