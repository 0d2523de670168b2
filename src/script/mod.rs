//! The SQL*Plus-compatible script runner behind `vsession run FILE...`.
//!
//! A script is split into items ([`splitter`]), substitution variables are replaced
//! ([`subst`]), SQL*Plus commands change settings ([`commands`]), calls go to named sessions
//! that each run on their own thread ([`runner`]), and results are printed as SQL*Plus prints
//! them ([`format`](mod@format)). [`run_script_text`] is the one-call entry point for tests.
//!
//! SYNTAX
//! ------
//! Ordinary SQL*Plus: `;` at the end of a line (outside quotes and comments) ends a SQL
//! statement; a PL/SQL unit (DECLARE, BEGIN, CREATE [OR REPLACE] PROCEDURE|FUNCTION|PACKAGE
//! \[BODY\]|TRIGGER|TYPE) ends with `/` alone on a line; `/` alone otherwise runs the SQL buffer
//! again; a blank line (in SQL) or `.` alone ends a statement without running it (it stays in
//! the buffer). `--`, `/* */` and `REM` are comments. `EXEC stmt` runs `BEGIN stmt; END;`.
//! Commands: CONNECT, DISCONNECT, PROMPT, SET (SERVEROUTPUT, FEEDBACK, PAGESIZE, LINESIZE,
//! ECHO, VERIFY, DEFINE, HEADING, NUMWIDTH, COLSEP; TERMOUT, TRIMSPOOL, TIMING and a few
//! others are accepted and ignored), COLUMN (FORMAT An / 9,990.99, HEADING, NEW_VALUE,
//! NOPRINT, CLEAR), CLEAR COLUMNS, DEFINE, UNDEFINE, WHENEVER SQLERROR, EXIT/QUIT, SHOW USER,
//! VARIABLE, PRINT and SET AUTOPRINT with `:name` bind variables ([`binds`](mod@binds));
//! `@file [args]` / `START file [args]` (relative to the working directory) and `@@file`
//! (relative to the calling script) run another script, its arguments as `&1`, `&2`, ...;
//! `.sql` is added to a name without extension. SPOOL, BREAK, COMPUTE, TTITLE, BTITLE are
//! ignored. A command is one line (no `-` continuation). The splitter is static, so SET
//! SQLBLANKLINES is accepted but a blank line always ends a SQL statement (into the buffer).
//! Two runner commands are added: `SESSION name` and `ADVANCE seconds`.
//!
//! SESSIONS AND TIME
//! -----------------
//! The script starts in session `main` (unconnected); `SESSION name` switches to a session,
//! creating it unconnected the first time (names are case-insensitive; `SESSION main` goes
//! back). Substitution variables, SET options and COLUMN formats are shared by all sessions;
//! bind variables (VARIABLE) belong to one session, as to one SQL*Plus window.
//! Each session has a worker thread; the runner sends it one call at a time.
//!
//! A script is *multi-session* if it contains a `SESSION` command (or once one has run).
//! - Single-session scripts behave like SQL*Plus: each call is waited for, and on the virtual
//!   clock time jumps to the next deadline while the call waits on time, so
//!   `EXEC DBMS_SESSION.SLEEP(5)` completes at once and prints as usual.
//! - In multi-session scripts a call is waited for only until the engine settles (every
//!   thread finished or parked). If it has not completed, its session is left waiting and
//!   the script goes on; its result is printed later, when it completes.
//! - Addressing a session whose call is still in flight (any call, CONNECT, DISCONNECT, the end
//!   of the script) first waits for that call: on the virtual clock, time jumps from deadline
//!   to deadline; if no deadline is left and the call still waits (a lock held by an idle
//!   session), the run stops with `SP2-9003: session NAME is waiting for a lock held by
//!   session SID (name); the script can never continue` and status 1. On the real clock
//!   (`--real-time`) the runner simply waits, but gives up the same way if the holder has been
//!   idle for longer than the settle timeout (10 s).
//! - `ADVANCE n` moves the virtual clock n seconds (fractions allowed; on the real clock it
//!   sleeps) and prints what completed.
//!
//! TRANSCRIPT
//! ----------
//! - With `SET ECHO ON`, every item is echoed after the current session's prompt (`SQL> ` for
//!   `main`, `name> ` for the others), continuation lines numbered as SQL*Plus does (`  2  `);
//!   comments and commands are echoed too. ECHO is OFF by default, as in SQL*Plus.
//! - With ECHO OFF, a single-session script prints only results (a SQL*Plus `-s` spool). In a
//!   multi-session script each call (SQL, PL/SQL, `/`, EXEC) and each CONNECT, DISCONNECT and
//!   ADVANCE prints a one-line header: prompt + its first line as typed (for `/`, the first
//!   line of the buffer). Other commands (SET, PROMPT, SESSION, DEFINE, ...) print no header.
//! - A call that has not completed when the engine settles prints
//!   `name> <first line> (waiting)` in place of its header (with ECHO ON, after the echo; a
//!   first line over 70 characters is cut to 67 and `...`).
//! - Results are SQL*Plus's (see [`format`](mod@format)), unprefixed, right after their
//!   statement. A result that completes later is printed after the result of the step during
//!   which it completed, each line prefixed `name< ` (empty lines as `name<`; `SQL< ` for
//!   `main`). When the script addresses a session whose call is still in flight, the runner
//!   waits for it and prints it (with anything else that completed meanwhile) before the
//!   new command's echo or header. Several late results of one step are ordered by the engine
//!   time they completed at, then by session creation order: output never depends on thread
//!   scheduling.
//! - VERIFY (ON by default) prints `old   N: ...` / `new   N: ...` pairs for each SQL or
//!   PL/SQL line that substitution changed, after the header and before the result.
//! - CONNECT prints `Connected.`; a failed CONNECT prints `ERROR:`, the error and two empty
//!   lines, then `Warning: You are no longer connected to ORACLE.` if the session was
//!   connected (SQL*Plus disconnects first, with a COMMIT). DISCONNECT commits and prints
//!   nothing. A call in a session that is not connected prints `SP2-0640: Not connected`.
//! - DBMS_OUTPUT lines (SERVEROUTPUT ON) are printed right after their call, before the
//!   feedback; when the call fails they are printed before the error.
//! - Runner errors are printed as `SP2-9nnn` lines (see `error.rs`). Lines never end in
//!   blanks (TRIMOUT ON). No "Disconnected from ..." banner is printed at EXIT.
//!
//! EXIT STATUS
//! -----------
//! 0 at the end of the scripts; `EXIT n` (SUCCESS 0, FAILURE 1, WARNING 2); `WHENEVER
//! SQLERROR EXIT [n]` on the first failed call whose result is printed as the statement's own
//! (late results do not trigger it); 1 for a missing file, an unterminated statement or a
//! runner error. Several files run one after another on the same engine and sessions;
//! EXIT in one ends the whole run. At the end every call in flight is waited for, then every
//! session commits and logs off.

