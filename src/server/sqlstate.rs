//! Oracle errors as PostgreSQL ErrorResponses: the message is the full `ORA-nnnnn: text`
//! (error stack lines included), the SQLSTATE comes from the table in the `server` module doc.

use pgwire::error::ErrorInfo;

use crate::error::{Facility, OraError};

/// The SQLSTATE for an engine error (see the table in the module doc of `server`).
pub fn sqlstate(e: &OraError) -> &'static str {
    if let Some(state) = e.crdb_sqlstate() {
        return state;
    }
    if e.code.facility != Facility::Ora {
        return "42601";
    }
    match e.code.number {
        1 => "23505",
        18 => "53300",
        28 | 3113 | 3135 => "57P01",
        54 | 30006 => "55P03",
        60 => "40P01",
        904 => "42703",
        942 => "42P01",
        900..=999 | 1756 | 6550 => "42601",
        1012 | 3114 => "08003",
        12514 => "08001",
        1013 => "57014",
        1017 => "28P01",
        1045 => "28000",
        1031 => "42501",
        1403 => "P0002",
        1422 => "P0003",
        1476 => "22012",
        1722 => "22P02",
        3001 => "0A000",
        _ => "XX000",
    }
}

/// The ErrorInfo for an engine error with `severity` (`ERROR` or `FATAL`). The position
/// (1-based, in characters of the whole message text) is set when the engine knows it.
pub(crate) fn error_info(e: &OraError, severity: &str, text: Option<(&str, usize)>) -> ErrorInfo {
    // A CockroachDB error's message is its bare text, as CockroachDB sends it.
    let message = if e.crdb_sqlstate().is_some() { e.text.clone() } else { e.to_string() };
    let mut info = ErrorInfo::new(severity.into(), sqlstate(e).into(), message);
    if let (Some(pos), Some((query, offset))) = (e.pos, text) {
        let at = offset.saturating_add(pos).min(query.len());
        if query.is_char_boundary(at) {
            info.position = Some((query[..at].chars().count() + 1).to_string());
        }
    }
    info
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::*;
    use crate::ora;

    #[test]
    fn mapping() {
        assert_eq!(sqlstate(&ora!(SESSION_KILLED)), "57P01");
        assert_eq!(sqlstate(&ora!(NOT_LOGGED_ON)), "08003");
        assert_eq!(sqlstate(&ora!(USER_CANCEL)), "57014");
        assert_eq!(sqlstate(&ora!(INVALID_LOGON)), "28P01");
        assert_eq!(sqlstate(&ora!(TABLE_NOT_FOUND)), "42P01");
        assert_eq!(sqlstate(&ora!(DEADLOCK)), "40P01");
        assert_eq!(sqlstate(&ora!(RESOURCE_BUSY)), "55P03");
        assert_eq!(sqlstate(&ora!(MISSING_EXPRESSION)), "42601");
        assert_eq!(sqlstate(&ora!(MAX_SESSIONS_EXCEEDED)), "53300");
        assert_eq!(sqlstate(&ora!(NO_SUCH_SESSION)), "XX000");
        let info = error_info(
            &ora!(TABLE_NOT_FOUND).at(14),
            "ERROR",
            Some(("select 1; select * from nope", 10)),
        );
        assert_eq!(info.message, "ORA-00942: table or view does not exist");
        assert_eq!(info.position.as_deref(), Some("25"));
    }
}
