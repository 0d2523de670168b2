//! Paced rollback through the library API: the rollback rate, PMON rolling back for a session
//! that logged off, and killers on the real clock that wait for PMON — woken when the rollback
//! ends, or given ORA-00031 when the kill wait runs out first.

use std::thread;
use std::time::{Duration, Instant};

use vsession::error::{NOT_LOGGED_ON, RESOURCE_BUSY, VALUE_ERROR};
use vsession::value::Value;
use vsession::{Config, ConnectOptions, Engine, Outcome, Session};

fn system(e: &Engine) -> Session {
    e.connect(&ConnectOptions::new("system", "manager")).expect("SYSTEM logs on")
}

/// JWARD, with a table T of `n` uncommitted rows (n undo records).
fn jward_with_open_rows(e: &Engine, sys: &Session, n: usize) -> Session {
    if sys.execute("CREATE USER jward IDENTIFIED BY pw").is_ok() {
        sys.execute("GRANT CREATE SESSION, CREATE TABLE, UNLIMITED TABLESPACE TO jward").unwrap();
        sys.execute("CREATE TABLE jward.t (n NUMBER)").unwrap();
    }
    let s = e.connect(&ConnectOptions::new("jward", "pw")).unwrap();
    s.execute(&format!("BEGIN FOR i IN 1 .. {n} LOOP INSERT INTO t VALUES (i); END LOOP; END;"))
        .unwrap();
    s
}

fn rows(s: &Session, sql: &str) -> Vec<Vec<Value>> {
    match s.execute(sql).unwrap() {
        Outcome::Rows(r) => r.rows,
        other => panic!("expected rows, got {other:?}"),
    }
}

fn one(s: &Session, sql: &str) -> Option<String> {
    rows(s, sql).first().map(|r| r.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(" "))
}

fn used_urec(sys: &Session, sid: u32) -> Option<String> {
    one(
        sys,
        &format!(
            "SELECT t.used_urec FROM v$transaction t JOIN v$session s ON s.taddr = t.addr \
             WHERE s.sid = {sid}"
        ),
    )
}

/// Moves the virtual clock and waits until PMON and every call have settled.
fn advance(e: &Engine, secs: u64) {
    e.db().clock.advance(Duration::from_secs(secs));
    assert!(e.db().clock.wait_settled(Duration::from_secs(10)));
}

#[test]
fn set_rollback_rate_takes_a_positive_rate_or_null() {
    let e = Engine::new(Config { virtual_time: true, ..Config::default() });
    let sys = system(&e);
    for bad in ["0", "-5"] {
        let err = sys.execute(&format!("BEGIN VSESSION_SIM.SET_ROLLBACK_RATE({bad}); END;"));
        assert!(err.unwrap_err().is(VALUE_ERROR), "{bad}");
    }
    assert_eq!(e.db().storage.rollback_rate(), None, "a rejected rate changes nothing");
    sys.execute("BEGIN VSESSION_SIM.SET_ROLLBACK_RATE(250); END;").unwrap();
    assert_eq!(e.db().storage.rollback_rate(), Some(250.0));
    sys.execute("BEGIN VSESSION_SIM.SET_ROLLBACK_RATE(NULL); END;").unwrap();
    assert_eq!(e.db().storage.rollback_rate(), None);
    // Instant again: a ROLLBACK on this thread does not wait for the (virtual) clock.
    let jward = jward_with_open_rows(&e, &sys, 50);
    jward.execute("ROLLBACK").unwrap();
    assert_eq!(one(&sys, "SELECT COUNT(*) FROM jward.t").as_deref(), Some("0"));
}

