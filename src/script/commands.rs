//! SQL*Plus commands: parsing one command line into a [`Command`], and the state the
//! stateless commands change (SET options in [`Settings`], COLUMN formats in [`Columns`]).
//! Commands that talk to sessions (CONNECT, EXEC, SESSION, ADVANCE, ...) are carried out by the
//! runner; this module only says what was asked.
//!
//! Abbreviations follow SQL*Plus: a word matches a keyword if it is a prefix of it at least
//! as long as the keyword's shortest form (`CONN`, `DISC`, `PRO`, `COL`, `DEF`, `SERVEROUT`).

use indexmap::IndexMap;

use crate::error::{OraError, SP2_BAD_ARGUMENT, SP2_UNKNOWN_COMMAND, SP2_UNKNOWN_SET_OPTION};
use crate::ora;

/// True if `word` abbreviates `full` to at least `min` characters (case-insensitive).
pub fn abbrev(word: &str, full: &str, min: usize) -> bool {
    let w = word.to_uppercase();
    w.len() >= min && full.starts_with(&w)
}

/// The SET options the runner honours.
#[derive(Debug, Clone)]
pub struct Settings {
    /// SERVEROUTPUT: print DBMS_OUTPUT lines after each call.
    pub serveroutput: bool,
    /// FEEDBACK threshold: 0 = OFF, 1 = ON, n = only for queries of n rows or more.
    pub feedback: u64,
    /// PAGESIZE (0: no headings, no page breaks).
    pub pagesize: usize,
    /// LINESIZE: rows wider than this are wrapped by columns.
    pub linesize: usize,
    /// ECHO: list each command before running it.
    pub echo: bool,
    /// VERIFY: print `old`/`new` lines when substitution changed a statement.
    pub verify: bool,
    /// DEFINE: the substitution prefix, None when substitution is off.
    pub define: Option<char>,
    /// HEADING: print column headings.
    pub heading: bool,
    /// NUMWIDTH: the default width of NUMBER columns.
    pub numwidth: usize,
    /// COLSEP: the text between columns.
    pub colsep: String,
    /// AUTOPRINT: print the bind variables a successful call referred to.
    pub autoprint: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            serveroutput: false,
            feedback: 6,
            pagesize: 14,
            linesize: 80,
            echo: false,
            verify: true,
            define: Some('&'),
            heading: true,
            numwidth: 10,
            colsep: " ".into(),
            autoprint: false,
        }
    }
}

fn on_off(option: &str, value: Option<&str>) -> Result<bool, OraError> {
    match value.map(str::to_uppercase).as_deref() {
        Some("ON") => Ok(true),
        Some("OFF") => Ok(false),
        _ => Err(ora!(SP2_BAD_ARGUMENT, "SET {option} needs ON or OFF")),
    }
}

/// A numeric SET value within SQL*Plus's range for the option.
fn number(
    option: &str,
    value: Option<&str>,
    range: std::ops::RangeInclusive<usize>,
) -> Result<usize, OraError> {
    value.and_then(|v| v.parse::<usize>().ok()).filter(|n| range.contains(n)).ok_or_else(|| {
        ora!(
            SP2_BAD_ARGUMENT,
            "SET {option} needs a number from {} to {}",
            range.start(),
            range.end()
        )
    })
}

