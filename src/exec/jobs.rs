//! CockroachDB job and schedule control statements over the registry in `crate::jobs`.

use super::{Ctx, Outcome};
use crate::error::{OraError, UNIMPLEMENTED_FEATURE};
use crate::ora;
use crate::sql::jobs::JobStatement;

/// Executes one statement of the family.
pub fn execute(_ctx: &mut Ctx<'_>, _stmt: &JobStatement) -> Result<Outcome, OraError> {
    Err(ora!(UNIMPLEMENTED_FEATURE))
}

/// Runs a due schedule's statement as its owner (the registry's firing function).
pub fn fire_schedule(
    _db: &std::sync::Arc<crate::db::Database>,
    _firing: &crate::jobs::ScheduleFiring,
) -> Result<(), OraError> {
    Err(ora!(UNIMPLEMENTED_FEATURE))
}
