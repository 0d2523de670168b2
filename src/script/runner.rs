//! The runner: carries out script items on named sessions, each with its own thread, and
//! prints results in a fixed order (see the module doc of `script` for the transcript rules).
//!
//! Data flow: [`Runner::run_text`] splits the text ([`split`]), then for each item substitutes
//! variables, runs SQL*Plus commands itself and sends calls to the current session's worker
//! thread (a `Job`). A worker runs `Session::execute`, takes the DBMS_OUTPUT lines and posts a
//! `Completion` on the one shared completion channel, then calls `clock.end_work()` (the
//! runner called `begin_work()` before sending). After each call and each ADVANCE the runner
//! waits for the clock to settle, collects what completed, and prints the statement's own
//! result first and then the other completions, sorted by (engine time of completion,
//! session creation order) so that output never depends on thread scheduling.

use std::io::{self, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

use super::binds::BindVariables;
use super::commands::{self, Columns, Command, Settings, Whenever};
use super::format;
use super::splitter::{ItemKind, split};
use super::subst::{self, Defines};
use crate::clock::Clock;
use crate::error::{
    INTERNAL_ERROR, OraError, SP2_CANNOT_OPEN, SP2_NESTED_TOO_DEEP, SP2_NEVER_CONTINUES,
    SP2_NOT_CONNECTED, SP2_NOT_SETTLED, SP2_NOTHING_TO_RUN, SP2_SUBST_UNDEFINED,
    SP2_SYMBOL_UNDEFINED, SP2_UNTERMINATED,
};
use crate::exec::Outcome;
use crate::facade::{ConnectOptions, Engine, Session};
use crate::ora;
use crate::plsql::host::HostBinds;
use crate::session::{ClientInfo, SessionType, Status};

/// How the runner waits.
#[derive(Debug, Clone)]
pub struct RunnerSettings {
    /// Real time allowed for the sessions to settle after a step before the run is aborted.
    pub settle_timeout: Duration,
    /// The most engine time one wait for a session may skip on the virtual clock (a call that
    /// keeps sleeping longer than this is reported instead of being followed for ever).
    pub max_virtual_wait: Duration,
}

impl Default for RunnerSettings {
    fn default() -> Self {
        RunnerSettings {
            settle_timeout: Duration::from_secs(10),
            max_virtual_wait: Duration::from_secs(86_400),
        }
    }
}

/// How a script run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The text ran to its end; more files may follow, then [`Runner::finish`].
    EndOfScript,
    /// EXIT, WHENEVER SQLERROR EXIT or a script error ended the run with this status; the
    /// sessions are already disconnected.
    Exit(i32),
}

/// How a worker runs a call: `Session::execute` (with the call's bind variables, if it refers
/// to any), or a stand-in in tests.
pub(crate) type Exec = fn(&Session, &str, Option<&mut HostBinds>) -> Result<Outcome, OraError>;

fn execute_call(
    session: &Session,
    text: &str,
    binds: Option<&mut HostBinds>,
) -> Result<Outcome, OraError> {
    match binds {
        Some(binds) => session.execute_binds(text, binds),
        None => session.execute(text),
    }
}

/// A call for a worker thread.
struct Job {
    id: u64,
    session: Session,
    text: String,
    silent: bool,
    binds: Option<HostBinds>,
}

/// A finished call, as posted by a worker.
struct Completion {
    slot: usize,
    id: u64,
    at: Duration,
    text: String,
    silent: bool,
    result: Result<Outcome, OraError>,
    output: Vec<String>,
    /// The call's bind variables as it left them.
    binds: Option<HostBinds>,
}

/// One named session of the script.
struct Slot {
    name: String,
    conn: Option<Session>,
    tx: Sender<Job>,
    pending: Option<u64>,
    /// The last PROCEDURE / FUNCTION this session created (kind, name), for SHOW ERRORS.
    last_created: Option<(String, String)>,
    /// The SERVEROUTPUT setting last applied to this connection (None: not yet).
    serveroutput: Option<bool>,
    /// Its SQL*Plus bind variables (VARIABLE).
    binds: BindVariables,
}

