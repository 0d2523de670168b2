//! Transactions across real threads: bank transfers by 16 sessions while another thread kills
//! random sessions. Whatever is killed, the total balance never changes (a killed transfer is
//! rolled back whole), no lock or transaction outlives its session, and nobody stays stuck.
//! Plus the library-level checks of transactions kept open across calls and of SQL-level
//! statement atomicity.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use vsession::error::{DEADLOCK, OraError};
use vsession::value::Value;
use vsession::{Config, ConnectOptions, Engine, Outcome, Session};

const ACCOUNTS: u64 = 32;
const OPENING: i64 = 1000;
const WORKERS: usize = 16;
const TRANSFERS: usize = 150;
const KILL_ROUNDS: usize = 60;

fn system(e: &Engine) -> Session {
    e.connect(&ConnectOptions::new("system", "manager")).expect("SYSTEM logs on")
}

fn bank(e: &Engine) -> Session {
    e.connect(&ConnectOptions::new("bank", "pw")).expect("BANK logs on")
}

fn rows(s: &Session, sql: &str) -> Vec<Vec<Value>> {
    match s.execute(sql).unwrap() {
        Outcome::Rows(r) => r.rows,
        other => panic!("expected rows, got {other:?}"),
    }
}

fn number(s: &Session, sql: &str) -> i64 {
    rows(s, sql)[0][0].to_string().parse().expect("a number")
}

/// A small deterministic random generator (xorshift), one per thread.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn setup() -> (Engine, Session) {
    let e = Engine::new(Config::default());
    let sys = system(&e);
    sys.execute("CREATE USER bank IDENTIFIED BY pw").unwrap();
    sys.execute("GRANT CREATE SESSION, RESOURCE TO bank").unwrap();
    let owner = bank(&e);
    owner.execute("CREATE TABLE acct (id NUMBER PRIMARY KEY, bal NUMBER NOT NULL)").unwrap();
    for id in 0..ACCOUNTS {
        owner.execute(&format!("INSERT INTO acct VALUES ({id}, {OPENING})")).unwrap();
    }
    owner.execute("COMMIT").unwrap();
    (e, sys)
}

/// What a worker does with an error: roll back after a deadlock, reconnect after a kill.
fn session_lost(err: &OraError) -> bool {
    // ORA-00028 / ORA-01012, or a lost connection after an IMMEDIATE kill (19c behaviour).
    err.ends_session()
}

/// One transfer: two updates and a commit. Errors other than kills and deadlocks fail the
/// test.
fn transfer(s: &Session, rng: &mut Rng) -> Result<(), OraError> {
    let from = rng.below(ACCOUNTS);
    let to = (from + 1 + rng.below(ACCOUNTS - 1)) % ACCOUNTS;
    let amount = 1 + rng.below(50);
    let steps = [
        format!("UPDATE acct SET bal = bal - {amount} WHERE id = {from}"),
        format!("UPDATE acct SET bal = bal + {amount} WHERE id = {to}"),
        "COMMIT".to_string(),
    ];
    for sql in &steps {
        if let Err(e) = s.execute(sql) {
            if e.is(DEADLOCK) {
                s.execute("ROLLBACK")?;
            }
            return Err(e);
        }
    }
    Ok(())
}

/// Transfers until it has done `TRANSFERS` and the killer has finished its rounds.
fn worker(e: Engine, seed: u64, kills_seen: Arc<AtomicU64>, killing: Arc<AtomicBool>) {
    let mut rng = Rng(seed);
    let mut s = bank(&e);
    let mut done = 0;
    while done < TRANSFERS || killing.load(Ordering::Relaxed) {
        done += 1;
        match transfer(&s, &mut rng) {
            Ok(()) => {}
            Err(err) if err.is(DEADLOCK) => {}
            Err(err) if session_lost(&err) => {
                kills_seen.fetch_add(1, Ordering::Relaxed);
                s = bank(&e);
            }
            Err(err) => panic!("unexpected error in a transfer: {err}"),
        }
    }
    s.execute("COMMIT").ok();
}

/// Kills a random BANK session every few milliseconds for `KILL_ROUNDS` rounds.
fn killer(e: Engine, killing: Arc<AtomicBool>) -> usize {
    let dba = system(&e);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut killed = 0;
    for round in 0..KILL_ROUNDS {
        let victims = rows(&dba, "SELECT sid, serial# FROM v$session WHERE username = 'BANK'");
        if !victims.is_empty() {
            let v = &victims[rng.below(victims.len() as u64) as usize];
            let immediate = if round % 3 == 0 { " IMMEDIATE" } else { "" };
            let sql = format!("ALTER SYSTEM KILL SESSION '{},{}'{immediate}", v[0], v[1]);
            // ORA-00030 (already gone) and ORA-00031 (marked) are normal in a race.
            if dba.execute(&sql).is_ok() {
                killed += 1;
            }
        }
        thread::sleep(Duration::from_millis(2));
    }
    killing.store(false, Ordering::Relaxed);
    killed
}

