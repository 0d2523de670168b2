//! What a call returns when it succeeds: rows, a row count, or a confirmation. The script
//! runner prints these as SQL*Plus does; the wire server turns them into command tags.

use std::fmt;

use crate::value::{ColumnDesc, Row};

/// The result of one successful call.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A query's rows.
    Rows(ResultSet),
    /// A DML statement and the number of rows it touched.
    Affected {
        /// Which verb.
        verb: Dml,
        /// How many rows.
        count: u64,
    },
    /// Any other statement.
    Done(Done),
}

/// A query result.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResultSet {
    /// Column headings and types.
    pub columns: Vec<ColumnDesc>,
    /// The rows.
    pub rows: Vec<Row>,
}

/// DML verbs (SQL*Plus: `1 row created.`, `2 rows updated.`, `0 rows deleted.`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dml {
    /// INSERT.
    Insert,
    /// UPDATE.
    Update,
    /// DELETE.
    Delete,
    /// MERGE.
    Merge,
}

impl Dml {
    /// The participle SQL*Plus prints.
    pub fn participle(self) -> &'static str {
        match self {
            Dml::Insert => "created",
            Dml::Update => "updated",
            Dml::Delete => "deleted",
            Dml::Merge => "merged",
        }
    }
}

/// Confirmations of statements that return no rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    /// ALTER SYSTEM.
    SystemAltered,
    /// ALTER SESSION.
    SessionAltered,
    /// CREATE of an object kind (`User`, `Table`, `Role`, `Procedure`...).
    Created(&'static str),
    /// CREATE PROCEDURE / FUNCTION that stored the unit with compilation errors.
    CreatedWithErrors(&'static str),
    /// ALTER of an object kind.
    Altered(&'static str),
    /// DROP of an object kind.
    Dropped(&'static str),
    /// TRUNCATE TABLE.
    Truncated,
    /// GRANT.
    Granted,
    /// REVOKE.
    Revoked,
    /// An anonymous block or EXEC.
    PlsqlCompleted,
    /// CALL.
    CallCompleted,
    /// COMMIT.
    Committed,
    /// ROLLBACK or ROLLBACK TO.
    RolledBack,
    /// SAVEPOINT.
    SavepointCreated,
    /// LOCK TABLE.
    Locked,
    /// A CockroachDB statement's command tag (`CANCEL SESSIONS 1`, `PAUSE JOBS 0`, `BACKUP`),
    /// printed as is by the runner and sent as the tag over the wire.
    Tag(String),
}

impl fmt::Display for Done {
    /// The SQL*Plus confirmation text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Done::SystemAltered => write!(f, "System altered."),
            Done::SessionAltered => write!(f, "Session altered."),
            Done::Created(k) => write!(f, "{k} created."),
            Done::CreatedWithErrors(k) => {
                write!(f, "Warning: {k} created with compilation errors.")
            }
            Done::Altered(k) => write!(f, "{k} altered."),
            Done::Dropped(k) => write!(f, "{k} dropped."),
            Done::Truncated => write!(f, "Table truncated."),
            Done::Granted => write!(f, "Grant succeeded."),
            Done::Revoked => write!(f, "Revoke succeeded."),
            Done::PlsqlCompleted => write!(f, "PL/SQL procedure successfully completed."),
            Done::CallCompleted => write!(f, "Call completed."),
            Done::Committed => write!(f, "Commit complete."),
            Done::RolledBack => write!(f, "Rollback complete."),
            Done::SavepointCreated => write!(f, "Savepoint created."),
            Done::Locked => write!(f, "Table(s) Locked."),
            Done::Tag(tag) => write!(f, "{tag}"),
        }
    }
}
