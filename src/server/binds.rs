//! Bind variables of the extended protocol, by literal substitution.
//!
//! The engine has no bind interface yet, so a bound statement is rewritten before it runs:
//! each marker outside strings and comments (`$n`, or Oracle's `:name` / `:n`) is replaced by
//! a SQL literal of its value. Values are never pasted as SQL text: a string becomes a quoted
//! literal with its quotes doubled, a number (when the parameter type is numeric and the text
//! is a plain decimal number) a bare number (negative ones in parentheses), NULL `NULL`. So a
//! bound value cannot change the statement's structure. `$n` names the n-th parameter; `:n`
//! too; each distinct `:name` takes the next position in order of first appearance.
//!
//! Binary parameters are decoded for bool, int2, int4, int8, float4, float8 and the text
//! types; other binary parameters are refused.

use super::encode::oid;
use super::lex::{Kind, tokens};
use crate::error::{NOT_ALL_VARIABLES_BOUND, OraError, UNIMPLEMENTED_FEATURE};
use crate::ora;

/// A bind value, decoded to text (None = NULL).
pub(crate) type BindValue = Option<String>;

/// How a statement's markers map to parameter positions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Plan {
    /// Distinct `:name` markers (upper-cased), in order: position = index + 1.
    names: Vec<String>,
    /// The number of parameters the statement takes.
    pub count: usize,
}

/// The parameter position of a marker's text (`$2`, `:2`, `:name`).
fn position(marker: &str, names: &[String]) -> Option<usize> {
    let body = &marker[1..];
    if let Ok(n) = body.parse::<usize>() {
        return (n > 0).then_some(n);
    }
    let upper = body.to_uppercase();
    names.iter().position(|n| *n == upper).map(|p| p + 1)
}

/// Finds the markers of `text`.
pub(crate) fn plan(text: &str) -> Plan {
    let mut plan = Plan::default();
    let mut max = 0;
    for t in tokens(text) {
        let marker = &text[t.start..t.end];
        match t.kind {
            Kind::Dollar | Kind::Colon => {
                let body = &marker[1..];
                if body.parse::<usize>().is_err() && position(marker, &plan.names).is_none() {
                    plan.names.push(body.to_uppercase());
                }
                max = max.max(position(marker, &plan.names).unwrap_or(0));
            }
            _ => {}
        }
    }
    plan.count = max.max(plan.names.len());
    plan
}

/// Rewrites `text` with each marker replaced by the literal of its value; `types` are the
/// parameter type OIDs (0 = unknown). ORA-01008 if a marker has no value.
pub(crate) fn substitute(
    text: &str,
    plan: &Plan,
    values: &[BindValue],
    types: &[u32],
) -> Result<String, OraError> {
    let mut out = String::with_capacity(text.len() + 16 * values.len());
    for t in tokens(text) {
        let piece = &text[t.start..t.end];
        if !matches!(t.kind, Kind::Dollar | Kind::Colon) {
            out.push_str(piece);
            continue;
        }
        let pos = position(piece, &plan.names).ok_or_else(|| ora!(NOT_ALL_VARIABLES_BOUND))?;
        let value = values.get(pos - 1).ok_or_else(|| ora!(NOT_ALL_VARIABLES_BOUND))?;
        let ty = types.get(pos - 1).copied().unwrap_or(0);
        out.push_str(&literal(value.as_deref(), ty));
    }
    Ok(out)
}

/// The SQL literal of a value.
pub(crate) fn literal(value: Option<&str>, ty: u32) -> String {
    match value {
        None => "NULL".into(),
        Some(v) if is_numeric_type(ty) && is_plain_number(v.trim()) => {
            let v = v.trim();
            if v.starts_with('-') { format!("({v})") } else { v.to_string() }
        }
        Some(v) => format!("'{}'", v.replace('\'', "''")),
    }
}

fn is_numeric_type(ty: u32) -> bool {
    matches!(ty, oid::INT2 | oid::INT4 | oid::INT8 | oid::FLOAT4 | oid::FLOAT8 | oid::NUMERIC)
}

/// `[-+]digits[.digits][e[-+]digits]`, nothing else.
fn is_plain_number(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(p) => (&s[..p], Some(&s[p + 1..])),
        None => (s, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    let exp_ok = exp.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    !(int.is_empty() && frac.is_empty()) && digits(int) && digits(frac) && exp_ok
}

/// Decodes one Bind parameter: `format` 0 is text, 1 binary (for the types listed in the
/// module doc).
pub(crate) fn decode(raw: Option<&[u8]>, format: i16, ty: u32) -> Result<BindValue, OraError> {
    let Some(raw) = raw else { return Ok(None) };
    if format == 0 {
        return Ok(Some(String::from_utf8_lossy(raw).into_owned()));
    }
    let bad = || ora!(UNIMPLEMENTED_FEATURE);
    let text = match ty {
        oid::BOOL => (if raw.first() == Some(&1) { "1" } else { "0" }).to_string(),
        oid::INT2 => i16::from_be_bytes(raw.try_into().map_err(|_| bad())?).to_string(),
        oid::INT4 => i32::from_be_bytes(raw.try_into().map_err(|_| bad())?).to_string(),
        oid::INT8 => i64::from_be_bytes(raw.try_into().map_err(|_| bad())?).to_string(),
        oid::FLOAT4 => f32::from_be_bytes(raw.try_into().map_err(|_| bad())?).to_string(),
        oid::FLOAT8 => f64::from_be_bytes(raw.try_into().map_err(|_| bad())?).to_string(),
        0 | oid::TEXT | oid::VARCHAR | oid::BPCHAR | 19 | 705 => {
            String::from_utf8_lossy(raw).into_owned()
        }
        _ => return Err(bad()),
    };
    Ok(Some(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positional_and_named_markers() {
        let p = plan("select $1, $2 from dual where x = $1");
        assert_eq!(p.count, 2);
        let s = substitute(
            "select $1, $2 from dual where x = $1",
            &p,
            &[Some("it's".into()), None],
            &[0, 0],
        )
        .unwrap();
        assert_eq!(s, "select 'it''s', NULL from dual where x = 'it''s'");
        let p = plan("begin x := :a + :b + :A; end;");
        assert_eq!(p.count, 2);
        let s = substitute(
            "begin x := :a + :b + :A; end;",
            &p,
            &[Some("1".into()), Some("-2".into())],
            &[20, 20],
        )
        .unwrap();
        assert_eq!(s, "begin x := 1 + (-2) + 1; end;");
    }

    #[test]
    fn markers_inside_strings_stay_and_injection_is_quoted() {
        let p = plan("select ':x', $1 from dual");
        assert_eq!(p.count, 1);
        let s =
            substitute("select ':x', $1 from dual", &p, &[Some("1 from dual; drop".into())], &[20])
                .unwrap();
        assert_eq!(s, "select ':x', '1 from dual; drop' from dual");
        assert!(
            substitute("select $2 from dual", &plan("select $2 from dual"), &[None], &[]).is_err()
        );
    }

    #[test]
    fn binary_decoding() {
        assert_eq!(decode(Some(&7i32.to_be_bytes()), 1, oid::INT4).unwrap().as_deref(), Some("7"));
        assert!(decode(Some(&[1, 2]), 1, oid::INT4).is_err());
        assert!(decode(Some(&[1, 2]), 1, 1700).is_err());
        assert_eq!(decode(None, 1, oid::INT4).unwrap(), None);
        assert!(is_plain_number("-1.5e3") && !is_plain_number("1e") && !is_plain_number("."));
    }
}
