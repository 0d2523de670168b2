//! Running FORALL (see [`crate::plsql::forall`]): the index values, one bound statement per
//! value, SQL%ROWCOUNT / SQL%BULK_ROWCOUNT / SQL%BULK_EXCEPTIONS.

use super::{Binder, Frame, Interp, Key, R, fail};
use crate::error::{
    ARRAY_DML_ERRORS, ELEMENT_DOES_NOT_EXIST, NO_DATA_FOUND, OraError, USER_CANCEL,
};
use crate::ora;
use crate::plsql::forall::{Bulk, BulkAttr, ForallIr, ForallSource};
use crate::value::Value;

impl Interp<'_, '_> {
    /// Runs a FORALL.
    pub(super) fn forall(&mut self, fa: &ForallIr, f: &mut Frame) -> R<()> {
        if let ForallSource::Once = fa.source {
            let count = self.forall_run(fa, 0, f)?;
            self.sql_rowcount = Some(count);
            return Ok(());
        }
        let indexes = self.forall_indexes(&fa.source, f)?;
        self.bulk = Bulk::default();
        self.sql_rowcount = Some(0);
        for (n, i) in indexes.into_iter().enumerate() {
            self.iteration()?;
            match self.forall_run(fa, i, f) {
                Ok(count) => {
                    *self.bulk.rowcount.entry(i).or_default() += count;
                    self.sql_rowcount = Some(self.sql_rowcount.unwrap_or(0) + count);
                }
                // A kill or a cancel ends the whole statement, saved or not.
                Err(e) if fa.save_exceptions && !e.ends_session() && !e.is(USER_CANCEL) => {
                    self.bulk.rowcount.insert(i, 0);
                    self.bulk.exceptions.push((n + 1, e.code.number));
                }
                Err(e) => return Err(e),
            }
        }
        if !self.bulk.exceptions.is_empty() {
            return fail(ora!(ARRAY_DML_ERRORS));
        }
        Ok(())
    }

    /// One run with the index at `i`: the rows it changed.
    fn forall_run(&mut self, fa: &ForallIr, i: i64, f: &mut Frame) -> R<u64> {
        f.vals[fa.index] = Value::int(i);
        for (slot, leaf) in &fa.elems {
            let v = self.leaf(leaf, f).map_err(|e| {
                if e.is(NO_DATA_FOUND) && matches!(fa.source, ForallSource::Range(..)) {
                    Box::new(OraError::new(ELEMENT_DOES_NOT_EXIST, &i.to_string()))
                } else {
                    e
                }
            })?;
            f.vals[*slot] = v;
        }
        let binder = Binder::frame(&fa.names, f);
        // exec resolves a name as a column first, then asks the binder: no per-run copy of the
        // statement.
        Ok(match crate::exec::execute_with(self.ctx, &fa.stmt, Some(&binder))? {
            crate::exec::Outcome::Affected { count, .. } => count,
            _ => 0,
        })
    }

    /// The index values, in order.
    fn forall_indexes(&mut self, source: &ForallSource, f: &mut Frame) -> R<Vec<i64>> {
        let int = |v: Value| -> R<Option<i64>> { Ok(v.to_i64()?) };
        Ok(match source {
            ForallSource::Range(lo, hi) => {
                let lo = int(self.eval(lo, f)?)?;
                let hi = int(self.eval(hi, f)?)?;
                match (lo, hi) {
                    (Some(lo), Some(hi)) => (lo..=hi).collect(),
                    // FORALL i IN c.FIRST .. c.LAST of an empty collection does nothing.
                    _ => Vec::new(),
                }
            }
            ForallSource::Indices(slot, between) => {
                let (lo, hi) = match between {
                    Some((lo, hi)) => (int(self.eval(lo, f)?)?, int(self.eval(hi, f)?)?),
                    None => (Some(i64::MIN), Some(i64::MAX)),
                };
                let c = &f.colls[*slot];
                c.not_null()?;
                let (Some(lo), Some(hi)) = (lo, hi) else { return Ok(Vec::new()) };
                c.map
                    .keys()
                    .filter_map(|k| match k {
                        Key::Int(i) if (lo..=hi).contains(i) => Some(*i),
                        _ => None,
                    })
                    .collect()
            }
            ForallSource::Once => vec![0],
            ForallSource::Values(slot) => {
                let c = &f.colls[*slot];
                c.not_null()?;
                c.map
                    .values()
                    .map(|row| int(row.first().cloned().unwrap_or_default()))
                    .filter_map(Result::transpose)
                    .collect::<R<_>>()?
            }
        })
    }

    /// The value of a bulk attribute after the last FORALL.
    pub(super) fn bulk_attr(&mut self, b: &BulkAttr, f: &mut Frame) -> R<Value> {
        let mut at = |e: &super::PExpr| -> R<i64> {
            self.eval(e, f)?.to_i64()?.ok_or_else(|| Box::new(ora!(NO_DATA_FOUND)))
        };
        let missing = || Box::new(ora!(NO_DATA_FOUND));
        Ok(match b {
            BulkAttr::RowCount(i) => {
                let i = at(i)?;
                Value::int(*self.bulk.rowcount.get(&i).ok_or_else(missing)? as i64)
            }
            BulkAttr::ExceptionCount => Value::int(self.bulk.exceptions.len() as i64),
            BulkAttr::ErrorIndex(j) | BulkAttr::ErrorCode(j) => {
                let j = at(j)?;
                let (index, code) = usize::try_from(j)
                    .ok()
                    .and_then(|j| j.checked_sub(1))
                    .and_then(|j| self.bulk.exceptions.get(j))
                    .ok_or_else(missing)?;
                let v =
                    if matches!(b, BulkAttr::ErrorIndex(_)) { *index as i64 } else { *code as i64 };
                Value::int(v)
            }
        })
    }
}
