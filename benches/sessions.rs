//! Session-manager benches: V$SESSION scans at 10 … 10,000 sessions, logon + logoff, the kill
//! of an INACTIVE session with its notification, how soon a killer waiting on an
//! uninterruptible phase is woken once the phase ends, and the memory an idle session costs.
//!
//! Run with `cargo bench --bench sessions`. The memory figure is printed before the timings;
//! it is measured with a counting global allocator around 10,000 logons.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use vsession::{Config, ConnectOptions, Engine, Session};

/// Counts live heap bytes so the bench can report memory per idle session.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn setup(n: usize) -> (Engine, Session, Vec<Session>) {
    let engine = Engine::new(Config::default());
    let sys = engine.connect(&ConnectOptions::new("system", "manager")).unwrap();
    sys.execute("CREATE USER bench IDENTIFIED BY pw").unwrap();
    sys.execute("GRANT CREATE SESSION TO bench").unwrap();
    sys.execute("CREATE USER x IDENTIFIED BY pw").unwrap();
    sys.execute("GRANT CREATE SESSION TO x").unwrap();
    let opts = ConnectOptions::new("bench", "pw");
    let mut sessions: Vec<Session> = (0..n).map(|_| engine.connect(&opts).unwrap()).collect();
    sessions.push(engine.connect(&ConnectOptions::new("x", "pw")).unwrap());
    (engine, sys, sessions)
}

fn memory_per_session() {
    let (engine, _sys, _keep) = setup(0);
    let opts = ConnectOptions::new("bench", "pw");
    let n = 10_000;
    let before = LIVE.load(Ordering::Relaxed);
    let sessions: Vec<Session> = (0..n).map(|_| engine.connect(&opts).unwrap()).collect();
    let after = LIVE.load(Ordering::Relaxed);
    println!("memory per idle session: {} bytes (10,000 sessions)", (after - before) / n as isize);
    drop(sessions);
}

fn v_session_scan(c: &mut Criterion) {
    memory_per_session();
    let mut g = c.benchmark_group("v$session where username");
    for n in [10usize, 100, 1_000, 10_000] {
        let (_engine, sys, _sessions) = setup(n);
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| {
                sys.execute(black_box(
                    "SELECT SID, SERIAL#, STATUS FROM V$SESSION WHERE USERNAME = 'X'",
                ))
                .unwrap()
            })
        });
    }
    g.finish();
}

fn logon_logoff(c: &mut Criterion) {
    let (engine, _sys, _s) = setup(0);
    let opts = ConnectOptions::new("bench", "pw");
    c.bench_function("logon + logoff", |b| {
        b.iter(|| {
            let s = engine.connect(&opts).unwrap();
            s.disconnect();
        })
    });
}

fn kill_inactive(c: &mut Criterion) {
    let (engine, sys, _s) = setup(0);
    let opts = ConnectOptions::new("bench", "pw");
    c.bench_function("kill INACTIVE + notification", |b| {
        b.iter_batched(
            || {
                let victim = engine.connect(&opts).unwrap();
                let sql =
                    format!("ALTER SYSTEM KILL SESSION '{},{}'", victim.sid(), victim.serial());
                (victim, sql)
            },
            |(victim, sql)| {
                sys.execute(&sql).unwrap();
                let err = victim.execute("SELECT 1 FROM dual").unwrap_err();
                assert_eq!(err.code.number, 28);
                victim
            },
            BatchSize::SmallInput,
        )
    });
}

