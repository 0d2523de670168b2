//! Registry tests: the worker's turns driven by hand on a virtual clock.

use std::sync::Arc;
use std::time::Duration;

use super::*;
use crate::db::{Config, Database};

fn db(rate: u64) -> Arc<Database> {
    Arc::new(Database::new(Config { virtual_time: true, job_work_rate: rate, ..Config::default() }))
}

fn job(db: &Database, units: u64, fail_at: Option<u64>) -> i64 {
    let work = Box::new(testbed::Counter::new(units, fail_at));
    db.jobs.create(NewJob::new("IMPORT", "IMPORT INTO t", "SYS", work))
}

fn state(db: &Database, id: i64) -> JobState {
    db.jobs.get(id).unwrap().state
}

fn advance(db: &Arc<Database>, secs: u64) {
    db.clock.advance(Duration::from_secs(secs));
    db.jobs.turn(db);
}

#[test]
fn ids_are_unique_rowids_increasing() {
    let db = db(0);
    let a = db.jobs.unique_id();
    let b = db.jobs.unique_id();
    assert!(b > a);
    assert_eq!(a & 0x7fff, NODE_ID);
    // 2026-01-05 09:00 in 10 µs units since 2015, shifted by 15 bits.
    assert!(a > 1_100_000_000_000_000_000 && a < 1_200_000_000_000_000_000, "{a}");
}

#[test]
fn unlimited_rate_finishes_in_the_first_turn() {
    let db = db(0);
    let id = job(&db, 1000, None);
    assert_eq!(state(&db, id), JobState::Pending);
    db.jobs.turn(&db);
    let r = db.jobs.get(id).unwrap();
    assert_eq!(r.state, JobState::Succeeded);
    assert_eq!(r.fraction_completed, 1.0);
    assert!(r.finished.is_some());
}

#[test]
fn rate_spreads_work_over_engine_time() {
    let db = db(10);
    let id = job(&db, 100, None);
    db.jobs.turn(&db);
    assert_eq!(state(&db, id), JobState::Running);
    advance(&db, 5);
    assert_eq!(db.jobs.get(id).unwrap().fraction_completed, 0.5);
    advance(&db, 5);
    assert_eq!(state(&db, id), JobState::Succeeded);
}

#[test]
fn a_job_created_after_an_idle_clock_jump_starts_when_it_is_created() {
    let db = db(2);
    db.jobs.turn(&db);
    // The worker has nothing to do, so nothing wakes it while the clock jumps.
    db.clock.advance(Duration::from_secs(100));
    let id = job(&db, 40, None);
    advance(&db, 1);
    let r = db.jobs.get(id).unwrap();
    assert!(r.started >= Some(r.created), "started {:?} before created {:?}", r.started, r.created);
    assert_eq!(r.state, JobState::Running);
    assert!(
        r.fraction_completed <= 0.05,
        "the idle 100 s gave it no work: {}",
        r.fraction_completed
    );
}

#[test]
fn pause_then_resume() {
    let db = db(10);
    let id = job(&db, 100, None);
    db.jobs.turn(&db);
    db.jobs.control(&db, "SYS", id, Control::Pause, Some("maintenance")).unwrap();
    assert_eq!(state(&db, id), JobState::PauseRequested);
    advance(&db, 1);
    assert_eq!(state(&db, id), JobState::Paused);
    assert_eq!(db.jobs.get(id).unwrap().pause_reason.as_deref(), Some("maintenance"));
    advance(&db, 50);
    // No progress while paused.
    assert_eq!(db.jobs.get(id).unwrap().fraction_completed, 0.0);
    db.jobs.control(&db, "SYS", id, Control::Resume, None).unwrap();
    assert_eq!(state(&db, id), JobState::Running);
    advance(&db, 10);
    assert_eq!(state(&db, id), JobState::Succeeded);
}

#[test]
fn cancel_reverts_then_canceled() {
    let db = db(10);
    let id = job(&db, 100, None);
    db.jobs.turn(&db);
    db.jobs.control(&db, "SYS", id, Control::Cancel, None).unwrap();
    assert_eq!(state(&db, id), JobState::CancelRequested);
    // A second cancel is a no-op, still Ok.
    db.jobs.control(&db, "SYS", id, Control::Cancel, None).unwrap();
    advance(&db, 1);
    let r = db.jobs.get(id).unwrap();
    assert_eq!(r.state, JobState::Canceled);
    let e = db.jobs.control(&db, "SYS", id, Control::Pause, None).unwrap_err();
    assert_eq!(
        e.text,
        format!("job {id}: job with state canceled cannot be requested to be paused")
    );
}

