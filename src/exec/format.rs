//! Format models: the date elements shared by TO_CHAR(date) and TO_DATE, and the number
//! format of TO_CHAR(number).
//!
//! A date format is parsed once into a list of [`DateElem`]s from one table ([`ELEMENTS`]);
//! [`format_date`] writes each element, [`parse_date`] reads each element back, so the two
//! directions cannot disagree on what an element means.

use rust_decimal::{Decimal, RoundingStrategy};
use time::{Date, Month, PrimitiveDateTime, Time};

use crate::error::{
    AM_PM_REQUIRED, DATE_FORMAT_NOT_RECOGNIZED, DAY_OF_MONTH_INVALID, FORMAT_ENDS_BEFORE_INPUT,
    HOUR_INVALID, HOUR12_INVALID, INPUT_TOO_SHORT_FOR_FORMAT, INVALID_NUMBER_FORMAT,
    LITERAL_DOES_NOT_MATCH_FORMAT, MINUTES_INVALID, NON_NUMERIC_WHERE_NUMERIC, NOT_A_VALID_MONTH,
    OraError, SECONDS_INVALID, YEAR_INVALID,
};
use crate::ora;

const MONTH_NAMES: [&str; 12] = [
    "JANUARY",
    "FEBRUARY",
    "MARCH",
    "APRIL",
    "MAY",
    "JUNE",
    "JULY",
    "AUGUST",
    "SEPTEMBER",
    "OCTOBER",
    "NOVEMBER",
    "DECEMBER",
];
const DAY_NAMES: [&str; 7] =
    ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"];

/// What one date format element stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// YYYY.
    Year4,
    /// YY: last two digits; TO_DATE takes the current century.
    Year2,
    /// RR: two digits, TO_DATE picks the century nearest the current year.
    RoundYear,
    /// MM.
    Month,
    /// MON: JAN.
    MonthAbbr,
    /// MONTH: JANUARY, padded to 9 unless FM.
    MonthName,
    /// DD.
    Day,
    /// DDD: day of the year.
    DayOfYear,
    /// DY: MON.
    DayAbbr,
    /// DAY: MONDAY, padded to 9 unless FM.
    DayName,
    /// HH / HH12.
    Hour12,
    /// HH24.
    Hour24,
    /// MI.
    Minute,
    /// SS.
    Second,
    /// AM / PM.
    Meridian,
    /// FF[1-9]: fractional seconds with that many digits (6 when not given).
    Fraction(u8),
    /// FM: toggles fill mode (no padding).
    FillMode,
}

/// The element table, longest spelling first so that `MONTH` wins over `MON` and `MM`.
pub const ELEMENTS: &[(&str, Field)] = &[
    ("YYYY", Field::Year4),
    ("RRRR", Field::Year4),
    ("MONTH", Field::MonthName),
    ("HH24", Field::Hour24),
    ("HH12", Field::Hour12),
    ("DDD", Field::DayOfYear),
    ("DAY", Field::DayName),
    ("MON", Field::MonthAbbr),
    ("YY", Field::Year2),
    ("RR", Field::RoundYear),
    ("MM", Field::Month),
    ("DD", Field::Day),
    ("DY", Field::DayAbbr),
    ("HH", Field::Hour12),
    ("MI", Field::Minute),
    ("SS", Field::Second),
    ("AM", Field::Meridian),
    ("PM", Field::Meridian),
    ("FF", Field::Fraction(6)),
    ("FM", Field::FillMode),
];

/// Letter case of a name element, copied from how the format spells it (`MON`, `Mon`, `mon`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// JAN.
    Upper,
    /// Jan.
    Capital,
    /// jan.
    Lower,
}

/// One parsed element of a date format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateElem {
    /// A field, with the letter case it was written in.
    Field(Field, Case),
    /// Punctuation or quoted text, copied as is.
    Literal(String),
}

