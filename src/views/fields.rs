//! Pairs a view's columns (from its `views/` file) with the fields its producer knows, once,
//! so producing a row is a walk over pre-resolved fields rather than name lookups.

use crate::value::{Row, Value};

/// Maps each column of `view` (in catalog order) to its field. A column with no field, or a
/// field with no column, is a defect caught by the catalog tests; it panics at first use.
pub fn resolve<F: Copy>(view: &str, columns: &[String], table: &[(&str, F)]) -> Vec<F> {
    assert_eq!(
        columns.len(),
        table.len(),
        "{view}: the views/ file and the producer disagree on the column count"
    );
    columns
        .iter()
        .map(|c| {
            table
                .iter()
                .find(|(n, _)| n == c)
                .map(|(_, f)| *f)
                .unwrap_or_else(|| panic!("{view}: column {c} has no producer field"))
        })
        .collect()
}

/// Builds one row: the value of each needed field, NULL for the others.
pub fn build<F: Copy>(fields: &[F], needed: &[bool], mut value: impl FnMut(F) -> Value) -> Row {
    fields.iter().zip(needed).map(|(f, n)| if *n { value(*f) } else { Value::Null }).collect()
}
