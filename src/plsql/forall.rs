//! FORALL: one INSERT, UPDATE or DELETE run once per index value, with the rows each run
//! changed kept in `SQL%BULK_ROWCOUNT(i)` and, with SAVE EXCEPTIONS, the failed runs in
//! `SQL%BULK_EXCEPTIONS(j).ERROR_INDEX / ERROR_CODE` (then ORA-24381 at the end).
//!
//! The compiler (`compile::forall`) replaces every `coll(i)` / `coll(i).field` in the
//! statement by a name bound to a frame slot, and records the element reads that fill those
//! slots; the interpreter (`interp::forall`) sets the index, reads the elements and runs the
//! bound statement for each index value. Each run is its own statement: a failing one is
//! undone alone (statement-level rollback) and the runs before it stay done, unless the error
//! leaves the top-level call, which undoes the whole call (`exec::atomic`). Every run is a
//! safe point, so a kill interrupts a long FORALL like any DML (ORA-00028 at once).

use std::collections::BTreeMap;
use std::rc::Rc;

use super::ir::{Leaf, PExpr, SqlNames};
use crate::sql::ast::Statement;

/// A compiled FORALL.
#[derive(Debug)]
pub struct ForallIr {
    /// The index's frame slot.
    pub index: usize,
    /// Which index values.
    pub source: ForallSource,
    /// SAVE EXCEPTIONS.
    pub save_exceptions: bool,
    /// Element reads into slots, done before each run.
    pub elems: Vec<(usize, Leaf)>,
    /// The statement, its element references renamed to slot names.
    pub stmt: Rc<Statement>,
    /// The names the statement may bind.
    pub names: Rc<SqlNames>,
}

/// Where a FORALL's index values come from.
#[derive(Debug)]
pub enum ForallSource {
    /// `lo .. hi`.
    Range(PExpr, PExpr),
    /// `INDICES OF coll [BETWEEN lo AND hi]`: the existing subscripts.
    Indices(usize, Option<(PExpr, PExpr)>),
    /// `VALUES OF coll`: the element values, in subscript order.
    Values(usize),
    /// Not a FORALL: one embedded DML statement that reads collection elements, run once
    /// (SQL%ROWCOUNT set, the bulk attributes left alone).
    Once,
}

/// `SQL%BULK_ROWCOUNT(i)` and `SQL%BULK_EXCEPTIONS...`.
#[derive(Debug)]
pub enum BulkAttr {
    /// `SQL%BULK_ROWCOUNT(i)`.
    RowCount(Box<PExpr>),
    /// `SQL%BULK_EXCEPTIONS.COUNT`.
    ExceptionCount,
    /// `SQL%BULK_EXCEPTIONS(j).ERROR_INDEX`.
    ErrorIndex(Box<PExpr>),
    /// `SQL%BULK_EXCEPTIONS(j).ERROR_CODE`.
    ErrorCode(Box<PExpr>),
}

/// What the last FORALL left for the bulk attributes.
#[derive(Debug, Default)]
pub struct Bulk {
    /// Rows changed, by index value.
    pub rowcount: BTreeMap<i64, u64>,
    /// Failed runs: (iteration number, error number).
    pub exceptions: Vec<(usize, u32)>,
}
