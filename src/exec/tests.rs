//! Tests of the query engine and the evaluator, over two small in-memory tables (EMP, DEPT) and
//! DUAL. ASTs are built with the small constructors below until the parser lands.

use std::sync::Arc;

use super::query::{run_query, testing};
use super::{Ctx, ResultSet, eval};
use crate::db::{Config, Database};
use crate::error::OraError;
use crate::session::{ClientInfo, Identity, SessionCell, SessionType};
use crate::sql::ast::*;
use crate::value::{ColumnDesc, SqlType, Value};

struct Fixture {
    db: Database,
    me: Arc<SessionCell>,
}

fn fixture() -> Fixture {
    let db = Database::new(Config { virtual_time: true, ..Config::default() });
    let me = db.sessions.logon(Identity {
        user_id: 5,
        username: Some(Arc::from("SCOTT")),
        service: Arc::from("SYS$USERS"),
        client: Arc::new(ClientInfo::default()),
        kind: SessionType::User,
        pname: None,
    });
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
    fn run(&self, q: Query) -> Result<ResultSet, OraError> {
        let mut out = crate::plsql::OutputBuffer::default();
        let mut ctx = Ctx { db: &self.db, me: &self.me, output: &mut out, text: "" };
        run_query(&mut ctx, &q)
    }

    fn rows(&self, q: Query) -> Vec<Vec<String>> {
        self.run(q)
            .unwrap()
            .rows
            .iter()
            .map(|r| r.iter().map(|v| v.to_string()).collect())
            .collect()
    }

    fn ev(&self, e: Expr) -> Result<Value, OraError> {
        let mut out = crate::plsql::OutputBuffer::default();
        let mut ctx = Ctx { db: &self.db, me: &self.me, output: &mut out, text: "" };
        eval::eval_scalar(&mut ctx, &e)
    }

    fn text(&self, e: Expr) -> String {
        self.ev(e).unwrap().to_string()
    }

    fn err(&self, e: Expr) -> u32 {
        self.ev(e).unwrap_err().code.number
    }
}

// ----- AST constructors -------------------------------------------------------------------------

fn id(n: &str) -> Ident {
    Ident { name: n.into(), pos: 7 }
}
fn obj(n: &str) -> ObjectName {
    ObjectName { parts: n.split('.').map(id).collect() }
}
fn c(n: &str) -> Expr {
    Expr::Column(obj(n))
}
fn n(v: &str) -> Expr {
    Expr::Literal(Literal::Number(v.into()))
}
fn s(v: &str) -> Expr {
    Expr::Literal(Literal::String(v.into()))
}
fn null() -> Expr {
    Expr::Literal(Literal::Null)
}
fn b(l: Expr, op: BinaryOp, r: Expr) -> Expr {
    Expr::Binary { op, left: Box::new(l), right: Box::new(r) }
}
fn eq(l: Expr, r: Expr) -> Expr {
    b(l, BinaryOp::Eq, r)
}
fn and(l: Expr, r: Expr) -> Expr {
    b(l, BinaryOp::And, r)
}
fn f(name: &str, args: Vec<Expr>) -> Expr {
    Expr::Function {
        name: obj(name),
        args: args.into_iter().map(|value| Arg { name: None, value }).collect(),
        star: false,
        distinct: false,
    }
}
fn count_star() -> Expr {
    Expr::Function { name: obj("COUNT"), args: vec![], star: true, distinct: false }
}
fn sub(q: Query) -> Box<Query> {
    Box::new(q)
}

/// A SELECT under construction.
struct Q {
    sel: Select,
    order: Vec<OrderItem>,
    fetch: Option<Expr>,
}

fn select(items: Vec<Expr>) -> Q {
    let items = items
        .into_iter()
        .map(|e| SelectItem::Expr {
            text: format!("{e:?}").chars().take(20).collect(),
            expr: e,
            alias: None,
        })
        .collect();
    Q {
        sel: Select {
            distinct: false,
            items,
            from: vec![],
            where_: None,
            group_by: vec![],
            having: None,
            pos: 0,
        },
        order: vec![],
        fetch: None,
    }
}

fn star() -> Q {
    let mut q = select(vec![]);
    q.sel.items = vec![SelectItem::Wildcard { pos: 7 }];
    q
}

fn table(spec: &str) -> TableRef {
    let mut it = spec.split(' ');
    let name = obj(it.next().unwrap_or_default());
    TableRef::Named { name, alias: it.next().map(id) }
}

