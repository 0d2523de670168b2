//! Ref cursors, run side: OPEN cursor_variable FOR runs its query (a static one with the
//! frame's names bound; a text parsed at run time with its USING values as `:1`, `:2`, ...)
//! and materialises the rows in the cursor slot, as OPEN of an explicit cursor does; and the
//! hand-over of a cursor slot to and from a host REFCURSOR bind.

use super::{Binder, CursorState, Frame, Interp, R, fail};
use crate::error::{INVALID_SQL_STATEMENT, OraError};
use crate::exec::{ResultSet, query};
use crate::ora;
use crate::plsql::ir::{OpenForIr, SqlNames};
use crate::sql::ast::Statement;

impl Interp<'_, '_> {
    pub(super) fn open_for(&mut self, slot: usize, source: &OpenForIr, f: &mut Frame) -> R<()> {
        let rs = match source {
            OpenForIr::Query(q, names) => {
                let binder = Binder::frame(names, f);
                query::run_query_with(self.ctx, q, Some(&binder))?
            }
            OpenForIr::Text(text, using) => {
                let Some(text) = self.eval(text, f)?.to_text() else {
                    return fail(OraError::new(crate::error::Code::ora(6535), ""));
                };
                let binds = using.iter().map(|u| self.eval(u, f)).collect::<R<Vec<_>>>()?;
                let Statement::Query(q) = crate::sql::parse(&text)? else {
                    return fail(ora!(INVALID_SQL_STATEMENT));
                };
                let names = SqlNames::default();
                let binder = Binder {
                    names: &names,
                    vals: &[],
                    binds: &binds,
                    seen: Default::default(),
                    colls: &[],
                };
                query::run_query_with(self.ctx, &q, Some(&binder))?
            }
        };
        f.load_cursor(slot, Some(rs));
        Ok(())
    }
}

impl Frame {
    /// Opens cursor slot `slot` on `rs` (None: closed).
    pub(crate) fn load_cursor(&mut self, slot: usize, rs: Option<ResultSet>) {
        self.cursors[slot] = match rs {
            Some(rs) => {
                CursorState { rows: Some(rs.rows), columns: rs.columns, ..CursorState::default() }
            }
            None => CursorState::default(),
        };
    }

    /// The rows cursor slot `slot` has not fetched yet, with its columns (None: closed).
    pub(crate) fn take_cursor(&mut self, slot: usize) -> Option<ResultSet> {
        let c = std::mem::take(&mut self.cursors[slot]);
        let mut rows = c.rows?;
        rows.drain(..c.next.min(rows.len()));
        Some(ResultSet { columns: c.columns, rows })
    }
}
