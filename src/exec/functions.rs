//! Built-in scalar functions: the name table ([`lookup`], with argument counts), the result
//! types the column headings need ([`result_type`]), and the implementations ([`call`]).
//!
//! The compiler resolves a name to a [`Builtin`] once per statement; the evaluator calls
//! [`call`] with the argument values. NVL2, COALESCE and DECODE are evaluated lazily by the
//! evaluator itself (they must not evaluate arguments they do not pick). Aggregates (COUNT,
//! SUM, ...) are not here: they belong to grouping, in `query`.

use std::cmp::Ordering;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use time::PrimitiveDateTime;

use super::eval::{CExpr, Env};
use super::format::{self, NumberFormat};
use crate::error::{ARGUMENT_OUT_OF_RANGE, INVALID_ARGUMENT, INVALID_NUMBER, OraError};
use crate::ora;
use crate::value::{SqlType, Value, parse_number};

/// A built-in function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    /// UPPER(s).
    Upper,
    /// LOWER(s).
    Lower,
    /// INITCAP(s): first letter of each word upper-case.
    Initcap,
    /// SUBSTR(s, start [, len]).
    Substr,
    /// INSTR(s, sub [, start [, occurrence]]).
    Instr,
    /// LENGTH(s) in characters.
    Length,
    /// TRIM(s): blanks off both ends.
    Trim,
    /// LTRIM(s [, set]).
    Ltrim,
    /// RTRIM(s [, set]).
    Rtrim,
    /// LPAD(s, n [, pad]).
    Lpad,
    /// RPAD(s, n [, pad]).
    Rpad,
    /// REPLACE(s, from [, to]).
    Replace,
    /// CONCAT(a, b).
    Concat,
    /// CHR(n).
    Chr,
    /// ASCII(s).
    Ascii,
    /// TO_CHAR(x [, fmt]).
    ToChar,
    /// TO_NUMBER(s [, fmt]).
    ToNumber,
    /// TO_DATE(s [, fmt]).
    ToDate,
    /// ROUND(n [, places]) / ROUND(date [, unit]).
    Round,
    /// TRUNC(n [, places]) / TRUNC(date [, unit]).
    Trunc,
    /// ABS(n).
    Abs,
    /// MOD(m, n).
    Mod,
    /// FLOOR(n).
    Floor,
    /// CEIL(n).
    Ceil,
    /// SIGN(n).
    Sign,
    /// GREATEST(a, ...).
    Greatest,
    /// LEAST(a, ...).
    Least,
    /// NVL(a, b).
    Nvl,
    /// NVL2(a, if_not_null, if_null).
    Nvl2,
    /// COALESCE(a, ...).
    Coalesce,
    /// DECODE(x, search, result, ... [, default]).
    Decode,
    /// SYSDATE.
    Sysdate,
    /// SYSTIMESTAMP.
    Systimestamp,
    /// USER.
    User,
    /// UID.
    Uid,
    /// SYS_CONTEXT('USERENV', parameter).
    SysContext,
}

const MANY: usize = usize::MAX;

