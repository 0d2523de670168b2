//! Parser tests: statements that must parse (checked through their key AST parts), bad inputs
//! with their Oracle code and position, DBA-script forms, PL/SQL blocks, and limits.

use super::parse;
use crate::error::*;
use crate::sql::ast::*;
use crate::value::SqlType;

// ---- helpers ----

fn ok(sql: &str) -> Statement {
    parse(sql).unwrap_or_else(|e| panic!("{sql:?}: {e} at {:?}", e.pos))
}

fn query(sql: &str) -> Query {
    match ok(sql) {
        Statement::Query(q) => *q,
        other => panic!("{sql}: not a query: {other:?}"),
    }
}

fn select(sql: &str) -> Select {
    match query(sql).body {
        QueryBody::Select(s) => *s,
        other => panic!("{sql}: not a plain select: {other:?}"),
    }
}

fn block(sql: &str) -> Block {
    match ok(sql) {
        Statement::Block(b) => *b,
        other => panic!("{sql}: not a block: {other:?}"),
    }
}

fn name(n: &ObjectName) -> String {
    n.dotted()
}

/// A compact prefix rendering of an expression, so precedence is visible in one string.
fn show(e: &Expr) -> String {
    let list = |es: &[Expr]| es.iter().map(show).collect::<Vec<_>>().join(" ");
    match e {
        Expr::Literal(Literal::Null) => "NULL".into(),
        Expr::Literal(Literal::Number(n)) => n.clone(),
        Expr::Literal(Literal::String(s)) => format!("'{s}'"),
        Expr::Literal(Literal::Bool(b)) => b.to_string(),
        Expr::Literal(Literal::Date(s)) => format!("DATE'{s}'"),
        Expr::Literal(Literal::Timestamp(s)) => format!("TIMESTAMP'{s}'"),
        Expr::Column(n) => name(n),
        Expr::Field { base, field } => format!("{}.{}", show(base), field.name),
        Expr::Bind(i) => format!(":{}", i.name),
        Expr::Unary { op, expr } => format!("({op:?} {})", show(expr)),
        Expr::Binary { op, left, right } => format!("({op:?} {} {})", show(left), show(right)),
        Expr::IsNull { expr, negated } => format!("(IsNull{} {})", not(*negated), show(expr)),
        Expr::InList { expr, list: l, negated } => {
            format!("(In{} {} [{}])", not(*negated), show(expr), list(l))
        }
        Expr::InSubquery { expr, negated, .. } => {
            format!("(In{} {} <q>)", not(*negated), show(expr))
        }
        Expr::Exists { negated, .. } => format!("(Exists{} <q>)", not(*negated)),
        Expr::Between { expr, low, high, negated } => {
            format!("(Between{} {} {} {})", not(*negated), show(expr), show(low), show(high))
        }
        Expr::Like { expr, pattern, escape, negated } => format!(
            "(Like{} {} {}{})",
            not(*negated),
            show(expr),
            show(pattern),
            escape.as_ref().map(|e| format!(" {}", show(e))).unwrap_or_default()
        ),
        Expr::Case { operand, whens, else_ } => {
            let mut s = "(Case".to_string();
            if let Some(o) = operand {
                s += &format!(" {}", show(o));
            }
            for (w, t) in whens {
                s += &format!(" ({} {})", show(w), show(t));
            }
            if let Some(e) = else_ {
                s += &format!(" (Else {})", show(e));
            }
            s + ")"
        }
        Expr::Function { name: n, args, star, distinct } => {
            let args: Vec<String> = args
                .iter()
                .map(|a| match &a.name {
                    Some(n) => format!("{}=>{}", n.name, show(&a.value)),
                    None => show(&a.value),
                })
                .collect();
            let star = if *star { "*" } else { "" };
            let distinct = if *distinct { "DISTINCT " } else { "" };
            format!("{}({distinct}{star}{})", name(n), args.join(","))
        }
        Expr::Subquery(_) => "<q>".into(),
        Expr::CursorAttr { cursor, attr } => format!("{}%{attr}", cursor.name),
    }
}

fn not(negated: bool) -> &'static str {
    if negated { "Not" } else { "" }
}

/// The first select item's expression of `select <e> from dual`, rendered.
fn expr(e: &str) -> String {
    let sql = format!("select {e} from dual");
    match &select(&sql).items[0] {
        SelectItem::Expr { expr, .. } => show(expr),
        other => panic!("{sql}: {other:?}"),
    }
}

fn err(sql: &str) -> OraError {
    match parse(sql) {
        Ok(s) => panic!("{sql:?} parsed: {s:?}"),
        Err(e) => e,
    }
}

// ---- expressions ----

#[test]
fn reserved_words_are_sorted_for_binary_search() {
    assert!(super::RESERVED.windows(2).all(|w| w[0] < w[1]));
    assert!(super::is_reserved("FROM") && super::is_reserved("WITH") && !super::is_reserved("SID"));
}

