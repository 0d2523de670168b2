//! Wire-server load tool: `cargo bench --bench wire_load`.
//!
//! Starts `vsession serve` (the release binary) as a child process on a free loopback port
//! and measures, with tokio-postgres as the client:
//! 1. the round trip of `SELECT 1 FROM dual` (simple protocol, one client), mean / p50 / p99,
//!    in rounds of 1,000 that alternate with PostgreSQL's `SELECT 1` when a peer is given,
//!    and the server's CPU time per query (PostgreSQL: the backend's), which the load of a
//!    shared machine disturbs less than the latency; and, if `pgbench` is installed, its
//!    average latency on both servers (a leaner client than tokio-postgres); and the round trip
//!    with [`raw`] blocking clients on both;
//! 2. the server's memory for 1,000 idle connections (RSS growth of the server process);
//! 3. kill-to-notification: from the admin sending `ALTER SYSTEM KILL SESSION ... IMMEDIATE`
//!    to the victim's client having the FATAL error (p50 / p99 over 200 kills), measured three
//!    ways: with [`raw`] blocking clients (the admin's thread writes the kill, the victim's
//!    blocking read returns the error, then its socket closing: the server's figure, free of a
//!    driver's thread hops), and with tokio-postgres on a current-thread and on a 2-worker
//!    runtime (what an application on that driver sees); and the same kill issued by an
//!    in-process engine session (no admin round trip): engine kill -> listener -> FATAL
//!    written -> received by the victim's client.
//!
//! With `VSESSION_PG_PEER="host=127.0.0.1 port=55432 user=postgres dbname=postgres"` set, the
//! round trip of PostgreSQL's `SELECT 1` and its `pg_terminate_backend` kill-to-notification
//! are measured the same way for comparison (see
//! shared/reference/ecosystem.md §2 for starting PostgreSQL 15 as the peer).
//! `VSESSION_WIRE_QUICK=1` runs a short version (for smoke tests); `VSESSION_WIRE_ONLY=round-trip`
//! or `=kill` runs only that part.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tokio_postgres::{Client, NoTls};

mod raw;

struct ServerProcess {
    child: Child,
    port: u16,
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_or(15299, |a| a.port())
}

