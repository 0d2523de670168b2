//! The table catalog: which tables exist, in which schema, with which columns and unique
//! constraints, and the type rules every written value passes through (ORA-01400, ORA-12899,
//! ORA-01438, CHAR blank-padding, NUMBER rounding).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use indexmap::IndexMap;
use parking_lot::Mutex;
use rust_decimal::Decimal;

use super::table::TableData;
use crate::error::{
    CANNOT_INSERT_NULL, CANNOT_UPDATE_TO_NULL, DUPLICATE_COLUMN_NAME, INCONSISTENT_DATATYPES,
    LITERAL_DOES_NOT_MATCH_FORMAT, NAME_ALREADY_USED, NOT_ENOUGH_VALUES, OraError,
    PRECISION_EXCEEDED, TABLE_NOT_FOUND, TOO_MANY_VALUES, VALUE_TOO_LARGE,
};
use crate::ora;
use crate::value::{Row, SqlType, Value};

/// The first object id handed out (OBJECT_ID = DATA_OBJECT_ID, V$LOCK TM ID1, ROW_WAIT_OBJ#).
pub const FIRST_OBJECT_ID: u64 = 73000;
/// The number of the first system-named constraint, `SYS_C007100`.
pub const FIRST_CONSTRAINT_NUMBER: u32 = 7100;

/// A column as CREATE TABLE declares it.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnSpec {
    /// Column name (normalised: upper-case unless quoted).
    pub name: Arc<str>,
    /// Declared type.
    pub ty: SqlType,
    /// NOT NULL (PRIMARY KEY columns are NOT NULL whatever this says).
    pub not_null: bool,
    /// The DEFAULT expression as SQL text (USER_TAB_COLUMNS.DATA_DEFAULT). Storage never
    /// evaluates it: the caller parses and evaluates it for every INSERT that omits the
    /// column (so `DEFAULT SYSDATE` is evaluated per row, as in Oracle).
    pub default: Option<Arc<str>>,
}

/// PRIMARY KEY or UNIQUE.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConstraintKind {
    /// PRIMARY KEY: unique, and its columns are NOT NULL.
    PrimaryKey,
    /// UNIQUE: rows whose key columns are all NULL are not checked.
    Unique,
}

/// A PRIMARY KEY or UNIQUE constraint as CREATE TABLE declares it.
#[derive(Debug, Clone, PartialEq)]
pub struct ConstraintSpec {
    /// The name given with `CONSTRAINT name`, or None for a system name `SYS_Cnnnnnn`.
    pub name: Option<Arc<str>>,
    /// Kind.
    pub kind: ConstraintKind,
    /// The key columns, by name.
    pub columns: Vec<Arc<str>>,
}

/// A column of an existing table.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Name.
    pub name: Arc<str>,
    /// Type.
    pub ty: SqlType,
    /// NULLABLE = 'N'.
    pub not_null: bool,
    /// DATA_DEFAULT text.
    pub default: Option<Arc<str>>,
}

/// A unique constraint of an existing table.
#[derive(Debug, Clone, PartialEq)]
pub struct Constraint {
    /// CONSTRAINT_NAME (`SYS_C007100` when system-named).
    pub name: Arc<str>,
    /// Kind.
    pub kind: ConstraintKind,
    /// Positions of the key columns.
    pub columns: Vec<usize>,
}

/// One table: its definition (fixed for its life) and its rows behind their own mutex.
pub struct Table {
    /// OBJECT_ID (= DATA_OBJECT_ID).
    pub id: u64,
    /// OWNER.
    pub owner: Arc<str>,
    /// TABLE_NAME.
    pub name: Arc<str>,
    /// Columns in order (COLUMN_ID = index + 1).
    pub columns: Vec<Column>,
    /// PRIMARY KEY and UNIQUE constraints; each has a unique index in the table's data.
    pub constraints: Vec<Constraint>,
    /// Engine time of CREATE TABLE (DBA_OBJECTS.CREATED, LAST_DDL_TIME).
    pub created: Duration,
    pub(super) data: Mutex<TableData>,
    pub(super) dropped: AtomicBool,
    /// CockroachDB's OFFLINE descriptor state, with its reason (`importing`, `restoring`):
    /// a job is loading the table, and statements may not use it until the job is over.
    pub(super) offline: Mutex<Option<&'static str>>,
}

impl std::fmt::Debug for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Table({}.{} #{})", self.owner, self.name, self.id)
    }
}

impl Table {
    /// True once DROP TABLE removed it (DML through an old handle gets ORA-00942).
    pub fn is_dropped(&self) -> bool {
        self.dropped.load(Ordering::Acquire)
    }

