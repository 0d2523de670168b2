//! The interpreter's DML with `RETURNING ... [BULK COLLECT] INTO`: the statement runs with
//! the frame's names bound (as other embedded DML), `exec::returning` collects the values of
//! the changed rows, and they go to the targets: one row into variables or a record (none
//! sets them to NULL, several fail with ORA-01422 inside the statement), BULK COLLECT every
//! row into collections. SQL%ROWCOUNT is the number of changed rows.

use super::{Binder, Frame, Interp, R};
use crate::plsql::ir::{SqlNames, Target};
use crate::sql::ast::Statement;
use crate::value::Value;

impl Interp<'_, '_> {
    pub(super) fn returning(
        &mut self,
        stmt: &Statement,
        names: &SqlNames,
        into: &[Target],
        bulk: bool,
        f: &mut Frame,
    ) -> R<()> {
        let (outcome, rows) = {
            let binder = Binder::frame(names, f);
            let bound = crate::plsql::bind::bind_statement(&self.env(), stmt, &binder);
            crate::exec::returning::run(self.ctx, &bound, Some(&binder))?
        };
        self.sql_rowcount = Some(match outcome {
            crate::exec::Outcome::Affected { count, .. } => count,
            _ => 0,
        });
        if bulk {
            return self.bulk_into(rows, into, f);
        }
        let width = match into {
            [Target::Record { rtype, .. }] => rtype.fields.len(),
            _ => into.len(),
        };
        let row = rows.into_iter().next().unwrap_or_else(|| vec![Value::Null; width]);
        self.assign_row(into, row, f)
    }
}
