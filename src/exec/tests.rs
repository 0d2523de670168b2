//! Tests of the query engine and the evaluator, written as SQL text: two small in-memory tables
//! (EMP, DEPT, registered through `query::testing`), DUAL, and the live V$SESSION / V$PROCESS
//! of a database with a few sessions.

use std::sync::Arc;

use super::query::{run_query, testing};
use super::{Ctx, ResultSet, eval};
use crate::db::{Config, Database};
use crate::error::OraError;
use crate::session::{ClientInfo, Identity, SessionCell, SessionType};
use crate::sql::ast::{Ident, SelectItem, Statement};
use crate::value::{ColumnDesc, SqlType, Value};

struct Fixture {
    db: Database,
    me: Arc<SessionCell>,
}

fn logon(db: &Database, user_id: u32, name: &str) -> Arc<SessionCell> {
    db.sessions.logon(Identity {
        user_id,
        username: Some(Arc::from(name)),
        service: Arc::from("SYS$USERS"),
        client: Arc::new(ClientInfo::default()),
        kind: SessionType::User,
        pname: None,
    })
}

/// A database with the calling session logged on as SYSTEM, and EMP / DEPT.
fn fixture() -> Fixture {
    let db = Database::new(Config { virtual_time: true, ..Config::default() });
    let me = logon(&db, 9, "SYSTEM");
    let num = SqlType::NUMBER;
    let t = |s: &str| Value::text(s);
    let i = Value::int;
    testing::put(
        "EMP",
        vec![
            ColumnDesc::new("EMPNO", num),
            ColumnDesc::new("ENAME", SqlType::Varchar2(10)),
            ColumnDesc::new("DEPTNO", num),
            ColumnDesc::new("SAL", num),
            ColumnDesc::new("MGR", num),
        ],
        vec![
            vec![i(1), t("KING"), i(10), i(5000), Value::Null],
            vec![i(2), t("BLAKE"), i(30), i(2850), i(1)],
            vec![i(3), t("CLARK"), i(10), i(2450), i(1)],
            vec![i(4), t("SMITH"), i(20), i(800), i(3)],
            vec![i(5), t("ALLEN"), i(30), i(1600), i(2)],
            vec![i(6), t("MILLER"), Value::Null, i(1300), i(3)],
        ],
    );
    testing::put(
        "DEPT",
        vec![ColumnDesc::new("DEPTNO", num), ColumnDesc::new("DNAME", SqlType::Varchar2(14))],
        vec![
            vec![i(10), t("ACCOUNTING")],
            vec![i(20), t("RESEARCH")],
            vec![i(30), t("SALES")],
            vec![i(40), t("OPERATIONS")],
        ],
    );
    Fixture { db, me }
}

impl Fixture {
    /// Runs a query.
    fn run(&self, sql: &str) -> Result<ResultSet, OraError> {
        let Statement::Query(q) = crate::sql::parse(sql)? else { panic!("not a query: {sql}") };
        let mut out = crate::plsql::OutputBuffer::default();
        let mut ctx = Ctx { db: &self.db, me: &self.me, output: &mut out, text: "" };
        run_query(&mut ctx, &q)
    }

