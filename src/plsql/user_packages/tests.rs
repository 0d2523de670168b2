//! User package tests through the facade: the parse of CREATE / DROP PACKAGE, per-session
//! state, arguments that are package variables, and the errors of a bad package.

use crate::error::OraError;
use crate::sql::ast::{Declaration, Statement};
use crate::sql::parse;
use crate::{Config, ConnectOptions, Engine, Session};

fn connect(engine: &Engine) -> Session {
    let s = engine.connect(&ConnectOptions::new("system", "manager")).expect("SYSTEM logs on");
    s.set_serveroutput(true);
    s
}

fn run(s: &Session, sql: &str) -> Result<Vec<String>, OraError> {
    let r = s.execute(sql);
    let out = s.take_output();
    r.map(|_| out)
}

fn rows(s: &Session, sql: &str) -> Vec<Vec<String>> {
    match s.execute(sql) {
        Ok(crate::exec::Outcome::Rows(rs)) => rs
            .rows
            .iter()
            .map(|r| r.iter().map(|v| v.to_text().unwrap_or_default()).collect())
            .collect(),
        other => panic!("{sql}: {other:?}"),
    }
}

fn ok(s: &Session, sql: &str) -> Vec<String> {
    run(s, sql).unwrap_or_else(|e| panic!("{sql}\n{e}"))
}

const COUNTER_SPEC: &str = "CREATE OR REPLACE PACKAGE counter AUTHID CURRENT_USER IS
  g_n NUMBER := 0;
  PROCEDURE bump(p_by IN NUMBER DEFAULT 1);
  PROCEDURE read_into(p_out OUT NUMBER);
  FUNCTION n RETURN NUMBER;
END counter;";

const COUNTER_BODY: &str = "CREATE OR REPLACE PACKAGE BODY counter IS
  g_inits NUMBER := 0;
  PROCEDURE bump(p_by IN NUMBER DEFAULT 1) IS
  BEGIN
    g_n := g_n + p_by;
  END bump;
  PROCEDURE read_into(p_out OUT NUMBER) IS
  BEGIN
    p_out := counter.g_n;
  END read_into;
  FUNCTION n RETURN NUMBER IS
  BEGIN
    RETURN g_n;
  END n;
BEGIN
  g_inits := g_inits + 1;
  DBMS_OUTPUT.PUT_LINE('init ' || g_inits);
END counter;";

fn with_counter() -> (Engine, Session) {
    let engine = Engine::new(Config::default());
    let s = connect(&engine);
    ok(&s, COUNTER_SPEC);
    ok(&s, COUNTER_BODY);
    (engine, s)
}

#[test]
fn create_package_parses_spec_body_and_init() {
    let Statement::CreatePackage(spec) = parse(COUNTER_SPEC).expect("spec parses") else {
        panic!("not a package");
    };
    assert!(spec.or_replace && !spec.body && spec.init.is_none());
    assert_eq!(spec.name.dotted(), "COUNTER");
    let headings =
        spec.declarations.iter().filter(|d| matches!(d, Declaration::SubprogramSpec(_))).count();
    assert_eq!(headings, 3);
    assert_eq!(&COUNTER_SPEC[spec.pos..spec.pos + 7], "PACKAGE");
    let Statement::CreatePackage(body) = parse(COUNTER_BODY).expect("body parses") else {
        panic!("not a package body");
    };
    assert!(body.body && body.init.as_ref().is_some_and(|b| b.body.len() == 2));
    let subs = body.declarations.iter().filter(|d| matches!(d, Declaration::Subprogram(_))).count();
    assert_eq!(subs, 3);
    let Statement::DropPackage { name, body } = parse("DROP PACKAGE BODY scott.counter").unwrap()
    else {
        panic!("not DROP PACKAGE");
    };
    assert!(body);
    assert_eq!(name.dotted(), "SCOTT.COUNTER");
}

#[test]
fn state_is_per_session_and_initialized_once() {
    let (engine, a) = with_counter();
    assert_eq!(ok(&a, "BEGIN counter.bump; counter.bump(5); END;"), ["init 1"]);
    assert_eq!(ok(&a, "BEGIN DBMS_OUTPUT.PUT_LINE(counter.n); END;"), ["6"]);
    let b = connect(&engine);
    assert_eq!(ok(&b, "BEGIN DBMS_OUTPUT.PUT_LINE(counter.g_n); END;"), ["init 1", "0"]);
    ok(&b, "BEGIN counter.g_n := 40; END;");
    assert_eq!(ok(&b, "BEGIN DBMS_OUTPUT.PUT_LINE(counter.n); END;"), ["40"]);
    assert_eq!(ok(&a, "BEGIN DBMS_OUTPUT.PUT_LINE(counter.n); END;"), ["6"]);
}