#[test]
fn expressions_follow_oracle_precedence() {
    for (input, want) in [
        ("a + b * c", "(Add A (Mul B C))"),
        ("a || b * c", "(Concat A (Mul B C))"),
        ("a || b + c", "(Add (Concat A B) C)"),
        ("a - b - c", "(Sub (Sub A B) C)"),
        ("-a * b", "(Mul (Neg A) B)"),
        ("not a = b and c or d", "(Or (And (Not (Eq A B)) C) D)"),
        ("a = 1 or b = 2 and c = 3", "(Or (Eq A 1) (And (Eq B 2) (Eq C 3)))"),
        ("a between 1 and 2 and b", "(And (Between A 1 2) B)"),
        ("a not between 1 + 1 and 3", "(BetweenNot A (Add 1 1) 3)"),
        ("a not in (1, 2)", "(InNot A [1 2])"),
        ("x in (select 1 from dual)", "(In X <q>)"),
        ("not exists (select 1 from dual)", "(ExistsNot <q>)"),
        ("name like 'A%' escape '\\'", "(Like NAME 'A%' '\\')"),
        ("name not like 'x'", "(LikeNot NAME 'x')"),
        ("a is not null", "(IsNullNot A)"),
        ("a is null and b <> 1", "(And (IsNull A) (NotEq B 1))"),
        ("a != 1", "(NotEq A 1)"),
        ("a ^= 1", "(NotEq A 1)"),
        ("a <= 1", "(LtEq A 1)"),
        ("case status when 'KILLED' then 1 else 0 end", "(Case STATUS ('KILLED' 1) (Else 0))"),
        (
            "case when a > 1 then 'x' when a < 0 then 'y' end",
            "(Case ((Gt A 1) 'x') ((Lt A 0) 'y'))",
        ),
        ("count(*)", "COUNT(*)"),
        ("count(distinct sid)", "COUNT(DISTINCT SID)"),
        ("nvl(a, 0)", "NVL(A,0)"),
        ("dbms_x.f(p => 1, 2)", "DBMS_X.F(P=>1,2)"),
        ("sys_guid()", "SYS_GUID()"),
        ("sys_context('USERENV','SID')", "SYS_CONTEXT('USERENV','SID')"),
        ("date '2024-01-01'", "DATE'2024-01-01'"),
        ("timestamp '2024-01-01 10:00:00'", "TIMESTAMP'2024-01-01 10:00:00'"),
        ("sysdate - 1", "(Sub SYSDATE 1)"),
        ("rownum", "ROWNUM"),
        ("user", "USER"),
        ("null", "NULL"),
        ("true", "true"),
        ("sql%rowcount", "SQL%ROWCOUNT"),
        ("c%notfound", "C%NOTFOUND"),
        (":b1 + :2", "(Add :B1 :2)"),
        ("(select count(*) from v$session)", "<q>"),
        ("s.serial#", "S.SERIAL#"),
        ("\"Mixed\".x", "Mixed.X"),
        ("((1))", "1"),
        ("1.5e3 * .5", "(Mul 1.5e3 .5)"),
        ("q'[it's]' || N'x'", "(Concat 'it's' 'x')"),
    ] {
        assert_eq!(expr(input), want, "{input}");
    }
}

#[test]
fn select_items_carry_oracle_headings() {
    let s = select("select count(*) , sid || ',' || serial# , 'a b' , s.sid x, 1 \"One\" from x");
    let items: Vec<(String, Option<String>)> = s
        .items
        .iter()
        .map(|i| match i {
            SelectItem::Expr { text, alias, .. } => {
                (text.clone(), alias.as_ref().map(|a| a.name.clone()))
            }
            other => panic!("{other:?}"),
        })
        .collect();
    let want = [
        ("COUNT(*)", None),
        ("SID||','||SERIAL#", None),
        ("'A B'", None),
        ("S.SID", Some("X")),
        ("1", Some("One")),
    ];
    let want: Vec<(String, Option<String>)> =
        want.iter().map(|(t, a)| (t.to_string(), a.map(str::to_string))).collect();
    assert_eq!(items, want);
}

// ---- queries ----

#[test]
fn select_with_every_clause() {
    let q = query(
        "select distinct s.sid, s.serial# as \"Serial\", p.spid pid \
         from v$session s join v$process p on p.addr = s.paddr \
         left outer join x on 1 = 1 cross join y, sys.dual d \
         where s.type <> 'BACKGROUND' group by s.sid, p.spid having count(*) > 1 \
         order by 1 desc nulls last, pid fetch first 5 rows only",
    );
    let QueryBody::Select(s) = &q.body else { panic!() };
    assert!(s.distinct);
    assert_eq!(s.items.len(), 3);
    assert_eq!(s.from.len(), 2);
    let TableRef::Join { kind: JoinKind::Cross, left, on: None, .. } = &s.from[0] else {
        panic!("{:?}", s.from[0])
    };
    let TableRef::Join { kind: JoinKind::Left, left, on: Some(_), .. } = &**left else { panic!() };
    let TableRef::Join { kind: JoinKind::Inner, left, .. } = &**left else { panic!() };
    let TableRef::Named { name: n, alias: Some(a) } = &**left else { panic!() };
    assert_eq!((name(n).as_str(), a.name.as_str()), ("V$SESSION", "S"));
    let TableRef::Named { name: n, alias: Some(a) } = &s.from[1] else { panic!() };
    assert_eq!((name(n).as_str(), a.name.as_str()), ("SYS.DUAL", "D"));
    assert_eq!(show(s.where_.as_ref().unwrap()), "(NotEq S.TYPE 'BACKGROUND')");
    assert_eq!(s.group_by.len(), 2);
    assert_eq!(show(s.having.as_ref().unwrap()), "(Gt COUNT(*) 1)");
    assert_eq!(q.order_by.len(), 2);
    assert!(q.order_by[0].desc && q.order_by[0].nulls_first == Some(false));
    assert!(!q.order_by[1].desc && q.order_by[1].nulls_first.is_none());
    assert_eq!(show(q.fetch_first.as_ref().unwrap()), "5");
    assert_eq!(s.pos, 0);
}

#[test]
fn wildcards_inline_views_and_join_kinds() {
    let s = select(
        "select t.*, 1 from (select 1 a from dual) t right join u on 1=1 \
         full outer join v on 2=2 inner join w on 3=3",
    );
    let SelectItem::QualifiedWildcard { qualifier } = &s.items[0] else { panic!() };
    assert_eq!(qualifier.name, "T");
    assert!(matches!(select("select * from dual").items[0], SelectItem::Wildcard { pos: 7 }));
    let TableRef::Join { kind: JoinKind::Inner, left, .. } = &s.from[0] else { panic!() };
    let TableRef::Join { kind: JoinKind::Full, left, .. } = &**left else { panic!() };
    let TableRef::Join { kind: JoinKind::Right, left, .. } = &**left else { panic!() };
    assert!(matches!(&**left, TableRef::Subquery { alias: Some(a), .. } if a.name == "T"));
}

#[test]
fn set_operators_are_left_associative() {
    let q = query(
        "select 1 from dual union all select 2 from dual minus select 3 from dual order by 1",
    );
    let QueryBody::SetOp { op: SetOperator::Minus, left, .. } = &q.body else { panic!() };
    assert!(matches!(&**left, QueryBody::SetOp { op: SetOperator::UnionAll, .. }));
    assert_eq!(q.order_by.len(), 1);
    let q = query("(select 1 from dual) intersect select 2 from dual union select 3 from dual");
    let QueryBody::SetOp { op: SetOperator::Union, left, .. } = &q.body else { panic!() };
    let QueryBody::SetOp { op: SetOperator::Intersect, left, .. } = &**left else { panic!() };
    assert!(matches!(&**left, QueryBody::Nested(_)));
}