/// Application Continuity: the call after a kill on a replay-enabled service, which logs a new
/// session on, replays the 100 recorded calls of the open transaction (50 UPDATEs and 50
/// SELECTs by key on a 50-row table, each result checked) and runs the call itself.
fn replay_100_calls(c: &mut Criterion) {
    let (engine, sys, _s) = setup(0);
    sys.execute("GRANT RESOURCE TO bench").unwrap();
    sys.execute(
        "BEGIN DBMS_SERVICE.CREATE_SERVICE('ac', 'ac', failover_type => 'TRANSACTION'); \
         DBMS_SERVICE.START_SERVICE('ac'); END;",
    )
    .unwrap();
    let mut opts = ConnectOptions::new("bench", "pw");
    opts.service = Some("ac".into());
    let owner = engine.connect(&opts).unwrap();
    owner.execute("CREATE TABLE acct (id NUMBER PRIMARY KEY, bal NUMBER)").unwrap();
    for id in 0..50 {
        owner.execute(&format!("INSERT INTO acct VALUES ({id}, 0)")).unwrap();
    }
    owner.execute("COMMIT").unwrap();
    drop(owner);
    c.bench_function("replay of a 100-call transaction", |b| {
        b.iter_batched(
            || {
                let app = engine.connect(&opts).unwrap();
                for id in 0..50 {
                    app.execute(&format!("UPDATE acct SET bal = bal + 1 WHERE id = {id}")).unwrap();
                    app.execute(&format!("SELECT bal FROM acct WHERE id = {id}")).unwrap();
                }
                sys.execute(&format!("ALTER SYSTEM KILL SESSION '{},{}'", app.sid(), app.serial()))
                    .unwrap();
                app
            },
            |app| {
                black_box(app.execute("SELECT count(*) FROM acct").unwrap());
                app
            },
            BatchSize::PerIteration,
        )
    });
    // The same 100 calls run by the client itself, for comparison.
    let app = engine.connect(&opts).unwrap();
    c.bench_function("the same 100 calls, no kill", |b| {
        b.iter(|| {
            for id in 0..50 {
                app.execute(&format!("UPDATE acct SET bal = bal + 1 WHERE id = {id}")).unwrap();
                black_box(app.execute(&format!("SELECT bal FROM acct WHERE id = {id}")).unwrap());
            }
            app.execute("ROLLBACK").unwrap();
        })
    });
}

/// One kill of a session in an uninterruptible phase (`NETWORK_IO`, or a ROLLBACK of one undo
/// record at one record per second) on the virtual clock: the killer is parked in its kill
/// wait; the time measured runs from the clock reaching the end of the phase to the killer's
/// call returning (the victim's wake-up, its end of call and release, the killer's wake-up).
fn one_kill_woken(engine: &Engine, phase: &str) -> Duration {
    let logon = ConnectOptions::new("system", "manager");
    let victim = engine.connect(&logon).unwrap();
    let cell = victim.cell().clone();
    let kill_sql = format!("ALTER SYSTEM KILL SESSION '{},{}'", victim.sid(), victim.serial());
    let work = if phase == "rollback" {
        victim.execute("INSERT INTO woken VALUES (1)").unwrap();
        "ROLLBACK"
    } else {
        "BEGIN VSESSION_SIM.NETWORK_IO(1); END;"
    };
    let v = thread::spawn(move || victim.execute(work).unwrap_err());
    while !cell.lock().phase.uninterruptible() {
        thread::yield_now();
    }
    let killer = engine.connect(&logon).unwrap();
    let k = thread::spawn(move || {
        killer.execute(&kill_sql).unwrap();
        Instant::now()
    });
    while cell.lock().watchers.is_empty() {
        thread::yield_now();
    }
    // Let the killer reach its park after registering as a watcher.
    thread::sleep(Duration::from_micros(200));
    let ended = Instant::now();
    engine.db().clock.advance(Duration::from_secs(1));
    let returned = k.join().unwrap();
    assert_eq!(v.join().unwrap().code.number, 28);
    returned.saturating_duration_since(ended)
}

fn killer_woken(c: &mut Criterion) {
    let mut g = c.benchmark_group("killer woken");
    g.sample_size(10).measurement_time(Duration::from_secs(3));
    for phase in ["network io", "rollback"] {
        g.bench_function(phase, |b| {
            b.iter_custom(|iters| {
                let config =
                    Config { virtual_time: true, rollback_rate: Some(1.0), ..Config::default() };
                let engine = Engine::new(config);
                let sys = engine.connect(&ConnectOptions::new("system", "manager")).unwrap();
                sys.execute("CREATE TABLE woken (n NUMBER)").unwrap();
                (0..iters).map(|_| one_kill_woken(&engine, phase)).sum()
            })
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    v_session_scan,
    logon_logoff,
    kill_inactive,
    killer_woken,
    replay_100_calls
);
criterion_main!(benches);
