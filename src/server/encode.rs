//! Engine values and results to PostgreSQL wire messages: column types, text and binary
//! value encodings, command tags.
//!
//! TYPES
//! -----
//! ```text
//!  engine type                    PostgreSQL type (OID)   text format
//!  NUMBER(p[,0]), p <= 18         int8 (20)               123
//!  NUMBER, NUMBER(p,s), others    numeric (1700)          123.45
//!  VARCHAR2(n)                    varchar (1043)          as is
//!  CHAR(n)                        bpchar (1042)           as is
//!  RAW(n)                         varchar (1043)          hex digits (as SQL*Plus shows)
//!  DATE, TIMESTAMP                timestamp (1114)        2026-11-23 12:08:43[.123456]
//!  BOOLEAN (PL/SQL)               bool (16)               t / f
//! ```
//! Binary format (asked for by tokio-postgres and JDBC) is supported for every type above.

use bytes::{BufMut, BytesMut};
use pgwire::messages::data::{DataRow, FieldDescription, RowDescription};
use rust_decimal::Decimal;
use time::PrimitiveDateTime;

use crate::error::{NUMERIC_OVERFLOW, OraError};
use crate::exec::{Dml, Done, Outcome};
use crate::ora;
use crate::value::{ColumnDesc, SqlType, Value};

/// PostgreSQL type OIDs used here.
pub(crate) mod oid {
    /// bool.
    pub const BOOL: u32 = 16;
    /// int8.
    pub const INT8: u32 = 20;
    /// int2.
    pub const INT2: u32 = 21;
    /// int4.
    pub const INT4: u32 = 23;
    /// text.
    pub const TEXT: u32 = 25;
    /// float4.
    pub const FLOAT4: u32 = 700;
    /// float8.
    pub const FLOAT8: u32 = 701;
    /// bpchar.
    pub const BPCHAR: u32 = 1042;
    /// varchar.
    pub const VARCHAR: u32 = 1043;
    /// timestamp.
    pub const TIMESTAMP: u32 = 1114;
    /// numeric.
    pub const NUMERIC: u32 = 1700;
}

/// The PostgreSQL type of an engine column type.
pub(crate) fn pg_type(ty: &SqlType) -> u32 {
    match ty {
        SqlType::Number { precision: Some(p), scale: None | Some(0) } if *p <= 18 => oid::INT8,
        SqlType::Number { .. } => oid::NUMERIC,
        SqlType::Varchar2(_) | SqlType::Raw(_) => oid::VARCHAR,
        SqlType::Char(_) => oid::BPCHAR,
        SqlType::Date | SqlType::Timestamp => oid::TIMESTAMP,
        SqlType::Boolean => oid::BOOL,
    }
}

fn type_size(oid: u32) -> i16 {
    match oid {
        oid::BOOL => 1,
        oid::INT8 | oid::TIMESTAMP => 8,
        _ => -1,
    }
}

fn type_modifier(ty: &SqlType) -> i32 {
    match ty {
        SqlType::Varchar2(n) | SqlType::Char(n) => {
            i32::try_from(*n).unwrap_or(-5).saturating_add(4)
        }
        _ => -1,
    }
}

/// The format (0 text, 1 binary) of column `i` given Bind's result format codes.
pub(crate) fn format_of(formats: &[i16], i: usize) -> i16 {
    match formats {
        [] => 0,
        [one] => *one,
        many => many.get(i).copied().unwrap_or(0),
    }
}

/// A RowDescription for `columns`, with result formats as Bind asked.
pub(crate) fn row_description(columns: &[ColumnDesc], formats: &[i16]) -> RowDescription {
    let fields = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let oid = pg_type(&c.ty);
            FieldDescription::new(
                c.name.clone(),
                0,
                0,
                oid,
                type_size(oid),
                type_modifier(&c.ty),
                format_of(formats, i),
            )
        })
        .collect();
    RowDescription::new(fields)
}

