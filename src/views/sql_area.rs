//! V$SQL and V$SQLAREA, from the library cache (`library_cache`): one row per statement text,
//! the sessions running it counted from the session registry when the query asks for
//! USERS_EXECUTING.

use std::collections::HashMap;
use std::sync::Arc;

use super::Producer;
use super::fields::{build, resolve};
use super::sessions::date_at;
use crate::clock::Clock;
use crate::db::Database;
use crate::library_cache::SqlArea;
use crate::session::Status;
use crate::value::{Value, format_iso_datetime};

/// The producer of `view`, if it is one of this module's. Both are dictionary views.
pub fn producer(view: &str, columns: &[String]) -> Option<(Producer, bool)> {
    let table = match view {
        "V$SQL" => SQL_FIELDS,
        "V$SQLAREA" => SQLAREA_FIELDS,
        _ => return None,
    };
    let fields = resolve(view, columns, table);
    let wants_users = fields.iter().zip(0..).map(|(f, i)| (*f, i));
    let users_at: Vec<usize> =
        wants_users.filter(|(f, _)| matches!(f, Q::UsersExecuting)).map(|(_, i)| i).collect();
    let produce: Producer = Box::new(move |db, _me, scan| {
        let executing =
            if users_at.iter().any(|&i| scan.needed[i]) { executing(db) } else { HashMap::new() };
        db.library
            .areas()
            .iter()
            .map(|a| build(&fields, scan.needed, |f| value(&db.clock, a, &executing, f)))
            .collect()
    });
    Some((produce, true))
}

/// Per SQL_ID, the sessions running it now.
fn executing(db: &Database) -> HashMap<Arc<str>, i64> {
    let mut out = HashMap::new();
    db.sessions.for_each(|cell| {
        let st = cell.lock();
        if st.status == Status::Active
            && let Some(id) = &st.call.sql_id
        {
            *out.entry(id.clone()).or_insert(0) += 1;
        }
    });
    out
}

#[derive(Clone, Copy)]
enum Q {
    Text,
    FullText,
    SqlId,
    Zero,
    One,
    Executions,
    UsersExecuting,
    FirstLoadTime,
    CommandType,
    ParsingSchema,
    LastActiveTime,
}

const SQL_FIELDS: &[(&str, Q)] = &[
    ("SQL_TEXT", Q::Text),
    ("SQL_FULLTEXT", Q::FullText),
    ("SQL_ID", Q::SqlId),
    ("CHILD_NUMBER", Q::Zero),
    ("EXECUTIONS", Q::Executions),
    ("USERS_EXECUTING", Q::UsersExecuting),
    ("LOADS", Q::One),
    ("FIRST_LOAD_TIME", Q::FirstLoadTime),
    ("PARSE_CALLS", Q::Executions),
    ("COMMAND_TYPE", Q::CommandType),
    ("PARSING_SCHEMA_NAME", Q::ParsingSchema),
    ("LAST_ACTIVE_TIME", Q::LastActiveTime),
    ("CON_ID", Q::Zero),
];

const SQLAREA_FIELDS: &[(&str, Q)] = &[
    ("SQL_TEXT", Q::Text),
    ("SQL_FULLTEXT", Q::FullText),
    ("SQL_ID", Q::SqlId),
    ("VERSION_COUNT", Q::One),
    ("EXECUTIONS", Q::Executions),
    ("USERS_EXECUTING", Q::UsersExecuting),
    ("LOADS", Q::One),
    ("FIRST_LOAD_TIME", Q::FirstLoadTime),
    ("PARSE_CALLS", Q::Executions),
    ("COMMAND_TYPE", Q::CommandType),
    ("PARSING_SCHEMA_NAME", Q::ParsingSchema),
    ("LAST_ACTIVE_TIME", Q::LastActiveTime),
    ("CON_ID", Q::Zero),
];

/// The first `n` characters of `text`.
fn cut(text: &str, n: usize) -> Value {
    Value::text(text.chars().take(n).collect::<String>())
}

fn value(clock: &Clock, a: &SqlArea, executing: &HashMap<Arc<str>, i64>, f: Q) -> Value {
    match f {
        Q::Text => cut(&a.text, 1000),
        Q::FullText => cut(&a.text, 4000),
        Q::SqlId => Value::text(&a.sql_id),
        Q::Zero => Value::int(0),
        Q::One => Value::int(1),
        Q::Executions => Value::int(a.executions as i64),
        Q::UsersExecuting => Value::int(executing.get(&a.sql_id).copied().unwrap_or(0)),
        Q::FirstLoadTime => Value::text(format_iso_datetime(&clock.datetime_at(a.first_load), '/')),
        Q::CommandType => Value::int(a.command as i64),
        Q::ParsingSchema => Value::text(&a.parsing_schema),
        Q::LastActiveTime => date_at(clock, a.last_active),
    }
}
