//! Placeholder until the expression evaluator lands.
use super::Ctx;
use crate::error::{INVALID_SQL_STATEMENT, OraError};
use crate::sql::ast::Expr;
use crate::value::Value;

/// Evaluates an expression that refers to no columns (procedure arguments, VALUES).
pub fn eval_scalar(_ctx: &mut Ctx<'_>, _e: &Expr) -> Result<Value, OraError> {
    Err(crate::ora!(INVALID_SQL_STATEMENT))
}
