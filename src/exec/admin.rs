//! Placeholder: session administration statements.
use super::{Ctx, Outcome};
use crate::error::{INVALID_SQL_STATEMENT, OraError};
use crate::sql::ast::Statement;

/// Executes an administration statement.
pub fn execute(_ctx: &mut Ctx<'_>, _stmt: &Statement) -> Result<Outcome, OraError> {
    Err(crate::ora!(INVALID_SQL_STATEMENT))
}
