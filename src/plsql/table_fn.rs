//! `TABLE(collection)` in embedded SQL: a PL/SQL collection read as a relation.
//!
//! The compiler lists each visible collection among an embedded statement's names
//! (`NameValue::Coll`); the planner asks the caller's `Names` for the collection a `TABLE(...)`
//! entry names and gets its columns and rows from here, once per statement run:
//!
//! ```text
//!   l_ids := t_ids(3, 1, 2);          SELECT column_value FROM TABLE(l_ids)
//!   slots 1..3 in index order   ->    COLUMN_VALUE: 3, 1, 2
//! ```
//!
//! Scalar elements give the one column COLUMN_VALUE, record elements their fields. An
//! atomically NULL nested table or varray gives no rows (as SQL's TABLE of a NULL collection
//! does), an associative array keyed by strings is ORA-22905 like any non-nested-table item.

use std::rc::Rc;

use super::collections::CollKind;
use super::interp::Collection;
use super::ir::TableType;
use crate::error::{NOT_NESTED_TABLE_ITEM, OraError};
use crate::exec::compile::CollectionRows;
use crate::ora;
use crate::value::ColumnDesc;

/// The columns `TABLE(x)` gives for a collection of type `ttype`.
pub fn columns(ttype: &TableType) -> Result<Vec<ColumnDesc>, OraError> {
    if ttype.kind == CollKind::Assoc && ttype.string_keys {
        return Err(ora!(NOT_NESTED_TABLE_ITEM));
    }
    Ok(if ttype.scalar {
        let ty = ttype.elem.fields[0].1;
        vec![ColumnDesc::new("COLUMN_VALUE", ty)]
    } else {
        ttype.elem.fields.iter().map(|(name, ty)| ColumnDesc::new(name, *ty)).collect()
    })
}

/// The relation `TABLE(x)` reads; `coll` is None when only the columns are wanted (the
/// compile-time check).
pub fn relation(ttype: &TableType, coll: Option<&Collection>) -> Result<CollectionRows, OraError> {
    let columns = columns(ttype)?;
    let rows = match coll {
        Some(c) if !c.shape.null => c.map.values().cloned().collect(),
        _ => Vec::new(),
    };
    Ok(CollectionRows { columns, rows: Rc::new(rows) })
}
