//! Interpreter tests through the facade: one engine, SYSTEM's session, blocks in, DBMS_OUTPUT
//! lines and error codes out.

use std::sync::mpsc;
use std::time::Duration;

use super::interp::{coerce, sqlcode, sqlerrm, user_exception};
use crate::error::{OraError, SESSION_KILLED, VALUE_ERROR};
use crate::value::{SqlType, Value};
use crate::{Config, ConnectOptions, Engine, Session};

fn system() -> (Engine, Session) {
    let engine = Engine::new(Config::default());
    let sys = engine.connect(&ConnectOptions::new("system", "manager")).expect("SYSTEM logs on");
    sys.set_serveroutput(true);
    (engine, sys)
}

/// Runs a block; its DBMS_OUTPUT lines, or the error.
fn run(sys: &Session, block: &str) -> Result<Vec<String>, OraError> {
    let r = sys.execute(block);
    let out = sys.take_output();
    r.map(|_| out)
}

fn lines(block: &str) -> Vec<String> {
    let (_e, sys) = system();
    run(&sys, block).unwrap_or_else(|e| panic!("{block}\n{e}"))
}

fn error(block: &str) -> OraError {
    let (_e, sys) = system();
    run(&sys, block).expect_err("the block fails")
}

#[test]
fn arithmetic_concatenation_and_loops() {
    let out = lines(
        "DECLARE n NUMBER := 0; s VARCHAR2(20) := 'x'; BEGIN
           FOR i IN 1 .. 10 LOOP n := n + i; END LOOP;
           WHILE LENGTH(s) < 4 LOOP s := s || 'y'; END LOOP;
           DBMS_OUTPUT.PUT_LINE(n || ' ' || s || ' ' || MOD(n, 7));
         END;",
    );
    assert_eq!(out, ["55 xyyy 6"]);
}

#[test]
fn exit_and_continue_with_labels() {
    let out = lines(
        "DECLARE t NUMBER := 0; BEGIN
           <<a>> FOR i IN 1 .. 5 LOOP
             FOR j IN 1 .. 5 LOOP
               CONTINUE a WHEN j > i;
               EXIT a WHEN i = 4;
               t := t + 1;
             END LOOP;
           END LOOP a;
           DBMS_OUTPUT.PUT_LINE(t);
         END;",
    );
    assert_eq!(out, ["6"]);
}

#[test]
fn varchar2_overflow_is_ora_06502() {
    let e = error("DECLARE s VARCHAR2(2); BEGIN s := 'abc'; END;");
    assert!(e.is(VALUE_ERROR));
    assert_eq!(e.text, "PL/SQL: numeric or value error: character string buffer too small");
    assert_eq!(e.stack[0].to_string(), "ORA-06512: at line 1");
}

#[test]
fn unknown_identifier_is_a_compile_error_before_anything_runs() {
    let (_e, sys) = system();
    let e = run(&sys, "BEGIN\n  DBMS_OUTPUT.PUT_LINE('ran');\n  x := 1;\nEND;").unwrap_err();
    assert_eq!(e.code.number, 6550);
    assert_eq!(e.text, "line 3, column 3:\nPLS-00201: identifier 'X' must be declared");
    assert!(sys.take_output().is_empty(), "nothing ran");
}

#[test]
fn user_exceptions_and_sqlcode() {
    let out = lines(
        "DECLARE e EXCEPTION; BEGIN RAISE e;
         EXCEPTION WHEN e THEN DBMS_OUTPUT.PUT_LINE(SQLCODE || ':' || SQLERRM); END;",
    );
    assert_eq!(out, ["1:User-Defined Exception"]);
    assert_eq!(error("DECLARE e EXCEPTION; BEGIN RAISE e; END;").code.number, 6510);
    assert_eq!(sqlcode(&user_exception(7)), 1);
    assert_eq!(sqlerrm(&user_exception(7)), "User-Defined Exception");
}

#[test]
fn pragma_exception_init_catches_by_number() {
    let out = lines(
        "DECLARE gone EXCEPTION; PRAGMA EXCEPTION_INIT(gone, -30); BEGIN
           EXECUTE IMMEDIATE 'ALTER SYSTEM KILL SESSION ''999,9''';
         EXCEPTION WHEN gone THEN DBMS_OUTPUT.PUT_LINE('gone ' || SQLCODE); END;",
    );
    assert_eq!(out, ["gone -30"]);
}

#[test]
fn out_and_in_out_parameters() {
    let out = lines(
        "DECLARE a NUMBER := 1; b VARCHAR2(10);
           PROCEDURE p(x IN OUT NUMBER, y OUT VARCHAR2) IS BEGIN x := x * 10; y := 'set'; END;
         BEGIN p(a, b); DBMS_OUTPUT.PUT_LINE(a || b); END;",
    );
    assert_eq!(out, ["10set"]);
}

#[test]
fn wrong_arguments_to_a_package_procedure() {
    let e = error("BEGIN DBMS_OUTPUT.PUT_LINE(1, 2); END;");
    assert_eq!(e.code.number, 6550);
    assert!(
        e.text.ends_with("PLS-00306: wrong number or types of arguments in call to 'PUT_LINE'")
    );
}

#[test]
fn deep_recursion_is_ora_06500_not_a_stack_overflow() {
    // Runs on a thread with the 2 MiB stack script sessions have.
    let h = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            error(
                "DECLARE FUNCTION f(n NUMBER) RETURN NUMBER IS BEGIN RETURN f(n + 1); END;
                 BEGIN DBMS_OUTPUT.PUT_LINE(f(1)); END;",
            )
        })
        .expect("thread starts");
    let e = h.join().expect("no stack overflow");
    assert_eq!(e.code.number, 6500);
}