#[test]
fn package_variables_as_arguments_and_out_parameters() {
    let (_engine, s) = with_counter();
    let out = ok(
        &s,
        "DECLARE v NUMBER; BEGIN
           counter.bump(counter.g_n + 2);
           counter.bump(counter.n);
           counter.read_into(v);
           counter.read_into(counter.g_n);
           DBMS_OUTPUT.PUT_LINE(v || ' ' || counter.g_n);
         END;",
    );
    assert_eq!(out, ["init 1", "4 4"]);
}

#[test]
fn functions_from_sql_and_wrong_calls() {
    let (_engine, s) = with_counter();
    ok(&s, "BEGIN counter.bump(7); END;");
    assert_eq!(rows(&s, "SELECT counter.n * 2 FROM dual"), [["14"]]);
    let e = run(&s, "BEGIN counter.bump(1, 2); END;").expect_err("too many arguments");
    assert!(e.to_string().contains("PLS-00306"), "{e}");
    let e = run(&s, "BEGIN counter.g_inits := 1; END;").expect_err("private");
    assert!(e.to_string().contains("PLS-00302: component 'G_INITS' must be declared"), "{e}");
}

#[test]
fn a_failing_initialization_leaves_no_instance() {
    let engine = Engine::new(Config::default());
    let s = connect(&engine);
    ok(&s, "CREATE PACKAGE flaky IS g NUMBER; END;");
    ok(
        &s,
        "CREATE PACKAGE BODY flaky IS BEGIN
           g := NVL(g, 0) + 1;
           IF g < 2 THEN RAISE_APPLICATION_ERROR(-20002, 'not yet'); END IF;
         END;",
    );
    let e = run(&s, "BEGIN DBMS_OUTPUT.PUT_LINE(flaky.g); END;").expect_err("init fails");
    assert_eq!(e.code.number, 20002);
    assert!(e.stack.iter().any(|x| x.to_string().contains("\"SYSTEM.FLAKY\", line 3")), "{e:?}");
    // Each use retries the initialization on a new instance.
    let e = run(&s, "BEGIN DBMS_OUTPUT.PUT_LINE(flaky.g); END;").expect_err("again");
    assert_eq!(e.code.number, 20002);
}

#[test]
fn a_mismatched_body_is_invalid() {
    let (_engine, s) = with_counter();
    let body = "CREATE OR REPLACE PACKAGE BODY counter IS
  PROCEDURE bump(p_by IN NUMBER DEFAULT 1) IS BEGIN NULL; END;
  PROCEDURE read_into(p_other OUT NUMBER) IS BEGIN NULL; END;
  FUNCTION n RETURN NUMBER IS BEGIN RETURN 0; END;
END;";
    ok(&s, body);
    let errors = rows(&s, "SELECT line, text FROM user_errors WHERE type = 'PACKAGE BODY'");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0][0], "4");
    assert!(errors[0][1].starts_with("PLS-00323: subprogram or cursor 'READ_INTO'"));
    let e = run(&s, "BEGIN counter.bump; END;").expect_err("invalid body");
    assert_eq!(e.code.number, 4063);
}

#[test]
fn spec_exceptions_are_raised_inside_and_caught_outside() {
    let engine = Engine::new(Config::default());
    let s = connect(&engine);
    ok(
        &s,
        "CREATE PACKAGE guard IS
           e_denied EXCEPTION;
           e_coded EXCEPTION;
           PRAGMA EXCEPTION_INIT(e_coded, -20100);
           PROCEDURE check_it(p_n IN NUMBER);
         END guard;",
    );
    ok(
        &s,
        "CREATE PACKAGE BODY guard IS
           PROCEDURE check_it(p_n IN NUMBER) IS
           BEGIN
             IF p_n = 1 THEN RAISE guard.e_denied; END IF;
             IF p_n = 2 THEN RAISE e_coded; END IF;
           END check_it;
         END guard;",
    );
    let out = ok(
        &s,
        "BEGIN
           FOR i IN 1 .. 2 LOOP
             BEGIN
               guard.check_it(i);
             EXCEPTION
               WHEN guard.e_denied THEN DBMS_OUTPUT.PUT_LINE('denied');
               WHEN guard.e_coded THEN DBMS_OUTPUT.PUT_LINE('coded ' || SQLCODE);
             END;
           END LOOP;
         END;",
    );
    assert_eq!(out, ["denied", "coded -20100"]);
    let e = run(&s, "BEGIN guard.check_it(1); END;").expect_err("unhandled");
    assert_eq!(e.code.number, 6510);
}

#[test]
fn package_ddl_commits_implicitly() {
    let engine = Engine::new(Config::default());
    let s = connect(&engine);
    ok(&s, "CREATE TABLE audit_rows (n NUMBER)");
    ok(&s, "INSERT INTO audit_rows VALUES (1)");
    ok(&s, "CREATE PACKAGE p IS g NUMBER; END;");
    ok(&s, "INSERT INTO audit_rows VALUES (2)");
    ok(&s, "DROP PACKAGE p");
    ok(&s, "ROLLBACK");
    assert_eq!(rows(&s, "SELECT COUNT(*) FROM audit_rows"), [["2"]]);
}

