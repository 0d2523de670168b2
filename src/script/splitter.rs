//! Script text to items: SQL statements (ended by `;` at the end of a line, by `/` alone on a
//! line, or left in the buffer by a blank line or `.`), PL/SQL blocks (ended by `/` alone on a
//! line), `/` re-runs, comments, and one-line SQL*Plus commands. The splitter only looks at
//! the text; substitution and execution happen later, in the runner.
//!
//! How a line is classified when no statement is open: blank lines are skipped; `/` alone is
//! a re-run; `--`, `/* ... */` and `REM[ARK]` are comments; a first word that starts a PL/SQL
//! unit (DECLARE, BEGIN, CREATE [OR REPLACE] PROCEDURE|FUNCTION|PACKAGE|TRIGGER|TYPE|LIBRARY)
//! opens a block; a SQL verb opens a statement; anything else is a SQL*Plus command, one
//! line (an unknown word is reported by the command parser as SP2-0734, as SQL*Plus does).

/// What one item of a script is.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemKind {
    /// A SQL statement or PL/SQL block.
    Statement {
        /// The text to send: lines joined by `\n`, without the `;` terminator or `/` line.
        text: String,
        /// The lines as typed (terminator included), for ECHO.
        echo: Vec<String>,
        /// True for a PL/SQL block.
        plsql: bool,
        /// False when the statement only goes into the buffer (ended by a blank line or `.`).
        run: bool,
    },
    /// `/` alone: run the buffer again.
    Rerun,
    /// A comment (`--`, `/* */`, `REM`), kept for ECHO.
    Comment(Vec<String>),
    /// A SQL*Plus (or runner) command line.
    Command(String),
    /// End of file inside a statement: the terminator that is missing.
    Unterminated(&'static str),
}

/// One item and the script line it starts on (1-based).
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The first line of the item in the script.
    pub line: usize,
    /// The item.
    pub kind: ItemKind,
}

/// Where the lexer is at the end of a line: quotes and block comments span lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lex {
    Normal,
    Single,
    Double,
    BlockComment,
    QQuote(char),
}

/// Scans one line from state `lex`; returns the state at its end and the byte offset of a
/// terminating `;` (the last significant character of the line outside quotes and comments).
fn scan_line(line: &str, mut lex: Lex) -> (Lex, Option<usize>) {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut last: Option<(usize, char)> = None;
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let next = chars.get(i + 1).map(|x| x.1);
        match lex {
            Lex::Normal => match c {
                '-' if next == Some('-') => break,
                '/' if next == Some('*') => {
                    lex = Lex::BlockComment;
                    i += 1;
                }
                '\'' => {
                    lex = Lex::Single;
                    last = Some((at, c));
                }
                'q' | 'Q' if next == Some('\'') && !prev_is_word(&chars, i) => {
                    if let Some(&(_, open)) = chars.get(i + 2) {
                        lex = Lex::QQuote(closing(open));
                        i += 2;
                    } else {
                        lex = Lex::Single;
                        i += 1;
                    }
                    last = Some((at, c));
                }
                '"' => {
                    lex = Lex::Double;
                    last = Some((at, c));
                }
                c if c.is_whitespace() => {}
                _ => last = Some((at, c)),
            },
            Lex::Single => {
                if c == '\'' {
                    if next == Some('\'') {
                        i += 1;
                    } else {
                        lex = Lex::Normal;
                    }
                }
                last = Some((at, c));
            }
            Lex::Double => {
                if c == '"' {
                    lex = Lex::Normal;
                }
                last = Some((at, c));
            }
            Lex::BlockComment => {
                if c == '*' && next == Some('/') {
                    lex = Lex::Normal;
                    i += 1;
                }
            }
            Lex::QQuote(close) => {
                if c == close && next == Some('\'') {
                    lex = Lex::Normal;
                    i += 1;
                }
                last = Some((at, c));
            }
        }
        i += 1;
    }
    let semi = match (lex, last) {
        (Lex::Normal, Some((at, ';'))) => Some(at),
        _ => None,
    };
    (lex, semi)
}