#[test]
fn collections_keep_their_order() {
    let out = lines(
        "DECLARE TYPE t IS TABLE OF NUMBER INDEX BY VARCHAR2(10); a t; k VARCHAR2(10); BEGIN
           a('b') := 2; a('a') := 1; a('c') := 3; a.DELETE('b');
           k := a.FIRST;
           WHILE k IS NOT NULL LOOP DBMS_OUTPUT.PUT(k || a(k)); k := a.NEXT(k); END LOOP;
           DBMS_OUTPUT.NEW_LINE;
         END;",
    );
    assert_eq!(out, ["a1c3"]);
}

#[test]
fn dbms_output_is_kept_only_while_enabled() {
    let (_e, sys) = system();
    sys.set_serveroutput(false);
    assert!(run(&sys, "BEGIN DBMS_OUTPUT.PUT_LINE('lost'); END;").unwrap().is_empty());
    let out = run(&sys, "BEGIN DBMS_OUTPUT.ENABLE(NULL); DBMS_OUTPUT.PUT_LINE('kept'); END;");
    assert_eq!(out.unwrap(), ["kept"]);
}

#[test]
fn a_kill_ends_an_endless_loop() {
    let (engine, sys) = system();
    sys.execute("CREATE USER jward IDENTIFIED BY jward").unwrap();
    sys.execute("GRANT CREATE SESSION TO jward").unwrap();
    let jward = engine.connect(&ConnectOptions::new("jward", "jward")).unwrap();
    let (sid, serial) = (jward.sid(), jward.serial());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let r = jward.execute(
            "DECLARE n NUMBER := 0; BEGIN LOOP n := n + 1; END LOOP;
             EXCEPTION WHEN OTHERS THEN IF SQLCODE = -28 THEN NULL; END IF; END;",
        );
        let _ = tx.send(r.map(|_| ()).map_err(|e| e.code));
    });
    let status = || engine.db().sessions.get(sid).map(|c| c.lock().status.as_str());
    while status() != Some("ACTIVE") {
        std::thread::sleep(Duration::from_millis(2));
    }
    sys.execute(&format!("ALTER SYSTEM KILL SESSION '{sid},{serial}'")).expect("System altered.");
    let r = rx.recv_timeout(Duration::from_secs(30)).expect("the loop ended");
    assert_eq!(r, Err(SESSION_KILLED), "the handler caught -28 but the call still ends with it");
}

#[test]
fn coerce_follows_declared_types() {
    assert_eq!(coerce(Value::int(5), &SqlType::Varchar2(3)).unwrap().to_string(), "5");
    assert!(coerce(Value::text("abcd"), &SqlType::Varchar2(3)).is_err());
    let n = SqlType::Number { precision: Some(5), scale: Some(2) };
    assert_eq!(coerce(Value::text("1.234"), &n).unwrap().to_string(), "1.23");
    assert!(coerce(Value::text("x"), &SqlType::NUMBER).is_err());
    assert!(coerce(Value::int(1), &SqlType::Boolean).is_err());
}

#[test]
fn odd_inputs_are_errors_not_panics() {
    let (_e, sys) = system();
    let blocks = [
        "BEGIN FOR i IN 9223372036854775806 .. 9223372036854775807 LOOP NULL; END LOOP; END;",
        "BEGIN FOR i IN REVERSE -9223372036854775808 .. -9223372036854775807 LOOP NULL; END LOOP; END;",
        "BEGIN DBMS_OUTPUT.PUT_LINE(SQLERRM(-9223372036854775808)); END;",
        "BEGIN DBMS_LOCK.SLEEP(1e30); END;",
        "BEGIN DBMS_SESSION.SLEEP(-1); END;",
        "DECLARE TYPE t IS TABLE OF NUMBER INDEX BY PLS_INTEGER; a t; BEGIN a(1e30) := 1; END;",
        "DECLARE TYPE t IS TABLE OF NUMBER INDEX BY PLS_INTEGER; a t; BEGIN a(NULL) := 1; END;",
        "DECLARE n NUMBER(2); BEGIN n := 12345; END;",
        "DECLARE b BOOLEAN; BEGIN b := 'x'; END;",
        "BEGIN EXECUTE IMMEDIATE NULL; END;",
        "BEGIN EXECUTE IMMEDIATE 'garbage here'; END;",
        "BEGIN RAISE; END;",
        "DECLARE CURSOR c IS SELECT 1 x FROM dual; BEGIN CLOSE c; END;",
        "BEGIN DBMS_OUTPUT.GET_LINES(NULL, NULL); END;",
        "BEGIN IF 'abc' THEN NULL; END IF; END;",
        "BEGIN EXIT; END;",
    ];
    for b in blocks {
        let _ = run(&sys, b);
    }
}

#[test]
fn concatenation_renders_numbers_as_to_char_does() {
    let out = lines(
        "DECLARE n NUMBER := -5; z NUMBER := 0; big NUMBER := 9223372036854775807;
           f NUMBER := 1.5; s VARCHAR2(60); BEGIN
           s := 'x' || n; s := s || z; s := s || big; s := s || f; s := s || NULL;
           DBMS_OUTPUT.PUT_LINE(s);
         END;",
    );
    assert_eq!(out, ["x-5092233720368547758071.5"]);
}
