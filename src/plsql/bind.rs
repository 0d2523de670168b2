//! PL/SQL variables in embedded DML: before an INSERT, UPDATE or DELETE inside a block runs,
//! every name that is not a column of the target table and names a PL/SQL variable is replaced
//! by the variable's current value, as Oracle binds PL/SQL variables into the statement (a
//! column wins over a variable of the same name).

use crate::exec::compile::Names;
use crate::exec::eval::Env;
use crate::exec::tables::{self, Access};
use crate::sql::ast::{Expr, Ident, InsertSource, Literal, ObjectName, Statement};
use crate::value::Value;

/// `stmt` with its PL/SQL names bound to values from `names`.
pub fn bind_statement(env: &Env<'_>, stmt: &Statement, names: &dyn Names) -> Statement {
    let mut stmt = stmt.clone();
    match &mut stmt {
        Statement::Insert(ins) => {
            if let InsertSource::Values(values) = &mut ins.source {
                let none = Columns::default();
                values.iter_mut().for_each(|e| bind(e, names, &none));
            }
        }
        Statement::Update(u) => {
            let cols = Columns::of(env, &u.table, u.alias.as_ref());
            u.assignments.iter_mut().for_each(|(_, e)| bind(e, names, &cols));
            if let Some(w) = &mut u.where_ {
                bind(w, names, &cols);
            }
        }
        Statement::Delete(d) => {
            let cols = Columns::of(env, &d.table, d.alias.as_ref());
            if let Some(w) = &mut d.where_ {
                bind(w, names, &cols);
            }
        }
        _ => {}
    }
    stmt
}

/// The target table's column names and the qualifiers it may be referred to by.
#[derive(Default)]
struct Columns {
    names: Vec<String>,
    qualifiers: Vec<String>,
}

impl Columns {
    fn of(env: &Env<'_>, table: &ObjectName, alias: Option<&Ident>) -> Columns {
        let names = tables::resolve(env, table, Access::Read)
            .map(|t| tables::columns(&t).into_iter().map(|c| c.name).collect())
            .unwrap_or_default();
        let mut qualifiers = vec![table.object().name.clone()];
        qualifiers.extend(alias.map(|a| a.name.clone()));
        Columns { names, qualifiers }
    }

    /// True if `parts` names a column of the table.
    fn has(&self, parts: &[Ident]) -> bool {
        match parts {
            [c] => self.names.contains(&c.name),
            [.., q, c] => self.qualifiers.contains(&q.name) && self.names.contains(&c.name),
            [] => false,
        }
    }
}

fn bind(e: &mut Expr, names: &dyn Names, cols: &Columns) {
    match e {
        Expr::Column(n) if !cols.has(&n.parts) => {
            if let Some(v) = names.lookup(&n.parts) {
                *e = literal(&v);
            }
        }
        Expr::Unary { expr, .. } | Expr::IsNull { expr, .. } => bind(expr, names, cols),
        Expr::Binary { left, right, .. } => {
            bind(left, names, cols);
            bind(right, names, cols);
        }
        Expr::InList { expr, list, .. } => {
            bind(expr, names, cols);
            list.iter_mut().for_each(|x| bind(x, names, cols));
        }
        Expr::Between { expr, low, high, .. } => {
            for x in [expr, low, high] {
                bind(x, names, cols);
            }
        }
        Expr::Like { expr, pattern, escape, .. } => {
            bind(expr, names, cols);
            bind(pattern, names, cols);
            if let Some(x) = escape {
                bind(x, names, cols);
            }
        }
        Expr::Case { operand, whens, else_ } => {
            if let Some(x) = operand {
                bind(x, names, cols);
            }
            for (w, t) in whens {
                bind(w, names, cols);
                bind(t, names, cols);
            }
            if let Some(x) = else_ {
                bind(x, names, cols);
            }
        }
        Expr::Function { args, .. } => {
            args.iter_mut().for_each(|a| bind(&mut a.value, names, cols))
        }
        Expr::Bind(id) => {
            if let Some(v) = names.bind(&id.name) {
                *e = literal(&v);
            }
        }
        _ => {}
    }
}

/// A value as a literal (dates and timestamps as their literal forms).
fn literal(v: &Value) -> Expr {
    Expr::Literal(match v {
        Value::Null => Literal::Null,
        Value::Number(d) => Literal::Number(d.to_string()),
        Value::Bool(b) => Literal::Bool(*b),
        Value::Date(d) if d.time() == time::Time::MIDNIGHT => {
            Literal::Date(format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day()))
        }
        Value::Date(d) | Value::Timestamp(d) => {
            Literal::Timestamp(crate::value::format_iso_datetime(d, ' '))
        }
        other => Literal::String(other.to_text().unwrap_or_default()),
    })
}