/// Name, function, minimum and maximum argument count.
const TABLE: &[(&str, Builtin, usize, usize)] = &[
    ("UPPER", Builtin::Upper, 1, 1),
    ("LOWER", Builtin::Lower, 1, 1),
    ("INITCAP", Builtin::Initcap, 1, 1),
    ("SUBSTR", Builtin::Substr, 2, 3),
    ("INSTR", Builtin::Instr, 2, 4),
    ("LENGTH", Builtin::Length, 1, 1),
    ("TRIM", Builtin::Trim, 1, 1),
    ("LTRIM", Builtin::Ltrim, 1, 2),
    ("RTRIM", Builtin::Rtrim, 1, 2),
    ("LPAD", Builtin::Lpad, 2, 3),
    ("RPAD", Builtin::Rpad, 2, 3),
    ("REPLACE", Builtin::Replace, 2, 3),
    ("CONCAT", Builtin::Concat, 2, 2),
    ("CHR", Builtin::Chr, 1, 1),
    ("ASCII", Builtin::Ascii, 1, 1),
    ("TO_CHAR", Builtin::ToChar, 1, 3),
    ("TO_NUMBER", Builtin::ToNumber, 1, 3),
    ("TO_DATE", Builtin::ToDate, 1, 3),
    ("ROUND", Builtin::Round, 1, 2),
    ("TRUNC", Builtin::Trunc, 1, 2),
    ("ABS", Builtin::Abs, 1, 1),
    ("MOD", Builtin::Mod, 2, 2),
    ("FLOOR", Builtin::Floor, 1, 1),
    ("CEIL", Builtin::Ceil, 1, 1),
    ("SIGN", Builtin::Sign, 1, 1),
    ("GREATEST", Builtin::Greatest, 1, MANY),
    ("LEAST", Builtin::Least, 1, MANY),
    ("NVL", Builtin::Nvl, 2, 2),
    ("NVL2", Builtin::Nvl2, 3, 3),
    ("COALESCE", Builtin::Coalesce, 1, MANY),
    ("DECODE", Builtin::Decode, 3, MANY),
    ("SYSDATE", Builtin::Sysdate, 0, 0),
    ("SYSTIMESTAMP", Builtin::Systimestamp, 0, 0),
    ("USER", Builtin::User, 0, 0),
    ("UID", Builtin::Uid, 0, 0),
    ("SYS_CONTEXT", Builtin::SysContext, 2, 3),
];

/// The built-in called `name` and its (min, max) argument counts.
pub fn lookup(name: &str) -> Option<(Builtin, usize, usize)> {
    TABLE.iter().find(|(n, ..)| *n == name).map(|(_, f, lo, hi)| (*f, *lo, *hi))
}

/// Built-ins that may be written without parentheses (`SYSDATE`, `USER`).
pub fn niladic(name: &str) -> Option<Builtin> {
    match name {
        "SYSDATE" => Some(Builtin::Sysdate),
        "SYSTIMESTAMP" => Some(Builtin::Systimestamp),
        "USER" => Some(Builtin::User),
        "UID" => Some(Builtin::Uid),
        _ => None,
    }
}

/// The character width of a value of type `ty` converted to text.
pub fn text_width(ty: &SqlType) -> u32 {
    match ty {
        SqlType::Varchar2(n) | SqlType::Char(n) => *n,
        SqlType::Raw(n) => 2 * n,
        SqlType::Number { .. } => 40,
        SqlType::Date => 9,
        SqlType::Timestamp => 28,
        SqlType::Boolean => 5,
    }
}

/// VARCHAR2(n) capped at 4000.
pub fn varchar(n: u64) -> SqlType {
    SqlType::Varchar2(n.min(4000) as u32)
}

fn const_int(e: Option<&CExpr>) -> Option<i64> {
    match e {
        Some(CExpr::Const(v)) => v.to_i64().ok().flatten(),
        _ => None,
    }
}

/// The type of the common result of several branches (NVL, DECODE, CASE): the first non-NULL
/// branch's type, widened to the widest text.
pub fn common_type(tys: &[SqlType]) -> SqlType {
    let first =
        tys.iter().find(|t| **t != SqlType::Varchar2(0)).copied().unwrap_or(SqlType::Varchar2(0));
    match first {
        SqlType::Varchar2(_) | SqlType::Char(_) => {
            varchar(tys.iter().map(|t| text_width(t) as u64).max().unwrap_or(0))
        }
        other => other,
    }
}

