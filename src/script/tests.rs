//! Runner tests: whole scripts through [`run_script_text`] on a virtual-time engine.

use super::*;

fn run(text: &str) -> (String, i32) {
    run_script_text(text, script_config())
}

#[test]
fn connect_prompt_and_not_connected() {
    let (out, status) = run("select 1 from dual;\nconnect system/manager\nprompt hello &&who\n");
    assert_eq!(status, 0);
    assert_eq!(
        out,
        "SP2-0640: Not connected\nConnected.\nSP2-9001: substitution variable \"&&who\" is not defined\n"
    );
}

#[test]
fn failed_connect_after_a_connection_warns() {
    let (out, _) = run("conn system/manager\nconn system/wrong\nselect 1 from dual;\n");
    assert_eq!(
        out,
        "Connected.\nERROR:\nORA-01017: invalid username/password; logon denied\n\n\n\
         Warning: You are no longer connected to ORACLE.\nSP2-0640: Not connected\n"
    );
}

#[test]
fn sql_error_display_and_whenever_exit() {
    let script = "connect system/manager\nselect *\n  from nowhere;\nwhenever sqlerror exit 7\n\
        bogus_verb x;\nselect 1 from dual where x = 1;\nprompt never\n";
    let (out, status) = run(script);
    assert_eq!(status, 7);
    assert_eq!(
        out,
        "Connected.\n  from nowhere\n       *\nERROR at line 2:\n\
         ORA-00942: table or view does not exist\n\n\n\
         SP2-0734: unknown command beginning \"bogus_verb...\" - rest of line ignored.\n\
         select 1 from dual where x = 1\n                         *\nERROR at line 1:\n\
         ORA-00904: \"X\": invalid identifier\n\n\n"
    );
}

#[test]
fn substitution_with_verify_echo_and_define_off() {
    let script = "define t = dual\nconn system/manager\nset echo on\nselect 1\n  from &t.;\n\
        set echo off\nset verify off\nselect 2 from &t;\nset define off\nprompt a&t\n";
    let (out, _) = run(script);
    let expected = "Connected.\nSQL> select 1\n  2    from &t.;\nold   2:   from &t.\nnew   2:   from dual\n\
        \n         1\n----------\n         1\n\nSQL> set echo off\n\
        \n         2\n----------\n         2\n\na&t\n";
    assert_eq!(out, expected);
}

#[test]
fn define_listing_and_undefine() {
    let (out, _) = run("define a = 1\ndef b = 'x y'\ndefine\nundefine a\ndefine a\ndefine b\n");
    assert_eq!(
        out,
        "DEFINE A               = \"1\" (CHAR)\nDEFINE B               = \"x y\" (CHAR)\n\
         SP2-0135: symbol a is UNDEFINED\nDEFINE B               = \"x y\" (CHAR)\n"
    );
}

#[test]
fn multi_session_headers_and_prompts() {
    let script = "conn system/manager\nsession app\nconn system/manager\nselect 1 from dual;\n\
        session main\nexec null\nadvance 1\n/\n";
    let (out, status) = run(script);
    assert_eq!(status, 0);
    let one = "\n         1\n----------\n         1\n\n";
    let expected = format!(
        "SQL> conn system/manager\nConnected.\napp> conn system/manager\nConnected.\n\
         app> select 1 from dual;\n{one}\
         SQL> exec null\n\nPL/SQL procedure successfully completed.\n\n\
         SQL> advance 1\nSQL> select 1 from dual\n{one}"
    );
    assert_eq!(out, expected);
}

#[test]
fn script_errors_end_with_status_one() {
    let (out, status) = run("prompt a\nbegin\n  null;\nend;\n");
    assert_eq!(status, 1);
    assert_eq!(
        out,
        "a\nSP2-9002: end of file inside the statement starting at line 2 (missing \"/\")\n"
    );
    let mut buf = Vec::new();
    let status = run_files(&["/nonexistent/x.sql"], script_config(), &mut buf).unwrap();
    assert_eq!(status, 1);
    assert_eq!(
        String::from_utf8(buf).unwrap(),
        "SP2-0310: unable to open file \"/nonexistent/x.sql\"\n"
    );
}

