//! Syntax tree of the CockroachDB session-control statements: SHOW [ALL] [CLUSTER | LOCAL]
//! SESSIONS | QUERIES | STATEMENTS, CANCEL SESSION(S) / QUERY(IES), and the CockroachDB role
//! statements (CREATE / ALTER ROLE ... WITH options, GRANT SYSTEM ...). Grammar:
//! `shared/reference/cockroach.md` §1. The jobs family is in [`super::jobs`], the statements
//! that create jobs in [`super::job_kinds`].

/// A CockroachDB session-control statement.
#[derive(Debug, Clone, PartialEq)]
pub enum CrdbStatement {
    /// Placeholder until the grammar lands.
    Unimplemented,
}