/// Parses a date format model (ORA-01821 for anything not in the table).
pub fn parse_date_format(fmt: &str) -> Result<Vec<DateElem>, OraError> {
    let chars: Vec<char> = fmt.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            let end = chars[i + 1..]
                .iter()
                .position(|&q| q == '"')
                .ok_or_else(|| ora!(DATE_FORMAT_NOT_RECOGNIZED))?;
            out.push(DateElem::Literal(chars[i + 1..i + 1 + end].iter().collect()));
            i += end + 2;
            continue;
        }
        if " -/,.;:".contains(c) {
            out.push(DateElem::Literal(c.to_string()));
            i += 1;
            continue;
        }
        let rest: String = chars[i..].iter().take(5).collect::<String>().to_ascii_uppercase();
        let (spelling, field) = ELEMENTS
            .iter()
            .find(|(s, _)| rest.starts_with(s))
            .ok_or_else(|| ora!(DATE_FORMAT_NOT_RECOGNIZED))?;
        let written: String = chars[i..i + spelling.len()].iter().collect();
        i += spelling.len();
        let mut field = *field;
        if field == Field::Fraction(6)
            && let Some(d) =
                chars.get(i).and_then(|c| c.to_digit(10)).filter(|d| (1..=9).contains(d))
        {
            field = Field::Fraction(d as u8);
            i += 1;
        }
        out.push(DateElem::Field(field, case_of(&written)));
    }
    Ok(out)
}

fn case_of(written: &str) -> Case {
    let mut cs = written.chars();
    match (cs.next(), cs.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_uppercase() => Case::Upper,
        (Some(a), _) if a.is_uppercase() => Case::Capital,
        _ => Case::Lower,
    }
}

fn apply_case(name: &str, case: Case) -> String {
    match case {
        Case::Upper => name.to_string(),
        Case::Lower => name.to_lowercase(),
        Case::Capital => {
            let lower = name.to_lowercase();
            let mut cs = lower.chars();
            cs.next().map(|f| f.to_uppercase().chain(cs).collect()).unwrap_or_default()
        }
    }
}

/// The widest text a date format can produce (the VARCHAR2 width of TO_CHAR(date, fmt)).
pub fn date_format_width(elems: &[DateElem]) -> usize {
    elems
        .iter()
        .map(|e| match e {
            DateElem::Literal(s) => s.chars().count(),
            DateElem::Field(f, _) => match f {
                Field::Year4 => 4,
                Field::MonthName | Field::DayName => 9,
                Field::MonthAbbr | Field::DayAbbr | Field::DayOfYear => 3,
                Field::Fraction(n) => *n as usize,
                Field::FillMode => 0,
                _ => 2,
            },
        })
        .sum()
}

/// TO_CHAR(date, fmt).
pub fn format_date(d: &PrimitiveDateTime, elems: &[DateElem]) -> String {
    let mut out = String::new();
    let mut fill = true;
    let num = |out: &mut String, n: i64, width: usize, fill: bool| {
        if fill {
            out.push_str(&format!("{n:0width$}"));
        } else {
            out.push_str(&n.to_string());
        }
    };
    for e in elems {
        let (f, case) = match e {
            DateElem::Literal(s) => {
                out.push_str(s);
                continue;
            }
            DateElem::Field(f, c) => (*f, *c),
        };
        let hour12 = match d.hour() % 12 {
            0 => 12,
            h => h,
        };
        match f {
            Field::FillMode => fill = !fill,
            Field::Year4 => num(&mut out, d.year() as i64, 4, fill),
            Field::Year2 | Field::RoundYear => {
                num(&mut out, d.year().rem_euclid(100) as i64, 2, fill)
            }
            Field::Month => num(&mut out, d.month() as i64, 2, fill),
            Field::Day => num(&mut out, d.day() as i64, 2, fill),
            Field::DayOfYear => num(&mut out, d.ordinal() as i64, 3, fill),
            Field::Hour12 => num(&mut out, hour12 as i64, 2, fill),
            Field::Hour24 => num(&mut out, d.hour() as i64, 2, fill),
            Field::Minute => num(&mut out, d.minute() as i64, 2, fill),
            Field::Second => num(&mut out, d.second() as i64, 2, fill),
            Field::MonthAbbr => {
                out.push_str(&apply_case(&MONTH_NAMES[d.month() as usize - 1][..3], case))
            }
            Field::MonthName => {
                push_name(&mut out, MONTH_NAMES[d.month() as usize - 1], case, fill)
            }
            Field::DayAbbr => out.push_str(&apply_case(
                &DAY_NAMES[d.weekday().number_days_from_monday() as usize][..3],
                case,
            )),
            Field::DayName => push_name(
                &mut out,
                DAY_NAMES[d.weekday().number_days_from_monday() as usize],
                case,
                fill,
            ),
            Field::Meridian => {
                out.push_str(&apply_case(if d.hour() < 12 { "AM" } else { "PM" }, case))
            }
            Field::Fraction(n) => {
                let micros = format!("{:09}", d.nanosecond());
                out.push_str(&micros[..n as usize]);
            }
        }
    }
    out
}