#[test]
fn for_update_and_fetch_variants() {
    let wait = |sql: &str| query(sql).for_update.map(|f| f.wait);
    assert_eq!(wait("select * from t"), None);
    assert_eq!(wait("select * from t for update"), Some(LockWait::Forever));
    assert_eq!(wait("select * from t for update of a, t.b nowait"), Some(LockWait::NoWait));
    assert_eq!(wait("select * from t for update wait 5"), Some(LockWait::Seconds(5)));
    assert_eq!(wait("select * from t for update skip locked"), Some(LockWait::SkipLocked));
    let q = query("select * from t order by a fetch next 1 row only");
    assert_eq!(show(q.fetch_first.as_ref().unwrap()), "1");
    let q = query("select * from t fetch first row only");
    assert_eq!(show(q.fetch_first.as_ref().unwrap()), "1");
}

// ---- ALTER SYSTEM, sessions, users, transactions ----

#[test]
fn alter_system_kill_disconnect_cancel() {
    let kill = |sql| match ok(sql) {
        Statement::AlterSystem(a) => a,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        kill("alter system kill session '12,345'"),
        AlterSystem::KillSession {
            target: "12,345".into(),
            pos: 26,
            immediate: false,
            noreplay: false
        }
    );
    assert_eq!(
        kill("alter system kill session'1,2'immediate"),
        AlterSystem::KillSession {
            target: "1,2".into(),
            pos: 25,
            immediate: true,
            noreplay: false
        }
    );
    assert_eq!(
        kill("ALTER SYSTEM KILL SESSION '1,2,@1' NOREPLAY"),
        AlterSystem::KillSession {
            target: "1,2,@1".into(),
            pos: 26,
            immediate: false,
            noreplay: true
        }
    );
    assert_eq!(
        kill("alter system disconnect session '7, 15' post_transaction immediate"),
        AlterSystem::DisconnectSession {
            target: "7, 15".into(),
            pos: 32,
            post_transaction: true,
            immediate: true,
            noreplay: false
        }
    );
    assert!(matches!(
        kill("alter system disconnect session '7,15' noreplay"),
        AlterSystem::DisconnectSession {
            noreplay: true,
            immediate: false,
            post_transaction: false,
            ..
        }
    ));
    assert_eq!(
        kill("alter system cancel sql '38, 41388, @1, 3tfmdd4xagv3y'"),
        AlterSystem::CancelSql { target: "38, 41388, @1, 3tfmdd4xagv3y".into(), pos: 24 }
    );
}

#[test]
fn session_user_role_and_grant_statements() {
    let Statement::AlterSession { name, value } =
        ok("alter session set nls_date_format = 'YYYY-MM-DD'")
    else {
        panic!()
    };
    assert_eq!((name.name.as_str(), show(&value).as_str()), ("NLS_DATE_FORMAT", "'YYYY-MM-DD'"));
    let Statement::CreateUser { name, password } = ok("create user scott identified by Tiger")
    else {
        panic!()
    };
    assert_eq!((name.name.as_str(), password.as_str()), ("SCOTT", "Tiger"));
    let Statement::CreateUser { name, .. } = ok("create user app identified by pw \
         default tablespace users temporary tablespace temp quota 10M on users quota unlimited on x")
    else {
        panic!()
    };
    assert_eq!(name.name, "APP");
    let Statement::AlterUser { password, .. } = ok("alter user scott identified by \"p@ss w\"")
    else {
        panic!()
    };
    assert_eq!(password, "p@ss w");
    assert!(matches!(ok("drop user scott cascade"), Statement::DropUser { cascade: true, .. }));
    assert!(matches!(ok("drop user scott"), Statement::DropUser { cascade: false, .. }));
    assert!(matches!(ok("create role r1"), Statement::CreateRole { name } if name.name == "R1"));
    assert!(matches!(ok("drop role r1"), Statement::DropRole { name } if name.name == "R1"));
    let Statement::Grant { privileges, grantees } =
        ok("grant create session, alter  system, select any dictionary, dba to u1, \"u2\"")
    else {
        panic!()
    };
    let privs: Vec<&str> = privileges.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(privs, ["CREATE SESSION", "ALTER SYSTEM", "SELECT ANY DICTIONARY", "DBA"]);
    assert_eq!(privileges[1].pos, 22);
    let users: Vec<&str> = grantees.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(users, ["U1", "u2"]);
    let Statement::Revoke { privileges, grantees } = ok("revoke all privileges from public") else {
        panic!()
    };
    assert_eq!(
        (privileges[0].name.as_str(), grantees[0].name.as_str()),
        ("ALL PRIVILEGES", "PUBLIC")
    );
}

#[test]
fn call_and_transaction_control() {
    let Statement::Call(c) = ok("call dbms_session.sleep(1)") else { panic!() };
    assert_eq!((name(&c.name).as_str(), c.args.len(), c.pos), ("DBMS_SESSION.SLEEP", 1, 5));
    assert_eq!(ok("commit"), Statement::Commit);
    assert_eq!(ok("COMMIT WORK"), Statement::Commit);
    assert_eq!(ok("rollback"), Statement::Rollback { to_savepoint: None });
    let to = |sql| match ok(sql) {
        Statement::Rollback { to_savepoint: Some(s) } => s.name,
        other => panic!("{other:?}"),
    };
    assert_eq!(to("rollback to savepoint a"), "A");
    assert_eq!(to("rollback work to b"), "B");
    assert!(
        matches!(ok("savepoint before_kill"), Statement::Savepoint { name } if name.name == "BEFORE_KILL")
    );
}

// ---- storage statements ----

#[test]
fn create_table_in_the_views_file_style() {
    let sql = "-- V$SESSION: one row per current session.\n\
               CREATE TABLE V$SESSION (\n\
                   SADDR   RAW(8),        -- address of the session state object\n\
                   SID     NUMBER NOT NULL, -- session identifier\n\
                   USERNAME VARCHAR2(128) -- NULL for background sessions\n\
               )";
    let Statement::CreateTable(t) = ok(sql) else { panic!() };
    assert_eq!(name(&t.name), "V$SESSION");
    let cols: Vec<(&str, SqlType, bool)> =
        t.columns.iter().map(|c| (c.name.name.as_str(), c.ty, c.not_null)).collect();
    assert_eq!(
        cols,
        [
            ("SADDR", SqlType::Raw(8), false),
            ("SID", SqlType::NUMBER, true),
            ("USERNAME", SqlType::Varchar2(128), false)
        ]
    );
}

