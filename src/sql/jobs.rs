//! Syntax tree of the CockroachDB job-control statements: SHOW JOB(S) / AUTOMATIC JOBS /
//! SCHEDULE(S), CANCEL | PAUSE | RESUME JOB(S) (by id, select, FOR SCHEDULE(S), ALL type),
//! CREATE SCHEDULE, PAUSE | RESUME | DROP SCHEDULE(S). Grammar: `shared/reference/cockroach.md`
//! §1, §3, §4.

/// A CockroachDB job or schedule control statement.
#[derive(Debug, Clone, PartialEq)]
pub enum JobStatement {
    /// Placeholder until the grammar lands.
    Unimplemented,
}

impl JobStatement {
    /// The SELECT a SHOW form stands for (its rewrite), for `[SHOW ...]` in FROM and
    /// `WITH x AS (SHOW ...)`; None for statements that return no rows.
    pub fn as_query(&self) -> Option<crate::sql::ast::Query> {
        None
    }
}