impl Q {
    fn from(mut self, spec: &str) -> Q {
        self.sel.from.push(table(spec));
        self
    }
    fn join_ref(mut self, t: TableRef) -> Q {
        self.sel.from.push(t);
        self
    }
    fn where_(mut self, e: Expr) -> Q {
        self.sel.where_ = Some(e);
        self
    }
    fn group(mut self, g: Vec<Expr>) -> Q {
        self.sel.group_by = g;
        self
    }
    fn having(mut self, e: Expr) -> Q {
        self.sel.having = Some(e);
        self
    }
    fn order(mut self, e: Expr, desc: bool, nulls_first: Option<bool>) -> Q {
        self.order.push(OrderItem { expr: e, desc, nulls_first });
        self
    }
    fn distinct(mut self) -> Q {
        self.sel.distinct = true;
        self
    }
    fn alias(mut self, i: usize, a: &str) -> Q {
        if let Some(SelectItem::Expr { alias, .. }) = self.sel.items.get_mut(i) {
            *alias = Some(id(a));
        }
        self
    }
    fn fetch(mut self, e: Expr) -> Q {
        self.fetch = Some(e);
        self
    }
    fn q(self) -> Query {
        Query {
            body: QueryBody::Select(Box::new(self.sel)),
            order_by: self.order,
            fetch_first: self.fetch,
            for_update: None,
        }
    }
    fn body(self) -> QueryBody {
        QueryBody::Select(Box::new(self.sel))
    }
}

fn col0(rows: &[Vec<String>]) -> Vec<&str> {
    rows.iter().map(|r| r[0].as_str()).collect()
}

// ----- expressions -----------------------------------------------------------------------------

#[test]
fn arithmetic_and_conversion() {
    let fx = fixture();
    assert_eq!(fx.text(b(n("1"), BinaryOp::Add, b(n("2"), BinaryOp::Mul, n("3")))), "7");
    assert_eq!(fx.text(b(n("1"), BinaryOp::Div, n("4"))), ".25");
    assert_eq!(fx.text(b(s("10"), BinaryOp::Sub, n("4"))), "6");
    assert!(fx.ev(b(n("1"), BinaryOp::Add, null())).unwrap().is_null());
    assert_eq!(fx.err(b(n("1"), BinaryOp::Div, n("0"))), 1476);
    assert_eq!(
        fx.ev(b(n("1"), BinaryOp::Div, n("0"))).unwrap_err().to_string(),
        "ORA-01476: divisor is equal to zero"
    );
    assert_eq!(fx.err(b(s("abc"), BinaryOp::Add, n("1"))), 1722);
    let big = "79228162514264337593543950335";
    assert_eq!(
        fx.ev(b(n(big), BinaryOp::Mul, n("10"))).unwrap_err().to_string(),
        "ORA-01426: numeric overflow"
    );
    assert_eq!(fx.text(Expr::Unary { op: UnaryOp::Neg, expr: Box::new(n("5")) }), "-5");
}

#[test]
fn concat_treats_null_as_empty() {
    let fx = fixture();
    assert_eq!(fx.text(b(b(s("a"), BinaryOp::Concat, null()), BinaryOp::Concat, n("1"))), "a1");
    assert!(fx.ev(b(null(), BinaryOp::Concat, null())).unwrap().is_null());
}

#[test]
fn three_valued_logic() {
    let fx = fixture();
    let unknown = eq(null(), n("1"));
    let t = eq(n("1"), n("1"));
    let fl = eq(n("1"), n("2"));
    assert!(fx.ev(unknown.clone()).unwrap().is_null());
    assert_eq!(fx.ev(and(unknown.clone(), fl.clone())).unwrap(), Value::Bool(false));
    assert!(fx.ev(and(unknown.clone(), t.clone())).unwrap().is_null());
    assert_eq!(fx.ev(b(unknown.clone(), BinaryOp::Or, t)).unwrap(), Value::Bool(true));
    assert!(fx.ev(b(unknown.clone(), BinaryOp::Or, fl)).unwrap().is_null());
    assert!(fx.ev(Expr::Unary { op: UnaryOp::Not, expr: Box::new(unknown) }).unwrap().is_null());
    // NOT IN with a NULL in the list is never TRUE.
    let not_in = Expr::InList { expr: Box::new(n("3")), list: vec![n("1"), null()], negated: true };
    assert!(fx.ev(not_in).unwrap().is_null());
    let is_in = Expr::InList { expr: Box::new(n("1")), list: vec![n("1"), null()], negated: false };
    assert_eq!(fx.ev(is_in).unwrap(), Value::Bool(true));
    assert_eq!(
        fx.ev(Expr::IsNull { expr: Box::new(s("")), negated: false }).unwrap(),
        Value::Bool(true)
    );
    let between = Expr::Between {
        expr: Box::new(n("5")),
        low: Box::new(n("1")),
        high: Box::new(null()),
        negated: false,
    };
    assert!(fx.ev(between).unwrap().is_null());
    let between = Expr::Between {
        expr: Box::new(n("5")),
        low: Box::new(n("6")),
        high: Box::new(null()),
        negated: false,
    };
    assert_eq!(fx.ev(between).unwrap(), Value::Bool(false));
}

