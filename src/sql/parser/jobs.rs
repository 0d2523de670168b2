//! Grammar of the CockroachDB job and schedule control statements (`sql::jobs`).

use super::{Parser, R};
use crate::error::UNIMPLEMENTED_FEATURE;
use crate::sql::ast::Statement;

impl Parser<'_> {
    /// `SHOW JOB(S) ...`, `SHOW AUTOMATIC JOBS`, `SHOW [RUNNING | PAUSED] SCHEDULE(S) ...`.
    pub(super) fn show_jobs(&mut self) -> R<Statement> {
        Err(self.err(UNIMPLEMENTED_FEATURE))
    }

    /// `CANCEL | PAUSE | RESUME JOB(S) ...`, `... ALL type JOBS`, `PAUSE | RESUME SCHEDULE(S)`.
    pub(super) fn pause_or_resume(&mut self) -> R<Statement> {
        Err(self.err(UNIMPLEMENTED_FEATURE))
    }

    /// `CREATE SCHEDULE label FOR BACKUP ... RECURRING ...` (positioned after CREATE).
    pub(super) fn create_schedule(&mut self) -> R<Statement> {
        Err(self.err(UNIMPLEMENTED_FEATURE))
    }

    /// `DROP SCHEDULE(S) ...` (positioned after DROP).
    pub(super) fn drop_schedules(&mut self) -> R<Statement> {
        Err(self.err(UNIMPLEMENTED_FEATURE))
    }
}
