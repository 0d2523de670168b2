//! PL/SQL: the interpreter, stored subprograms and the built-in packages.
//!
//! THE LIFE OF A BLOCK
//! -------------------
//! 1. The parser turns `DECLARE ... BEGIN ... END;` into a [`Block`] (`sql::ast`).
//! 2. [`run_block`] compiles it ([`compile`]): every name is resolved before anything runs
//!    (ORA-06550 + PLS-00201 / PLS-00306 / `PL/SQL: ORA-...` otherwise), variables become frame
//!    slots, expressions become exec's compiled expressions over the frame ([`ir`]), calls
//!    resolve against the package specs under `plsql/packages/` ([`packages`]), local
//!    subprograms, or the stored ones ([`catalog`]).
//! 3. [`interp`] runs the unit: the session safe point before every statement and on every loop
//!    iteration (a kill ends any loop at its next iteration), `Flow` for EXIT / CONTINUE /
//!    RETURN, `OraError` for exceptions; an unhandled error leaves with its `ORA-06512: at line
//!    N` lines, a user-defined exception as ORA-06510.
//! 4. DBMS_OUTPUT lines go to the session's [`OutputBuffer`] (`Ctx::output`), which the client
//!    takes after each call.

pub mod catalog;
pub mod compile;
pub mod interp;
pub mod ir;
pub mod packages;

pub use packages::OutputBuffer;

use crate::error::OraError;
use crate::exec::Ctx;
use crate::exec::eval::Env;
use crate::sql::ast::{Block, ProcCall};

use interp::{Frame, Interp, to_client};

/// Compiles and runs an anonymous block whose source text is `ctx.text`.
pub fn run_block(ctx: &mut Ctx<'_>, block: &Block) -> Result<(), OraError> {
    let env = Env::of(ctx);
    let text = ctx.text.to_string();
    let unit = compile::compile_block(&env, &text, block)?;
    let mut frame = Frame::new(&unit);
    let mut interp = Interp::new(ctx);
    let r = interp.run_unit(&unit, &mut frame);
    interp.finish();
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

#[cfg(test)]
mod tests;