    /// A query's rows as text (NULL = "").
    fn rows(&self, sql: &str) -> Vec<Vec<String>> {
        let rs = self.run(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        rs.rows.iter().map(|r| r.iter().map(|v| v.to_string()).collect()).collect()
    }

    /// The first column of a query's rows as text.
    fn col(&self, sql: &str) -> Vec<String> {
        self.rows(sql).into_iter().map(|mut r| r.swap_remove(0)).collect()
    }

    /// The error of a query, as SQL*Plus prints it.
    fn err(&self, sql: &str) -> String {
        match self.run(sql) {
            Ok(rs) => panic!("{sql}: expected an error, got {:?}", rs.rows),
            Err(e) => e.to_string(),
        }
    }

    /// The value of an expression, evaluated by `eval_scalar` (no FROM).
    fn ev(&self, expr: &str) -> Result<Value, OraError> {
        let Statement::Query(q) = crate::sql::parse(&format!("SELECT {expr} FROM dual"))? else {
            unreachable!()
        };
        let crate::sql::ast::QueryBody::Select(s) = &q.body else { unreachable!() };
        let Some(SelectItem::Expr { expr, .. }) = s.items.first() else { unreachable!() };
        let mut out = crate::plsql::OutputBuffer::default();
        let mut ctx = Ctx { db: &self.db, me: &self.me, output: &mut out, text: "" };
        eval::eval_scalar(&mut ctx, expr)
    }

    /// An expression's value as text.
    fn text(&self, expr: &str) -> String {
        self.ev(expr).unwrap_or_else(|e| panic!("{expr}: {e}")).to_string()
    }

    /// True if an expression is NULL.
    fn is_null(&self, expr: &str) -> bool {
        self.ev(expr).unwrap_or_else(|e| panic!("{expr}: {e}")).is_null()
    }

    /// An expression's error, as SQL*Plus prints it.
    fn fails(&self, expr: &str) -> String {
        match self.ev(expr) {
            Ok(v) => panic!("{expr}: expected an error, got {v:?}"),
            Err(e) => e.to_string(),
        }
    }

    /// A condition's three-valued truth: "TRUE", "FALSE" or "NULL".
    fn truth(&self, cond: &str) -> String {
        let v = self.col(&format!("SELECT CASE WHEN {cond} THEN 'TRUE' WHEN NOT ({cond}) THEN 'FALSE' ELSE 'NULL' END FROM dual"));
        v[0].clone()
    }
}

// ----- expressions -----------------------------------------------------------------------------

#[test]
fn arithmetic_and_conversion() {
    let fx = fixture();
    assert_eq!(fx.text("1 + 2 * 3"), "7");
    assert_eq!(fx.text("1 / 4"), ".25");
    assert_eq!(fx.text("'10' - 4"), "6");
    assert_eq!(fx.text("-(5)"), "-5");
    assert!(fx.is_null("1 + NULL"));
    assert_eq!(fx.fails("1 / 0"), "ORA-01476: divisor is equal to zero");
    assert_eq!(fx.fails("'abc' + 1"), "ORA-01722: invalid number");
    assert_eq!(fx.fails("79228162514264337593543950335 * 10"), "ORA-01426: numeric overflow");
}

#[test]
fn concat_treats_null_as_empty() {
    let fx = fixture();
    assert_eq!(fx.text("'a' || NULL || 1"), "a1");
    assert!(fx.is_null("NULL || ''"));
}

#[test]
fn three_valued_logic() {
    let fx = fixture();
    assert_eq!(fx.truth("NULL = 1"), "NULL");
    assert_eq!(fx.truth("NULL = 1 AND 1 = 2"), "FALSE");
    assert_eq!(fx.truth("NULL = 1 AND 1 = 1"), "NULL");
    assert_eq!(fx.truth("NULL = 1 OR 1 = 1"), "TRUE");
    assert_eq!(fx.truth("NULL = 1 OR 1 = 2"), "NULL");
    assert_eq!(fx.truth("NOT (NULL = 1)"), "NULL");
    // NOT IN with a NULL in the list is never TRUE.
    assert_eq!(fx.truth("3 NOT IN (1, NULL)"), "NULL");
    assert_eq!(fx.truth("1 IN (1, NULL)"), "TRUE");
    assert_eq!(fx.truth("'' IS NULL"), "TRUE");
    assert_eq!(fx.truth("5 BETWEEN 1 AND NULL"), "NULL");
    assert_eq!(fx.truth("5 BETWEEN 6 AND NULL"), "FALSE");
    assert_eq!(fx.truth("5 NOT BETWEEN 6 AND 9"), "TRUE");
}

#[test]
fn like_with_wildcards_and_escape() {
    let fx = fixture();
    assert_eq!(fx.truth("'SCOTT' LIKE 'S%'"), "TRUE");
    assert_eq!(fx.truth("'SCOTT' LIKE '_COT_'"), "TRUE");
    assert_eq!(fx.truth("'SCOTT' LIKE '%O%T'"), "TRUE");
    assert_eq!(fx.truth("'SCOTT' LIKE 'S_T%'"), "FALSE");
    assert_eq!(fx.truth("'SCOTT' NOT LIKE 'X%'"), "TRUE");
    assert_eq!(fx.truth("'A_B' LIKE 'A\\_B' ESCAPE '\\'"), "TRUE");
    assert_eq!(fx.truth("'AXB' LIKE 'A\\_B' ESCAPE '\\'"), "FALSE");
    assert_eq!(fx.truth("'100%' LIKE '100!%' ESCAPE '!'"), "TRUE");
    assert_eq!(fx.truth("NULL LIKE '%'"), "NULL");
    assert_eq!(
        fx.fails("CASE WHEN 'A' LIKE 'A!' ESCAPE '!' THEN 1 END").split(':').next(),
        Some("ORA-01424")
    );
    assert_eq!(
        fx.fails("CASE WHEN 'A' LIKE 'A' ESCAPE 'xy' THEN 1 END"),
        "ORA-01425: escape character must be character string of length 1"
    );
}

#[test]
fn case_decode_nvl_family() {
    let fx = fixture();
    assert_eq!(fx.text("CASE WHEN 1 = 2 THEN 'no' WHEN 1 = 1 THEN 'yes' END"), "yes");
    assert_eq!(fx.text("CASE NULL WHEN NULL THEN 'null' ELSE 'else' END"), "else");
    assert!(fx.is_null("CASE 1 WHEN 2 THEN 'two' END"));
    assert_eq!(fx.text("DECODE(NULL, 1, 'one', NULL, 'null', 'other')"), "null");
    assert_eq!(fx.text("DECODE(2, 1, 'one', 'other')"), "other");
    assert!(fx.is_null("DECODE(2, 1, 'one')"));
    // DECODE does not evaluate the branches it does not pick.
    assert_eq!(fx.text("DECODE(0, 0, 'zero', 1/0)"), "zero");
    assert_eq!(fx.text("NVL(NULL, 3)"), "3");
    assert_eq!(fx.text("NVL2(NULL, 'a', 'b')"), "b");
    assert_eq!(fx.text("NVL2(1, 'a', 'b')"), "a");
    assert_eq!(fx.text("COALESCE(NULL, '', 7, 8)"), "7");
    assert_eq!(fx.fails("NVL(1)"), "ORA-00909: invalid number of arguments");
    assert_eq!(fx.fails("DECODE(1, 2)"), "ORA-00909: invalid number of arguments");
}

#[test]
fn string_functions() {
    let fx = fixture();
    assert_eq!(fx.text("UPPER('abc')"), "ABC");
    assert_eq!(fx.text("LOWER('ABC')"), "abc");
    assert_eq!(fx.text("INITCAP('hello wORLD-x')"), "Hello World-X");
    assert!(fx.is_null("UPPER(NULL)"));
    assert_eq!(fx.text("SUBSTR('ABCDEF', 2, 3)"), "BCD");
    assert_eq!(fx.text("SUBSTR('ABCDEF', 0, 2)"), "AB");
    assert_eq!(fx.text("SUBSTR('ABCDEF', -2)"), "EF");
    assert!(fx.is_null("SUBSTR('ABC', 5)"));
    assert!(fx.is_null("SUBSTR('ABC', 1, 0)"));
    assert!(fx.is_null("SUBSTR(NULL, 1)"));
    assert_eq!(fx.text("INSTR('CORPORATE FLOOR', 'OR')"), "2");
    assert_eq!(fx.text("INSTR('CORPORATE FLOOR', 'OR', 3, 2)"), "14");
    assert_eq!(fx.text("INSTR('CORPORATE FLOOR', 'OR', -3, 2)"), "2");
    assert_eq!(fx.text("INSTR('ABC', 'X')"), "0");
    assert!(fx.is_null("INSTR(NULL, 'X')"));
    assert_eq!(fx.fails("INSTR('ABC', 'B', 1, 0)"), "ORA-01428: argument '0' is out of range");
    assert_eq!(fx.text("LENGTH('héllo')"), "5");
    assert!(fx.is_null("LENGTH('')"));
    assert_eq!(fx.text("TRIM('  x  ')"), "x");
    assert_eq!(fx.text("LTRIM('xxyA', 'xy')"), "A");
    assert_eq!(fx.text("RTRIM('A  ') || '|'"), "A|");
    assert_eq!(fx.text("LPAD('7', 3, '0')"), "007");
    assert_eq!(fx.text("RPAD('ab', 5, 'xy')"), "abxyx");
    assert_eq!(fx.text("LPAD('abcdef', 3)"), "abc");
    assert!(fx.is_null("LPAD('a', 0)"));
    assert_eq!(fx.text("REPLACE('a-b-c', '-', '+')"), "a+b+c");
    assert_eq!(fx.text("REPLACE('a-b-c', '-')"), "abc");
    assert_eq!(fx.text("REPLACE('abc', NULL, 'x')"), "abc");
    assert_eq!(fx.text("CONCAT('a', 'b')"), "ab");
    assert_eq!(fx.fails("SUBSTR('a')"), "ORA-00909: invalid number of arguments");
}

#[test]
fn numeric_functions() {
    let fx = fixture();
    assert_eq!(fx.text("ROUND(2.5)"), "3");
    assert_eq!(fx.text("ROUND(-2.5)"), "-3");
    assert_eq!(fx.text("ROUND(3.14159, 2)"), "3.14");
    assert_eq!(fx.text("ROUND(1250, -2)"), "1300");
    assert_eq!(fx.text("TRUNC(3.99)"), "3");
    assert_eq!(fx.text("TRUNC(-3.99, 1)"), "-3.9");
    assert_eq!(fx.text("TRUNC(1299, -2)"), "1200");
    assert_eq!(fx.text("ABS(-4)"), "4");
    assert_eq!(fx.text("MOD(11, 4)"), "3");
    assert_eq!(fx.text("MOD(-11, 4)"), "-3");
    assert_eq!(fx.text("MOD(11, 0)"), "11");
    assert_eq!(fx.text("FLOOR(-1.5)"), "-2");
    assert_eq!(fx.text("CEIL(1.2)"), "2");
    assert_eq!(fx.text("GREATEST(1, 7, 3)"), "7");
    assert_eq!(fx.text("LEAST('b', 'a', 'c')"), "a");
    assert!(fx.is_null("GREATEST(1, NULL)"));
    assert!(fx.is_null("ABS(NULL)"));
    assert_eq!(fx.fails("ABS('x')"), "ORA-01722: invalid number");
    assert_eq!(fx.text("TO_NUMBER(' 12.50 ')"), "12.5");
    assert_eq!(fx.text("TO_NUMBER('1,234', '9,999')"), "1234");
    assert_eq!(fx.fails("TO_NUMBER('12a')"), "ORA-01722: invalid number");
}

#[test]
fn to_char_and_to_date() {
    let fx = fixture();
    // The virtual clock starts at 2026-01-05 09:00:00.
    assert_eq!(fx.text("TO_CHAR(SYSDATE, 'YYYY-MM-DD HH24:MI:SS')"), "2026-01-05 09:00:00");
    assert_eq!(fx.text("TO_CHAR(SYSDATE, 'DD-MON-YYYY')"), "05-JAN-2026");
    assert_eq!(fx.text("TO_CHAR(SYSDATE, 'Dy DD-Mon-RR HH:MI AM')"), "Mon 05-Jan-26 09:00 AM");
    assert_eq!(fx.text("SYSDATE"), "05-JAN-26");
    assert_eq!(fx.text("TO_CHAR(42)"), "42");
    assert_eq!(fx.text("TO_CHAR(42, '0000')"), " 0042");
    assert_eq!(fx.text("TO_CHAR(42, 'FM999')"), "42");
    assert_eq!(fx.text("TO_CHAR(1234.5, '9,999.99')"), " 1,234.50");
    assert!(fx.is_null("TO_CHAR(NULL, '999')"));
    let d = "TO_DATE('2025-12-31 23:59:59', 'YYYY-MM-DD HH24:MI:SS')";
    assert_eq!(fx.text(&format!("TO_CHAR({d}, 'DD-MON-RR HH24:MI')")), "31-DEC-25 23:59");
    assert_eq!(fx.text(&format!("TO_CHAR({d} + 1, 'YYYY-MM-DD')")), "2026-01-01");
    assert_eq!(fx.text(&format!("TO_CHAR(TRUNC({d}), 'HH24:MI:SS')")), "00:00:00");
    let fmt = "'YYYY-MM-DD HH24:MI'";
    assert_eq!(fx.text(&format!("TO_CHAR(ROUND({d}), {fmt})")), "2026-01-01 00:00");
    assert_eq!(fx.text(&format!("TO_CHAR(TRUNC({d}, 'MM'), {fmt})")), "2025-12-01 00:00");
    assert_eq!(fx.text(&format!("TO_CHAR(ROUND({d}, 'MM'), {fmt})")), "2026-01-01 00:00");
    assert_eq!(fx.text(&format!("TO_CHAR(ROUND({d}, 'YYYY'), {fmt})")), "2026-01-01 00:00");
    assert_eq!(fx.text(&format!("TO_CHAR(TRUNC({d}, 'HH'), {fmt})")), "2025-12-31 23:00");
    assert_eq!(fx.text(&format!("TO_CHAR(ROUND({d}, 'MI'), {fmt})")), "2026-01-01 00:00");
    assert_eq!(fx.text(&format!("TO_CHAR(ROUND(SYSDATE, 'YEAR'), {fmt})")), "2026-01-01 00:00");
    assert_eq!(fx.fails("TRUNC(SYSDATE, 'XX')"), "ORA-01821: date format not recognized");
    assert_eq!(fx.text("SYSDATE - TO_DATE('2026-01-04 09:00:00', 'YYYY-MM-DD HH24:MI:SS')"), "1");
    assert_eq!(fx.text("ROUND((SYSDATE - (SYSDATE - 1/24)) * 24, 9)"), "1");
    assert_eq!(fx.text("TO_DATE('05-JAN-26')"), "05-JAN-26");
    assert_eq!(fx.truth("SYSDATE > '01-JAN-26'"), "TRUE");
    assert_eq!(fx.fails("TO_DATE('2026-13-01', 'YYYY-MM-DD')"), "ORA-01843: not a valid month");
    assert_eq!(fx.fails("TO_CHAR(SYSDATE, 'QQQ')"), "ORA-01821: date format not recognized");
    assert_eq!(fx.text("TO_CHAR(SYSTIMESTAMP, 'HH24:MI:SS.FF3')"), "09:00:00.000");
    assert_eq!(fx.text("TO_CHAR(SYSTIMESTAMP + 1/24, 'HH24:MI')"), "10:00");
    assert_eq!(
        fx.fails("SYSDATE * 2"),
        "ORA-00932: inconsistent datatypes: expected NUMBER got DATE"
    );
    assert_eq!(fx.text("TO_CHAR(DATE '2024-02-29', 'DD/MM/YYYY')"), "29/02/2024");
}

#[test]
fn session_functions() {
    let fx = fixture();
    assert_eq!(fx.text("USER"), "SYSTEM");
    assert_eq!(fx.text("UID"), "9");
    assert_eq!(fx.text("SYS_CONTEXT('USERENV', 'SID')"), fx.me.sid.to_string());
    assert_eq!(fx.text("SYS_CONTEXT('userenv', 'session_user')"), "SYSTEM");
    assert_eq!(fx.text("SYS_CONTEXT('USERENV', 'CURRENT_USER')"), "SYSTEM");
    assert_eq!(fx.text("SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA')"), "SYSTEM");
    assert_eq!(fx.text("SYS_CONTEXT('USERENV', 'SERVICE_NAME')"), "SYS$USERS");
    assert_eq!(fx.text("SYS_CONTEXT('USERENV', 'INSTANCE')"), "1");
    assert_eq!(fx.text("SYS_CONTEXT('USERENV', 'DB_NAME')"), "VSESS");
    assert_eq!(fx.text("SYS_CONTEXT('USERENV', 'HOST')"), "localhost");
    assert_eq!(fx.text("SYS_CONTEXT('USERENV', 'OS_USER')"), "oracle");
    assert_eq!(fx.text("SYS_CONTEXT('USERENV', 'SESSIONID')"), fx.me.audsid.to_string());
    assert_eq!(fx.fails("SYS_CONTEXT('USERENV', 'NOPE')"), "ORA-02003: invalid USERENV parameter");
    assert_eq!(fx.fails("SYS_CONTEXT('USERENV')"), "ORA-00909: invalid number of arguments");
}

#[test]
fn unknown_names_carry_their_position() {
    let fx = fixture();
    let e = fx.ev("nosuchfn(1)").unwrap_err();
    assert_eq!(e.to_string(), "ORA-00904: \"NOSUCHFN\": invalid identifier");
    assert_eq!(e.pos, Some(7));
    let e = fx.run("SELECT sid, nope FROM emp").unwrap_err();
    assert_eq!(e.to_string(), "ORA-00904: \"SID\": invalid identifier");
    assert_eq!(e.pos, Some(7));
    let e = fx.run("SELECT e.empno, e.colx FROM emp e").unwrap_err();
    assert_eq!(e.to_string(), "ORA-00904: \"E\".\"COLX\": invalid identifier");
    assert_eq!(e.pos, Some(16));
}

/// PL/SQL variables reach expressions through [`Names`](super::compile::Names).
#[test]
fn caller_names_are_bound_as_constants() {
    struct Vars;
    impl super::compile::Names for Vars {
        fn lookup(&self, parts: &[Ident]) -> Option<Value> {
            (parts.len() == 1 && parts[0].name == "V_LIMIT").then(|| Value::int(2000))
        }
        fn bind(&self, name: &str) -> Option<Value> {
            (name == "DEPT").then(|| Value::int(10))
        }
    }
    let fx = fixture();
    let Statement::Query(q) = crate::sql::parse(
        "SELECT ename FROM emp WHERE sal > v_limit AND deptno = :dept ORDER BY 1",
    )
    .unwrap() else {
        unreachable!()
    };
    let mut out = crate::plsql::OutputBuffer::default();
    let mut ctx = Ctx { db: &fx.db, me: &fx.me, output: &mut out, text: "" };
    let rs = super::query::run_query_with(&mut ctx, &q, Some(&Vars)).unwrap();
    assert_eq!(rs.rows, vec![vec![Value::text("CLARK")], vec![Value::text("KING")]]);
    let Statement::Query(sub) = crate::sql::parse(
        "SELECT dname FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.deptno = d.deptno AND e.sal > v_limit) \
         FETCH FIRST :dept ROWS ONLY",
    )
    .unwrap() else {
        unreachable!()
    };
    let rs = super::query::run_query_with(&mut ctx, &sub, Some(&Vars)).unwrap();
    assert_eq!(rs.rows.len(), 2);
    let e = super::query::run_query(&mut ctx, &q).unwrap_err();
    assert_eq!(e.to_string(), "ORA-00904: \"V_LIMIT\": invalid identifier");
}

// ----- queries -----------------------------------------------------------------------------------

#[test]
fn dual_and_headings() {
    let fx = fixture();
    let rs = fx.run("SELECT * FROM dual").unwrap();
    assert_eq!(rs.columns, vec![ColumnDesc::new("DUMMY", SqlType::Varchar2(1))]);
    assert_eq!(rs.rows, vec![vec![Value::text("X")]]);
    let rs = fx.run("SELECT 'ABC', dummy || 'YZ', 1 one, sys.dual.dummy FROM sys.dual").unwrap();
    let headings: Vec<&str> = rs.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(headings, ["'ABC'", "DUMMY||'YZ'", "ONE", "DUMMY"]);
    assert_eq!(rs.columns[0].ty, SqlType::Varchar2(3));
    assert_eq!(rs.columns[1].ty, SqlType::Varchar2(3));
    assert_eq!(rs.columns[2].ty, SqlType::NUMBER);
    let rs = fx.run("SELECT UPPER(ename), TO_CHAR(sal), e.empno, COUNT(*) OVER_ALIAS, TO_CHAR(sal, '9999') FROM emp e GROUP BY ename, sal, e.empno").unwrap();
    assert_eq!(rs.columns[0], ColumnDesc::new("UPPER(ENAME)", SqlType::Varchar2(10)));
    assert_eq!(rs.columns[1].ty, SqlType::Varchar2(40));
    assert_eq!(rs.columns[2].name, "EMPNO");
    assert_eq!(rs.columns[3], ColumnDesc::new("OVER_ALIAS", SqlType::NUMBER));
    assert_eq!(rs.columns[4].ty, SqlType::Varchar2(5));
    let rs = fx
        .run("SELECT ename || ' (' || empno || ')' who, SYSDATE, LPAD(ename, 12) FROM emp")
        .unwrap();
    assert_eq!(rs.columns[0].ty, SqlType::Varchar2(10 + 2 + 40 + 1));
    assert_eq!(rs.columns[1].ty, SqlType::Date);
    assert_eq!(rs.columns[2].ty, SqlType::Varchar2(12));
}

#[test]
fn where_filters_with_three_valued_logic() {
    let fx = fixture();
    // MILLER's NULL DEPTNO is neither = 10 nor <> 10.
    assert_eq!(fx.col("SELECT ename FROM emp WHERE deptno <> 10"), ["BLAKE", "SMITH", "ALLEN"]);
    assert_eq!(
        fx.col("SELECT ename FROM emp WHERE ename LIKE '%L%' AND sal > 1500"),
        ["BLAKE", "CLARK", "ALLEN"]
    );
    assert_eq!(fx.col("SELECT ename FROM emp WHERE mgr IS NULL"), ["KING"]);
    assert_eq!(fx.col("SELECT ename FROM emp WHERE deptno NOT IN (10, 30)"), ["SMITH"]);
    assert_eq!(
        fx.col("SELECT ename FROM emp WHERE deptno IN (20, NULL) OR sal BETWEEN 1200 AND 1400"),
        ["SMITH", "MILLER"]
    );
    assert_eq!(fx.col("SELECT ename FROM emp WHERE NOT (sal < 2800) AND empno = '2'"), ["BLAKE"]);
}

#[test]
fn order_by_nulls_and_positions() {
    let fx = fixture();
    assert_eq!(
        fx.col("SELECT ename FROM emp ORDER BY deptno, ename"),
        ["CLARK", "KING", "SMITH", "ALLEN", "BLAKE", "MILLER"]
    );
    assert_eq!(
        fx.col("SELECT ename FROM emp ORDER BY deptno DESC, ename"),
        ["MILLER", "ALLEN", "BLAKE", "SMITH", "CLARK", "KING"]
    );
    assert_eq!(
        fx.col("SELECT ename FROM emp ORDER BY deptno NULLS FIRST, ename"),
        ["MILLER", "CLARK", "KING", "SMITH", "ALLEN", "BLAKE"]
    );
    assert_eq!(
        fx.col("SELECT ename FROM emp ORDER BY deptno DESC NULLS LAST, ename"),
        ["ALLEN", "BLAKE", "SMITH", "CLARK", "KING", "MILLER"]
    );
    assert_eq!(fx.col("SELECT ename, sal pay FROM emp ORDER BY pay DESC")[..2], ["KING", "BLAKE"]);
    assert_eq!(fx.col("SELECT ename, sal FROM emp ORDER BY 2")[0], "SMITH");
    assert_eq!(fx.col("SELECT ename FROM emp ORDER BY sal * -1")[0], "KING");
    let rs = fx.run("SELECT ename FROM emp ORDER BY empno DESC").unwrap();
    assert_eq!(rs.rows[0], vec![Value::text("MILLER")]);
    assert_eq!(
        fx.err("SELECT ename FROM emp ORDER BY 3"),
        "ORA-01785: ORDER BY item must be the number of a SELECT-list expression"
    );
}

#[test]
fn group_by_having_and_aggregates() {
    let fx = fixture();
    assert_eq!(
        fx.rows("SELECT deptno, COUNT(*), SUM(sal), MAX(ename), AVG(sal) FROM emp GROUP BY deptno ORDER BY deptno"),
        vec![
            vec!["10", "2", "7450", "KING", "3725"],
            vec!["20", "1", "800", "SMITH", "800"],
            vec!["30", "2", "4450", "BLAKE", "2225"],
            vec!["", "1", "1300", "MILLER", "1300"],
        ]
    );
    assert_eq!(
        fx.col("SELECT deptno FROM emp GROUP BY deptno HAVING COUNT(*) > 1 ORDER BY deptno"),
        ["10", "30"]
    );
    assert_eq!(
        fx.col("SELECT deptno FROM emp GROUP BY deptno ORDER BY SUM(sal) DESC"),
        ["10", "30", "", "20"]
    );
    // Aggregates without GROUP BY: one row, even over no rows.
    assert_eq!(
        fx.rows("SELECT COUNT(*), COUNT(deptno), COUNT(DISTINCT deptno), MIN(sal) FROM emp"),
        vec![vec!["6", "5", "3", "800"]]
    );
    assert_eq!(fx.rows("SELECT COUNT(*), SUM(sal) FROM emp WHERE 1 = 0"), vec![vec!["0", ""]]);
    assert!(fx.rows("SELECT deptno, COUNT(*) FROM emp WHERE 1 = 0 GROUP BY deptno").is_empty());
    // Expressions over GROUP BY expressions and aggregates.
    assert_eq!(
        fx.rows("SELECT deptno + 1, COUNT(*) * 10 FROM emp WHERE deptno IS NOT NULL GROUP BY deptno + 1 ORDER BY 1"),
        vec![vec!["11", "20"], vec!["21", "10"], vec!["31", "20"]]
    );
    assert_eq!(
        fx.rows(
            "SELECT NVL(TO_CHAR(deptno), 'none') d, COUNT(*) FROM emp GROUP BY deptno ORDER BY d"
        )[3],
        ["none", "1"]
    );
}

#[test]
fn grouping_errors() {
    let fx = fixture();
    assert_eq!(
        fx.err("SELECT ename, COUNT(*) FROM emp GROUP BY deptno"),
        "ORA-00979: not a GROUP BY expression"
    );
    assert_eq!(
        fx.err("SELECT ename, COUNT(*) FROM emp"),
        "ORA-00937: not a single-group group function"
    );
    assert_eq!(fx.err("SELECT * FROM emp GROUP BY deptno"), "ORA-00979: not a GROUP BY expression");
    assert_eq!(
        fx.err("SELECT ename FROM emp WHERE COUNT(*) > 1"),
        "ORA-00934: group function is not allowed here"
    );
    assert_eq!(
        fx.err("SELECT COUNT(*) FROM emp GROUP BY COUNT(*)"),
        "ORA-00934: group function is not allowed here"
    );
    assert_eq!(fx.run("SELECT ename, COUNT(*) FROM emp").unwrap_err().pos, Some(7));
}

#[test]
fn ambiguous_and_unknown_relations() {
    let fx = fixture();
    assert_eq!(fx.err("SELECT deptno FROM emp e, dept d"), "ORA-00918: column ambiguously defined");
    assert_eq!(fx.err("SELECT 1 FROM no_such_view"), "ORA-00942: table or view does not exist");
    assert_eq!(fx.run("SELECT 1 FROM no_such_view").unwrap_err().pos, Some(14));
    assert_eq!(fx.err("SELECT x.* FROM emp e"), "ORA-00904: \"X\": invalid identifier");
}

#[test]
fn comma_join_uses_hash_keys_and_pushes_filters() {
    let fx = fixture();
    assert_eq!(
        fx.rows("SELECT e.ename, d.dname FROM emp e, dept d WHERE e.deptno = d.deptno AND e.sal >= 2000 ORDER BY e.ename"),
        vec![vec!["BLAKE", "SALES"], vec!["CLARK", "ACCOUNTING"], vec!["KING", "ACCOUNTING"]]
    );
    // Three relations, a self-join, and a qualified star.
    assert_eq!(
        fx.rows(
            "SELECT w.ename, m.ename, d.* FROM emp w, emp m, dept d \
             WHERE w.mgr = m.empno AND m.deptno = d.deptno AND d.dname = 'SALES' ORDER BY 1"
        ),
        vec![vec!["ALLEN", "BLAKE", "30", "SALES"]]
    );
}

#[test]
fn explicit_joins() {
    let fx = fixture();
    let names = |kind: &str| {
        fx.rows(&format!(
            "SELECT e.ename, d.dname FROM emp e {kind} JOIN dept d ON e.deptno = d.deptno ORDER BY e.empno NULLS LAST, d.dname"
        ))
    };
    assert_eq!(names("INNER").len(), 5);
    let left = names("LEFT OUTER");
    assert_eq!(left.len(), 6);
    assert_eq!(left[5], vec!["MILLER", ""]);
    let right = names("RIGHT");
    assert_eq!(right.len(), 6);
    assert_eq!(right[5], vec!["", "OPERATIONS"]);
    assert_eq!(names("FULL").len(), 7);
    assert_eq!(fx.col("SELECT COUNT(*) FROM emp CROSS JOIN dept"), ["24"]);
    // A non-equi ON condition runs as a nested loop.
    assert_eq!(fx.col("SELECT COUNT(*) FROM emp e JOIN dept d ON e.deptno < d.deptno"), ["10"]);
    // ON with an extra condition on an outer join keeps the unmatched rows.
    assert_eq!(
        fx.rows("SELECT d.dname, e.ename FROM dept d LEFT JOIN emp e ON e.deptno = d.deptno AND e.sal > 2500 ORDER BY 1"),
        vec![vec!["ACCOUNTING", "KING"], vec!["OPERATIONS", ""], vec!["RESEARCH", ""], vec!["SALES", "BLAKE"]]
    );
}

#[test]
fn rownum_is_assigned_before_order_by() {
    let fx = fixture();
    assert_eq!(
        fx.rows("SELECT ename, ROWNUM FROM emp WHERE ROWNUM <= 3 ORDER BY ename"),
        vec![vec!["BLAKE", "2"], vec!["CLARK", "3"], vec!["KING", "1"]]
    );
    assert!(fx.rows("SELECT ename FROM emp WHERE ROWNUM > 1").is_empty());
    assert_eq!(fx.col("SELECT ename FROM emp WHERE ROWNUM = 1"), ["KING"]);
    // FETCH FIRST applies after ORDER BY.
    assert_eq!(
        fx.col("SELECT ename FROM emp ORDER BY sal DESC FETCH FIRST 2 ROWS ONLY"),
        ["KING", "BLAKE"]
    );
    // ROWNUM over an ordered inline view: the classic top-N.
    assert_eq!(
        fx.col("SELECT ename FROM (SELECT ename, sal FROM emp ORDER BY sal) WHERE ROWNUM < 3"),
        ["SMITH", "MILLER"]
    );
}

#[test]
fn subqueries_in_where() {
    let fx = fixture();
    assert_eq!(
        fx.col("SELECT ename FROM emp WHERE deptno IN (SELECT deptno FROM dept WHERE dname = 'SALES') ORDER BY 1"),
        ["ALLEN", "BLAKE"]
    );
    assert_eq!(
        fx.col("SELECT ename FROM emp WHERE deptno NOT IN (SELECT deptno FROM dept) ORDER BY 1"),
        Vec::<String>::new()
    );
    assert_eq!(fx.col("SELECT dname FROM dept WHERE deptno NOT IN (SELECT deptno FROM emp WHERE deptno IS NOT NULL)"), ["OPERATIONS"]);
    assert_eq!(fx.col("SELECT ename FROM emp WHERE empno IN (SELECT '2' FROM dual)"), ["BLAKE"]);
    // Correlated EXISTS (the inner filter becomes an index lookup from the second outer row on).
    assert_eq!(
        fx.col("SELECT ename FROM emp e WHERE EXISTS (SELECT 1 FROM dept d WHERE d.deptno = e.deptno AND d.dname LIKE '%S%') ORDER BY 1"),
        ["ALLEN", "BLAKE", "SMITH"]
    );
    assert_eq!(
        fx.col("SELECT ename FROM emp e WHERE EXISTS (SELECT 1 FROM dept d WHERE TO_CHAR(e.deptno) = d.deptno) ORDER BY 1").len(),
        5
    );
    // Correlated EXISTS.
    assert_eq!(fx.col("SELECT dname FROM dept d WHERE NOT EXISTS (SELECT 1 FROM emp e WHERE e.deptno = d.deptno)"), ["OPERATIONS"]);
    // Correlated scalar subquery, unqualified outer column.
    assert_eq!(
        fx.col("SELECT ename FROM emp o WHERE sal > (SELECT AVG(i.sal) FROM emp i WHERE i.deptno = o.deptno) ORDER BY 1"),
        ["BLAKE", "KING"]
    );
    // Two levels out, and a scalar subquery in the select list.
    assert_eq!(
        fx.rows(
            "SELECT d.dname, (SELECT COUNT(*) FROM emp e WHERE e.deptno = d.deptno \
               AND EXISTS (SELECT 1 FROM dual WHERE d.dname LIKE 'S%')) n FROM dept d ORDER BY 1"
        ),
        vec![
            vec!["ACCOUNTING", "0"],
            vec!["OPERATIONS", "0"],
            vec!["RESEARCH", "0"],
            vec!["SALES", "2"]
        ]
    );
    // A subquery in an aggregate query's select list sees GROUP BY keys of the outer rows.
    assert_eq!(
        fx.rows(
            "SELECT e.deptno, (SELECT d.dname FROM dept d WHERE d.deptno = e.deptno), COUNT(*) FROM emp e \
             WHERE e.deptno IS NOT NULL GROUP BY e.deptno ORDER BY 1"
        ),
        vec![vec!["10", "ACCOUNTING", "2"], vec!["20", "RESEARCH", "1"], vec!["30", "SALES", "2"]]
    );
    assert_eq!(
        fx.err(
            "SELECT COUNT(*), (SELECT 1 FROM dual WHERE e.sal > 0) FROM emp e GROUP BY e.deptno"
        ),
        "ORA-00979: not a GROUP BY expression"
    );
    assert_eq!(
        fx.err("SELECT (SELECT deptno FROM dept) FROM dual"),
        "ORA-01427: single-row subquery returns more than one row"
    );
    assert!(fx.rows("SELECT (SELECT deptno FROM dept WHERE 1 = 0) FROM dual")[0][0].is_empty());
}

#[test]
fn distinct_and_set_operations() {
    let fx = fixture();
    assert_eq!(fx.col("SELECT DISTINCT deptno FROM emp ORDER BY 1"), ["10", "20", "30", ""]);
    assert_eq!(
        fx.err("SELECT DISTINCT deptno FROM emp ORDER BY sal"),
        "ORA-01791: not a SELECTed expression"
    );
    assert_eq!(
        fx.col("SELECT deptno FROM emp UNION SELECT deptno FROM dept"),
        ["10", "20", "30", "40", ""]
    );
    assert_eq!(fx.col("SELECT deptno FROM emp UNION ALL SELECT deptno FROM dept").len(), 10);
    assert_eq!(
        fx.col("SELECT deptno FROM emp INTERSECT SELECT deptno FROM dept"),
        ["10", "20", "30"]
    );
    assert_eq!(fx.col("SELECT deptno FROM emp MINUS SELECT deptno FROM dept"), [""]);
    assert_eq!(
        fx.col(
            "SELECT deptno FROM emp UNION SELECT deptno FROM dept ORDER BY deptno DESC NULLS LAST"
        ),
        ["40", "30", "20", "10", ""]
    );
    assert_eq!(
        fx.err("SELECT deptno, ename FROM emp UNION SELECT deptno FROM dept"),
        "ORA-01789: query block has incorrect number of result columns"
    );
}

#[test]
fn subquery_in_from_with_alias() {
    let fx = fixture();
    assert_eq!(fx.col("SELECT t.total FROM (SELECT deptno, SUM(sal) total FROM emp GROUP BY deptno) t WHERE t.deptno = 30"), ["4450"]);
    assert_eq!(fx.col("SELECT COUNT(*) FROM (SELECT * FROM emp WHERE sal > 1000)"), ["5"]);
}

// ----- the dynamic views ---------------------------------------------------------------------------

#[test]
fn v_session_joins_v_process() {
    let fx = fixture();
    let others: Vec<_> = (0..3).map(|_| logon(&fx.db, 9, "SYSTEM")).collect();
    let sids = fx.col(
        "SELECT s.sid FROM v$session s, v$process p WHERE s.paddr = p.addr AND s.username = 'SYSTEM' ORDER BY s.sid",
    );
    let mut expected: Vec<String> =
        others.iter().chain([&fx.me]).map(|c| c.sid.to_string()).collect();
    expected.sort_by_key(|s| s.parse::<u32>().unwrap_or(0));
    assert_eq!(sids, expected);
    let mine = fx.rows(
        "SELECT sid, serial#, status FROM v$session WHERE sid = SYS_CONTEXT('USERENV', 'SID')",
    );
    assert_eq!(
        mine,
        vec![vec![fx.me.sid.to_string(), fx.me.serial.to_string(), "INACTIVE".to_string()]]
    );
    let rs = fx.run("SELECT sid, serial#, username FROM v$session WHERE ROWNUM <= 1").unwrap();
    assert_eq!(rs.columns[1], ColumnDesc::new("SERIAL#", SqlType::NUMBER));
    assert_eq!(rs.columns[2], ColumnDesc::new("USERNAME", SqlType::Varchar2(128)));
    assert_eq!(fx.col("SELECT COUNT(*) FROM v$session WHERE type = 'USER'"), ["4"]);
}

#[test]
fn a_kill_interrupts_a_long_query() {
    let fx = fixture();
    let rows: Vec<_> = (0..5000).map(|i| vec![Value::int(i)]).collect();
    testing::put("BIG", vec![ColumnDesc::new("N", SqlType::NUMBER)], rows);
    assert_eq!(fx.col("SELECT COUNT(*) FROM big WHERE n >= 0"), ["5000"]);
    fx.me.raise_interrupt(crate::session::state::interrupt_bits::CANCEL);
    assert_eq!(
        fx.err("SELECT COUNT(*) FROM big WHERE n >= 0"),
        "ORA-01013: user requested cancel of current operation"
    );
    fx.me.raise_interrupt(crate::session::state::interrupt_bits::KILL);
    assert_eq!(
        fx.err("SELECT a.n FROM big a, big b WHERE a.n = b.n"),
        "ORA-00028: your session has been killed"
    );
    // Short queries have no safe point inside: the call's end delivers the kill.
    assert_eq!(fx.col("SELECT COUNT(*) FROM dual"), ["1"]);
}

/// Hostile arguments give values or Oracle errors, never a panic.
#[test]
fn edge_arguments_never_panic() {
    let fx = fixture();
    let exprs = [
        "SUBSTR('abc', 1e30)",
        "SUBSTR('abc', -1e30, 1e30)",
        "SUBSTR('abc', 2, -1)",
        "LPAD('a', 1e30)",
        "RPAD('a', -5)",
        "RPAD('a', 5, NULL)",
        "INSTR('a', 'a', -100)",
        "INSTR('aaa', 'a', 1e30, 1e30)",
        "INSTR('aaa', 'aa', 1, 2)",
        "TO_CHAR(1e27, '9999')",
        "TO_CHAR(-0.001, 'FM9.99')",
        "TO_CHAR(123, 'FM')",
        "TO_CHAR(5, '')",
        "TO_CHAR(SYSDATE, '\"unterminated')",
        "TO_CHAR(SYSDATE, 'FF9 FF1 DDD Month Day fmDD')",
        "TO_DATE('', 'YYYY')",
        "TO_DATE('0000-01-01', 'YYYY-MM-DD')",
        "TO_DATE('9999-12-31 23:59:59', 'YYYY-MM-DD HH24:MI:SS') + 1",
        "TO_DATE('12:00 XM', 'HH:MI AM')",
        "TO_DATE('13:00 PM', 'HH:MI PM')",
        "TO_DATE('2024-366', 'YYYY-DDD')",
        "TO_DATE('31-FEBRUARY-24', 'DD-MONTH-RR')",
        "ROUND(1, 100)",
        "ROUND(123.456, -100)",
        "ROUND(79228162514264337593543950335, -1)",
        "TRUNC(SYSDATE, 'XX')",
        "ROUND(SYSDATE, 'MM')",
        "MOD(79228162514264337593543950335, 0.0001)",
        "-79228162514264337593543950335 - 79228162514264337593543950335",
        "1e-28 / 79228162514264337593543950335",
        "SYSDATE + 1e30",
        "SYSDATE - SYSTIMESTAMP",
        "CHR(-1)",
        "CHR(1114112)",
        "CHR(55296)",
        "ASCII(NULL)",
        "GREATEST('a', 1)",
        "LEAST(1, 'x')",
        "DECODE(1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20)",
        "COALESCE(NULL, NULL, NULL)",
        "SYS_CONTEXT('OTHER', 'X')",
        "SYS_CONTEXT(NULL, NULL)",
        "TO_NUMBER('1e400')",
        "TO_NUMBER('--1')",
        "'x' || 1e27 || SYSDATE || SYSTIMESTAMP",
        "CASE WHEN 1 = 1 THEN 1 ELSE 'x' END",
        "ROWNUM",
    ];
    for e in exprs {
        let _ = fx.ev(e);
        let _ = fx.run(&format!("SELECT {e} FROM dual"));
    }
    for q in [
        "SELECT * FROM emp, dept, emp x WHERE ROWNUM < 0",
        "SELECT * FROM emp FETCH FIRST -5 ROWS ONLY",
        "SELECT * FROM emp FETCH FIRST 1e30 ROWS ONLY",
        "SELECT ename FROM emp ORDER BY 0",
        "SELECT ename FROM emp ORDER BY 99999999999999999999999",
        "SELECT COUNT(*) FROM emp GROUP BY ()",
        "SELECT SUM(ename) FROM emp",
        "SELECT AVG(sal) FROM emp WHERE 1 = 0",
        "SELECT (SELECT ename FROM emp i WHERE i.empno = o.mgr) FROM emp o",
        "SELECT * FROM (SELECT * FROM (SELECT * FROM dual))",
        "SELECT 1 FROM dual WHERE EXISTS (SELECT * FROM emp WHERE EXISTS (SELECT 1 FROM dual WHERE dummy = ename))",
        "SELECT e.*, d.* FROM emp e FULL JOIN dept d ON 1 = 0",
        "SELECT 1 FROM dual UNION SELECT 'a' FROM dual",
    ] {
        let _ = fx.run(q);
    }
    assert_eq!(fx.text("TO_CHAR(1e27, '9999')"), "#####");
    assert_eq!(fx.fails("SUM_NOPE(1)"), "ORA-00904: \"SUM_NOPE\": invalid identifier");
    assert_eq!(fx.col("SELECT AVG(sal) FROM emp WHERE 1 = 0"), [""]);
    assert_eq!(fx.err("SELECT SUM(ename) FROM emp"), "ORA-01722: invalid number");
}

#[test]
#[ignore = "timing probe: cargo test --release --lib probe -- --ignored --nocapture"]
fn probe_10k_rows() {
    let fx = fixture();
    let cols = vec![
        ColumnDesc::new("SID", SqlType::NUMBER),
        ColumnDesc::new("SERIAL#", SqlType::NUMBER),
        ColumnDesc::new("STATUS", SqlType::Varchar2(8)),
        ColumnDesc::new("USERNAME", SqlType::Varchar2(128)),
        ColumnDesc::new("PADDR", SqlType::Varchar2(16)),
    ];
    let rows: Vec<_> = (0..10_000)
        .map(|i| {
            let user = Value::text(format!("U{}", i % 100));
            vec![
                Value::int(i),
                Value::int(1),
                Value::text("INACTIVE"),
                user,
                Value::text(format!("A{i}")),
            ]
        })
        .collect();
    let procs: Vec<_> =
        (0..10_000).map(|i| vec![Value::text(format!("A{i}")), Value::int(i + 100)]).collect();
    testing::put("S", cols, rows);
    testing::put(
        "P",
        vec![
            ColumnDesc::new("ADDR", SqlType::Varchar2(16)),
            ColumnDesc::new("SPID", SqlType::NUMBER),
        ],
        procs,
    );
    let time = |sql: &str, n: u32, expect: usize| {
        let t = std::time::Instant::now();
        for _ in 0..n {
            let n = fx.run(sql).unwrap().rows.len();
            assert!(expect == usize::MAX || n == expect, "{sql}: {n} rows");
        }
        eprintln!("{:>10.1?}  {sql}", t.elapsed() / n);
    };
    time("SELECT sid, serial#, status FROM s WHERE username = 'U7'", 200, 100);
    for i in 0..10_000 {
        logon(&fx.db, 9, if i % 100 == 7 { "U7" } else { "SYSTEM" });
    }
    time("SELECT sid, serial#, status FROM v$session WHERE username = 'U7'", 100, 100);
    time("SELECT COUNT(*) FROM v$session", 10, 1);
    time("SELECT COUNT(*) FROM v$process", 10, 1);
    time(
        "SELECT s.sid, p.spid FROM v$session s, v$process p WHERE s.paddr = p.addr",
        10,
        usize::MAX,
    );
    if std::env::var("PROBE_ONLY_FILTER").is_ok() {
        time("SELECT sid, serial#, status FROM v$session WHERE username = 'U7'", 300, 100);
        return;
    }
    time("SELECT s.sid, p.spid FROM s, p WHERE s.paddr = p.addr", 10, 10_000);
    time("SELECT username, COUNT(*) FROM s GROUP BY username", 20, 100);
    time("SELECT sid FROM s WHERE sid IN (SELECT spid - 100 FROM p)", 20, 10_000);
    time("SELECT sid FROM s ORDER BY username, sid DESC", 20, 10_000);
    time("SELECT COUNT(*) FROM s WHERE EXISTS (SELECT 1 FROM p WHERE p.addr = s.paddr)", 5, 1);
    time(
        "SELECT COUNT(*) FROM v$session s WHERE EXISTS (SELECT 1 FROM v$process p WHERE p.addr = s.paddr)",
        5,
        1,
    );
}

/// The SQL of public DBA kill scripts (shared/reference/oracle.md §8).
#[test]
fn dba_kill_script_queries() {
    let fx = fixture();
    let other = logon(&fx.db, 9, "SYSTEM");
    let me = fx.me.sid;
    let kill = format!("ALTER SYSTEM KILL SESSION '{},{}'", other.sid, other.serial);
    assert_eq!(
        fx.col(&format!(
            "SELECT 'ALTER SYSTEM KILL SESSION '''||sid||','||serial#||'''' FROM v$session \
             WHERE username = 'SYSTEM' AND status = 'INACTIVE' AND sid <> {me}"
        )),
        [kill]
    );
    assert_eq!(
        fx.col(
            "SELECT 'ALTER SYSTEM DISCONNECT SESSION '''||sid||','||serial#||''' IMMEDIATE' kill_sessions FROM V$SESSION \
             WHERE type != 'BACKGROUND' AND username NOT IN ('PUBLIC','SYS') \
             AND sid NOT IN (SELECT SYS_CONTEXT('userenv','sid') FROM DUAL)"
        ),
        [format!("ALTER SYSTEM DISCONNECT SESSION '{},{}' IMMEDIATE", other.sid, other.serial)]
    );
    assert_eq!(
        fx.col("SELECT sid||','||serial# FROM v$session WHERE type = 'USER' AND sid <> SYS_CONTEXT('USERENV', 'SID')"),
        [format!("{},{}", other.sid, other.serial)]
    );
    assert_eq!(
        fx.col("SELECT SUM(CASE status WHEN 'KILLED' THEN 1 ELSE 0 END) FROM v$session"),
        ["0"]
    );
    assert_eq!(
        fx.col(
            "SELECT 'ALTER SYSTEM KILL SESSION '''||sid||','||serial#||',@'||inst_id||''';' FROM gv$session \
             WHERE sql_id IN ('abc') AND status = 'ACTIVE'"
        )
        .len(),
        0
    );
    assert_eq!(fx.col("SELECT s.sid FROM v$session s WHERE UPPER(s.username) = 'SYSTEM' AND s.status <> 'KILLED'").len(), 2);
    assert_eq!(
        fx.col(
            "SELECT COUNT(*) FROM gv$session s JOIN gv$process p ON p.addr = s.paddr AND p.inst_id = s.inst_id \
             WHERE s.type != 'BACKGROUND'"
        ),
        ["2"]
    );
    assert_eq!(
        fx.col(
            "SELECT COUNT(*) FROM v$session WHERE status = 'INACTIVE' \
             AND username NOT IN ('SYS', 'SYSMAN', 'DBSNMP') AND last_call_et > 14400"
        ),
        ["0"]
    );
}
