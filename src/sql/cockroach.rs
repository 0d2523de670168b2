//! Syntax tree of the CockroachDB session-control statements: SHOW [ALL] [CLUSTER | LOCAL]
//! SESSIONS | QUERIES | STATEMENTS, CANCEL SESSION(S) / QUERY(IES), and the CockroachDB role
//! statements (CREATE / ALTER ROLE ... WITH options, GRANT SYSTEM ...). Grammar:
//! `shared/reference/cockroach.md` §1. The jobs family is in [`super::jobs`], the statements
//! that create jobs in [`super::job_kinds`].
//!
//! The SHOW forms are what CockroachDB's delegates make of them: a SELECT over a
//! `crdb_internal` table ([`CrdbStatement::as_query`]), so `[SHOW SESSIONS]` in FROM and
//! `WITH x AS (SHOW SESSIONS)` are ordinary queries.

use super::ast::{Expr, Ident, Query, Statement};

/// Second words of the SHOW statements of the jobs family (jobs, schedules).
pub const SHOW_JOBS_WORDS: &[&str] =
    &["JOBS", "JOB", "AUTOMATIC", "CHANGEFEED", "SCHEDULES", "SCHEDULE", "RUNNING", "PAUSED"];

/// Second words of the other CockroachDB SHOW statements (sessions, queries, statistics). With
/// [`SHOW_JOBS_WORDS`] they tell a CockroachDB SHOW from SQL*Plus's, which has none of them.
pub const SHOW_OTHER_WORDS: &[&str] = &[
    "SESSIONS",
    "QUERIES",
    "STATEMENTS",
    "TRANSACTIONS",
    "CLUSTER",
    "LOCAL",
    "STATISTICS",
    "SESSION_ID",
];

/// A CockroachDB session-control statement.
#[derive(Debug, Clone, PartialEq)]
pub enum CrdbStatement {
    /// `SHOW [ALL] [CLUSTER | LOCAL] SESSIONS | QUERIES | STATEMENTS`.
    Show {
        /// Sessions or their statements.
        what: Activity,
        /// ALL: internal sessions too.
        all: bool,
        /// LOCAL: the gateway node only (`node_` tables instead of `cluster_`).
        local: bool,
    },
    /// `SHOW session_id`: the caller's own session id.
    ShowSessionId,
    /// `CANCEL SESSION(S) | QUERY | QUERIES [IF EXISTS] ...`.
    Cancel {
        /// Sessions or queries.
        what: Activity,
        /// IF EXISTS: a missing id is no error.
        if_exists: bool,
        /// The ids.
        source: CancelSource,
    },
    /// `CREATE | ALTER ROLE | USER name [WITH] option ...` (CockroachDB's role options); CREATE
    /// also takes `[WITH] PASSWORD 'p'` and LOGIN / NOLOGIN.
    Role {
        /// CREATE (else ALTER).
        create: bool,
        /// USER (may log in) or ROLE.
        user: bool,
        /// The role or user.
        name: Ident,
        /// The options in order.
        options: Vec<RoleOption>,
    },
    /// `GRANT SYSTEM priv, ... TO name, ...` / `REVOKE SYSTEM priv, ... FROM name, ...`.
    SystemPrivilege {
        /// GRANT (else REVOKE).
        grant: bool,
        /// Privilege names, upper-case (`VIEWACTIVITY`).
        privileges: Vec<Ident>,
        /// Grantees.
        grantees: Vec<Ident>,
    },
}

/// What a SHOW or CANCEL is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    /// Sessions.
    Sessions,
    /// Running statements (queries).
    Queries,
}

impl Activity {
    /// `SESSIONS` / `QUERIES`, as in the command tag and the error texts.
    pub fn plural(self) -> &'static str {
        match self {
            Activity::Sessions => "SESSIONS",
            Activity::Queries => "QUERIES",
        }
    }

    /// `session` / `query`, as in `invalid session ID`.
    pub fn noun(self) -> &'static str {
        match self {
            Activity::Sessions => "session",
            Activity::Queries => "query",
        }
    }
}

/// Where CANCEL's ids come from.
#[derive(Debug, Clone, PartialEq)]
pub enum CancelSource {
    /// The singular form's scalar expression (a subquery in it is a scalar subquery).
    Scalar(Expr),
    /// The plural form's rows.
    Rows(Box<Query>),
}

/// A CockroachDB role option.
#[derive(Debug, Clone, PartialEq)]
pub enum RoleOption {
    /// A privilege-like option (`CANCELQUERY`, `VIEWACTIVITY` ...), granted or (NO...) revoked.
    Privilege {
        /// The option's name without NO (`CANCELQUERY`).
        name: String,
        /// False for the NO form.
        on: bool,
    },
    /// `PASSWORD 'p'` (NULL: none).
    Password(Option<String>),
    /// LOGIN / NOLOGIN (accepted; every user of this engine may log in).
    Login(bool),
}

