//! USER_SOURCE, USER_PROCEDURES and USER_ERRORS, from the stored subprograms and user packages
//! of the current schema (`plsql::catalog`, `plsql::user_packages`).

use super::Producer;
use super::fields::{build, resolve};
use crate::plsql::user_packages::{StoredSource, all_sources};
use crate::value::{Row, Value};

#[derive(Clone, Copy)]
enum P {
    Name,
    Type,
    Line,
    Text,
    Zero,
    Null,
    No,
    Definer,
    Status,
    Sequence,
    Position,
    Error,
    MessageNumber,
}

/// One row's worth of facts: the unit, and for source lines and errors their sequence number,
/// line, position and text.
struct At<'a> {
    unit: &'a dyn StoredSource,
    sequence: usize,
    line: usize,
    position: usize,
    text: &'a str,
}

/// The producer of `view`, if it is one of this module's.
pub fn producer(view: &str, columns: &[String]) -> Option<(Producer, bool)> {
    let table: &[(&str, P)] = match view {
        "USER_SOURCE" => &[
            ("NAME", P::Name),
            ("TYPE", P::Type),
            ("LINE", P::Line),
            ("TEXT", P::Text),
            ("ORIGIN_CON_ID", P::Zero),
        ],
        "USER_PROCEDURES" => &[
            ("OBJECT_NAME", P::Name),
            ("PROCEDURE_NAME", P::Null),
            ("OBJECT_TYPE", P::Type),
            ("AGGREGATE", P::No),
            ("PIPELINED", P::No),
            ("PARALLEL", P::No),
            ("DETERMINISTIC", P::No),
            ("AUTHID", P::Definer),
            ("STATUS", P::Status),
        ],
        "USER_ERRORS" => &[
            ("NAME", P::Name),
            ("TYPE", P::Type),
            ("SEQUENCE", P::Sequence),
            ("LINE", P::Line),
            ("POSITION", P::Position),
            ("TEXT", P::Text),
            ("ATTRIBUTE", P::Error),
            ("MESSAGE_NUMBER", P::MessageNumber),
        ],
        _ => return None,
    };
    let fields = resolve(view, columns, table);
    let view = view.to_string();
    let produce: Producer = Box::new(move |db, me, scan| {
        let schema = me.lock().schema.to_string();
        let mut rows: Vec<Row> = Vec::new();
        let units = all_sources(db);
        // USER_PROCEDURES has a row per package, none per package body.
        let listed = |u: &&std::sync::Arc<dyn StoredSource>| {
            u.owner() == schema && !(view == "USER_PROCEDURES" && u.kind() == "PACKAGE BODY")
        };
        for unit in units.iter().filter(listed) {
            let unit = &**unit;
            let mut push = |sequence: usize, line: usize, position: usize, text: &str| {
                let at = At { unit, sequence, line, position, text };
                rows.push(build(&fields, scan.needed, |f| value(&at, f)));
            };
            match view.as_str() {
                "USER_SOURCE" => {
                    for (i, line) in unit.source().lines().enumerate() {
                        push(i + 1, i + 1, 0, line);
                    }
                }
                "USER_ERRORS" => {
                    for (i, (line, position, text)) in unit.errors().iter().enumerate() {
                        push(i + 1, *line, *position, text);
                    }
                }
                _ => push(1, 0, 0, ""),
            }
        }
        rows
    });
    Some((produce, false))
}

fn value(at: &At<'_>, f: P) -> Value {
    match f {
        P::Name => Value::text(at.unit.name()),
        P::Type => Value::text(at.unit.kind()),
        P::Line => Value::int(at.line as i64),
        P::Text => Value::text(at.text),
        P::Zero => Value::int(0),
        P::Null => Value::Null,
        P::No => Value::text("NO"),
        P::Definer => Value::text("DEFINER"),
        P::Status => Value::text(if at.unit.errors().is_empty() { "VALID" } else { "INVALID" }),
        P::Sequence => Value::int(at.sequence as i64),
        P::Position => Value::int(at.position as i64),
        P::Error => Value::text("ERROR"),
        P::MessageNumber => Value::int(message_number(at.text)),
    }
}

/// The number of a `PLS-00201: ...` message; 0 for `PL/SQL: Statement ignored`.
fn message_number(text: &str) -> i64 {
    text.strip_prefix("PLS-")
        .and_then(|r| r.split(':').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}
