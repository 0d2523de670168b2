//! The library API across real threads: kills of ACTIVE and INACTIVE sessions, every kill
//! error, DROP USER of a connected user, and the registry at 100,000 sessions.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use vsession::error::{
    CANT_DROP_CONNECTED_USER, CANT_KILL_OWN_SESSION, INSUFFICIENT_PRIVILEGES, INVALID_LOGON,
    INVALID_SESSION_ID, NO_CREATE_SESSION, NO_SUCH_SESSION, NOT_LOGGED_ON, NOT_USER_SESSION,
    SESSION_KILLED, TABLE_NOT_FOUND, USER_CANCEL,
};
use vsession::value::Value;
use vsession::{Config, ConnectOptions, Engine, Outcome, Session};

fn engine() -> Engine {
    Engine::new(Config::default())
}

fn system(e: &Engine) -> Session {
    e.connect(&ConnectOptions::new("system", "manager")).expect("SYSTEM logs on")
}

fn user(e: &Engine, sys: &Session, name: &str) -> Session {
    if sys.execute(&format!("CREATE USER {name} IDENTIFIED BY pw")).is_ok() {
        sys.execute(&format!("GRANT CREATE SESSION TO {name}")).unwrap();
    }
    e.connect(&ConnectOptions::new(name, "pw")).unwrap()
}

fn rows(s: &Session, sql: &str) -> Vec<Vec<Value>> {
    match s.execute(sql).unwrap() {
        Outcome::Rows(r) => r.rows,
        other => panic!("expected rows, got {other:?}"),
    }
}

fn status_of(sys: &Session, sid: u32) -> Option<(String, String)> {
    let r = rows(sys, &format!("SELECT status, server FROM v$session WHERE sid = {sid}"));
    r.first().map(|row| (row[0].to_string(), row[1].to_string()))
}

fn kill(sys: &Session, victim: &Session) -> Result<Outcome, vsession::OraError> {
    sys.execute(&format!("ALTER SYSTEM KILL SESSION '{},{}'", victim.sid(), victim.serial()))
}

#[test]
fn killing_an_active_sleeping_session_ends_its_call_with_ora_00028() {
    let e = engine();
    let sys = system(&e);
    let jward = user(&e, &sys, "JWARD");
    let (sid, serial) = (jward.sid(), jward.serial());
    let (tx, rx) = mpsc::channel();
    let victim = thread::spawn(move || {
        let r = jward.execute("BEGIN DBMS_SESSION.SLEEP(600); END;");
        tx.send(r.map(|_| ()).map_err(|e| e.code)).unwrap();
        jward
    });
    // Wait until the victim is inside its sleep (ACTIVE comes first, while the block compiles).
    let event_of = || rows(&sys, &format!("SELECT event FROM v$session WHERE sid = {sid}"));
    while event_of()[0][0].to_string() != "PL/SQL lock timer" {
        thread::sleep(Duration::from_millis(2));
    }
    assert_eq!(status_of(&sys, sid).map(|s| s.0), Some("ACTIVE".into()));
    sys.execute(&format!("ALTER SYSTEM KILL SESSION '{sid},{serial}'")).expect("System altered.");
    // The 600 s sleep is interrupted: the result is there long before it could have ended.
    let r = rx.recv_timeout(Duration::from_secs(30)).expect("the victim's call returned");
    assert_eq!(r, Err(SESSION_KILLED));
    let jward = victim.join().unwrap();
    assert_eq!(status_of(&sys, sid), None, "the row is gone once the victim was told");
    assert!(jward.execute("SELECT 1 FROM dual").unwrap_err().is(NOT_LOGGED_ON));
}

#[test]
fn killing_an_inactive_session_defers_the_notification() {
    let e = engine();
    let sys = system(&e);
    let jward = user(&e, &sys, "JWARD");
    kill(&sys, &jward).expect("System altered.");
    assert_eq!(status_of(&sys, jward.sid()), Some(("KILLED".into(), "PSEUDO".into())));
    assert!(jward.execute("SELECT 1 FROM dual").unwrap_err().is(SESSION_KILLED));
    assert_eq!(status_of(&sys, jward.sid()), None);
    assert!(jward.execute("SELECT 1 FROM dual").unwrap_err().is(NOT_LOGGED_ON));
    assert!(jward.execute("garbage").unwrap_err().is(NOT_LOGGED_ON));
}

