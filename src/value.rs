//! SQL values and types as Oracle has them: NUMBER is decimal, the empty string is NULL,
//! DATE carries a time of day, BOOLEAN exists only in PL/SQL.
//!
//! Values flow from table rows and view producers through expression evaluation into result
//! sets; text is `Arc<str>` so that copying a row out of a view or a table costs no allocation.

use std::cmp::Ordering;
use std::fmt;
use std::sync::Arc;

use rust_decimal::Decimal;
use time::PrimitiveDateTime;

use crate::error::{INVALID_NUMBER, OraError};

/// A column or variable type, as declared (`VARCHAR2(30)`, `NUMBER(10,2)`, `DATE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SqlType {
    /// NUMBER, NUMBER(p), NUMBER(p,s), INTEGER (= NUMBER(38)), PLS_INTEGER.
    Number {
        /// Precision, if declared.
        precision: Option<u8>,
        /// Scale, if declared.
        scale: Option<i8>,
    },
    /// VARCHAR2(n) (and VARCHAR).
    Varchar2(u32),
    /// CHAR(n): blank-padded.
    Char(u32),
    /// RAW(n), shown as hex digits.
    Raw(u32),
    /// DATE: date and time to the second.
    Date,
    /// TIMESTAMP: date and time with fractional seconds.
    Timestamp,
    /// PL/SQL BOOLEAN.
    Boolean,
}

impl SqlType {
    /// Plain NUMBER.
    pub const NUMBER: SqlType = SqlType::Number { precision: None, scale: None };

    /// The display width SQL*Plus gives a column of this type by default.
    pub fn display_width(&self) -> usize {
        match self {
            SqlType::Number { .. } => 10,
            SqlType::Varchar2(n) | SqlType::Char(n) => *n as usize,
            SqlType::Raw(n) => 2 * *n as usize,
            SqlType::Date => 9,
            SqlType::Timestamp => 28,
            SqlType::Boolean => 5,
        }
    }

    /// True for the numeric types (right-aligned by SQL*Plus).
    pub fn is_numeric(&self) -> bool {
        matches!(self, SqlType::Number { .. })
    }
}

impl fmt::Display for SqlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SqlType::Number { precision: None, .. } => write!(f, "NUMBER"),
            SqlType::Number { precision: Some(p), scale: None | Some(0) } => {
                write!(f, "NUMBER({p})")
            }
            SqlType::Number { precision: Some(p), scale: Some(s) } => write!(f, "NUMBER({p},{s})"),
            SqlType::Varchar2(n) => write!(f, "VARCHAR2({n})"),
            SqlType::Char(n) => write!(f, "CHAR({n})"),
            SqlType::Raw(n) => write!(f, "RAW({n})"),
            SqlType::Date => write!(f, "DATE"),
            SqlType::Timestamp => write!(f, "TIMESTAMP(6)"),
            SqlType::Boolean => write!(f, "BOOLEAN"),
        }
    }
}

/// A column of a table, view or result set: its name (normalised) and type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnDesc {
    /// The column name or heading, e.g. `SERIAL#`.
    pub name: String,
    /// Its type.
    pub ty: SqlType,
}

impl ColumnDesc {
    /// A column.
    pub fn new(name: impl Into<String>, ty: SqlType) -> ColumnDesc {
        ColumnDesc { name: name.into(), ty }
    }
}

/// A row: one value per column.
pub type Row = Vec<Value>;

/// One SQL value.
#[derive(Debug, Clone, Default)]
pub enum Value {
    /// NULL (and the empty string, which Oracle treats as NULL).
    #[default]
    Null,
    /// A NUMBER.
    Number(Decimal),
    /// Character data (VARCHAR2, CHAR, RAW shown as hex).
    Text(Arc<str>),
    /// A DATE (seconds precision).
    Date(PrimitiveDateTime),
    /// A TIMESTAMP.
    Timestamp(PrimitiveDateTime),
    /// A PL/SQL BOOLEAN.
    Bool(bool),
}

impl Value {
    /// A text value; the empty string becomes NULL, as in Oracle.
    pub fn text(s: impl AsRef<str>) -> Value {
        let s = s.as_ref();
        if s.is_empty() { Value::Null } else { Value::Text(Arc::from(s)) }
    }

    /// A number from an integer.
    pub fn int(n: i64) -> Value {
        Value::Number(Decimal::from(n))
    }

    /// NULL if `None`.
    pub fn opt_text(s: Option<impl AsRef<str>>) -> Value {
        s.map_or(Value::Null, Value::text)
    }

    /// True for NULL.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The value as a number, converting text as TO_NUMBER would (ORA-01722 if it is not one).
    pub fn to_number(&self) -> Result<Option<Decimal>, OraError> {
        match self {
            Value::Null => Ok(None),
            Value::Number(d) => Ok(Some(*d)),
            Value::Text(s) => parse_number(s).map(Some),
            Value::Bool(_) | Value::Date(_) | Value::Timestamp(_) => {
                Err(crate::ora!(INVALID_NUMBER))
            }
        }
    }

    /// The value as an i64 (truncating decimals), for SID, SERIAL#, counts.
    pub fn to_i64(&self) -> Result<Option<i64>, OraError> {
        use rust_decimal::prelude::ToPrimitive;
        Ok(self.to_number()?.and_then(|d| d.trunc().to_i64()))
    }

    /// The value as text, as TO_CHAR with no format would render it; None for NULL.
    pub fn to_text(&self) -> Option<String> {
        match self {
            Value::Null => None,
            Value::Text(s) => Some(s.to_string()),
            other => Some(other.to_string()),
        }
    }

