//! SQL*Plus output: turns an [`Outcome`] or an [`OraError`] into the lines SQL*Plus prints
//! (shared/reference/oracle.md §7), under the current SET options and COLUMN formats.
//!
//! Layout rules implemented here:
//! - a query prints an empty line, then pages (each page: the heading line(s) and dash
//!   underline, then rows; pages after the first start with an empty line), then an empty
//!   line, `n rows selected.` and an empty line when n >= FEEDBACK, or just the empty line.
//!   Zero rows print `no rows selected` between empty lines (nothing with FEEDBACK OFF);
//! - DML and other statements print an empty line, their feedback text, an empty line;
//! - DBMS_OUTPUT lines come first (right after the call), before the feedback;
//! - CockroachDB errors print as the cockroach CLI does: `ERROR: text`, `SQLSTATE: xxxxx`, an
//!   empty line; CockroachDB command tags (`CANCEL SESSIONS 1`) print like SQL*Plus feedback;
//! - errors echo the statement line holding the error position with `*` under its column,
//!   `ERROR at line N:`, the error stack, and two empty lines; errors SQL*Plus shows without a
//!   position print `ERROR:` instead of the echo.
//!
//! Widths: NUMBER = max(NUMWIDTH, heading length), right-aligned; character columns the
//! declared width (heading truncated to it), at most LINESIZE; DATE 9; `COLUMN FORMAT`
//! overrides. A value wider than its character column wraps inside the column (SQL*Plus
//! WRAP ON); a row wider than LINESIZE is split by columns onto several lines, the headings
//! likewise (nothing is truncated).
//! A row that takes more than one line is followed by an empty line (SQL*Plus RECSEP WRAPPED).
//! Trailing blanks are trimmed from every line (SQL*Plus TRIMOUT ON).

use rust_decimal::prelude::*;

use super::commands::{ColumnFormat, Columns, Settings};
use crate::error::{NOT_CONNECTED, NOT_LOGGED_ON, OraError, QUOTED_STRING_NOT_TERMINATED};
use crate::exec::{Outcome, ResultSet};
use crate::value::{ColumnDesc, SqlType, Value};

/// The lines printed for a successful call: DBMS_OUTPUT lines (when SERVEROUTPUT is ON), then
/// the rows or feedback.
pub fn outcome_lines(
    outcome: &Outcome,
    output: &[String],
    settings: &Settings,
    columns: &Columns,
) -> Vec<String> {
    let shown: &[String] = if settings.serveroutput { output } else { &[] };
    let mut lines = Vec::new();
    match outcome {
        Outcome::Rows(rs) => {
            lines = rows_lines(rs, settings, columns, shown);
        }
        Outcome::Affected { verb, count } => {
            lines.extend(shown.iter().cloned());
            if settings.feedback > 0 {
                let rows = if *count == 1 { "row" } else { "rows" };
                lines.extend([
                    String::new(),
                    format!("{count} {rows} {}.", verb.participle()),
                    String::new(),
                ]);
            }
        }
        Outcome::Done(done) => {
            lines.extend(shown.iter().cloned());
            if settings.feedback > 0 {
                lines.extend([String::new(), done.to_string(), String::new()]);
            }
        }
    }
    trim(lines)
}

/// Errors SQL*Plus prints under `ERROR:` rather than with a statement position.
pub fn positionless(err: &OraError) -> bool {
    [NOT_LOGGED_ON, NOT_CONNECTED, QUOTED_STRING_NOT_TERMINATED].iter().any(|c| err.is(*c))
}