fn like(v: &str, p: &str, esc: Option<&str>) -> Expr {
    Expr::Like {
        expr: Box::new(s(v)),
        pattern: Box::new(s(p)),
        escape: esc.map(|e| Box::new(s(e))),
        negated: false,
    }
}

#[test]
fn like_with_wildcards_and_escape() {
    let fx = fixture();
    let yes = |e| fx.ev(e).unwrap() == Value::Bool(true);
    assert!(yes(like("SCOTT", "S%", None)));
    assert!(yes(like("SCOTT", "_COT_", None)));
    assert!(yes(like("SCOTT", "%O%T", None)));
    assert!(!yes(like("SCOTT", "S_T%", None)));
    assert!(yes(like("A_B", "A\\_B", Some("\\"))));
    assert!(!yes(like("AXB", "A\\_B", Some("\\"))));
    assert!(yes(like("100%", "100\\%", Some("\\"))));
    assert_eq!(fx.err(like("A", "A\\", Some("\\"))), 1424);
    assert_eq!(fx.err(like("A", "A", Some("xy"))), 1425);
    assert!(
        fx.ev(Expr::Like {
            expr: Box::new(null()),
            pattern: Box::new(s("%")),
            escape: None,
            negated: false
        })
        .unwrap()
        .is_null()
    );
}

#[test]
fn case_decode_nvl_family() {
    let fx = fixture();
    let case = Expr::Case {
        operand: None,
        whens: vec![(eq(n("1"), n("2")), s("no")), (eq(n("1"), n("1")), s("yes"))],
        else_: None,
    };
    assert_eq!(fx.text(case), "yes");
    let simple = Expr::Case {
        operand: Some(Box::new(null())),
        whens: vec![(null(), s("null"))],
        else_: Some(Box::new(s("else"))),
    };
    assert_eq!(fx.text(simple), "else");
    assert_eq!(
        fx.text(f("DECODE", vec![null(), n("1"), s("one"), null(), s("null"), s("other")])),
        "null"
    );
    assert_eq!(fx.text(f("DECODE", vec![n("2"), n("1"), s("one"), s("other")])), "other");
    assert!(fx.ev(f("DECODE", vec![n("2"), n("1"), s("one")])).unwrap().is_null());
    // DECODE does not evaluate the branches it does not pick.
    assert_eq!(
        fx.text(f("DECODE", vec![n("0"), n("0"), s("zero"), b(n("1"), BinaryOp::Div, n("0"))])),
        "zero"
    );
    assert_eq!(fx.text(f("NVL", vec![null(), n("3")])), "3");
    assert_eq!(fx.text(f("NVL2", vec![null(), s("a"), s("b")])), "b");
    assert_eq!(fx.text(f("NVL2", vec![n("1"), s("a"), s("b")])), "a");
    assert_eq!(fx.text(f("COALESCE", vec![null(), s(""), n("7"), n("8")])), "7");
    assert_eq!(fx.err(f("NVL", vec![n("1")])), 909);
    assert_eq!(
        fx.ev(f("NVL", vec![n("1")])).unwrap_err().to_string(),
        "ORA-00909: invalid number of arguments"
    );
}

#[test]
fn string_functions() {
    let fx = fixture();
    assert_eq!(fx.text(f("UPPER", vec![s("abc")])), "ABC");
    assert_eq!(fx.text(f("LOWER", vec![s("ABC")])), "abc");
    assert_eq!(fx.text(f("INITCAP", vec![s("hello wORLD-x")])), "Hello World-X");
    assert!(fx.ev(f("UPPER", vec![null()])).unwrap().is_null());
    assert_eq!(fx.text(f("SUBSTR", vec![s("ABCDEF"), n("2"), n("3")])), "BCD");
    assert_eq!(fx.text(f("SUBSTR", vec![s("ABCDEF"), n("0"), n("2")])), "AB");
    assert_eq!(fx.text(f("SUBSTR", vec![s("ABCDEF"), n("-2")])), "EF");
    assert!(fx.ev(f("SUBSTR", vec![s("ABC"), n("5")])).unwrap().is_null());
    assert!(fx.ev(f("SUBSTR", vec![s("ABC"), n("1"), n("0")])).unwrap().is_null());
    assert_eq!(fx.text(f("INSTR", vec![s("CORPORATE FLOOR"), s("OR")])), "2");
    assert_eq!(fx.text(f("INSTR", vec![s("CORPORATE FLOOR"), s("OR"), n("3"), n("2")])), "14");
    assert_eq!(fx.text(f("INSTR", vec![s("CORPORATE FLOOR"), s("OR"), n("-3"), n("2")])), "2");
    assert_eq!(fx.text(f("INSTR", vec![s("ABC"), s("X")])), "0");
    assert_eq!(fx.err(f("INSTR", vec![s("ABC"), s("B"), n("1"), n("0")])), 1428);
    assert_eq!(fx.text(f("LENGTH", vec![s("héllo")])), "5");
    assert!(fx.ev(f("LENGTH", vec![s("")])).unwrap().is_null());
    assert_eq!(fx.text(f("TRIM", vec![s("  x  ")])), "x");
    assert_eq!(fx.text(f("LTRIM", vec![s("xxyA"), s("xy")])), "A");
    assert_eq!(fx.text(f("RTRIM", vec![s("A  ")])), "A");
    assert_eq!(fx.text(f("LPAD", vec![s("7"), n("3"), s("0")])), "007");
    assert_eq!(fx.text(f("RPAD", vec![s("ab"), n("5"), s("xy")])), "abxyx");
    assert_eq!(fx.text(f("LPAD", vec![s("abcdef"), n("3")])), "abc");
    assert!(fx.ev(f("LPAD", vec![s("a"), n("0")])).unwrap().is_null());
    assert_eq!(fx.text(f("REPLACE", vec![s("a-b-c"), s("-"), s("+")])), "a+b+c");
    assert_eq!(fx.text(f("REPLACE", vec![s("a-b-c"), s("-")])), "abc");
    assert_eq!(fx.text(f("REPLACE", vec![s("abc"), null(), s("x")])), "abc");
    assert_eq!(fx.err(f("SUBSTR", vec![s("a")])), 909);
}

