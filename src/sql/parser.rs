//! The parser: one statement's text to a [`Statement`], by recursive descent over the tokens
//! of [`super::lexer`].
//!
//! This file holds the entry point, the statement dispatch and the token helpers every grammar
//! file shares (expect a keyword, a comma list, an identifier, the recursion guard). The
//! grammar itself is split by family: `expr` (the precedence climber), `query` (SELECT),
//! `stmt` (ALTER SYSTEM/SESSION/USER, users and roles, transactions, DDL, DML) and `plsql`
//! (blocks). Errors are [`OraError`]s positioned at the byte offset of the offending token;
//! inside a PL/SQL block they become ORA-06550 + PLS-00103, as Oracle reports them.

mod cockroach;
mod expr;
mod job_kinds;
mod jobs;
mod plsql;
mod plsql_package;
pub use plsql::parse_package_spec;
mod plsql_binds;
mod plsql_collections;
mod query;
mod stmt;
pub use plsql_binds::bind_name;
#[cfg(test)]
mod tests;

use super::ast::{Ident, ObjectName, Pos, Statement};
use super::lexer::{Tok, Token, tokenize};
use crate::error::{
    Code, FROM_NOT_FOUND, INVALID_CHARACTER, INVALID_SQL_STATEMENT, OraError,
    SQL_NOT_PROPERLY_ENDED, UNIMPLEMENTED_FEATURE,
};
use crate::ora;

/// How deeply expressions, queries and blocks may nest before the parser gives up with
/// ORA-03001 instead of risking the stack.
const MAX_DEPTH: usize = 200;

/// How much stack the parser may use below its entry point before it gives up with ORA-03001.
/// Frame sizes differ a lot between builds (a nested subquery costs about 17 KiB of stack in
/// a debug build, a few KiB in release), so [`MAX_DEPTH`] alone cannot keep a 2 MiB thread
/// safe; this budget does, and still allows ~25 nested subqueries in a debug build.
const STACK_BUDGET: usize = 512 * 1024;

/// The address of a fresh local: a cheap reading of the stack pointer. The stack grows down on
/// every platform we build for; were it to grow up, the budget check would never fire and
/// [`MAX_DEPTH`] would remain the only limit.
#[inline(never)]
fn stack_mark() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

/// Oracle's reserved words (V$RESERVED_WORDS with RESERVED = 'Y'): never an identifier or
/// alias unless quoted. Sorted, for binary search.
#[rustfmt::skip]
const RESERVED: &[&str] = &[
    "ACCESS", "ADD", "ALL", "ALTER", "AND", "ANY", "AS", "ASC", "AUDIT", "BETWEEN", "BY", "CHAR",
    "CHECK", "CLUSTER", "COLUMN", "COMMENT", "COMPRESS", "CONNECT", "CREATE", "CURRENT", "DATE",
    "DECIMAL", "DEFAULT", "DELETE", "DESC", "DISTINCT", "DROP", "ELSE", "EXCLUSIVE", "EXISTS",
    "FILE", "FLOAT", "FOR", "FROM", "GRANT", "GROUP", "HAVING", "IDENTIFIED", "IMMEDIATE", "IN",
    "INCREMENT", "INDEX", "INITIAL", "INSERT", "INTEGER", "INTERSECT", "INTO", "IS", "LEVEL",
    "LIKE", "LOCK", "LONG", "MAXEXTENTS", "MINUS", "MLSLABEL", "MODE", "MODIFY", "NOAUDIT",
    "NOCOMPRESS", "NOT", "NOWAIT", "NULL", "NUMBER", "OF", "OFFLINE", "ON", "ONLINE", "OPTION",
    "OR", "ORDER", "PCTFREE", "PRIOR", "PUBLIC", "RAW", "RENAME", "RESOURCE", "REVOKE", "ROW",
    "ROWID", "ROWNUM", "ROWS", "SELECT", "SESSION", "SET", "SHARE", "SIZE", "SMALLINT", "START",
    "SUCCESSFUL", "SYNONYM", "SYSDATE", "TABLE", "THEN", "TO", "TRIGGER", "UID", "UNION", "UNIQUE",
    "UPDATE", "USER", "VALIDATE", "VALUES", "VARCHAR", "VARCHAR2", "VIEW", "WHENEVER", "WHERE",
    "WITH",
];