/// Why a step stopped the run.
enum Stop {
    /// Exit with this status after finishing (drain, commit or roll back, disconnect).
    Exit { status: i32, rollback: bool },
    /// A runner error that was printed: give up at once, status 1.
    Abort,
}

type Step = Result<(), Stop>;

/// A SQL*Plus-compatible script runner over one engine. See the `script` module doc.
pub struct Runner {
    engine: Engine,
    clock: Arc<Clock>,
    opts: RunnerSettings,
    set: Settings,
    columns: Columns,
    defines: Defines,
    whenever: Whenever,
    slots: Vec<Slot>,
    current: usize,
    done_tx: Sender<Completion>,
    done_rx: Receiver<Completion>,
    arrived: Vec<Completion>,
    buffer: Option<String>,
    multi: bool,
    next_id: u64,
    lines: Vec<String>,
    exec: Exec,
    /// Directories of the scripts being run, innermost last (for `@@`).
    dirs: Vec<PathBuf>,
}

fn spawn_worker(
    slot: usize,
    name: &str,
    clock: Arc<Clock>,
    done: Sender<Completion>,
    exec: Exec,
) -> Sender<Job> {
    let (tx, rx) = mpsc::channel::<Job>();
    let worker = move || {
        for mut job in rx {
            let run = || exec(&job.session, &job.text, job.binds.as_mut());
            let result = catch_unwind(AssertUnwindSafe(run))
                .unwrap_or_else(|_| Err(ora!(INTERNAL_ERROR, "call panicked")));
            let output = job.session.take_output();
            let at = clock.now();
            let c = Completion {
                slot,
                id: job.id,
                at,
                text: job.text,
                silent: job.silent,
                result,
                output,
                binds: job.binds,
            };
            let _ = done.send(c);
            clock.end_work();
        }
    };
    // If the thread cannot be started, `rx` is dropped and every send fails; dispatch copes.
    let _ = std::thread::Builder::new().name(format!("vsession-{name}")).spawn(worker);
    tx
}

/// Shortens a statement's first line for headers and `(waiting)` lines.
/// (`PROCEDURE` | `FUNCTION`, NAME) of a `CREATE [OR REPLACE] PROCEDURE | FUNCTION` text.
fn created_unit(text: &str) -> Option<(String, String)> {
    let upper = text.to_uppercase();
    let mut words = upper.split(|c: char| c.is_whitespace() || c == '(' || c == ';');
    let words: Vec<&str> = words.by_ref().filter(|w| !w.is_empty()).take(6).collect();
    let rest = match words.as_slice() {
        ["CREATE", "OR", "REPLACE", rest @ ..] | ["CREATE", rest @ ..] => rest,
        _ => return None,
    };
    match rest {
        [kind @ ("PROCEDURE" | "FUNCTION"), name, ..] => {
            let name = name.rsplit('.').next().unwrap_or(name).trim_matches('"');
            Some((kind.to_string(), name.to_string()))
        }
        ["PACKAGE", "BODY", name, ..] | ["PACKAGE", name, ..] => {
            let kind = if rest[1] == "BODY" { "PACKAGE BODY" } else { "PACKAGE" };
            let name = name.rsplit('.').next().unwrap_or(name).trim_matches('"');
            Some((kind.to_string(), name.to_string()))
        }
        _ => None,
    }
}

/// Wraps `text` at word boundaries into lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= width => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

fn summary(line: &str) -> String {
    let line = line.trim();
    if line.chars().count() > 70 {
        format!("{}...", line.chars().take(67).collect::<String>())
    } else {
        line.into()
    }
}

impl Runner {
    /// A runner on `engine`, with one unconnected session `main`.
    pub fn new(engine: Engine, opts: RunnerSettings) -> Runner {
        Runner::with_exec(engine, opts, execute_call)
    }

    /// A runner whose workers run calls with `exec` (tests use a stand-in for the engine).
    pub(crate) fn with_exec(engine: Engine, opts: RunnerSettings, exec: Exec) -> Runner {
        let clock = engine.db().clock.clone();
        let (done_tx, done_rx) = mpsc::channel();
        let mut runner = Runner {
            engine,
            clock,
            opts,
            set: Settings::default(),
            columns: Columns::default(),
            defines: Defines::default(),
            whenever: Whenever::Continue,
            slots: Vec::new(),
            current: 0,
            done_tx,
            done_rx,
            arrived: Vec::new(),
            buffer: None,
            multi: false,
            next_id: 0,
            lines: Vec::new(),
            exec,
            dirs: Vec::new(),
        };
        runner.add_slot("main");
        runner
    }