#[test]
fn kill_errors_change_nothing() {
    let e = engine();
    let sys = system(&e);
    let jward = user(&e, &sys, "JWARD");
    let (sid, serial) = (jward.sid(), jward.serial());
    let expect = |sql: String, code| {
        let err = sys.execute(&sql).unwrap_err();
        assert!(err.is(code), "{sql}: got {err}");
    };
    expect(format!("ALTER SYSTEM KILL SESSION '{sid}'"), INVALID_SESSION_ID);
    expect(format!("ALTER SYSTEM KILL SESSION '{sid},x'"), INVALID_SESSION_ID);
    expect(format!("ALTER SYSTEM KILL SESSION '{sid},{serial},1'"), INVALID_SESSION_ID);
    expect(format!("ALTER SYSTEM KILL SESSION '{sid},{}'", serial + 1), NO_SUCH_SESSION);
    expect("ALTER SYSTEM KILL SESSION '9999,1'".into(), NO_SUCH_SESSION);
    expect(format!("ALTER SYSTEM KILL SESSION '{sid},{serial},@2'"), NO_SUCH_SESSION);
    expect(
        format!("ALTER SYSTEM KILL SESSION '{},{}'", sys.sid(), sys.serial()),
        CANT_KILL_OWN_SESSION,
    );
    expect("ALTER SYSTEM KILL SESSION '1,1'".into(), NOT_USER_SESSION);
    let err = jward
        .execute(&format!("ALTER SYSTEM KILL SESSION '{},{}'", sys.sid(), sys.serial()))
        .unwrap_err();
    assert!(err.is(INSUFFICIENT_PRIVILEGES));
    assert_eq!(status_of(&sys, sid), Some(("INACTIVE".into(), "DEDICATED".into())));
    assert_eq!(status_of(&sys, sys.sid()).unwrap().0, "ACTIVE");
    assert!(jward.execute("SELECT 1 FROM dual").is_ok(), "the would-be victim is unharmed");
    // With @1 (this instance) the kill works.
    sys.execute(&format!("ALTER SYSTEM KILL SESSION '{sid}, {serial}, @1'")).unwrap();
}

#[test]
fn cancel_sql_fails_the_call_and_the_session_lives() {
    let e = engine();
    let sys = system(&e);
    let jward = user(&e, &sys, "JWARD");
    let (sid, serial) = (jward.sid(), jward.serial());
    let victim = thread::spawn(move || {
        let r = jward.execute("BEGIN DBMS_LOCK.SLEEP(600); END;");
        (r.map(|_| ()).map_err(|e| e.code), jward)
    });
    while status_of(&sys, sid).map(|s| s.0) != Some("ACTIVE".into()) {
        thread::sleep(Duration::from_millis(2));
    }
    sys.execute(&format!("ALTER SYSTEM CANCEL SQL '{sid}, {serial}'")).unwrap();
    let (r, jward) = victim.join().unwrap();
    assert_eq!(r, Err(USER_CANCEL));
    assert!(jward.execute("SELECT 1 FROM dual").is_ok());
    assert_eq!(status_of(&sys, sid), Some(("INACTIVE".into(), "DEDICATED".into())));
}

#[test]
fn logon_errors_and_drop_user_while_connected() {
    let e = engine();
    let sys = system(&e);
    assert!(e.connect(&ConnectOptions::new("system", "bad")).err().unwrap().is(INVALID_LOGON));
    assert!(e.connect(&ConnectOptions::new("nobody", "x")).err().unwrap().is(INVALID_LOGON));
    sys.execute("CREATE USER scott IDENTIFIED BY tiger").unwrap();
    assert!(e.connect(&ConnectOptions::new("scott", "tiger")).err().unwrap().is(NO_CREATE_SESSION));
    sys.execute("GRANT CREATE SESSION TO scott").unwrap();
    let scott = e.connect(&ConnectOptions::new("scott", "tiger")).unwrap();
    // Without dictionary access V$SESSION does not exist for SCOTT.
    assert!(scott.execute("SELECT sid FROM v$session").unwrap_err().is(TABLE_NOT_FOUND));
    kill(&sys, &scott).unwrap();
    let err = sys.execute("DROP USER scott").unwrap_err();
    assert!(err.is(CANT_DROP_CONNECTED_USER), "a KILLED session still counts: {err}");
    assert!(scott.execute("SELECT 1 FROM dual").unwrap_err().is(SESSION_KILLED));
    sys.execute("DROP USER scott CASCADE").unwrap();
    assert!(e.connect(&ConnectOptions::new("scott", "tiger")).err().unwrap().is(INVALID_LOGON));
}

