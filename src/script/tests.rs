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
    let script = "connect system/manager\nselect *\n  from nowhere;\nwhenever sqlerror exit 7\nbogus_verb x;\nselect 1 from dual;\nprompt never\n";
    let (out, status) = run(script);
    assert_eq!(status, 7);
    // The skeleton engine answers every statement with ORA-00900 at no position.
    assert_eq!(
        out,
        "Connected.\nselect *\n*\nERROR at line 1:\nORA-00900: invalid SQL statement\n\n\n\
         SP2-0734: unknown command beginning \"bogus_verb...\" - rest of line ignored.\n\
         select 1 from dual\n*\nERROR at line 1:\nORA-00900: invalid SQL statement\n\n\n"
    );
}

#[test]
fn substitution_with_verify_echo_and_define_off() {
    let script = "define t = dual\nconn system/manager\nset echo on\nselect 1\n  from &t.;\nset echo off\nset verify off\nselect 2 from &t;\nset define off\nprompt a&t\n";
    let (out, _) = run(script);
    let expected = "Connected.\nSQL> select 1\n  2    from &t.;\nold   2:   from &t.\nnew   2:   from dual\n\
        select 1\n*\nERROR at line 1:\nORA-00900: invalid SQL statement\n\n\nSQL> set echo off\n\
        select 2 from dual\n*\nERROR at line 1:\nORA-00900: invalid SQL statement\n\n\na&t\n";
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
    let script = "conn system/manager\nsession app\nconn system/manager\nselect 1 from dual;\nsession main\nexec null\nadvance 1\n/\n";
    let (out, status) = run(script);
    assert_eq!(status, 0);
    let expected = "SQL> conn system/manager\nConnected.\napp> conn system/manager\nConnected.\n\
        app> select 1 from dual;\nselect 1 from dual\n*\nERROR at line 1:\nORA-00900: invalid SQL statement\n\n\n\
        SQL> exec null\nBEGIN null; END;\n*\nERROR at line 1:\nORA-00900: invalid SQL statement\n\n\n\
        SQL> advance 1\nSQL> select 1 from dual\nselect 1 from dual\n*\nERROR at line 1:\nORA-00900: invalid SQL statement\n\n\n";
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
