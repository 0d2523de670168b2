//! SHOW SESSIONS / QUERIES and CANCEL SESSION(S) / QUERY(IES): CockroachDB's session control over the engine's sessions.

use super::{Ctx, Outcome};
use crate::error::{OraError, UNIMPLEMENTED_FEATURE};
use crate::ora;
use crate::sql::cockroach::CrdbStatement;

/// Executes one statement of the family.
pub fn execute(_ctx: &mut Ctx<'_>, _stmt: &CrdbStatement) -> Result<Outcome, OraError> {
    Err(ora!(UNIMPLEMENTED_FEATURE))
}