#[test]
fn column_types_constraints_and_defaults() {
    let Statement::CreateTable(t) = ok("create table t (a number(10), b number(10,2), c integer, \
         d int, e pls_integer, f varchar2(30 byte), g varchar(5), h char(3), i char, j date, \
         k timestamp(6), l boolean, m number default 0 not null primary key, n varchar2(1 char) unique, \
         constraint t_pk primary key (a, b), unique (c))")
    else {
        panic!()
    };
    let num = |p, s| SqlType::Number { precision: p, scale: s };
    let types: Vec<SqlType> = t.columns.iter().map(|c| c.ty).collect();
    assert_eq!(
        types,
        [
            num(Some(10), None),
            num(Some(10), Some(2)),
            num(Some(38), Some(0)),
            num(Some(38), Some(0)),
            SqlType::NUMBER,
            SqlType::Varchar2(30),
            SqlType::Varchar2(5),
            SqlType::Char(3),
            SqlType::Char(1),
            SqlType::Date,
            SqlType::Timestamp,
            SqlType::Boolean,
            SqlType::NUMBER,
            SqlType::Varchar2(1),
        ]
    );
    let m = &t.columns[12];
    assert!(m.not_null && m.primary_key && !m.unique);
    assert_eq!(show(m.default.as_ref().unwrap()), "0");
    assert!(t.columns[13].unique);
    assert!(matches!(&t.constraints[0],
        TableConstraint::PrimaryKey { name: Some(n), columns } if n.name == "T_PK" && columns.len() == 2));
    assert!(
        matches!(&t.constraints[1], TableConstraint::Unique { name: None, columns } if columns.len() == 1)
    );
    let Statement::CreateTable(t) = ok("create table t2 as select * from t") else { panic!() };
    assert!(t.as_query.is_some() && t.columns.is_empty());
}

#[test]
fn dml_and_table_statements() {
    assert!(
        matches!(ok("drop table t purge"), Statement::DropTable { name } if name.dotted() == "T")
    );
    assert!(
        matches!(ok("drop table s.t cascade constraints"), Statement::DropTable { name } if name.dotted() == "S.T")
    );
    assert!(matches!(ok("truncate table t"), Statement::TruncateTable { .. }));
    let Statement::Insert(i) = ok("insert into t (a, b) values (1, 'x')") else { panic!() };
    assert_eq!(i.columns.len(), 2);
    assert!(matches!(&i.source, InsertSource::Values(v) if v.len() == 2));
    let Statement::Insert(i) = ok("insert into t select * from u") else { panic!() };
    assert!(i.columns.is_empty() && matches!(i.source, InsertSource::Query(_)));
    let Statement::Insert(i) = ok("insert into t (a) (select 1 from dual)") else { panic!() };
    assert!(matches!(i.source, InsertSource::Query(_)));
    let Statement::Update(u) = ok("update t x set a = 1, x.b = b + 1 where c = 2") else {
        panic!()
    };
    assert_eq!(u.alias.as_ref().unwrap().name, "X");
    let cols: Vec<&str> = u.assignments.iter().map(|(c, _)| c.name.as_str()).collect();
    assert_eq!(cols, ["A", "B"]);
    assert_eq!(show(u.where_.as_ref().unwrap()), "(Eq C 2)");
    let Statement::Delete(d) = ok("delete from t where a = 1") else { panic!() };
    assert!(d.alias.is_none() && d.where_.is_some());
    let Statement::Delete(d) = ok("delete t x") else { panic!() };
    assert!(d.alias.is_some() && d.where_.is_none());
    assert_eq!(
        ok("lock table accounts in row exclusive mode nowait"),
        Statement::LockTable {
            name: ObjectName { parts: vec![Ident { name: "ACCOUNTS".into(), pos: 11 }] },
            mode: "ROW EXCLUSIVE".into(),
            nowait: true
        }
    );
    assert!(matches!(
        ok("lock table t in exclusive mode"),
        Statement::LockTable { nowait: false, .. }
    ));
}

// ---- errors ----

