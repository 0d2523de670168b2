//! Grammar of the CockroachDB session-control statements (`sql::cockroach`), and the routers
//! for the words the dialect shares between families: SHOW and CANCEL go to sessions here or
//! to jobs (`jobs.rs`) / statistics (`job_kinds.rs`) by their second word. Also the two query
//! extensions CockroachDB's SHOW statements live by: `[ statement ]` as a FROM entry and the
//! statement a row source stands for ([`row_source`]).

use super::{Parser, R};
use crate::error::{
    INVALID_IDENTIFIER, MISSING_EXPRESSION, MISSING_KEYWORD, MISSING_USERNAME, OraError,
};
use crate::sql::ast::{Query, QueryBody, Statement, TableRef};
use crate::sql::cockroach::{Activity, CancelSource, CrdbStatement, RoleOption};
use crate::sql::lexer::Tok;

/// Role options that map onto a privilege bit (each also has a NO... form).
const PRIVILEGE_OPTIONS: &[&str] =
    &["CANCELQUERY", "CONTROLJOB", "VIEWACTIVITY", "VIEWACTIVITYREDACTED", "VIEWJOB", "CREATEROLE"];

/// The query a statement stands for when used as a row source (`[stmt]` in FROM, a CTE body,
/// CANCEL's input): a query itself, or a SHOW form's rewrite.
pub(super) fn row_source(stmt: &Statement) -> Option<Query> {
    let query = match stmt {
        Statement::Query(q) => Some((**q).clone()),
        Statement::Cockroach(c) => c.as_query(),
        Statement::Jobs(j) => j.as_query(),
        Statement::JobKind(k) => k.as_query(),
        _ => None,
    }?;
    match stmt {
        Statement::Jobs(j) if j.awaited().is_some() => Some(awaiting(j, query)),
        _ => Some(query),
    }
}

/// `SELECT * FROM <stmt, then query>`: the rows of a statement that waits first, wherever a
/// row source goes (FROM, a CTE, a control statement's input).
fn awaiting(stmt: &crate::sql::jobs::JobStatement, query: Query) -> Query {
    let Ok(Statement::Query(mut q)) = crate::sql::parse("SELECT * FROM DUAL") else {
        unreachable!("a fixed query parses")
    };
    if let QueryBody::Select(s) = &mut q.body {
        s.from = vec![TableRef::Awaiting { stmt: Box::new(stmt.clone()), query: Box::new(query) }];
    }
    *q
}

/// CockroachDB's answer to a form it parses but this engine does not have.
fn unimplemented_syntax() -> OraError {
    OraError::crdb("0A000", "unimplemented: this syntax")
}

/// CockroachDB's answer to a statement that cannot be a row source.
fn not_a_row_source() -> OraError {
    OraError::crdb("42601", "syntax error: statement cannot be used as a data source")
}