#[test]
fn numeric_functions() {
    let fx = fixture();
    assert_eq!(fx.text(f("ROUND", vec![n("2.5")])), "3");
    assert_eq!(fx.text(f("ROUND", vec![n("-2.5")])), "-3");
    assert_eq!(fx.text(f("ROUND", vec![n("3.14159"), n("2")])), "3.14");
    assert_eq!(fx.text(f("ROUND", vec![n("1250"), n("-2")])), "1300");
    assert_eq!(fx.text(f("TRUNC", vec![n("3.99")])), "3");
    assert_eq!(fx.text(f("TRUNC", vec![n("-3.99"), n("1")])), "-3.9");
    assert_eq!(fx.text(f("TRUNC", vec![n("1299"), n("-2")])), "1200");
    assert_eq!(fx.text(f("ABS", vec![n("-4")])), "4");
    assert_eq!(fx.text(f("MOD", vec![n("11"), n("4")])), "3");
    assert_eq!(fx.text(f("MOD", vec![n("-11"), n("4")])), "-3");
    assert_eq!(fx.text(f("MOD", vec![n("11"), n("0")])), "11");
    assert_eq!(fx.text(f("FLOOR", vec![n("-1.5")])), "-2");
    assert_eq!(fx.text(f("CEIL", vec![n("1.2")])), "2");
    assert_eq!(fx.text(f("GREATEST", vec![n("1"), n("7"), n("3")])), "7");
    assert_eq!(fx.text(f("LEAST", vec![s("b"), s("a"), s("c")])), "a");
    assert!(fx.ev(f("GREATEST", vec![n("1"), null()])).unwrap().is_null());
    assert!(fx.ev(f("ABS", vec![null()])).unwrap().is_null());
    assert_eq!(fx.err(f("ABS", vec![s("x")])), 1722);
    assert_eq!(fx.text(f("TO_NUMBER", vec![s(" 12.50 ")])), "12.5");
    assert_eq!(fx.text(f("TO_NUMBER", vec![s("1,234"), s("9,999")])), "1234");
    assert_eq!(fx.err(f("TO_NUMBER", vec![s("12a")])), 1722);
}

#[test]
fn to_char_and_to_date() {
    let fx = fixture();
    // The virtual clock starts at 2026-01-05 09:00:00.
    assert_eq!(
        fx.text(f("TO_CHAR", vec![c("SYSDATE"), s("YYYY-MM-DD HH24:MI:SS")])),
        "2026-01-05 09:00:00"
    );
    assert_eq!(fx.text(f("TO_CHAR", vec![c("SYSDATE"), s("DD-MON-YYYY")])), "05-JAN-2026");
    assert_eq!(fx.text(c("SYSDATE")), "05-JAN-26");
    assert_eq!(fx.text(f("TO_CHAR", vec![n("42")])), "42");
    assert_eq!(fx.text(f("TO_CHAR", vec![n("42"), s("0000")])), " 0042");
    assert_eq!(fx.text(f("TO_CHAR", vec![n("42"), s("FM999")])), "42");
    assert!(fx.ev(f("TO_CHAR", vec![null(), s("999")])).unwrap().is_null());
    let d = f("TO_DATE", vec![s("2025-12-31 23:59:59"), s("YYYY-MM-DD HH24:MI:SS")]);
    assert_eq!(fx.text(f("TO_CHAR", vec![d.clone(), s("DD-MON-RR HH24:MI")])), "31-DEC-25 23:59");
    assert_eq!(
        fx.text(f("TO_CHAR", vec![b(d.clone(), BinaryOp::Add, n("1")), s("YYYY-MM-DD")])),
        "2026-01-01"
    );
    let diff = b(
        c("SYSDATE"),
        BinaryOp::Sub,
        f("TO_DATE", vec![s("2026-01-04 09:00:00"), s("YYYY-MM-DD HH24:MI:SS")]),
    );
    assert_eq!(fx.text(diff), "1");
    assert_eq!(fx.text(f("TO_CHAR", vec![f("TRUNC", vec![d]), s("HH24:MI:SS")])), "00:00:00");
    assert_eq!(fx.text(f("TO_DATE", vec![s("05-JAN-26")])), "05-JAN-26");
    assert_eq!(fx.err(f("TO_DATE", vec![s("2026-13-01"), s("YYYY-MM-DD")])), 1843);
    assert_eq!(fx.err(f("TO_CHAR", vec![c("SYSDATE"), s("QQQ")])), 1821);
    assert_eq!(fx.text(f("TO_CHAR", vec![c("SYSTIMESTAMP"), s("HH24:MI:SS.FF3")])), "09:00:00.000");
}