impl Settings {
    /// Applies `SET option value ...` (the words after SET). Harmless options we do not model
    /// (TERMOUT, TRIMSPOOL, TIMING, ...) are accepted and ignored.
    pub fn apply_set(&mut self, args: &[String]) -> Result<(), OraError> {
        let Some(option) = args.first() else {
            return Err(ora!(SP2_BAD_ARGUMENT, "SET needs an option"));
        };
        let value = args.get(1).map(String::as_str);
        let is = |full: &str, min: usize| abbrev(option, full, min);
        if is("SERVEROUTPUT", 9) {
            self.serveroutput = on_off("SERVEROUTPUT", value)?;
        } else if is("FEEDBACK", 4) {
            self.feedback = match value.map(str::to_uppercase).as_deref() {
                Some("ON") => 1,
                Some("OFF") => 0,
                _ => number("FEEDBACK", value, 0..=50_000)? as u64,
            };
        } else if is("PAGESIZE", 5) {
            self.pagesize = number("PAGESIZE", value, 0..=50_000)?;
        } else if is("LINESIZE", 3) {
            self.linesize = number("LINESIZE", value, 1..=32_767)?;
        } else if is("ECHO", 4) {
            self.echo = on_off("ECHO", value)?;
        } else if is("VERIFY", 3) {
            self.verify = on_off("VERIFY", value)?;
        } else if is("HEADING", 3) {
            self.heading = on_off("HEADING", value)?;
        } else if is("NUMWIDTH", 3) {
            self.numwidth = number("NUMWIDTH", value, 2..=50)?;
        } else if is("COLSEP", 6) {
            self.colsep = value.unwrap_or(" ").to_string();
        } else if is("DEFINE", 3) {
            self.define = match value.map(str::to_uppercase).as_deref() {
                Some("ON") => Some('&'),
                Some("OFF") => None,
                Some(v) if v.chars().count() == 1 => v.chars().next(),
                _ => {
                    return Err(ora!(
                        SP2_BAD_ARGUMENT,
                        "SET DEFINE needs ON, OFF or one character"
                    ));
                }
            };
        } else if is("AUTOPRINT", 5) {
            self.autoprint = on_off("AUTOPRINT", value)?;
        } else if !IGNORED_SET_OPTIONS.iter().any(|(full, min)| is(full, *min)) {
            let head: String = option.chars().take(10).collect();
            return Err(ora!(SP2_UNKNOWN_SET_OPTION, "{head}"));
        }
        Ok(())
    }
}

/// SET options accepted and ignored (they change nothing a transcript shows).
const IGNORED_SET_OPTIONS: &[(&str, usize)] = &[
    ("TERMOUT", 4),
    ("TRIMSPOOL", 5),
    ("TRIMOUT", 5),
    ("TIMING", 4),
    ("TIME", 2),
    ("TAB", 3),
    ("WRAP", 3),
    ("LONG", 4),
    ("NEWPAGE", 4),
    ("PAUSE", 3),
    ("ARRAYSIZE", 5),
    ("UNDERLINE", 3),
    ("SQLPROMPT", 4),
    ("SQLBLANKLINES", 5),
    ("AUTOCOMMIT", 4),
    ("TRIMSPOOL", 5),
    ("LONGCHUNKSIZE", 5),
    ("MARKUP", 4),
    ("SHOWMODE", 4),
    ("AUTOTRACE", 5),
    ("EMBEDDED", 3),
];

/// A COLUMN FORMAT.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnFormat {
    /// `An`: character width n.
    Chars(usize),
    /// A number picture such as `999`, `9,990.99`.
    Number(String),
}

/// What COLUMN set for one column.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColumnSpec {
    /// FORMAT.
    pub format: Option<ColumnFormat>,
    /// HEADING.
    pub heading: Option<String>,
    /// NEW_VALUE: the substitution variable set from the last row of each query.
    pub new_value: Option<String>,
    /// NOPRINT.
    pub noprint: bool,
}

/// COLUMN settings by upper-cased column name.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    specs: IndexMap<String, ColumnSpec>,
}

impl Columns {
    /// The spec of column `name`, if any.
    pub fn get(&self, name: &str) -> Option<&ColumnSpec> {
        self.specs.get(&name.to_uppercase())
    }

    /// CLEAR COLUMNS.
    pub fn clear_all(&mut self) {
        self.specs.clear();
    }

    /// Applies `COLUMN name option...` (the words after COLUMN).
    pub fn apply(&mut self, args: &[String]) -> Result<(), OraError> {
        let Some(name) = args.first() else { return Ok(()) };
        let key = name.trim_matches('"').to_uppercase();
        let mut spec = self.specs.get(&key).cloned().unwrap_or_default();
        let mut rest = args[1..].iter();
        while let Some(word) = rest.next() {
            let mut value = |what: &str| {
                rest.next()
                    .cloned()
                    .ok_or_else(|| ora!(SP2_BAD_ARGUMENT, "COLUMN {what} needs a value"))
            };
            if abbrev(word, "FORMAT", 3) {
                spec.format = Some(parse_format(&value("FORMAT")?)?);
            } else if abbrev(word, "HEADING", 3) {
                spec.heading = Some(value("HEADING")?);
            } else if abbrev(word, "NEW_VALUE", 5) {
                spec.new_value = Some(value("NEW_VALUE")?.to_uppercase());
            } else if abbrev(word, "NOPRINT", 4) {
                spec.noprint = true;
            } else if abbrev(word, "PRINT", 3) {
                spec.noprint = false;
            } else if abbrev(word, "CLEAR", 2) {
                self.specs.shift_remove(&key);
                return Ok(());
            } else {
                return Err(ora!(SP2_BAD_ARGUMENT, "unknown COLUMN option \"{word}\""));
            }
        }
        self.specs.insert(key, spec);
        Ok(())
    }
}