    /// Oracle comparison: None if either side is NULL. Numbers compare numerically, text
    /// compares as text (a number compared with text converts the text, as Oracle does).
    pub fn compare(&self, other: &Value) -> Result<Option<Ordering>, OraError> {
        Ok(match (self, other) {
            (Value::Null, _) | (_, Value::Null) => None,
            (Value::Number(a), Value::Number(b)) => Some(a.cmp(b)),
            (Value::Number(a), Value::Text(b)) => Some(a.cmp(&parse_number(b)?)),
            (Value::Text(a), Value::Number(b)) => Some(parse_number(a)?.cmp(b)),
            (Value::Text(a), Value::Text(b)) => Some(a.as_ref().cmp(b.as_ref())),
            (Value::Date(a) | Value::Timestamp(a), Value::Date(b) | Value::Timestamp(b)) => {
                Some(a.cmp(b))
            }
            (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
            (a, b) => Some(a.to_string().cmp(&b.to_string())),
        })
    }

    /// Total order for ORDER BY and GROUP BY: NULLs sort last (Oracle's default for ASC).
    pub fn sort_cmp(&self, other: &Value) -> Ordering {
        match (self, other) {
            (Value::Null, Value::Null) => Ordering::Equal,
            (Value::Null, _) => Ordering::Greater,
            (_, Value::Null) => Ordering::Less,
            (a, b) => a.compare(b).ok().flatten().unwrap_or(Ordering::Equal),
        }
    }
}

/// Parses Oracle number text: optional sign, digits, optional fraction, optional exponent,
/// surrounding blanks allowed. Anything else is ORA-01722.
pub fn parse_number(s: &str) -> Result<Decimal, OraError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(crate::ora!(INVALID_NUMBER));
    }
    let ok = t.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'));
    if !ok {
        return Err(crate::ora!(INVALID_NUMBER));
    }
    let parsed =
        if t.contains(['e', 'E']) { Decimal::from_scientific(t) } else { t.parse::<Decimal>() };
    parsed.map_err(|_| crate::ora!(INVALID_NUMBER))
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            _ => matches!(self.compare(other), Ok(Some(Ordering::Equal))),
        }
    }
}

impl fmt::Display for Value {
    /// The default text rendering (TO_CHAR without a format; DATE as DD-MON-RR).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => Ok(()),
            Value::Number(d) => {
                let n = d.normalize();
                let s = n.to_string();
                // Oracle prints .5 and -.5 without the leading zero.
                if let Some(rest) = s.strip_prefix("0.") {
                    write!(f, ".{rest}")
                } else if let Some(rest) = s.strip_prefix("-0.") {
                    write!(f, "-.{rest}")
                } else {
                    write!(f, "{s}")
                }
            }
            Value::Text(s) => write!(f, "{s}"),
            Value::Date(d) => write!(f, "{}", format_date_default(d)),
            Value::Timestamp(d) => write!(f, "{}", format_timestamp_default(d)),
            Value::Bool(b) => write!(f, "{}", if *b { "TRUE" } else { "FALSE" }),
        }
    }
}

const MONTHS: [&str; 12] =
    ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/// The three-letter upper-case month name Oracle uses (`JAN`..`DEC`).
pub fn month_abbrev(d: &PrimitiveDateTime) -> &'static str {
    MONTHS[d.month() as usize - 1]
}

/// `YYYY-MM-DD<sep>HH24:MI:SS`: the ISO form a date-time literal (sep ' ') or V$SQL's
/// FIRST_LOAD_TIME (sep '/') uses.
pub fn format_iso_datetime(d: &PrimitiveDateTime, sep: char) -> String {
    let (date, time) = (d.date(), d.time());
    let ymd = format!("{:04}-{:02}-{:02}", date.year(), date.month() as u8, date.day());
    format!("{ymd}{sep}{:02}:{:02}:{:02}", time.hour(), time.minute(), time.second())
}

/// NLS_DATE_FORMAT default, `DD-MON-RR`.
pub fn format_date_default(d: &PrimitiveDateTime) -> String {
    format!("{:02}-{}-{:02}", d.day(), month_abbrev(d), d.year().rem_euclid(100))
}

/// NLS_TIMESTAMP_FORMAT default, `DD-MON-RR HH.MI.SSXFF AM`.
pub fn format_timestamp_default(d: &PrimitiveDateTime) -> String {
    let (h, ampm) = match d.hour() {
        0 => (12, "AM"),
        h @ 1..=11 => (h, "AM"),
        12 => (12, "PM"),
        h => (h - 12, "PM"),
    };
    format!(
        "{}.{:02}.{:02}.{:02}.{:06} {}",
        format_date_default(d),
        h,
        d.minute(),
        d.second(),
        d.microsecond(),
        ampm
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_string_is_null() {
        assert!(Value::text("").is_null());
    }

    #[test]
    fn numbers_print_like_oracle() {
        assert_eq!(Value::Number(Decimal::new(5, 1)).to_string(), ".5");
        assert_eq!(Value::Number(Decimal::new(-25, 1)).to_string(), "-2.5");
        assert_eq!(Value::Number(Decimal::new(1200, 2)).to_string(), "12");
    }

    #[test]
    fn comparison_with_null_is_unknown() {
        assert_eq!(Value::int(1).compare(&Value::Null).unwrap(), None);
        assert_eq!(Value::int(2).compare(&Value::text("10")).unwrap(), Some(Ordering::Less));
        assert!(Value::int(1).compare(&Value::text("x")).is_err());
    }
}