/// The result type of a call, from its arguments (compiled) and their types.
pub fn result_type(f: Builtin, args: &[CExpr], tys: &[SqlType]) -> SqlType {
    let w0 = tys.first().map_or(0, |t| text_width(t) as u64);
    let is_date = |t: Option<&SqlType>| matches!(t, Some(SqlType::Date | SqlType::Timestamp));
    match f {
        Builtin::Upper | Builtin::Lower | Builtin::Initcap | Builtin::Substr => varchar(w0),
        Builtin::Trim | Builtin::Ltrim | Builtin::Rtrim => varchar(w0),
        Builtin::Replace => varchar(w0 * tys.get(2).map_or(1, |t| text_width(t).max(1) as u64)),
        Builtin::Lpad | Builtin::Rpad => {
            varchar(const_int(args.get(1)).map_or(4000, |n| n.max(0) as u64))
        }
        Builtin::Concat => varchar(tys.iter().map(|t| text_width(t) as u64).sum()),
        Builtin::Chr => SqlType::Varchar2(1),
        Builtin::ToChar => match (tys.first(), args.get(1)) {
            (Some(SqlType::Number { .. }), Some(CExpr::Const(Value::Text(fmt)))) => {
                NumberFormat::parse(fmt)
                    .map_or(SqlType::Varchar2(40), |f| varchar(f.width() as u64))
            }
            (Some(SqlType::Date | SqlType::Timestamp), Some(CExpr::Const(Value::Text(fmt)))) => {
                format::parse_date_format(fmt).map_or(SqlType::Varchar2(75), |e| {
                    varchar(format::date_format_width(&e) as u64)
                })
            }
            (Some(SqlType::Number { .. }), _) => SqlType::Varchar2(40),
            (Some(SqlType::Date | SqlType::Timestamp), _) => SqlType::Varchar2(9),
            _ => varchar(w0),
        },
        Builtin::ToDate | Builtin::Sysdate => SqlType::Date,
        Builtin::Systimestamp => SqlType::Timestamp,
        Builtin::Round | Builtin::Trunc if is_date(tys.first()) => SqlType::Date,
        Builtin::Round
        | Builtin::Trunc
        | Builtin::ToNumber
        | Builtin::Abs
        | Builtin::Mod
        | Builtin::Floor
        | Builtin::Ceil
        | Builtin::Sign
        | Builtin::Length
        | Builtin::Instr
        | Builtin::Ascii
        | Builtin::Uid => SqlType::NUMBER,
        Builtin::User => SqlType::Varchar2(30),
        Builtin::SysContext => SqlType::Varchar2(256),
        Builtin::Greatest | Builtin::Least | Builtin::Coalesce | Builtin::Nvl => common_type(tys),
        Builtin::Nvl2 => common_type(&tys[1.min(tys.len())..]),
        Builtin::Decode => {
            let results: Vec<SqlType> = tys
                .iter()
                .enumerate()
                .skip(1)
                .filter(|(i, _)| i % 2 == 0 || *i == tys.len() - 1)
                .map(|(_, t)| *t)
                .collect();
            common_type(&results)
        }
    }
}

