//! Tables as statements see them: resolving a name to a table of the storage layer (with the
//! privilege check), a table's columns as a FROM relation, and the one loop that runs a WHERE
//! clause over a table for UPDATE, DELETE and SELECT ... FOR UPDATE.
//!
//! NAMES
//! -----
//! `t` is a table of the session's current schema (`ALTER SESSION SET CURRENT_SCHEMA`, by
//! default the user's own); `s.t` a table of schema `s`. A user's table is tried before the
//! view catalog (views are SYS objects reached through public synonyms). Reading another
//! schema's table needs SELECT ANY TABLE, writing it an ANY TABLE privilege (the DBA role has
//! both). A table the user may not read does not exist for it (ORA-00942, as Oracle says); one
//! it may read but not write is ORA-01031 for DML. A table a CockroachDB IMPORT or RESTORE job
//! has taken offline may not be used until the job is over.
//!
//! ROW LOOP
//! --------
//! [`for_each_match`] scans the rows the session sees, tests the WHERE clause on the snapshot,
//! and hands each candidate's ROWID to the caller, whose storage call re-tests the clause on the
//! row's *current* version once any lock wait is over ([`holds`]) — Oracle's write consistency.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use super::compile::{Compiler, Level, Names, Rel};
use super::eval::{CExpr, Env, RowRef, truth};
use crate::error::{INSUFFICIENT_PRIVILEGES, OraError, TABLE_NOT_FOUND};
use crate::ora;
use crate::session::SysPriv;
use crate::sql::ast::{Expr, Ident, ObjectName};
use crate::storage::{RowId, RowOutcome, Table};
use crate::value::{ColumnDesc, Row};

/// What a statement does to a table, for the privilege check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// SELECT.
    Read,
    /// INSERT, UPDATE, DELETE, LOCK TABLE, SELECT FOR UPDATE, DDL.
    Write,
}

/// The schema and object name `name` refers to for the calling session.
pub fn owner_and_name<'n>(
    env: &Env<'_>,
    name: &'n ObjectName,
) -> Result<(Arc<str>, &'n str), OraError> {
    match name.parts.as_slice() {
        [one] => Ok((env.me.lock().schema.clone(), &one.name)),
        [schema, one] => Ok((Arc::from(schema.name.as_str()), &one.name)),
        _ => Err(ora!(TABLE_NOT_FOUND).at(name.pos())),
    }
}

/// The table `name` names, if one exists and the user may use it that way; `Ok(None)` if no
/// such table exists (the caller may try the view catalog).
pub fn find(
    env: &Env<'_>,
    name: &ObjectName,
    access: Access,
) -> Result<Option<Arc<Table>>, OraError> {
    let (owner, object) = owner_and_name(env, name)?;
    let Ok(table) = env.db.storage.table(&owner, object) else { return Ok(None) };
    let user = env.me.username();
    let users = &env.db.users;
    let own = &*table.owner == user;
    let write = own || users.has(user, SysPriv::ANY_TABLE);
    let read = write || users.has(user, SysPriv::SELECT_ANY_TABLE);
    if !read {
        return Err(ora!(TABLE_NOT_FOUND).at(name.pos()));
    }
    if access == Access::Write && !write {
        return Err(ora!(INSUFFICIENT_PRIVILEGES));
    }
    if let Some(reason) = table.offline_reason() {
        return Err(offline(&table, reason));
    }
    Ok(Some(table))
}

/// CockroachDB's error for a table its IMPORT or RESTORE job has taken offline. It carries no
/// SQLSTATE of its own there (an uncategorized error, XXUUU).
fn offline(table: &Table, reason: &str) -> OraError {
    let name = table.name.to_lowercase();
    OraError::crdb("XXUUU", format!("relation \"{name}\" is offline: {reason}"))
}

/// The table `name` names (ORA-00942 if none, or if the user may not use it).
pub fn resolve(env: &Env<'_>, name: &ObjectName, access: Access) -> Result<Arc<Table>, OraError> {
    find(env, name, access)?.ok_or_else(|| ora!(TABLE_NOT_FOUND).at(name.pos()))
}

/// A table's columns as query columns.
pub fn columns(table: &Table) -> Vec<ColumnDesc> {
    table.columns.iter().map(|c| ColumnDesc::new(c.name.to_string(), c.ty)).collect()
}

/// A table as a FROM relation: its columns and the rows the session sees.
pub type Relation = (Vec<ColumnDesc>, Rc<Vec<Row>>);

thread_local! {
    /// Rows standing in for one table, once, while a SELECT FOR UPDATE runs its query over the
    /// rows it locked (see [`with_locked_rows`]).
    static LOCKED: RefCell<Option<(u64, Rc<Vec<Row>>)>> = const { RefCell::new(None) };
}

