//! Statement execution: runs one parsed statement for one session and returns its
//! [`Outcome`]. Queries go to [`query`], expressions to [`eval`], session administration
//! (users, grants, ALTER SYSTEM) to [`admin`], PL/SQL to `crate::plsql`.

pub mod admin;
pub mod compile;
pub mod eval;
pub mod format;
pub mod functions;
pub mod group;
pub mod hash;
pub mod outcome;
pub mod query;
pub mod run;
pub mod services;

use std::sync::Arc;

use crate::db::Database;
use crate::error::OraError;
use crate::session::SessionCell;
use crate::sql::ast::Statement;

pub use outcome::{Dml, Done, Outcome, ResultSet};

/// Everything a statement needs while it runs: the database, the calling session, and the
/// session's DBMS_OUTPUT buffer.
pub struct Ctx<'a> {
    /// The database.
    pub db: &'a Database,
    /// The calling session.
    pub me: &'a Arc<SessionCell>,
    /// DBMS_OUTPUT lines produced by this call (printed by the runner after the call).
    pub output: &'a mut Vec<String>,
}

/// Executes one statement.
pub fn execute(ctx: &mut Ctx<'_>, stmt: &Statement) -> Result<Outcome, OraError> {
    match stmt {
        Statement::Query(q) => query::run_query(ctx, q).map(Outcome::Rows),
        Statement::Block(b) => {
            crate::plsql::run_block(ctx, b).map(|_| Outcome::Done(Done::PlsqlCompleted))
        }
        Statement::Call(c) => {
            crate::plsql::call_procedure(ctx, c).map(|_| Outcome::Done(Done::CallCompleted))
        }
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
    }
}

#[cfg(test)]
mod tests;
