//! Ref cursors, compile side: `SYS_REFCURSOR` and `TYPE t IS REF CURSOR [RETURN ...]`
//! variables, `OPEN cv FOR query | text [USING ...]`, and the host binds a unit declares
//! (`VARIABLE rc REFCURSOR` binds are cursor variables named `:RC`).
//!
//! A cursor variable is an explicit cursor without a query of its own: a frame cursor slot,
//! so FETCH, CLOSE and `%ISOPEN` / `%FOUND` / `%NOTFOUND` / `%ROWCOUNT` are those of explicit
//! cursors (ORA-01001 on a closed one). OPEN FOR fills the slot when it runs (see
//! `interp::refcursor_run`); an open cursor variable is reopened without ORA-06511. The
//! `RETURN` row type of a strong REF CURSOR type is parsed and not checked.
//!
//! A cursor variable passed to a subprogram (IN, OUT or IN OUT) is handed over with the rows
//! it has not fetched and handed back when the call returns, so caller and callee work on one
//! cursor, as with Oracle's cursor references (`%ROWCOUNT` restarts in the callee).

use std::rc::Rc;

use super::{CR, Entity, UnitCompiler};
use crate::plsql::ir::{CursorDecl, Init, OpenForIr, RecordType, SqlNames, StmtKind};
use crate::sql::ast::{Expr, Ident, OpenForSource, PlType, Query, Statement};
use crate::value::SqlType;

/// Where a host bind lives in the unit's frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostSlot {
    /// A scalar slot.
    Value(usize),
    /// A cursor slot (REFCURSOR).
    Cursor(usize),
}

/// The query a cursor variable's declaration stands on: it never runs (OPEN FOR brings the
/// query), the slot is what matters.
fn no_query() -> Rc<Query> {
    match crate::sql::parse("SELECT NULL FROM DUAL") {
        Ok(Statement::Query(q)) => Rc::new(*q),
        _ => unreachable!("a constant query parses"),
    }
}

impl UnitCompiler<'_, '_> {
    /// True if `ty` is SYS_REFCURSOR or a REF CURSOR type in scope.
    pub(super) fn is_ref_cursor(&self, ty: &PlType) -> bool {
        let PlType::Named(name) = ty else { return false };
        let last = &name.object().name;
        (name.parts.len() == 1 && matches!(self.find(last), Some(Entity::RefCursorType)))
            || (last == "SYS_REFCURSOR" && name.parts.len() <= 2)
    }

    /// Declares the cursor variable `name` (closed at block entry); returns its slot.
    pub(super) fn declare_ref_cursor(&mut self, name: &str, inits: &mut Vec<Init>) -> usize {
        let slot = self.n_cursors;
        self.n_cursors += 1;
        let decl = CursorDecl {
            slot,
            params: Vec::new(),
            query: no_query(),
            names: Rc::new(SqlNames::default()),
            rtype: Rc::new(RecordType { fields: Vec::new() }),
        };
        inits.push(Init::Cursor(slot));
        self.scope.push((name.to_string(), Entity::Cursor(Rc::new(decl))));
        slot
    }

    /// Declares host bind variables (named `:NAME`, see `plsql::host`) in the outermost scope:
    /// a scalar of its type, or a cursor variable for None (REFCURSOR).
    pub fn declare_host(&mut self, vars: &[(String, Option<SqlType>)]) -> Vec<HostSlot> {
        let mut slots = Vec::new();
        for (name, ty) in vars {
            let slot = match ty {
                Some(ty) => {
                    let slot = self.new_slot(*ty);
                    let var = Entity::Var { slot, ty: *ty, constant: false, not_null: false };
                    self.scope.push((name.clone(), var));
                    HostSlot::Value(slot)
                }
                None => HostSlot::Cursor(self.declare_ref_cursor(name, &mut Vec::new())),
            };
            slots.push(slot);
        }
        slots
    }

    /// A parameter's type: None for a cursor variable.
    pub(super) fn param_type(&mut self, ty: &PlType) -> CR<Option<super::Resolved>> {
        if self.is_ref_cursor(ty) { Ok(None) } else { self.resolve_type(ty).map(Some) }
    }

    /// The cursor slot of a cursor variable passed as an argument (a name or a host bind).
    pub(super) fn cursor_arg(&self, arg: &Expr) -> CR<usize> {
        let name = match arg {
            Expr::Column(n) if n.parts.len() == 1 => n.object().clone(),
            Expr::Bind(id) => Ident { name: crate::sql::bind_name(&id.name), pos: id.pos },
            _ => return Err(super::other(0, "PLS-00382: expression is of wrong type")),
        };
        Ok(self.cursor(&name)?.slot)
    }

    /// `OPEN cv FOR ...`.
    pub(super) fn open_for(
        &mut self,
        cursor: &Ident,
        source: &OpenForSource,
        using: &[Expr],
    ) -> CR<StmtKind> {
        let slot = self.cursor(cursor)?.slot;
        let ir = match source {
            OpenForSource::Query(q) => {
                let names = Rc::new(self.sql_names());
                self.query_rtype(q, &names, cursor.pos)?;
                OpenForIr::Query(Rc::new((**q).clone()), names)
            }
            OpenForSource::Text(text) => {
                let using = using.iter().map(|u| self.expr(u)).collect::<CR<_>>()?;
                OpenForIr::Text(self.expr(text)?, using)
            }
        };
        Ok(StmtKind::OpenFor(slot, ir))
    }
}
