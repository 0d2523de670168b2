//! Long-running jobs and schedules: the CockroachDB job model (`shared/reference/cockroach.md`
//! §3–§4). A registry of jobs with CockroachDB's states and transitions, run by background
//! workers on the engine clock; each job kind does real work on the engine's tables through
//! [`JobWork`]. The SQL statements that create and control jobs are in `exec::jobs` and
//! `exec::job_kinds`.

pub mod kinds;

use crate::db::Database;
use crate::error::OraError;

/// What one step of a job's work reports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Step {
    /// More to do; the fraction completed so far (0.0 ..= 1.0).
    Progress(f64),
    /// The work is complete.
    Done,
}

/// The work of one job kind (BACKUP, RESTORE, IMPORT, CREATE STATS, CHANGEFEED, SCHEMA
/// CHANGE...). The registry's worker calls [`JobWork::step`] with a budget of work units
/// (rows, in general) derived from the configured work rate and the engine clock, so a test
/// bed can make a job run long enough to pause or cancel it, deterministically.
pub trait JobWork: Send + 'static {
    /// Does up to `budget` units of work.
    fn step(&mut self, db: &Database, budget: u64) -> Result<Step, OraError>;

    /// Undoes the partial work after a cancel or failure (state `reverting`): e.g. RESTORE drops
    /// the partially restored table. The default has nothing to undo.
    fn revert(&mut self, _db: &Database) -> Result<(), OraError> {
        Ok(())
    }
}