#[test]
fn session_functions() {
    let fx = fixture();
    let ctx = |p: &str| f("SYS_CONTEXT", vec![s("USERENV"), s(p)]);
    assert_eq!(fx.text(c("USER")), "SCOTT");
    assert_eq!(fx.text(c("UID")), "5");
    assert_eq!(fx.text(ctx("SID")), fx.me.sid.to_string());
    assert_eq!(fx.text(ctx("session_user")), "SCOTT");
    assert_eq!(fx.text(ctx("CURRENT_SCHEMA")), "SCOTT");
    assert_eq!(fx.text(ctx("SERVICE_NAME")), "SYS$USERS");
    assert_eq!(fx.text(ctx("INSTANCE")), "1");
    assert_eq!(fx.text(ctx("DB_NAME")), "VSESS");
    assert_eq!(fx.text(ctx("OS_USER")), "oracle");
    assert_eq!(fx.text(ctx("SESSIONID")), fx.me.audsid.to_string());
    assert_eq!(fx.ev(ctx("NOPE")).unwrap_err().to_string(), "ORA-02003: invalid USERENV parameter");
}

#[test]
fn unknown_names() {
    let fx = fixture();
    let e = fx.ev(f("NOSUCHFN", vec![n("1")])).unwrap_err();
    assert_eq!(e.to_string(), "ORA-00904: \"NOSUCHFN\": invalid identifier");
    assert_eq!(e.pos, Some(7));
    assert_eq!(
        fx.ev(c("NOPE")).unwrap_err().to_string(),
        "ORA-00904: \"NOPE\": invalid identifier"
    );
}

// ----- queries -----------------------------------------------------------------------------------

#[test]
fn dual_and_headings() {
    let fx = fixture();
    let rs = fx.run(star().from("DUAL").q()).unwrap();
    assert_eq!(rs.columns, vec![ColumnDesc::new("DUMMY", SqlType::Varchar2(1))]);
    assert_eq!(rs.rows, vec![vec![Value::text("X")]]);
    let rs = fx
        .run(
            select(vec![s("ABC"), b(c("DUMMY"), BinaryOp::Concat, s("YZ")), n("1")])
                .alias(2, "ONE")
                .from("SYS.DUAL")
                .q(),
        )
        .unwrap();
    assert_eq!(rs.columns[0].ty, SqlType::Varchar2(3));
    assert_eq!(rs.columns[1].ty, SqlType::Varchar2(3));
    assert_eq!(rs.columns[2], ColumnDesc::new("ONE", SqlType::NUMBER));
    let rs = fx
        .run(
            select(vec![f("UPPER", vec![c("ENAME")]), f("TO_CHAR", vec![c("SAL")]), c("E.EMPNO")])
                .from("EMP E")
                .q(),
        )
        .unwrap();
    assert_eq!(rs.columns[0].ty, SqlType::Varchar2(10));
    assert_eq!(rs.columns[1].ty, SqlType::Varchar2(40));
    assert_eq!(rs.columns[2].name, "EMPNO");
}

#[test]
fn where_filters_with_three_valued_logic() {
    let fx = fixture();
    let rows = fx.rows(
        select(vec![c("ENAME")]).from("EMP").where_(b(c("DEPTNO"), BinaryOp::NotEq, n("10"))).q(),
    );
    // MILLER's NULL DEPTNO is neither = 10 nor <> 10.
    assert_eq!(col0(&rows), ["BLAKE", "SMITH", "ALLEN"]);
    let like_l = Expr::Like {
        expr: Box::new(c("ENAME")),
        pattern: Box::new(s("%L%")),
        escape: None,
        negated: false,
    };
    let rows = fx.rows(
        select(vec![c("ENAME")])
            .from("EMP")
            .where_(and(like_l, b(c("SAL"), BinaryOp::Gt, n("1500"))))
            .q(),
    );
    assert_eq!(col0(&rows), ["BLAKE", "CLARK", "ALLEN"]);
    let rows = fx.rows(
        select(vec![c("ENAME")])
            .from("EMP")
            .where_(Expr::IsNull { expr: Box::new(c("MGR")), negated: false })
            .q(),
    );
    assert_eq!(col0(&rows), ["KING"]);
}

