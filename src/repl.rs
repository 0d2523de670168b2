//! `vsession repl`: the interactive shell on an embedded engine.
//!
//! It is the script runner ([`crate::script`]) fed one complete piece at a time: lines are
//! collected until the runner's own splitter sees no unterminated statement (a SQL statement
//! ended by `;` or a `/` line, a PL/SQL block ended by `/`, a one-line SQL*Plus command), then
//! the collected text is run on the same [`Runner`], so every SQL*Plus command, `SESSION
//! name`, `ADVANCE`, the buffer and `/`, and the output format are exactly those of `vsession
//! run`. The engine runs on the wall clock unless `--virtual-time` is given.
//!
//! On a terminal, lines are read with rustyline (line editing; history in
//! `~/.vsession_history`); the prompt is `SQL> ` (or `name> ` after `SESSION name`) and
//! continuation lines are numbered (`  2  `) as in SQL*Plus. Ctrl-C discards the statement
//! being typed; Ctrl-D or EXIT ends the shell. When standard input is not a terminal, lines
//! are read from it without prompts, so `echo "select 1 from dual;" | vsession repl` works.
//!
//! At start the shell logs on as `system/manager` (or the `user/password` given; `/nolog`
//! starts unconnected, as `sqlplus /nolog`).

use std::io::{self, BufRead, IsTerminal, Write};

use crate::db::Config;
use crate::facade::Engine;
use crate::script::splitter::{ItemKind, split};
use crate::script::{Ended, Runner, RunnerSettings};

/// Where lines come from.
trait Lines {
    /// The next line, shown after `prompt` on a terminal; None at end of input.
    fn read(&mut self, prompt: &str) -> Option<io::Result<Input>>;
}

/// One read.
enum Input {
    Line(String),
    /// Ctrl-C: drop the statement being typed.
    Interrupted,
}

/// Reads plain lines (stdin that is not a terminal, or tests).
struct Plain<R: BufRead>(R);

impl<R: BufRead> Lines for Plain<R> {
    fn read(&mut self, _prompt: &str) -> Option<io::Result<Input>> {
        let mut line = String::new();
        match self.0.read_line(&mut line) {
            Ok(0) => None,
            Ok(_) => Some(Ok(Input::Line(line.trim_end_matches(['\n', '\r']).to_string()))),
            Err(e) => Some(Err(e)),
        }
    }
}

/// Reads with rustyline on a terminal.
struct Editor {
    ed: rustyline::DefaultEditor,
    history: Option<std::path::PathBuf>,
}

impl Lines for Editor {
    fn read(&mut self, prompt: &str) -> Option<io::Result<Input>> {
        use rustyline::error::ReadlineError;
        match self.ed.readline(prompt) {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = self.ed.add_history_entry(line.as_str());
                }
                Some(Ok(Input::Line(line)))
            }
            Err(ReadlineError::Interrupted) => Some(Ok(Input::Interrupted)),
            Err(ReadlineError::Eof) => None,
            Err(e) => Some(Err(io::Error::other(e))),
        }
    }
}

impl Drop for Editor {
    fn drop(&mut self) {
        if let Some(path) = &self.history {
            let _ = self.ed.save_history(path);
        }
    }
}

/// Runs the shell on a new engine built from `config`, logging on with `logon`
/// (`user/password`, `/nolog`, or None for `system/manager`). Returns the exit status.
pub fn run(config: Config, logon: Option<&str>) -> io::Result<i32> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if io::stdin().is_terminal() {
        let ed = rustyline::DefaultEditor::new().map_err(io::Error::other)?;
        let history =
            std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".vsession_history"));
        let mut editor = Editor { ed, history };
        if let Some(path) = &editor.history {
            let _ = editor.ed.load_history(path);
        }
        run_with(config, logon, &mut editor, &mut out)
    } else {
        let stdin = io::stdin();
        run_with(config, logon, &mut Plain(stdin.lock()), &mut out)
    }
}