fn start_server() -> ServerProcess {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_vsession"))
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--max-sessions", "5000"])
        .stderr(Stdio::null())
        .spawn()
        .expect("start vsession serve");
    ServerProcess { child, port }
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

async fn connect(conninfo: &str) -> Result<Client, tokio_postgres::Error> {
    let (client, conn) = tokio_postgres::connect(conninfo, NoTls).await?;
    tokio::spawn(conn);
    Ok(client)
}

fn ours(port: u16, app: &str) -> String {
    format!("{} application_name={app}", ours_base(port))
}

fn ours_base(port: u16) -> String {
    format!("host=127.0.0.1 port={port} user=system password=manager dbname=v")
}

async fn wait_ready(port: u16) -> Client {
    for _ in 0..500 {
        if let Ok(c) = connect(&ours(port, "bench")).await {
            return c;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("server did not start");
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let total: Duration = samples.iter().sum();
    let mean = total / samples.len().max(1) as u32;
    println!(
        "{name}: n={} mean={:.1} us p50={:.1} us p99={:.1} us",
        samples.len(),
        mean.as_secs_f64() * 1e6,
        percentile(&samples, 0.5).as_secs_f64() * 1e6,
        percentile(&samples, 0.99).as_secs_f64() * 1e6
    );
}

async fn round_trips(c: &Client, sql: &str, n: usize) -> Vec<Duration> {
    for _ in 0..n / 10 {
        c.simple_query(sql).await.expect("warm-up query");
    }
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        c.simple_query(sql).await.expect("query");
        out.push(t.elapsed());
    }
    out
}

async fn idle_memory(server: &ServerProcess, n: usize) {
    let pid = server.child.id();
    let before = rss_kib(pid);
    let mut clients = Vec::with_capacity(n);
    for i in 0..n {
        clients.push(
            connect(&ours(server.port, &format!("idle-{i}"))).await.expect("idle connection"),
        );
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = rss_kib(pid);
    let grow = after.saturating_sub(before);
    println!(
        "idle connections: {n} cost {:.1} MiB RSS in the server ({:.1} KiB each; server RSS {:.1} -> {:.1} MiB)",
        grow as f64 / 1024.0,
        grow as f64 / n as f64,
        before as f64 / 1024.0,
        after as f64 / 1024.0
    );
    drop(clients);
}

/// A server to kill sessions on, for the kill-to-notification figures: how to log on, how to
/// find a victim by its application name, and the kill statement.
struct KillTarget {
    name: &'static str,
    conninfo: String,
    /// A query with one `$1` (the application name) giving the victim's id as text.
    victim_id: &'static str,
    kill: fn(&str) -> String,
}

impl KillTarget {
    fn ours(port: u16) -> KillTarget {
        KillTarget {
            name: "vsession (ALTER SYSTEM KILL SESSION ... IMMEDIATE)",
            conninfo: ours_base(port),
            victim_id: "select to_char(sid) || ',' || to_char(serial#) from v$session where program = $1",
            kill: |id| format!("alter system kill session '{id}' immediate"),
        }
    }

    /// PostgreSQL's pg_terminate_backend on the peer, if VSESSION_PG_PEER names one.
    fn peer() -> Option<KillTarget> {
        let conninfo = std::env::var("VSESSION_PG_PEER").ok()?;
        Some(KillTarget {
            name: "PostgreSQL (pg_terminate_backend)",
            conninfo,
            victim_id: "select pid::text from pg_stat_activity where application_name = $1",
            kill: |id| format!("select pg_terminate_backend({id})"),
        })
    }

    fn conninfo_for(&self, app: &str) -> String {
        format!("{} application_name={app}", self.conninfo)
    }
}

/// Kill-to-notification through tokio-postgres on `rt`: from the admin's `simple_query` of
/// the kill to the victim's connection future ending with the FATAL error.
fn driver_kill_latency(
    rt: &tokio::runtime::Runtime,
    target: &KillTarget,
    n: usize,
) -> Vec<Duration> {
    rt.block_on(async {
        let admin = connect(&target.conninfo_for("kill-admin")).await.expect("admin");
        let mut samples = Vec::with_capacity(n);
        for i in 0..n {
            let app = format!("victim-{i}");
            let (victim, conn) =
                tokio_postgres::connect(&target.conninfo_for(&app), NoTls).await.expect("victim");
            let ended = tokio::spawn(async move {
                let r = conn.await;
                (Instant::now(), r)
            });
            let id = admin
                .query_one(target.victim_id, &[&app])
                .await
                .expect("victim id")
                .get::<_, String>(0);
            let t0 = Instant::now();
            admin.simple_query(&(target.kill)(&id)).await.expect("kill");
            let (t_fatal, result) = ended.await.expect("victim task");
            assert!(result.is_err(), "victim closed without the FATAL error");
            samples.push(t_fatal - t0);
            drop(victim);
        }
        samples
    })
}

/// Kill-to-notification with [`raw`] clients: from the admin's thread writing the kill to the
/// victim's blocking read returning the FATAL error, and to the victim's socket closing (EOF).
fn raw_kill_latency(target: &KillTarget, n: usize) -> (Vec<Duration>, Vec<Duration>) {
    let logon = raw::Logon::from_conninfo(&target.conninfo);
    let mut admin = raw::RawConn::connect(&logon, "raw-admin").expect("admin");
    let (mut samples, mut closed) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for i in 0..n {
        let app = format!("raw-victim-{i}");
        let mut victim = raw::RawConn::connect(&logon, &app).expect("victim");
        let find = target.victim_id.replace("$1", &format!("'{app}'"));
        let id = admin.query_scalar(&find).expect("victim id").expect("victim found");
        let kill = (target.kill)(&id);
        let t0 = Instant::now();
        admin.send_query(&kill).expect("kill sent");
        let told = victim.wait_for_end().expect("victim ended");
        samples.push(t0.elapsed());
        assert!(told, "victim closed without the FATAL error");
        victim.wait_for_end().expect("victim's socket closed");
        closed.push(t0.elapsed());
        admin.finish_query().expect("kill");
    }
    (samples, closed)
}

/// The kill-to-notification figures, on this server and (with VSESSION_PG_PEER) PostgreSQL.
fn kill_latency(port: u16, n: usize) {
    let current_thread =
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let two_workers = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    for target in std::iter::once(KillTarget::ours(port)).chain(KillTarget::peer()) {
        let name = target.name;
        let (fatal, closed) = raw_kill_latency(&target, n);
        report(&format!("{name}: kill sent -> victim has FATAL, raw clients"), fatal);
        report(&format!("{name}: kill sent -> victim's socket closed, raw clients"), closed);
        report(
            &format!(
                "{name}: kill issued -> victim's driver has FATAL, tokio-postgres current-thread"
            ),
            driver_kill_latency(&current_thread, &target, n),
        );
        report(
            &format!("{name}: kill issued -> victim's driver has FATAL, tokio-postgres 2 workers"),
            driver_kill_latency(&two_workers, &target, n),
        );
    }
}

/// The same kill, issued by an in-process engine session (no admin round trip): engine kill
/// + listener + FATAL written + received by the victim's client.
async fn kill_latency_in_process(n: usize) {
    use vsession::server::{Server, ServerConfig};
    let engine = vsession::Engine::new(vsession::Config::default());
    let admin = engine.connect(&vsession::ConnectOptions::new("system", "manager")).expect("admin");
    let config =
        ServerConfig { listen: "127.0.0.1:0".parse().expect("addr"), ..Default::default() };
    let server = Server::bind(engine, config).await.expect("bind");
    let port = server.local_addr().expect("addr").port();
    tokio::spawn(server.run());
    let mut samples = Vec::with_capacity(n);
    for i in 0..n {
        let app = format!("inproc-{i}");
        let (victim, conn) =
            tokio_postgres::connect(&ours(port, &app), NoTls).await.expect("victim");
        let ended = tokio::spawn(async move { (conn.await, Instant::now()) });
        let q = format!(
            "select to_char(sid) || ',' || to_char(serial#) from v$session where program = '{app}'"
        );
        let id = match admin.execute(&q).expect("victim id") {
            vsession::Outcome::Rows(rs) => rs.rows[0][0].to_text().unwrap_or_default(),
            _ => unreachable!("a query returns rows"),
        };
        let kill = format!("alter system kill session '{id}' immediate");
        let t0 = Instant::now();
        admin.execute(&kill).expect("kill");
        let (result, t1) = ended.await.expect("victim task");
        assert!(result.is_err());
        samples.push(t1 - t0);
        drop(victim);
    }
    report("IMMEDIATE kill by an in-process session: kill call -> victim receives FATAL", samples);
}

/// The same round trips with [`raw`] blocking clients (no driver thread hand-overs in the
/// figure), rounds of 1,000 alternating with the peer's `SELECT 1` when one is given.
fn compare_raw_round_trips(port: u16, queries: usize) {
    let ours = raw::Logon::from_conninfo(&ours_base(port));
    let mut conns = vec![("vsession SELECT 1 FROM dual", "SELECT 1 FROM dual", ours)];
    if let Ok(peer) = std::env::var("VSESSION_PG_PEER") {
        conns.push(("PostgreSQL SELECT 1", "SELECT 1", raw::Logon::from_conninfo(&peer)));
    }
    let mut clients: Vec<_> = conns
        .iter()
        .map(|(_, _, logon)| raw::RawConn::connect(logon, "raw-round-trip").expect("raw client"))
        .collect();
    let mut samples = vec![Vec::with_capacity(queries); clients.len()];
    let round = 1_000.min(queries);
    for _ in 0..queries.div_ceil(round) {
        for ((client, (_, sql, _)), out) in clients.iter_mut().zip(&conns).zip(&mut samples) {
            for _ in 0..round {
                let t = Instant::now();
                client.query_scalar(sql).expect("query");
                out.push(t.elapsed());
            }
        }
    }
    for ((name, _, _), out) in conns.iter().zip(samples) {
        report(&format!("{name} round trip, raw clients"), out);
    }
}

/// `SELECT 1 FROM dual` here and, with VSESSION_PG_PEER, `SELECT 1` on PostgreSQL, in
/// rounds of 1,000 that alternate between the two servers so that a busy spell of the
/// (shared) machine weighs on both alike.
async fn compare_round_trips(ours: &Client, our_pid: u32, queries: usize) {
    let pg = match std::env::var("VSESSION_PG_PEER") {
        Ok(peer) => match connect(&peer).await {
            Ok(pg) => Some(pg),
            Err(e) => {
                println!("PostgreSQL peer not reachable: {e}");
                None
            }
        },
        Err(_) => {
            println!("PostgreSQL peer: not measured (set VSESSION_PG_PEER to a conninfo)");
            None
        }
    };
    // The backend serving the peer connection, for its CPU time.
    let pg_pid = match &pg {
        Some(pg) => pg
            .query_one("select pg_backend_pid()", &[])
            .await
            .map_or(0, |r| u32::try_from(r.get::<_, i32>(0)).unwrap_or(0)),
        None => 0,
    };
    let (mut ours_rt, mut theirs_rt) = (Vec::new(), Vec::new());
    let (mut ours_cpu, mut theirs_cpu) = (Duration::ZERO, Duration::ZERO);
    let round = queries.min(1_000);
    for _ in 0..queries / round {
        let before = cpu_time(our_pid);
        ours_rt.extend(round_trips(ours, "SELECT 1 FROM dual", round).await);
        ours_cpu += cpu_time(our_pid).saturating_sub(before);
        if let Some(pg) = &pg {
            let before = cpu_time(pg_pid);
            theirs_rt.extend(round_trips(pg, "SELECT 1", round).await);
            theirs_cpu += cpu_time(pg_pid).saturating_sub(before);
        }
    }
    // round_trips runs a tenth more as warm-up.
    let per_query = |cpu: Duration, n: usize| cpu.as_secs_f64() * 1e6 / (n as f64 * 1.1);
    println!("vsession server CPU per query: {:.1} us", per_query(ours_cpu, ours_rt.len()));
    report("vsession SELECT 1 FROM dual round trip", ours_rt);
    if pg.is_some() {
        println!(
            "PostgreSQL backend CPU per query: {:.1} us",
            per_query(theirs_cpu, theirs_rt.len())
        );
        report("PostgreSQL SELECT 1 round trip", theirs_rt);
    }
}

/// The CPU time a process's threads have used so far (the sum of their schedstat run times,
/// in nanoseconds; threads that ended are not counted).
fn cpu_time(pid: u32) -> Duration {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).into_iter().flatten().flatten();
    let ns: u64 = tasks
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next().and_then(|n| n.parse::<u64>().ok()))
        .sum();
    Duration::from_nanos(ns)
}

/// PostgreSQL's own load tool on the same two servers, when it is installed: one client,
/// simple protocol, 5 seconds each, alternating twice. It spends less time of its own per
/// query than a tokio client, so the servers' difference shows more clearly.
fn compare_with_pgbench(port: u16) {
    let Ok(peer) = std::env::var("VSESSION_PG_PEER") else { return };
    let script = std::env::temp_dir().join(format!("vsession-wire-{}.sql", std::process::id()));
    let pg_script = script.with_extension("pg.sql");
    if std::fs::write(&script, "SELECT 1 FROM dual;\n").is_err()
        || std::fs::write(&pg_script, "SELECT 1;\n").is_err()
    {
        return;
    }
    let ours = format!("host=127.0.0.1 port={port} user=system password=manager dbname=v");
    for _ in 0..2 {
        for (name, conninfo, file) in
            [("vsession", &ours, &script), ("PostgreSQL", &peer, &pg_script)]
        {
            let out = Command::new("pgbench")
                .args(["-n", "-c", "1", "-j", "1", "-T", "5", "-f"])
                .arg(file)
                .arg(conninfo)
                .output();
            let Ok(out) = out else {
                println!("pgbench: not run (not installed?)");
                return;
            };
            let text = String::from_utf8_lossy(&out.stdout);
            let latency = text.lines().find(|l| l.starts_with("latency average"));
            println!("pgbench {name}: {}", latency.unwrap_or("no result"));
        }
    }
    let _ = std::fs::remove_file(&script);
    let _ = std::fs::remove_file(&pg_script);
}

fn main() {
    let quick = std::env::var_os("VSESSION_WIRE_QUICK").is_some();
    let (queries, idle, kills) = if quick { (200, 50, 10) } else { (20_000, 1_000, 200) };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let only = std::env::var("VSESSION_WIRE_ONLY").unwrap_or_default();
    let server = start_server();
    let admin = rt.block_on(wait_ready(server.port));
    if only.is_empty() || only == "round-trip" {
        rt.block_on(compare_round_trips(&admin, server.child.id(), queries));
        compare_raw_round_trips(server.port, queries);
        if !quick {
            compare_with_pgbench(server.port);
        }
    }
    if only.is_empty() {
        rt.block_on(idle_memory(&server, idle));
    }
    if only.is_empty() || only == "kill" {
        kill_latency(server.port, kills);
        rt.block_on(kill_latency_in_process(kills));
    }
}