impl Parser<'_> {
    /// `SHOW ...`: sessions and queries here; jobs, schedules and statistics elsewhere.
    pub(super) fn show_statement(&mut self) -> R<Statement> {
        if self.is_any_kw_at(1, crate::sql::cockroach::SHOW_JOBS_WORDS) {
            return self.show_jobs();
        }
        if self.is_kw_at(1, "STATISTICS") {
            return self.show_statistics();
        }
        self.show_sessions()
    }

    /// `CANCEL ...`: SESSION(S) and QUERY / QUERIES here, JOB(S) and ALL ... JOBS in `jobs.rs`.
    pub(super) fn cancel_statement(&mut self) -> R<Statement> {
        if self.is_any_kw_at(1, &["JOB", "JOBS", "ALL"]) {
            return self.pause_or_resume();
        }
        self.cancel_sessions()
    }

    /// `[ statement ]` in FROM, after the `[`: the statement's row-source query.
    pub(super) fn bracketed_row_source(&mut self) -> R<Query> {
        let stmt = self.nested(|p| p.statement())?;
        self.expect_sym("]", MISSING_KEYWORD)?;
        row_source(&stmt).ok_or_else(not_a_row_source)
    }

    /// A CTE body inside its parentheses: a query, or any statement with a row-source form.
    pub(super) fn cte_body(&mut self) -> R<Query> {
        if self.is_kw("SELECT") || self.is_sym("(") || self.is_kw("WITH") {
            return self.query();
        }
        let stmt = self.nested(|p| p.statement())?;
        row_source(&stmt).ok_or_else(not_a_row_source)
    }

    /// `SHOW [ALL] [CLUSTER | LOCAL] SESSIONS | QUERIES | STATEMENTS`, `SHOW session_id`.
    fn show_sessions(&mut self) -> R<Statement> {
        self.advance();
        if self.eat_kw("SESSION_ID") {
            return Ok(crdb(CrdbStatement::ShowSessionId));
        }
        let all = self.eat_kw("ALL");
        let local = self.eat_kw("LOCAL");
        if !local {
            self.eat_kw("CLUSTER");
        }
        let what = if self.eat_kw("SESSIONS") {
            Activity::Sessions
        } else if self.eat_kw("QUERIES") || self.eat_kw("STATEMENTS") {
            Activity::Queries
        } else {
            return Err(unimplemented_syntax().at(self.pos()));
        };
        Ok(crdb(CrdbStatement::Show { what, all, local }))
    }

    /// `CANCEL SESSION | QUERY [IF EXISTS] expr`, `CANCEL SESSIONS | QUERIES [IF EXISTS] select`.
    fn cancel_sessions(&mut self) -> R<Statement> {
        self.advance();
        let (what, plural) = match &self.peek().tok {
            Tok::Word(w) => match w.as_str() {
                "SESSION" => (Activity::Sessions, false),
                "SESSIONS" => (Activity::Sessions, true),
                "QUERY" => (Activity::Queries, false),
                "QUERIES" => (Activity::Queries, true),
                _ => return Err(unimplemented_syntax().at(self.pos())),
            },
            _ => return Err(unimplemented_syntax().at(self.pos())),
        };
        self.advance();
        let if_exists = self.is_kw("IF") && self.is_kw_at(1, "EXISTS");
        if if_exists {
            self.advance();
            self.advance();
        }
        let source = if plural {
            CancelSource::Rows(Box::new(self.select_stmt()?))
        } else {
            CancelSource::Scalar(self.expr()?)
        };
        Ok(crdb(CrdbStatement::Cancel { what, if_exists, source }))
    }

    /// CockroachDB's `select_stmt` as a statement's input: a query, `[SHOW ...]`, or
    /// `VALUES (e), ...` (made a UNION ALL of one-row SELECTs over DUAL).
    pub(super) fn select_stmt(&mut self) -> R<Query> {
        if self.eat_sym("[") {
            return self.bracketed_row_source();
        }
        if self.eat_kw("VALUES") {
            return self.values_rows();
        }
        self.query()
    }

    /// After VALUES: `(expr, ...), ...` as a query.
    fn values_rows(&mut self) -> R<Query> {
        let rows = self.comma_list(|p| p.paren_list(Self::expr))?;
        let mut text = String::new();
        for (i, _) in rows.iter().enumerate() {
            if i > 0 {
                text.push_str(" UNION ALL ");
            }
            text.push_str("SELECT NULL FROM DUAL");
        }
        // Build the shape from text, then put the parsed expressions in place.
        let Ok(Statement::Query(mut q)) = super::parse(&text) else {
            return Err(self.err(MISSING_EXPRESSION));
        };
        let mut rows = rows.into_iter();
        fill_values(&mut q.body, &mut rows);
        Ok(*q)
    }

    /// `ALTER ROLE | USER name [WITH] option ...` (the caller saw ALTER).
    pub(super) fn alter_role(&mut self) -> R<Statement> {
        self.role_statement(false)
    }

    /// True if `CREATE USER | ROLE name` goes on in CockroachDB's words (WITH, PASSWORD, a role
    /// option, or - for USER - nothing at all), not Oracle's IDENTIFIED BY.
    pub(super) fn crdb_role_follows(&self) -> bool {
        let user = self.is_kw_at(1, "USER");
        match &self.peek_at(3).tok {
            Tok::Eof => user,
            Tok::Word(w) => w != "IDENTIFIED",
            _ => false,
        }
    }

    /// `CREATE | ALTER ROLE | USER name [WITH] option ...`, at CREATE / ALTER.
    pub(super) fn role_statement(&mut self, create: bool) -> R<Statement> {
        self.advance();
        let user = self.is_kw("USER");
        self.advance();
        let name = self.ident(MISSING_USERNAME)?;
        self.eat_kw("WITH");
        let mut options = Vec::new();
        while let Tok::Word(w) = &self.peek().tok {
            let w = w.clone();
            self.advance();
            options.push(self.role_option(&w)?);
        }
        Ok(crdb(CrdbStatement::Role { create, user, name, options }))
    }

    /// One role option whose first word `w` was just consumed.
    fn role_option(&mut self, w: &str) -> R<RoleOption> {
        if w == "PASSWORD" {
            let password = match &self.peek().tok {
                Tok::Str(s) => Some(s.clone()),
                Tok::Word(n) if n == "NULL" => None,
                _ => return Err(self.err(MISSING_EXPRESSION)),
            };
            self.advance();
            return Ok(RoleOption::Password(password));
        }
        if w == "LOGIN" || w == "NOLOGIN" {
            return Ok(RoleOption::Login(w == "LOGIN"));
        }
        let (name, on) = match w.strip_prefix("NO") {
            Some(rest) if PRIVILEGE_OPTIONS.contains(&rest) => (rest, false),
            _ => (w, true),
        };
        if !PRIVILEGE_OPTIONS.contains(&name) {
            let at = self.i.saturating_sub(1);
            let text = format!("at or near \"{}\": syntax error", w.to_lowercase());
            return Err(OraError::crdb("42601", text).at(self.toks[at].pos));
        }
        Ok(RoleOption::Privilege { name: name.to_string(), on })
    }

    /// True at `GRANT | REVOKE SYSTEM priv`: CockroachDB's system privileges.
    pub(super) fn is_grant_system(&self) -> bool {
        self.is_kw_at(1, "SYSTEM") && !self.is_any_kw_at(2, &["TO", "FROM"]) && self.is_name_at(2)
    }

    /// `GRANT SYSTEM priv, ... TO name, ...` / `REVOKE SYSTEM priv, ... FROM name, ...`.
    pub(super) fn grant_system(&mut self) -> R<Statement> {
        let grant = self.is_kw("GRANT");
        self.advance();
        self.advance();
        let privileges = self.comma_list(|p| p.ident(INVALID_IDENTIFIER))?;
        self.expect_kw(if grant { "TO" } else { "FROM" }, MISSING_KEYWORD)?;
        let grantees = self.comma_list(|p| p.ident(MISSING_USERNAME))?;
        Ok(crdb(CrdbStatement::SystemPrivilege { grant, privileges, grantees }))
    }
}

fn crdb(stmt: CrdbStatement) -> Statement {
    Statement::Cockroach(Box::new(stmt))
}

/// Puts VALUES rows into the select lists of a UNION ALL chain of `SELECT NULL FROM DUAL`s.
fn fill_values(
    body: &mut crate::sql::ast::QueryBody,
    rows: &mut impl Iterator<Item = Vec<crate::sql::ast::Expr>>,
) {
    use crate::sql::ast::{QueryBody, SelectItem};
    match body {
        QueryBody::SetOp { left, right, .. } => {
            fill_values(left, rows);
            fill_values(right, rows);
        }
        QueryBody::Select(s) => {
            let row = rows.next().unwrap_or_default();
            s.items = row
                .into_iter()
                .enumerate()
                .map(|(i, expr)| SelectItem::Expr {
                    expr,
                    alias: None,
                    text: format!("column{}", i + 1),
                })
                .collect();
        }
        QueryBody::Nested(q) => fill_values(&mut q.body, rows),
    }
}