#[test]
fn order_by_nulls_and_positions() {
    let fx = fixture();
    let q = |desc, nulls| {
        select(vec![c("ENAME"), c("DEPTNO")])
            .from("EMP")
            .order(c("DEPTNO"), desc, nulls)
            .order(c("ENAME"), false, None)
            .q()
    };
    assert_eq!(
        col0(&fx.rows(q(false, None))),
        ["CLARK", "KING", "SMITH", "ALLEN", "BLAKE", "MILLER"]
    );
    assert_eq!(
        col0(&fx.rows(q(true, None))),
        ["MILLER", "ALLEN", "BLAKE", "SMITH", "CLARK", "KING"]
    );
    assert_eq!(
        col0(&fx.rows(q(false, Some(true)))),
        ["MILLER", "CLARK", "KING", "SMITH", "ALLEN", "BLAKE"]
    );
    assert_eq!(
        col0(&fx.rows(q(true, Some(false)))),
        ["ALLEN", "BLAKE", "SMITH", "CLARK", "KING", "MILLER"]
    );
    // By position and by alias, and by a column not selected.
    let rows = fx.rows(
        select(vec![c("ENAME"), c("SAL")])
            .alias(1, "PAY")
            .from("EMP")
            .order(c("PAY"), true, None)
            .q(),
    );
    assert_eq!(col0(&rows)[..2], ["KING", "BLAKE"]);
    let rows =
        fx.rows(select(vec![c("ENAME"), c("SAL")]).from("EMP").order(n("2"), false, None).q());
    assert_eq!(col0(&rows)[0], "SMITH");
    let rs =
        fx.run(select(vec![c("ENAME")]).from("EMP").order(c("EMPNO"), true, None).q()).unwrap();
    assert_eq!(rs.rows[0], vec![Value::text("MILLER")]);
    assert_eq!(rs.rows[0].len(), 1);
    assert_eq!(
        fx.run(select(vec![c("ENAME")]).from("EMP").order(n("3"), false, None).q())
            .unwrap_err()
            .code
            .number,
        1785
    );
}

#[test]
fn group_by_having_and_aggregates() {
    let fx = fixture();
    let q = select(vec![
        c("DEPTNO"),
        count_star(),
        f("SUM", vec![c("SAL")]),
        f("MAX", vec![c("ENAME")]),
        f("AVG", vec![c("SAL")]),
    ])
    .from("EMP")
    .group(vec![c("DEPTNO")])
    .order(c("DEPTNO"), false, None)
    .q();
    assert_eq!(
        fx.rows(q),
        vec![
            vec!["10", "2", "7450", "KING", "3725"],
            vec!["20", "1", "800", "SMITH", "800"],
            vec!["30", "2", "4450", "BLAKE", "2225"],
            vec!["", "1", "1300", "MILLER", "1300"],
        ]
    );
    let q = select(vec![c("DEPTNO")])
        .from("EMP")
        .group(vec![c("DEPTNO")])
        .having(b(count_star(), BinaryOp::Gt, n("1")))
        .order(c("DEPTNO"), false, None)
        .q();
    assert_eq!(col0(&fx.rows(q)), ["10", "30"]);
    // Aggregates without GROUP BY: one row, even over no rows.
    let count_distinct = Expr::Function {
        name: obj("COUNT"),
        args: vec![Arg { name: None, value: c("DEPTNO") }],
        star: false,
        distinct: true,
    };
    let q = select(vec![
        count_star(),
        f("COUNT", vec![c("DEPTNO")]),
        count_distinct,
        f("MIN", vec![c("SAL")]),
    ])
    .from("EMP")
    .q();
    assert_eq!(fx.rows(q), vec![vec!["6", "5", "3", "800"]]);
    let q = select(vec![count_star(), f("SUM", vec![c("SAL")])])
        .from("EMP")
        .where_(eq(n("1"), n("0")))
        .q();
    assert_eq!(fx.rows(q), vec![vec!["0", ""]]);
    // An expression over a GROUP BY expression and an aggregate.
    let q = select(vec![
        b(c("DEPTNO"), BinaryOp::Add, n("1")),
        b(count_star(), BinaryOp::Mul, n("10")),
    ])
    .from("EMP")
    .where_(Expr::IsNull { expr: Box::new(c("DEPTNO")), negated: true })
    .group(vec![b(c("DEPTNO"), BinaryOp::Add, n("1"))])
    .order(n("1"), false, None)
    .q();
    assert_eq!(fx.rows(q), vec![vec!["11", "20"], vec!["21", "10"], vec!["31", "20"]]);
}