fn parse_format(text: &str) -> Result<ColumnFormat, OraError> {
    let upper = text.to_uppercase();
    if let Some(n) = upper.strip_prefix('A') {
        if let Ok(w) = n.parse::<usize>()
            && (1..=60_000).contains(&w)
        {
            return Ok(ColumnFormat::Chars(w));
        }
    } else if !upper.is_empty()
        && upper.len() <= 50
        && upper.chars().all(|c| matches!(c, '9' | '0' | ',' | '.'))
        && upper.matches('.').count() <= 1
    {
        return Ok(ColumnFormat::Number(upper));
    }
    Err(ora!(SP2_BAD_ARGUMENT, "illegal FORMAT string \"{text}\""))
}

/// WHENEVER SQLERROR: what to do when a SQL statement or PL/SQL block fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Whenever {
    /// Go on (the default).
    #[default]
    Continue,
    /// Stop the script: exit status, and ROLLBACK instead of the default COMMIT.
    Exit {
        /// Exit status.
        status: i32,
        /// True for ROLLBACK.
        rollback: bool,
    },
}

/// One parsed SQL*Plus (or runner) command.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// `CONNECT user/password[@service] [AS SYSDBA]`.
    Connect {
        /// User.
        user: String,
        /// Password.
        password: String,
        /// Service, from `@service` (the last `/`-part of an EZConnect string, port dropped).
        service: Option<String>,
    },
    /// DISCONNECT.
    Disconnect,
    /// PROMPT text.
    Prompt(String),
    /// SET option value.
    Set(Vec<String>),
    /// COLUMN name options.
    Column(Vec<String>),
    /// CLEAR COLUMNS (other CLEAR forms are ignored).
    ClearColumns,
    /// DEFINE alone: list the variables.
    DefineList,
    /// DEFINE name: show one variable.
    DefineShow(String),
    /// DEFINE name = value.
    Define(String, String),
    /// UNDEFINE name...
    Undefine(Vec<String>),
    /// WHENEVER SQLERROR ...
    Whenever(Whenever),
    /// `EXIT` / `QUIT [status] [COMMIT|ROLLBACK]`.
    Exit {
        /// Exit status.
        status: i32,
        /// True for ROLLBACK, false for COMMIT (the default).
        rollback: bool,
    },
    /// `EXEC[UTE] statement`: run `BEGIN statement; END;`.
    Exec(String),
    /// SESSION name: switch to (or create) a session.
    Session(String),
    /// ADVANCE seconds: move the virtual clock.
    Advance(std::time::Duration),
    /// `@file [args]`, `@@file [args]`, `START file [args]`: run another script; its
    /// arguments become `&1`, `&2`, ...
    Start {
        /// The file (`.sql` is added when it has no extension).
        path: String,
        /// True for `@@`: relative to the calling script's directory (else the working one).
        nested: bool,
        /// Arguments.
        args: Vec<String>,
    },
    /// SHOW USER.
    ShowUser,
    /// SHOW ERRORS [PROCEDURE | FUNCTION name]: the compilation errors of that unit, or of the
    /// last one this session created.
    ShowErrors(Option<(String, String)>),
    /// A command accepted and ignored (SPOOL, TIMING, BREAK, ...).
    Ignored,
    /// `VAR[IABLE] ...` (see `script::binds`).
    Variable(super::binds::VariableCommand),
    /// `PRI[NT] [name ...]`.
    Print(Vec<String>),
}

/// Splits command arguments on blanks; `'...'` and `"..."` are single words (quotes removed,
/// doubled quotes kept once).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut word = String::new();
        if c == '\'' || c == '"' {
            chars.next();
            while let Some(d) = chars.next() {
                if d == c {
                    if chars.peek() == Some(&c) {
                        chars.next();
                    } else {
                        break;
                    }
                }
                word.push(d);
            }
        } else {
            while let Some(&d) = chars.peek() {
                if d.is_whitespace() {
                    break;
                }
                word.push(d);
                chars.next();
            }
        }
        out.push(word);
    }
    out
}