#[test]
fn bad_sql_gives_oracle_codes_at_positions() {
    let long = format!("select {} from dual", "x".repeat(129));
    for (sql, code, pos) in [
        ("", INVALID_SQL_STATEMENT, 0),
        ("  \n ", INVALID_SQL_STATEMENT, 4),
        ("selec 1 from dual", INVALID_SQL_STATEMENT, 0),
        ("select from dual", MISSING_EXPRESSION, 7),
        ("select 1 2 from dual", FROM_NOT_FOUND, 9),
        ("select 1 dual", FROM_NOT_FOUND, 13),
        ("select * from dual where", MISSING_EXPRESSION, 24),
        ("select * from dual x y", SQL_NOT_PROPERLY_ENDED, 21),
        ("select * from dual as x", SQL_NOT_PROPERLY_ENDED, 19),
        ("select (1 from dual", MISSING_RIGHT_PAREN, 10),
        ("select count(* from dual", MISSING_RIGHT_PAREN, 15),
        ("select 'abc from dual", QUOTED_STRING_NOT_TERMINATED, 7),
        ("select 1 from dual;", INVALID_CHARACTER, 18),
        ("select * from", INVALID_TABLE_NAME, 13),
        ("select * from where", INVALID_TABLE_NAME, 14),
        ("select a from t where a is 5", MISSING_NULL, 27),
        ("select a from t where a between 1 or 2", MISSING_KEYWORD, 34),
        ("select 1 from dual union 5", MISSING_SELECT, 25),
        ("select x from t order by", MISSING_EXPRESSION, 24),
        ("select x from t group x", MISSING_BY, 22),
        ("select x from t order x", MISSING_BY, 22),
        ("select a from t join u", MISSING_KEYWORD, 22),
        ("select \"\" from dual", ZERO_LENGTH_IDENTIFIER, 7),
        (long.as_str(), IDENTIFIER_TOO_LONG, 7),
        ("alter system kill session 1,2", INVALID_SESSION_ID, 26),
        ("alter system kill session '1,2' immediate noreplay", SQL_NOT_PROPERLY_ENDED, 42),
        ("alter system flush shared_pool", ILLEGAL_ALTER_SYSTEM_OPTION, 13),
        ("alter system", ILLEGAL_ALTER_SYSTEM_OPTION, 12),
        ("alter system disconnect session '1,2'", MISSING_KEYWORD, 37),
        ("alter system cancel sql", INVALID_SESSION_ID, 23),
        ("alter foo", INVALID_ALTER_COMMAND, 6),
        ("create view v", INVALID_CREATE_COMMAND, 7),
        ("drop index i", INVALID_DROP_OPTION, 5),
        ("create user u identified by", MISSING_PASSWORD, 27),
        ("grant to u", MISSING_PRIVILEGE, 6),
        ("grant dba", MISSING_KEYWORD, 9),
        ("grant dba to", MISSING_USERNAME, 12),
        ("insert t values (1)", MISSING_INTO, 7),
        ("insert into t values (1 2)", MISSING_COMMA, 24),
        ("insert into t (a)", MISSING_VALUES, 17),
        ("update t set a 1", MISSING_EQUAL_SIGN, 15),
        ("create table t (a number(39))", PRECISION_OUT_OF_RANGE, 25),
        ("create table t (a number(5, 200))", SCALE_OUT_OF_RANGE, 28),
        ("create table t (a foo)", INVALID_DATATYPE, 18),
        ("create table t (a varchar2)", MISSING_LEFT_PAREN, 26),
        ("create table t (a number", MISSING_RIGHT_PAREN, 24),
        ("call p", MISSING_LEFT_PAREN, 6),
        ("commit work x", SQL_NOT_PROPERLY_ENDED, 12),
        ("select 1 as from dual", FROM_NOT_FOUND, 12),
        ("select *, 1 from dual", FROM_NOT_FOUND, 8),
        ("merge into t using s on (1 = 1)", UNIMPLEMENTED_FEATURE, 0),
        ("with x as (select 1 from dual select * from x", MISSING_RIGHT_PAREN, 30),
        ("insert into t values (1", MISSING_RIGHT_PAREN, 23),
        ("create user u identified by p account lock", SQL_NOT_PROPERLY_ENDED, 30),
        ("lock table t in mode", MISSING_KEYWORD, 16),
    ] {
        let e = err(sql);
        assert!(e.is(code), "{sql:?}: got {e}, want {}", code.prefix());
        assert_eq!(e.pos, Some(pos), "{sql:?}: {e}");
    }
}

#[test]
fn no_input_panics() {
    // Every prefix of a varied statement, and odd bytes: errors are fine, panics are not.
    let text = "DECLARE x NUMBER := 1; CURSOR c(p NUMBER) IS SELECT a.* FROM t a WHERE b IN (1,2) \
                FOR UPDATE; BEGIN FOR r IN c(1) LOOP x := q'[é]' || :b; END LOOP; \
                EXECUTE IMMEDIATE 'x' INTO x USING 1; EXCEPTION WHEN OTHERS THEN RAISE; END;";
    for (i, _) in text.char_indices() {
        let _ = parse(&text[..i]);
        let _ = parse(&text[i..]);
    }
    for odd in ["'", "\"", "q'", "q'[", ":", "/*", "--", "é", "(", ")", "..", "<<", "begin", "end;"]
    {
        let _ = parse(odd);
    }
}

#[test]
fn token_soup_never_panics_and_errors_carry_a_position() {
    const VOCABULARY: &[&str] = &[
        "select",
        "from",
        "where",
        "dual",
        "t",
        "a.b",
        "*",
        ",",
        "(",
        ")",
        "'x'",
        "'",
        "q'[",
        "1",
        "1..2",
        ".",
        "..",
        "=",
        "||",
        "-",
        "not",
        "and",
        "or",
        "in",
        "between",
        "like",
        "is",
        "null",
        "case",
        "when",
        "then",
        "else",
        "end",
        "begin",
        "declare",
        "if",
        "loop",
        "for",
        "exit",
        ";",
        ":=",
        ":b",
        "%",
        "rowcount",
        "union",
        "order",
        "by",
        "group",
        "into",
        "alter",
        "system",
        "kill",
        "session",
        "immediate",
        "create",
        "table",
        "number(",
        "varchar2",
        "insert",
        "values",
        "update",
        "set",
        "delete",
        "grant",
        "to",
        "\"Q\"",
        "/*",
        "*/",
        "--",
        "\n",
        "é",
        "<<",
        ">>",
        "exception",
        "others",
        "execute",
        "cursor",
        "is",
    ];
    let mut seed: u64 = 0x5eed;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n
    };
    for _ in 0..20_000 {
        let len = 1 + next(24);
        let mut sql = String::new();
        for _ in 0..len {
            sql.push_str(VOCABULARY[next(VOCABULARY.len())]);
            if next(4) != 0 {
                sql.push(' ');
            }
        }
        if let Err(e) = parse(&sql) {
            let pos = e.pos.unwrap_or_else(|| panic!("{sql:?}: {e} has no position"));
            assert!(pos <= sql.len() && sql.is_char_boundary(pos), "{sql:?}: {e} at {pos}");
        }
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = |open: &str, mid: &str, close: &str, n: usize| {
        format!("{}{mid}{}", open.repeat(n), close.repeat(n))
    };
    let shapes = |n| {
        [
            format!("select {} from dual", deep("(", "1", ")", n)),
            format!("select {} from dual", deep("- ", "1", "", n)),
            format!("select {} from dual", deep("not ", "1", "", n)),
            format!("select {} from dual", deep("(select ", "1", " from dual)", n)),
            deep("select * from (", "select 1 from dual", ")", n),
            deep("begin ", "null;", " end;", n),
            format!("begin {} end;", deep("if x then ", "null;", " end if;", n)),
            format!("begin {} end;", deep("for i in 1..2 loop ", "null;", " end loop;", n)),
        ]
    };
    for sql in shapes(5_000) {
        assert!(err(&sql).is(UNIMPLEMENTED_FEATURE), "{}", &sql[..40]);
    }
    // Right at the limit the parser's own stack use must still fit a 2 MiB test thread.
    for sql in shapes(super::MAX_DEPTH) {
        let _ = parse(&sql);
    }
    // Realistic nesting still parses, in debug builds too.
    for sql in [
        format!("select {} from dual", deep("(", "1", ")", 40)),
        format!(
            "select 1 from dual where 1 in {}",
            deep("(select 1 from dual where 1 in ", "(1)", ")", 15)
        ),
        deep("begin ", "null;", " end;", 15),
        format!(
            "begin {} end;",
            deep("for i in 1..2 loop if x then ", "null;", " end if; end loop;", 10)
        ),
    ] {
        parse(&sql).unwrap_or_else(|e| panic!("{}: {e}", &sql[..40]));
    }
}

