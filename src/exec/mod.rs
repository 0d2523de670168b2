//! Statement execution: runs one parsed statement for one session and returns its
//! [`Outcome`]. Queries go to [`query`], expressions to [`eval`], session administration
//! (users, grants, ALTER SYSTEM, transaction control) to [`admin`], DML and row locks to
//! [`dml`], table DDL to [`ddl`] (both over [`tables`]), PL/SQL to `crate::plsql`.

pub mod admin;
pub mod cockroach;
pub mod compile;
pub mod ddl;
pub mod dml;
pub mod eval;
pub mod format;
pub mod functions;
pub mod group;
pub mod hash;
pub mod job_kinds;
pub mod jobs;
pub mod outcome;
pub mod query;
pub mod returning;
pub mod run;
pub mod services;
pub mod tables;

use std::sync::Arc;

use crate::db::Database;
use crate::error::OraError;
use crate::session::SessionCell;
use crate::sql::ast::Statement;

pub use outcome::{Dml, Done, Outcome, ResultSet};

/// Everything a statement needs while it runs: the database, the calling session, the
/// session's DBMS_OUTPUT buffer, and the statement text (PL/SQL line numbers).
pub struct Ctx<'a> {
    /// The database.
    pub db: &'a Database,
    /// The calling session.
    pub me: &'a Arc<SessionCell>,
    /// The session's DBMS_OUTPUT buffer (the client takes its lines after the call).
    pub output: &'a mut crate::plsql::OutputBuffer,
    /// The text of the statement being run.
    pub text: &'a str,
}

/// Runs `f` with statement-level atomicity (an implicit savepoint before it): if it fails,
/// what it changed is undone — Oracle's rule for a PL/SQL block or CALL whose exception
/// reaches the caller, as for any failing SQL statement.
fn atomic<T>(
    ctx: &mut Ctx<'_>,
    f: impl FnOnce(&mut Ctx<'_>) -> Result<T, OraError>,
) -> Result<T, OraError> {
    let (db, me) = (ctx.db, ctx.me);
    db.storage.statement(me, || f(ctx))
}

/// Executes one statement.
pub fn execute(ctx: &mut Ctx<'_>, stmt: &Statement) -> Result<Outcome, OraError> {
    execute_with(ctx, stmt, None)
}

/// Executes one statement with the caller's names (PL/SQL variables, binds) in scope of its
/// expressions: how PL/SQL runs embedded SQL.
pub fn execute_with(
    ctx: &mut Ctx<'_>,
    stmt: &Statement,
    names: dml::Names<'_>,
) -> Result<Outcome, OraError> {
    match stmt {
        Statement::Query(q) => match &q.for_update {
            Some(fu) => dml::select_for_update(ctx, q, fu, names).map(Outcome::Rows),
            None => query::run_query_with(ctx, q, names).map(Outcome::Rows),
        },
        Statement::Insert(i) => dml::insert(ctx, i, names, None),
        Statement::Update(u) => dml::update(ctx, u, names, None),
        Statement::Delete(d) => dml::delete(ctx, d, names, None),
        Statement::LockTable { name, mode, nowait } => dml::lock_table(ctx, name, mode, *nowait),
        Statement::CreateTable(ct) => ddl::create_table(ctx, ct),
        Statement::DropTable { name } => ddl::drop_table(ctx, name),
        Statement::TruncateTable { name } => ddl::truncate_table(ctx, name),
        // A block or CALL is one statement: an error it does not handle undoes all it did.
        Statement::Block(b) => atomic(ctx, |ctx| crate::plsql::run_block(ctx, b))
            .map(|_| Outcome::Done(Done::PlsqlCompleted)),
        Statement::Call(c) => atomic(ctx, |ctx| crate::plsql::call_procedure(ctx, c))
            .map(|_| Outcome::Done(Done::CallCompleted)),
        Statement::CreateSubprogram(c) => {
            let kind = if c.sub.returns.is_some() { "Function" } else { "Procedure" };
            let ok = crate::plsql::catalog::create(&eval::Env::of(ctx), c)?;
            Ok(Outcome::Done(if ok { Done::Created(kind) } else { Done::CreatedWithErrors(kind) }))
        }
        Statement::DropSubprogram { name, function } => {
            crate::plsql::catalog::drop(&eval::Env::of(ctx), name, *function)?;
            Ok(Outcome::Done(Done::Dropped(if *function { "Function" } else { "Procedure" })))
        }
        Statement::CreatePackage(c) => {
            admin::implicit_commit(ctx);
            let kind = if c.body { "Package body" } else { "Package" };
            let ok = crate::plsql::user_packages::create(&eval::Env::of(ctx), c)?;
            let warn = if c.body { "Package Body" } else { "Package" };
            Ok(Outcome::Done(if ok { Done::Created(kind) } else { Done::CreatedWithErrors(warn) }))
        }
        Statement::DropPackage { name, body } => {
            admin::implicit_commit(ctx);
            crate::plsql::user_packages::drop(&eval::Env::of(ctx), name, *body)?;
            Ok(Outcome::Done(Done::Dropped(if *body { "Package body" } else { "Package" })))
        }
        Statement::Cockroach(c) => cockroach::execute(ctx, c),
        Statement::Jobs(j) => jobs::execute(ctx, j),
        Statement::JobKind(k) => job_kinds::execute(ctx, k),
        // Committed changes may make a table's statistics stale (automatic statistics).
        Statement::Commit => admin::execute(ctx, stmt).inspect(|_| job_kinds::after_commit(ctx.db)),
        other => admin::execute(ctx, other),
    }
}

/// The Oracle command number of a statement (V$SESSION.COMMAND).
pub fn command_number(stmt: &Statement) -> u32 {
    match stmt {
        Statement::Query(_) => 3,
        Statement::CreateTable(_) => 1,
        Statement::Insert(_) => 2,
        Statement::Update(_) => 6,
        Statement::Delete(_) => 7,
        Statement::DropTable { .. } => 12,
        Statement::LockTable { .. } => 26,
        Statement::CreateUser { .. } => 51,
        Statement::DropUser { .. } => 53,
        Statement::AlterUser { .. } => 43,
        Statement::AlterSession { .. } => 42,
        Statement::Commit => 44,
        Statement::Rollback { .. } => 45,
        Statement::Savepoint { .. } => 46,
        Statement::Block(_) => 47,
        Statement::AlterSystem(_) => 49,
        Statement::CreateRole { .. } => 52,
        Statement::DropRole { .. } => 54,
        Statement::TruncateTable { .. } => 85,
        Statement::Grant { .. } => 17,
        Statement::Revoke { .. } => 18,
        Statement::Call(_) => 170,
        Statement::CreateSubprogram(c) => {
            if c.sub.returns.is_some() {
                91
            } else {
                24
            }
        }
        Statement::DropSubprogram { function: true, .. } => 92,
        Statement::DropSubprogram { function: false, .. } => 68,
        // CockroachDB statements have no Oracle command number: UNKNOWN.
        Statement::Cockroach(_) | Statement::Jobs(_) | Statement::JobKind(_) => 0,
        Statement::CreatePackage(c) => {
            if c.body {
                97
            } else {
                94
            }
        }
        Statement::DropPackage { body: true, .. } => 99,
        Statement::DropPackage { body: false, .. } => 96,
    }
}

#[cfg(test)]
mod tests;