fn push_name(out: &mut String, name: &str, case: Case, fill: bool) {
    let s = apply_case(name, case);
    if fill { out.push_str(&format!("{s:<9}")) } else { out.push_str(&s) }
}

/// The fields TO_DATE collects before building the date.
#[derive(Default)]
struct Parts {
    year: Option<i32>,
    month: Option<u8>,
    day: Option<u8>,
    day_of_year: Option<u16>,
    hour: Option<u8>,
    hour12: bool,
    pm: Option<bool>,
    minute: u8,
    second: u8,
    nanos: u32,
}

/// TO_DATE(text, fmt). Missing fields default as in Oracle: the current year and month,
/// day 1, midnight. Punctuation in the input matches any punctuation in the format.
pub fn parse_date(
    input: &str,
    elems: &[DateElem],
    now: PrimitiveDateTime,
) -> Result<PrimitiveDateTime, OraError> {
    let s: Vec<char> = input.trim().chars().collect();
    let mut pos = 0;
    let mut p = Parts::default();
    for e in elems {
        let f = match e {
            DateElem::Literal(lit) => {
                skip_literal(&s, &mut pos, lit)?;
                continue;
            }
            DateElem::Field(f, _) => *f,
        };
        if f != Field::FillMode && pos >= s.len() {
            return Err(ora!(INPUT_TOO_SHORT_FOR_FORMAT));
        }
        match f {
            Field::FillMode => {}
            Field::Year4 => p.year = Some(digits(&s, &mut pos, 4)? as i32),
            Field::Year2 => {
                p.year =
                    Some(now.year() - now.year().rem_euclid(100) + digits(&s, &mut pos, 2)? as i32)
            }
            Field::RoundYear => {
                let start = pos;
                let n = digits(&s, &mut pos, 4)? as i32;
                p.year = Some(if pos - start > 2 { n } else { round_year(n, now.year()) });
            }
            Field::Month => p.month = Some(digits(&s, &mut pos, 2)? as u8),
            Field::MonthAbbr | Field::MonthName => p.month = Some(month_name(&s, &mut pos)?),
            Field::Day => p.day = Some(digits(&s, &mut pos, 2)? as u8),
            Field::DayOfYear => p.day_of_year = Some(digits(&s, &mut pos, 3)? as u16),
            Field::DayAbbr | Field::DayName => skip_day_name(&s, &mut pos)?,
            Field::Hour12 | Field::Hour24 => {
                p.hour = Some(digits(&s, &mut pos, 2)? as u8);
                p.hour12 = f == Field::Hour12;
            }
            Field::Minute => p.minute = digits(&s, &mut pos, 2)? as u8,
            Field::Second => p.second = digits(&s, &mut pos, 2)? as u8,
            Field::Meridian => p.pm = Some(meridian(&s, &mut pos)?),
            Field::Fraction(n) => {
                let start = pos;
                let v = digits(&s, &mut pos, n.max(9) as usize)?;
                let len = (pos - start) as u32;
                p.nanos = (v * 10u64.pow(9u32.saturating_sub(len))) as u32;
            }
        }
    }
    if pos < s.len() {
        return Err(ora!(FORMAT_ENDS_BEFORE_INPUT));
    }
    build_date(p, now)
}

