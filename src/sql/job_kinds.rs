//! Syntax tree of the statements that run as CockroachDB jobs: BACKUP, RESTORE, IMPORT INTO,
//! CREATE STATISTICS (and SHOW STATISTICS), CREATE CHANGEFEED, the schema changes (ALTER TABLE
//! ... ADD COLUMN, CREATE INDEX) and SET CLUSTER SETTING.

/// A statement that creates a job (or configures them).
#[derive(Debug, Clone, PartialEq)]
pub enum JobKindStatement {
    /// Placeholder until the grammar lands.
    Unimplemented,
}

impl JobKindStatement {
    /// The SELECT a SHOW form stands for (its rewrite), for `[SHOW ...]` in FROM and
    /// `WITH x AS (SHOW ...)`; None for statements that return no rows.
    pub fn as_query(&self) -> Option<crate::sql::ast::Query> {
        None
    }
}
