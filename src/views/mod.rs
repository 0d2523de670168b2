//! The dynamic-view layer: V$SESSION and friends, read live from the session registry.
//!
//! Each view is declared by a file under the top-level `views/` directory (columns, types,
//! one-line meanings); [`catalog`] turns those files into [`ViewDef`]s at startup, and a
//! producer function in this module fills rows straight from the live session states.

use std::sync::Arc;

use crate::db::Database;
use crate::error::{OraError, TABLE_NOT_FOUND};
use crate::ora;
use crate::session::SessionCell;
use crate::sql::ast::ObjectName;
use crate::value::{ColumnDesc, Row};

/// Fills a view's rows. `needed[i]` says whether column i is used by the query; a producer may
/// leave unneeded columns NULL (that is what keeps a 10,000-row V$SESSION scan cheap).
pub type Producer = fn(&Database, &Arc<SessionCell>, &[bool]) -> Vec<Row>;

/// A view: name, columns, and its producer.
pub struct ViewDef {
    /// The view name, e.g. `V$SESSION`.
    pub name: String,
    /// What one row means.
    pub comment: String,
    /// The columns, in order.
    pub columns: Vec<ColumnDesc>,
    /// Whether reading it needs the DBA role, SELECT_CATALOG_ROLE or SELECT ANY DICTIONARY.
    pub dictionary: bool,
    /// The row producer.
    pub produce: Producer,
}

/// Resolves a view name for the current user: ORA-00942 if it does not exist or the user may
/// not see it (Oracle does not tell the two apart).
pub fn lookup(_db: &Database, _me: &Arc<SessionCell>, _name: &ObjectName) -> Result<&'static ViewDef, OraError> {
    Err(ora!(TABLE_NOT_FOUND))
}