/// One DataRow.
pub(crate) fn data_row(
    columns: &[ColumnDesc],
    row: &[Value],
    formats: &[i16],
) -> Result<DataRow, OraError> {
    let mut buf = BytesMut::new();
    for (i, v) in row.iter().enumerate() {
        let ty = columns.get(i).map_or(SqlType::Varchar2(4000), |c| c.ty);
        let field = if format_of(formats, i) == 1 { binary(&ty, v)? } else { text(v) };
        match field {
            None => buf.put_i32(-1),
            Some(bytes) => {
                let len = i32::try_from(bytes.len()).map_err(|_| ora!(NUMERIC_OVERFLOW))?;
                buf.put_i32(len);
                buf.put_slice(&bytes);
            }
        }
    }
    let count = i16::try_from(row.len()).map_err(|_| ora!(NUMERIC_OVERFLOW))?;
    Ok(DataRow::new(buf, count))
}

/// Text format of a value; None for NULL.
pub(crate) fn text(v: &Value) -> Option<Vec<u8>> {
    let s = match v {
        Value::Null => return None,
        Value::Number(d) => d.normalize().to_string(),
        Value::Text(s) => s.to_string(),
        Value::Date(d) | Value::Timestamp(d) => timestamp_text(d),
        Value::Bool(b) => (if *b { "t" } else { "f" }).to_string(),
    };
    Some(s.into_bytes())
}

fn timestamp_text(d: &PrimitiveDateTime) -> String {
    let base = format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        d.year(),
        u8::from(d.month()),
        d.day(),
        d.hour(),
        d.minute(),
        d.second()
    );
    match d.microsecond() {
        0 => base,
        us => format!("{base}.{us:06}"),
    }
}

/// Binary format of a value for a column of type `ty`; None for NULL.
fn binary(ty: &SqlType, v: &Value) -> Result<Option<Vec<u8>>, OraError> {
    if v.is_null() {
        return Ok(None);
    }
    Ok(Some(match pg_type(ty) {
        oid::INT8 => {
            let n = v.to_i64()?.ok_or_else(|| ora!(NUMERIC_OVERFLOW))?;
            n.to_be_bytes().to_vec()
        }
        oid::NUMERIC => numeric_binary(v.to_number()?.unwrap_or_default()),
        oid::TIMESTAMP => match v {
            Value::Date(d) | Value::Timestamp(d) => timestamp_binary(d).to_be_bytes().to_vec(),
            other => text(other).unwrap_or_default(),
        },
        oid::BOOL => vec![u8::from(matches!(v, Value::Bool(true)))],
        _ => text(v).unwrap_or_default(),
    }))
}

/// Microseconds since 2000-01-01 00:00:00.
fn timestamp_binary(d: &PrimitiveDateTime) -> i64 {
    let epoch = time::macros::datetime!(2000-01-01 0:00);
    let diff = *d - epoch;
    i64::try_from(diff.whole_microseconds()).unwrap_or(i64::MAX)
}

/// PostgreSQL's binary numeric: ndigits, weight, sign, dscale, then base-10000 digits.
pub(crate) fn numeric_binary(d: Decimal) -> Vec<u8> {
    let d = d.normalize();
    let scale = d.scale() as usize;
    let digits = d.mantissa().unsigned_abs().to_string();
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (int_part, frac_part) = padded.split_at(padded.len() - scale);
    let int_part = int_part.trim_start_matches('0');
    let mut groups: Vec<i16> = Vec::new();
    let lead = (4 - int_part.len() % 4) % 4;
    let int_padded = format!("{}{int_part}", "0".repeat(lead));
    for chunk in int_padded.as_bytes().chunks(4) {
        groups.push(std::str::from_utf8(chunk).ok().and_then(|s| s.parse().ok()).unwrap_or(0));
    }
    let mut weight = groups.len() as i16 - 1;
    let trail = (4 - frac_part.len() % 4) % 4;
    let frac_padded = format!("{frac_part}{}", "0".repeat(trail));
    for chunk in frac_padded.as_bytes().chunks(4) {
        groups.push(std::str::from_utf8(chunk).ok().and_then(|s| s.parse().ok()).unwrap_or(0));
    }
    let first = groups.iter().position(|g| *g != 0).unwrap_or(groups.len());
    weight -= first as i16;
    groups.drain(..first);
    while groups.last() == Some(&0) {
        groups.pop();
    }
    let sign: u16 = if d.is_sign_negative() && !groups.is_empty() { 0x4000 } else { 0 };
    if groups.is_empty() {
        weight = 0;
    }
    let mut out = Vec::with_capacity(8 + 2 * groups.len());
    out.extend_from_slice(&(groups.len() as i16).to_be_bytes());
    out.extend_from_slice(&weight.to_be_bytes());
    out.extend_from_slice(&sign.to_be_bytes());
    out.extend_from_slice(&(scale as i16).to_be_bytes());
    for g in groups {
        out.extend_from_slice(&g.to_be_bytes());
    }
    out
}