/// Splits a command line into its first word and the rest.
fn head(line: &str) -> (&str, &str) {
    let line = line.trim();
    match line.find(char::is_whitespace) {
        Some(i) => (&line[..i], line[i..].trim_start()),
        None => (line, ""),
    }
}

/// Drops one trailing `;` (SQL*Plus accepts `SET ECHO ON;`).
fn unsemi(text: &str) -> &str {
    text.trim_end().strip_suffix(';').unwrap_or(text).trim_end()
}

/// Parses one command line (after substitution).
pub fn parse(line: &str) -> Result<Command, OraError> {
    if let Some(rest) = line.trim().strip_prefix('@') {
        let (nested, rest) = match rest.strip_prefix('@') {
            Some(r) => (true, r),
            None => (false, rest),
        };
        return parse_start(rest, nested);
    }
    let (word, rest) = head(line);
    let w = word.to_uppercase();
    let is = |full: &str, min: usize| abbrev(&w, full, min);
    let args = || words(unsemi(rest));
    Ok(if is("CONNECT", 4) {
        parse_connect(unsemi(rest))?
    } else if is("DISCONNECT", 4) {
        Command::Disconnect
    } else if is("PROMPT", 3) {
        Command::Prompt(rest.to_string())
    } else if is("SET", 3) {
        Command::Set(args())
    } else if is("COLUMN", 3) {
        Command::Column(args())
    } else if is("CLEAR", 2) {
        let a = args();
        if a.first().is_some_and(|x| abbrev(x, "COLUMNS", 3)) {
            Command::ClearColumns
        } else {
            Command::Ignored
        }
    } else if is("DEFINE", 3) {
        parse_define(unsemi(rest))
    } else if is("UNDEFINE", 5) {
        Command::Undefine(args())
    } else if is("WHENEVER", 8) {
        parse_whenever(&args())?
    } else if is("EXIT", 4) || is("QUIT", 4) {
        parse_exit(&args())?
    } else if is("EXECUTE", 4) {
        Command::Exec(unsemi(rest).to_string())
    } else if w == "SESSION" {
        match args().as_slice() {
            [name] if name.chars().all(|c| c.is_alphanumeric() || c == '_') => {
                Command::Session(name.clone())
            }
            _ => return Err(ora!(SP2_BAD_ARGUMENT, "SESSION needs one name (letters, digits, _)")),
        }
    } else if w == "ADVANCE" {
        match args().as_slice() {
            // At most about 30 years, so engine time cannot overflow.
            [n] => match n.parse::<f64>().map(std::time::Duration::try_from_secs_f64) {
                Ok(Ok(d)) if d.as_secs() <= 1_000_000_000 => Command::Advance(d),
                _ => return Err(ora!(SP2_BAD_ARGUMENT, "ADVANCE needs a number of seconds >= 0")),
            },
            _ => return Err(ora!(SP2_BAD_ARGUMENT, "ADVANCE needs a number of seconds >= 0")),
        }
    } else if is("START", 3) {
        parse_start(rest, false)?
    } else if is("SHOW", 3) && args().first().is_some_and(|a| a.eq_ignore_ascii_case("USER")) {
        Command::ShowUser
    } else if is("SHOW", 3)
        && args().first().is_some_and(|a| a.len() >= 3 && "ERRORS".starts_with(&a.to_uppercase()))
    {
        let a = args();
        match (a.get(1), a.get(2)) {
            (Some(kind), Some(body)) if body.eq_ignore_ascii_case("BODY") && a.len() > 3 => {
                let name = a[3].to_uppercase();
                Command::ShowErrors(Some((format!("{} BODY", kind.to_uppercase()), name)))
            }
            (Some(kind), Some(name)) => {
                Command::ShowErrors(Some((kind.to_uppercase(), name.to_uppercase())))
            }
            _ => Command::ShowErrors(None),
        }
    } else if is("VARIABLE", 3) {
        Command::Variable(super::binds::parse_variable(rest)?)
    } else if is("PRINT", 3) {
        Command::Print(args())
    } else if IGNORED_COMMANDS.iter().any(|(full, min)| is(full, *min)) {
        Command::Ignored
    } else {
        let head: String = line.trim().chars().take(10).collect();
        return Err(ora!(SP2_UNKNOWN_COMMAND, "{head}"));
    })
}