/// The only part of a one-part name.
fn single(name: ObjectName) -> Ident {
    name.parts.into_iter().next().expect("callers check for one part")
}

/// True if `word` (upper-cased) is reserved.
fn is_reserved(word: &str) -> bool {
    RESERVED.binary_search(&word).is_ok()
}

/// Parses one statement or one PL/SQL block, without the SQL*Plus terminator: a SQL statement
/// has no trailing `;` (one gives ORA-00911), a block ends with its own `END [label];`.
pub fn parse(sql: &str) -> Result<Statement, OraError> {
    let mut p = Parser::new(sql)?;
    if p.starts_block() {
        return p.top_block().map_err(|e| p.to_pls(e));
    }
    let stmt = p.statement()?;
    p.end_of_statement()?;
    Ok(stmt)
}

/// The parser state: the tokens, a cursor into them, and the nesting depth.
pub(super) struct Parser<'a> {
    /// The statement text (for source excerpts and line/column numbers).
    src: &'a str,
    /// The tokens, ending with `Eof`.
    toks: Vec<Token>,
    /// Index of the next token.
    i: usize,
    /// Current nesting depth (see [`MAX_DEPTH`]).
    depth: usize,
    /// What the grammar wanted when it last failed, for PLS-00103 messages.
    expected: &'static str,
    /// [`stack_mark`] when parsing began.
    stack_base: usize,
    /// Parsing a package specification: declarations end at END instead of BEGIN.
    package_spec: bool,
    /// The common table expressions in scope (`WITH name AS (...)`), innermost last: a FROM
    /// entry naming one becomes an inline view of its query.
    ctes: Vec<(String, crate::sql::ast::Query)>,
}

type R<T> = Result<T, OraError>;