// ---- PL/SQL ----

#[test]
fn dba_kill_script_block() {
    let b = block(
        "DECLARE\n\
           CURSOR c IS SELECT sid, serial# FROM v$session WHERE username = 'APP' AND status = 'INACTIVE';\n\
           session_marked_for_kill EXCEPTION;\n\
           PRAGMA EXCEPTION_INIT(session_marked_for_kill, -00031);\n\
           n PLS_INTEGER := 0;\n\
         BEGIN\n\
           FOR r IN c LOOP\n\
             BEGIN\n\
               EXECUTE IMMEDIATE 'ALTER SYSTEM KILL SESSION ''' || r.sid || ',' || r.serial# || ''' IMMEDIATE';\n\
               n := n + 1;\n\
             EXCEPTION WHEN session_marked_for_kill OR dbms_service.service_not_running THEN NULL;\n\
             END;\n\
           END LOOP;\n\
           execute immediate 'alter system kill session'''||sid||','||serial#||'''immediate';\n\
           DBMS_OUTPUT.put_line(n || ' session killed!');\n\
         EXCEPTION\n\
           WHEN OTHERS THEN\n\
             IF SQLCODE = -30 OR SQLCODE = -31 THEN NULL; ELSE RAISE; END IF;\n\
         END;",
    );
    assert_eq!(b.pos, 0);
    assert_eq!(b.declarations.len(), 4);
    assert!(
        matches!(&b.declarations[0], Declaration::Cursor { name, params, .. } if name.name == "C" && params.is_empty())
    );
    assert!(
        matches!(&b.declarations[1], Declaration::Exception { name } if name.name == "SESSION_MARKED_FOR_KILL")
    );
    assert!(matches!(&b.declarations[2], Declaration::ExceptionInit { code: -31, .. }));
    assert!(matches!(
        &b.declarations[3],
        Declaration::Variable {
            ty: PlType::Scalar(SqlType::Number { precision: None, .. }),
            constant: false,
            default: Some(_),
            ..
        }
    ));
    let PlStmt::ForCursor { var, source: CursorSource::Cursor(c, args), body, .. } = &b.body[0]
    else {
        panic!("{:?}", b.body[0])
    };
    assert_eq!((var.name.as_str(), c.name.as_str(), args.len()), ("R", "C", 0));
    let PlStmt::Block(inner) = &body[0] else { panic!() };
    let PlStmt::ExecuteImmediate { sql, into, using, .. } = &inner.body[0] else { panic!() };
    assert_eq!(
        show(sql),
        "(Concat (Concat (Concat (Concat 'ALTER SYSTEM KILL SESSION '' R.SID) ',') R.SERIAL#) '' IMMEDIATE')"
    );
    assert!(into.is_empty() && using.is_empty());
    let handler_names: Vec<String> = inner.handlers[0].exceptions.iter().map(name).collect();
    assert_eq!(handler_names, ["SESSION_MARKED_FOR_KILL", "DBMS_SERVICE.SERVICE_NOT_RUNNING"]);
    let PlStmt::ExecuteImmediate { sql, .. } = &b.body[1] else { panic!() };
    assert_eq!(
        show(sql),
        "(Concat (Concat (Concat (Concat 'alter system kill session'' SID) ',') SERIAL#) ''immediate')"
    );
    assert!(matches!(&b.body[2], PlStmt::Call(c) if name(&c.name) == "DBMS_OUTPUT.PUT_LINE"));
    let PlStmt::If { branches, else_: Some(else_), .. } = &b.handlers[0].body[0] else { panic!() };
    assert_eq!(show(&branches[0].0), "(Or (Eq SQLCODE (Neg 30)) (Eq SQLCODE (Neg 31)))");
    assert!(matches!(else_[0], PlStmt::Raise { name: None, .. }));
}

