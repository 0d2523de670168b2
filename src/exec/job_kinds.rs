//! CockroachDB statements that create jobs (BACKUP, RESTORE, IMPORT, CREATE STATISTICS, CHANGEFEED, schema changes).

use super::{Ctx, Outcome};
use crate::error::{OraError, UNIMPLEMENTED_FEATURE};
use crate::ora;
use crate::sql::job_kinds::JobKindStatement;

/// Executes one statement of the family.
pub fn execute(_ctx: &mut Ctx<'_>, _stmt: &JobKindStatement) -> Result<Outcome, OraError> {
    Err(ora!(UNIMPLEMENTED_FEATURE))
}
