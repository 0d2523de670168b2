//! Grammar of the CockroachDB session-control statements (`sql::cockroach`), and the routers
//! for the words the dialect shares between families: SHOW and CANCEL go to sessions here or
//! to jobs (`jobs.rs`) / statistics (`job_kinds.rs`) by their second word.

use super::{Parser, R};
use crate::error::UNIMPLEMENTED_FEATURE;
use crate::sql::ast::Statement;

impl Parser<'_> {
    /// `SHOW ...`: sessions and queries here; jobs, schedules and statistics elsewhere.
    pub(super) fn show_statement(&mut self) -> R<Statement> {
        let jobs = [
            "JOBS",
            "JOB",
            "AUTOMATIC",
            "CHANGEFEED",
            "SCHEDULES",
            "SCHEDULE",
            "RUNNING",
            "PAUSED",
        ];
        if self.is_any_kw_at(1, &jobs) {
            return self.show_jobs();
        }
        if self.is_kw_at(1, "STATISTICS") {
            return self.show_statistics();
        }
        self.show_sessions()
    }

    /// `CANCEL ...`: SESSION(S) and QUERY / QUERIES here, JOB(S) and ALL ... JOBS in `jobs.rs`.
    pub(super) fn cancel_statement(&mut self) -> R<Statement> {
        if self.is_any_kw_at(1, &["JOB", "JOBS", "ALL"]) {
            return self.pause_or_resume();
        }
        self.cancel_sessions()
    }

    /// `SHOW [ALL] [CLUSTER | LOCAL] SESSIONS | QUERIES | STATEMENTS`.
    fn show_sessions(&mut self) -> R<Statement> {
        Err(self.err(UNIMPLEMENTED_FEATURE))
    }

    /// `CANCEL SESSION(S) | QUERY | QUERIES [IF EXISTS] ...`.
    fn cancel_sessions(&mut self) -> R<Statement> {
        Err(self.err(UNIMPLEMENTED_FEATURE))
    }

    /// `ALTER ROLE name [WITH] option ...`.
    pub(super) fn alter_role(&mut self) -> R<Statement> {
        Err(self.err(UNIMPLEMENTED_FEATURE))
    }
}
