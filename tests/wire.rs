//! The wire server with a real PostgreSQL client (tokio-postgres): logon, errors, binds,
//! kills, cancels, limits, load; and `vsession repl` fed through stdin.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio_postgres::{Client, NoTls, SimpleQueryMessage};
use vsession::server::{Server, ServerConfig};
use vsession::{Config, Engine};

async fn start_with(config: ServerConfig) -> SocketAddr {
    start_engine(Duration::from_secs(5), config).await
}

async fn start_engine(kill_wait: Duration, config: ServerConfig) -> SocketAddr {
    let engine = Engine::new(Config { kill_wait, ..Config::default() });
    vsession::server::add_user(&engine, "scott/tiger").unwrap();
    let server =
        Server::bind(engine, ServerConfig { listen: "127.0.0.1:0".parse().unwrap(), ..config })
            .await
            .unwrap();
    let addr = server.local_addr().unwrap();
    tokio::spawn(server.run());
    addr
}

async fn start() -> SocketAddr {
    start_with(ServerConfig::default()).await
}

async fn connect_as(
    addr: SocketAddr,
    user: &str,
    password: &str,
    app: &str,
) -> Result<
    (Client, tokio::task::JoinHandle<Result<(), tokio_postgres::Error>>),
    tokio_postgres::Error,
> {
    let conninfo = format!(
        "host={} port={} user={user} password={password} dbname=vsess application_name={app}",
        addr.ip(),
        addr.port()
    );
    let (client, conn) = tokio_postgres::connect(&conninfo, NoTls).await?;
    Ok((client, tokio::spawn(conn)))
}

async fn connect(addr: SocketAddr, app: &str) -> Client {
    connect_as(addr, "system", "manager", app).await.unwrap().0
}

/// The rows of a simple query as text.
async fn rows(c: &Client, sql: &str) -> Vec<Vec<Option<String>>> {
    let msgs = c.simple_query(sql).await.unwrap_or_else(|e| panic!("{sql}: {e:?}"));
    msgs.iter()
        .filter_map(|m| match m {
            SimpleQueryMessage::Row(r) => {
                Some((0..r.len()).map(|i| r.get(i).map(String::from)).collect())
            }
            _ => None,
        })
        .collect()
}

/// (SQLSTATE, first line of the message) of a failed query (PL/SQL calls add
/// `ORA-06512: at line n` lines after the first).
fn db_error(e: &tokio_postgres::Error) -> (String, String) {
    let db = e.as_db_error().unwrap_or_else(|| panic!("not a server error: {e:?}"));
    let first = db.message().lines().next().unwrap_or("");
    (db.code().code().to_string(), first.to_string())
}

async fn expect_error(c: &Client, sql: &str) -> (String, String) {
    match c.simple_query(sql).await {
        Ok(_) => panic!("{sql}: succeeded"),
        Err(e) => db_error(&e),
    }
}

/// `'sid,serial#'` of the session whose PROGRAM is `app`.
async fn session_of(admin: &Client, app: &str) -> String {
    let r =
        rows(admin, &format!("select sid, serial# from v$session where program = '{app}'")).await;
    assert_eq!(r.len(), 1, "{app}: {r:?}");
    format!("{},{}", r[0][0].as_deref().unwrap(), r[0][1].as_deref().unwrap())
}

