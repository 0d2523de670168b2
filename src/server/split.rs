//! Splits the text of one simple-protocol Query message into statements.
//!
//! A `;` outside strings, quoted identifiers and comments ends a SQL statement (the `;` is not
//! part of the statement sent to the engine). A PL/SQL unit (an anonymous block starting with
//! `DECLARE` or `BEGIN`, or `CREATE [OR REPLACE] PROCEDURE | FUNCTION | PACKAGE [BODY] |
//! TRIGGER | TYPE`) is never split inside: its `BEGIN`/`END` (and `CASE`/`END`) nesting is
//! followed, and it ends at the `;` after the `END` that closes it (that `;` is kept), or at a
//! line holding only `/` (SQL*Plus style), or at the end of the text. A `/` line also ends an
//! SQL statement. `BEGIN;`, `BEGIN TRANSACTION`, `BEGIN WORK` and `BEGIN ISOLATION ...` are
//! PostgreSQL transaction starts, not blocks.

use super::lex::{Kind, Token, tokens};

/// One statement of a Query message: its text and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    /// Byte offset in the message text.
    pub offset: usize,
    /// The statement, trimmed, without a terminating `;` (PL/SQL units keep their `END;`).
    pub text: String,
    /// A PL/SQL unit that the text ended inside (no closing `END;` and no `/` line).
    pub open: bool,
}

/// What kind of statement is being collected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Sql,
    Plsql,
}

/// Block-nesting state of a PL/SQL unit.
#[derive(Debug, Default)]
struct Nesting {
    /// Open scopes: `true` for a declaration section waiting for its `BEGIN`.
    stack: Vec<bool>,
    /// A PROCEDURE/FUNCTION/PACKAGE/TYPE head was seen: the next IS/AS opens a declaration.
    want_is: bool,
    /// The previous word was END (the next word may be IF/LOOP/CASE ...).
    after_end: bool,
    /// The unit's outermost scope has closed: the next `;` ends it.
    closed: bool,
}

impl Nesting {
    /// Closes the scope an END closed (END IF / END LOOP close nothing we count).
    fn close(&mut self) {
        self.stack.pop();
        if self.stack.is_empty() {
            self.closed = true;
        }
    }

    fn word(&mut self, w: &str) {
        if std::mem::take(&mut self.after_end) {
            if matches!(w, "IF" | "LOOP" | "WHILE" | "FOR") {
                return;
            }
            self.close();
            if w == "CASE" {
                return;
            }
        }
        match w {
            "DECLARE" => self.stack.push(true),
            "PROCEDURE" | "FUNCTION" | "PACKAGE" | "TYPE" | "TRIGGER" => self.want_is = true,
            "IS" | "AS" if self.want_is => {
                self.want_is = false;
                self.stack.push(true);
            }
            "BEGIN" => match self.stack.last_mut() {
                Some(top) if *top => *top = false,
                _ => self.stack.push(false),
            },
            "CASE" => self.stack.push(false),
            "END" => self.after_end = true,
            _ => {}
        }
    }

    /// A `;`: true if it ends the unit.
    fn semi(&mut self) -> bool {
        if std::mem::take(&mut self.after_end) {
            self.close();
        }
        self.want_is = false;
        self.closed
    }
}

/// Splits `text` into statements; empty statements are dropped.
pub(crate) fn split(text: &str) -> Vec<Piece> {
    let toks = tokens(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let Some(first) = toks[i..].iter().position(|t| significant(text, t)).map(|p| p + i) else {
            break;
        };
        let (end, next, open) = statement_end(text, &toks, first);
        push(&mut out, text, toks[first].start, end, open);
        i = next;
    }
    out
}

/// True for a token that can start a statement (not blank, comment or stray `;`).
fn significant(text: &str, t: &Token) -> bool {
    match t.kind {
        Kind::Comment | Kind::Semi => false,
        Kind::Other => !text[t.start..t.end].trim().is_empty(),
        _ => true,
    }
}

fn push(out: &mut Vec<Piece>, text: &str, start: usize, end: usize, open: bool) {
    let body = &text[start..end];
    let trimmed = body.trim();
    if trimmed.is_empty() || trimmed == "/" {
        return;
    }
    let lead = body.len() - body.trim_start().len();
    out.push(Piece { offset: start + lead, text: trimmed.to_string(), open });
}

/// Finds where the statement starting at token `first` ends: (byte end of its text, index of
/// the first token after it, whether it is a PL/SQL unit left open at the end of the text).
fn statement_end(text: &str, toks: &[Token], first: usize) -> (usize, usize, bool) {
    let unit = classify(text, toks, first);
    let mut nest = Nesting::default();
    for (j, t) in toks.iter().enumerate().skip(first) {
        match t.kind {
            Kind::Word if unit == Unit::Plsql => nest.word(&text[t.start..t.end].to_uppercase()),
            Kind::Semi if unit == Unit::Sql => return (t.start, j + 1, false),
            Kind::Semi if nest.semi() => return (t.end, j + 1, false),
            Kind::Other if &text[t.start..t.end] == "/" && slash_line(text, t.start) => {
                return (t.start, j + 1, false);
            }
            _ => {}
        }
    }
    (text.len(), toks.len(), unit == Unit::Plsql)
}