impl<'a> Parser<'a> {
    /// Tokenizes `src`.
    fn new(src: &'a str) -> R<Parser<'a>> {
        let toks = tokenize(src)?;
        Ok(Parser {
            src,
            toks,
            i: 0,
            depth: 0,
            expected: "",
            stack_base: stack_mark(),
            package_spec: false,
            ctes: Vec::new(),
        })
    }

    // ---- token access ----

    /// The next token (the final `Eof` repeats forever).
    fn peek(&self) -> &Token {
        self.peek_at(0)
    }

    /// The token `n` places ahead.
    fn peek_at(&self, n: usize) -> &Token {
        let last = self.toks.len() - 1;
        &self.toks[(self.i + n).min(last)]
    }

    /// Position of the next token.
    fn pos(&self) -> Pos {
        self.peek().pos
    }

    /// Consumes the next token (never the final `Eof`).
    fn advance(&mut self) {
        if self.i < self.toks.len() - 1 {
            self.i += 1;
        }
    }

    /// An error with `code` at the next token.
    fn err(&self, code: Code) -> OraError {
        ora!(code).at(self.pos())
    }

    /// Like [`Parser::err`], remembering what was expected for PL/SQL's PLS-00103.
    fn err_expecting(&mut self, code: Code, expected: &'static str) -> OraError {
        self.expected = expected;
        self.err(code)
    }

    // ---- keywords and symbols ----

    /// True if the token `n` ahead is the word `kw`.
    fn is_kw_at(&self, n: usize, kw: &str) -> bool {
        matches!(&self.peek_at(n).tok, Tok::Word(w) if w == kw)
    }

    /// True if the next token is the word `kw`.
    fn is_kw(&self, kw: &str) -> bool {
        self.is_kw_at(0, kw)
    }

    /// True if the next token is one of the words `kws`.
    fn is_any_kw(&self, kws: &[&str]) -> bool {
        kws.iter().any(|k| self.is_kw(k))
    }

    /// True if the token `n` ahead is one of the words `kws`.
    fn is_any_kw_at(&self, n: usize, kws: &[&str]) -> bool {
        kws.iter().any(|k| self.is_kw_at(n, k))
    }

    /// Consumes the word `kw` if it is next.
    fn eat_kw(&mut self, kw: &str) -> bool {
        let found = self.is_kw(kw);
        if found {
            self.advance();
        }
        found
    }

    /// Consumes the word `kw` or fails with `code`; returns its position.
    fn expect_kw(&mut self, kw: &'static str, code: Code) -> R<Pos> {
        let pos = self.pos();
        if self.eat_kw(kw) { Ok(pos) } else { Err(self.err_expecting(code, kw)) }
    }

    /// True if the token `n` ahead is the symbol `s`.
    fn is_sym_at(&self, n: usize, s: &str) -> bool {
        matches!(self.peek_at(n).tok, Tok::Sym(x) if x == s)
    }

    /// True if the next token is the symbol `s`.
    fn is_sym(&self, s: &str) -> bool {
        self.is_sym_at(0, s)
    }

    /// Consumes the symbol `s` if it is next.
    fn eat_sym(&mut self, s: &str) -> bool {
        let found = self.is_sym(s);
        if found {
            self.advance();
        }
        found
    }

    /// Consumes the symbol `s` or fails with `code`.
    fn expect_sym(&mut self, s: &'static str, code: Code) -> R<()> {
        if self.eat_sym(s) { Ok(()) } else { Err(self.err_expecting(code, s)) }
    }

    // ---- names ----

    /// An identifier (unquoted and not reserved, or quoted); otherwise `code`.
    fn ident(&mut self, code: Code) -> R<Ident> {
        match &self.peek().tok {
            Tok::Word(w) if !is_reserved(w) => {}
            Tok::Quoted(_) => {}
            _ => return Err(self.err_expecting(code, "<an identifier>")),
        }
        Ok(self.any_ident().expect("checked above"))
    }

    /// The next token as an identifier if it is a word (reserved or not) or a quoted name.
    fn any_ident(&mut self) -> Option<Ident> {
        let t = self.peek();
        let name = match &t.tok {
            Tok::Word(w) | Tok::Quoted(w) => w.clone(),
            _ => return None,
        };
        let pos = t.pos;
        self.advance();
        Some(Ident { name, pos })
    }

    /// A dotted name `a[.b[.c]]` starting with a non-reserved identifier; otherwise `code`.
    fn object_name(&mut self, code: Code) -> R<ObjectName> {
        let first = self.ident(code)?;
        Ok(self.dotted(first))
    }

    /// The rest of a dotted name after its first part; parts after a dot may be reserved words.
    fn dotted(&mut self, first: Ident) -> ObjectName {
        let mut parts = vec![first];
        while self.is_sym(".") && self.is_name_at(1) {
            self.advance();
            parts.extend(self.any_ident());
        }
        ObjectName { parts }
    }

    /// True if the token `n` ahead is a word or a quoted identifier.
    fn is_name_at(&self, n: usize) -> bool {
        matches!(self.peek_at(n).tok, Tok::Word(_) | Tok::Quoted(_))
    }

    /// An optional alias: a quoted name, or a word that is neither reserved nor in `stop`
    /// (words that may follow the aliased thing, like JOIN or BULK), or, if `allow_as`,
    /// `AS name` (Oracle takes AS for column aliases, not for table aliases).
    fn alias(&mut self, allow_as: bool, stop: &[&str]) -> R<Option<Ident>> {
        if allow_as && self.eat_kw("AS") {
            return self.ident(FROM_NOT_FOUND).map(Some);
        }
        let is_alias = match &self.peek().tok {
            Tok::Quoted(_) => true,
            Tok::Word(w) => !is_reserved(w) && !stop.contains(&w.as_str()),
            _ => false,
        };
        Ok(if is_alias { self.any_ident() } else { None })
    }

    // ---- combinators ----

    /// One or more `item`s separated by commas.
    fn comma_list<T>(&mut self, mut item: impl FnMut(&mut Self) -> R<T>) -> R<Vec<T>> {
        let mut out = vec![item(self)?];
        while self.eat_sym(",") {
            out.push(item(self)?);
        }
        Ok(out)
    }

    /// `( item, ... )`, with ORA-00906 / ORA-00907 for the missing parentheses.
    fn paren_list<T>(&mut self, item: impl FnMut(&mut Self) -> R<T>) -> R<Vec<T>> {
        self.expect_sym("(", crate::error::MISSING_LEFT_PAREN)?;
        let list = self.comma_list(item)?;
        self.expect_sym(")", crate::error::MISSING_RIGHT_PAREN)?;
        Ok(list)
    }

    /// Runs `f` one nesting level deeper; ORA-03001 past [`MAX_DEPTH`] or [`STACK_BUDGET`].
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> R<T>) -> R<T> {
        let used = self.stack_base.saturating_sub(stack_mark());
        if self.depth >= MAX_DEPTH || used > STACK_BUDGET {
            return Err(self.err(UNIMPLEMENTED_FEATURE));
        }
        self.depth += 1;
        let out = f(self);
        self.depth -= 1;
        out
    }