#[test]
fn a_work_error_fails_the_job_through_reverting() {
    let db = db(10);
    let id = job(&db, 100, Some(30));
    db.jobs.turn(&db);
    advance(&db, 3);
    assert_eq!(state(&db, id), JobState::Reverting);
    advance(&db, 1);
    let r = db.jobs.get(id).unwrap();
    assert_eq!(r.state, JobState::Failed);
    assert_eq!(r.error, "test job failed at unit 30");
}

#[test]
fn missing_job() {
    let db = db(0);
    let e = db.jobs.control(&db, "SYS", 42, Control::Cancel, None).unwrap_err();
    assert_eq!(e.text, "job with ID 42 does not exist");
}

fn schedule(db: &Database, recurrence: Option<&str>, paused: bool) -> i64 {
    let new = schedule::NewSchedule {
        label: "s".into(),
        owner: "SYS".into(),
        recurrence: recurrence.map(str::to_string),
        command: "BACKUP INTO 'nodelocal://1/b' WITH detached".into(),
        backup_type: Some("FULL"),
        first_run: None,
        paused_state: paused.then(|| "Waiting for initial backup to complete".to_string()),
    };
    db.jobs.create_schedule(new).unwrap().0
}

#[test]
fn schedule_control_counts_and_skips_missing_ids() {
    use schedule::ScheduleControl::*;
    let db = db(0);
    let hourly = schedule(&db, Some("@hourly"), false);
    let once = schedule(&db, None, false);
    let next = |id| db.jobs.schedules().into_iter().find(|s| s.id == id).unwrap().next_run;
    assert_eq!(next(hourly), Some(Duration::from_secs(3600)));
    assert_eq!(db.jobs.control_schedules(&db, "SYS", &[hourly, 42], Pause).unwrap(), 1);
    assert_eq!(next(hourly), None);
    assert_eq!(db.jobs.control_schedules(&db, "SYS", &[hourly], Resume).unwrap(), 1);
    assert_eq!(next(hourly), Some(Duration::from_secs(3600)));
    // A paused one-off schedule cannot be resumed; the failed statement changes nothing.
    db.jobs.control_schedules(&db, "SYS", &[once], Pause).unwrap();
    db.jobs.control_schedules(&db, "SYS", &[hourly], Pause).unwrap();
    let e = db.jobs.control_schedules(&db, "SYS", &[hourly, once], Resume).unwrap_err();
    assert!(e.text.starts_with("cannot set next run for schedule"), "{}", e.text);
    assert_eq!(next(hourly), None);
    assert_eq!(db.jobs.control_schedules(&db, "SYS", &[hourly, once, 42], Drop).unwrap(), 2);
    assert!(db.jobs.schedules().is_empty());
}

#[test]
fn dropping_one_of_a_pair_drops_both() {
    let db = db(0);
    let inc = schedule(&db, Some("@hourly"), true);
    let full = schedule(&db, Some("@daily"), false);
    db.jobs.pair_schedules(full, inc);
    let n = db.jobs.control_schedules(&db, "SYS", &[inc], schedule::ScheduleControl::Drop);
    assert_eq!(n.unwrap(), 2);
    assert!(db.jobs.schedules().is_empty());
}

#[test]
fn jobs_for_schedules_are_those_in_a_state_the_command_changes() {
    let db = db(10);
    let make = |sched: i64| {
        let mut j = NewJob::new("BACKUP", "b", "SYS", Box::new(testbed::Counter::new(100, None)));
        j.created_by = Some(CreatedBy { kind: CREATED_BY_SCHEDULE.into(), id: sched });
        db.jobs.create(j)
    };
    let (a, b, _other) = (make(7), make(7), make(8));
    db.jobs.turn(&db);
    db.jobs.control(&db, "SYS", b, Control::Pause, None).unwrap();
    let ids = |cmd| db.jobs.ids_to_control(&db, "SYS", cmd, Some(&[7]), "");
    assert_eq!(ids(Control::Pause), vec![a]);
    assert_eq!(ids(Control::Resume), Vec::<i64>::new());
    advance(&db, 1);
    assert_eq!(ids(Control::Resume), vec![b]);
    assert_eq!(ids(Control::Cancel), vec![a, b]);
    assert_eq!(db.jobs.ids_to_control(&db, "SYS", Control::Cancel, None, "backup").len(), 3);
}