    /// Why the table is offline (the job working on it), if it is.
    pub fn offline_reason(&self) -> Option<&'static str> {
        *self.offline.lock()
    }

    /// Takes the table offline for a job (`Some(reason)`) or brings it back (`None`).
    pub fn set_offline(&self, reason: Option<&'static str>) {
        *self.offline.lock() = reason;
    }

    /// The position of a column.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| &*c.name == name)
    }

    /// Checks and converts a row for writing: length, precision, NOT NULL, CHAR padding.
    /// `update` picks ORA-01407 over ORA-01400 for NULL into a NOT NULL column.
    pub fn coerce(&self, row: Row, update: bool) -> Result<Row, OraError> {
        match row.len().cmp(&self.columns.len()) {
            std::cmp::Ordering::Less => return Err(ora!(NOT_ENOUGH_VALUES)),
            std::cmp::Ordering::Greater => return Err(ora!(TOO_MANY_VALUES)),
            std::cmp::Ordering::Equal => {}
        }
        row.into_iter().zip(&self.columns).map(|(v, c)| self.coerce_value(v, c, update)).collect()
    }

    fn coerce_value(&self, v: Value, col: &Column, update: bool) -> Result<Value, OraError> {
        let v = coerce_to_type(v, col.ty).map_err(|e| self.column_error(e, col))?;
        if v.is_null() && col.not_null {
            let code = if update { CANNOT_UPDATE_TO_NULL } else { CANNOT_INSERT_NULL };
            return Err(ora!(code, "{}", self.quoted(col)));
        }
        Ok(v)
    }

    /// `"SCOTT"."T"."NAME"`, as Oracle names a column in error messages.
    fn quoted(&self, col: &Column) -> String {
        format!("\"{}\".\"{}\".\"{}\"", self.owner, self.name, col.name)
    }

    fn column_error(&self, e: TypeError, col: &Column) -> OraError {
        match e {
            TypeError::TooLong { actual, max } => {
                ora!(VALUE_TOO_LARGE, "{}\u{1}{actual}\u{1}{max}", self.quoted(col))
            }
            TypeError::Ora(e) => e,
        }
    }
}

/// Why a value does not fit a type.
enum TypeError {
    TooLong { actual: usize, max: u32 },
    Ora(OraError),
}

impl From<OraError> for TypeError {
    fn from(e: OraError) -> Self {
        TypeError::Ora(e)
    }
}

/// Converts a value to a column type as Oracle's implicit conversion on INSERT/UPDATE does.
fn coerce_to_type(v: Value, ty: SqlType) -> Result<Value, TypeError> {
    if v.is_null() {
        return Ok(Value::Null);
    }
    match ty {
        SqlType::Number { precision, scale } => {
            let Some(d) = v.to_number()? else { return Ok(Value::Null) };
            Ok(Value::Number(fit_number(d, precision, scale)?))
        }
        SqlType::Varchar2(max) => {
            let v = as_text(v);
            check_len(text_len(&v), max)?;
            Ok(v)
        }
        SqlType::Char(max) => {
            let v = as_text(v);
            let len = text_len(&v);
            check_len(len, max)?;
            if len == max as usize {
                return Ok(v);
            }
            Ok(Value::text(format!("{:<width$}", text_of(&v), width = max as usize)))
        }
        SqlType::Raw(max) => {
            let s = text_of(&v);
            check_len(s.len().div_ceil(2), max)?;
            Ok(Value::text(s))
        }
        SqlType::Date | SqlType::Timestamp => match v {
            Value::Date(d) | Value::Timestamp(d) if ty == SqlType::Date => {
                Ok(Value::Date(d.replace_nanosecond(0).unwrap_or(d)))
            }
            Value::Date(d) | Value::Timestamp(d) => Ok(Value::Timestamp(d)),
            Value::Text(_) => Err(ora!(LITERAL_DOES_NOT_MATCH_FORMAT).into()),
            other => Err(ora!(INCONSISTENT_DATATYPES, "DATE\u{1}{}", type_name(&other)).into()),
        },
        SqlType::Boolean => match v {
            Value::Bool(_) => Ok(v),
            other => Err(ora!(INCONSISTENT_DATATYPES, "BOOLEAN\u{1}{}", type_name(&other)).into()),
        },
    }
}

fn text_of(v: &Value) -> String {
    v.to_text().unwrap_or_default()
}

/// The value as a Text value, reusing the string when it already is one.
fn as_text(v: Value) -> Value {
    match v {
        Value::Text(_) => v,
        other => Value::text(text_of(&other)),
    }
}

/// Length in bytes (NLS_LENGTH_SEMANTICS = BYTE).
fn text_len(v: &Value) -> usize {
    match v {
        Value::Text(s) => s.len(),
        _ => 0,
    }
}