#[test]
fn plsql_statements() {
    let b = block(
        "<<outer>> declare\n\
           v_sid v$session.sid%type;\n\
           r v$session%rowtype;\n\
           names dbms_utility.name_array;\n\
           k constant number(5) default 5;\n\
           s varchar2(100) not null := 'x';\n\
           cursor c2(p_user varchar2, p_n in number := 1) is select * from v$session where username = p_user;\n\
         begin\n\
           null;\n\
           dbms_lock.sleep(5);\n\
           my_proc;\n\
           r.sid := 1;\n\
           if a > 1 then null; elsif a > 0 then null; elsif b then null; else null; end if;\n\
           loop exit when a > 3; a := a + 1; end loop;\n\
           <<inner>> while a > 0 loop a := a - 1; continue when a = 5; exit inner; end loop inner;\n\
           for i in reverse 1..10 loop null; end loop;\n\
           for x in (select sid from v$session) loop null; end loop;\n\
           for y in c2('APP', 2) loop null; end loop;\n\
           select count(*) into n from v$session where status = 'KILLED';\n\
           select sid || ',' || serial# bulk collect into names from v$session;\n\
           execute immediate 'select 1 from dual where :a = 1' into v_sid using in 1;\n\
           open c2('X'); fetch c2 into r; fetch c2 bulk collect into names; close c2;\n\
           update t set a = 1 where b = 2; insert into t values (1); delete from t;\n\
           commit; rollback to sp; savepoint sp;\n\
           declare x number; begin raise e; end;\n\
           return;\n\
         end outer;",
    );
    let d = &b.declarations;
    assert!(
        matches!(&d[0], Declaration::Variable { ty: PlType::TypeOf(n), .. } if n.dotted() == "V$SESSION.SID")
    );
    assert!(
        matches!(&d[1], Declaration::Variable { ty: PlType::RowTypeOf(n), .. } if n.dotted() == "V$SESSION")
    );
    assert!(
        matches!(&d[2], Declaration::Variable { ty: PlType::Named(n), .. } if n.dotted() == "DBMS_UTILITY.NAME_ARRAY")
    );
    assert!(matches!(&d[3], Declaration::Variable { constant: true, default: Some(_), .. }));
    assert!(matches!(
        &d[4],
        Declaration::Variable { ty: PlType::Scalar(SqlType::Varchar2(100)), .. }
    ));
    assert!(matches!(&d[5], Declaration::Cursor { params, .. } if params.len() == 2));
    let kinds: Vec<&str> = b
        .body
        .iter()
        .map(|s| match s {
            PlStmt::Null { .. } => "null",
            PlStmt::Call(c) if c.args.is_empty() => "call0",
            PlStmt::Call(_) => "call",
            PlStmt::Assign { .. } => "assign",
            PlStmt::If { branches, else_: Some(_), .. } if branches.len() == 3 => "if3",
            PlStmt::Loop { while_: None, body, .. } if body.len() == 2 => "loop",
            PlStmt::Loop { while_: Some(_), body, .. } if body.len() == 3 => "while",
            PlStmt::ForRange { reverse: true, .. } => "for-range",
            PlStmt::ForCursor { source: CursorSource::Query(_), .. } => "for-query",
            PlStmt::ForCursor { source: CursorSource::Cursor(_, a), .. } if a.len() == 2 => {
                "for-cursor"
            }
            PlStmt::SelectInto { bulk: false, into, .. } if into.len() == 1 => "select-into",
            PlStmt::SelectInto { bulk: true, .. } => "bulk-select",
            PlStmt::ExecuteImmediate { into, using, .. } if into.len() == 1 && using.len() == 1 => {
                "exec"
            }
            PlStmt::Open { args, .. } if args.len() == 1 => "open",
            PlStmt::Fetch { .. } => "fetch",
            PlStmt::Close { .. } => "close",
            PlStmt::Sql { stmt, .. } => match **stmt {
                Statement::Update(_) => "update",
                Statement::Insert(_) => "insert",
                Statement::Delete(_) => "delete",
                Statement::Commit => "commit",
                Statement::Rollback { .. } => "rollback",
                Statement::Savepoint { .. } => "savepoint",
                _ => "sql?",
            },
            PlStmt::Block(b) if b.declarations.len() == 1 => "block",
            PlStmt::Return { value: None, .. } => "return",
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "null",
            "call",
            "call0",
            "assign",
            "if3",
            "loop",
            "while",
            "for-range",
            "for-query",
            "for-cursor",
            "select-into",
            "bulk-select",
            "exec",
            "open",
            "fetch",
            "fetch",
            "close",
            "update",
            "insert",
            "delete",
            "commit",
            "rollback",
            "savepoint",
            "block",
            "return"
        ]
    );
    let PlStmt::Loop { body, .. } = &b.body[6] else { panic!() };
    assert!(matches!(&body[1], PlStmt::Continue { when: Some(_), .. }));
    assert!(matches!(&body[2], PlStmt::Exit { when: None, .. }));
    let PlStmt::SelectInto { query, .. } = &b.body[10] else { panic!() };
    let QueryBody::Select(s) = &query.body else { panic!() };
    assert!(s.where_.is_some() && s.from.len() == 1);
}

#[test]
fn plsql_syntax_errors_are_ora_06550_pls_00103() {
    for (sql, line_col, symbol, pos) in [
        ("begin null end;", "line 1, column 12", "END", 11),
        ("begin end;", "line 1, column 7", "END", 6),
        ("begin\n  x := ;\nend;", "line 2, column 8", ";", 13),
        ("begin null;", "line 1, column 12", "end-of-file", 11),
        ("begin null; end; x", "line 1, column 18", "X", 17),
        ("declare x number begin null; end;", "line 1, column 18", "BEGIN", 17),
        ("begin if x then null; end;", "line 1, column 26", ";", 25),
        ("begin\n\tfor i in 1 loop null; end loop; end;", "line 2, column 11", "1", 16),
    ] {
        let e = err(sql);
        assert!(e.is(PLSQL_COMPILE_ERROR), "{sql:?}: {e}");
        let want =
            format!("{line_col}:\nPLS-00103: Encountered the symbol \"{symbol}\" when expecting");
        assert!(e.text.starts_with(&want), "{sql:?}: {}", e.text);
        assert_eq!(e.pos, Some(pos), "{sql:?}");
    }
    let e = err("begin dbms_output.put_line('x') end;");
    assert!(e.text.ends_with("following:\n\n   := . ( % ;"), "{}", e.text);
    let e = err("begin end;");
    assert!(e.text.lines().skip(3).all(|l| l.starts_with("   ") && l.len() <= 70), "{}", e.text);
    assert!(e.text.lines().count() > 4, "{}", e.text);
    let e = err("declare\n  x varchar2;\nbegin null; end;");
    assert_eq!(
        e.text,
        "line 2, column 5:\nPLS-00215: String length constraints must be in range (1 .. 32767)"
    );
    let e = err("begin\n  select 1 from dual;\nend;");
    assert_eq!(
        e.text,
        "line 2, column 3:\nPLS-00428: an INTO clause is expected in this SELECT statement"
    );
    assert_eq!(e.to_string().lines().next(), Some("ORA-06550: line 2, column 3:"));
}