/// The lines printed for a failed call of `text` (the statement as sent).
pub fn error_lines(
    err: &OraError,
    text: &str,
    output: &[String],
    settings: &Settings,
) -> Vec<String> {
    let mut lines: Vec<String> = if settings.serveroutput { output.to_vec() } else { Vec::new() };
    if let Some(state) = err.crdb_sqlstate() {
        // The cockroach CLI: `ERROR: text`, then `SQLSTATE: xxxxx`.
        lines.push(err.to_string());
        lines.push(format!("SQLSTATE: {state}"));
        lines.push(String::new());
        return trim(lines);
    }
    if positionless(err) {
        lines.push("ERROR:".into());
    } else {
        let (line_no, col, line) = locate(text, err.pos.unwrap_or(0));
        lines.push(line.to_string());
        lines.push(format!("{}*", " ".repeat(col)));
        lines.push(format!("ERROR at line {line_no}:"));
    }
    lines.extend(err.to_string().lines().map(String::from));
    lines.extend([String::new(), String::new()]);
    trim(lines)
}

/// The lines for an error that is not about a statement (CONNECT failures): `ERROR:`, the
/// error, two empty lines.
pub fn plain_error_lines(err: &OraError) -> Vec<String> {
    let mut lines = vec!["ERROR:".to_string()];
    lines.extend(err.to_string().lines().map(String::from));
    lines.extend([String::new(), String::new()]);
    lines
}

/// The 1-based line, the 0-based column (in characters) and the text of the line holding
/// byte offset `pos` of `text`.
fn locate(text: &str, pos: usize) -> (usize, usize, &str) {
    let mut pos = pos.min(text.len());
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    let before = &text[..pos];
    let line_no = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = text[start..].split('\n').next().unwrap_or("");
    (line_no, text[start..pos].chars().count(), line)
}

fn trim(lines: Vec<String>) -> Vec<String> {
    lines.into_iter().map(|l| l.trim_end().to_string()).collect()
}

/// How one column is shown.
struct Layout {
    heading: String,
    width: usize,
    numeric: bool,
    format: Option<ColumnFormat>,
}

fn layout(desc: &ColumnDesc, settings: &Settings, columns: &Columns) -> Option<Layout> {
    let spec = columns.get(&desc.name);
    if spec.is_some_and(|s| s.noprint) {
        return None;
    }
    let heading = spec.and_then(|s| s.heading.clone()).unwrap_or_else(|| desc.name.clone());
    let format = spec.and_then(|s| s.format.clone());
    let numeric = desc.ty.is_numeric() && !matches!(format, Some(ColumnFormat::Chars(_)));
    let hlen = heading.chars().count();
    let (width, heading) = match (&format, numeric) {
        (Some(ColumnFormat::Number(pic)), true) => ((pic.len() + 1).max(hlen), heading),
        (None, true) => (settings.numwidth.max(hlen), heading),
        (Some(ColumnFormat::Chars(w)), _) => {
            let w = (*w).min(settings.linesize);
            (w, heading.chars().take(w).collect())
        }
        (_, false) => {
            // A column is never wider than the line: longer values wrap inside it.
            let w = match desc.ty {
                SqlType::Number { .. } => settings.numwidth,
                ty => ty.display_width(),
            }
            .clamp(1, settings.linesize);
            (w, heading.chars().take(w).collect())
        }
    };
    let format = if numeric { format } else { None };
    Some(Layout { heading, width, numeric, format })
}

/// Renders one value into the pieces (physical lines) of its cell.
fn cell(value: &Value, l: &Layout) -> Vec<String> {
    if value.is_null() {
        return vec![String::new()];
    }
    if l.numeric {
        let text = match (&l.format, value) {
            (Some(ColumnFormat::Number(pic)), Value::Number(d)) => number_picture(*d, pic),
            (None, Value::Number(d)) => fit_number(*d, l.width),
            _ => value.to_string(),
        };
        let text = if text.chars().count() > l.width { "#".repeat(l.width) } else { text };
        return vec![format!("{text:>w$}", w = l.width)];
    }
    let text = value.to_string();
    let mut pieces = Vec::new();
    for part in text.split('\n') {
        let chars: Vec<char> = part.chars().collect();
        if chars.is_empty() {
            pieces.push(String::new());
        }
        for chunk in chars.chunks(l.width) {
            pieces.push(chunk.iter().collect());
        }
    }
    pieces
}

