//! Placeholder until the parser lands.
use super::ast::Statement;
use crate::error::{INVALID_SQL_STATEMENT, OraError};

/// Parses one statement (without the SQL*Plus terminator).
pub fn parse(_sql: &str) -> Result<Statement, OraError> {
    Err(crate::ora!(INVALID_SQL_STATEMENT))
}
