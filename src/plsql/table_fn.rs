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

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::{columns, relation};
    use crate::plsql::collections::{CollKind, Shape};
    use crate::plsql::interp::{Collection, Key};
    use crate::plsql::ir::{RecordType, TableType};
    use crate::sql::ast::{Statement, TableRef};
    use crate::value::{SqlType, Value};
    use crate::{Config, ConnectOptions, Engine};

    fn table_type(fields: &[(&str, SqlType)], kind: CollKind, string_keys: bool) -> TableType {
        let fields: Vec<_> = fields.iter().map(|(n, t)| (n.to_string(), *t)).collect();
        TableType {
            scalar: fields.len() == 1 && fields[0].0.is_empty(),
            elem: Rc::new(RecordType { fields }),
            string_keys,
            kind,
        }
    }

    #[test]
    fn scalar_elements_are_column_value_and_records_their_fields() {
        let nested = table_type(&[("", SqlType::NUMBER)], CollKind::Nested, false);
        let cols = columns(&nested).unwrap();
        assert_eq!(cols.len(), 1);
        assert_eq!(cols[0].name, "COLUMN_VALUE");
        let rec = table_type(
            &[("ID", SqlType::NUMBER), ("LABEL", SqlType::Varchar2(20))],
            CollKind::Varray(5),
            false,
        );
        let names: Vec<_> = columns(&rec).unwrap().into_iter().map(|c| c.name).collect();
        assert_eq!(names, ["ID", "LABEL"]);
    }

    #[test]
    fn string_keyed_arrays_are_not_nested_table_items() {
        let map = table_type(&[("", SqlType::NUMBER)], CollKind::Assoc, true);
        assert_eq!(columns(&map).unwrap_err().sqlcode(), -22905);
        let by_int = table_type(&[("", SqlType::NUMBER)], CollKind::Assoc, false);
        assert!(columns(&by_int).is_ok());
    }

    #[test]
    fn null_collection_has_no_rows_and_elements_come_in_index_order() {
        let t = table_type(&[("", SqlType::NUMBER)], CollKind::Nested, false);
        let mut c = Collection {
            shape: Shape { kind: CollKind::Nested, null: true, size: 0 },
            ..Collection::default()
        };
        c.map.insert(Key::Int(2), vec![Value::int(20)]);
        c.map.insert(Key::Int(1), vec![Value::int(10)]);
        assert!(relation(&t, Some(&c)).unwrap().rows.is_empty());
        c.shape.null = false;
        let rows = relation(&t, Some(&c)).unwrap().rows;
        assert_eq!(*rows, vec![vec![Value::int(10)], vec![Value::int(20)]]);
        assert!(relation(&t, None).unwrap().rows.is_empty());
    }

    #[test]
    fn table_of_an_expression_parses_as_a_collection_entry() {
        let Statement::Query(q) =
            crate::sql::parse("SELECT x.column_value FROM t, TABLE(l_ids) x").unwrap()
        else {
            panic!()
        };
        let crate::sql::ast::QueryBody::Select(s) = &q.body else { panic!() };
        let TableRef::Collection { alias: Some(a), .. } = &s.from[1] else { panic!("{s:?}") };
        assert_eq!(a.name, "X");
    }

    /// The rows are read when the statement runs, not when the block compiles.
    #[test]
    fn statements_see_the_collection_as_it_is_when_they_run() {
        let engine = Engine::new(Config::default());
        let sys = engine.connect(&ConnectOptions::new("system", "manager")).unwrap();
        sys.set_serveroutput(true);
        sys.execute("CREATE TABLE nums (n NUMBER)").unwrap();
        sys.execute(
            "DECLARE
               TYPE t IS TABLE OF NUMBER;
               l t := t(1, 2, 3);
               c NUMBER;
             BEGIN
               INSERT INTO nums SELECT column_value * 10 FROM TABLE(l);
               l.TRIM;
               l(1) := 30;
               UPDATE nums SET n = -n WHERE n IN (SELECT column_value FROM TABLE(l));
               SELECT COUNT(*) INTO c FROM nums WHERE n < 0;
               DBMS_OUTPUT.PUT_LINE(c);
             END;",
        )
        .unwrap();
        assert_eq!(sys.take_output(), ["1"]);
    }
}