fn round_year(yy: i32, current: i32) -> i32 {
    let century = current - current.rem_euclid(100);
    let cur2 = current.rem_euclid(100);
    match (cur2 < 50, yy < 50) {
        (true, true) | (false, false) => century + yy,
        (true, false) => century - 100 + yy,
        (false, true) => century + 100 + yy,
    }
}

fn build_date(p: Parts, now: PrimitiveDateTime) -> Result<PrimitiveDateTime, OraError> {
    let year = p.year.unwrap_or(now.year());
    if year == 0 || !(-4713..=9999).contains(&year) {
        return Err(ora!(YEAR_INVALID));
    }
    let mut hour = p.hour.unwrap_or(0);
    if p.hour12 || p.pm.is_some() {
        if !(1..=12).contains(&hour) {
            return Err(ora!(HOUR12_INVALID));
        }
        hour = hour % 12 + if p.pm == Some(true) { 12 } else { 0 };
    }
    if hour > 23 {
        return Err(ora!(HOUR_INVALID));
    }
    if p.minute > 59 {
        return Err(ora!(MINUTES_INVALID));
    }
    if p.second > 59 {
        return Err(ora!(SECONDS_INVALID));
    }
    let date = if let Some(doy) = p.day_of_year {
        Date::from_ordinal_date(year, doy).map_err(|_| ora!(DAY_OF_MONTH_INVALID))?
    } else {
        let m = p.month.unwrap_or(now.month() as u8);
        let month = Month::try_from(m).map_err(|_| ora!(NOT_A_VALID_MONTH))?;
        Date::from_calendar_date(year, month, p.day.unwrap_or(1))
            .map_err(|_| ora!(DAY_OF_MONTH_INVALID))?
    };
    let time =
        Time::from_hms_nano(hour, p.minute, p.second, p.nanos).map_err(|_| ora!(HOUR_INVALID))?;
    Ok(PrimitiveDateTime::new(date, time))
}

fn skip_literal(s: &[char], pos: &mut usize, lit: &str) -> Result<(), OraError> {
    for lc in lit.chars() {
        match s.get(*pos) {
            Some(c) if c.eq_ignore_ascii_case(&lc) => *pos += 1,
            Some(c) if !c.is_alphanumeric() && !lc.is_alphanumeric() => *pos += 1,
            // Oracle tolerates missing separators between numeric fields.
            Some(c) if c.is_ascii_digit() && !lc.is_alphanumeric() => {}
            None => {}
            _ => return Err(ora!(LITERAL_DOES_NOT_MATCH_FORMAT)),
        }
    }
    Ok(())
}

fn digits(s: &[char], pos: &mut usize, max: usize) -> Result<u64, OraError> {
    let start = *pos;
    let mut n: u64 = 0;
    while *pos < s.len() && *pos - start < max {
        match s[*pos].to_digit(10) {
            Some(d) => n = n * 10 + d as u64,
            None => break,
        }
        *pos += 1;
    }
    if *pos == start {
        return Err(ora!(NON_NUMERIC_WHERE_NUMERIC));
    }
    Ok(n)
}

fn alpha_word(s: &[char], pos: &mut usize) -> String {
    let start = *pos;
    while *pos < s.len() && s[*pos].is_alphabetic() {
        *pos += 1;
    }
    s[start..*pos].iter().collect::<String>().to_uppercase()
}

fn month_name(s: &[char], pos: &mut usize) -> Result<u8, OraError> {
    let w = alpha_word(s, pos);
    MONTH_NAMES
        .iter()
        .position(|m| w.len() >= 3 && (*m == w || (w.len() == 3 && m.starts_with(&w))))
        .map(|i| i as u8 + 1)
        .ok_or_else(|| ora!(NOT_A_VALID_MONTH))
}

fn skip_day_name(s: &[char], pos: &mut usize) -> Result<(), OraError> {
    let w = alpha_word(s, pos);
    if DAY_NAMES.iter().any(|d| *d == w || (w.len() == 3 && d.starts_with(&w))) {
        Ok(())
    } else {
        Err(ora!(LITERAL_DOES_NOT_MATCH_FORMAT))
    }
}