/// The command tag for a successful statement.
pub(crate) fn command_tag(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Rows(rs) => format!("SELECT {}", rs.rows.len()),
        Outcome::Affected { verb, count } => match verb {
            Dml::Insert => format!("INSERT 0 {count}"),
            Dml::Update => format!("UPDATE {count}"),
            Dml::Delete => format!("DELETE {count}"),
            Dml::Merge => format!("MERGE {count}"),
        },
        Outcome::Done(done) => done_tag(done),
    }
}

/// The tag of a confirmation, from its SQL*Plus text (so that every confirmation the engine
/// has, now or later, gets one): `Table created.` -> `CREATE TABLE`, `System altered.` ->
/// `ALTER SYSTEM`, a few fixed texts, else the text upper-cased without its period.
fn done_tag(done: &Done) -> String {
    let text = done.to_string();
    let text = text.strip_prefix("Warning: ").unwrap_or(&text).trim_end_matches('.');
    let fixed = [
        ("PL/SQL procedure successfully completed", "DO"),
        ("Call completed", "CALL"),
        ("Commit complete", "COMMIT"),
        ("Rollback complete", "ROLLBACK"),
        ("Savepoint created", "SAVEPOINT"),
        ("Grant succeeded", "GRANT"),
        ("Revoke succeeded", "REVOKE"),
        ("Table truncated", "TRUNCATE TABLE"),
        ("Table(s) Locked", "LOCK TABLE"),
    ];
    if let Some((_, tag)) = fixed.iter().find(|(t, _)| *t == text) {
        return (*tag).to_string();
    }
    let verbs = [(" created", "CREATE"), (" altered", "ALTER"), (" dropped", "DROP")];
    for (suffix, verb) in verbs {
        if let Some(p) = text.find(suffix) {
            return format!("{verb} {}", text[..p].to_uppercase());
        }
    }
    text.to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn num(s: &str) -> Vec<u8> {
        numeric_binary(Decimal::from_str(s).unwrap())
    }

    fn words(v: &[u8]) -> Vec<i16> {
        v.chunks(2).map(|c| i16::from_be_bytes([c[0], c[1]])).collect()
    }

    #[test]
    fn numeric_binary_layout() {
        // ndigits, weight, sign, dscale, digits...
        assert_eq!(words(&num("0")), vec![0, 0, 0, 0]);
        assert_eq!(words(&num("1")), vec![1, 0, 0, 0, 1]);
        assert_eq!(words(&num("12345.678")), vec![3, 1, 0, 3, 1, 2345, 6780]);
        assert_eq!(words(&num("-0.0001")), vec![1, -1, 0x4000, 4, 1]);
        assert_eq!(words(&num("10000")), vec![1, 1, 0, 0, 1]);
        assert_eq!(words(&num("0.00012")), vec![2, -1, 0, 5, 1, 2000]);
    }

    #[test]
    fn types_and_tags() {
        assert_eq!(pg_type(&SqlType::Number { precision: Some(10), scale: None }), oid::INT8);
        assert_eq!(pg_type(&SqlType::NUMBER), oid::NUMERIC);
        assert_eq!(pg_type(&SqlType::Date), oid::TIMESTAMP);
        let o = Outcome::Affected { verb: Dml::Insert, count: 3 };
        assert_eq!(command_tag(&o), "INSERT 0 3");
        assert_eq!(command_tag(&Outcome::Done(Done::SystemAltered)), "ALTER SYSTEM");
        assert_eq!(command_tag(&Outcome::Done(Done::Created("Table"))), "CREATE TABLE");
        assert_eq!(command_tag(&Outcome::Done(Done::PlsqlCompleted)), "DO");
        assert_eq!(command_tag(&Outcome::Done(Done::Locked)), "LOCK TABLE");
    }
}