/// A NUMBER without a format, in at most `width` characters (rounded, or in scientific
/// notation when the integer part does not fit, as SQL*Plus does).
fn fit_number(d: Decimal, width: usize) -> String {
    let plain = Value::Number(d).to_string();
    if plain.len() <= width {
        return plain;
    }
    let int_len = d.trunc().abs().to_string().len() + usize::from(d.is_sign_negative());
    if int_len < width && plain.contains('.') {
        let dp = (width - int_len - 1) as u32;
        return Value::Number(d.round_dp(dp)).to_string();
    }
    let f = d.to_f64().unwrap_or(0.0);
    let sign = usize::from(f < 0.0);
    let digits = width.saturating_sub(6 + sign);
    let s = format!("{f:.digits$E}");
    // Rust prints 1.2E10; SQL*Plus prints 1.2E+10.
    match s.split_once('E') {
        Some((m, e)) if !e.starts_with('-') => format!("{m}E+{e:0>2}"),
        Some((m, e)) => format!("{m}E-{:0>2}", &e[1..]),
        None => s,
    }
}

/// A NUMBER through a picture of `9`, `0`, `,` and `.`.
fn number_picture(d: Decimal, pic: &str) -> String {
    let (int_pic, dec_pic) = pic.split_once('.').unwrap_or((pic, ""));
    let decimals = dec_pic.chars().filter(|c| matches!(c, '9' | '0')).count() as u32;
    let r = d.abs().round_dp(decimals);
    let int_digits = r.trunc().to_string();
    let frac = format!("{:.*}", decimals as usize, r.fract());
    let frac = frac.split_once('.').map_or(String::new(), |(_, f)| f.to_string());
    let slots = int_pic.chars().filter(|c| matches!(c, '9' | '0')).count();
    let zero_pad = int_pic
        .find('0')
        .map_or(0, |i| int_pic[i..].chars().filter(|c| matches!(c, '9' | '0')).count());
    let mut digits: Vec<char> =
        if int_digits == "0" && decimals > 0 { Vec::new() } else { int_digits.chars().collect() };
    if digits.len() > slots {
        return "#".repeat(pic.len() + 1);
    }
    while digits.len() < zero_pad {
        digits.insert(0, '0');
    }
    // Lay the digits into the integer picture from the right, keeping commas between digits.
    let mut out = Vec::new();
    let mut it = digits.iter().rev();
    let mut pending = it.next();
    for p in int_pic.chars().rev() {
        if pending.is_none() {
            break;
        }
        if p == ',' {
            out.push(',');
        } else if let Some(c) = pending {
            out.push(*c);
            pending = it.next();
        }
    }
    let mut s: String = out.into_iter().rev().collect();
    if s.starts_with(',') {
        s.remove(0);
    }
    if decimals > 0 {
        s.push('.');
        s.push_str(&frac);
    }
    if d.is_sign_negative() && !r.is_zero() {
        s.insert(0, '-');
    }
    s
}

/// Splits column indexes into groups that fit LINESIZE (each group holds at least one).
fn line_groups(layouts: &[Layout], settings: &Settings) -> Vec<Vec<usize>> {
    let sep = settings.colsep.chars().count();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut used = 0;
    for (i, l) in layouts.iter().enumerate() {
        match groups.last_mut() {
            Some(g) if used + sep + l.width <= settings.linesize => {
                g.push(i);
                used += sep + l.width;
            }
            _ => {
                groups.push(vec![i]);
                used = l.width;
            }
        }
    }
    groups
}

fn pad(text: &str, l: &Layout) -> String {
    if l.numeric { format!("{text:>w$}", w = l.width) } else { format!("{text:<w$}", w = l.width) }
}

