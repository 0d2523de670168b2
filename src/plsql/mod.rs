//! PL/SQL: anonymous blocks and procedure calls, and the built-in packages.
//!
//! This first version runs blocks made of procedure calls and NULL statements, which is what
//! `EXEC pkg.proc(args)` and `BEGIN ... END;` need; the full interpreter (declarations,
//! control flow, cursors, exceptions) grows here.

pub mod packages;

use crate::error::{OraError, PLS_NOT_DECLARED, PLSQL_COMPILE_ERROR};
use crate::exec::Ctx;
use crate::exec::eval::eval_scalar;
use crate::ora;
use crate::session::call::check;
use crate::sql::ast::{Block, PlStmt, ProcCall};
use crate::value::Value;

/// Runs an anonymous block.
pub fn run_block(ctx: &mut Ctx<'_>, block: &Block) -> Result<(), OraError> {
    if let Some(d) = block.declarations.first() {
        let _ = d;
        return Err(ora!(
            PLSQL_COMPILE_ERROR,
            "1, column 1:\nPLS-00999: declarations are not supported yet"
        ));
    }
    for stmt in &block.body {
        check(ctx.me)?;
        match stmt {
            PlStmt::Null { .. } => {}
            PlStmt::Call(c) => call_procedure(ctx, c)?,
            PlStmt::Block(b) => run_block(ctx, b)?,
            _ => {
                return Err(ora!(
                    PLSQL_COMPILE_ERROR,
                    "1, column 1:\nPLS-00999: statement not supported yet"
                ));
            }
        }
    }
    Ok(())
}

/// Calls a procedure by name with evaluated arguments.
pub fn call_procedure(ctx: &mut Ctx<'_>, call: &ProcCall) -> Result<(), OraError> {
    let mut args = Vec::with_capacity(call.args.len());
    for a in &call.args {
        let v: Value = eval_scalar(ctx, &a.value)?;
        args.push((a.name.as_ref().map(|n| n.name.clone()), v));
    }
    let name = call.name.dotted();
    let name = name.strip_prefix("SYS.").unwrap_or(&name);
    match packages::find(name) {
        Some(native) => native(ctx, &args),
        None => Err(ora!(PLS_NOT_DECLARED, "{}", call.name.object().name).at(call.pos)),
    }
}