#[test]
fn exit_status_and_rerun_of_empty_buffer() {
    let (out, status) = run("/\nexit 3\nprompt no\n");
    assert_eq!((out.as_str(), status), ("SP2-0103: Nothing in SQL buffer to run.\n", 3));
    let (_, status) = run("exit warning\n");
    assert_eq!(status, 2);
}

/// ORDERING WITH REAL THREADS
/// --------------------------
/// A stand-in for the engine, so the runner's threads, settling and virtual-time waits are
/// tested before the parser exists: `call sleep(n)` sleeps n seconds of engine time,
/// `call lockwait(sid)` waits (no timeout) as if for a row lock held by `sid`, anything else
/// completes at once.
mod threads {
    use std::time::Duration;

    use super::*;
    use crate::error::{OraError, USER_CANCEL};
    use crate::exec::{Done, Outcome, ResultSet};
    use crate::facade::Session;
    use crate::ora;
    use crate::session::call;
    use crate::session::state::Wait;
    use crate::value::{ColumnDesc, SqlType, Value};

    fn arg(text: &str, name: &str) -> Option<f64> {
        let rest = text.strip_prefix(&format!("call {name}("))?;
        rest.strip_suffix(')')?.parse().ok()
    }

    fn fake(
        session: &Session,
        text: &str,
        _binds: Option<&mut crate::plsql::host::HostBinds>,
    ) -> Result<Outcome, OraError> {
        let cell = session.cell();
        if let Some(secs) = arg(text, "sleep") {
            call::sleep(&cell, Duration::from_secs_f64(secs), "PL/SQL lock timer")?;
        } else if let Some(sid) = arg(text, "lockwait") {
            let since = cell.clock().now();
            let wait = Wait {
                event: "enq: TX - row lock contention",
                class: "Application",
                since,
                blocker: Some(sid as u32),
                object: None,
            };
            while cell.interrupts() == 0 {
                cell.park(None, Some(&wait));
            }
            cell.end_wait();
            return Err(ora!(USER_CANCEL));
        }
        if text.starts_with("select sid") {
            let columns = vec![
                ColumnDesc::new("SID", SqlType::NUMBER),
                ColumnDesc::new("USERNAME", SqlType::Varchar2(8)),
            ];
            let rows = vec![
                vec![Value::int(21), Value::text("APP")],
                vec![Value::int(22), Value::text("DBA")],
            ];
            return Ok(Outcome::Rows(ResultSet { columns, rows }));
        }
        Ok(Outcome::Done(Done::CallCompleted))
    }

    pub(super) fn run_fake(text: &str) -> (String, i32, Duration) {
        let engine = Engine::new(script_config());
        let clock = engine.db().clock.clone();
        let mut runner = Runner::with_exec(engine, RunnerSettings::default(), fake);
        let mut out = Vec::new();
        let status = match runner.run_text(text, &mut out).unwrap() {
            Ended::Exit(n) => n,
            Ended::EndOfScript => runner.finish(&mut out).unwrap(),
        };
        (String::from_utf8(out).unwrap(), status, clock.now())
    }

    #[test]
    fn single_session_waits_through_virtual_time() {
        let (out, status, now) =
            run_fake("conn system/manager\ncall sleep(5);\ncall sleep(2.5);\n");
        assert_eq!(status, 0, "{out}");
        assert_eq!(out, "Connected.\n\nCall completed.\n\n\nCall completed.\n\n");
        assert_eq!(now, Duration::from_millis(7500));
    }