    /// The source text from token `from` up to (not including) the next token, with whitespace
    /// and comments between tokens removed and everything upper-cased: SQL*Plus's heading for
    /// an unaliased select item.
    fn heading_since(&self, from: usize) -> String {
        self.toks[from..self.i].iter().map(|t| self.src[t.pos..t.end].to_uppercase()).collect()
    }

    // ---- statement level ----

    /// After a complete statement only the end may follow: a `;` is ORA-00911, anything else
    /// ORA-00933.
    fn end_of_statement(&mut self) -> R<()> {
        match self.peek().tok {
            Tok::Eof => Ok(()),
            Tok::Sym(";") => Err(self.err(INVALID_CHARACTER)),
            _ => Err(self.err_expecting(SQL_NOT_PROPERLY_ENDED, ";")),
        }
    }

    /// One SQL statement, chosen by its first word.
    fn statement(&mut self) -> R<Statement> {
        if self.is_sym("(") {
            return Ok(Statement::Query(Box::new(self.query()?)));
        }
        let Tok::Word(first) = &self.peek().tok else {
            return Err(self.err(INVALID_SQL_STATEMENT));
        };
        match first.as_str() {
            "SELECT" | "WITH" => Ok(Statement::Query(Box::new(self.query()?))),
            "ALTER" => self.alter(),
            "CREATE" => self.create(),
            "DROP" => self.drop(),
            "GRANT" | "REVOKE" => self.grant_or_revoke(),
            "CALL" => self.call_statement(),
            "COMMIT" | "ROLLBACK" | "SAVEPOINT" => self.transaction_control(),
            "INSERT" => self.insert(),
            "UPDATE" => self.update(),
            "DELETE" => self.delete(),
            "TRUNCATE" => self.truncate(),
            "LOCK" => self.lock_table(),
            // The CockroachDB dialect (routers in `cockroach`).
            "SHOW" if self.is_kw_at(1, "CLUSTER") && self.is_kw_at(2, "SETTING") => {
                self.job_kind_statement()
            }
            "SHOW" => self.show_statement(),
            "CANCEL" => self.cancel_statement(),
            "PAUSE" | "RESUME" => self.pause_or_resume(),
            "BACKUP" | "RESTORE" | "IMPORT" | "SET" => self.job_kind_statement(),
            // Valid Oracle that the AST has no place for yet.
            "MERGE" => Err(self.err(UNIMPLEMENTED_FEATURE)),
            _ => Err(self.err(INVALID_SQL_STATEMENT)),
        }
    }
}
