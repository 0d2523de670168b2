//! DBA_OBJECTS, USER_TABLES, ALL_TABLES and USER_TAB_COLUMNS, from the storage catalog.
//! USER_ views show the calling user's own tables; ALL_TABLES those it may read (its own, or
//! every table with SELECT ANY TABLE); DBA_OBJECTS every table.

use std::sync::Arc;

use super::Producer;
use super::fields::{build, resolve};
use super::sessions::date_at;
use crate::db::Database;
use crate::session::SysPriv;
use crate::storage::{Column, Table};
use crate::value::{Row, SqlType, Value};

/// The producer of `view`, if it is one of this module's.
pub fn producer(view: &str, columns: &[String]) -> Option<(Producer, bool)> {
    let produce: Producer = match view {
        "DBA_OBJECTS" | "USER_TABLES" | "ALL_TABLES" => {
            let fields = resolve(view, columns, table_fields(view));
            let scope = Scope::of(view);
            Box::new(move |db, me, scan| {
                let user = me.username();
                let any = scope == Scope::Dba || db.users.has(user, SysPriv::SELECT_ANY_TABLE);
                db.storage
                    .tables()
                    .iter()
                    .filter(|t| &*t.owner == user || (scope != Scope::User && any))
                    .map(|t| build(&fields, scan.needed, |f| table_value(db, t, f)))
                    .collect()
            })
        }
        "USER_TAB_COLUMNS" => {
            let fields = resolve(view, columns, COLUMN_FIELDS);
            Box::new(move |db, me, scan| {
                let user = me.username();
                let tables = db.storage.tables();
                let mine = tables.iter().filter(|t| &*t.owner == user);
                mine.flat_map(|t| column_rows(t, &fields, scan.needed)).collect()
            })
        }
        _ => return None,
    };
    Some((produce, view.starts_with("DBA_")))
}

/// Which tables a view lists: the user's own, those it may read, or all.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    User,
    All,
    Dba,
}

impl Scope {
    fn of(view: &str) -> Scope {
        match view.split('_').next() {
            Some("USER") => Scope::User,
            Some("ALL") => Scope::All,
            _ => Scope::Dba,
        }
    }
}

#[derive(Clone, Copy)]
enum F {
    Owner,
    Name,
    Id,
    Fixed(&'static str),
    Created,
    Rows,
}

fn table_fields(view: &str) -> &'static [(&'static str, F)] {
    match view {
        "DBA_OBJECTS" => &[
            ("OWNER", F::Owner),
            ("OBJECT_NAME", F::Name),
            ("OBJECT_ID", F::Id),
            ("DATA_OBJECT_ID", F::Id),
            ("OBJECT_TYPE", F::Fixed("TABLE")),
            ("CREATED", F::Created),
            ("LAST_DDL_TIME", F::Created),
            ("STATUS", F::Fixed("VALID")),
        ],
        "USER_TABLES" => &[
            ("TABLE_NAME", F::Name),
            ("TABLESPACE_NAME", F::Fixed("USERS")),
            ("NUM_ROWS", F::Rows),
            ("STATUS", F::Fixed("VALID")),
        ],
        _ => &[
            ("OWNER", F::Owner),
            ("TABLE_NAME", F::Name),
            ("TABLESPACE_NAME", F::Fixed("USERS")),
            ("NUM_ROWS", F::Rows),
            ("STATUS", F::Fixed("VALID")),
        ],
    }
}

/// A reader SID no session has: sees committed rows only.
const NOBODY: u32 = u32::MAX;

fn table_value(db: &Database, t: &Arc<Table>, f: F) -> Value {
    match f {
        F::Owner => Value::text(&*t.owner),
        F::Name => Value::text(&*t.name),
        F::Id => Value::int(t.id as i64),
        F::Fixed(s) => Value::text(s),
        F::Created => date_at(&db.clock, t.created),
        F::Rows => Value::int(db.storage.scan(NOBODY, t).len() as i64),
    }
}

#[derive(Clone, Copy)]
enum C {
    Table,
    Name,
    Type,
    Length,
    Precision,
    Scale,
    Nullable,
    Id,
    Default,
}

const COLUMN_FIELDS: &[(&str, C)] = &[
    ("TABLE_NAME", C::Table),
    ("COLUMN_NAME", C::Name),
    ("DATA_TYPE", C::Type),
    ("DATA_LENGTH", C::Length),
    ("DATA_PRECISION", C::Precision),
    ("DATA_SCALE", C::Scale),
    ("NULLABLE", C::Nullable),
    ("COLUMN_ID", C::Id),
    ("DATA_DEFAULT", C::Default),
];

fn column_rows(t: &Table, fields: &[C], needed: &[bool]) -> Vec<Row> {
    let cols = t.columns.iter().enumerate();
    cols.map(|(i, c)| build(fields, needed, |f| column_value(t, i, c, f))).collect()
}

fn column_value(t: &Table, i: usize, c: &Column, f: C) -> Value {
    let opt = |v: Option<i64>| v.map_or(Value::Null, Value::int);
    match f {
        C::Table => Value::text(&*t.name),
        C::Name => Value::text(&*c.name),
        C::Type => Value::text(type_name(c.ty)),
        C::Length => Value::int(data_length(c.ty)),
        C::Precision => opt(match c.ty {
            SqlType::Number { precision, .. } => precision.map(i64::from),
            _ => None,
        }),
        C::Scale => opt(match c.ty {
            SqlType::Number { precision: Some(_), scale } => Some(scale.map_or(0, i64::from)),
            _ => None,
        }),
        C::Nullable => Value::text(if c.not_null { "N" } else { "Y" }),
        C::Id => Value::int(i as i64 + 1),
        C::Default => Value::opt_text(c.default.as_deref()),
    }
}

/// DATA_TYPE as Oracle spells it.
fn type_name(ty: SqlType) -> &'static str {
    match ty {
        SqlType::Number { .. } => "NUMBER",
        SqlType::Varchar2(_) => "VARCHAR2",
        SqlType::Char(_) => "CHAR",
        SqlType::Raw(_) => "RAW",
        SqlType::Date => "DATE",
        SqlType::Timestamp => "TIMESTAMP(6)",
        SqlType::Boolean => "BOOLEAN",
    }
}

/// DATA_LENGTH in bytes.
fn data_length(ty: SqlType) -> i64 {
    match ty {
        SqlType::Number { .. } => 22,
        SqlType::Varchar2(n) | SqlType::Char(n) | SqlType::Raw(n) => n as i64,
        SqlType::Date => 7,
        SqlType::Timestamp => 11,
        SqlType::Boolean => 1,
    }
}