#[test]
fn pmon_rolls_back_for_a_session_that_logged_off_and_keeps_its_locks_until_done() {
    let config = Config { virtual_time: true, rollback_rate: Some(100.0), ..Config::default() };
    let e = Engine::new(config);
    let sys = system(&e);
    let jward = jward_with_open_rows(&e, &sys, 300);
    let sid = jward.sid();
    drop(jward);
    assert!(e.db().clock.wait_settled(Duration::from_secs(10)));

    let status = format!("SELECT status, server, event FROM v$session WHERE sid = {sid}");
    assert_eq!(one(&sys, &status).as_deref(), Some("KILLED DEDICATED undo segment recovery"));
    assert_eq!(used_urec(&sys, sid).as_deref(), Some("300"));
    let later = e.connect(&ConnectOptions::new("system", "manager")).unwrap();
    assert_ne!(later.sid(), sid, "the SID stays taken while PMON rolls back");
    let lock = "LOCK TABLE jward.t IN EXCLUSIVE MODE NOWAIT";
    assert!(later.execute(lock).unwrap_err().is(RESOURCE_BUSY), "the TM lock is still held");

    advance(&e, 1);
    assert_eq!(used_urec(&sys, sid).as_deref(), Some("200"));
    advance(&e, 2);
    assert_eq!(one(&sys, &status), None, "gone once PMON is done");
    assert_eq!(used_urec(&sys, sid), None);
    later.execute(lock).expect("the lock went with the rollback");
    assert_eq!(one(&sys, "SELECT COUNT(*) FROM jward.t").as_deref(), Some("0"));
}

/// On the real clock with `kill_wait` and 1,000 undo records per second: SYSTEM, an idle JWARD
/// with `n` undo records, and the statement that kills JWARD.
fn idle_victim_on_real_time(kill_wait: Duration, n: usize) -> (Session, Session, String) {
    let e = Engine::new(Config { kill_wait, rollback_rate: Some(1000.0), ..Config::default() });
    let sys = system(&e);
    let jward = jward_with_open_rows(&e, &sys, n);
    let kill = format!("ALTER SYSTEM KILL SESSION '{},{}'", jward.sid(), jward.serial());
    (sys, jward, kill)
}

#[test]
fn a_killer_waits_for_pmon_and_is_woken_when_the_rollback_ends() {
    // 400 undo records at 1,000 per second take 0.4 s.
    let (sys, jward, kill) = idle_victim_on_real_time(Duration::from_secs(20), 400);
    let started = Instant::now();
    sys.execute(&kill).expect("the rollback ends within the kill wait");
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(300), "the killer waited for PMON ({waited:?})");
    assert!(waited < Duration::from_secs(15), "and was woken when it ended ({waited:?})");
    let status = format!("SELECT status, server FROM v$session WHERE sid = {}", jward.sid());
    assert_eq!(one(&sys, &status).as_deref(), Some("KILLED PSEUDO"));
    let next = thread::spawn(move || {
        let first = jward.execute("SELECT 1 FROM dual").unwrap_err();
        (first, jward.execute("SELECT 1 FROM dual").unwrap_err())
    });
    let (first, second) = next.join().unwrap();
    assert!(first.is(vsession::error::SESSION_KILLED));
    assert!(second.is(NOT_LOGGED_ON));
}

#[test]
fn past_the_kill_wait_the_killer_gets_ora_00031_and_pmon_completes_the_kill_later() {
    // 600 undo records at 1,000 per second take 0.6 s; the kill wait is 0.2 s.
    let (sys, jward, kill) = idle_victim_on_real_time(Duration::from_millis(200), 600);
    let started = Instant::now();
    let err = sys.execute(&kill).unwrap_err();
    assert!(err.is(vsession::error::SESSION_MARKED_FOR_KILL), "{err}");
    assert!(started.elapsed() >= Duration::from_millis(150), "the killer waited the kill wait");
    let status = format!("SELECT status, server FROM v$session WHERE sid = {}", jward.sid());
    assert_eq!(one(&sys, &status).as_deref(), Some("KILLED DEDICATED"));
    assert!(sys.execute(&kill).unwrap_err().is(vsession::error::SESSION_MARKED_FOR_KILL));
    while one(&sys, &status).as_deref() != Some("KILLED PSEUDO") {
        assert!(started.elapsed() < Duration::from_secs(10), "PMON finishes the rollback");
        thread::sleep(Duration::from_millis(5));
    }
    assert!(started.elapsed() >= Duration::from_millis(500), "not before the rollback is done");
    assert_eq!(used_urec(&sys, jward.sid()), None);
}