/// Joins `handles`, failing the test if any is still running after `limit`.
fn join_within<T>(handles: Vec<thread::JoinHandle<T>>, limit: Duration) -> Vec<T> {
    let deadline = Instant::now() + limit;
    while handles.iter().any(|h| !h.is_finished()) {
        assert!(Instant::now() < deadline, "a thread is stuck");
        thread::sleep(Duration::from_millis(5));
    }
    handles.into_iter().map(|h| h.join().expect("no thread panicked")).collect()
}

#[test]
fn transfers_under_random_kills_keep_the_total() {
    let (e, sys) = setup();
    let kills_seen = Arc::new(AtomicU64::new(0));
    let killing = Arc::new(AtomicBool::new(true));
    let workers: Vec<_> = (0..WORKERS)
        .map(|i| {
            let (e, k, on) = (e.clone(), kills_seen.clone(), killing.clone());
            thread::spawn(move || worker(e, 0x1234_5678 + i as u64 * 7919, k, on))
        })
        .collect();
    let k = {
        let (e, on) = (e.clone(), killing.clone());
        thread::spawn(move || killer(e, on))
    };
    let killed = join_within(vec![k], Duration::from_secs(60))[0];
    join_within(workers, Duration::from_secs(60));
    assert!(killed > 0, "the killer killed something");
    eprintln!("kills: {killed} done, {} noticed", kills_seen.load(Ordering::Relaxed));

    let total = number(&sys, "SELECT sum(bal) FROM bank.acct");
    assert_eq!(total, ACCOUNTS as i64 * OPENING, "the total balance is unchanged");
    assert_eq!(number(&sys, "SELECT count(*) FROM bank.acct"), ACCOUNTS as i64);
    let locks = "SELECT count(*) FROM v$lock WHERE type IN ('TX', 'TM')";
    assert_eq!(number(&sys, locks), 0, "no user lock survives");
    assert_eq!(number(&sys, "SELECT count(*) FROM v$transaction"), 0);
    assert_eq!(number(&sys, "SELECT count(*) FROM v$locked_object"), 0);
}

#[test]
fn a_transaction_stays_open_across_calls_until_commit() {
    let (e, sys) = setup();
    let a = bank(&e);
    let b = bank(&e);
    a.execute("UPDATE acct SET bal = 0 WHERE id = 0").unwrap();
    assert_eq!(number(&b, "SELECT bal FROM acct WHERE id = 0"), OPENING);
    assert_eq!(number(&a, "SELECT bal FROM acct WHERE id = 0"), 0);
    let taddr =
        format!("SELECT count(*) FROM v$session WHERE sid = {} AND taddr IS NOT NULL", a.sid());
    assert_eq!(number(&sys, &taddr), 1);
    a.execute("COMMIT").unwrap();
    assert_eq!(number(&sys, &taddr), 0);
    assert_eq!(number(&b, "SELECT bal FROM acct WHERE id = 0"), 0);
}

#[test]
fn a_failing_statement_undoes_only_itself() {
    let (e, _sys) = setup();
    let a = bank(&e);
    a.execute("UPDATE acct SET bal = bal + 1 WHERE id = 1").unwrap();
    // Row 0 is updated before the duplicate key of row 1 fails the statement.
    let err = a.execute("UPDATE acct SET id = 1 WHERE id IN (0, 2)").unwrap_err();
    assert!(err.to_string().starts_with("ORA-00001"), "{err}");
    assert_eq!(number(&a, "SELECT bal FROM acct WHERE id = 1"), OPENING + 1);
    assert_eq!(number(&a, "SELECT count(*) FROM acct WHERE id = 0"), 1);
    a.execute("ROLLBACK").unwrap();
    assert_eq!(number(&a, "SELECT bal FROM acct WHERE id = 1"), OPENING);
}

#[test]
fn logoff_rolls_back_and_drop_user_cascade_drops_tables() {
    let (e, sys) = setup();
    let a = bank(&e);
    a.execute("DELETE FROM acct").unwrap();
    a.disconnect();
    assert_eq!(number(&sys, "SELECT count(*) FROM bank.acct"), ACCOUNTS as i64);
    let err = sys.execute("DROP USER bank").unwrap_err();
    assert!(err.to_string().starts_with("ORA-01922"), "{err}");
    let other = system(&e);
    other.execute("UPDATE bank.acct SET bal = 0 WHERE id = 0").unwrap();
    assert_eq!(ora(sys.execute("DROP USER bank CASCADE")), "ORA-00054");
    other.execute("ROLLBACK").unwrap();
    sys.execute("DROP USER bank CASCADE").unwrap();
    let err = sys.execute("SELECT count(*) FROM bank.acct").unwrap_err();
    assert!(err.to_string().starts_with("ORA-00942"), "{err}");
    assert_eq!(number(&sys, "SELECT count(*) FROM dba_objects WHERE owner = 'BANK'"), 0);
}

