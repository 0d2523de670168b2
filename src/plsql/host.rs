//! Host bind variables: the client's own variables (SQL*Plus `VARIABLE n NUMBER`), bound by
//! name into one call as `:n`.
//!
//! A call that brings [`HostBinds`] reads them as exec's [`Names::bind`] values (a query's
//! `WHERE sid = :sid`, a DML statement's `VALUES (:x)`), and a PL/SQL block may also assign
//! them (`:n := 5`, `SELECT ... INTO :n`, `RETURNING ... INTO :n`): the block is compiled
//! with each host bind declared as a variable named `:NAME` (the parser's name for a bind in
//! a target position, `sql::bind_name`) in an outer scope, its slot loaded from the bind
//! before the block runs and copied back when it completes successfully (a failed call
//! leaves the binds as they were, as an OCI client sees them). A REFCURSOR bind is a cursor
//! variable `:NAME` of the block (see `compile::refcursor`), carried between calls as the rows
//! it has not fetched. Other statements run through [`run_sql`]: they read the binds, and a
//! DML statement with `RETURNING ... INTO :a, :b` assigns them.

use super::compile::HostSlot;
use super::interp::Frame;
use crate::error::{NOT_ALL_VARIABLES_BOUND, NOT_ENOUGH_VALUES, OraError, TOO_MANY_VALUES};
use crate::exec::compile::Names;
use crate::exec::{Ctx, Outcome, ResultSet, returning};
use crate::ora;
use crate::sql::ast::{Ident, Statement};
use crate::value::{SqlType, Value};

/// One host bind variable.
#[derive(Debug, Clone, PartialEq)]
pub struct HostVar {
    /// The name without its colon, upper-cased (`:sid` is `SID`).
    pub name: String,
    /// Its declared type: values assigned to it are converted to it.
    pub ty: SqlType,
    /// Its current value.
    pub value: Value,
    /// True for a REFCURSOR: a cursor variable, `ty` and `value` unused.
    pub refcursor: bool,
    /// An open REFCURSOR's rows not fetched yet (None: closed).
    pub cursor: Option<ResultSet>,
}

impl HostVar {
    /// A scalar bind of type `ty`, NULL.
    pub fn scalar(name: &str, ty: SqlType) -> HostVar {
        HostVar { name: name.into(), ty, value: Value::Null, refcursor: false, cursor: None }
    }

    /// A REFCURSOR bind, closed.
    pub fn refcursor(name: &str) -> HostVar {
        HostVar { refcursor: true, ..HostVar::scalar(name, SqlType::NUMBER) }
    }
}

/// The host bind variables a call brings, in declaration order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HostBinds {
    /// The variables.
    pub vars: Vec<HostVar>,
}

impl HostBinds {
    /// The variable `name` (upper-cased, without colon).
    pub fn get(&self, name: &str) -> Option<&HostVar> {
        self.vars.iter().find(|v| v.name == name)
    }

    /// The (`:NAME`, type) pairs a PL/SQL unit declares for them (no type: REFCURSOR).
    pub(crate) fn declarations(&self) -> Vec<(String, Option<SqlType>)> {
        let ty = |v: &HostVar| (!v.refcursor).then_some(v.ty);
        self.vars.iter().map(|v| (crate::sql::bind_name(&v.name), ty(v))).collect()
    }

    /// Puts the values (and open cursors) into a frame's host slots.
    pub(crate) fn load(&self, frame: &mut Frame, slots: &[HostSlot]) {
        for (var, slot) in self.vars.iter().zip(slots) {
            match *slot {
                HostSlot::Value(s) => frame.vals[s] = var.value.clone(),
                HostSlot::Cursor(s) => frame.load_cursor(s, var.cursor.clone()),
            }
        }
    }

    /// Takes the values (and cursors) back from a frame's host slots.
    pub(crate) fn store(&mut self, frame: &mut Frame, slots: &[HostSlot]) {
        for (var, slot) in self.vars.iter_mut().zip(slots) {
            match *slot {
                HostSlot::Value(s) => var.value = std::mem::take(&mut frame.vals[s]),
                HostSlot::Cursor(s) => var.cursor = frame.take_cursor(s),
            }
        }
    }
}

impl Names for HostBinds {
    fn lookup(&self, _parts: &[Ident]) -> Option<Value> {
        None
    }
    fn bind(&self, name: &str) -> Option<Value> {
        self.get(name).map(|v| v.value.clone())
    }
}

/// Runs a SQL statement (not a PL/SQL block) with host binds: they are its `:name` values,
/// and INSERT / UPDATE / DELETE ... RETURNING ... INTO :a, ... puts the returned row into them
/// (NULLs when no row changed; ORA-01422 from a second row).
pub fn run_sql(
    ctx: &mut Ctx<'_>,
    stmt: &Statement,
    binds: &mut HostBinds,
) -> Result<Outcome, OraError> {
    let Some(clause) = returning::clause(stmt) else {
        return crate::exec::execute_with(ctx, stmt, Some(&*binds));
    };
    if clause.exprs.len() != clause.into.len() {
        let code = if clause.exprs.len() > clause.into.len() {
            TOO_MANY_VALUES
        } else {
            NOT_ENOUGH_VALUES
        };
        return Err(ora!(code));
    }
    let mut slots = Vec::with_capacity(clause.into.len());
    for target in &clause.into {
        let name = target.object().name.strip_prefix(':').unwrap_or("");
        let found = binds.vars.iter().position(|v| v.name == name);
        slots.push(found.ok_or_else(|| ora!(NOT_ALL_VARIABLES_BOUND).at(target.pos()))?);
    }
    let (outcome, rows) = returning::run(ctx, stmt, Some(&*binds))?;
    let row = rows.into_iter().next().unwrap_or_else(|| vec![Value::Null; slots.len()]);
    for (slot, value) in slots.into_iter().zip(row) {
        let var = &mut binds.vars[slot];
        var.value = super::interp::coerce(value, &var.ty).map_err(|e| *e)?;
    }
    Ok(outcome)
}