fn prev_is_word(chars: &[(usize, char)], i: usize) -> bool {
    i > 0 && (chars[i - 1].1.is_alphanumeric() || chars[i - 1].1 == '_')
}

fn closing(open: char) -> char {
    match open {
        '[' => ']',
        '{' => '}',
        '(' => ')',
        '<' => '>',
        c => c,
    }
}

/// The upper-cased words at the start of `text` (letters, digits, `_ $ #`), at most `n`.
fn first_words(text: &str, n: usize) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '$' | '#')))
        .filter(|w| !w.is_empty())
        .take(n)
        .map(|w| w.to_uppercase())
        .collect()
}

/// True if `text` starts a PL/SQL unit, which SQL*Plus ends with `/` alone on a line.
fn starts_plsql(text: &str) -> bool {
    let words = first_words(text, 6);
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    match w.as_slice() {
        ["DECLARE", ..] | ["BEGIN", ..] => true,
        ["CREATE", rest @ ..] => {
            let rest = match rest {
                ["OR", "REPLACE", r @ ..] => r,
                r => r,
            };
            let rest = match rest {
                ["EDITIONABLE" | "NONEDITIONABLE", r @ ..] => r,
                r => r,
            };
            matches!(
                rest.first(),
                Some(&("PROCEDURE" | "FUNCTION" | "PACKAGE" | "TRIGGER" | "TYPE" | "LIBRARY"))
            )
        }
        _ => false,
    }
}

/// SQL verbs: a line starting with one of these opens a SQL statement.
const SQL_VERBS: &[&str] = &[
    "SELECT",
    "INSERT",
    "UPDATE",
    "DELETE",
    "MERGE",
    "WITH",
    "CREATE",
    "ALTER",
    "DROP",
    "TRUNCATE",
    "GRANT",
    "REVOKE",
    "COMMIT",
    "ROLLBACK",
    "SAVEPOINT",
    "LOCK",
    "CALL",
    "EXPLAIN",
    "COMMENT",
    "RENAME",
    "ANALYZE",
    "AUDIT",
    "NOAUDIT",
    "PURGE",
    "FLASHBACK",
    "VALUES",
    "CANCEL",
    "PAUSE",
    "RESUME",
    "KILL",
    "BACKUP",
    "RESTORE",
    "IMPORT",
];

/// True if `word`, second after SHOW, makes a CockroachDB SHOW (SQL*Plus SHOW has none of these).
fn crdb_show(word: &str) -> bool {
    use crate::sql::cockroach::{SHOW_JOBS_WORDS, SHOW_OTHER_WORDS};
    SHOW_JOBS_WORDS.contains(&word) || SHOW_OTHER_WORDS.contains(&word)
}

/// True if `text` starts a SQL statement (as opposed to a SQL*Plus command).
fn starts_sql(text: &str) -> bool {
    if text.trim_start().starts_with('(') {
        return true;
    }
    let words = first_words(text, 3);
    match words.first().map(String::as_str) {
        None => false,
        // SET and SHOW are SQL*Plus commands, except these SQL (and CockroachDB) forms.
        Some("SET") => matches!(
            words.get(1).map(String::as_str),
            Some("TRANSACTION" | "ROLE" | "CONSTRAINT" | "CONSTRAINTS" | "CLUSTER")
        ),
        Some("SHOW") => match words.get(1).map(String::as_str) {
            // SQL*Plus has SHOW ALL; CockroachDB has SHOW ALL [CLUSTER | LOCAL] SESSIONS ...
            Some("ALL") => words.get(2).is_some_and(|w| crdb_show(w)),
            Some(w) => crdb_show(w),
            None => false,
        },
        Some(w) => SQL_VERBS.contains(&w),
    }
}