fn meridian(s: &[char], pos: &mut usize) -> Result<bool, OraError> {
    let w = alpha_word(s, pos);
    match w.as_str() {
        "AM" => Ok(false),
        "PM" => Ok(true),
        _ => Err(ora!(AM_PM_REQUIRED)),
    }
}

/// A parsed number format model: `[FM][$]9,990.99`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberFormat {
    fill_mode: bool,
    dollar: bool,
    /// Integer-part characters: '9', '0' or ','.
    int: Vec<char>,
    /// Fraction-part characters: '9' or '0' (None = no decimal point).
    frac: Option<Vec<char>>,
}

impl NumberFormat {
    /// Parses a number format model (ORA-01481 for anything unsupported).
    pub fn parse(fmt: &str) -> Result<NumberFormat, OraError> {
        let mut f = NumberFormat { fill_mode: false, dollar: false, int: Vec::new(), frac: None };
        let upper = fmt.to_ascii_uppercase();
        let mut rest = upper.as_str();
        if let Some(r) = rest.strip_prefix("FM") {
            f.fill_mode = true;
            rest = r;
        }
        if let Some(r) = rest.strip_prefix('$') {
            f.dollar = true;
            rest = r;
        }
        for c in rest.chars() {
            match (c, &mut f.frac) {
                ('9' | '0', None) => f.int.push(c),
                (',' | 'G', None) => f.int.push(','),
                ('.' | 'D', None) => f.frac = Some(Vec::new()),
                ('9' | '0', Some(fr)) => fr.push(c),
                _ => return Err(ora!(INVALID_NUMBER_FORMAT)),
            }
        }
        Ok(f)
    }

    /// The width of the output (sign position included).
    pub fn width(&self) -> usize {
        1 + self.dollar as usize + self.int.len() + self.frac.as_ref().map_or(0, |f| f.len() + 1)
    }