/// Calls a built-in with evaluated arguments (the argument count was checked at compile time).
pub fn call(env: &Env<'_>, f: Builtin, a: &[Value]) -> Result<Value, OraError> {
    let arg = |i: usize| a.get(i).unwrap_or(&Value::Null);
    Ok(match f {
        Builtin::Upper => map_text(arg(0), |s| s.to_uppercase()),
        Builtin::Lower => map_text(arg(0), |s| s.to_lowercase()),
        Builtin::Initcap => map_text(arg(0), initcap),
        Builtin::Length => {
            arg(0).to_text().map_or(Value::Null, |s| Value::int(s.chars().count() as i64))
        }
        Builtin::Substr => substr(arg(0), arg(1), a.get(2))?,
        Builtin::Instr => instr(arg(0), arg(1), a.get(2), a.get(3))?,
        Builtin::Trim => map_text(arg(0), |s| s.trim_matches(' ').to_string()),
        Builtin::Ltrim | Builtin::Rtrim => trim_set(arg(0), a.get(1), f == Builtin::Ltrim),
        Builtin::Lpad | Builtin::Rpad => pad(arg(0), arg(1), a.get(2), f == Builtin::Lpad)?,
        Builtin::Replace => replace(arg(0), arg(1), a.get(2)),
        Builtin::Concat => super::eval::concat(arg(0), arg(1)),
        Builtin::Chr => match int(arg(0))? {
            None => Value::Null,
            Some(n) => Value::text(
                u32::try_from(n)
                    .ok()
                    .and_then(char::from_u32)
                    .map(String::from)
                    .unwrap_or_default(),
            ),
        },
        Builtin::Ascii => arg(0)
            .to_text()
            .and_then(|s| s.chars().next())
            .map_or(Value::Null, |c| Value::int(c as i64)),
        Builtin::ToChar => to_char(arg(0), a.get(1))?,
        Builtin::ToNumber => to_number(arg(0), a.get(1))?,
        Builtin::ToDate => to_date(env, arg(0), a.get(1))?,
        Builtin::Round | Builtin::Trunc => round_trunc(arg(0), a.get(1), f == Builtin::Round)?,
        Builtin::Abs => num1(arg(0), |d| d.abs())?,
        Builtin::Floor => num1(arg(0), |d| d.floor())?,
        Builtin::Ceil => num1(arg(0), |d| d.ceil())?,
        Builtin::Sign => num1(arg(0), |d| Decimal::from(d.cmp(&Decimal::ZERO) as i8))?,
        Builtin::Mod => match (arg(0).to_number()?, arg(1).to_number()?) {
            (Some(m), Some(n)) if n.is_zero() => Value::Number(m),
            (Some(m), Some(n)) => Value::Number(m.checked_rem(n).unwrap_or_default()),
            _ => Value::Null,
        },
        Builtin::Greatest => extreme(a, Ordering::Greater)?,
        Builtin::Least => extreme(a, Ordering::Less)?,
        Builtin::Nvl => {
            if arg(0).is_null() {
                arg(1).clone()
            } else {
                arg(0).clone()
            }
        }
        Builtin::Sysdate => Value::Date(sysdate(env)),
        Builtin::Systimestamp => {
            let now = env.db.clock.datetime();
            Value::Timestamp(now.replace_nanosecond(now.nanosecond() / 1000 * 1000).unwrap_or(now))
        }
        Builtin::User => Value::text(env.me.username()),
        Builtin::Uid => Value::int(env.me.identity.user_id as i64),
        Builtin::SysContext => sys_context(env, arg(0), arg(1))?,
        // Evaluated lazily by the evaluator; reaching here means all arguments are values.
        Builtin::Nvl2 => {
            if arg(0).is_null() {
                arg(2).clone()
            } else {
                arg(1).clone()
            }
        }
        Builtin::Coalesce => a.iter().find(|v| !v.is_null()).cloned().unwrap_or_default(),
        Builtin::Decode => Value::Null,
    })
}

/// SYSDATE: the engine clock to the second.
pub fn sysdate(env: &Env<'_>) -> PrimitiveDateTime {
    let now = env.db.clock.datetime();
    now.replace_nanosecond(0).unwrap_or(now)
}

fn map_text(v: &Value, f: impl FnOnce(&str) -> String) -> Value {
    v.to_text().map_or(Value::Null, |s| Value::text(f(&s)))
}

fn initcap(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if start {
                out.extend(c.to_uppercase())
            } else {
                out.extend(c.to_lowercase())
            }
            start = false;
        } else {
            out.push(c);
            start = true;
        }
    }
    out
}

/// An integer argument (truncated, saturating far outside any string length).
fn int(v: &Value) -> Result<Option<i64>, OraError> {
    Ok(v.to_number()?.map(|d| {
        d.trunc().to_i64().unwrap_or(if d.is_sign_negative() { i64::MIN } else { i64::MAX })
    }))
}

fn num1(v: &Value, f: impl FnOnce(Decimal) -> Decimal) -> Result<Value, OraError> {
    Ok(v.to_number()?.map_or(Value::Null, |d| Value::Number(f(d))))
}

