//! CSV as IMPORT reads it and BACKUP writes it (RFC 4180): fields separated by commas,
//! records by newlines, a field with a comma, quote or newline enclosed in double quotes
//! with quotes doubled. An unquoted empty field is NULL. Values are written in a form
//! [`value_of`] reads back: numbers as digits, DATE `YYYY-MM-DD HH:MM:SS`, TIMESTAMP with
//! six fractional digits, BOOLEAN `true`/`false`.

use rust_decimal::Decimal;
use time::{Date, Month, PrimitiveDateTime, Time};

use crate::error::OraError;
use crate::value::{SqlType, Value, parse_number};

/// One field as read: None for an unquoted empty field (NULL).
pub type Field = Option<String>;

/// Splits CSV text into records (a trailing newline ends the last record; blank lines are
/// skipped).
pub fn records(text: &str) -> Vec<Vec<Field>> {
    let mut out = Vec::new();
    let (mut record, mut field) = (Vec::new(), String::new());
    let (mut quoted, mut in_quotes, mut touched) = (false, false, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => (in_quotes, quoted, touched) = (true, true, true),
            ',' => {
                record.push(finish(&mut field, &mut quoted));
                touched = true;
            }
            '\r' => {}
            '\n' => {
                if touched || !field.is_empty() {
                    record.push(finish(&mut field, &mut quoted));
                    out.push(std::mem::take(&mut record));
                }
                touched = false;
            }
            _ => {
                field.push(c);
                touched = true;
            }
        }
    }
    if touched || !field.is_empty() {
        record.push(finish(&mut field, &mut quoted));
        out.push(record);
    }
    out
}

fn finish(field: &mut String, quoted: &mut bool) -> Field {
    let f = std::mem::take(field);
    let was_quoted = std::mem::replace(quoted, false);
    if f.is_empty() && !was_quoted { None } else { Some(f) }
}

/// One record as a CSV line (with its newline).
pub fn line(values: &[Value]) -> String {
    let mut out = String::new();
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if let Some(text) = text_of(v) {
            if text.is_empty() || text.contains([',', '"', '\n', '\r']) {
                out.push('"');
                out.push_str(&text.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(&text);
            }
        }
    }
    out.push('\n');
    out
}

/// The text form of a value ([`value_of`] reads it back), None for NULL.
pub fn text_of(v: &Value) -> Option<String> {
    Some(match v {
        Value::Null => return None,
        Value::Number(d) => d.normalize().to_string(),
        Value::Text(s) => s.to_string(),
        Value::Date(d) => format_datetime(d, false),
        Value::Timestamp(d) => format_datetime(d, true),
        Value::Bool(b) => b.to_string(),
    })
}

fn format_datetime(d: &PrimitiveDateTime, fraction: bool) -> String {
    let (date, t) = (d.date(), d.time());
    let mut s = format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        date.year(),
        u8::from(date.month()),
        date.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    if fraction {
        s.push_str(&format!(".{:06}", t.microsecond()));
    }
    s
}

/// The value of a field for a column of type `ty` (CockroachDB's error text for a field that
/// does not parse).
pub fn value_of(field: &Field, ty: SqlType) -> Result<Value, OraError> {
    let Some(text) = field else { return Ok(Value::Null) };
    let bad =
        || OraError::crdb("22P02", format!("could not parse \"{text}\" as type {}", crdb_type(ty)));
    Ok(match ty {
        SqlType::Number { .. } => {
            Value::Number(parse_number(text.trim()).map_err(|_| bad())?.normalize())
        }
        SqlType::Date => Value::Date(parse_datetime(text).ok_or_else(bad)?),
        SqlType::Timestamp => Value::Timestamp(parse_datetime(text).ok_or_else(bad)?),
        SqlType::Boolean => match text.to_ascii_lowercase().as_str() {
            "true" | "t" | "1" => Value::Bool(true),
            "false" | "f" | "0" => Value::Bool(false),
            _ => return Err(bad()),
        },
        SqlType::Varchar2(_) | SqlType::Char(_) | SqlType::Raw(_) => Value::text(text),
    })
}

/// CockroachDB's name of the type a column of type `ty` has here.
pub fn crdb_type(ty: SqlType) -> &'static str {
    match ty {
        SqlType::Number { scale: Some(0), .. } => "int",
        SqlType::Number { .. } => "decimal",
        SqlType::Date | SqlType::Timestamp => "timestamp",
        SqlType::Boolean => "bool",
        _ => "string",
    }
}

/// `YYYY-MM-DD[ HH:MM:SS[.ffffff]]` (a `T` may separate date and time).
fn parse_datetime(text: &str) -> Option<PrimitiveDateTime> {
    let (date, time) = text.trim().split_once([' ', 'T']).unwrap_or((text.trim(), "00:00:00"));
    let mut d = date.split('-').map(|p| p.parse::<i32>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let date = Date::from_calendar_date(y, Month::try_from(m as u8).ok()?, day as u8).ok()?;
    let (hms, frac) = time.split_once('.').unwrap_or((time, "0"));
    let mut t = hms.split(':').map(|p| p.parse::<u8>().ok());
    let (h, mi, s) = (t.next()??, t.next()??, t.next().unwrap_or(Some(0))?);
    let micros = format!("{frac:0<6}").get(..6)?.parse::<u32>().ok()?;
    Some(PrimitiveDateTime::new(date, Time::from_hms_micro(h, mi, s, micros).ok()?))
}

/// The number of bytes a value takes in its text form (statistics' avg_size).
pub fn size_of(v: &Value) -> usize {
    match v {
        Value::Number(d) => Decimal::normalize(d).to_string().len(),
        other => text_of(other).map_or(0, |s| s.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_handle_quotes_commas_newlines_and_nulls() {
        let r = records("1,\"a,b\",\n2,\"say \"\"hi\"\"\",\"\"\n\n3,\"two\nlines\",x");
        assert_eq!(r.len(), 3);
        assert_eq!(r[0], vec![Some("1".into()), Some("a,b".into()), None]);
        assert_eq!(r[1], vec![Some("2".into()), Some("say \"hi\"".into()), Some(String::new())]);
        assert_eq!(r[2][1].as_deref(), Some("two\nlines"));
    }

    #[test]
    fn values_round_trip_through_lines() {
        let d = PrimitiveDateTime::new(
            Date::from_calendar_date(2026, Month::November, 23).unwrap(),
            Time::from_hms_micro(14, 5, 6, 120).unwrap(),
        );
        let values = vec![
            Value::int(42),
            Value::text("a \"b\", c"),
            Value::Null,
            Value::Date(d.replace_microsecond(0).unwrap()),
            Value::Timestamp(d),
        ];
        let types = [
            SqlType::NUMBER,
            SqlType::Varchar2(20),
            SqlType::Varchar2(20),
            SqlType::Date,
            SqlType::Timestamp,
        ];
        let back = &records(&line(&values))[0];
        let read: Vec<Value> =
            back.iter().zip(types).map(|(f, t)| value_of(f, t).unwrap()).collect();
        assert_eq!(format!("{read:?}"), format!("{values:?}"));
    }

    #[test]
    fn a_bad_number_is_cockroachdbs_parse_error() {
        let e = value_of(&Some("x1".into()), SqlType::NUMBER).unwrap_err();
        assert_eq!(e.to_string(), "ERROR: could not parse \"x1\" as type decimal");
    }
}