#[test]
fn sids_are_reused_lowest_first_with_a_new_serial() {
    let e = engine();
    let sys = system(&e);
    let a = user(&e, &sys, "A1");
    let (sid, serial) = (a.sid(), a.serial());
    a.disconnect();
    let b = user(&e, &sys, "A1");
    assert_eq!((b.sid(), b.serial()), (sid, serial + 1));
}

#[test]
fn the_registry_holds_100_000_sessions() {
    let e = engine();
    let sys = system(&e);
    sys.execute("CREATE USER bulk IDENTIFIED BY pw").unwrap();
    sys.execute("GRANT CREATE SESSION TO bulk").unwrap();
    let opts = ConnectOptions::new("bulk", "pw");
    let sessions: Vec<Session> = (0..100_000).map(|_| e.connect(&opts).unwrap()).collect();
    let n = rows(&sys, "SELECT COUNT(*) FROM v$session WHERE username = 'BULK'");
    assert_eq!(n[0][0], Value::int(100_000));
    let last = sessions.last().unwrap();
    assert_eq!(status_of(&sys, last.sid()).unwrap().0, "INACTIVE");
    drop(sessions);
    let n = rows(&sys, "SELECT COUNT(*) FROM v$session WHERE username = 'BULK'");
    assert_eq!(n[0][0], Value::int(0));
}