    /// TO_CHAR(n, fmt): `#` across the whole width if the number does not fit.
    pub fn format(&self, n: Decimal) -> String {
        let frac_len = self.frac.as_ref().map_or(0, |f| f.len());
        let r = n.round_dp_with_strategy(frac_len as u32, RoundingStrategy::MidpointAwayFromZero);
        let abs = r.abs();
        let int_part = abs.trunc().to_string();
        let int_digits: Vec<char> =
            if int_part == "0" && frac_len > 0 { Vec::new() } else { int_part.chars().collect() };
        let slots = self.int.iter().filter(|c| **c != ',').count();
        if int_digits.len() > slots {
            return "#".repeat(self.width());
        }
        let first_zero = self.int.iter().position(|c| *c == '0');
        // Walk the integer slots from the right, taking digits from the right.
        let mut body: Vec<char> = Vec::new();
        let mut di = int_digits.len();
        for (i, c) in self.int.iter().enumerate().rev() {
            let zero_fill = first_zero.is_some_and(|z| i >= z);
            if *c == ',' {
                if di > 0 || zero_fill {
                    body.push(',');
                }
                continue;
            }
            if di > 0 {
                di -= 1;
                body.push(int_digits[di]);
            } else if zero_fill {
                body.push('0');
            }
        }
        body.reverse();
        let mut s: String = body.into_iter().collect();
        if let Some(fr) = &self.frac {
            let scaled = abs.fract().to_string();
            let digits: Vec<char> = scaled.strip_prefix("0.").unwrap_or("").chars().collect();
            let mut f: Vec<char> =
                (0..fr.len()).map(|i| digits.get(i).copied().unwrap_or('0')).collect();
            if self.fill_mode {
                while f.len() > fr.iter().rposition(|c| *c == '0').map_or(0, |p| p + 1)
                    && f.last() == Some(&'0')
                {
                    f.pop();
                }
            }
            s.push('.');
            s.extend(f);
        }
        if self.dollar {
            s.insert(0, '$');
        }
        if r.is_sign_negative() && !r.is_zero() {
            s.insert(0, '-');
        }
        if self.fill_mode { s } else { format!("{s:>width$}", width = self.width()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn fmt_date(d: PrimitiveDateTime, f: &str) -> String {
        format_date(&d, &parse_date_format(f).unwrap())
    }

    #[test]
    fn date_elements_format() {
        let d = datetime!(2026-01-05 09:03:07);
        assert_eq!(fmt_date(d, "YYYY-MM-DD HH24:MI:SS"), "2026-01-05 09:03:07");
        assert_eq!(fmt_date(d, "DD-MON-YYYY"), "05-JAN-2026");
        assert_eq!(fmt_date(d, "DD-Mon-RR"), "05-Jan-26");
        assert_eq!(fmt_date(d, "HH24:MI"), "09:03");
        assert_eq!(fmt_date(datetime!(2026-01-05 15:00:00), "HH:MI PM"), "03:00 PM");
        assert_eq!(fmt_date(d, "Day, Month DD"), "Monday   , January   05");
        assert_eq!(fmt_date(d, "FMDay, Month DD"), "Monday, January 5");
        assert_eq!(fmt_date(d, "\"at\" HH24"), "at 09");
        assert_eq!(fmt_date(d, "DY"), "MON");
    }

    #[test]
    fn unknown_date_element_is_01821() {
        assert_eq!(parse_date_format("YYYY-QX").unwrap_err().code.number, 1821);
    }

    #[test]
    fn date_parsing_round_trips() {
        let now = datetime!(2026-03-10 12:00:00);
        let e = parse_date_format("YYYY-MM-DD HH24:MI:SS").unwrap();
        assert_eq!(
            parse_date("2025-12-31 23:59:58", &e, now).unwrap(),
            datetime!(2025-12-31 23:59:58)
        );
        let e = parse_date_format("DD-MON-RR").unwrap();
        assert_eq!(parse_date("05-jan-99", &e, now).unwrap(), datetime!(1999-01-05 00:00:00));
        assert_eq!(parse_date("05-JAN-26", &e, now).unwrap(), datetime!(2026-01-05 00:00:00));
        let e = parse_date_format("HH24:MI").unwrap();
        assert_eq!(parse_date("07:30", &e, now).unwrap(), datetime!(2026-03-01 07:30:00));
    }

    #[test]
    fn date_parsing_errors() {
        let now = datetime!(2026-03-10 12:00:00);
        let e = parse_date_format("YYYY-MM-DD").unwrap();
        assert_eq!(parse_date("2026-13-01", &e, now).unwrap_err().code.number, 1843);
        assert_eq!(parse_date("2026-02-30", &e, now).unwrap_err().code.number, 1847);
        assert_eq!(parse_date("2026-02-01 10", &e, now).unwrap_err().code.number, 1830);
        assert_eq!(parse_date("2026-02", &e, now).unwrap_err().code.number, 1840);
        assert_eq!(parse_date("20x6-02-01", &e, now).unwrap_err().code.number, 1861);
        let e = parse_date_format("HH24:MI").unwrap();
        assert_eq!(parse_date("25:00", &e, now).unwrap_err().code.number, 1850);
    }

    fn num(n: &str, f: &str) -> String {
        NumberFormat::parse(f).unwrap().format(n.parse().unwrap())
    }

    #[test]
    fn number_formats() {
        assert_eq!(num("5", "999"), "   5");
        assert_eq!(num("-5", "999"), "  -5");
        assert_eq!(num("5", "0000"), " 0005");
        assert_eq!(num("5", "FM999"), "5");
        assert_eq!(num("1234.567", "9,999.99"), " 1,234.57");
        assert_eq!(num("0.5", "9.99"), "  .50");
        assert_eq!(num("0.5", "0.99"), " 0.50");
        assert_eq!(num("1.5", "FM9.99"), "1.5");
        assert_eq!(num("1000", "999"), "####");
        assert_eq!(num("12", "$99"), " $12");
        assert_eq!(NumberFormat::parse("9X9").unwrap_err().code.number, 1481);
    }
}