/// Commands accepted and ignored.
const IGNORED_COMMANDS: &[(&str, usize)] = &[
    ("SPOOL", 3),
    ("TIMING", 5),
    ("BREAK", 3),
    ("COMPUTE", 4),
    ("TTITLE", 3),
    ("BTITLE", 3),
    ("PAUSE", 3),
];

fn parse_start(rest: &str, nested: bool) -> Result<Command, OraError> {
    let mut args = words(unsemi(rest)).into_iter();
    match args.next() {
        Some(path) => Ok(Command::Start { path, nested, args: args.collect() }),
        None => Err(ora!(SP2_BAD_ARGUMENT, "@ needs a file name")),
    }
}

fn parse_connect(text: &str) -> Result<Command, OraError> {
    let mut spec = words(text).into_iter().next().unwrap_or_default();
    if let Some(i) = spec.to_uppercase().find(" AS ") {
        spec.truncate(i);
    }
    let (login, service) = match spec.split_once('@') {
        Some((l, s)) => {
            let s = s.rsplit('/').next().unwrap_or(s);
            let s = s.split(':').next().unwrap_or(s);
            (l.to_string(), Some(s.to_string()).filter(|s| !s.is_empty()))
        }
        None => (spec.clone(), None),
    };
    let (user, password) =
        login.split_once('/').map_or((login.clone(), String::new()), |(u, p)| (u.into(), p.into()));
    let password = password.trim_matches('"').to_string();
    Ok(Command::Connect { user, password, service })
}

fn parse_define(rest: &str) -> Command {
    let rest = rest.trim();
    if rest.is_empty() {
        return Command::DefineList;
    }
    let end = rest.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(rest.len());
    let name = rest[..end].to_string();
    let after = rest[end..].trim_start();
    let value = after.strip_prefix('=').unwrap_or(after).trim();
    if value.is_empty() && !after.starts_with('=') {
        return Command::DefineShow(name);
    }
    let value = match words(value).as_slice() {
        [one] if value.starts_with(['\'', '"']) => one.clone(),
        _ => value.to_string(),
    };
    Command::Define(name, value)
}

fn exit_status(word: &str) -> Option<i32> {
    match word.to_uppercase().as_str() {
        "SUCCESS" => Some(0),
        "FAILURE" => Some(1),
        "WARNING" => Some(2),
        // Exit codes are one byte on every OS: -1 exits with 255, as SQL*Plus does on Unix.
        n => n.parse::<i64>().ok().map(|n| n.rem_euclid(256) as i32),
    }
}

fn parse_exit(args: &[String]) -> Result<Command, OraError> {
    let mut status = 0;
    let mut rollback = false;
    for a in args {
        if let Some(s) = exit_status(a) {
            status = s;
        } else if a.eq_ignore_ascii_case("ROLLBACK") {
            rollback = true;
        } else if !a.eq_ignore_ascii_case("COMMIT") {
            return Err(ora!(SP2_BAD_ARGUMENT, "EXIT: invalid option \"{a}\""));
        }
    }
    Ok(Command::Exit { status, rollback })
}

