//! Stored procedures and functions: `CREATE [OR REPLACE] PROCEDURE | FUNCTION` keeps the parsed
//! subprogram, its source text and its compilation errors per schema; calls find them by name
//! (`proc`, `schema.proc`). Units are compiled when called (and cached per thread), because a
//! compiled [`Unit`] is not shareable across threads.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use indexmap::IndexMap;
use parking_lot::Mutex;

use super::compile::{compile_subprogram, formals_of, line_col};
use super::ir::Unit;
use super::packages::Formal;
use crate::error::{OraError, PLSQL_COMPILE_ERROR};
use crate::exec::eval::Env;
use crate::sql::ast::{CreateSubprogram, ObjectName, PlType, Subprogram};
use crate::value::SqlType;

/// One stored subprogram.
#[derive(Debug)]
pub struct StoredUnit {
    /// Owner (schema).
    pub owner: String,
    /// Name.
    pub name: String,
    /// FUNCTION (true) or PROCEDURE.
    pub function: bool,
    /// The source as USER_SOURCE shows it (from PROCEDURE/FUNCTION on).
    pub source: String,
    /// The parsed subprogram.
    pub sub: Subprogram,
    /// The text the positions of `sub` refer to.
    pub text: String,
    /// Compilation errors: (line, column, text), empty if VALID.
    pub errors: Vec<(usize, usize, String)>,
}

impl StoredUnit {
    /// `PROCEDURE` or `FUNCTION`.
    pub fn kind(&self) -> &'static str {
        if self.function { "FUNCTION" } else { "PROCEDURE" }
    }
}

/// The stored subprograms of a database, by (owner, name).
#[derive(Debug, Default)]
pub struct Catalog {
    units: Mutex<IndexMap<(String, String), Arc<StoredUnit>>>,
}

impl Catalog {
    /// The unit `owner.name`.
    pub fn get(&self, owner: &str, name: &str) -> Option<Arc<StoredUnit>> {
        self.units.lock().get(&(owner.to_string(), name.to_string())).cloned()
    }

    /// All units, in creation order.
    pub fn all(&self) -> Vec<Arc<StoredUnit>> {
        self.units.lock().values().cloned().collect()
    }

    fn put(&self, unit: StoredUnit) {
        self.units.lock().insert((unit.owner.clone(), unit.name.clone()), Arc::new(unit));
    }

    fn remove(&self, owner: &str, name: &str) -> Option<Arc<StoredUnit>> {
        self.units.lock().shift_remove(&(owner.to_string(), name.to_string()))
    }
}

/// A stored subprogram's signature for the compiler.
pub struct StoredSig {
    /// `OWNER.NAME`.
    pub key: String,
    /// Formals.
    pub formals: Vec<Formal>,
    /// FUNCTION.
    pub is_function: bool,
    /// A function's declared result type (VARCHAR2(4000) if not a plain scalar type).
    pub returns: Option<SqlType>,
}

fn current_schema(env: &Env<'_>) -> String {
    env.me.lock().schema.to_string()
}

fn resolve(env: &Env<'_>, name: &ObjectName) -> Option<Arc<StoredUnit>> {
    let catalog = &env.db.plsql;
    match name.parts.as_slice() {
        [n] => catalog.get(&current_schema(env), &n.name),
        [s, n] => catalog.get(&s.name, &n.name),
        _ => None,
    }
}

/// The signature of the stored subprogram `name`, if it exists and compiled without errors.
pub fn signature(env: &Env<'_>, name: &ObjectName) -> Option<StoredSig> {
    let unit = resolve(env, name).filter(|u| u.errors.is_empty())?;
    let formals = formals_of(env, &unit.sub).ok()?;
    let returns = unit.sub.returns.as_ref().map(|t| match t {
        PlType::Scalar(ty) => *ty,
        _ => SqlType::Varchar2(4000),
    });
    Some(StoredSig {
        key: format!("{}.{}", unit.owner, unit.name),
        formals,
        is_function: unit.function,
        returns,
    })
}

/// Compiled units by the address of their stored version, which is kept alive alongside so
/// the address cannot be reused.
type CompiledCache = HashMap<usize, (Arc<StoredUnit>, Rc<Unit>)>;

/// `OWNER.NAME` of the stored subprogram `name` if it exists but has compilation errors.
pub fn invalid(env: &Env<'_>, name: &ObjectName) -> Option<String> {
    let unit = resolve(env, name).filter(|u| !u.errors.is_empty())?;
    Some(format!("{}.{}", unit.owner, unit.name))
}