#[test]
fn grouping_errors() {
    let fx = fixture();
    let e = fx
        .run(select(vec![c("ENAME"), count_star()]).from("EMP").group(vec![c("DEPTNO")]).q())
        .unwrap_err();
    assert_eq!(e.to_string(), "ORA-00979: not a GROUP BY expression");
    let e = fx.run(select(vec![c("ENAME"), count_star()]).from("EMP").q()).unwrap_err();
    assert_eq!(e.to_string(), "ORA-00937: not a single-group group function");
    let e = fx
        .run(select(vec![c("ENAME")]).from("EMP").where_(b(count_star(), BinaryOp::Gt, n("1"))).q())
        .unwrap_err();
    assert_eq!(e.to_string(), "ORA-00934: group function is not allowed here");
}

#[test]
fn name_resolution_errors() {
    let fx = fixture();
    let e = fx.run(select(vec![c("NOPE")]).from("EMP").q()).unwrap_err();
    assert_eq!(e.to_string(), "ORA-00904: \"NOPE\": invalid identifier");
    assert_eq!(e.pos, Some(7));
    let e = fx.run(select(vec![c("E.COLX")]).from("EMP E").q()).unwrap_err();
    assert_eq!(e.to_string(), "ORA-00904: \"E\".\"COLX\": invalid identifier");
    let e = fx.run(select(vec![c("DEPTNO")]).from("EMP E").from("DEPT D").q()).unwrap_err();
    assert_eq!(e.to_string(), "ORA-00918: column ambiguously defined");
}

#[test]
fn comma_join_uses_hash_keys_and_pushes_filters() {
    let fx = fixture();
    let q = select(vec![c("E.ENAME"), c("D.DNAME")])
        .from("EMP E")
        .from("DEPT D")
        .where_(and(eq(c("E.DEPTNO"), c("D.DEPTNO")), b(c("E.SAL"), BinaryOp::GtEq, n("2000"))))
        .order(c("E.ENAME"), false, None)
        .q();
    assert_eq!(
        fx.rows(q),
        vec![vec!["BLAKE", "SALES"], vec!["CLARK", "ACCOUNTING"], vec!["KING", "ACCOUNTING"]]
    );
}

fn join(kind: JoinKind, l: &str, r: &str, on: Option<Expr>) -> TableRef {
    TableRef::Join { kind, left: Box::new(table(l)), right: Box::new(table(r)), on }
}

#[test]
fn explicit_joins() {
    let fx = fixture();
    let on = || Some(eq(c("E.DEPTNO"), c("D.DEPTNO")));
    let names = |kind| {
        let q = select(vec![c("E.ENAME"), c("D.DNAME")])
            .join_ref(join(kind, "EMP E", "DEPT D", on()))
            .order(c("E.EMPNO"), false, Some(false))
            .order(c("D.DNAME"), false, None)
            .q();
        fx.rows(q)
    };
    assert_eq!(names(JoinKind::Inner).len(), 5);
    let left = names(JoinKind::Left);
    assert_eq!(left.len(), 6);
    assert_eq!(left[5], vec!["MILLER", ""]);
    let right = names(JoinKind::Right);
    assert_eq!(right.len(), 6);
    assert_eq!(right[5], vec!["", "OPERATIONS"]);
    assert_eq!(names(JoinKind::Full).len(), 7);
    let cross = fx.rows(
        select(vec![count_star()]).join_ref(join(JoinKind::Cross, "EMP E", "DEPT D", None)).q(),
    );
    assert_eq!(cross, vec![vec!["24"]]);
    // A non-equi ON condition runs as a nested loop.
    let q = select(vec![count_star()])
        .join_ref(join(
            JoinKind::Inner,
            "EMP E",
            "DEPT D",
            Some(b(c("E.DEPTNO"), BinaryOp::Lt, c("D.DEPTNO"))),
        ))
        .q();
    assert_eq!(fx.rows(q), vec![vec!["10"]]);
}

