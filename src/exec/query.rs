//! Placeholder until the query engine lands.
use super::{Ctx, ResultSet};
use crate::error::{INVALID_SQL_STATEMENT, OraError};
use crate::sql::ast::Query;

/// Runs a query.
pub fn run_query(_ctx: &mut Ctx<'_>, _q: &Query) -> Result<ResultSet, OraError> {
    Err(crate::ora!(INVALID_SQL_STATEMENT))
}