/// Waits until the session of `app` is ACTIVE.
async fn wait_active(admin: &Client, app: &str) {
    let sql = format!("select status from v$session where program = '{app}'");
    for _ in 0..500 {
        if rows(admin, &sql).await.first().and_then(|r| r[0].clone()).as_deref() == Some("ACTIVE") {
            return;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("{app} never became ACTIVE");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logon_queries_and_errors() {
    let addr = start().await;
    let c = connect(addr, "basic").await;
    assert_eq!(rows(&c, "select 1 from dual").await, vec![vec![Some("1".to_string())]]);
    // Several statements, a PL/SQL block among them, in one Query message.
    let msgs = c
        .simple_query("select 1 from dual; BEGIN NULL; END; select 'x' a from dual;")
        .await
        .unwrap();
    let done: Vec<u64> = msgs
        .iter()
        .filter_map(
            |m| if let SimpleQueryMessage::CommandComplete(n) = m { Some(*n) } else { None },
        )
        .collect();
    assert_eq!(done, vec![1, 0, 1]);
    let (code, msg) = expect_error(&c, "select * from no_such_table").await;
    assert_eq!((code.as_str(), msg.as_str()), ("42P01", "ORA-00942: table or view does not exist"));
    let (code, _) = expect_error(&c, "selec 1 from dual").await;
    assert_eq!(code, "42601");
    // MACHINE and PORT come from the peer, PROGRAM from application_name.
    let r = rows(&c, "select machine, username from v$session where program = 'basic'").await;
    assert_eq!(r, vec![vec![Some("127.0.0.1".into()), Some("SYSTEM".into())]]);
    // BEGIN / START TRANSACTION are accepted.
    c.simple_query("BEGIN; START TRANSACTION; COMMIT").await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn psql_blocks_sent_in_pieces_are_joined() {
    // psql splits `BEGIN NULL; END;` at every `;`; for application_name=psql the server
    // keeps an open block until its end arrives.
    let addr = start().await;
    let c = connect(addr, "psql").await;
    // Each half alone would be a syntax error.
    c.simple_query("begin null;").await.unwrap();
    c.simple_query("end;").await.unwrap();
    let other = connect(addr, "not-psql").await;
    assert!(other.simple_query("begin null;").await.is_err());
    assert_eq!(rows(&c, "select 1 from dual").await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_logon_is_ora_01017() {
    let addr = start().await;
    let Err(e) = connect_as(addr, "scott", "wrong", "x").await else { panic!("logged on") };
    let (code, msg) = db_error(&e);
    assert_eq!(code, "28P01");
    assert_eq!(msg, "ORA-01017: invalid username/password; logon denied");
    assert!(connect_as(addr, "scott", "tiger", "x").await.is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prepared_statement_with_binds() {
    let addr = start().await;
    let c = connect(addr, "binds").await;
    let row = c.query_one("select $1 || 'x' as v from dual", &[&"it's"]).await.unwrap();
    assert_eq!(row.get::<_, String>("V"), "it'sx");
    let stmt = c.prepare("select :name || :other || :name as v from dual").await.unwrap();
    assert_eq!(stmt.params().len(), 2);
    let row = c.query_one(&stmt, &[&"a", &"b"]).await.unwrap();
    assert_eq!(row.get::<_, String>(0), "aba");
    let row = c
        .query_one("select to_char(count(*)) from v$session where program = $1", &[&"binds"])
        .await
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "1");
    // An error in the extended protocol, then the connection goes on.
    let e = c.query("select * from no_such_table where x = $1", &[&"1"]).await.unwrap_err();
    assert_eq!(db_error(&e).0, "42P01");
    assert_eq!(rows(&c, "select 2 from dual").await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_victim_gets_ora_00028_then_ora_01012() {
    let addr = start().await;
    let admin = connect(addr, "admin").await;
    let victim = connect(addr, "victim").await;
    let id = session_of(&admin, "victim").await;
    admin.simple_query(&format!("alter system kill session '{id}'")).await.unwrap();
    let r = rows(&admin, "select status, server from v$session where program = 'victim'").await;
    assert_eq!(r, vec![vec![Some("KILLED".into()), Some("PSEUDO".into())]]);
    let (code, msg) = expect_error(&victim, "select 1 from dual").await;
    assert_eq!((code.as_str(), msg.as_str()), ("57P01", "ORA-00028: your session has been killed"));
    let (code, msg) = expect_error(&victim, "select 1 from dual").await;
    assert_eq!((code.as_str(), msg.as_str()), ("08003", "ORA-01012: not logged on"));
    assert!(rows(&admin, "select sid from v$session where program = 'victim'").await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn immediate_kill_closes_an_idle_connection_at_once() {
    let addr = start().await;
    let admin = connect(addr, "admin").await;
    let (victim, conn) = connect_as(addr, "system", "manager", "victim").await.unwrap();
    let id = session_of(&admin, "victim").await;
    admin.simple_query(&format!("alter system kill session '{id}' immediate")).await.unwrap();
    // The server closes the connection without waiting for the client to send anything.
    let ended = tokio::time::timeout(Duration::from_secs(5), conn).await.expect("not closed");
    let err = ended.unwrap().expect_err("closed without an error");
    let (code, msg) = db_error(&err);
    assert_eq!(
        (code.as_str(), msg.as_str()),
        ("57P01", "ORA-03113: end-of-file on communication channel")
    );
    assert!(victim.is_closed());
    assert!(rows(&admin, "select sid from v$session where program = 'victim'").await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn active_victim_gets_ora_00028_at_once() {
    let addr = start().await;
    let admin = connect(addr, "admin").await;
    let victim = connect(addr, "sleeper").await;
    let call = tokio::spawn(async move {
        let r = victim.simple_query("BEGIN DBMS_SESSION.SLEEP(60); END;").await;
        (r.map(|_| ()), victim)
    });
    wait_active(&admin, "sleeper").await;
    let id = session_of(&admin, "sleeper").await;
    let t0 = Instant::now();
    admin.simple_query(&format!("alter system kill session '{id}'")).await.unwrap();
    let (result, victim) =
        tokio::time::timeout(Duration::from_secs(5), call).await.unwrap().unwrap();
    assert!(t0.elapsed() < Duration::from_secs(5));
    let (code, msg) = db_error(&result.unwrap_err());
    assert_eq!((code.as_str(), msg.as_str()), ("57P01", "ORA-00028: your session has been killed"));
    assert_eq!(expect_error(&victim, "select 1 from dual").await.0, "08003");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_request_is_ora_01013() {
    let addr = start().await;
    let admin = connect(addr, "admin").await;
    let victim = connect(addr, "cancelled").await;
    let token = victim.cancel_token();
    let call = tokio::spawn(async move {
        let r = victim.simple_query("BEGIN DBMS_SESSION.SLEEP(60); END;").await;
        (r.map(|_| ()), victim)
    });
    wait_active(&admin, "cancelled").await;
    token.cancel_query(NoTls).await.unwrap();
    let (result, victim) =
        tokio::time::timeout(Duration::from_secs(5), call).await.unwrap().unwrap();
    let (code, msg) = db_error(&result.unwrap_err());
    assert_eq!(
        (code.as_str(), msg.as_str()),
        ("57014", "ORA-01013: user requested cancel of current operation")
    );
    // The session lives on.
    assert_eq!(rows(&victim, "select 1 from dual").await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_and_statement_limits() {
    let addr =
        start_with(ServerConfig { max_sessions: 2, max_statement_bytes: 64, ..Default::default() })
            .await;
    let a = connect(addr, "a").await;
    let _b = connect(addr, "b").await;
    let Err(e) = connect_as(addr, "system", "manager", "c").await else { panic!("third session") };
    assert_eq!(
        db_error(&e),
        ("53300".into(), "ORA-00018: maximum number of sessions exceeded".into())
    );
    let long = format!("select '{}' from dual", "x".repeat(100));
    assert_eq!(expect_error(&a, &long).await.0, "0A000");
    drop(a);
    // The slot is free again once the connection is gone.
    let mut ok = false;
    for _ in 0..200 {
        if connect_as(addr, "system", "manager", "c").await.is_ok() {
            ok = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(ok);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_connections_half_killed_nothing_leaks() {
    const N: usize = 200;
    let addr = start().await;
    let admin = connect(addr, "admin").await;
    let (ready_tx, mut ready_rx) = tokio::sync::mpsc::channel::<()>(N);
    let (go_tx, go) = tokio::sync::watch::channel(false);
    let mut tasks = Vec::new();
    for i in 0..N {
        let ready = ready_tx.clone();
        let mut go = go.clone();
        tasks.push(tokio::spawn(async move {
            let c = connect(addr, &format!("load-{i}")).await;
            ready.send(()).await.unwrap();
            go.wait_for(|go| *go).await.unwrap();
            let mut done = 0;
            for _ in 0..20 {
                match c.simple_query("select count(*) from v$session").await {
                    Ok(_) => done += 1,
                    Err(_) => break,
                }
                tokio::task::yield_now().await;
            }
            done
        }));
    }
    for _ in 0..N {
        ready_rx.recv().await.unwrap();
    }
    let ids =
        rows(&admin, "select sid, serial#, program from v$session where program like 'load-%'")
            .await;
    assert_eq!(ids.len(), N);
    go_tx.send(true).unwrap();
    let mut killed = std::collections::HashSet::new();
    for (k, r) in ids.iter().enumerate().filter(|(k, _)| k % 2 == 0) {
        let immediate = if k % 4 == 0 { " immediate" } else { "" };
        let sql = format!(
            "alter system kill session '{},{}'{immediate}",
            r[0].as_deref().unwrap(),
            r[1].as_deref().unwrap()
        );
        // A victim that already finished its work and logged off is gone: ORA-00030.
        if let Err(e) = admin.simple_query(&sql).await {
            assert!(db_error(&e).1.starts_with("ORA-00030"), "{e:?}");
        }
        killed.insert(r[2].clone().unwrap());
    }
    for (i, t) in tasks.into_iter().enumerate() {
        let done = tokio::time::timeout(Duration::from_secs(60), t).await.unwrap().unwrap();
        if !killed.contains(&format!("load-{i}")) {
            assert_eq!(done, 20, "load-{i} was not killed but did not finish");
        }
    }
    // Every client is dropped: no session of theirs is left.
    let mut left = usize::MAX;
    for _ in 0..500 {
        left = rows(&admin, "select sid from v$session where program like 'load-%'").await.len();
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(left, 0);
}

#[test]
fn repl_reads_stdin() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_vsession"))
        .arg("repl")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"select 1 from dual;\nbegin\n  null;\nend;\n/\nselect nope from dual;\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{text}");
    assert!(text.starts_with("Connected.\n"), "{text}");
    assert!(text.contains("         1\n"), "{text}");
    assert!(text.contains("PL/SQL procedure successfully completed."), "{text}");
    assert!(text.contains("ORA-00904: \"NOPE\": invalid identifier"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transactions_roll_back_on_close_and_autocommit_commits() {
    let addr = start().await;
    let admin = connect(addr, "admin").await;
    if let Err(e) =
        admin.simple_query("create table t (id number primary key, v varchar2(10))").await
    {
        // Tables reach the SQL layer with the exec branch; until then there is nothing to test.
        assert!(db_error(&e).1.starts_with("ORA-00900"), "{e:?}");
        eprintln!("transactions test skipped: CREATE TABLE is not available yet");
        return;
    }
    admin.simple_query("insert into t values (1, 'one'); commit").await.unwrap();
    // An uncommitted change and its row lock die with the connection.
    let (a, conn) = connect_as(addr, "system", "manager", "a").await.unwrap();
    a.simple_query("update t set v = 'changed' where id = 1; insert into t values (2, 'two')")
        .await
        .unwrap();
    drop(a);
    let _ = conn.await;
    let mut left = usize::MAX;
    for _ in 0..200 {
        left = rows(&admin, "select sid from v$session where program = 'a'").await.len();
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(left, 0);
    assert_eq!(rows(&admin, "select v from t order by id").await, vec![vec![Some("one".into())]]);
    // The lock is gone: another session can change the row at once.
    admin.simple_query("update t set v = 'admin' where id = 1; commit").await.unwrap();
    // options=-c autocommit=on: each statement is committed.
    let conninfo = format!(
        "host=127.0.0.1 port={} user=system password=manager dbname=v application_name=auto options='-c autocommit=on'",
        addr.port()
    );
    let (auto, conn) = tokio_postgres::connect(&conninfo, NoTls).await.unwrap();
    let conn = tokio::spawn(conn);
    auto.simple_query("insert into t values (3, 'three')").await.unwrap();
    drop(auto);
    let _ = conn.await;
    assert_eq!(rows(&admin, "select count(*) from t").await, vec![vec![Some("2".into())]]);
}

/// A connection whose notices (DBMS_OUTPUT lines) arrive on a channel.
async fn connect_with_notices(
    addr: SocketAddr,
    options: &str,
) -> (Client, tokio::sync::mpsc::UnboundedReceiver<String>) {
    use futures::future::poll_fn;
    use tokio_postgres::AsyncMessage;
    let conninfo = format!(
        "host=127.0.0.1 port={} user=system password=manager dbname=v application_name=out options='{options}'",
        addr.port()
    );
    let (c, mut conn) = tokio_postgres::connect(&conninfo, NoTls).await.unwrap();
    let (tx, notices) = tokio::sync::mpsc::unbounded_channel::<String>();
    tokio::spawn(async move {
        while let Some(Ok(m)) = poll_fn(|cx| conn.poll_message(cx)).await {
            if let AsyncMessage::Notice(n) = m {
                let _ = tx.send(n.message().to_string());
            }
        }
    });
    (c, notices)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dbms_output_lines_are_notices() {
    let addr = start().await;
    let (c, mut notices) = connect_with_notices(addr, "").await;
    // Off by default, as in SQL*Plus.
    c.simple_query("BEGIN DBMS_OUTPUT.PUT_LINE('unseen'); END;").await.unwrap();
    c.simple_query("SET SERVEROUTPUT ON").await.unwrap();
    c.simple_query("BEGIN DBMS_OUTPUT.PUT_LINE('hello'); DBMS_OUTPUT.PUT_LINE('world'); END;")
        .await
        .unwrap();
    assert_eq!(notices.recv().await.as_deref(), Some("hello"));
    assert_eq!(notices.recv().await.as_deref(), Some("world"));
    c.simple_query("SET SERVEROUTPUT OFF").await.unwrap();
    c.simple_query("BEGIN DBMS_OUTPUT.PUT_LINE('unseen'); END;").await.unwrap();
    assert!(notices.try_recv().is_err());
    // options=-c serveroutput=on enables it at logon.
    let (c, mut notices) = connect_with_notices(addr, "-c serveroutput=on").await;
    c.simple_query("BEGIN DBMS_OUTPUT.PUT_LINE('at once'); END;").await.unwrap();
    assert_eq!(notices.recv().await.as_deref(), Some("at once"));
}

/// A hand-written protocol client, for a reader slower than the server.
mod raw {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    pub async fn send(s: &mut TcpStream, kind: u8, body: &[u8]) {
        let mut m = vec![kind];
        m.extend_from_slice(&(body.len() as i32 + 4).to_be_bytes());
        m.extend_from_slice(body);
        s.write_all(&m).await.unwrap();
    }

    pub async fn read(s: &mut TcpStream) -> (u8, Vec<u8>) {
        let kind = s.read_u8().await.unwrap();
        let len = s.read_i32().await.unwrap() as usize;
        let mut body = vec![0; len - 4];
        s.read_exact(&mut body).await.unwrap();
        (kind, body)
    }

    /// Reads up to ReadyForQuery; returns the text of the ErrorResponses seen.
    pub async fn until_ready(s: &mut TcpStream) -> Vec<String> {
        let mut errors = Vec::new();
        loop {
            match read(s).await {
                (b'Z', _) => return errors,
                (b'E', body) => {
                    let fields = body.split(|b| *b == 0);
                    let msg = fields.filter_map(|f| f.strip_prefix(b"M")).next().unwrap_or(b"");
                    errors.push(String::from_utf8_lossy(msg).into_owned());
                }
                _ => {}
            }
        }
    }

    pub async fn logon(addr: std::net::SocketAddr, app: &str) -> TcpStream {
        let mut s = TcpStream::connect(addr).await.unwrap();
        let mut body = 196_608i32.to_be_bytes().to_vec();
        for (k, v) in [("user", "system"), ("application_name", app)] {
            body.extend_from_slice(k.as_bytes());
            body.push(0);
            body.extend_from_slice(v.as_bytes());
            body.push(0);
        }
        body.push(0);
        let mut m = (body.len() as i32 + 4).to_be_bytes().to_vec();
        m.extend_from_slice(&body);
        s.write_all(&m).await.unwrap();
        assert_eq!(read(&mut s).await.0, b'R');
        send(&mut s, b'p', b"manager\0").await;
        assert!(until_ready(&mut s).await.is_empty());
        s
    }

    pub async fn query(s: &mut TcpStream, sql: &str) {
        let mut body = sql.as_bytes().to_vec();
        body.push(0);
        send(s, b'Q', &body).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_waits_while_a_result_is_written_to_a_slow_reader() {
    let addr = start_engine(Duration::from_secs(1), ServerConfig::default()).await;
    let admin = connect(addr, "admin").await;
    let mut slow = raw::logon(addr, "slow").await;
    // About 25 MB of rows, more than the socket buffers hold: the server blocks writing.
    raw::query(
        &mut slow,
        "select rpad('a', 4000, 'x'), rpad('b', 4000, 'x'), rpad('c', 4000, 'x'), \
         rpad('d', 4000, 'x') from v$session a, v$session b, v$session c",
    )
    .await;
    let sql = "select status, sql_id from v$session where program = 'slow'";
    let mut writing = false;
    for _ in 0..1000 {
        let r = rows(&admin, sql).await;
        if r.first().is_some_and(|r| r[0].as_deref() == Some("ACTIVE") && r[1].is_none()) {
            writing = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(writing, "the slow reader's session never showed the network write");
    let id = session_of(&admin, "slow").await;
    // NetworkIo is uninterruptible: the kill waits out the kill wait (1 s), then ORA-00031.
    let (_, msg) = expect_error(&admin, &format!("alter system kill session '{id}'")).await;
    assert_eq!(msg, "ORA-00031: session marked for kill");
    let r = rows(&admin, "select status, server from v$session where program = 'slow'").await;
    assert_eq!(r, vec![vec![Some("KILLED".into()), Some("DEDICATED".into())]]);
    // The client reads its rows; the write ends, and the kill completes.
    assert!(raw::until_ready(&mut slow).await.is_empty());
    raw::query(&mut slow, "select 1 from dual").await;
    assert_eq!(raw::until_ready(&mut slow).await, vec!["ORA-00028: your session has been killed"]);
    raw::query(&mut slow, "select 1 from dual").await;
    assert_eq!(raw::until_ready(&mut slow).await, vec!["ORA-01012: not logged on"]);
    assert!(rows(&admin, "select sid from v$session where program = 'slow'").await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_bytes_do_not_hurt_the_server() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = start().await;
    let inputs: Vec<Vec<u8>> = vec![
        vec![0, 0, 0, 8, 4, 210, 22, 47],   // SSLRequest
        vec![0, 0, 0, 4],                   // too short a startup
        vec![0xff; 64],                     // nonsense length
        b"GET / HTTP/1.1\r\n\r\n".to_vec(), // not PostgreSQL at all
        vec![0, 0, 0, 9, 0, 3, 0, 0, 0],    // startup without parameters
    ];
    for bytes in inputs {
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        let _ = s.write_all(&bytes).await;
        let mut buf = [0u8; 256];
        let _ = tokio::time::timeout(Duration::from_millis(200), s.read(&mut buf)).await;
    }
    // A logged-on client sending an unknown message type is refused; others carry on.
    let mut raw = raw::logon(addr, "garbage").await;
    raw::send(&mut raw, b'!', b"???").await;
    let c = connect(addr, "after").await;
    assert_eq!(rows(&c, "select 1 from dual").await.len(), 1);
    assert!(rows(&c, "select sid from v$session where program = 'garbage'").await.len() <= 1);
}

/// A column value as the raw bytes the server sent (any type).
struct RawValue(Vec<u8>);

impl<'a> tokio_postgres::types::FromSql<'a> for RawValue {
    fn from_sql(
        _: &tokio_postgres::types::Type,
        raw: &'a [u8],
    ) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(RawValue(raw.to_vec()))
    }

    fn accepts(_: &tokio_postgres::types::Type) -> bool {
        true
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_results_for_numbers_and_dates() {
    use tokio_postgres::types::Type;
    let addr = start().await;
    let c = connect(addr, "binary").await;
    // tokio-postgres asks for every result column in binary format.
    let row = c.query_one("select 12345.678 n, -0.5 m, sysdate d from dual", &[]).await.unwrap();
    assert_eq!(row.columns()[0].type_(), &Type::NUMERIC);
    assert_eq!(row.columns()[2].type_(), &Type::TIMESTAMP);
    let words = |v: RawValue| -> Vec<i16> {
        v.0.chunks(2).map(|c| i16::from_be_bytes([c[0], c[1]])).collect()
    };
    assert_eq!(words(row.get::<_, RawValue>(0)), vec![3, 1, 0, 3, 1, 2345, 6780]);
    assert_eq!(words(row.get::<_, RawValue>(1)), vec![1, -1, 0x4000, 1, 5000]);
    let micros = i64::from_be_bytes(row.get::<_, RawValue>(2).0.try_into().unwrap());
    let since_2000 =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_micros()
            as i64
            - 946_684_800_000_000;
    assert!((micros - since_2000).abs() < 86_400_000_000, "{micros} vs {since_2000}");
    // The same values as text through the simple protocol.
    let r = rows(&c, "select 12345.678, -0.5 from dual").await;
    assert_eq!(r, vec![vec![Some("12345.678".into()), Some("-0.5".into())]]);
}

/// Kills a child process when dropped (a failed assertion must not leave a server running).
struct ChildGuard(std::process::Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_command_line() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    let file = std::env::temp_dir().join(format!("vsession-users-{}", std::process::id()));
    std::fs::write(&file, "# accounts\nalice/wonder\n\nbob/builder:DBA\n").unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_vsession"))
        .args(["serve", "--listen", "127.0.0.1:0", "--user", "scott/tiger", "--users"])
        .arg(&file)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut child = ChildGuard(child);
    let mut line = String::new();
    std::io::BufReader::new(child.0.stderr.take().unwrap()).read_line(&mut line).unwrap();
    let _ = std::fs::remove_file(&file);
    let addr: SocketAddr = line.trim().rsplit(' ').next().unwrap().parse().unwrap();
    for (user, password) in [("scott", "tiger"), ("alice", "wonder"), ("bob", "builder")] {
        let (c, _) = connect_as(addr, user, password, "cli").await.unwrap();
        assert_eq!(rows(&c, "select user from dual").await, vec![vec![Some(user.to_uppercase())]]);
    }
    drop(child);
    let bad = Command::new(env!("CARGO_BIN_EXE_vsession"))
        .args(["serve", "--listen", "127.0.0.1:0", "--user", "no-password"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lock_wait_blocks_only_its_session_and_a_kill_frees_it() {
    let addr = start().await;
    let admin = connect(addr, "admin").await;
    admin.simple_query("create table t (id number primary key, v varchar2(10))").await.unwrap();
    admin.simple_query("insert into t values (1, 'one'); commit").await.unwrap();
    let (holder, holder_conn) = connect_as(addr, "system", "manager", "holder").await.unwrap();
    holder.simple_query("update t set v = 'holder' where id = 1").await.unwrap();
    let waiter = connect(addr, "waiter").await;
    let wait = tokio::spawn(async move {
        let r = waiter.simple_query("update t set v = 'waiter' where id = 1").await;
        (r.map(|m| m.len()), waiter)
    });
    wait_active(&admin, "waiter").await;
    // Other sessions go on while the waiter waits.
    for _ in 0..10 {
        assert_eq!(rows(&admin, "select 1 from dual").await.len(), 1);
    }
    let id = session_of(&admin, "holder").await;
    admin.simple_query(&format!("alter system kill session '{id}' immediate")).await.unwrap();
    let (result, waiter) =
        tokio::time::timeout(Duration::from_secs(5), wait).await.unwrap().unwrap();
    result.unwrap();
    waiter.simple_query("commit").await.unwrap();
    assert_eq!(rows(&admin, "select v from t").await, vec![vec![Some("waiter".into())]]);
    assert!(
        tokio::time::timeout(Duration::from_secs(5), holder_conn).await.unwrap().unwrap().is_err()
    );
    assert!(holder.is_closed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_wire_session_on_an_ac_service_is_replayed() {
    let addr = start().await;
    let admin = connect(addr, "admin").await;
    admin
        .simple_query(
            "begin dbms_service.create_service('ac', 'ac', failover_type => 'TRANSACTION'); \
             dbms_service.start_service('ac'); end;",
        )
        .await
        .unwrap();
    admin.simple_query("create table t (n number)").await.unwrap();
    let conninfo = format!(
        "host={} port={} user=system password=manager dbname=vsess application_name=ac \
         options='--service=ac'",
        addr.ip(),
        addr.port()
    );
    let (app, conn) = tokio_postgres::connect(&conninfo, NoTls).await.unwrap();
    tokio::spawn(conn);
    app.simple_query("insert into t values (1)").await.unwrap();
    let id = session_of(&admin, "ac").await;
    admin.simple_query(&format!("alter system kill session '{id}'")).await.unwrap();
    // No ORA-00028: the insert is replayed on a new session and the query sees it.
    assert_eq!(rows(&app, "select count(*) from t").await, vec![vec![Some("1".into())]]);
    let r = rows(&admin, "select serial#, failed_over from v$session where program = 'ac'").await;
    assert_eq!(r[0][1].as_deref(), Some("YES"));
    assert_ne!(format!("{},{}", id.split(',').next().unwrap(), r[0][0].as_deref().unwrap()), id);
    // An IMMEDIATE kill does not close the connection either: the next call replays.
    app.simple_query("insert into t values (2)").await.unwrap();
    let id = session_of(&admin, "ac").await;
    admin.simple_query(&format!("alter system kill session '{id}' immediate")).await.unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(rows(&app, "select count(*) from t").await, vec![vec![Some("2".into())]]);
    // The cancel key given at logon now cancels the new session's calls.
    let token = app.cancel_token();
    let sleeper = tokio::spawn(async move {
        let r = app.simple_query("begin dbms_session.sleep(30); end;").await;
        (app, r)
    });
    wait_active(&admin, "ac").await;
    token.cancel_query(NoTls).await.unwrap();
    let (app, r) = sleeper.await.unwrap();
    assert_eq!(
        db_error(&r.unwrap_err()).1,
        "ORA-01013: user requested cancel of current operation"
    );
    // NOREPLAY does: FATAL ORA-03113 at once.
    let id = session_of(&admin, "ac").await;
    admin.simple_query(&format!("alter system kill session '{id}' noreplay")).await.unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(app.simple_query("select 1 from dual").await.is_err());
    for _ in 0..200 {
        if app.is_closed() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(app.is_closed());
}
