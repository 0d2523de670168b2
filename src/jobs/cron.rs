//! Cron expressions of schedules' RECURRING clause: five fields (minute, hour, day of month,
//! month, day of week) with `*`, lists, ranges and `/step`, and the macros `@yearly`
//! (`@annually`), `@monthly`, `@weekly`, `@daily` (`@midnight`), `@hourly`. Times are UTC.
//! Hand-written: the maintained cron crates bring their own date library; this engine uses
//! `time`.

use time::{Date, Duration as TimeDuration, PrimitiveDateTime, Time};

/// A parsed cron expression: for each field, the set of allowed values as a bit mask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cron {
    minutes: u64,
    hours: u64,
    days: u64,
    months: u64,
    weekdays: u64,
    /// Both day fields restricted: a day matches if either does (classic cron).
    day_or: bool,
}

/// Fields' ranges: (min, max).
const RANGES: [(u32, u32); 5] = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)];

impl Cron {
    /// Parses `expr`; the error says what is wrong.
    pub fn parse(expr: &str) -> Result<Cron, String> {
        let expanded = match expr.trim().to_ascii_lowercase().as_str() {
            "@yearly" | "@annually" => "0 0 1 1 *".to_string(),
            "@monthly" => "0 0 1 * *".into(),
            "@weekly" => "0 0 * * 0".into(),
            "@daily" | "@midnight" => "0 0 * * *".into(),
            "@hourly" => "0 * * * *".into(),
            other if other.starts_with('@') => return Err(format!("unknown cron macro {expr}")),
            other => other.to_string(),
        };
        let fields: Vec<&str> = expanded.split_whitespace().collect();
        if fields.len() != 5 {
            return Err(format!("expected exactly 5 fields, found {}: [{expr}]", fields.len()));
        }
        let mut masks = [0u64; 5];
        for (i, f) in fields.iter().enumerate() {
            masks[i] = field(f, RANGES[i])?;
        }
        // Sunday is 0 or 7.
        if masks[4] & (1 << 7) != 0 {
            masks[4] |= 1;
        }
        Ok(Cron {
            minutes: masks[0],
            hours: masks[1],
            days: masks[2],
            months: masks[3],
            weekdays: masks[4] & 0x7f,
            day_or: fields[2] != "*" && fields[4] != "*",
        })
    }

    /// The first time strictly after `after` (to the minute) that matches, within 5 years.
    pub fn next_after(&self, after: PrimitiveDateTime) -> Option<PrimitiveDateTime> {
        let start =
            after.replace_second(0).ok()?.replace_nanosecond(0).ok()? + TimeDuration::minutes(1);
        let mut day = start.date();
        for _ in 0..(366 * 5) {
            if self.day_matches(day) {
                let from = if day == start.date() { start.time() } else { Time::MIDNIGHT };
                if let Some(t) = self.time_in_day(from) {
                    return Some(PrimitiveDateTime::new(day, t));
                }
            }
            day = day.next_day()?;
        }
        None
    }

    fn day_matches(&self, d: Date) -> bool {
        if self.months & (1 << u8::from(d.month())) == 0 {
            return false;
        }
        let dom = self.days & (1 << d.day()) != 0;
        let dow = self.weekdays & (1 << d.weekday().number_days_from_sunday()) != 0;
        if self.day_or { dom || dow } else { dom && dow }
    }

    fn time_in_day(&self, from: Time) -> Option<Time> {
        (from.hour()..24).filter(|h| self.hours & (1 << h) != 0).find_map(|h| {
            let first = if h == from.hour() { from.minute() } else { 0 };
            (first..60)
                .find(|m| self.minutes & (1 << m) != 0)
                .and_then(|m| Time::from_hms(h, m, 0).ok())
        })
    }
}

/// One field: comma-separated items, each `*`, `n`, `a-b`, optionally `/step`.
fn field(text: &str, (min, max): (u32, u32)) -> Result<u64, String> {
    let mut mask = 0u64;
    for item in text.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((r, s)) => (r, number(s)?),
            None => (item, 1),
        };
        if step == 0 {
            return Err(format!("step of range should be a positive number: {item}"));
        }
        let (lo, hi) = match range {
            "*" => (min, max),
            r => match r.split_once('-') {
                Some((a, b)) => (number(a)?, number(b)?),
                None if step > 1 => (number(r)?, max),
                None => (number(r)?, number(r)?),
            },
        };
        if lo < min || hi > max || lo > hi {
            return Err(format!("value out of range ({min} - {max}): {item}"));
        }
        mask |= (lo..=hi).step_by(step as usize).fold(0u64, |m, v| m | (1 << v));
    }
    Ok(mask)
}

fn number(s: &str) -> Result<u32, String> {
    s.parse().map_err(|_| format!("failed to parse int from {s}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn next(expr: &str, after: PrimitiveDateTime) -> PrimitiveDateTime {
        Cron::parse(expr).unwrap().next_after(after).unwrap()
    }

    #[test]
    fn macros() {
        let t = datetime!(2026-01-05 09:00:00);
        assert_eq!(next("@hourly", t), datetime!(2026-01-05 10:00:00));
        assert_eq!(next("@daily", t), datetime!(2026-01-06 00:00:00));
        assert_eq!(next("@weekly", t), datetime!(2026-01-11 00:00:00)); // a Sunday
        assert_eq!(next("@monthly", t), datetime!(2026-02-01 00:00:00));
        assert_eq!(next("@yearly", t), datetime!(2027-01-01 00:00:00));
    }

    #[test]
    fn fields() {
        let t = datetime!(2026-01-05 09:07:30);
        assert_eq!(next("*/15 * * * *", t), datetime!(2026-01-05 09:15:00));
        assert_eq!(next("5,10 9-10 * * *", t), datetime!(2026-01-05 09:10:00));
        assert_eq!(next("0 3 * * 1-5", t), datetime!(2026-01-06 03:00:00));
        assert_eq!(next("0 0 1 * 7", t), datetime!(2026-01-11 00:00:00)); // dom OR dow
        assert_eq!(next("30 12 29 2 *", t), datetime!(2028-02-29 12:30:00));
    }

    #[test]
    fn errors() {
        assert!(Cron::parse("* * * *").is_err());
        assert!(Cron::parse("60 * * * *").is_err());
        assert!(Cron::parse("*/0 * * * *").is_err());
        assert!(Cron::parse("@often").is_err());
        assert!(Cron::parse("a * * * *").is_err());
    }
}