/// True if the `/` at `at` is alone on its line.
fn slash_line(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |p| p + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |p| p + at);
    text[line_start..line_end].trim() == "/"
}

/// SQL or PL/SQL, from the first words.
fn classify(text: &str, toks: &[Token], first: usize) -> Unit {
    let words: Vec<String> = toks[first..]
        .iter()
        .filter(|t| t.kind == Kind::Semi || significant(text, t))
        .take(6)
        .map(|t| text[t.start..t.end].to_uppercase())
        .collect();
    let w = |n: usize| words.get(n).map(String::as_str).unwrap_or("");
    match w(0) {
        "DECLARE" => Unit::Plsql,
        "BEGIN"
            if !matches!(
                w(1),
                ";" | "" | "TRANSACTION" | "WORK" | "ISOLATION" | "READ" | "NOT" | "DEFERRABLE"
            ) =>
        {
            Unit::Plsql
        }
        "CREATE" => {
            let mut k = 1;
            if w(k) == "OR" && w(k + 1) == "REPLACE" {
                k += 2;
            }
            if matches!(w(k), "EDITIONABLE" | "NONEDITIONABLE") {
                k += 1;
            }
            if matches!(w(k), "PROCEDURE" | "FUNCTION" | "PACKAGE" | "TRIGGER" | "TYPE") {
                Unit::Plsql
            } else {
                Unit::Sql
            }
        }
        _ => Unit::Sql,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(q: &str) -> Vec<String> {
        split(q).into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn sql_statements_split_on_semicolons_outside_quotes() {
        assert_eq!(
            texts("select 1 from dual; select ';' from dual ;; -- x;\n select 2 from dual"),
            vec!["select 1 from dual", "select ';' from dual", "select 2 from dual"]
        );
        assert_eq!(texts("  ;; -- only a comment\n"), Vec::<String>::new());
        assert_eq!(texts(""), Vec::<String>::new());
    }

    #[test]
    fn blocks_are_not_split_inside() {
        let q = "BEGIN DBMS_SESSION.SLEEP(60); END; select 1 from dual;";
        assert_eq!(texts(q), vec!["BEGIN DBMS_SESSION.SLEEP(60); END;", "select 1 from dual"]);
        let q = "declare x number; begin if x is null then x := case when 1=1 then 1 else 2 end; \
                 end if; loop exit; end loop; begin null; end; end;\nselect 2 from dual";
        let t = texts(q);
        assert_eq!(t.len(), 2, "{t:?}");
        assert!(t[0].ends_with("end; end;"));
        let q = "declare procedure p is begin null; end; begin p; end;";
        assert_eq!(texts(q).len(), 1);
        let q = "create or replace package body k as procedure p is begin null; end; end k;\n\
                 select 1 from dual";
        assert_eq!(texts(q).len(), 2);
    }

    #[test]
    fn transaction_begin_and_slash_lines() {
        assert_eq!(texts("begin; commit;"), vec!["begin", "commit"]);
        assert_eq!(
            texts("BEGIN TRANSACTION; select 1 from dual"),
            vec!["BEGIN TRANSACTION", "select 1 from dual"]
        );
        assert_eq!(
            texts("begin null\n/\nselect 1 from dual\n/\n"),
            vec!["begin null", "select 1 from dual"]
        );
        // Unterminated block: the rest of the text, marked open.
        assert_eq!(texts("begin null;"), vec!["begin null;"]);
        assert!(split("begin null;")[0].open);
        assert!(!split("begin null; end;")[0].open && !split("select 1 from dual")[0].open);
    }

    #[test]
    fn offsets_point_at_the_statement() {
        let q = "select 1 from dual;  select 2 from dual";
        let p = split(q);
        assert_eq!(&q[p[1].offset..p[1].offset + 6], "select");
    }
}

#[cfg(test)]
mod garbage {
    use super::super::binds;
    use super::*;

    /// Deterministic soup of the characters the scanners care about: nothing panics, and the
    /// pieces always lie inside the text.
    #[test]
    fn token_soup_never_panics() {
        let atoms = [
            "'",
            "\"",
            ";",
            "/",
            "\n/\n",
            "--",
            "/*",
            "*/",
            "q'[",
            "]'",
            "nq'",
            "N'",
            "$",
            "$1",
            ":",
            ":x",
            ":=",
            "begin",
            "end",
            "case",
            "declare",
            "is",
            "procedure",
            "é",
            "€",
            " ",
            "if",
            "loop",
            "create",
            "package",
            "body",
            "as",
            "x",
            "1",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3000 {
            let mut text = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for k in 0..(seed % 24) {
                let pick = (seed.rotate_left(k as u32 * 5) % atoms.len() as u64) as usize;
                text.push_str(atoms[pick]);
            }
            for p in split(&text) {
                assert!(p.offset <= text.len() && text.is_char_boundary(p.offset), "{text:?}");
            }
            let plan = binds::plan(&text);
            let values = vec![Some("v".to_string()); plan.count.min(64)];
            let _ = binds::substitute(&text, &plan, &values, &[]);
        }
    }
}