fn ora(r: Result<Outcome, OraError>) -> String {
    let e = r.expect_err("the statement fails");
    e.to_string()[..9].to_string()
}

#[test]
fn table_privileges_follow_oracle() {
    let (e, sys) = setup();
    sys.execute("CREATE USER peek IDENTIFIED BY pw").unwrap();
    sys.execute("GRANT CREATE SESSION TO peek").unwrap();
    let p = e.connect(&ConnectOptions::new("peek", "pw")).unwrap();
    assert_eq!(ora(p.execute("CREATE TABLE mine (n NUMBER)")), "ORA-01031");
    assert_eq!(ora(p.execute("SELECT count(*) FROM bank.acct")), "ORA-00942");
    sys.execute("GRANT SELECT ANY TABLE TO peek").unwrap();
    assert_eq!(number(&p, "SELECT count(*) FROM bank.acct"), ACCOUNTS as i64);
    assert_eq!(ora(p.execute("DELETE FROM bank.acct")), "ORA-01031");
    assert_eq!(ora(p.execute("SELECT * FROM bank.acct FOR UPDATE")), "ORA-01031");
    sys.execute("UPDATE bank.acct SET bal = bal WHERE id = 0").unwrap();
    sys.execute("ROLLBACK").unwrap();
}

#[test]
fn insert_select_defaults_and_correlated_updates() {
    let (e, _sys) = setup();
    let a = bank(&e);
    a.execute(
        "CREATE TABLE journal (id NUMBER, who VARCHAR2(30) DEFAULT USER, n NUMBER DEFAULT 7)",
    )
    .unwrap();
    let done = a.execute("INSERT INTO journal (id) SELECT id FROM acct WHERE id < 5").unwrap();
    assert_eq!(done, Outcome::Affected { verb: vsession::exec::Dml::Insert, count: 5 });
    assert_eq!(number(&a, "SELECT count(*) FROM journal WHERE who = 'BANK' AND n = 7"), 5);
    let upd =
        "UPDATE acct SET bal = (SELECT max(n) FROM journal) WHERE id IN (SELECT id FROM journal)";
    assert_eq!(
        a.execute(upd).unwrap(),
        Outcome::Affected { verb: vsession::exec::Dml::Update, count: 5 }
    );
    assert_eq!(number(&a, "SELECT sum(bal) FROM acct WHERE id < 5"), 35);
    a.execute("ROLLBACK").unwrap();
    assert_eq!(
        number(&a, "SELECT count(*) FROM journal"),
        0,
        "the CREATE committed, the rows did not"
    );
}

#[test]
fn killing_an_active_waiter_ends_its_wait_and_keeps_the_holder() {
    let (e, sys) = setup();
    let holder = bank(&e);
    holder.execute("UPDATE acct SET bal = 1 WHERE id = 3").unwrap();
    let waiter = bank(&e);
    let (sid, serial) = (waiter.sid(), waiter.serial());
    let t = thread::spawn(move || waiter.execute("UPDATE acct SET bal = 2 WHERE id = 3"));
    let waiting = format!(
        "SELECT count(*) FROM v$session WHERE sid = {sid} AND blocking_session IS NOT NULL"
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    while number(&sys, &waiting) == 0 {
        assert!(Instant::now() < deadline, "the waiter waits");
        thread::sleep(Duration::from_millis(1));
    }
    sys.execute(&format!("ALTER SYSTEM KILL SESSION '{sid},{serial}'")).unwrap();
    let r = join_within(vec![t], Duration::from_secs(10)).pop().unwrap();
    assert_eq!(ora(r), "ORA-00028");
    assert!(holder.execute("COMMIT").is_ok());
    assert_eq!(number(&sys, "SELECT bal FROM bank.acct WHERE id = 3"), 1);
}

#[test]
fn service_disconnect_post_transaction_waits_for_the_commit() {
    let (e, sys) = setup();
    let busy = bank(&e);
    busy.execute("UPDATE acct SET bal = bal + 5 WHERE id = 7").unwrap();
    let idle = bank(&e);
    let db = e.db().clone();
    let dba = sys.cell().clone();
    let t = thread::spawn(move || {
        let mut output = vsession::plsql::OutputBuffer::default();
        let mut ctx = vsession::exec::Ctx { db: &db, me: &dba, output: &mut output, text: "" };
        vsession::exec::services::disconnect_session(&mut ctx, "SYS$USERS", 0)
    });
    thread::sleep(Duration::from_millis(50));
    assert!(!t.is_finished(), "DISCONNECT_SESSION waits for the open transaction");
    assert_eq!(ora(idle.execute("SELECT 1 FROM dual")), "ORA-00028");
    busy.execute("COMMIT").unwrap();
    join_within(vec![t], Duration::from_secs(10)).pop().unwrap().unwrap();
    assert_eq!(ora(busy.execute("SELECT 1 FROM dual")), "ORA-00028");
    assert_eq!(number(&sys, "SELECT bal FROM bank.acct WHERE id = 7"), OPENING + 5);
}
