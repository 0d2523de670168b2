//! `RETURNING expr, ... INTO ...` of INSERT / UPDATE / DELETE: the values of each row the
//! statement changed, computed inside the statement (new values for INSERT and UPDATE, the
//! old ones for DELETE) and handed to the caller, which assigns them (PL/SQL variables and
//! collections, host binds).
//!
//! A single-row RETURNING INTO (no BULK COLLECT) that meets a second row fails with ORA-01422
//! inside the statement, so the statement is rolled back as a whole, as in Oracle; zero rows
//! return nothing (the caller sets its targets to NULL: no NO_DATA_FOUND).

use super::compile::Names;
use super::eval::{CExpr, Env, RowRef, eval};
use super::tables::TableScope;
use super::{Ctx, Outcome, dml};
use crate::error::{OraError, TOO_MANY_ROWS};
use crate::ora;
use crate::sql::ast::{Returning, Statement};
use crate::value::Row;

/// The RETURNING expressions of one statement run and the rows they gave.
#[derive(Default)]
pub struct Returned {
    exprs: Vec<CExpr>,
    single: bool,
    /// One row per changed row, in the order the statement changed them.
    pub rows: Vec<Row>,
    /// The row of the change being tried (kept once storage reports the change done: a row
    /// re-tested after a lock wait must not count twice).
    pending: Option<Row>,
}

impl Returned {
    /// Compiles `clause` over the statement's table.
    pub(super) fn compile(
        env: &Env<'_>,
        scope: &TableScope,
        clause: &Returning,
        names: Option<&dyn Names>,
    ) -> Result<Returned, OraError> {
        let exprs =
            clause.exprs.iter().map(|e| scope.compile(env, e, names)).collect::<Result<_, _>>()?;
        Ok(Returned { exprs, single: !clause.bulk, ..Returned::default() })
    }

    /// Evaluates the expressions over a changed row, to be kept by [`Returned::done`].
    pub(super) fn stage(&mut self, env: &Env<'_>, row: &Row) -> Result<(), OraError> {
        if self.exprs.is_empty() {
            return Ok(());
        }
        let values =
            self.exprs.iter().map(|e| eval(env, e, RowRef::new(row))).collect::<Result<_, _>>()?;
        self.pending = Some(values);
        Ok(())
    }

    /// The staged row's change is done: keep its values (ORA-01422 for a second row of a
    /// single-row RETURNING).
    pub(super) fn done(&mut self) -> Result<(), OraError> {
        let Some(row) = self.pending.take() else { return Ok(()) };
        if self.single && !self.rows.is_empty() {
            return Err(ora!(TOO_MANY_ROWS));
        }
        self.rows.push(row);
        Ok(())
    }
}

/// The RETURNING clause of a DML statement, if it has one.
pub fn clause(stmt: &Statement) -> Option<&Returning> {
    match stmt {
        Statement::Insert(i) => i.returning.as_ref(),
        Statement::Update(u) => u.returning.as_ref(),
        Statement::Delete(d) => d.returning.as_ref(),
        _ => None,
    }
}

/// Runs a DML statement with a RETURNING clause: its outcome and the returned rows.
pub fn run(
    ctx: &mut Ctx<'_>,
    stmt: &Statement,
    names: Option<&dyn Names>,
) -> Result<(Outcome, Vec<Row>), OraError> {
    let mut ret = Returned::default();
    let outcome = match stmt {
        Statement::Insert(i) => dml::insert(ctx, i, names, Some(&mut ret))?,
        Statement::Update(u) => dml::update(ctx, u, names, Some(&mut ret))?,
        Statement::Delete(d) => dml::delete(ctx, d, names, Some(&mut ret))?,
        other => super::execute_with(ctx, other, names)?,
    };
    Ok((outcome, ret.rows))
}