thread_local! {
    /// Compiled units by the address of their stored version (kept alive alongside).
    static COMPILED: RefCell<CompiledCache> = RefCell::new(HashMap::new());
}

/// The compiled unit of `OWNER.NAME` (ORA-06508-like ORA-04067 if it is gone or invalid).
pub fn compile_stored(env: &Env<'_>, key: &str) -> Result<Rc<Unit>, OraError> {
    let (owner, name) = key.split_once('.').unwrap_or(("", key));
    let Some(stored) = env.db.plsql.get(owner, name).filter(|u| u.errors.is_empty()) else {
        return Err(OraError::with_text(
            crate::error::Code::ora(4067),
            format!("not executed, stored procedure \"{key}\" does not exist"),
        ));
    };
    let addr = Arc::as_ptr(&stored) as usize;
    if let Some(unit) = COMPILED.with(|c| c.borrow().get(&addr).map(|(_, u)| u.clone())) {
        return Ok(unit);
    }
    let mut unit = compile_subprogram(env, &stored.text, &stored.sub)?;
    unit.owner_name = Some(key.to_string());
    let unit = Rc::new(unit);
    COMPILED.with(|c| c.borrow_mut().insert(addr, (stored.clone(), unit.clone())));
    Ok(unit)
}

/// CREATE [OR REPLACE] PROCEDURE | FUNCTION: stores it, with its compilation errors if any.
/// Returns true if it compiled cleanly.
pub fn create(env: &Env<'_>, c: &CreateSubprogram) -> Result<bool, OraError> {
    let (owner, name) = match c.sub.name.parts.as_slice() {
        [n] => (current_schema(env), n.name.clone()),
        [s, n] => (s.name.clone(), n.name.clone()),
        _ => {
            return Err(crate::ora!(
                crate::error::INVALID_IDENTIFIER,
                "\"{}\"",
                c.sub.name.dotted()
            ));
        }
    };
    let package = super::user_packages::exists(env.db, &owner, &name);
    if package || (!c.or_replace && env.db.plsql.get(&owner, &name).is_some()) {
        return Err(crate::ora!(crate::error::NAME_ALREADY_USED));
    }
    let start = c.sub.pos;
    let text = c.text.clone();
    let source = text.get(start..).unwrap_or("").to_string();
    let function = c.sub.returns.is_some();
    // Put it first so that recursive calls resolve, then compile.
    let mut unit =
        StoredUnit { owner, name, function, source, sub: c.sub.clone(), text, errors: vec![] };
    env.db.plsql.put(clone_unit(&unit));
    if let Err(e) = compile_subprogram(env, &unit.text, &unit.sub) {
        unit.errors = errors_of(&e, &unit.text, start);
    }
    let ok = unit.errors.is_empty();
    env.db.plsql.put(unit);
    Ok(ok)
}

fn clone_unit(u: &StoredUnit) -> StoredUnit {
    StoredUnit {
        owner: u.owner.clone(),
        name: u.name.clone(),
        function: u.function,
        source: u.source.clone(),
        sub: u.sub.clone(),
        text: u.text.clone(),
        errors: u.errors.clone(),
    }
}

/// USER_ERRORS rows of a compile error: line/column relative to the PROCEDURE keyword's line.
pub(super) fn errors_of(e: &OraError, text: &str, start: usize) -> Vec<(usize, usize, String)> {
    let (first_line, _) = line_col(text, start);
    let mut out = Vec::new();
    let mut all = vec![e.clone()];
    all.extend(e.stack.iter().cloned());
    for err in all {
        if !err.is(PLSQL_COMPILE_ERROR) {
            out.push((1, 1, err.to_string()));
            continue;
        }
        // "line L, column C:\nmessage"
        let (head, msg) = err.text.split_once('\n').unwrap_or((&err.text, ""));
        let nums: Vec<usize> =
            head.split(|c: char| !c.is_ascii_digit()).filter_map(|s| s.parse().ok()).collect();
        if let [l, c, ..] = nums.as_slice() {
            out.push((l + 1 - first_line, *c, msg.to_string()));
        }
    }
    out
}

/// DROP PROCEDURE | FUNCTION (ORA-04043 if there is none).
pub fn drop(env: &Env<'_>, name: &ObjectName, function: bool) -> Result<(), OraError> {
    let Some(unit) = resolve(env, name).filter(|u| u.function == function) else {
        return Err(OraError::with_text(
            crate::error::Code::ora(4043),
            format!("object {} does not exist", name.object().name),
        ));
    };
    env.db.plsql.remove(&unit.owner, &unit.name);
    Ok(())
}