impl CrdbStatement {
    /// The SELECT a SHOW form stands for (CockroachDB's delegate rewrite); None for the others.
    pub fn as_query(&self) -> Option<Query> {
        let text = match self {
            CrdbStatement::Show { what, all, local } => show_text(*what, *all, *local),
            CrdbStatement::ShowSessionId => {
                // This engine's pg_backend_pid is the SID (as PG's is the backend's own pid).
                "SELECT session_id FROM crdb_internal.node_sessions \
                 WHERE pg_backend_pid = TO_NUMBER(SYS_CONTEXT('USERENV', 'SID'))"
                    .into()
            }
            _ => return None,
        };
        match super::parse(&text) {
            Ok(Statement::Query(q)) => Some(*q),
            other => panic!("SHOW rewrite does not parse: {text}: {other:?}"),
        }
    }
}

/// Columns of SHOW SESSIONS (newest CockroachDB).
const SESSION_COLUMNS: &str = "node_id, session_id, status, user_name, authentication_method, \
    client_address, application_name, active_queries, last_active_query, session_start, \
    active_query_start, num_txns_executed, trace_id, goroutine_id";

/// Columns of SHOW STATEMENTS / QUERIES (newest CockroachDB).
/// `start` is reserved in Oracle's grammar, so it is quoted (the column is upper-case).
const QUERY_COLUMNS: &str = "query_id, node_id, session_id, user_name, \"START\", query, \
    client_address, application_name, distributed, full_scan, phase";

/// The columns a SHOW SESSIONS / STATEMENTS selects, in order, and the table it reads:
/// (`CRDB_INTERNAL.NODE_SESSIONS`, [`SESSION_ID`, ...]) in the catalog's upper-case names.
pub fn show_columns(what: Activity, local: bool) -> (String, Vec<String>) {
    let (columns, table) = match what {
        Activity::Sessions => (SESSION_COLUMNS, "SESSIONS"),
        Activity::Queries => (QUERY_COLUMNS, "QUERIES"),
    };
    let scope = if local { "NODE" } else { "CLUSTER" };
    let names = columns.split(',').map(|c| c.trim().trim_matches('"').to_uppercase()).collect();
    (format!("CRDB_INTERNAL.{scope}_{table}"), names)
}

/// The prefix of internal sessions' application names (shown only by SHOW ALL ...).
pub const INTERNAL_PREFIX: &str = "$ internal";

/// The text of SHOW SESSIONS / STATEMENTS as `delegate/show_sessions.go` and `show_queries.go`
/// write it. Oracle's empty string is NULL, so an unset application name must pass the
/// internal filter explicitly.
fn show_text(what: Activity, all: bool, local: bool) -> String {
    let (columns, table) = match what {
        Activity::Sessions => (SESSION_COLUMNS, "sessions"),
        Activity::Queries => (QUERY_COLUMNS, "queries"),
    };
    let scope = if local { "node" } else { "cluster" };
    let filter = if all {
        ""
    } else {
        // INTERNAL_PREFIX, spelled out: the text is SQL.
        " WHERE application_name IS NULL OR application_name NOT LIKE '$ internal%'"
    };
    format!("SELECT {columns} FROM crdb_internal.{scope}_{table}{filter}")
}

/// A statement text with its constants replaced by `_`, as VIEWACTIVITYREDACTED shows other
/// users' statements (`SELECT pg_sleep(_)`). Text that does not tokenize is shown whole.
pub fn redact_constants(text: &str) -> String {
    use super::lexer::{Tok, tokenize};
    let Ok(toks) = tokenize(text) else { return text.to_string() };
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for t in toks.iter().filter(|t| matches!(t.tok, Tok::Str(_) | Tok::Num(_))) {
        out.push_str(&text[at..t.pos]);
        out.push('_');
        at = t.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_are_redacted_and_the_rest_kept() {
        assert_eq!(
            redact_constants("SELECT pg_sleep(10) FROM t WHERE a = 'x''y' AND b=1.5"),
            "SELECT pg_sleep(_) FROM t WHERE a = _ AND b=_"
        );
        assert_eq!(redact_constants("SELECT 'unterminated"), "SELECT 'unterminated");
    }

    #[test]
    fn show_forms_rewrite_to_queries_and_others_do_not() {
        for all in [false, true] {
            for what in [Activity::Sessions, Activity::Queries] {
                let show = CrdbStatement::Show { what, all, local: !all };
                assert!(show.as_query().is_some());
            }
        }
        assert!(CrdbStatement::ShowSessionId.as_query().is_some());
        let grant =
            CrdbStatement::SystemPrivilege { grant: true, privileges: vec![], grantees: vec![] };
        assert!(grant.as_query().is_none());
    }
}
