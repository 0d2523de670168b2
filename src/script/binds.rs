//! SQL*Plus bind variables: `VARIABLE`, `PRINT`, `SET AUTOPRINT` and the `:name` references
//! of the statements a session sends.
//!
//! Each script session (one SQL*Plus window) has its own [`BindVariables`]. Before a call is
//! sent, [`BindVariables::host_for`] finds the `:name` references of its text (outside
//! strings and comments; `x::type` casts are not binds) and hands the engine those variables
//! as `plsql::host::HostBinds` (SP2-0552 for one never declared, and nothing is sent); the
//! worker runs the call with them and brings them back with its completion, when
//! [`BindVariables::store`] keeps the values the call assigned. `CREATE` statements are sent
//! without binds (a trigger's `:new` / `:old` are its own).
//!
//! PRINT shows a variable as a one-column query: the name upper-case as heading, the dash
//! underline, the value (NUMBER right-aligned in NUMWIDTH, character types their declared
//! width), an empty line, never a row count.

use super::commands::{Columns, Settings};
use super::format;
use crate::error::{
    OraError, SP2_BIND_NOT_DECLARED, SP2_ERROR_PRINTING, SP2_ILLEGAL_VARIABLE_NAME,
    SP2_INVALID_VALUE, SP2_STRING_TOO_LONG, STATEMENT_HANDLE_NOT_EXECUTED,
};
use crate::exec::{Outcome, ResultSet};
use crate::ora;
use crate::plsql::host::{HostBinds, HostVar};
use crate::server::lex::{Kind, tokens};
use crate::value::{ColumnDesc, SqlType, Value};

/// SQL*Plus's usage text for a VARIABLE it cannot parse.
pub const VARIABLE_USAGE: &[&str] = &[
    "Usage: VAR[IABLE] [ <variable> [ NUMBER | CHAR | CHAR (n [CHAR|BYTE]) |",
    "                    VARCHAR2 (n [CHAR|BYTE]) | NCHAR | NCHAR (n) |",
    "                    NVARCHAR2 (n) | CLOB | NCLOB | BLOB | BFILE",
    "                    REFCURSOR | BINARY_FLOAT | BINARY_DOUBLE ] ]",
];

/// A parsed VARIABLE command.
#[derive(Debug, Clone, PartialEq)]
pub enum VariableCommand {
    /// `VARIABLE`: list every variable.
    List,
    /// `VARIABLE name`: list one.
    Show(String),
    /// `VARIABLE name type [= value]`: declare (again), NULL or the value.
    Declare {
        /// The name as typed.
        name: String,
        /// The type as SQL*Plus lists it (`VARCHAR2(20)`).
        type_text: String,
        /// The engine type; None for REFCURSOR.
        ty: Option<SqlType>,
        /// The initial value's text, if given.
        value: Option<String>,
    },
    /// `VARIABLE name = value`: assign a declared variable.
    Assign {
        /// The name.
        name: String,
        /// The value's text.
        value: String,
    },
    /// Something VARIABLE cannot parse: print the usage text.
    Usage,
}

/// One declared variable.
#[derive(Debug, Clone, PartialEq)]
struct Variable {
    /// The name as declared (VARIABLE lists it so).
    shown: String,
    /// The type as VARIABLE lists it.
    type_text: String,
    host: HostVar,
}

/// The bind variables of one script session.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BindVariables {
    vars: Vec<Variable>,
}

/// True for a SQL*Plus bind variable name: a letter, then letters, digits, `_`, `$`, `#`.
fn legal_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(char::is_alphabetic)
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '$' | '#'))
}

