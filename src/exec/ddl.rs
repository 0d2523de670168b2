//! Table DDL: CREATE TABLE (with PRIMARY KEY, UNIQUE, NOT NULL, DEFAULT), CREATE TABLE ... AS
//! SELECT, DROP TABLE, TRUNCATE TABLE.
//!
//! As in Oracle, DDL first commits the session's open transaction (even if the DDL then
//! fails), and is itself committed when it succeeds: there is nothing to roll back.

use std::sync::Arc;

use super::eval::Env;
use super::job_kinds::SchemaChange;
use super::tables;
use super::{Ctx, Done, Outcome, query};
use crate::error::{
    INSUFFICIENT_PRIVILEGES, MUST_NAME_EXPRESSION, OraError, TABLE_NOT_FOUND,
    UNIMPLEMENTED_FEATURE, USER_DOES_NOT_EXIST,
};
use crate::ora;
use crate::session::SysPriv;
use crate::sql::ast::{
    Arg, BinaryOp, CreateTable, Expr, Literal, ObjectName, TableConstraint, UnaryOp,
};
use crate::storage::{ColumnSpec, ConstraintKind, ConstraintSpec};

/// `CREATE TABLE name (columns, constraints) | CREATE TABLE name AS SELECT ...`
pub fn create_table(ctx: &mut Ctx<'_>, ct: &CreateTable) -> Result<Outcome, OraError> {
    let owner = ddl_target(ctx, &ct.name, SysPriv::CREATE_TABLE)?;
    let name = ct.name.object().name.as_str();
    let storage = &ctx.db.storage;
    match &ct.as_query {
        None => {
            let columns =
                ct.columns.iter().map(column_spec).collect::<Result<Vec<_>, OraError>>()?;
            storage.create_table(&owner, name, columns, constraints(ct))?;
        }
        Some(q) => {
            let rs = query::run_query(ctx, q)?;
            let columns: Vec<ColumnSpec> = if ct.columns.is_empty() {
                rs.columns.iter().map(derived_column).collect::<Result<_, _>>()?
            } else {
                ct.columns.iter().map(column_spec).collect::<Result<_, _>>()?
            };
            let t = ctx.db.storage.create_table_as(&owner, name, columns, rs.rows)?;
            super::job_kinds::record_schema_change(ctx, &t, SchemaChange::CreateTableAs);
        }
    }
    Ok(Outcome::Done(Done::Created("Table")))
}

/// DROP TABLE name.
pub fn drop_table(ctx: &mut Ctx<'_>, name: &ObjectName) -> Result<Outcome, OraError> {
    let owner = ddl_target(ctx, name, SysPriv::ANY_TABLE)?;
    let table = ctx.db.storage.table(&owner, &name.object().name).ok();
    ctx.db.storage.drop_table(ctx.me, &owner, &name.object().name).map_err(|e| at_name(e, name))?;
    if let Some(t) = table {
        super::job_kinds::record_schema_change(ctx, &t, SchemaChange::DropTable);
    }
    Ok(Outcome::Done(Done::Dropped("Table")))
}

/// TRUNCATE TABLE name.
pub fn truncate_table(ctx: &mut Ctx<'_>, name: &ObjectName) -> Result<Outcome, OraError> {
    let owner = ddl_target(ctx, name, SysPriv::ANY_TABLE)?;
    ctx.db
        .storage
        .truncate_table(ctx.me, &owner, &name.object().name)
        .map_err(|e| at_name(e, name))?;
    Ok(Outcome::Done(Done::Truncated))
}

/// ORA-00942 points at the table name; other errors at the statement.
fn at_name(e: OraError, name: &ObjectName) -> OraError {
    if e.is(TABLE_NOT_FOUND) { e.at(name.pos()) } else { e }
}

/// The implicit commit of DDL, then the owner of the object `name` names, checking that the
/// user may do DDL there: in its own schema it needs `own` (CREATE TABLE to create; nothing to
/// drop), elsewhere an ANY TABLE privilege.
fn ddl_target(ctx: &mut Ctx<'_>, name: &ObjectName, own: SysPriv) -> Result<Arc<str>, OraError> {
    super::admin::implicit_commit(ctx);
    let (owner, _) = tables::owner_and_name(&Env::of(ctx), name)?;
    let user = ctx.me.username();
    let users = &ctx.db.users;
    let allowed = if &*owner == user {
        own == SysPriv::ANY_TABLE || users.has(user, own)
    } else {
        users.has(user, SysPriv::ANY_TABLE)
    };
    if !allowed {
        return Err(ora!(INSUFFICIENT_PRIVILEGES));
    }
    if !users.exists(&owner) {
        return Err(ora!(USER_DOES_NOT_EXIST, "{owner}"));
    }
    Ok(owner)
}

/// A column of CREATE TABLE ... AS SELECT, named and typed after the query's column
/// (ORA-00998 for an expression without an alias).
fn derived_column(c: &crate::value::ColumnDesc) -> Result<ColumnSpec, OraError> {
    let mut chars = c.name.chars();
    let plain = chars.next().is_some_and(char::is_alphabetic)
        && chars.all(|ch| ch.is_alphanumeric() || matches!(ch, '_' | '$' | '#'));
    if !plain {
        return Err(ora!(MUST_NAME_EXPRESSION));
    }
    Ok(ColumnSpec { name: Arc::from(c.name.as_str()), ty: c.ty, not_null: false, default: None })
}