/// SUBSTR(s, start [, len]): 1-based; start 0 means 1; negative start counts from the end.
fn substr(s: &Value, start: &Value, len: Option<&Value>) -> Result<Value, OraError> {
    let (Some(text), Some(start)) = (s.to_text(), int(start)?) else { return Ok(Value::Null) };
    let len = match len {
        Some(l) => match int(l)? {
            None => return Ok(Value::Null),
            Some(n) if n < 1 => return Ok(Value::Null),
            Some(n) => Some(n as u64),
        },
        None => None,
    };
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len() as i64;
    let from = match start {
        0 => 0,
        s if s > 0 => s - 1,
        s => n + s,
    };
    if from < 0 || from >= n {
        return Ok(Value::Null);
    }
    let from = from as usize;
    let to = len
        .map_or(chars.len(), |l| (from as u64).saturating_add(l).min(chars.len() as u64) as usize);
    Ok(Value::text(chars[from..to].iter().collect::<String>()))
}

/// INSTR(s, sub [, start [, occurrence]]): 1-based position or 0; negative start searches
/// backwards from that position counted from the end.
fn instr(
    s: &Value,
    sub: &Value,
    start: Option<&Value>,
    occ: Option<&Value>,
) -> Result<Value, OraError> {
    let start = match start {
        Some(v) => int(v)?,
        None => Some(1),
    };
    let occ = match occ {
        Some(v) => int(v)?,
        None => Some(1),
    };
    let (Some(text), Some(sub), Some(start), Some(occ)) = (s.to_text(), sub.to_text(), start, occ)
    else {
        return Ok(Value::Null);
    };
    if occ < 1 {
        return Err(ora!(ARGUMENT_OUT_OF_RANGE, "{occ}"));
    }
    let h: Vec<char> = text.chars().collect();
    let n: Vec<char> = sub.chars().collect();
    let at = |i: usize| h.len() >= i + n.len() && h[i..i + n.len()] == n[..];
    let hits: Box<dyn Iterator<Item = usize>> = match start {
        0 => return Ok(Value::int(0)),
        s if s > 0 => Box::new((s as usize - 1).min(h.len())..h.len()),
        s => {
            let from = h.len() as i64 + s;
            if from < 0 {
                return Ok(Value::int(0));
            }
            Box::new((0..=from as usize).rev())
        }
    };
    let found = hits.filter(|&i| at(i)).nth(occ as usize - 1);
    Ok(Value::int(found.map_or(0, |i| i as i64 + 1)))
}

fn trim_set(s: &Value, set: Option<&Value>, left: bool) -> Value {
    let set: Vec<char> = match set {
        None => vec![' '],
        Some(v) => match v.to_text() {
            None => return Value::Null,
            Some(t) => t.chars().collect(),
        },
    };
    map_text(s, |t| {
        if left { t.trim_start_matches(&set[..]) } else { t.trim_end_matches(&set[..]) }.to_string()
    })
}

fn pad(s: &Value, n: &Value, with: Option<&Value>, left: bool) -> Result<Value, OraError> {
    let with = match with {
        None => " ".to_string(),
        Some(v) => match v.to_text() {
            None => return Ok(Value::Null),
            Some(t) => t,
        },
    };
    let (Some(text), Some(n)) = (s.to_text(), int(n)?) else { return Ok(Value::Null) };
    if n < 1 {
        return Ok(Value::Null);
    }
    let n = n.min(32767) as usize;
    let chars: Vec<char> = text.chars().collect();
    if chars.len() >= n {
        return Ok(Value::text(chars[..n].iter().collect::<String>()));
    }
    let fill: String = with.chars().cycle().take(n - chars.len()).collect();
    Ok(Value::text(if left { fill + &text } else { text + &fill }))
}

fn replace(s: &Value, from: &Value, to: Option<&Value>) -> Value {
    let Some(text) = s.to_text() else { return Value::Null };
    match from.to_text() {
        None => Value::text(text),
        Some(f) => Value::text(text.replace(&f, &to.and_then(Value::to_text).unwrap_or_default())),
    }
}

fn fmt_arg(fmt: Option<&Value>) -> Option<Option<String>> {
    fmt.map(Value::to_text)
}