/// Parses the text after `VAR[IABLE]`.
pub fn parse_variable(rest: &str) -> Result<VariableCommand, OraError> {
    let rest = rest.trim().trim_end_matches(';').trim_end();
    if rest.is_empty() {
        return Ok(VariableCommand::List);
    }
    let (head, value) = match rest.split_once('=') {
        Some((h, v)) => (h.trim(), Some(unquote(v.trim()))),
        None => (rest, None),
    };
    let name_end = head.find(|c: char| c.is_whitespace() || c == '(').unwrap_or(head.len());
    let (name, type_words) = (&head[..name_end], head[name_end..].trim());
    if !legal_name(name) {
        return Err(ora!(SP2_ILLEGAL_VARIABLE_NAME, "{name}"));
    }
    Ok(match (type_words.is_empty(), value) {
        (true, None) => VariableCommand::Show(name.to_string()),
        (true, Some(value)) => VariableCommand::Assign { name: name.to_string(), value },
        (false, value) => match parse_type(type_words) {
            Some((type_text, ty)) => {
                VariableCommand::Declare { name: name.to_string(), type_text, ty, value }
            }
            None => VariableCommand::Usage,
        },
    })
}

/// A value's text without its quotes (`'it''s'` is `it's`).
fn unquote(v: &str) -> String {
    for q in ['\'', '"'] {
        if let Some(inner) = v.strip_prefix(q).and_then(|x| x.strip_suffix(q))
            && !inner.is_empty()
        {
            return inner.replace(&format!("{q}{q}"), &q.to_string());
        }
    }
    v.to_string()
}

/// A VARIABLE type: its listed text and engine type (None inside: REFCURSOR; None: not a
/// type VARIABLE takes).
fn parse_type(words: &str) -> Option<(String, Option<SqlType>)> {
    let upper: String = words.to_uppercase().split_whitespace().collect::<Vec<_>>().join(" ");
    let (base, size) = match upper.split_once('(') {
        Some((b, s)) => {
            let inner = s.strip_suffix(')')?.trim();
            let n = inner.strip_suffix("CHAR").or(inner.strip_suffix("BYTE")).unwrap_or(inner);
            let n: u32 = n.trim().parse().ok()?;
            (b.trim().to_string(), Some(n))
        }
        None => (upper.clone(), None),
    };
    let max = |limit: u32| size.filter(|n| (1..=limit).contains(n));
    if (base.as_str(), size) == ("REFCURSOR", None) {
        return Some((base, None));
    }
    let (text, ty) = match (base.as_str(), size) {
        ("NUMBER" | "BINARY_FLOAT" | "BINARY_DOUBLE", None) => (base, SqlType::NUMBER),
        ("CHAR" | "NCHAR", None) => (base, SqlType::Char(1)),
        ("CHAR" | "NCHAR", Some(_)) => {
            let n = max(2000)?;
            (format!("{base}({n})"), SqlType::Char(n))
        }
        ("VARCHAR2" | "NVARCHAR2", Some(_)) => {
            let n = max(32767)?;
            (format!("{base}({n})"), SqlType::Varchar2(n))
        }
        ("CLOB" | "NCLOB", None) => (base, SqlType::Varchar2(32767)),
        _ => return None,
    };
    Some((text, Some(ty)))
}

