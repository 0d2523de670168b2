//! PL/SQL: the interpreter, stored subprograms, user packages and the built-in packages.
//!
//! THE LIFE OF A BLOCK
//! -------------------
//! 1. The parser turns `DECLARE ... BEGIN ... END;` into a [`Block`] (`sql::ast`).
//! 2. [`run_block`] compiles it ([`compile`]): every name is resolved before anything runs
//!    (ORA-06550 + PLS-00201 / PLS-00306 / `PL/SQL: ORA-...` otherwise), variables become frame
//!    slots, expressions become exec's compiled expressions over the frame ([`ir`]), calls
//!    resolve against the package specs under `plsql/packages/` ([`packages`]), local
//!    subprograms, the stored ones ([`catalog`]), or user packages ([`user_packages`]: `pkg.x`
//!    runs on the calling session's instance of the package).
//! 3. [`interp`] runs the unit: the session safe point before every statement and on every loop
//!    iteration (a kill ends any loop at its next iteration), `Flow` for EXIT / CONTINUE /
//!    RETURN, `OraError` for exceptions; an unhandled error leaves with its `ORA-06512: at line
//!    N` lines, a user-defined exception as ORA-06510.
//! 4. DBMS_OUTPUT lines go to the session's [`OutputBuffer`] (`Ctx::output`), which the client
//!    takes after each call.

mod bind;
pub mod catalog;
pub mod collections;
pub mod compile;
pub mod forall;
pub mod host;
pub mod interp;
pub mod ir;
pub mod packages;
mod table_fn;
pub mod user_packages;

pub use packages::OutputBuffer;

use crate::error::OraError;
use crate::exec::Ctx;
use crate::exec::eval::Env;
use crate::sql::ast::{Block, ProcCall};

use interp::{Frame, Interp, to_client};

/// Compiles and runs an anonymous block whose source text is `ctx.text`.
pub fn run_block(ctx: &mut Ctx<'_>, block: &Block) -> Result<(), OraError> {
    run_block_with(ctx, block, &mut host::HostBinds::default())
}

/// [`run_block`] with host bind variables the block may read and assign (see [`host`]).
pub fn run_block_with(
    ctx: &mut Ctx<'_>,
    block: &Block,
    binds: &mut host::HostBinds,
) -> Result<(), OraError> {
    let env = Env::of(ctx);
    let text = ctx.text.to_string();
    let mut compiler = compile::UnitCompiler::new(&env, &text);
    let slots = compiler.declare_host(&binds.declarations());
    let unit = compiler.anonymous(block)?;
    let mut frame = Frame::new(&unit);
    binds.load(&mut frame, &slots);
    let mut interp = Interp::new(ctx);
    let r = interp.run_unit(&unit, &mut frame);
    interp.finish();
    if r.is_ok() {
        binds.store(&mut frame, &slots);
    }
    r.map(|_| ()).map_err(|e| {
        // A run-time error points at the block as a whole (SQL*Plus echoes its first line).
        let mut e = to_client(*e);
        e.pos = Some(block.pos);
        e
    })
}

/// `CALL name(args)`: runs it as the block `BEGIN name(args); END;` would.
pub fn call_procedure(ctx: &mut Ctx<'_>, call: &ProcCall) -> Result<(), OraError> {
    let block = Block {
        declarations: vec![],
        body: vec![crate::sql::ast::PlStmt::Call(call.clone())],
        handlers: vec![],
        pos: call.pos,
        label: None,
    };
    run_block(ctx, &block)
}