fn parse_whenever(args: &[String]) -> Result<Command, OraError> {
    let bad =
        || ora!(SP2_BAD_ARGUMENT, "WHENEVER SQLERROR|OSERROR EXIT [n|SUCCESS|FAILURE] | CONTINUE");
    let (kind, action) = match args {
        [k, a, ..] => (k.to_uppercase(), a.to_uppercase()),
        _ => return Err(bad()),
    };
    if kind == "OSERROR" {
        return Ok(Command::Ignored);
    }
    if kind != "SQLERROR" {
        return Err(bad());
    }
    match action.as_str() {
        "CONTINUE" => Ok(Command::Whenever(Whenever::Continue)),
        "EXIT" => {
            // FAILURE by default; SQL.SQLCODE (not modelled) also gives 1.
            let rest = &args[2..];
            let status = rest.iter().find_map(|a| exit_status(a)).unwrap_or(1);
            let rollback = rest.iter().any(|a| a.eq_ignore_ascii_case("ROLLBACK"));
            Ok(Command::Whenever(Whenever::Exit { status, rollback }))
        }
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations() {
        assert_eq!(parse("conn system/manager").unwrap(), parse("CONNECT system/manager").unwrap());
        assert_eq!(parse("disc").unwrap(), Command::Disconnect);
        assert_eq!(parse("pro hello  world").unwrap(), Command::Prompt("hello  world".into()));
        assert!(parse("co x").is_err());
        let mut s = Settings::default();
        s.apply_set(&words("serverout on")).unwrap();
        assert!(s.serveroutput);
        assert!(s.apply_set(&words("serv on")).is_err());
    }

    #[test]
    fn connect_forms() {
        assert_eq!(
            parse("connect app/secret@//localhost:1521/sales").unwrap(),
            Command::Connect {
                user: "app".into(),
                password: "secret".into(),
                service: Some("sales".into())
            }
        );
        assert_eq!(
            parse("conn sys/manager as sysdba").unwrap(),
            Command::Connect { user: "sys".into(), password: "manager".into(), service: None }
        );
    }

    #[test]
    fn set_options() {
        let mut s = Settings::default();
        for cmd in [
            "feedback off",
            "pagesize 0",
            "lines 120",
            "echo on",
            "verify off",
            "define off",
            "termout off",
        ] {
            s.apply_set(&words(cmd)).unwrap();
        }
        assert_eq!(
            (s.feedback, s.pagesize, s.linesize, s.echo, s.verify, s.define),
            (0, 0, 120, true, false, None)
        );
        s.apply_set(&words("feedback on")).unwrap();
        assert_eq!(s.feedback, 1);
        s.apply_set(&words("define ^")).unwrap();
        assert_eq!(s.define, Some('^'));
        assert_eq!(s.apply_set(&words("bogus on")).unwrap_err().code.number, 158);
    }

    #[test]
    fn column_options() {
        let mut c = Columns::default();
        c.apply(&words("username format a20 heading 'User name' new_value who")).unwrap();
        c.apply(&words("sid format 9999")).unwrap();
        let spec = c.get("USERNAME").unwrap();
        assert_eq!(spec.format, Some(ColumnFormat::Chars(20)));
        assert_eq!(spec.heading.as_deref(), Some("User name"));
        assert_eq!(spec.new_value.as_deref(), Some("WHO"));
        assert_eq!(c.get("sid").unwrap().format, Some(ColumnFormat::Number("9999".into())));
        c.apply(&words("sid clear")).unwrap();
        assert!(c.get("sid").is_none());
        assert!(c.apply(&words("x format zz")).is_err());
    }

    #[test]
    fn define_exit_whenever_unknown() {
        assert_eq!(parse("define x = 'a b'").unwrap(), Command::Define("x".into(), "a b".into()));
        assert_eq!(parse("def x=5").unwrap(), Command::Define("x".into(), "5".into()));
        assert_eq!(parse("define x").unwrap(), Command::DefineShow("x".into()));
        assert_eq!(parse("define").unwrap(), Command::DefineList);
        assert_eq!(parse("exit 3").unwrap(), Command::Exit { status: 3, rollback: false });
        assert_eq!(parse("exit -1").unwrap(), Command::Exit { status: 255, rollback: false });
        assert_eq!(parse("quit rollback").unwrap(), Command::Exit { status: 0, rollback: true });
        assert_eq!(
            parse("whenever sqlerror exit failure").unwrap(),
            Command::Whenever(Whenever::Exit { status: 1, rollback: false })
        );
        assert_eq!(
            parse("whenever sqlerror exit sql.sqlcode").unwrap(),
            Command::Whenever(Whenever::Exit { status: 1, rollback: false })
        );
        assert_eq!(
            parse("exec dbms_session.sleep(5);").unwrap(),
            Command::Exec("dbms_session.sleep(5)".into())
        );
        assert_eq!(
            parse("advance 2.5").unwrap(),
            Command::Advance(std::time::Duration::from_millis(2500))
        );
        assert!(parse("advance 1e300").is_err());
        assert!(parse("advance -1").is_err());
        assert_eq!(
            parse("@@setup 21 'a b'").unwrap(),
            Command::Start {
                path: "setup".into(),
                nested: true,
                args: vec!["21".into(), "a b".into()]
            }
        );
        assert_eq!(
            parse("start x.sql").unwrap(),
            Command::Start { path: "x.sql".into(), nested: false, args: vec![] }
        );
        let e = parse(":v_empno := 5").unwrap_err();
        assert_eq!(
            e.to_string(),
            "SP2-0734: unknown command beginning \":v_empno :...\" - rest of line ignored."
        );
    }
}