#[test]
fn concurrent_logons_kills_and_calls_leave_no_session_behind() {
    let e = engine();
    let sys = system(&e);
    sys.execute("CREATE USER worker IDENTIFIED BY pw").unwrap();
    sys.execute("GRANT CREATE SESSION, ALTER SYSTEM, SELECT ANY DICTIONARY TO worker").unwrap();
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let e = e.clone();
            thread::spawn(move || {
                let opts = ConnectOptions::new("worker", "pw");
                for round in 0..200 {
                    let me = e.connect(&opts).unwrap();
                    let other = e.connect(&opts).unwrap();
                    // Kill a neighbour's session if one is there, ignoring the races Oracle
                    // reports as errors (it ended already, or is already marked).
                    let sql = format!(
                        "SELECT sid, serial# FROM v$session WHERE username = 'WORKER' AND sid <> {} AND status <> 'KILLED' AND ROWNUM <= 1",
                        me.sid()
                    );
                    if let Ok(Outcome::Rows(r)) = me.execute(&sql)
                        && let Some(row) = r.rows.first()
                    {
                        let _ = me.execute(&format!("ALTER SYSTEM KILL SESSION '{},{}' IMMEDIATE", row[0], row[1]));
                    }
                    let _ = other.execute("SELECT 1 FROM dual");
                    if (round + t) % 3 == 0 {
                        let _ = me.execute("BEGIN DBMS_SESSION.SLEEP(0.001); END;");
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("no worker panicked or hung");
    }
    let n = rows(&sys, "SELECT COUNT(*) FROM v$session WHERE username = 'WORKER'");
    assert_eq!(n[0][0], Value::int(0), "every worker session ended with its handle");
}

#[test]
fn a_service_wide_disconnect_ends_every_session_of_the_service() {
    let e = engine();
    let sys = system(&e);
    let db = e.db();
    db.services.create("sales.example.com", None, Default::default(), db.clock.now()).unwrap();
    let mut opts = ConnectOptions::new("system", "manager");
    opts.service = Some("sales.example.com".into());
    assert!(
        e.connect(&opts).err().unwrap().is(vsession::error::LISTENER_UNKNOWN_SERVICE),
        "not started yet"
    );
    db.services.start("sales.example.com").unwrap();
    let a = e.connect(&opts).unwrap();
    let b = e.connect(&opts).unwrap();
    let other = user(&e, &sys, "JWARD");
    let svc = rows(&sys, &format!("SELECT service_name FROM v$session WHERE sid = {}", a.sid()));
    assert_eq!(svc[0][0].to_string(), "sales.example.com");
    let mut output = vsession::plsql::OutputBuffer::default();
    let mut ctx = vsession::exec::Ctx { db, me: &sys.cell(), output: &mut output, text: "" };
    vsession::exec::services::disconnect_session(
        &mut ctx,
        "SALES.EXAMPLE.COM",
        vsession::exec::services::NOREPLAY,
    )
    .unwrap();
    for s in [&a, &b] {
        assert_eq!(status_of(&sys, s.sid()), Some(("KILLED".into(), "PSEUDO".into())));
        assert!(s.cell().lock().flags.contains(vsession::session::SessionFlags::NOREPLAY));
    }
    assert_eq!(status_of(&sys, other.sid()).unwrap().0, "INACTIVE", "other services are untouched");
    let mut ctx = vsession::exec::Ctx { db, me: &sys.cell(), output: &mut output, text: "" };
    vsession::exec::services::disconnect_session(
        &mut ctx,
        "no.such.service",
        vsession::exec::services::IMMEDIATE,
    )
    .expect("an unknown service is not an error");
}

#[test]
fn a_killer_waits_for_an_uninterruptible_phase_and_is_woken_when_it_ends() {
    let e = Engine::new(Config { kill_wait: Duration::from_secs(20), ..Config::default() });
    let sys = system(&e);
    let jward = user(&e, &sys, "JWARD");
    let (sid, serial) = (jward.sid(), jward.serial());
    let victim = thread::spawn(move || {
        jward.execute("BEGIN VSESSION_SIM.NETWORK_IO(0.5); END;").map(|_| ())
    });
    loop {
        let r = rows(&sys, &format!("SELECT event FROM v$session WHERE sid = {sid}"));
        if r.first().is_some_and(|row| row[0].to_string() == "SQL*Net more data to client") {
            break;
        }
        thread::sleep(Duration::from_millis(2));
    }
    let started = std::time::Instant::now();
    sys.execute(&format!("ALTER SYSTEM KILL SESSION '{sid},{serial}'"))
        .expect("the phase ends within the kill wait");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(200),
        "the killer waited for the I/O to end ({waited:?})"
    );
    assert!(
        waited < Duration::from_secs(15),
        "and was woken when it ended, not at the kill wait ({waited:?})"
    );
    assert!(victim.join().unwrap().unwrap_err().is(SESSION_KILLED));
    assert_eq!(status_of(&sys, sid), None);
}

#[test]
fn an_immediate_kill_drops_the_connection_on_19c_and_is_ora_00028_on_older_releases() {
    use vsession::error::{CONNECTION_LOST_CONTACT, NOT_CONNECTED};
    for (compatible, first, then) in [
        (vsession::Compatible::Oracle19c, CONNECTION_LOST_CONTACT, NOT_CONNECTED),
        (vsession::Compatible::Oracle11g, SESSION_KILLED, NOT_LOGGED_ON),
    ] {
        let e = Engine::new(Config { compatible, ..Config::default() });
        let sys = system(&e);
        let jward = user(&e, &sys, "JWARD");
        sys.execute(&format!(
            "ALTER SYSTEM KILL SESSION '{},{}' IMMEDIATE",
            jward.sid(),
            jward.serial()
        ))
        .unwrap();
        assert_eq!(status_of(&sys, jward.sid()), Some(("KILLED".into(), "PSEUDO".into())));
        assert!(jward.execute("SELECT 1 FROM dual").unwrap_err().is(first), "{compatible:?}");
        assert!(jward.execute("SELECT 1 FROM dual").unwrap_err().is(then), "{compatible:?}");
        // A plain kill is ORA-00028 on every release.
        let other = user(&e, &sys, "JWARD");
        kill(&sys, &other).unwrap();
        assert!(other.execute("SELECT 1 FROM dual").unwrap_err().is(SESSION_KILLED));
    }
}

/// An Application Continuity service (FAILOVER_TYPE TRANSACTION) and a BANK user with a table.
fn ac_setup(e: &Engine, sys: &Session) -> ConnectOptions {
    sys.execute("CREATE USER bank IDENTIFIED BY pw").unwrap();
    sys.execute("GRANT CREATE SESSION, RESOURCE TO bank").unwrap();
    sys.execute(
        "BEGIN DBMS_SERVICE.CREATE_SERVICE('ac', 'ac', failover_type => 'TRANSACTION'); \
         DBMS_SERVICE.START_SERVICE('ac'); END;",
    )
    .unwrap();
    let mut opts = ConnectOptions::new("bank", "pw");
    opts.service = Some("ac".into());
    let app = e.connect(&opts).unwrap();
    app.execute("CREATE TABLE acct (id NUMBER PRIMARY KEY, bal NUMBER)").unwrap();
    app.execute("INSERT INTO acct VALUES (1, 100)").unwrap();
    app.execute("COMMIT").unwrap();
    opts
}

fn failed_over(sys: &Session, s: &Session) -> String {
    let r = rows(sys, &format!("SELECT failed_over FROM v$session WHERE sid = {}", s.sid()));
    r[0][0].to_string()
}

#[test]
fn the_session_handle_replays_a_killed_transaction_on_a_new_session() {
    let e = engine();
    let sys = system(&e);
    let opts = ac_setup(&e, &sys);
    let app = e.connect(&opts).unwrap();
    app.execute("UPDATE acct SET bal = bal + 1 WHERE id = 1").unwrap();
    assert_eq!(rows(&app, "SELECT bal FROM acct")[0][0], Value::int(101));
    let (old_sid, old_serial) = (app.sid(), app.serial());
    assert_eq!(failed_over(&sys, &app), "NO");
    kill(&sys, &app).unwrap();
    // The client sees no error: its next call runs on a new session with the update replayed.
    app.execute("UPDATE acct SET bal = bal + 1 WHERE id = 1").unwrap();
    assert_ne!((app.sid(), app.serial()), (old_sid, old_serial));
    assert_eq!(failed_over(&sys, &app), "YES");
    assert!(app.cell().lock().flags.contains(vsession::session::SessionFlags::FAILED_OVER));
    app.execute("COMMIT").unwrap();
    assert_eq!(rows(&sys, "SELECT bal FROM bank.acct")[0][0], Value::int(102));
}

#[test]
fn replay_is_refused_with_noreplay_or_when_the_data_changed() {
    let e = engine();
    let sys = system(&e);
    let opts = ac_setup(&e, &sys);

    // NOREPLAY: the original error (19c: NOREPLAY implies IMMEDIATE, the connection is cut).
    let app = e.connect(&opts).unwrap();
    app.execute("UPDATE acct SET bal = 0 WHERE id = 1").unwrap();
    let id = format!("{},{}", app.sid(), app.serial());
    sys.execute(&format!("ALTER SYSTEM KILL SESSION '{id}' NOREPLAY")).unwrap();
    let err = app.execute("SELECT bal FROM acct").unwrap_err();
    assert!(err.is(vsession::error::CONNECTION_LOST_CONTACT), "{err}");

    // The data the transaction read changed underneath: the replay is rejected, ORA-00028.
    let app = e.connect(&opts).unwrap();
    app.execute("UPDATE acct SET bal = bal + 1 WHERE id = 1").unwrap();
    app.execute("SELECT count(*) FROM acct").unwrap();
    kill(&sys, &app).unwrap();
    let clerk = e.connect(&ConnectOptions::new("bank", "pw")).unwrap();
    clerk.execute("INSERT INTO acct VALUES (2, 5)").unwrap();
    clerk.execute("COMMIT").unwrap();
    assert!(app.execute("COMMIT").unwrap_err().is(SESSION_KILLED));
    assert!(app.execute("SELECT 1 FROM dual").unwrap_err().is(NOT_LOGGED_ON));
    // Nothing of the rejected replay is left: only clerk and SYSTEM are logged on.
    let n = rows(&sys, "SELECT count(*) FROM v$session WHERE username = 'BANK'");
    assert_eq!(n[0][0], Value::int(1));
    assert_eq!(rows(&sys, "SELECT bal FROM bank.acct WHERE id = 1")[0][0], Value::int(100));

    // A request holding a side effect (an ALTER SYSTEM KILL of another session) is not replayed.
    let mut dba_opts = ConnectOptions::new("system", "manager");
    dba_opts.service = Some("ac".into());
    let dba = e.connect(&dba_opts).unwrap();
    dba.execute("UPDATE bank.acct SET bal = 7 WHERE id = 1").unwrap();
    kill(&dba, &clerk).unwrap();
    kill(&sys, &dba).unwrap();
    assert!(dba.execute("COMMIT").unwrap_err().is(SESSION_KILLED));
    assert_eq!(rows(&sys, "SELECT bal FROM bank.acct WHERE id = 1")[0][0], Value::int(100));
}

#[test]
fn an_active_call_killed_in_a_lock_wait_is_re_run_after_the_replay() {
    let e = engine();
    let sys = system(&e);
    let opts = ac_setup(&e, &sys);
    let holder = e.connect(&ConnectOptions::new("bank", "pw")).unwrap();
    holder.execute("INSERT INTO acct VALUES (2, 0)").unwrap();
    let app = e.connect(&opts).unwrap();
    app.execute("UPDATE acct SET bal = 50 WHERE id = 1").unwrap();
    let (sid, serial) = (app.sid(), app.serial());
    let (tx, rx) = mpsc::channel();
    let waiter = thread::spawn(move || {
        // Waits for holder's uncommitted row 2 (same key), interruptibly.
        tx.send(app.execute("INSERT INTO acct VALUES (2, 1)").map_err(|e| e.code)).unwrap();
        app
    });
    let event = format!("SELECT event FROM v$session WHERE sid = {sid} AND serial# = {serial}");
    while rows(&sys, &event).first().is_none_or(|r| !r[0].to_string().starts_with("enq: TX")) {
        thread::sleep(Duration::from_millis(1));
    }
    sys.execute(&format!("ALTER SYSTEM KILL SESSION '{sid},{serial}'")).unwrap();
    // The client's call did not fail: after the replay it waits for the row again.
    assert!(rx.recv_timeout(Duration::from_millis(200)).is_err(), "the call should still wait");
    holder.execute("ROLLBACK").unwrap();
    assert!(rx.recv_timeout(Duration::from_secs(10)).unwrap().is_ok());
    let app = waiter.join().unwrap();
    assert_ne!(app.serial(), serial);
    app.execute("COMMIT").unwrap();
    let r = rows(&sys, "SELECT id, bal FROM bank.acct ORDER BY id");
    assert_eq!(r, vec![vec![Value::int(1), Value::int(50)], vec![Value::int(2), Value::int(1)]]);
}

#[test]
fn ddl_interrupted_by_a_kill_is_not_run_twice() {
    let e = engine();
    let sys = system(&e);
    let opts = ac_setup(&e, &sys);
    let app = e.connect(&opts).unwrap();
    // The kill lands while the call runs (in network I/O after its DDL): Transaction Guard knows
    // the DDL committed, so the replay is refused and the client gets the original error.
    let sid_serial = format!("{},{}", app.sid(), app.serial());
    let waiter = thread::spawn(move || {
        let r = app.execute(
            "BEGIN EXECUTE IMMEDIATE 'CREATE TABLE audit_log (n NUMBER)'; \
             VSESSION_SIM.NETWORK_IO(1); END;",
        );
        r.map_err(|e| e.code)
    });
    let event = format!(
        "SELECT event FROM v$session WHERE sid = {}",
        sid_serial.split(',').next().unwrap()
    );
    let in_network_io = |r: &Vec<Value>| r[0].to_string() == "SQL*Net more data to client";
    while !rows(&sys, &event).first().is_some_and(in_network_io) {
        thread::sleep(Duration::from_millis(1));
    }
    sys.execute(&format!("ALTER SYSTEM KILL SESSION '{sid_serial}'")).unwrap();
    assert_eq!(waiter.join().unwrap().unwrap_err(), SESSION_KILLED);
    assert_eq!(rows(&sys, "SELECT count(*) FROM bank.audit_log")[0][0], Value::int(0));
}