/// Resolves a stored function called from SQL with `nargs` positional arguments: its key
/// (`OWNER.NAME`) and result type; `Ok(None)` if there is no such function; ORA-06553 with
/// PLS-00306 if it cannot take `nargs` arguments.
pub fn stored_function(
    env: &Env<'_>,
    name: &crate::sql::ast::ObjectName,
    nargs: usize,
) -> Result<Option<(String, crate::value::SqlType)>, OraError> {
    let Some(sig) = catalog::signature(env, name).filter(|s| s.is_function) else {
        return user_packages::sql_function(env, name, nargs);
    };
    let required = sig.formals.iter().filter(|f| f.default.is_none()).count();
    let all_in = sig.formals.iter().all(|f| f.mode == crate::sql::ast::ParamMode::In);
    if nargs < required || nargs > sig.formals.len() || !all_in {
        return Err(OraError::with_text(
            crate::error::Code::ora(6553),
            format!(
                "PLS-306: wrong number or types of arguments in call to '{}'",
                name.object().name
            ),
        ));
    }
    // Not compiled here: resolving a name must not compile the unit that is being compiled.
    let ty = sig.returns.unwrap_or(crate::value::SqlType::Varchar2(4000));
    Ok(Some((sig.key, ty)))
}

/// Runs the stored function `key` for SQL with evaluated positional arguments (defaults fill
/// the rest). DBMS_OUTPUT lines it writes are not kept (SQL has no output buffer to give).
pub fn call_stored_function(
    env: &Env<'_>,
    key: &str,
    args: Vec<crate::value::Value>,
) -> Result<crate::value::Value, OraError> {
    let depth = SQL_DEPTH.with(|d| d.get());
    if depth >= MAX_SQL_DEPTH {
        return Err(crate::ora!(crate::error::RECURSIVE_SQL_LIMIT, "{MAX_SQL_DEPTH}"));
    }
    SQL_DEPTH.with(|d| d.set(depth + 1));
    let r = if key.matches('.').count() == 2 {
        user_packages::run_sql_function(env, key, args)
    } else {
        run_stored_function(env, key, args)
    };
    SQL_DEPTH.with(|d| d.set(depth));
    r
}

/// How deep SQL → PL/SQL → SQL → ... may nest before ORA-00036 (each level is a query plan and
/// an interpreter on the same thread stack).
const MAX_SQL_DEPTH: usize = 10;

thread_local! {
    static SQL_DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn run_stored_function(
    env: &Env<'_>,
    key: &str,
    args: Vec<crate::value::Value>,
) -> Result<crate::value::Value, OraError> {
    let unit = catalog::compile_stored(env, key)?;
    let (owner, name) = key.split_once('.').unwrap_or(("", key));
    let stored = env.db.plsql.get(owner, name);
    let mut output = OutputBuffer::default();
    let mut ctx = Ctx { db: env.db, me: env.me, output: &mut output, text: "" };
    let mut frame = Frame::new(&unit);
    let mut args = args.into_iter();
    for (i, p) in unit.params.iter().enumerate() {
        let ir::ParamSlot::Scalar { slot, ty, .. } = p else { continue };
        let v = match args.next() {
            Some(v) => v,
            None => {
                let default = stored
                    .as_ref()
                    .and_then(|s| s.sub.params.get(i))
                    .and_then(|p| p.default.clone());
                match default {
                    Some(e) => crate::exec::eval::eval_scalar(&mut ctx, &e)?,
                    None => crate::value::Value::Null,
                }
            }
        };
        frame.vals[*slot] = interp::coerce(v, ty).map_err(|e| *e)?;
    }
    let mut interp = Interp::new(&mut ctx);
    let r = interp.run_unit(&unit, &mut frame);
    interp.finish();
    function_value(r)
}

/// A function's result as SQL gets it: its value, ORA-06503 without one, or the error.
fn function_value(
    r: Result<Option<crate::value::Value>, Box<OraError>>,
) -> Result<crate::value::Value, OraError> {
    match r {
        Ok(Some(v)) => Ok(v),
        Ok(None) => Err(crate::ora!(crate::error::FUNCTION_RETURNED_WITHOUT_VALUE)),
        Err(e) => Err(to_client(*e)),
    }
}

#[cfg(test)]
mod tests;
