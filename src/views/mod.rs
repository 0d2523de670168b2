//! The dynamic-view layer: V$SESSION and friends, read live from the session registry.
//!
//! Each view is declared by a file under the top-level `views/` directory (a CREATE TABLE with
//! a `-- meaning` after each column); [`catalog`] parses those files with the engine's own
//! parser at first use and pairs each with a producer in this module. A producer reads the live
//! session states under short locks and fills only the columns the query needs. Every `V$` view
//! also gets its `GV$` twin with `INST_ID` (always 1) as the first column.

pub mod catalog;
mod crdb_sessions;
mod fields;
mod instance;
mod jobs;
mod locks;
mod plsql;
mod services;
mod sessions;
mod sql_area;
mod statistics;
mod tables;
mod users;

use std::sync::Arc;

use crate::db::Database;
use crate::error::{OraError, TABLE_NOT_FOUND};
use crate::ora;
use crate::session::{SessionCell, SysPriv};
use crate::sql::ast::ObjectName;
use crate::value::{ColumnDesc, Row, Value};

/// What a query asks of a view scan.
#[derive(Debug, Clone, Copy)]
pub struct Scan<'a> {
    /// `needed[i]`: column i is used by the query; a producer may leave the others NULL.
    pub needed: &'a [bool],
    /// `column = constant` conditions of the query's WHERE: a producer may skip rows that
    /// fail them before building them (the query still tests every condition).
    pub equals: &'a [(usize, Value)],
}

impl Scan<'_> {
    /// A scan of every column and row (tests, tools).
    pub fn all(needed: &[bool]) -> Scan<'_> {
        Scan { needed, equals: &[] }
    }

    /// True if `row` passes the `equals` conditions.
    pub fn keeps(&self, row: &[Value]) -> bool {
        self.equals.iter().all(|(c, v)| row.get(*c).is_some_and(|x| !x.is_null() && x == v))
    }
}

/// Fills a view's rows for a [`Scan`]: only the needed columns have to be filled, and rows
/// failing the scan's `equals` may be left out. Filling only what is asked is what keeps a
/// 10,000-row V$SESSION scan cheap.
pub type Producer = Box<dyn Fn(&Database, &Arc<SessionCell>, &Scan<'_>) -> Vec<Row> + Send + Sync>;

/// A view: name, columns, and its producer.
pub struct ViewDef {
    /// The view name, e.g. `V$SESSION`.
    pub name: String,
    /// What one row means (the file's leading comment).
    pub comment: String,
    /// The columns, in order.
    pub columns: Vec<ColumnDesc>,
    /// One line of meaning per column.
    pub meanings: Vec<String>,
    /// Whether reading it needs the DBA role, SELECT_CATALOG_ROLE or SELECT ANY DICTIONARY.
    pub dictionary: bool,
    /// The row producer.
    pub produce: Producer,
}

/// Resolves a view name for the current user: ORA-00942 if it does not exist or the user may
/// not see it (Oracle does not tell the two apart). `SYS.` and `PUBLIC.` prefixes are accepted,
/// as the public synonyms allow.
pub fn lookup(
    db: &Database,
    me: &Arc<SessionCell>,
    name: &ObjectName,
) -> Result<&'static ViewDef, OraError> {
    let not_found = || ora!(TABLE_NOT_FOUND).at(name.pos());
    let qualified;
    let object = match name.parts.as_slice() {
        [one] => &one.name,
        [schema, one] if schema.name == "SYS" || schema.name == "PUBLIC" => &one.name,
        [schema, one] if catalog::VIRTUAL_SCHEMAS.contains(&schema.name.as_str()) => {
            qualified = format!("{}.{}", schema.name, one.name);
            &qualified
        }
        _ => return Err(not_found()),
    };
    let view = catalog::get(object).ok_or_else(not_found)?;
    if view.dictionary && !db.users.has(me.username(), SysPriv::SELECT_ANY_DICTIONARY) {
        return Err(not_found());
    }
    Ok(view)
}