/// A column definition as storage wants it.
pub(super) fn column_spec(c: &crate::sql::ast::ColumnDef) -> Result<ColumnSpec, OraError> {
    let default = c.default.as_ref().map(sql_text).transpose()?.map(|t| Arc::from(t.as_str()));
    Ok(ColumnSpec {
        name: Arc::from(c.name.name.as_str()),
        ty: c.ty,
        not_null: c.not_null,
        default,
    })
}

/// Inline and table-level PRIMARY KEY / UNIQUE constraints, in declaration order.
fn constraints(ct: &CreateTable) -> Vec<ConstraintSpec> {
    let spec = |name: Option<&crate::sql::ast::Ident>, kind, cols: Vec<Arc<str>>| ConstraintSpec {
        name: name.map(|n| Arc::from(n.name.as_str())),
        kind,
        columns: cols,
    };
    let mut out = Vec::new();
    for c in &ct.columns {
        let col = vec![Arc::from(c.name.name.as_str())];
        if c.primary_key {
            out.push(spec(None, ConstraintKind::PrimaryKey, col.clone()));
        }
        if c.unique {
            out.push(spec(None, ConstraintKind::Unique, col));
        }
    }
    for t in &ct.constraints {
        let (name, kind, columns) = match t {
            TableConstraint::PrimaryKey { name, columns } => {
                (name, ConstraintKind::PrimaryKey, columns)
            }
            TableConstraint::Unique { name, columns } => (name, ConstraintKind::Unique, columns),
        };
        let cols = columns.iter().map(|c| Arc::from(c.name.as_str())).collect();
        out.push(spec(name.as_ref(), kind, cols));
    }
    out
}

/// The SQL text of a DEFAULT expression (USER_TAB_COLUMNS.DATA_DEFAULT), re-parsed and
/// evaluated on every INSERT that omits the column. Literals, names (SYSDATE, USER),
/// arithmetic, concatenation and function calls are supported.
fn sql_text(e: &Expr) -> Result<String, OraError> {
    Ok(match e {
        Expr::Literal(Literal::Null) => "NULL".into(),
        Expr::Literal(Literal::Number(n)) => n.clone(),
        Expr::Literal(Literal::String(s)) => format!("'{}'", s.replace('\'', "''")),
        Expr::Literal(Literal::Date(s)) => format!("DATE '{s}'"),
        Expr::Literal(Literal::Timestamp(s)) => format!("TIMESTAMP '{s}'"),
        Expr::Column(name) => name.dotted(),
        Expr::Unary { op: UnaryOp::Neg, expr } => format!("-{}", sql_text(expr)?),
        Expr::Unary { op: UnaryOp::Plus, expr } => sql_text(expr)?,
        Expr::Binary { op, left, right } => {
            let op = match op {
                BinaryOp::Add => "+",
                BinaryOp::Sub => "-",
                BinaryOp::Mul => "*",
                BinaryOp::Div => "/",
                BinaryOp::Concat => "||",
                _ => return Err(ora!(UNIMPLEMENTED_FEATURE)),
            };
            format!("({} {op} {})", sql_text(left)?, sql_text(right)?)
        }
        Expr::Function { name, args, star: false, distinct: false } => {
            let args =
                args.iter().map(|a: &Arg| sql_text(&a.value)).collect::<Result<Vec<_>, _>>()?;
            format!("{}({})", name.dotted(), args.join(", "))
        }
        _ => return Err(ora!(UNIMPLEMENTED_FEATURE)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::ast::Statement;
    use crate::value::{ColumnDesc, SqlType};

    fn default_of(sql: &str) -> Result<String, OraError> {
        let Ok(Statement::CreateTable(ct)) = crate::sql::parse(sql) else { panic!("{sql}") };
        sql_text(ct.columns[0].default.as_ref().expect("a DEFAULT"))
    }

    #[test]
    fn default_texts_read_back_as_sql() {
        assert_eq!(default_of("CREATE TABLE t (d DATE DEFAULT SYSDATE)").unwrap(), "SYSDATE");
        assert_eq!(default_of("CREATE TABLE t (n NUMBER DEFAULT -1.5)").unwrap(), "-1.5");
        assert_eq!(
            default_of("CREATE TABLE t (s VARCHAR2(9) DEFAULT 'it''s')").unwrap(),
            "'it''s'"
        );
        assert_eq!(
            default_of("CREATE TABLE t (s VARCHAR2(30) DEFAULT USER || '@' || LOWER('X'))")
                .unwrap(),
            "((USER || '@') || LOWER('X'))"
        );
        assert!(
            default_of("CREATE TABLE t (n NUMBER DEFAULT CASE WHEN 1 = 1 THEN 1 END)").is_err()
        );
    }

    #[test]
    fn ctas_columns_need_names() {
        let named = ColumnDesc::new("TOTAL_1$", SqlType::NUMBER);
        assert_eq!(&*derived_column(&named).unwrap().name, "TOTAL_1$");
        let unnamed = ColumnDesc::new("N*10", SqlType::NUMBER);
        assert!(derived_column(&unnamed).unwrap_err().is(MUST_NAME_EXPRESSION));
    }
}