fn to_char(v: &Value, fmt: Option<&Value>) -> Result<Value, OraError> {
    let fmt = match fmt_arg(fmt) {
        None => None,
        Some(None) => return Ok(Value::Null),
        Some(Some(f)) => Some(f),
    };
    Ok(match (v, fmt) {
        (Value::Null, _) => Value::Null,
        (Value::Date(d) | Value::Timestamp(d), Some(f)) => {
            Value::text(format::format_date(d, &format::parse_date_format(&f)?))
        }
        (Value::Text(t), Some(f)) => Value::text(NumberFormat::parse(&f)?.format(parse_number(t)?)),
        (Value::Number(n), Some(f)) => Value::text(NumberFormat::parse(&f)?.format(*n)),
        (other, _) => Value::opt_text(other.to_text()),
    })
}

fn to_number(v: &Value, fmt: Option<&Value>) -> Result<Value, OraError> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::Number(n) => Ok(Value::Number(*n)),
        other => {
            let t = other.to_text().unwrap_or_default();
            let cleaned = match fmt.and_then(Value::to_text) {
                Some(f) if f.contains([',', 'G', '$']) => t.replace([',', '$'], ""),
                _ => t,
            };
            parse_number(&cleaned).map(Value::Number).map_err(|_| ora!(INVALID_NUMBER))
        }
    }
}

fn to_date(env: &Env<'_>, v: &Value, fmt: Option<&Value>) -> Result<Value, OraError> {
    let fmt = match fmt_arg(fmt) {
        None => "DD-MON-RR".to_string(),
        Some(None) => return Ok(Value::Null),
        Some(Some(f)) => f,
    };
    match v {
        Value::Null => Ok(Value::Null),
        Value::Date(d) | Value::Timestamp(d) => Ok(Value::Date(*d)),
        other => {
            let text = other.to_text().unwrap_or_default();
            let elems = format::parse_date_format(&fmt)?;
            format::parse_date(&text, &elems, sysdate(env)).map(Value::Date)
        }
    }
}

fn round_trunc(v: &Value, places: Option<&Value>, round: bool) -> Result<Value, OraError> {
    if let Value::Date(d) | Value::Timestamp(d) = v {
        let unit = match places {
            None => "DD".to_string(),
            Some(p) => match p.to_text() {
                None => return Ok(Value::Null),
                Some(u) => u.to_ascii_uppercase(),
            },
        };
        return date_round_trunc(*d, &unit, round).map(Value::Date);
    }
    let Some(n) = v.to_number()? else { return Ok(Value::Null) };
    let places = match places {
        None => 0,
        Some(p) => match int(p)? {
            None => return Ok(Value::Null),
            Some(p) => p.clamp(-38, 28),
        },
    };
    let strategy =
        if round { RoundingStrategy::MidpointAwayFromZero } else { RoundingStrategy::ToZero };
    if places >= 0 {
        return Ok(Value::Number(n.round_dp_with_strategy(places as u32, strategy)));
    }
    let scale = (0..-places).try_fold(Decimal::ONE, |acc, _| acc.checked_mul(Decimal::TEN));
    let Some(scale) = scale else { return Ok(Value::Number(Decimal::ZERO)) };
    let scaled = (n / scale).round_dp_with_strategy(0, strategy);
    Ok(Value::Number(scaled.checked_mul(scale).unwrap_or(Decimal::ZERO)))
}