/// The heading and underline lines of every group.
fn heading_lines(layouts: &[Layout], groups: &[Vec<usize>], settings: &Settings) -> Vec<String> {
    let mut lines = Vec::new();
    for g in groups {
        let heads: Vec<String> = g.iter().map(|&i| pad(&layouts[i].heading, &layouts[i])).collect();
        let dashes: Vec<String> = g.iter().map(|&i| "-".repeat(layouts[i].width)).collect();
        lines.push(heads.join(&settings.colsep));
        lines.push(dashes.join(&settings.colsep));
    }
    lines
}

/// The physical lines of one row.
fn record_lines(
    row: &[Value],
    keep: &[usize],
    layouts: &[Layout],
    groups: &[Vec<usize>],
    sep: &str,
) -> Vec<String> {
    let mut lines = Vec::new();
    for g in groups {
        let cells: Vec<Vec<String>> = g
            .iter()
            .map(|&i| cell(row.get(keep[i]).unwrap_or(&Value::Null), &layouts[i]))
            .collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(1);
        for k in 0..height {
            let parts: Vec<String> = g
                .iter()
                .zip(&cells)
                .map(|(&i, c)| pad(c.get(k).map_or("", String::as_str), &layouts[i]))
                .collect();
            lines.push(parts.join(sep));
        }
    }
    lines
}

fn rows_lines(
    rs: &ResultSet,
    settings: &Settings,
    columns: &Columns,
    output: &[String],
) -> Vec<String> {
    let n = rs.rows.len();
    if n == 0 {
        let mut lines = output.to_vec();
        if settings.feedback > 0 {
            lines.extend([String::new(), "no rows selected".to_string(), String::new()]);
        }
        return lines;
    }
    let mut keep = Vec::new();
    let mut layouts = Vec::new();
    for (i, desc) in rs.columns.iter().enumerate() {
        if let Some(l) = layout(desc, settings, columns) {
            keep.push(i);
            layouts.push(l);
        }
    }
    let groups = line_groups(&layouts, settings);
    let headings = if settings.heading && settings.pagesize > 0 {
        heading_lines(&layouts, &groups, settings)
    } else {
        Vec::new()
    };
    let mut lines = Vec::new();
    // Lines used on the current page; None before the first page.
    let mut page_used: Option<usize> = None;
    for row in &rs.rows {
        let mut rec = record_lines(row, &keep, &layouts, &groups, &settings.colsep);
        if rec.len() > 1 {
            // RECSEP WRAPPED: an empty line after each row that took more than one line.
            rec.push(String::new());
        }
        let new_page = match page_used {
            None => true,
            Some(used) => settings.pagesize > 0 && used + rec.len() > settings.pagesize,
        };
        if new_page {
            if settings.pagesize > 0 {
                lines.push(String::new());
            }
            lines.extend(headings.iter().cloned());
            page_used = Some(1 + headings.len());
        }
        let used = page_used.get_or_insert(0);
        *used += rec.len();
        lines.extend(rec);
    }
    lines.extend(output.iter().cloned());
    lines.push(String::new());
    if settings.feedback > 0 && n as u64 >= settings.feedback {
        let rows = if n == 1 { "row" } else { "rows" };
        lines.extend([format!("{n} {rows} selected."), String::new()]);
    }
    lines
}