/// The `:name` references of `text` (upper-cased, each once, in order of appearance).
pub fn references(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for t in tokens(text) {
        // `x::int` is a CockroachDB cast, not a bind.
        if t.kind != Kind::Colon || text[..t.start].ends_with(':') {
            continue;
        }
        let name = text[t.start + 1..t.end].to_uppercase();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// True for statements whose `:name`s are not the client's (CREATE TRIGGER's `:new`).
fn sent_without_binds(text: &str) -> bool {
    text.split_whitespace().next().is_some_and(|w| w.eq_ignore_ascii_case("CREATE"))
}

impl BindVariables {
    fn find(&self, name: &str) -> Option<&Variable> {
        let upper = name.to_uppercase();
        self.vars.iter().find(|v| v.host.name == upper)
    }

    fn find_mut(&mut self, name: &str) -> Option<&mut Variable> {
        let upper = name.to_uppercase();
        self.vars.iter_mut().find(|v| v.host.name == upper)
    }

    /// Carries out a VARIABLE command; returns the lines it prints.
    pub fn apply(&mut self, cmd: VariableCommand) -> Vec<String> {
        let result = match cmd {
            VariableCommand::List => {
                let mut lines = Vec::new();
                for (i, v) in self.vars.iter().enumerate() {
                    if i > 0 {
                        lines.push(String::new());
                    }
                    lines.extend(listing(v));
                }
                Ok(lines)
            }
            VariableCommand::Show(name) => match self.find(&name) {
                Some(v) => Ok(listing(v)),
                None => Err(ora!(SP2_BIND_NOT_DECLARED, "{}", name.to_uppercase())),
            },
            VariableCommand::Declare { name, type_text, ty, value } => {
                let host = match ty {
                    Some(ty) => HostVar::scalar(&name.to_uppercase(), ty),
                    None => HostVar::refcursor(&name.to_uppercase()),
                };
                let var = Variable { shown: name.clone(), type_text, host };
                match self.find_mut(&name) {
                    Some(old) => *old = var,
                    None => self.vars.push(var),
                }
                // A bad initial value leaves the variable declared, NULL.
                value.map_or(Ok(Vec::new()), |v| self.assign(&name, &v))
            }
            VariableCommand::Assign { name, value } => self.assign(&name, &value),
            VariableCommand::Usage => Ok(VARIABLE_USAGE.iter().map(|l| l.to_string()).collect()),
        };
        result.unwrap_or_else(|e| vec![e.to_string()])
    }

    /// `VARIABLE name = value`: SP2-0425 / SP2-0631 for a value the type cannot hold.
    fn assign(&mut self, name: &str, text: &str) -> Result<Vec<String>, OraError> {
        let Some(var) = self.find_mut(name).filter(|v| !v.host.refcursor) else {
            return Err(ora!(SP2_BIND_NOT_DECLARED, "{}", name.to_uppercase()));
        };
        var.host.value = match var.host.ty {
            SqlType::Number { .. } => match text.trim().parse::<rust_decimal::Decimal>() {
                Ok(d) => Value::Number(d),
                Err(_) => {
                    return Err(ora!(SP2_INVALID_VALUE, "{text}\u{1}{}", var.type_text));
                }
            },
            SqlType::Varchar2(n) | SqlType::Char(n) if text.chars().count() > n as usize => {
                return Err(ora!(SP2_STRING_TOO_LONG, "{text}"));
            }
            _ => Value::text(text),
        };
        Ok(Vec::new())
    }

    /// The variables a call's `text` refers to, for the engine (None when it refers to
    /// none); SP2-0552 for the first one not declared.
    pub fn host_for(&self, text: &str) -> Result<Option<HostBinds>, OraError> {
        if sent_without_binds(text) {
            return Ok(None);
        }
        let names = references(text);
        if names.is_empty() {
            return Ok(None);
        }
        let mut vars = Vec::with_capacity(names.len());
        for name in names {
            match self.find(&name) {
                Some(v) => vars.push(v.host.clone()),
                None => return Err(ora!(SP2_BIND_NOT_DECLARED, "{name}")),
            }
        }
        Ok(Some(HostBinds { vars }))
    }

    /// Keeps the values a completed call left in its binds.
    pub fn store(&mut self, binds: &HostBinds) {
        for b in &binds.vars {
            // Redeclared meanwhile with another type: the new declaration wins.
            let same = |v: &&mut Variable| v.host.ty == b.ty && v.host.refcursor == b.refcursor;
            if let Some(v) = self.find_mut(&b.name).filter(same) {
                v.host.value = b.value.clone();
                v.host.cursor = b.cursor.clone();
            }
        }
    }

    /// PRINT [name ...]: every variable when `names` is empty. An undeclared name prints
    /// SP2-0552 in its place and the others still print.
    pub fn print(
        &mut self,
        names: &[String],
        settings: &Settings,
        columns: &Columns,
    ) -> Vec<String> {
        let all: Vec<String>;
        let names = if names.is_empty() {
            all = self.vars.iter().map(|v| v.host.name.clone()).collect();
            &all
        } else {
            names
        };
        let mut lines = Vec::new();
        for name in names {
            match self.find_mut(name) {
                Some(v) => lines.extend(value_lines(&mut v.host, settings, columns)),
                None => {
                    lines.push(ora!(SP2_BIND_NOT_DECLARED, "{}", name.to_uppercase()).to_string())
                }
            }
        }
        lines
    }
}

/// `variable   name` / `datatype   TYPE`, as VARIABLE lists a variable.
fn listing(v: &Variable) -> Vec<String> {
    vec![format!("variable   {}", v.shown), format!("datatype   {}", v.type_text)]
}

/// One variable printed as a one-row query, without feedback; a REFCURSOR as the query it
/// was opened for, with feedback, which fetches all its rows and closes it.
fn value_lines(var: &mut HostVar, settings: &Settings, columns: &Columns) -> Vec<String> {
    if var.refcursor {
        return match var.cursor.take() {
            Some(rs) => format::outcome_lines(&Outcome::Rows(rs), &[], settings, columns),
            None => {
                let mut lines = format::plain_error_lines(&ora!(STATEMENT_HANDLE_NOT_EXECUTED));
                lines.push(ora!(SP2_ERROR_PRINTING, "{}", var.name).to_string());
                lines
            }
        };
    }
    let rs = ResultSet {
        columns: vec![ColumnDesc::new(var.name.clone(), var.ty)],
        rows: vec![vec![var.value.clone()]],
    };
    let quiet = Settings { feedback: 0, ..settings.clone() };
    format::outcome_lines(&Outcome::Rows(rs), &[], &quiet, columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variable_forms() {
        assert_eq!(parse_variable("").unwrap(), VariableCommand::List);
        assert_eq!(parse_variable("n;").unwrap(), VariableCommand::Show("n".into()));
        let VariableCommand::Declare { name, type_text, ty, value } =
            parse_variable("s varchar2 (20 char) = 'it''s'").unwrap()
        else {
            panic!()
        };
        assert_eq!((name.as_str(), type_text.as_str()), ("s", "VARCHAR2(20)"));
        assert_eq!((ty, value.as_deref()), (Some(SqlType::Varchar2(20)), Some("it's")));
        assert!(matches!(
            parse_variable("rc refcursor").unwrap(),
            VariableCommand::Declare { ty: None, .. }
        ));
        assert!(matches!(
            parse_variable("n = 5").unwrap(),
            VariableCommand::Assign { value, .. } if value == "5"
        ));
        assert_eq!(parse_variable("x date").unwrap(), VariableCommand::Usage);
        assert_eq!(parse_variable("x varchar2(0)").unwrap(), VariableCommand::Usage);
        assert!(parse_variable("1x number").is_err());
        assert!(parse_variable("a'b number").is_err());
    }

    #[test]
    fn references_skip_strings_comments_assignments_and_casts() {
        let text = "begin :a := ':b' || :A; -- :c\n x := y::int + :d; end;";
        assert_eq!(references(text), vec!["A".to_string(), "D".to_string()]);
    }

    #[test]
    fn host_binds_for_a_call() {
        let mut vars = BindVariables::default();
        vars.apply(parse_variable("n number = 3").unwrap());
        assert!(vars.host_for("select 1 from dual").unwrap().is_none());
        assert!(
            vars.host_for("create trigger t before insert on x begin :new.a := 1; end;")
                .unwrap()
                .is_none()
        );
        let e = vars.host_for("begin :n := :m; end;").unwrap_err();
        assert_eq!(e.to_string(), "SP2-0552: Bind variable \"M\" not declared.");
        let mut host = vars.host_for("begin :n := :n + 1; end;").unwrap().unwrap();
        assert_eq!(host.vars.len(), 1);
        host.vars[0].value = Value::int(4);
        vars.store(&host);
        assert_eq!(vars.find("N").unwrap().host.value.to_text().as_deref(), Some("4"));
    }
}