/// Runs the shell reading `input` (plain lines, no prompts) and writing to `out`; returns
/// the exit status. This is what `vsession repl` does when stdin is not a terminal.
pub fn run_lines(
    config: Config,
    logon: Option<&str>,
    input: impl BufRead,
    out: &mut dyn Write,
) -> io::Result<i32> {
    run_with(config, logon, &mut Plain(input), out)
}

fn run_with(
    config: Config,
    logon: Option<&str>,
    input: &mut dyn Lines,
    out: &mut dyn Write,
) -> io::Result<i32> {
    let mut runner = Runner::new(Engine::new(config), RunnerSettings::default());
    let logon = logon.unwrap_or("system/manager");
    if !logon.eq_ignore_ascii_case("/nolog")
        && let Ended::Exit(status) = runner.run_text(&format!("CONNECT {logon}\n"), out)?
    {
        return Ok(status);
    }
    let mut session = "SQL".to_string();
    let mut pending: Vec<String> = Vec::new();
    loop {
        let prompt = match pending.len() {
            0 => format!("{session}> "),
            n => format!("{:>3}  ", n + 1),
        };
        let line = match input.read(&prompt) {
            None => break,
            Some(Err(e)) => return Err(e),
            Some(Ok(Input::Interrupted)) => {
                pending.clear();
                continue;
            }
            Some(Ok(Input::Line(line))) => line,
        };
        if pending.is_empty()
            && let Some(name) = session_switch(&line)
        {
            session = name;
        }
        pending.push(line);
        let text = pending.join("\n") + "\n";
        if is_unterminated(&text) {
            continue;
        }
        pending.clear();
        if let Ended::Exit(status) = runner.run_text(&text, out)? {
            return Ok(status);
        }
    }
    if !pending.is_empty() {
        let text = pending.join("\n") + "\n";
        if let Ended::Exit(status) = runner.run_text(&text, out)? {
            return Ok(status);
        }
    }
    runner.finish(out)
}

/// True while the text ends inside a statement or block.
fn is_unterminated(text: &str) -> bool {
    split(text).last().is_some_and(|item| matches!(item.kind, ItemKind::Unterminated(_)))
}

/// The prompt name after a `SESSION name` command (`SQL` for main).
fn session_switch(line: &str) -> Option<String> {
    let mut words = line.split_whitespace();
    let first = words.next()?;
    if !first.eq_ignore_ascii_case("SESSION") {
        return None;
    }
    let name = words.next()?;
    Some(if name.eq_ignore_ascii_case("main") { "SQL".into() } else { name.to_lowercase() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &str) -> (String, i32) {
        let mut out = Vec::new();
        let config = Config { virtual_time: true, ..Config::default() };
        let status = run_lines(config, None, input.as_bytes(), &mut out).unwrap();
        (String::from_utf8(out).unwrap(), status)
    }

    #[test]
    fn statements_over_several_lines_and_blocks() {
        let (out, status) = run("select 1\n from dual\n;\nbegin\n  null;\nend;\n/\n");
        assert_eq!(status, 0);
        assert!(out.starts_with("Connected.\n"), "{out}");
        assert!(out.contains("PL/SQL procedure successfully completed."), "{out}");
        assert!(out.contains("         1"), "{out}");
    }

    #[test]
    fn exit_status_and_sessions() {
        let (out, status) =
            run("session two\nconnect system/manager\nselect 2 from dual;\nexit 3\n");
        assert_eq!(status, 3, "{out}");
        assert_eq!(session_switch("SESSION main").as_deref(), Some("SQL"));
        assert_eq!(session_switch("session Two").as_deref(), Some("two"));
        assert_eq!(session_switch("select 1"), None);
    }

    #[test]
    fn unterminated_input_at_end_is_reported() {
        let (out, status) = run("select 1 from dual");
        assert_eq!(status, 1, "{out}");
        assert!(out.contains("SP2-9002"), "{out}");
    }
}