/// The display text of a value for COLUMN NEW_VALUE (formatted as the column shows it).
pub fn new_value_text(
    value: &Value,
    desc: &ColumnDesc,
    settings: &Settings,
    columns: &Columns,
) -> String {
    match (layout(desc, settings, columns), value) {
        (Some(l), Value::Number(_)) if l.numeric => cell(value, &l).concat().trim().to_string(),
        _ => value.to_text().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{SESSION_KILLED, TABLE_NOT_FOUND};
    use crate::exec::{Dml, Done};
    use crate::ora;
    use time::macros::datetime;

    fn sessions_rs(n: usize) -> ResultSet {
        ResultSet {
            columns: vec![
                ColumnDesc::new("SID", SqlType::NUMBER),
                ColumnDesc::new("USERNAME", SqlType::Varchar2(12)),
                ColumnDesc::new("LOGON_TIME", SqlType::Date),
                ColumnDesc::new("STATUS", SqlType::Varchar2(3)),
            ],
            rows: (0..n)
                .map(|i| {
                    vec![
                        Value::int(i as i64 + 1),
                        if i == 1 { Value::Null } else { Value::text("SCOTT") },
                        Value::Date(datetime!(2026-01-05 09:00:00)),
                        Value::text("ACTIVE"),
                    ]
                })
                .collect(),
        }
    }

    fn show(rs: ResultSet, settings: &Settings) -> Vec<String> {
        outcome_lines(&Outcome::Rows(rs), &[], settings, &Columns::default())
    }

    #[test]
    fn query_layout_types_nulls_and_small_feedback() {
        let lines = show(sessions_rs(2), &Settings::default());
        assert_eq!(
            lines,
            vec![
                "",
                "       SID USERNAME     LOGON_TIM STA",
                "---------- ------------ --------- ---",
                "         1 SCOTT        05-JAN-26 ACT",
                "                                  IVE",
                "",
                "         2              05-JAN-26 ACT",
                "                                  IVE",
                "",
                "",
            ]
        );
    }

    #[test]
    fn feedback_threshold() {
        let mut s = Settings::default();
        let lines = show(sessions_rs(6), &s);
        assert_eq!(&lines[lines.len() - 3..], ["", "6 rows selected.", ""]);
        let lines = show(sessions_rs(5), &s);
        assert_ne!(lines[lines.len() - 2], "5 rows selected.");
        s.feedback = 1;
        let lines = show(sessions_rs(1), &s);
        assert_eq!(&lines[lines.len() - 3..], ["", "1 row selected.", ""]);
        assert_eq!(show(sessions_rs(0), &s), vec!["", "no rows selected", ""]);
        s.feedback = 0;
        assert!(show(sessions_rs(0), &s).is_empty());
    }

    #[test]
    fn pagination_repeats_headings_every_pagesize_lines() {
        let mut rs = sessions_rs(25);
        rs.columns.truncate(1);
        let lines = show(rs, &Settings::default());
        // Page: empty line, heading, underline, 11 rows.
        let headings: Vec<usize> =
            lines.iter().enumerate().filter(|(_, l)| l.ends_with("SID")).map(|(i, _)| i).collect();
        assert_eq!(headings, vec![1, 15, 29]);
        assert_eq!(lines[14], "");
        assert_eq!(lines[13].trim(), "11");
        assert_eq!(lines[17].trim(), "12");
        assert_eq!(&lines[lines.len() - 3..], ["", "25 rows selected.", ""]);
    }

    #[test]
    fn pagesize_zero_and_heading_off() {
        let mut rs = sessions_rs(2);
        rs.columns.truncate(2);
        let s = Settings { pagesize: 0, ..Settings::default() };
        assert_eq!(show(rs.clone(), &s), vec!["         1 SCOTT", "         2", ""]);
        let s = Settings { heading: false, ..Settings::default() };
        assert_eq!(show(rs, &s), vec!["", "         1 SCOTT", "         2", ""]);
    }

    #[test]
    fn column_format_and_heading_override() {
        let mut cols = Columns::default();
        cols.apply(&super::super::commands::words("username format a5 heading who")).unwrap();
        cols.apply(&super::super::commands::words("sid format 9,999.9 heading S")).unwrap();
        cols.apply(&super::super::commands::words("logon_time noprint")).unwrap();
        let mut rs = sessions_rs(1);
        rs.rows[0][0] = Value::Number(Decimal::new(12345, 1));
        let lines = outcome_lines(&Outcome::Rows(rs), &[], &Settings::default(), &cols);
        assert_eq!(lines[1..4], ["       S who   STA", "-------- ----- ---", " 1,234.5 SCOTT ACT"]);
    }

    #[test]
    fn linesize_splits_columns_onto_lines() {
        let s = Settings { linesize: 25, ..Settings::default() };
        let lines = show(sessions_rs(1), &s);
        assert_eq!(
            lines,
            vec![
                "",
                "       SID USERNAME",
                "---------- ------------",
                "LOGON_TIM STA",
                "--------- ---",
                "         1 SCOTT",
                "05-JAN-26 ACT",
                "          IVE",
                "",
                "",
            ]
        );
    }

    #[test]
    fn character_columns_are_at_most_linesize_wide() {
        let rs = ResultSet {
            columns: vec![ColumnDesc::new("WHO", SqlType::Varchar2(256))],
            rows: vec![vec![Value::text("x".repeat(90))]],
        };
        let lines = show(rs, &Settings::default());
        assert_eq!(lines[2], "-".repeat(80));
        assert_eq!(lines[3..], ["x".repeat(80), "x".repeat(10), String::new(), String::new()]);
    }

    #[test]
    fn numbers_that_do_not_fit() {
        assert_eq!(fit_number(Decimal::new(123456789012, 0), 10), "1.2346E+11");
        assert_eq!(fit_number(Decimal::new(31415926535, 10), 10), "3.14159265");
        assert_eq!(number_picture(Decimal::new(12345, 0), "999"), "####");
        assert_eq!(number_picture(Decimal::new(5, 1), "999.99"), ".50");
        assert_eq!(number_picture(Decimal::new(-5, 0), "0999"), "-0005");
    }

    #[test]
    fn dml_done_and_serveroutput() {
        let mut s = Settings::default();
        let out = vec!["hello".to_string()];
        let dml = Outcome::Affected { verb: Dml::Update, count: 1 };
        assert_eq!(
            outcome_lines(&dml, &out, &s, &Columns::default()),
            vec!["", "1 row updated.", ""]
        );
        s.serveroutput = true;
        let done = Outcome::Done(Done::PlsqlCompleted);
        assert_eq!(
            outcome_lines(&done, &out, &s, &Columns::default()),
            vec!["hello", "", "PL/SQL procedure successfully completed.", ""]
        );
        let dml = Outcome::Affected { verb: Dml::Insert, count: 0 };
        assert_eq!(outcome_lines(&dml, &[], &s, &Columns::default())[1], "0 rows created.");
        s.feedback = 0;
        assert!(outcome_lines(&done, &[], &s, &Columns::default()).is_empty());
    }

    #[test]
    fn error_star_under_the_column_of_a_multi_line_statement() {
        let text = "select sid\n  from hr.employees\n where 1 = 1";
        let pos = text.find("hr.").unwrap();
        let err = ora!(TABLE_NOT_FOUND).at(pos);
        assert_eq!(
            error_lines(&err, text, &[], &Settings::default()),
            vec![
                "  from hr.employees",
                "       *",
                "ERROR at line 2:",
                "ORA-00942: table or view does not exist",
                "",
                ""
            ]
        );
    }

    #[test]
    fn errors_without_position() {
        let mut err = ora!(SESSION_KILLED);
        err.stack.push(ora!(crate::error::AT_LINE, "line 3"));
        let lines = error_lines(&err, "BEGIN\n  p;\nEND;", &[], &Settings::default());
        assert_eq!(
            lines[..4],
            ["BEGIN", "*", "ERROR at line 1:", "ORA-00028: your session has been killed"]
        );
        assert_eq!(lines[4], "ORA-06512: at line 3");
        let lines =
            error_lines(&ora!(NOT_LOGGED_ON), "select 1 from dual", &[], &Settings::default());
        assert_eq!(lines, vec!["ERROR:", "ORA-01012: not logged on", "", ""]);
    }
}