    fn add_slot(&mut self, name: &str) -> usize {
        let idx = self.slots.len();
        let tx = spawn_worker(idx, name, self.clock.clone(), self.done_tx.clone(), self.exec);
        self.slots.push(Slot {
            name: name.to_string(),
            conn: None,
            tx,
            pending: None,
            last_created: None,
            serveroutput: None,
            binds: BindVariables::default(),
        });
        idx
    }

    /// Runs a script file. A file that cannot be read prints SP2-0310 and ends the run with
    /// status 1.
    pub fn run_file(&mut self, path: &Path, out: &mut dyn Write) -> io::Result<Ended> {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                self.dirs.push(path.parent().map(Path::to_path_buf).unwrap_or_default());
                let ended = self.run_text(&text, out);
                self.dirs.pop();
                ended
            }
            Err(_) => {
                writeln!(out, "{}", ora!(SP2_CANNOT_OPEN, "{}", path.display()))?;
                self.finish(out)?;
                Ok(Ended::Exit(1))
            }
        }
    }

    /// Runs script text, writing the transcript to `out`.
    pub fn run_text(&mut self, text: &str, out: &mut dyn Write) -> io::Result<Ended> {
        for item in self.split(text) {
            let step = self.item(item.line, item.kind);
            self.flush(out)?;
            match step {
                Ok(()) => {}
                Err(Stop::Exit { status, rollback }) => {
                    let status = match self.shutdown(rollback) {
                        Ok(()) => status,
                        Err(_) => {
                            self.abandon();
                            1
                        }
                    };
                    self.flush(out)?;
                    return Ok(Ended::Exit(status));
                }
                Err(Stop::Abort) => {
                    self.abandon();
                    return Ok(Ended::Exit(1));
                }
            }
        }
        Ok(Ended::EndOfScript)
    }

    /// Splits a script; a script with a `SESSION` command makes the run multi-session.
    fn split(&mut self, text: &str) -> Vec<super::splitter::Item> {
        let items = split(text);
        self.multi |= items.iter().any(|i| match &i.kind {
            ItemKind::Command(line) => {
                line.split_whitespace().next().is_some_and(|w| w.eq_ignore_ascii_case("SESSION"))
            }
            _ => false,
        });
        items
    }

    /// `@file`: runs another script's items inside the current item.
    fn start(&mut self, path: &str, nested: bool, args: &[String]) -> Step {
        if self.dirs.len() >= 20 {
            self.emit(ora!(SP2_NESTED_TOO_DEEP).to_string());
            return Ok(());
        }
        let mut file = PathBuf::from(path);
        if file.extension().is_none() {
            file.set_extension("sql");
        }
        if nested && let Some(dir) = self.dirs.last() {
            file = dir.join(file);
        }
        let Ok(text) = std::fs::read_to_string(&file) else {
            self.emit(ora!(SP2_CANNOT_OPEN, "{}", file.display()).to_string());
            return Ok(());
        };
        for (i, a) in args.iter().enumerate() {
            self.defines.set(&(i + 1).to_string(), a);
        }
        self.dirs.push(file.parent().map(Path::to_path_buf).unwrap_or_default());
        let mut step = Ok(());
        for item in self.split(&text) {
            step = self.item(item.line, item.kind);
            if step.is_err() {
                break;
            }
        }
        self.dirs.pop();
        step
    }

    /// Ends a run that reached the end of its scripts: waits for every call still in flight,
    /// then commits and disconnects every session (SQL*Plus's EXIT). Returns the exit status:
    /// 0, or 1 if a call can never complete.
    pub fn finish(&mut self, out: &mut dyn Write) -> io::Result<i32> {
        let status = match self.shutdown(false) {
            Ok(()) => 0,
            Err(_) => {
                self.abandon();
                1
            }
        };
        self.flush(out)?;
        Ok(status)
    }

    fn flush(&mut self, out: &mut dyn Write) -> io::Result<()> {
        for line in self.lines.drain(..) {
            writeln!(out, "{}", line.trim_end())?;
        }
        out.flush()
    }

    fn emit(&mut self, line: impl Into<String>) {
        self.lines.push(line.into());
    }

    fn prompt(&self, slot: usize) -> String {
        if slot == 0 { "SQL> ".into() } else { format!("{}> ", self.slots[slot].name) }
    }

    fn late_prefix(&self, slot: usize) -> String {
        if slot == 0 { "SQL<".into() } else { format!("{}<", self.slots[slot].name) }
    }

    /// Echo of an item's lines (SET ECHO ON): prompt, then SQL*Plus's `  2  ` numbering.
    fn echo(&mut self, lines: &[String]) {
        let prompt = self.prompt(self.current);
        for (k, line) in lines.iter().enumerate() {
            let l =
                if k == 0 { format!("{prompt}{line}") } else { format!("{:>3}  {line}", k + 1) };
            self.emit(l);
        }
    }

    /// In multi-session scripts with ECHO OFF, a one-line header names the session and the
    /// command before its result.
    fn header(&mut self, first_line: &str) {
        if self.multi && !self.set.echo {
            let l = format!("{}{}", self.prompt(self.current), first_line.trim());
            self.emit(l);
        }
    }

    fn item(&mut self, line_no: usize, kind: ItemKind) -> Step {
        match kind {
            ItemKind::Comment(lines) => {
                if self.set.echo {
                    self.echo(&lines);
                }
                Ok(())
            }
            ItemKind::Statement { text, echo, run, .. } => {
                if run {
                    self.await_slot(self.current)?;
                }
                if self.set.echo {
                    self.echo(&echo);
                }
                let first = echo.first().cloned().unwrap_or_default();
                self.statement(&first, &text, run)
            }
            ItemKind::Rerun => {
                self.await_slot(self.current)?;
                if self.set.echo {
                    self.echo(&["/".to_string()]);
                }
                match self.buffer.clone() {
                    Some(text) => {
                        let first = text.lines().next().unwrap_or("").to_string();
                        self.call(&first, text, Vec::new())
                    }
                    None => {
                        self.emit(ora!(SP2_NOTHING_TO_RUN).to_string());
                        Ok(())
                    }
                }
            }
            ItemKind::Command(line) => self.command(&line),
            ItemKind::Unterminated(missing) => {
                self.emit(ora!(SP2_UNTERMINATED, "{line_no}\u{1}{missing}").to_string());
                Err(Stop::Exit { status: 1, rollback: false })
            }
        }
    }

    fn substitute(&self, text: &str) -> Result<String, OraError> {
        match self.set.define {
            Some(prefix) => subst::substitute(text, prefix, &self.defines)
                .map_err(|name| ora!(SP2_SUBST_UNDEFINED, "{name}")),
            None => Ok(text.to_string()),
        }
    }

    fn statement(&mut self, first: &str, text: &str, run: bool) -> Step {
        let sent = match self.substitute(text) {
            Ok(t) => t,
            Err(e) => {
                self.header(first);
                self.emit(e.to_string());
                return Ok(());
            }
        };
        let verify = if self.set.verify && sent != text {
            subst::verify_lines(text, &sent)
        } else {
            Vec::new()
        };
        self.buffer = Some(sent.clone());
        if !run {
            return Ok(());
        }
        self.call(first, sent, verify)
    }

    /// Sends one call to the current session and prints what the settle brings.
    fn call(&mut self, first: &str, text: String, verify: Vec<String>) -> Step {
        let s = self.current;
        let Some(session) = self.slots[s].conn.clone() else {
            self.header(first);
            self.emit(ora!(SP2_NOT_CONNECTED).to_string());
            return Ok(());
        };
        self.await_slot(s)?;
        let binds = match self.slots[s].binds.host_for(&text) {
            Ok(binds) => binds,
            Err(e) => {
                self.header(first);
                self.emit(e.to_string());
                return Ok(());
            }
        };
        if let Some(created) = created_unit(&text) {
            self.slots[s].last_created = Some(created);
        }
        let id = self.dispatch(s, session, text, false, binds);
        self.settle()?;
        if !self.multi {
            // One session: SQL*Plus waits for every call, so follow it through virtual time.
            self.wait_for(s)?;
        }
        self.collect();
        let own = self
            .arrived
            .iter()
            .position(|c| c.slot == s && c.id == id)
            .map(|i| self.arrived.remove(i));
        match &own {
            Some(_) => self.header(first),
            None => {
                let l = format!("{}{} (waiting)", self.prompt(s), summary(first));
                self.emit(l);
            }
        }
        for v in verify {
            self.emit(v);
        }
        let failed = own.as_ref().is_some_and(|c| c.result.is_err());
        if let Some(c) = own {
            let lines = self.render(&c);
            self.lines.extend(lines);
        }
        self.print_late();
        match (failed, self.whenever) {
            (true, Whenever::Exit { status, rollback }) => Err(Stop::Exit { status, rollback }),
            _ => Ok(()),
        }
    }

    fn dispatch(
        &mut self,
        s: usize,
        session: Session,
        text: String,
        silent: bool,
        binds: Option<HostBinds>,
    ) -> u64 {
        self.next_id += 1;
        let id = self.next_id;
        self.clock.begin_work();
        self.slots[s].pending = Some(id);
        // SQL*Plus enables DBMS_OUTPUT on the connection when SERVEROUTPUT is set ON (or it
        // connects while ON), and disables it when set OFF; a DBMS_OUTPUT.DISABLE inside a
        // call lasts until then.
        if self.slots[s].serveroutput != Some(self.set.serveroutput) {
            session.set_serveroutput(self.set.serveroutput);
            self.slots[s].serveroutput = Some(self.set.serveroutput);
        }
        let job = Job { id, session, text, silent, binds };
        if let Err(mpsc::SendError(job)) = self.slots[s].tx.send(job) {
            self.clock.end_work();
            self.slots[s].pending = None;
            let result = Err(ora!(INTERNAL_ERROR, "session thread is gone"));
            let at = self.clock.now();
            self.arrived.push(Completion {
                slot: s,
                id,
                at,
                text: job.text,
                silent,
                result,
                output: Vec::new(),
                binds: None,
            });
        }
        id
    }

    /// Waits until every call has finished or is parked, with its timer registered.
    ///
    /// A parking thread stops counting as busy a moment before it registers its deadline
    /// with the clock (or finds the deadline passed and counts itself busy again), all under
    /// its session's state lock. Taking each busy session's lock once after the count reached
    /// zero waits that moment out; if the count moved meanwhile, settle again.
    fn settle(&mut self) -> Step {
        let deadline = Instant::now() + self.opts.settle_timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if !self.clock.wait_settled(left) {
                break;
            }
            for slot in self.slots.iter().filter(|s| s.pending.is_some()) {
                if let Some(conn) = &slot.conn {
                    drop(conn.cell().lock());
                }
            }
            // PMON parks the same way on its own thread while it rolls back for idle victims.
            self.engine.db().sessions.for_each(|c| {
                if c.identity.kind == SessionType::Background {
                    drop(c.lock());
                }
            });
            if self.clock.busy() == 0 {
                return Ok(());
            }
        }
        let secs = self.opts.settle_timeout.as_secs();
        self.emit(ora!(SP2_NOT_SETTLED, "{secs}").to_string());
        Err(Stop::Abort)
    }

    fn accept(&mut self, c: Completion) {
        let slot = &mut self.slots[c.slot];
        if let (Some(binds), Ok(_)) = (&c.binds, &c.result) {
            slot.binds.store(binds);
        }
        if slot.pending == Some(c.id) {
            slot.pending = None;
        }
        self.arrived.push(c);
    }

    fn collect(&mut self) {
        while let Ok(c) = self.done_rx.try_recv() {
            self.accept(c);
        }
    }

    /// Waits until session `s` has no call in flight, moving virtual time to the next
    /// deadline while something waits on time; a call that nothing can complete is a
    /// script error.
    fn wait_for(&mut self, s: usize) -> Step {
        let started_virtual = self.clock.now();
        let started_real = Instant::now();
        loop {
            self.settle()?;
            self.collect();
            if self.slots[s].pending.is_none() {
                return Ok(());
            }
            if self.spinning(s) {
                // A long CPU-bound call (a PL/SQL loop): it will end on its own or by a kill.
                if let Ok(c) = self.done_rx.recv_timeout(Duration::from_millis(20)) {
                    self.accept(c);
                }
                continue;
            }
            if self.clock.is_virtual() {
                match self.clock.next_deadline() {
                    Some(d) if d.saturating_sub(started_virtual) <= self.opts.max_virtual_wait => {
                        self.clock.advance_to(d)
                    }
                    Some(_) => {
                        let secs = self.opts.max_virtual_wait.as_secs();
                        let why = format!(
                            "session {} is still busy after {secs} s of engine time",
                            self.slots[s].name
                        );
                        return self.never(why);
                    }
                    None => return self.never(self.stuck_reason(s)),
                }
            } else {
                if self.blocked_by_idle(s) && started_real.elapsed() > self.opts.settle_timeout {
                    return self.never(self.stuck_reason(s));
                }
                if let Ok(c) = self.done_rx.recv_timeout(Duration::from_millis(20)) {
                    self.accept(c);
                }
            }
        }
    }

    fn never(&mut self, why: String) -> Step {
        self.print_late();
        self.emit(ora!(SP2_NEVER_CONTINUES, "{why}").to_string());
        Err(Stop::Abort)
    }

    /// True if session `s`'s call is spinning (see `SessionCell::spin`).
    fn spinning(&self, s: usize) -> bool {
        self.slots[s].conn.as_ref().is_some_and(|c| c.cell().is_spinning())
    }

    fn blocker(&self, s: usize) -> Option<u32> {
        let conn = self.slots[s].conn.as_ref()?;
        conn.cell().lock().wait.as_ref().and_then(|w| w.blocker)
    }

    fn blocked_by_idle(&self, s: usize) -> bool {
        // A blocker PMON is rolling back (KILLED, RollingBack) will release its locks by itself.
        self.blocker(s).and_then(|b| self.engine.db().sessions.get(b)).is_some_and(|cell| {
            let st = cell.lock();
            st.status != Status::Active && !st.phase.uninterruptible()
        })
    }

    fn stuck_reason(&self, s: usize) -> String {
        let name = &self.slots[s].name;
        match self.blocker(s) {
            Some(b) => {
                let holder = self
                    .slots
                    .iter()
                    .find(|x| x.conn.as_ref().is_some_and(|c| c.sid() == b))
                    .map_or(String::new(), |x| format!(" ({})", x.name));
                format!("session {name} is waiting for a lock held by session {b}{holder}")
            }
            None => format!("session {name} is waiting and nothing can wake it"),
        }
    }

    /// If session `s` has a call in flight, waits for it and prints it (and anything else
    /// that completed meanwhile) as late results.
    fn await_slot(&mut self, s: usize) -> Step {
        if self.slots[s].pending.is_some() {
            self.wait_for(s)?;
            self.print_late();
        }
        Ok(())
    }

    /// The lines of a completed call.
    fn render(&mut self, c: &Completion) -> Vec<String> {
        if c.silent {
            return Vec::new();
        }
        match &c.result {
            Ok(outcome) => {
                self.new_values(outcome);
                let mut lines = format::outcome_lines(outcome, &c.output, &self.set, &self.columns);
                if let (true, Some(binds)) = (self.set.autoprint, &c.binds) {
                    let names: Vec<String> = binds.vars.iter().map(|v| v.name.clone()).collect();
                    lines.extend(self.slots[c.slot].binds.print(&names, &self.set, &self.columns));
                }
                lines
            }
            Err(e) => format::error_lines(e, &c.text, &c.output, &self.set),
        }
    }

    /// COLUMN ... NEW_VALUE: defines variables from the last row of a query.
    fn new_values(&mut self, outcome: &Outcome) {
        let Outcome::Rows(rs) = outcome else { return };
        let Some(last) = rs.rows.last() else { return };
        for (desc, value) in rs.columns.iter().zip(last) {
            if let Some(var) = self.columns.get(&desc.name).and_then(|s| s.new_value.clone()) {
                let text = format::new_value_text(value, desc, &self.set, &self.columns);
                self.defines.set(&var, &text);
            }
        }
    }

    /// Prints the completions collected so far, in (completion time, session) order, each
    /// line prefixed with `name< ` (`SQL< ` for main).
    fn print_late(&mut self) {
        self.collect();
        let mut late = std::mem::take(&mut self.arrived);
        late.sort_by_key(|c| (c.at, c.slot));
        for c in late {
            let prefix = self.late_prefix(c.slot);
            for line in self.render(&c) {
                let l = if line.is_empty() { prefix.clone() } else { format!("{prefix} {line}") };
                self.emit(l);
            }
        }
    }

    /// A command line: substituted and parsed first, so that a command addressing the
    /// current session waits for its call in flight (printing it) before the echo.
    fn command(&mut self, raw: &str) -> Step {
        let parsed = self.substitute(raw).and_then(|line| commands::parse(&line));
        if let Ok(
            Command::Connect { .. }
            | Command::Disconnect
            | Command::Exec(_)
            | Command::Variable(_)
            | Command::Print(_),
        ) = parsed
        {
            self.await_slot(self.current)?;
        }
        if self.set.echo {
            self.echo(&[raw.to_string()]);
        }
        match parsed {
            Ok(cmd) => self.run_command(raw, cmd),
            Err(e) => {
                self.emit(e.to_string());
                Ok(())
            }
        }
    }

    fn run_command(&mut self, raw: &str, cmd: Command) -> Step {
        match cmd {
            Command::Connect { user, password, service } => {
                self.header(raw);
                self.connect(user, password, service)?;
            }
            Command::Disconnect => {
                self.header(raw);
                let s = self.current;
                self.await_slot(s)?;
                self.end_session(s, false)?;
            }
            Command::Prompt(text) => self.emit(text),
            Command::Set(args) => {
                if let Err(e) = self.set.apply_set(&args) {
                    self.emit(e.to_string());
                }
                if args.first().is_some_and(|a| a.to_uppercase().starts_with("SERVEROUT")) {
                    // SET SERVEROUTPUT ON calls DBMS_OUTPUT.ENABLE again on the connection.
                    self.slots[self.current].serveroutput = None;
                }
            }
            Command::Column(args) => {
                if let Err(e) = self.columns.apply(&args) {
                    self.emit(e.to_string());
                }
            }
            Command::ClearColumns => self.columns.clear_all(),
            Command::DefineList => {
                let lines: Vec<String> =
                    self.defines.iter().map(|(k, v)| subst::define_line(k, v)).collect();
                self.lines.extend(lines);
            }
            Command::DefineShow(name) => {
                let line = match self.defines.get(&name) {
                    Some(v) => subst::define_line(&name.to_uppercase(), v),
                    None => ora!(SP2_SYMBOL_UNDEFINED, "{name}").to_string(),
                };
                self.emit(line);
            }
            Command::Define(name, value) => self.defines.set(&name, &value),
            Command::Undefine(names) => names.iter().for_each(|n| self.defines.unset(n)),
            Command::Whenever(w) => self.whenever = w,
            Command::Exit { status, rollback } => return Err(Stop::Exit { status, rollback }),
            Command::Exec(stmt) => {
                let text = format!("BEGIN {stmt}; END;");
                self.call(raw, text, Vec::new())?;
            }
            Command::Session(name) => self.switch(&name),
            Command::Advance(by) => {
                self.header(raw);
                self.advance(by)?;
            }
            Command::Start { path, nested, args } => self.start(&path, nested, &args)?,
            Command::ShowUser => {
                let user = self.slots[self.current]
                    .conn
                    .as_ref()
                    .map_or(String::new(), |c| c.username().to_string());
                self.emit(format!("USER is \"{user}\""));
            }
            Command::ShowErrors(target) => self.show_errors(target),
            Command::Ignored => {}
            Command::Variable(cmd) => {
                let lines = self.slots[self.current].binds.apply(cmd);
                self.lines.extend(lines);
            }
            Command::Print(names) => {
                let binds = &mut self.slots[self.current].binds;
                let lines = binds.print(&names, &self.set, &self.columns);
                self.lines.extend(lines);
            }
        }
        Ok(())
    }

    /// SHOW ERRORS: the stored unit's errors as SQL*Plus lists them (LINE/COL 8 wide, ERROR
    /// 65 wide, wrapped lines indented 9), or `No errors.`.
    fn show_errors(&mut self, target: Option<(String, String)>) {
        let s = self.current;
        let Some(conn) = self.slots[s].conn.clone() else {
            self.emit(ora!(SP2_NOT_CONNECTED).to_string());
            return;
        };
        let Some((kind, name)) = target.or_else(|| self.slots[s].last_created.clone()) else {
            self.emit("No errors.");
            return;
        };
        let schema = conn.cell().lock().schema.to_string();
        let errors =
            crate::plsql::user_packages::errors_of_object(self.engine.db(), &schema, &kind, &name);
        if errors.is_empty() {
            self.emit("No errors.");
            return;
        }
        self.emit(format!("Errors for {kind} {name}:"));
        self.emit("");
        self.emit("LINE/COL ERROR");
        self.emit(format!("-------- {}", "-".repeat(65)));
        for (line, col, text) in errors {
            for (i, part) in wrap(&text, 65).into_iter().enumerate() {
                let head = if i == 0 { format!("{line}/{col}") } else { String::new() };
                self.emit(format!("{head:<8} {part}"));
            }
        }
    }

    fn switch(&mut self, name: &str) {
        self.multi = true;
        let found = if name.eq_ignore_ascii_case("main") {
            Some(0)
        } else {
            self.slots.iter().position(|s| s.name.eq_ignore_ascii_case(name))
        };
        self.current = match found {
            Some(i) => i,
            None => self.add_slot(name),
        };
    }

    fn advance(&mut self, by: Duration) -> Step {
        if self.clock.is_virtual() {
            self.clock.advance(by);
        } else {
            std::thread::sleep(by);
        }
        self.settle()?;
        self.print_late();
        Ok(())
    }

    fn connect(&mut self, user: String, password: String, service: Option<String>) -> Step {
        let s = self.current;
        self.await_slot(s)?;
        let was_connected = self.slots[s].conn.is_some();
        self.end_session(s, false)?;
        let client =
            ClientInfo { program: "sqlplus@localhost (TNS V1-V3)".into(), ..ClientInfo::default() };
        let opts = ConnectOptions { user, password, service, client };
        match self.engine.connect(&opts) {
            Ok(session) => {
                self.slots[s].conn = Some(session);
                self.slots[s].serveroutput = None;
                self.emit("Connected.");
            }
            Err(e) => {
                self.lines.extend(format::plain_error_lines(&e));
                if was_connected {
                    self.emit("Warning: You are no longer connected to ORACLE.");
                }
            }
        }
        Ok(())
    }

    /// Ends session `s` as SQL*Plus's DISCONNECT or EXIT does: COMMIT (or ROLLBACK), then
    /// log off. Results of the implicit call are not printed.
    fn end_session(&mut self, s: usize, rollback: bool) -> Step {
        let Some(session) = self.slots[s].conn.clone() else { return Ok(()) };
        let verb = if rollback { "ROLLBACK" } else { "COMMIT" };
        self.dispatch(s, session.clone(), verb.into(), true, None);
        self.wait_for(s)?;
        session.disconnect();
        self.slots[s].conn = None;
        // Logging off releases locks: let the calls it wakes settle and print.
        self.settle()?;
        self.print_late();
        Ok(())
    }

    /// Waits for every call in flight, then ends every session.
    fn shutdown(&mut self, rollback: bool) -> Step {
        for s in 0..self.slots.len() {
            self.await_slot(s)?;
        }
        for s in 0..self.slots.len() {
            self.end_session(s, rollback)?;
        }
        Ok(())
    }

    /// Gives up after a runner error: cancels the calls in flight and logs every session off
    /// without waiting.
    fn abandon(&mut self) {
        for slot in &mut self.slots {
            if let Some(conn) = slot.conn.take() {
                if slot.pending.take().is_some() {
                    conn.cell().raise_interrupt(crate::session::state::interrupt_bits::CANCEL);
                }
                conn.disconnect();
            }
        }
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        self.abandon();
    }
}
