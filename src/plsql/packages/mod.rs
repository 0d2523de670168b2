//! Built-in packages: their specifications are the files under the top-level `plsql/packages/`
//! (real PL/SQL, parsed once at first use by [`spec`]), their bodies are Rust natives bound to
//! the spec's subprograms by name.
//!
//! A call such as `DBMS_OUTPUT.PUT_LINE(a => 'x')` is resolved by the compiler against the
//! parsed spec ([`find`]): arity, `=>` names and defaults (PLS-00306 otherwise); at run time the
//! native receives its arguments in spec order, defaults filled, and writes OUT arguments back
//! into the same slice.

mod dbms_lock;
mod dbms_output;
mod dbms_service;
mod dbms_session;
pub mod spec;
mod vsession_jobs;
mod vsession_sim;

use std::rc::Rc;

use super::interp::Collection;
use super::ir::TableType;
use crate::error::OraError;
use crate::exec::Ctx;
use crate::sql::ast::{Expr, ParamMode};
use crate::value::{SqlType, Value};

pub use dbms_output::OutputBuffer;

/// One argument as a native sees it: a scalar or a whole collection.
#[derive(Debug, Clone)]
pub enum NativeArg {
    /// A scalar (IN value, or OUT slot to fill).
    Value(Value),
    /// A collection (DBMS_OUTPUT.GET_LINES).
    Coll(Collection),
    /// A cursor variable: the rows it has not fetched (None: closed).
    Cursor(Option<crate::exec::ResultSet>),
}

/// A native subprogram: arguments in spec order; returns a function's value.
pub type Native = fn(&mut Ctx<'_>, &mut [NativeArg]) -> Result<Option<Value>, OraError>;

/// What a formal parameter holds.
#[derive(Debug, Clone)]
pub enum FormalKind {
    /// A scalar of this type.
    Scalar(SqlType),
    /// A collection.
    Coll(Rc<TableType>),
    /// A cursor variable (SYS_REFCURSOR, a REF CURSOR type).
    Cursor,
}

/// A formal parameter of a subprogram.
#[derive(Debug, Clone)]
pub struct Formal {
    /// Upper-case name.
    pub name: String,
    /// Mode.
    pub mode: ParamMode,
    /// Kind.
    pub kind: FormalKind,
    /// Default value expression.
    pub default: Option<Expr>,
}

/// A package subprogram as the compiler sees it.
#[derive(Debug, Clone)]
pub struct PackageSub {
    /// Formals.
    pub formals: Vec<Formal>,
    /// FUNCTION.
    pub is_function: bool,
    /// The native body, if this engine implements it. Overloads share it: the native tells
    /// them apart by the arguments it receives.
    pub native: Option<Native>,
    /// The formals of further overloads of the same name, in spec order (DBMS_SERVICE's
    /// CREATE_SERVICE with a `parameter_array`).
    pub overloads: Vec<Vec<Formal>>,
}

/// The natives, by `PACKAGE.SUBPROGRAM`.
pub const NATIVES: &[(&str, Native)] = &[
    ("DBMS_OUTPUT.ENABLE", dbms_output::enable),
    ("DBMS_OUTPUT.DISABLE", dbms_output::disable),
    ("DBMS_OUTPUT.PUT", dbms_output::put),
    ("DBMS_OUTPUT.PUT_LINE", dbms_output::put_line),
    ("DBMS_OUTPUT.NEW_LINE", dbms_output::new_line),
    ("DBMS_OUTPUT.GET_LINE", dbms_output::get_line),
    ("DBMS_OUTPUT.GET_LINES", dbms_output::get_lines),
    ("DBMS_SESSION.SLEEP", dbms_session::sleep),
    ("DBMS_SESSION.SET_IDENTIFIER", dbms_session::set_identifier),
    ("DBMS_SESSION.CLEAR_IDENTIFIER", dbms_session::clear_identifier),
    ("DBMS_LOCK.SLEEP", dbms_lock::sleep),
    ("DBMS_APPLICATION_INFO.SET_MODULE", dbms_session::set_module),
    ("DBMS_APPLICATION_INFO.SET_ACTION", dbms_session::set_action),
    ("DBMS_APPLICATION_INFO.SET_CLIENT_INFO", dbms_session::set_client_info),
    ("DBMS_UTILITY.GET_TIME", dbms_session::get_time),
    ("VSESSION_SIM.NETWORK_IO", vsession_sim::network_io),
    ("VSESSION_JOBS.SET_WORK_RATE", vsession_jobs::set_work_rate),
    ("VSESSION_JOBS.START_JOB", vsession_jobs::start_job),
    ("VSESSION_SIM.SET_ROLLBACK_RATE", vsession_sim::set_rollback_rate),
    ("DBMS_SERVICE.DISCONNECT_SESSION", dbms_service::disconnect_session),
    ("DBMS_SERVICE.CREATE_SERVICE", dbms_service::create_service),
    ("DBMS_SERVICE.MODIFY_SERVICE", dbms_service::modify_service),
    ("DBMS_SERVICE.START_SERVICE", dbms_service::start_service),
    ("DBMS_SERVICE.STOP_SERVICE", dbms_service::stop_service),
    ("DBMS_SERVICE.DELETE_SERVICE", dbms_service::delete_service),
];

/// Packages whose subprograms are implemented (mostly) outside this module: DBMS_SERVICE
/// belongs to the services layer, which binds its natives here as it builds them; the
/// every-subprogram-has-a-native test skips it.
pub const NATIVES_ELSEWHERE: &[&str] = &["DBMS_SERVICE"];

/// Looks a native up by `PACKAGE.SUBPROGRAM`.
pub fn native(name: &str) -> Option<Native> {
    NATIVES.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}

/// The package subprogram `PACKAGE.NAME`, if a spec declares it.
pub fn find(dotted: &str) -> Option<PackageSub> {
    spec::specs().subprograms.get(dotted).cloned()
}

/// The package constant `PACKAGE.NAME`.
pub fn constant(dotted: &str) -> Option<Value> {
    spec::specs().constants.get(dotted).cloned()
}

/// The error number of the package exception `PACKAGE.NAME`.
pub fn package_exception(dotted: &str) -> Option<u32> {
    spec::specs().exceptions.get(dotted).copied()
}

/// The package collection type `PACKAGE.NAME` (`DBMS_UTILITY.NAME_ARRAY`).
pub fn package_type(dotted: &str) -> Option<Rc<TableType>> {
    let dotted = dotted.strip_prefix("SYS.").unwrap_or(dotted);
    let t = spec::specs().types.get(dotted)?.clone();
    Some(Rc::new(t))
}

/// The scalar argument `i` (NULL if absent).
fn arg(args: &[NativeArg], i: usize) -> Value {
    match args.get(i) {
        Some(NativeArg::Value(v)) => v.clone(),
        _ => Value::Null,
    }
}

/// Sets OUT argument `i`.
fn set(args: &mut [NativeArg], i: usize, v: Value) {
    if let Some(a) = args.get_mut(i) {
        *a = NativeArg::Value(v);
    }
}
