//! V$INSTANCE, V$DATABASE and DUAL: facts about the one instance this engine is.

use super::Producer;
use super::fields::{build, resolve};
use super::sessions::date_at;
use crate::db::Database;
use crate::value::Value;

/// The version this engine answers as.
pub const VERSION: &str = "19.0.0.0.0";

/// The producer of `view`, if it is one of this module's.
pub fn producer(view: &str, columns: &[String]) -> Option<(Producer, bool)> {
    match view {
        "V$INSTANCE" => {
            let fields = resolve(view, columns, INSTANCE_FIELDS);
            Some((
                Box::new(move |db, _me, scan| {
                    vec![build(&fields, scan.needed, |f| instance_value(db, f))]
                }),
                true,
            ))
        }
        "V$DATABASE" => {
            let fields = resolve(view, columns, DATABASE_FIELDS);
            Some((
                Box::new(move |db, _me, scan| {
                    vec![build(&fields, scan.needed, |f| database_value(db, f))]
                }),
                true,
            ))
        }
        "DUAL" => Some((Box::new(|_db, _me, _scan| vec![vec![Value::text("X")]]), false)),
        _ => None,
    }
}

#[derive(Clone, Copy)]
enum I {
    Number,
    Name,
    Host,
    Version,
    Startup,
    Fixed(&'static str),
    Thread,
    ConId,
}

const INSTANCE_FIELDS: &[(&str, I)] = &[
    ("INSTANCE_NUMBER", I::Number),
    ("INSTANCE_NAME", I::Name),
    ("HOST_NAME", I::Host),
    ("VERSION", I::Version),
    ("VERSION_FULL", I::Version),
    ("STARTUP_TIME", I::Startup),
    ("STATUS", I::Fixed("OPEN")),
    ("PARALLEL", I::Fixed("NO")),
    ("THREAD#", I::Thread),
    ("ARCHIVER", I::Fixed("STOPPED")),
    ("LOGINS", I::Fixed("ALLOWED")),
    ("SHUTDOWN_PENDING", I::Fixed("NO")),
    ("DATABASE_STATUS", I::Fixed("ACTIVE")),
    ("INSTANCE_ROLE", I::Fixed("PRIMARY_INSTANCE")),
    ("ACTIVE_STATE", I::Fixed("NORMAL")),
    ("BLOCKED", I::Fixed("NO")),
    ("EDITION", I::Fixed("EE")),
    ("CON_ID", I::ConId),
];

fn instance_value(db: &Database, f: I) -> Value {
    match f {
        I::Number | I::Thread => Value::int(1),
        I::Name => Value::text(db.config.db_name.to_lowercase()),
        I::Host => Value::text(&db.config.host_name),
        I::Version => Value::text(VERSION),
        I::Startup => date_at(&db.clock, db.started),
        I::Fixed(s) => Value::text(s),
        I::ConId => Value::int(0),
    }
}

#[derive(Clone, Copy)]
enum D {
    Dbid,
    Name,
    Created,
    Fixed(&'static str),
    ConId,
}

const DATABASE_FIELDS: &[(&str, D)] = &[
    ("DBID", D::Dbid),
    ("NAME", D::Name),
    ("CREATED", D::Created),
    ("LOG_MODE", D::Fixed("NOARCHIVELOG")),
    ("OPEN_MODE", D::Fixed("READ WRITE")),
    ("DATABASE_ROLE", D::Fixed("PRIMARY")),
    ("PLATFORM_NAME", D::Fixed("Linux x86 64-bit")),
    ("DB_UNIQUE_NAME", D::Name),
    ("CON_ID", D::ConId),
];

fn database_value(db: &Database, f: D) -> Value {
    match f {
        D::Dbid => Value::int(dbid(&db.config.db_name)),
        D::Name => Value::text(&db.config.db_name),
        D::Created => date_at(&db.clock, db.started),
        D::Fixed(s) => Value::text(s),
        D::ConId => Value::int(0),
    }
}

/// A stable DBID derived from the database name.
fn dbid(name: &str) -> i64 {
    name.bytes().fold(1_000_000_007i64, |h, b| (h * 31 + b as i64) % 4_294_967_291)
}
