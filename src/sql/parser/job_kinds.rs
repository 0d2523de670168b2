//! Grammar of the statements that run as CockroachDB jobs (`sql::job_kinds`).

use super::{Parser, R};
use crate::error::UNIMPLEMENTED_FEATURE;
use crate::sql::ast::Statement;

impl Parser<'_> {
    /// `BACKUP ...`, `RESTORE ...`, `IMPORT INTO ...`, `SET CLUSTER SETTING ...`.
    pub(super) fn job_kind_statement(&mut self) -> R<Statement> {
        Err(self.err(UNIMPLEMENTED_FEATURE))
    }

    /// `CREATE STATISTICS | CHANGEFEED | [UNIQUE] INDEX ...` (positioned after CREATE).
    pub(super) fn create_job_kind(&mut self) -> R<Statement> {
        Err(self.err(UNIMPLEMENTED_FEATURE))
    }

    /// `SHOW STATISTICS FOR TABLE t`.
    pub(super) fn show_statistics(&mut self) -> R<Statement> {
        Err(self.err(UNIMPLEMENTED_FEATURE))
    }

    /// `ALTER TABLE t ADD [COLUMN] ...` and the other schema changes (positioned at TABLE).
    pub(super) fn alter_table_job(&mut self) -> R<Statement> {
        Err(self.err(UNIMPLEMENTED_FEATURE))
    }
}
