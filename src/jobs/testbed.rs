//! A test-bed job kind: counts units of work. VSESSION_JOBS.START_JOB starts one from SQL;
//! the registry's unit tests and the bench use it directly.

use super::{JobWork, Step};
use crate::db::Database;
use crate::error::OraError;

/// A test job: counts units (forever if `units` is 0), failing at `fail_at`.
pub struct Counter {
    done: u64,
    units: u64,
    fail_at: Option<u64>,
}

impl JobWork for Counter {
    fn step(&mut self, _db: &Database, budget: u64) -> Result<Step, OraError> {
        let limit = if self.units == 0 { u64::MAX } else { self.units };
        self.done = self.done.saturating_add(budget).min(limit);
        if let Some(at) = self.fail_at
            && self.done >= at
        {
            return Err(OraError::crdb("XXUUU", format!("test job failed at unit {at}")));
        }
        if self.units == 0 {
            return Ok(Step::Progress(0.0));
        }
        if self.done >= self.units {
            return Ok(Step::Done);
        }
        Ok(Step::Progress(self.done as f64 / self.units as f64))
    }
}

impl Counter {
    /// Counts to `units` (0 = forever), failing when the count reaches `fail_at`.
    pub fn new(units: u64, fail_at: Option<u64>) -> Counter {
        Counter { done: 0, units, fail_at }
    }
}