#[test]
fn public_dba_script_patterns() {
    // carlos-sierra/cscripts cs_kill_machine.sql, reduced.
    let b = block(
        "DECLARE
           l_sids DBMS_UTILITY.name_array;
           session_does_not_exist EXCEPTION;
           PRAGMA EXCEPTION_INIT(session_does_not_exist, -00030);
         BEGIN
           SELECT sid||','||serial# BULK COLLECT INTO l_sids FROM v$session
            WHERE machine = 'app01' AND sid <> SYS_CONTEXT('USERENV','SID') AND type = 'USER';
           FOR i IN 1 .. l_sids.COUNT LOOP
             BEGIN
               EXECUTE IMMEDIATE 'ALTER SYSTEM DISCONNECT SESSION ''' || l_sids(i) || ''' IMMEDIATE';
             EXCEPTION WHEN session_does_not_exist THEN NULL;
             END;
           END LOOP;
           IF l_sids.COUNT > 0 THEN
             DBMS_OUTPUT.put_line(l_sids.COUNT||' session killed!');
           ELSE
             DBMS_OUTPUT.put_line('no session found');
           END IF;
           SYS.DBMS_SYSTEM.KSDWRT(2, 'killed');
         END;",
    );
    let PlStmt::SelectInto { bulk: true, into, .. } = &b.body[0] else { panic!() };
    assert_eq!(name(&into[0]), "L_SIDS");
    let PlStmt::ForRange { low, high, .. } = &b.body[1] else { panic!() };
    assert_eq!((show(low).as_str(), show(high).as_str()), ("1", "L_SIDS.COUNT"));
    assert!(matches!(&b.body[3], PlStmt::Call(c) if name(&c.name) == "SYS.DBMS_SYSTEM.KSDWRT"));

    // The sqlplus heredoc form and fi2deploy's drop_database.sql, reduced.
    let b = block(
        "DECLARE
           user_name VARCHAR2(30) := 'APP';
           v_user_exists NUMBER;
         BEGIN
           LOOP
             FOR c IN (SELECT s.sid, s.serial# FROM v$session s WHERE upper(s.username) = user_name) LOOP
               EXECUTE IMMEDIATE 'alter system kill session ''' || c.sid || ',' || c.serial# || ''' immediate';
             END LOOP;
             BEGIN
               EXECUTE IMMEDIATE 'drop user ' || user_name || ' cascade';
             EXCEPTION WHEN OTHERS THEN
               IF SQLCODE = -1940 THEN NULL; ELSE RAISE; END IF;
             END;
             SELECT COUNT(*) INTO v_user_exists FROM dba_users WHERE username = user_name;
             EXIT WHEN v_user_exists = 0;
             DBMS_LOCK.SLEEP(0.5);
           END LOOP;
           FOR session_info IN (SELECT 'ALTER SYSTEM DISCONNECT SESSION '''||sid||','||serial#||''' IMMEDIATE' kill_sessions
                                  FROM V$SESSION WHERE type != 'BACKGROUND' AND username NOT IN ('PUBLIC','SYS')
                                   AND sid NOT IN (SELECT SYS_CONTEXT('userenv','sid') FROM DUAL)) LOOP
             EXECUTE IMMEDIATE session_info.kill_sessions;
           END LOOP;
         END;",
    );
    let PlStmt::Loop { while_: None, body, .. } = &b.body[0] else { panic!() };
    assert_eq!(body.len(), 5);
    let PlStmt::ForCursor { source: CursorSource::Query(q), .. } = &b.body[1] else { panic!() };
    let QueryBody::Select(s) = &q.body else { panic!() };
    let SelectItem::Expr { alias: Some(alias), .. } = &s.items[0] else { panic!() };
    assert_eq!(alias.name, "KILL_SESSIONS");
    assert_eq!(
        show(s.where_.as_ref().unwrap()),
        "(And (And (NotEq TYPE 'BACKGROUND') (InNot USERNAME ['PUBLIC' 'SYS'])) (InNot SID <q>))"
    );
}

#[test]
fn cockroach_session_statements() {
    use crate::sql::cockroach::{Activity, CancelSource, CrdbStatement};
    let crdb = |sql: &str| match ok(sql) {
        Statement::Cockroach(c) => *c,
        other => panic!("{sql}: {other:?}"),
    };
    assert_eq!(
        crdb("show all local statements"),
        CrdbStatement::Show { what: Activity::Queries, all: true, local: true }
    );
    assert_eq!(
        crdb("SHOW CLUSTER SESSIONS"),
        CrdbStatement::Show { what: Activity::Sessions, all: false, local: false }
    );
    let CrdbStatement::Cancel { what, if_exists, source } =
        crdb("cancel queries if exists values ('a'), ('b')")
    else {
        panic!()
    };
    assert_eq!((what, if_exists), (Activity::Queries, true));
    let CancelSource::Rows(q) = source else { panic!() };
    assert!(matches!(q.body, QueryBody::SetOp { .. }));
    assert!(matches!(
        crdb("CANCEL SESSION (SELECT session_id FROM [SHOW SESSIONS])"),
        CrdbStatement::Cancel { source: CancelSource::Scalar(_), if_exists: false, .. }
    ));
    assert!(matches!(
        crdb("create user u with password 'p' viewactivity"),
        CrdbStatement::Role { create: true, user: true, .. }
    ));
    assert!(matches!(
        crdb("alter role u with nocancelquery"),
        CrdbStatement::Role { create: false, .. }
    ));
    assert!(matches!(
        crdb("grant system viewactivity, cancelquery to u"),
        CrdbStatement::SystemPrivilege { grant: true, .. }
    ));
    // Oracle's forms stay Oracle's.
    assert!(matches!(ok("create user u identified by p"), Statement::CreateUser { .. }));
    assert!(matches!(ok("alter user u identified by p"), Statement::AlterUser { .. }));
    assert!(matches!(ok("grant alter system to u"), Statement::Grant { .. }));
    assert!(matches!(ok("create role r"), Statement::CreateRole { .. }));
    assert!(err("alter role u with frobnicate").crdb_sqlstate().is_some());
}

#[test]
fn bracketed_statements_and_ctes_are_inline_views() {
    let s = select("select session_id from [show sessions] as s where user_name = 'x'");
    let TableRef::Subquery { alias: Some(a), .. } = &s.from[0] else { panic!("{s:?}") };
    assert_eq!(a.name, "S");
    let s = select("with a as (select 1 x from dual), b as (select x from a) select * from b, a");
    assert_eq!(s.from.len(), 2);
    let TableRef::Subquery { query, alias: Some(b) } = &s.from[0] else { panic!() };
    assert_eq!(b.name, "B");
    // b's own FROM names a, which became a's query.
    let QueryBody::Select(inner) = &query.body else { panic!() };
    assert!(matches!(&inner.from[0], TableRef::Subquery { .. }));
    let s = select("with s as (show sessions) select * from (select * from s)");
    assert!(matches!(&s.from[0], TableRef::Subquery { .. }));
    // Outside its WITH the name is a table again.
    assert!(matches!(ok("select * from s"), Statement::Query(_)));
    assert!(err("select * from [cancel session 'a']").crdb_sqlstate() == Some("42601"));
}
