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
