//! SQL and PL/SQL text to syntax tree: a lexer and a nom parser. Knows nothing of sessions.

pub mod ast;
pub mod cockroach;
pub mod job_kinds;
pub mod jobs;
mod lexer;
mod parser;

pub use parser::{bind_name, parse, parse_package_spec};