fn check_len(actual: usize, max: u32) -> Result<(), TypeError> {
    if actual > max as usize { Err(TypeError::TooLong { actual, max }) } else { Ok(()) }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "NULL",
        Value::Number(_) => "NUMBER",
        Value::Text(_) => "CHAR",
        Value::Date(_) => "DATE",
        Value::Timestamp(_) => "TIMESTAMP",
        Value::Bool(_) => "BOOLEAN",
    }
}

/// Rounds to the scale and checks the precision of NUMBER(p,s): NUMBER(p) is NUMBER(p,0),
/// a negative scale rounds to the left of the point, and more than p-s integer digits is
/// ORA-01438.
fn fit_number(d: Decimal, precision: Option<u8>, scale: Option<i8>) -> Result<Decimal, OraError> {
    let Some(p) = precision else {
        return Ok(d);
    };
    let s = scale.unwrap_or(0);
    let rounded = if s >= 0 {
        d.round_dp_with_strategy(s as u32, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    } else {
        let unit = pow10(-(s as i32)).unwrap_or(Decimal::MAX);
        let units = (d / unit)
            .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        units.checked_mul(unit).ok_or_else(|| ora!(PRECISION_EXCEEDED))?
    };
    match pow10(p as i32 - s as i32) {
        Some(limit) if rounded.abs() >= limit => Err(ora!(PRECISION_EXCEEDED)),
        _ => Ok(rounded),
    }
}

/// 10^n if it fits a Decimal (n in 0..=28), None otherwise.
fn pow10(n: i32) -> Option<Decimal> {
    if !(0..=28).contains(&n) {
        return None;
    }
    Some(Decimal::from_i128_with_scale(10i128.pow(n as u32), 0))
}

/// Every table of the database, by (owner, name).
#[derive(Default)]
pub(super) struct Catalog {
    pub(super) tables: IndexMap<(Arc<str>, Arc<str>), Arc<Table>>,
    next_object: u64,
    next_constraint: u32,
}

impl Catalog {
    /// Looks a table up (ORA-00942).
    pub(super) fn get(&self, owner: &str, name: &str) -> Result<Arc<Table>, OraError> {
        self.tables
            .get(&(Arc::from(owner), Arc::from(name)))
            .cloned()
            .ok_or_else(|| ora!(TABLE_NOT_FOUND))
    }

    /// Builds and registers a table (ORA-00955 if the name is taken, ORA-00904 for a
    /// constraint naming an unknown column).
    pub(super) fn create(
        &mut self,
        owner: &str,
        name: &str,
        columns: Vec<ColumnSpec>,
        constraints: Vec<ConstraintSpec>,
        now: Duration,
    ) -> Result<Arc<Table>, OraError> {
        let key = (Arc::from(owner), Arc::from(name));
        if self.tables.contains_key(&key) {
            return Err(ora!(NAME_ALREADY_USED));
        }
        if columns.iter().enumerate().any(|(i, c)| columns[..i].iter().any(|d| d.name == c.name)) {
            return Err(ora!(DUPLICATE_COLUMN_NAME));
        }
        let mut cols: Vec<Column> = columns
            .into_iter()
            .map(|c| Column { name: c.name, ty: c.ty, not_null: c.not_null, default: c.default })
            .collect();
        let mut cons = Vec::with_capacity(constraints.len());
        for spec in constraints {
            let positions = spec
                .columns
                .iter()
                .map(|n| {
                    cols.iter()
                        .position(|c| c.name == *n)
                        .ok_or_else(|| ora!(crate::error::INVALID_IDENTIFIER, "\"{n}\""))
                })
                .collect::<Result<Vec<_>, _>>()?;
            cons.push((spec.name, spec.kind, positions));
        }
        let cons = cons
            .into_iter()
            .map(|(name, kind, columns)| {
                if kind == ConstraintKind::PrimaryKey {
                    columns.iter().for_each(|&i| cols[i].not_null = true);
                }
                let name = name.unwrap_or_else(|| self.system_name());
                Constraint { name, kind, columns }
            })
            .collect::<Vec<_>>();
        let id = FIRST_OBJECT_ID + self.next_object;
        self.next_object += 1;
        let table = Arc::new(Table {
            id,
            owner: key.0.clone(),
            name: key.1.clone(),
            data: Mutex::new(TableData::new(cons.len())),
            columns: cols,
            constraints: cons,
            created: now,
            dropped: AtomicBool::new(false),
            offline: Mutex::new(None),
        });
        self.tables.insert(key, table.clone());
        Ok(table)
    }

    fn system_name(&mut self) -> Arc<str> {
        let n = FIRST_CONSTRAINT_NUMBER + self.next_constraint;
        self.next_constraint += 1;
        Arc::from(format!("SYS_C{n:06}"))
    }
}