#[test]
fn a_package_reentered_through_another_fails_instead_of_deadlocking() {
    let engine = Engine::new(Config::default());
    let s = connect(&engine);
    ok(&s, "CREATE PACKAGE a IS g NUMBER := 1; PROCEDURE go; END;");
    ok(&s, "CREATE PACKAGE b IS FUNCTION peek RETURN NUMBER; END;");
    ok(&s, "CREATE PACKAGE BODY b IS FUNCTION peek RETURN NUMBER IS BEGIN RETURN a.g; END; END;");
    ok(&s, "CREATE PACKAGE BODY a IS PROCEDURE go IS BEGIN g := b.peek + 1; END; END;");
    assert_eq!(ok(&s, "BEGIN DBMS_OUTPUT.PUT_LINE(b.peek); END;"), ["1"]);
    // A's instance is in use by A.GO further up the call: a known limit, reported.
    let e = run(&s, "BEGIN a.go; END;").expect_err("re-entered");
    assert_eq!(e.code.number, 6508);
    assert_eq!(ok(&s, "BEGIN DBMS_OUTPUT.PUT_LINE(a.g); END;"), ["1"]);
}

const TYPES_SPEC: &str = "CREATE OR REPLACE PACKAGE kinds IS
  TYPE pair_t IS RECORD (k VARCHAR2(10), v NUMBER);
  TYPE nums_t IS TABLE OF NUMBER;
  g_pair pair_t;
  g_nums nums_t := nums_t(1, 2);
END kinds;";

fn with_types() -> (Engine, Session) {
    let engine = Engine::new(Config::default());
    let s = connect(&engine);
    ok(&s, TYPES_SPEC);
    (engine, s)
}

#[test]
fn spec_types_declare_variables_in_other_blocks() {
    let (_engine, s) = with_types();
    let out = ok(
        &s,
        "DECLARE p kinds.pair_t; n kinds.nums_t := kinds.nums_t(5, 6, 7);
         BEGIN p.k := 'a'; p.v := n(3); DBMS_OUTPUT.PUT_LINE(p.k || p.v || n.COUNT); END;",
    );
    assert_eq!(out, ["a73"]);
    let e = run(&s, "DECLARE x kinds.nope; BEGIN NULL; END;").expect_err("no such type");
    assert!(e.to_string().contains("PLS-00302: component 'NOPE' must be declared"), "{e}");
    let e = run(&s, "DECLARE x kinds.g_nums; BEGIN NULL; END;").expect_err("not a type");
    assert!(e.to_string().contains("PLS-00488"), "{e}");
}

#[test]
fn composite_package_variables_read_and_written_from_outside() {
    let (_engine, s) = with_types();
    ok(&s, "BEGIN kinds.g_pair.k := 'x'; kinds.g_nums(2) := 20; END;");
    let out = ok(
        &s,
        "BEGIN DBMS_OUTPUT.PUT_LINE(kinds.g_pair.k || kinds.g_nums(2) || kinds.g_nums.COUNT
           || kinds.g_nums.LAST); END;",
    );
    assert_eq!(out, ["x2022"]);
    let e = run(&s, "BEGIN kinds.g_nums(3) := 1; END;").expect_err("beyond the size");
    assert_eq!(e.code.number, 6533);
    let e = run(&s, "BEGIN kinds.g_pair.nope := 1; END;").expect_err("no such field");
    assert!(e.to_string().contains("PLS-00302: component 'NOPE' must be declared"), "{e}");
}

#[test]
fn a_local_type_of_the_same_shape_is_another_type() {
    let (_engine, s) = with_types();
    let e = run(
        &s,
        "DECLARE TYPE nums_t IS TABLE OF NUMBER; n nums_t := kinds.nums_t(1); BEGIN NULL; END;",
    )
    .expect_err("another type");
    assert!(e.to_string().contains("PLS-00382"), "{e}");
}

#[test]
fn whole_package_records_and_collections_are_copied_by_value() {
    let (_engine, s) = with_types();
    let out = ok(
        &s,
        "DECLARE p kinds.pair_t; n kinds.nums_t;
         BEGIN
           p.k := 'z'; p.v := 1; kinds.g_pair := p; p.v := 2;
           n := kinds.g_nums; n(1) := 100; kinds.g_nums.EXTEND; kinds.g_nums(3) := 3;
           DBMS_OUTPUT.PUT_LINE(kinds.g_pair.k || kinds.g_pair.v || ' ' || n(1) || ' '
             || kinds.g_nums(1) || ' ' || kinds.g_nums.COUNT || ' ' || n.COUNT);
           kinds.g_nums := n;
           DBMS_OUTPUT.PUT_LINE(kinds.g_nums(1));
         END;",
    );
    assert_eq!(out, ["z1 100 1 3 2", "100"]);
}