/// True for a `REM`/`REMARK` comment line.
fn is_remark(text: &str) -> bool {
    let word = first_words(text, 1);
    let starts_with_word = text.trim_start().chars().next().is_some_and(char::is_alphabetic);
    starts_with_word
        && word.first().is_some_and(|w| w.len() >= 3 && "REMARK".starts_with(w.as_str()))
}

/// A statement being collected.
struct Open {
    line: usize,
    lines: Vec<String>,
    plsql: bool,
    lex: Lex,
}

impl Open {
    fn finish(self, run: bool, semi: Option<usize>, terminator: Option<&str>) -> Item {
        let mut echo = self.lines.clone();
        let mut body = self.lines;
        if let Some(cut) = semi
            && let Some(last) = body.last_mut()
        {
            last.truncate(cut);
        }
        while body.last().is_some_and(|l| l.trim().is_empty()) {
            body.pop();
        }
        if let Some(t) = terminator {
            echo.push(t.to_string());
        }
        let text = body.iter().map(|l| l.trim_end()).collect::<Vec<_>>().join("\n");
        Item { line: self.line, kind: ItemKind::Statement { text, echo, plsql: self.plsql, run } }
    }
}

/// Splits a script into items.
pub fn split(script: &str) -> Vec<Item> {
    let mut items = Vec::new();
    let mut open: Option<Open> = None;
    let mut comment: Option<(usize, Vec<String>)> = None;
    for (idx, raw) in script.lines().enumerate() {
        let n = idx + 1;
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim();
        if let Some((start, mut lines)) = comment.take() {
            lines.push(line.to_string());
            if trimmed.contains("*/") {
                items.push(Item { line: start, kind: ItemKind::Comment(lines) });
            } else {
                comment = Some((start, lines));
            }
            continue;
        }
        if let Some(mut st) = open.take() {
            if trimmed == "/" {
                items.push(st.finish(true, None, Some(line)));
            } else if trimmed == "." || (!st.plsql && trimmed.is_empty() && st.lex == Lex::Normal) {
                items.push(st.finish(false, None, None));
            } else {
                let (lex, semi) = scan_line(line, st.lex);
                st.lex = lex;
                st.lines.push(line.to_string());
                if !st.plsql && semi.is_some() {
                    items.push(st.finish(true, semi, None));
                } else {
                    open = Some(st);
                }
            }
            continue;
        }
        if trimmed.is_empty() {
            continue;
        }
        if trimmed == "/" {
            items.push(Item { line: n, kind: ItemKind::Rerun });
        } else if trimmed.starts_with('@') {
            items.push(Item { line: n, kind: ItemKind::Command(trimmed.to_string()) });
        } else if trimmed.starts_with("--") || is_remark(trimmed) {
            items.push(Item { line: n, kind: ItemKind::Comment(vec![line.to_string()]) });
        } else if let Some(after) = trimmed.strip_prefix("/*") {
            if after.contains("*/") {
                items.push(Item { line: n, kind: ItemKind::Comment(vec![line.to_string()]) });
            } else {
                comment = Some((n, vec![line.to_string()]));
            }
        } else if starts_plsql(trimmed) || starts_sql(trimmed) {
            let plsql = starts_plsql(trimmed);
            let (lex, semi) = scan_line(line, Lex::Normal);
            let st = Open { line: n, lines: vec![line.to_string()], plsql, lex };
            if !plsql && semi.is_some() {
                items.push(st.finish(true, semi, None));
            } else {
                open = Some(st);
            }
        } else {
            items.push(Item { line: n, kind: ItemKind::Command(trimmed.to_string()) });
        }
    }
    if let Some(st) = open {
        let missing = if st.plsql { "\"/\"" } else { "\";\" or \"/\"" };
        items.push(Item { line: st.line, kind: ItemKind::Unterminated(missing) });
    } else if let Some((start, _)) = comment {
        items.push(Item { line: start, kind: ItemKind::Unterminated("\"*/\"") });
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stmt(item: &Item) -> (&str, bool, bool) {
        match &item.kind {
            ItemKind::Statement { text, plsql, run, .. } => (text.as_str(), *plsql, *run),
            other => panic!("not a statement: {other:?}"),
        }
    }

    #[test]
    fn semicolon_at_end_of_line_ends_sql_and_is_stripped() {
        let items = split("select *\n  from dual;\nselect 1 from dual;  -- trailing comment\n");
        assert_eq!(items.len(), 2);
        assert_eq!(stmt(&items[0]), ("select *\n  from dual", false, true));
        assert_eq!(stmt(&items[1]), ("select 1 from dual", false, true));
        assert_eq!(items[1].line, 3);
    }

    #[test]
    fn semicolons_inside_quotes_and_comments_do_not_end() {
        let items =
            split("select 'a;\nb;' x, \"q;\" from dual /* ; */\n;\nselect q'[it's;]' from dual;\n");
        assert_eq!(items.len(), 2);
        assert_eq!(stmt(&items[0]).0, "select 'a;\nb;' x, \"q;\" from dual /* ; */");
        assert_eq!(stmt(&items[1]).0, "select q'[it's;]' from dual");
    }

    #[test]
    fn plsql_block_ends_with_slash_and_keeps_its_end() {
        let items = split(
            "begin\n  null;\nend;\n/\ncreate or replace procedure p is\nbegin null; end;\n/\n",
        );
        assert_eq!(items.len(), 2);
        assert_eq!(stmt(&items[0]), ("begin\n  null;\nend;", true, true));
        assert!(stmt(&items[1]).1);
        match &items[0].kind {
            ItemKind::Statement { echo, .. } => {
                assert_eq!(echo.last().map(String::as_str), Some("/"))
            }
            _ => unreachable!(),
        }
    }

    #[test]
    fn slash_after_sql_reruns_and_slash_ends_unterminated_sql() {
        let items = split("commit;\n/\nselect 1 from dual\n/\n");
        assert_eq!(items[1].kind, ItemKind::Rerun);
        assert_eq!(stmt(&items[2]), ("select 1 from dual", false, true));
    }

    #[test]
    fn blank_line_or_dot_buffers_without_running() {
        let items = split("select 1\nfrom dual\n\nbegin\nnull;\nend;\n.\n");
        assert_eq!(stmt(&items[0]), ("select 1\nfrom dual", false, false));
        assert_eq!(stmt(&items[1]), ("begin\nnull;\nend;", true, false));
    }

    #[test]
    fn comments_and_commands() {
        let items = split(
            "-- hello\nREM x\nrem\n/* a\n b */\nset serveroutput on\nexec dbms_session.sleep(1);\nshow sessions;\n",
        );
        assert!(matches!(items[0].kind, ItemKind::Comment(_)));
        assert!(matches!(items[1].kind, ItemKind::Comment(_)));
        assert!(matches!(items[2].kind, ItemKind::Comment(_)));
        assert_eq!(items[3].kind, ItemKind::Comment(vec!["/* a".into(), " b */".into()]));
        assert_eq!(items[4].kind, ItemKind::Command("set serveroutput on".into()));
        assert_eq!(items[5].kind, ItemKind::Command("exec dbms_session.sleep(1);".into()));
        assert_eq!(stmt(&items[6]).0, "show sessions");
        assert_eq!(split("@select.sql\n")[0].kind, ItemKind::Command("@select.sql".into()));
    }

    #[test]
    fn set_transaction_is_sql_but_set_echo_is_a_command() {
        let items = split("set transaction read only;\nset echo on\n");
        assert_eq!(stmt(&items[0]).0, "set transaction read only");
        assert_eq!(items[1].kind, ItemKind::Command("set echo on".into()));
    }

    #[test]
    fn unterminated_block_is_reported() {
        let items = split("select 1 from dual;\nbegin\n null;\nend;\n");
        assert_eq!(items.last().unwrap().kind, ItemKind::Unterminated("\"/\""));
        assert_eq!(items.last().unwrap().line, 2);
    }
}