    #[test]
    fn waiting_calls_print_late_in_completion_order() {
        let script = "conn system/manager\n\
            session a\nconn system/manager\ncall sleep(10);\n\
            session b\nconn system/manager\ncall sleep(4);\n\
            session c\nconn system/manager\ncall sleep(10);\n\
            session main\nadvance 5\ncall noop();\n\
            session c\ncall noop();\n";
        let expected = "SQL> conn system/manager\nConnected.\n\
            a> conn system/manager\nConnected.\na> call sleep(10); (waiting)\n\
            b> conn system/manager\nConnected.\nb> call sleep(4); (waiting)\n\
            c> conn system/manager\nConnected.\nc> call sleep(10); (waiting)\n\
            SQL> advance 5\nb<\nb< Call completed.\nb<\n\
            SQL> call noop();\n\nCall completed.\n\n\
            a<\na< Call completed.\na<\nc<\nc< Call completed.\nc<\n\
            c> call noop();\n\nCall completed.\n\n";
        // a and c complete at the same engine time; session order decides, every run.
        for _ in 0..5 {
            let (out, status, now) = run_fake(script);
            assert_eq!(out, expected);
            assert_eq!((status, now), (0, Duration::from_secs(10)));
        }
    }

    #[test]
    fn a_call_nothing_can_complete_stops_the_script() {
        let script = "conn system/manager\nsession app\nconn system/manager\n\
            call lockwait(7);\nsession main\ncall noop();\nsession app\ncall noop();\nprompt not reached\n";
        let (out, status, _) = run_fake(script);
        assert_eq!(status, 1);
        assert!(out.contains("app> call lockwait(7); (waiting)\n"), "{out}");
        assert!(
            out.ends_with(
                "SP2-9003: session app is waiting for a lock held by session 7; the script can never continue\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn with_echo_on_late_results_come_before_the_next_echo() {
        let script = "set echo on\nsession a\nconn system/manager\ncall sleep(5);\nsession main\n\
            session a\ncall noop();\n";
        let (out, status, _) = run_fake(script);
        assert_eq!(status, 0);
        assert_eq!(
            out,
            "SQL> session a\na> conn system/manager\nConnected.\na> call sleep(5);\n\
             a> call sleep(5); (waiting)\na> session main\nSQL> session a\n\
             a<\na< Call completed.\na<\na> call noop();\n\nCall completed.\n\n"
        );
    }

    #[test]
    fn real_time_waits_for_the_wall_clock() {
        let engine = Engine::new(crate::db::Config { virtual_time: false, ..script_config() });
        let mut runner = Runner::with_exec(engine, RunnerSettings::default(), fake);
        let mut out = Vec::new();
        let started = std::time::Instant::now();
        let script = "session a\nconn system/manager\ncall sleep(0.2);\nsession a\ncall noop();\n";
        assert_eq!(runner.run_text(script, &mut out).unwrap(), Ended::EndOfScript);
        assert_eq!(runner.finish(&mut out).unwrap(), 0);
        assert!(started.elapsed() >= Duration::from_millis(200));
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a> conn system/manager\nConnected.\na> call sleep(0.2); (waiting)\n\
             a<\na< Call completed.\na<\na> call noop();\n\nCall completed.\n\n"
        );
    }

    #[test]
    fn end_of_script_drains_waiting_calls() {
        let script =
            "session app\nconn system/manager\ncall sleep(30);\nsession main\nprompt done\n";
        let (out, status, now) = run_fake(script);
        assert_eq!(status, 0);
        assert_eq!(
            out,
            "app> conn system/manager\nConnected.\napp> call sleep(30); (waiting)\ndone\n\
             app<\napp< Call completed.\napp<\n"
        );
        assert_eq!(now, Duration::from_secs(30));
    }
}

#[test]
fn query_output_column_formats_and_new_value() {
    let script = "conn system/manager\ncolumn sid new_value victim\ncolumn username format a4 heading who\n\
        select sid, username from v$session;\nprompt victim=&victim\nset feedback 2\n/\n";
    let (out, status, _) = threads::run_fake(script);
    assert_eq!(status, 0);
    let table = "\n       SID who\n---------- ----\n        21 APP\n        22 DBA\n\n";
    assert_eq!(out, format!("Connected.\n{table}victim=22\n{table}2 rows selected.\n\n"));
}

#[test]
fn start_nested_scripts_with_arguments() {
    let dir = std::env::temp_dir().join(format!("vsession-start-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(
        dir.join("top.sql"),
        "prompt top\n@@sub/inner one 'two words'\n@@missing\nprompt &1 back\n",
    )
    .unwrap();
    std::fs::write(dir.join("sub/inner.sql"), "prompt inner &1 / &2\n").unwrap();
    let mut out = Vec::new();
    let status = run_files(&[dir.join("top.sql")], script_config(), &mut out).unwrap();
    let missing = dir.join("missing.sql");
    assert_eq!(status, 0);
    assert_eq!(
        String::from_utf8(out).unwrap(),
        format!(
            "top\ninner one / two words\nSP2-0310: unable to open file \"{}\"\none back\n",
            missing.display()
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The real engine: sleeps on the virtual clock, and a kill of an ACTIVE session whose result
/// arrives late, printed the same way every run.
mod engine {
    use std::time::Duration;

    use super::*;

    #[test]
    fn single_session_sleep_costs_no_real_time() {
        let engine = Engine::new(script_config());
        let clock = engine.db().clock.clone();
        let mut runner = Runner::new(engine, RunnerSettings::default());
        let mut out = Vec::new();
        let text = "conn system/manager\nexec dbms_session.sleep(300)\nexec dbms_lock.sleep(0.5)\n";
        assert_eq!(runner.run_text(text, &mut out).unwrap(), Ended::EndOfScript);
        assert_eq!(runner.finish(&mut out).unwrap(), 0);
        let done = "\nPL/SQL procedure successfully completed.\n\n";
        assert_eq!(String::from_utf8(out).unwrap(), format!("Connected.\n{done}{done}"));
        assert_eq!(clock.now(), Duration::from_millis(300_500));
    }

    #[test]
    fn kill_of_an_active_session_prints_deterministically() {
        let script = "connect system/manager\ncreate user jward identified by jward;\n\
            grant create session to jward;\n\
            session app\nconnect jward/jward\nexec dbms_session.sleep(300)\n\
            session main\nadvance 5\n\
            select sid, status, seconds_in_wait from v$session where username = 'JWARD';\n\
            alter system kill session '11,1';\n\
            session app\nselect user from dual;\n";
        let expected = "SQL> connect system/manager\nConnected.\n\
            SQL> create user jward identified by jward;\n\nUser created.\n\n\
            SQL> grant create session to jward;\n\nGrant succeeded.\n\n\
            app> connect jward/jward\nConnected.\n\
            app> exec dbms_session.sleep(300) (waiting)\n\
            SQL> advance 5\n\
            SQL> select sid, status, seconds_in_wait from v$session where username = 'JWARD';\n\n\
            \x20      SID STATUS   SECONDS_IN_WAIT\n---------- -------- ---------------\n\
            \x20       11 ACTIVE                 5\n\n\
            SQL> alter system kill session '11,1';\n\nSystem altered.\n\n\
            app< BEGIN dbms_session.sleep(300); END;\napp< *\napp< ERROR at line 1:\n\
            app< ORA-00028: your session has been killed\napp<\napp<\n\
            app> select user from dual;\nERROR:\nORA-01012: not logged on\n\n\n";
        for _ in 0..5 {
            let (out, status) = run(script);
            assert_eq!(out, expected);
            assert_eq!(status, 0);
        }
    }
}

#[test]
fn garbage_never_panics() {
    // A fixed pseudo-random stream of script fragments: the runner must answer with errors,
    // never a panic, and always end.
    let pieces = [
        "select",
        "'",
        "\"",
        ";",
        "/",
        "\n",
        "&",
        "&&x",
        ".",
        "begin",
        "end;",
        "--",
        "/*",
        "*/",
        "q'[",
        "]'",
        "set",
        "pagesize",
        "0",
        "col",
        "x",
        "format",
        "a0",
        "999,9.9.9",
        "define",
        "=",
        "exec",
        "session",
        "advance",
        "-1",
        "1e400",
        "conn",
        "system/manager",
        "@",
        "@@",
        "whenever",
        "sqlerror",
        "exit",
        "é",
        "\t",
        "from dual",
        "prompt",
        "linesize",
        "99999999999999999999",
        "column",
        "new_value",
        "heading",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..200 {
        let mut text = String::new();
        for _ in 0..40 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            text.push(if seed.is_multiple_of(3) { '\n' } else { ' ' });
        }
        let (_, status) = run(&text);
        assert!((0..=255).contains(&status));
    }
}