/// The rows of the table `name`, for a FROM clause: the session's read-committed snapshot
/// (its own uncommitted rows, others' committed ones). `Ok(None)` if no such table exists.
pub fn relation(env: &Env<'_>, name: &ObjectName) -> Result<Option<Relation>, OraError> {
    let Some(table) = find(env, name, Access::Read)? else { return Ok(None) };
    let locked = LOCKED.with(|l| {
        let mut l = l.borrow_mut();
        let mine = l.as_ref().is_some_and(|(id, _)| *id == table.id);
        if mine { l.take().map(|(_, rows)| rows) } else { None }
    });
    let rows = match locked {
        Some(rows) => rows,
        None => Rc::new(env.db.storage.scan(env.me.sid, &table).into_iter().map(|r| r.1).collect()),
    };
    Ok(Some((columns(&table), rows)))
}

/// Runs `f` (a query) with `rows` standing in for the first reference to `table` (the FROM
/// clause of a SELECT FOR UPDATE, planned before its subqueries): the rows it locked.
pub fn with_locked_rows<T>(table: &Table, rows: Vec<Row>, f: impl FnOnce() -> T) -> T {
    let previous = LOCKED.with(|l| l.replace(Some((table.id, Rc::new(rows)))));
    let out = f();
    LOCKED.with(|l| *l.borrow_mut() = previous);
    out
}

/// One table as the only relation of a statement (UPDATE, DELETE, FOR UPDATE): expressions
/// compile against its columns, qualified by the alias or the table name.
pub struct TableScope {
    rels: [Rel; 1],
    used: RefCell<Vec<bool>>,
    escaped: Cell<bool>,
}

impl TableScope {
    /// The scope of `table`, named as `name` with optional `alias`.
    pub fn new(table: &Table, name: &ObjectName, alias: Option<&Ident>) -> TableScope {
        let columns = columns(table);
        let (qualifier, schema) = match alias {
            Some(a) => (a.name.clone(), None),
            None => {
                (table.name.to_string(), (name.parts.len() > 1).then(|| table.owner.to_string()))
            }
        };
        let width = columns.len();
        TableScope {
            rels: [Rel { qualifier: Some(qualifier), schema, columns, offset: 0 }],
            used: RefCell::new(vec![false; width]),
            escaped: Cell::new(false),
        }
    }

    /// Compiles `e` against the table's row.
    pub fn compile(
        &self,
        env: &Env<'_>,
        e: &Expr,
        names: Option<&dyn Names>,
    ) -> Result<CExpr, OraError> {
        let level = Level {
            rels: &self.rels,
            view: 0..1,
            used: &self.used,
            escaped: &self.escaped,
            parent: None,
            names,
            grouped: None,
        };
        Compiler::new(env, level).expr(e).map(|c| c.0)
    }

    /// Compiles an optional WHERE clause.
    pub fn compile_where(
        &self,
        env: &Env<'_>,
        e: Option<&Expr>,
        names: Option<&dyn Names>,
    ) -> Result<Option<CExpr>, OraError> {
        e.map(|e| self.compile(env, e, names)).transpose()
    }
}

/// True if the WHERE clause (None = no clause) is TRUE for `row`, which would be row number
/// `rownum` of the statement (ROWNUM counts the rows that passed so far, plus one).
pub fn holds(
    env: &Env<'_>,
    cond: Option<&CExpr>,
    row: &Row,
    rownum: u64,
) -> Result<bool, OraError> {
    match cond {
        None => Ok(true),
        Some(c) => Ok(truth(env, c, RowRef { vals: row, rownum, outer: None })? == Some(true)),
    }
}

/// Hands every row of `table` that the WHERE clause selects (on the session's snapshot) to
/// `act` with its ROWNUM, and `act` writes or locks it through storage (re-testing the clause
/// on the current version with that ROWNUM). Returns how many rows `act` did something to;
/// ROWNUM counts those, so `WHERE ROWNUM <= 10` touches ten rows. Checks the safe point as it
/// goes.
pub fn for_each_match(
    env: &Env<'_>,
    table: &Arc<Table>,
    cond: Option<&CExpr>,
    mut act: impl FnMut(RowId, u64) -> Result<RowOutcome, OraError>,
) -> Result<u64, OraError> {
    let mut done = 0;
    for (i, (rowid, row)) in env.db.storage.scan(env.me.sid, table).into_iter().enumerate() {
        if i & 1023 == 1023 {
            crate::session::call::check(env.me)?;
        }
        if holds(env, cond, &row, done + 1)? && act(rowid, done + 1)? == RowOutcome::Done {
            done += 1;
        }
    }
    Ok(done)
}