#[test]
fn rownum_is_assigned_before_order_by() {
    let fx = fixture();
    let le3 = b(c("ROWNUM"), BinaryOp::LtEq, n("3"));
    let q = select(vec![c("ENAME"), c("ROWNUM")])
        .from("EMP")
        .where_(le3.clone())
        .order(c("ENAME"), false, None)
        .q();
    assert_eq!(fx.rows(q), vec![vec!["BLAKE", "2"], vec!["CLARK", "3"], vec!["KING", "1"]]);
    let q = select(vec![c("ENAME")]).from("EMP").where_(b(c("ROWNUM"), BinaryOp::Gt, n("1"))).q();
    assert!(fx.rows(q).is_empty());
    // FETCH FIRST applies after ORDER BY.
    let q = select(vec![c("ENAME")]).from("EMP").order(c("SAL"), true, None).fetch(n("2")).q();
    assert_eq!(col0(&fx.rows(q)), ["KING", "BLAKE"]);
    // ROWNUM over an ordered inline view: the classic top-N.
    let inner = select(vec![c("ENAME"), c("SAL")]).from("EMP").order(c("SAL"), false, None).q();
    let q = select(vec![c("ENAME")])
        .join_ref(TableRef::Subquery { query: sub(inner), alias: None })
        .where_(b(c("ROWNUM"), BinaryOp::Lt, n("3")))
        .q();
    assert_eq!(col0(&fx.rows(q)), ["SMITH", "MILLER"]);
}

#[test]
fn subqueries_in_where() {
    let fx = fixture();
    // IN (uncorrelated)
    let depts = select(vec![c("DEPTNO")]).from("DEPT").where_(eq(c("DNAME"), s("SALES"))).q();
    let q = select(vec![c("ENAME")])
        .from("EMP")
        .where_(Expr::InSubquery { expr: Box::new(c("DEPTNO")), query: sub(depts), negated: false })
        .order(n("1"), false, None)
        .q();
    assert_eq!(col0(&fx.rows(q)), ["ALLEN", "BLAKE"]);
    // Correlated EXISTS: departments with employees.
    let emps = select(vec![n("1")]).from("EMP E").where_(eq(c("E.DEPTNO"), c("D.DEPTNO"))).q();
    let q = select(vec![c("DNAME")])
        .from("DEPT D")
        .where_(Expr::Exists { query: sub(emps.clone()), negated: true })
        .q();
    assert_eq!(col0(&fx.rows(q)), ["OPERATIONS"]);
    // Correlated scalar subquery: employees earning more than their department's average.
    let avg = select(vec![f("AVG", vec![c("I.SAL")])])
        .from("EMP I")
        .where_(eq(c("I.DEPTNO"), c("O.DEPTNO")))
        .q();
    let q = select(vec![c("ENAME")])
        .from("EMP O")
        .where_(b(c("SAL"), BinaryOp::Gt, Expr::Subquery(sub(avg))))
        .order(n("1"), false, None)
        .q();
    assert_eq!(col0(&fx.rows(q)), ["BLAKE", "KING"]);
    // A scalar subquery with several rows.
    let many = select(vec![c("DEPTNO")]).from("DEPT").q();
    let e = fx.run(select(vec![Expr::Subquery(sub(many))]).from("DUAL").q()).unwrap_err();
    assert_eq!(e.code.number, 1427);
}

#[test]
fn distinct_and_set_operations() {
    let fx = fixture();
    let q = select(vec![c("DEPTNO")]).from("EMP").distinct().order(n("1"), false, None).q();
    assert_eq!(col0(&fx.rows(q)), ["10", "20", "30", ""]);
    let e = fx
        .run(select(vec![c("DEPTNO")]).from("EMP").distinct().order(c("SAL"), false, None).q())
        .unwrap_err();
    assert_eq!(e.code.number, 1791);
    let a = || select(vec![c("DEPTNO")]).from("EMP").body();
    let d = || select(vec![c("DEPTNO")]).from("DEPT").body();
    let setop = |op, order: bool| {
        let q = Query {
            body: QueryBody::SetOp { op, left: Box::new(a()), right: Box::new(d()) },
            order_by: if order {
                vec![OrderItem { expr: c("DEPTNO"), desc: true, nulls_first: Some(false) }]
            } else {
                vec![]
            },
            fetch_first: None,
            for_update: None,
        };
        fx.rows(q)
    };
    assert_eq!(col0(&setop(SetOperator::Union, false)), ["10", "20", "30", "40", ""]);
    assert_eq!(setop(SetOperator::UnionAll, false).len(), 10);
    assert_eq!(col0(&setop(SetOperator::Intersect, false)), ["10", "20", "30"]);
    assert_eq!(col0(&setop(SetOperator::Minus, false)), [""]);
    assert_eq!(col0(&setop(SetOperator::Union, true)), ["40", "30", "20", "10", ""]);
}

#[test]
fn subquery_in_from_with_alias() {
    let fx = fixture();
    let inner = select(vec![c("DEPTNO"), f("SUM", vec![c("SAL")])])
        .alias(1, "TOTAL")
        .from("EMP")
        .group(vec![c("DEPTNO")])
        .q();
    let q = select(vec![c("T.TOTAL")])
        .join_ref(TableRef::Subquery { query: sub(inner), alias: Some(id("T")) })
        .where_(eq(c("T.DEPTNO"), n("30")))
        .q();
    assert_eq!(fx.rows(q), vec![vec!["4450"]]);
}