/// TRUNC(date, unit) and ROUND(date, unit): ROUND goes up at the half-way point Oracle uses
/// (noon, the 30th minute or second, the 16th day, July).
fn date_round_trunc(
    d: PrimitiveDateTime,
    unit: &str,
    round: bool,
) -> Result<PrimitiveDateTime, OraError> {
    use time::{Date, Duration, Month, Time};
    let at = |date: Option<Date>, hour: u8, minute: u8| {
        let date = date.unwrap_or(d.date());
        PrimitiveDateTime::new(date, Time::from_hms(hour, minute, 0).unwrap_or(Time::MIDNIGHT))
    };
    let month_start = |year: i32, month: Month| Date::from_calendar_date(year, month, 1).ok();
    let (t, up, next) = match unit {
        "DD" | "DDD" | "J" => {
            let t = at(None, 0, 0);
            (t, d.hour() >= 12, t.checked_add(Duration::days(1)))
        }
        "HH" | "HH24" | "HH12" => {
            let t = at(None, d.hour(), 0);
            (t, d.minute() >= 30, t.checked_add(Duration::hours(1)))
        }
        "MI" => {
            let t = at(None, d.hour(), d.minute());
            (t, d.second() >= 30, t.checked_add(Duration::minutes(1)))
        }
        "MM" | "MON" | "MONTH" => {
            let (y, m) = (d.year(), d.month());
            let next_year = if m == Month::December { y + 1 } else { y };
            let next = month_start(next_year, m.next()).map(|n| at(Some(n), 0, 0));
            (at(month_start(y, m), 0, 0), d.day() >= 16, next)
        }
        "YYYY" | "YEAR" | "YY" | "RR" | "SYYYY" => {
            let next = month_start(d.year() + 1, Month::January).map(|n| at(Some(n), 0, 0));
            (at(month_start(d.year(), Month::January), 0, 0), d.month() as u8 >= 7, next)
        }
        _ => return Err(ora!(crate::error::DATE_FORMAT_NOT_RECOGNIZED)),
    };
    Ok(match (round && up, next) {
        (true, Some(n)) => n,
        _ => t,
    })
}

/// GREATEST / LEAST: NULL if any argument is NULL; compared in the first argument's type.
fn extreme(a: &[Value], want: Ordering) -> Result<Value, OraError> {
    let mut best: Option<&Value> = None;
    for v in a {
        if v.is_null() {
            return Ok(Value::Null);
        }
        best = match best {
            Some(b) if v.compare(b)? != Some(want) => Some(b),
            _ => Some(v),
        };
    }
    let first_is_text = matches!(a.first(), Some(Value::Text(_)));
    Ok(match best {
        Some(b) if first_is_text => Value::opt_text(b.to_text()),
        Some(b) => b.clone(),
        None => Value::Null,
    })
}

/// SYS_CONTEXT('USERENV', parameter): parameter names are case-insensitive; an unknown one is
/// ORA-02003. Other namespaces hold no application contexts yet, so they give NULL.
fn sys_context(env: &Env<'_>, ns: &Value, param: &Value) -> Result<Value, OraError> {
    let ns = ns.to_text().unwrap_or_default().to_ascii_uppercase();
    let param = param.to_text().unwrap_or_default().to_ascii_uppercase();
    if ns != "USERENV" {
        return Ok(Value::Null);
    }
    let me = env.me;
    let client = &me.identity.client;
    Ok(match param.as_str() {
        "SID" => Value::text(me.sid.to_string()),
        "SESSIONID" => Value::text(me.audsid.to_string()),
        "SESSION_USER" | "CURRENT_USER" | "AUTHENTICATED_IDENTITY" => Value::text(me.username()),
        "SESSION_USERID" | "CURRENT_USERID" => Value::text(me.identity.user_id.to_string()),
        "CURRENT_SCHEMA" => Value::text(&*me.lock().schema),
        "SERVICE_NAME" => Value::text(&*me.identity.service),
        "INSTANCE" => Value::text("1"),
        "INSTANCE_NAME" => Value::text(env.db.config.db_name.to_lowercase()),
        "DB_NAME" | "DB_UNIQUE_NAME" | "CON_NAME" => Value::text(&env.db.config.db_name),
        "SERVER_HOST" => Value::text(&env.db.config.host_name),
        "HOST" => Value::text(&client.machine),
        "OS_USER" => Value::text(&client.osuser),
        "TERMINAL" => Value::text(&client.terminal),
        "MODULE" => Value::opt_text(me.lock().module.as_deref()),
        "ACTION" => Value::opt_text(me.lock().action.as_deref()),
        "ISDBA" => Value::text("FALSE"),
        "LANGUAGE" => Value::text("AMERICAN_AMERICA.AL32UTF8"),
        "NLS_DATE_FORMAT" => Value::text("DD-MON-RR"),
        "CLIENT_INFO" | "CLIENT_IDENTIFIER" | "IP_ADDRESS" => Value::Null,
        _ => return Err(ora!(INVALID_ARGUMENT, "USERENV")),
    })
}
