//! Syntax tree of the statements that run as CockroachDB jobs: BACKUP, RESTORE, IMPORT INTO,
//! CREATE STATISTICS (and SHOW STATISTICS), CREATE CHANGEFEED, the schema changes (ALTER TABLE
//! ... ADD COLUMN, CREATE INDEX) and SET CLUSTER SETTING.

/// A statement that creates a job (or configures them).
#[derive(Debug, Clone, PartialEq)]
pub enum JobKindStatement {
    /// Placeholder until the grammar lands.
    Unimplemented,
}