pub mod binds;
pub mod commands;
pub mod format;
pub mod runner;
pub mod splitter;
pub mod subst;

#[cfg(test)]
mod tests;

pub use runner::{Ended, Runner, RunnerSettings};

use std::io::Write;
use std::path::Path;

use crate::db::Config;
use crate::facade::Engine;

/// Runs files one after another on one engine built from `config`, writing the transcript
/// to `out`. Returns the exit status.
pub fn run_files(
    paths: &[impl AsRef<Path>],
    config: Config,
    out: &mut dyn Write,
) -> std::io::Result<i32> {
    let mut runner = Runner::new(Engine::new(config), RunnerSettings::default());
    for path in paths {
        if let Ended::Exit(status) = runner.run_file(path.as_ref(), out)? {
            return Ok(status);
        }
    }
    runner.finish(out)
}

/// Runs one script text on a fresh engine built from `config`; returns the transcript and
/// the exit status (what `vsession run` would print and return).
pub fn run_script_text(text: &str, config: Config) -> (String, i32) {
    let mut out = Vec::new();
    let mut runner = Runner::new(Engine::new(config), RunnerSettings::default());
    let status = match runner.run_text(text, &mut out) {
        Ok(Ended::Exit(status)) => status,
        Ok(Ended::EndOfScript) => runner.finish(&mut out).unwrap_or(1),
        Err(_) => 1,
    };
    (String::from_utf8_lossy(&out).into_owned(), status)
}

/// The engine configuration scripts run on by default: virtual time.
pub fn script_config() -> Config {
    Config { virtual_time: true, ..Config::default() }
}
