//! Grammar of the CockroachDB job and schedule control statements (`sql::jobs`).

use super::{Parser, R};
use crate::error::{MISSING_EXPRESSION, MISSING_KEYWORD, SQL_NOT_PROPERLY_ENDED};
use crate::jobs::Control;
use crate::jobs::schedule::ScheduleControl;
use crate::sql::ast::{Literal, Statement};
use crate::sql::jobs::{CreateSchedule, Ids, JobStatement, ShowJobs, ShowSchedules, Target};
use crate::sql::lexer::Tok;

fn job_statement(s: JobStatement) -> Statement {
    Statement::Jobs(Box::new(s))
}

impl Parser<'_> {
    /// `SHOW JOB(S) ...`, `SHOW AUTOMATIC JOBS`, `SHOW [RUNNING | PAUSED] SCHEDULE(S) ...`.
    pub(super) fn show_jobs(&mut self) -> R<Statement> {
        self.advance(); // SHOW
        if self.is_any_kw(&["SCHEDULES", "SCHEDULE", "RUNNING", "PAUSED"]) {
            return self.show_schedules().map(job_statement);
        }
        let which = if self.eat_kw("AUTOMATIC") {
            self.expect_kw("JOBS", MISSING_KEYWORD)?;
            return Ok(job_statement(JobStatement::ShowJobs {
                which: ShowJobs::Automatic,
                when_complete: false,
            }));
        } else if self.eat_kw("CHANGEFEED") {
            if self.eat_kw("JOBS") {
                ShowJobs::Changefeed
            } else {
                self.expect_kw("JOB", MISSING_KEYWORD)?;
                ShowJobs::Listed(Target::Jobs(self.one_id()?))
            }
        } else if self.eat_kw("JOB") {
            let when_complete = self.when_complete()?;
            let target = Target::Jobs(self.one_id()?);
            return Ok(job_statement(JobStatement::ShowJobs {
                which: ShowJobs::Listed(target),
                when_complete,
            }));
        } else {
            self.expect_kw("JOBS", MISSING_KEYWORD)?;
            let when_complete = self.when_complete()?;
            // Bare SHOW JOBS ends here (or at the `]` of `[SHOW JOBS]`).
            if !when_complete && !self.is_kw("FOR") && !self.is_kw("SELECT") && !self.is_sym("(") {
                ShowJobs::Recent
            } else {
                return Ok(job_statement(JobStatement::ShowJobs {
                    which: ShowJobs::Listed(self.jobs_target()?),
                    when_complete,
                }));
            }
        };
        Ok(job_statement(JobStatement::ShowJobs { which, when_complete: false }))
    }

    fn when_complete(&mut self) -> R<bool> {
        if self.eat_kw("WHEN") {
            self.expect_kw("COMPLETE", MISSING_KEYWORD)?;
            return Ok(true);
        }
        Ok(false)
    }

    /// `SHOW [RUNNING | PAUSED] SCHEDULES [FOR BACKUP]`, `SHOW SCHEDULE a_expr`.
    fn show_schedules(&mut self) -> R<JobStatement> {
        if self.eat_kw("SCHEDULE") {
            return Ok(JobStatement::ShowSchedules(ShowSchedules::One(self.one_id()?)));
        }
        let which = if self.eat_kw("RUNNING") {
            ShowSchedules::Running
        } else if self.eat_kw("PAUSED") {
            ShowSchedules::Paused
        } else {
            ShowSchedules::All
        };
        self.expect_kw("SCHEDULES", MISSING_KEYWORD)?;
        if self.eat_kw("FOR") {
            // Every schedule here is a backup schedule.
            self.expect_kw("BACKUP", MISSING_KEYWORD)?;
        }
        Ok(JobStatement::ShowSchedules(which))
    }

    /// After `JOBS`: `FOR SCHEDULE a_expr`, `FOR SCHEDULES select_stmt`, or `select_stmt`.
    fn jobs_target(&mut self) -> R<Target> {
        if self.eat_kw("FOR") {
            if self.eat_kw("SCHEDULE") {
                return Ok(Target::ForSchedules(self.one_id()?));
            }
            self.expect_kw("SCHEDULES", MISSING_KEYWORD)?;
            return Ok(Target::ForSchedules(self.select_ids()?));
        }
        Ok(Target::Jobs(self.select_ids()?))
    }

    /// A scalar expression and its text.
    fn one_id(&mut self) -> R<Ids> {
        let from = self.i;
        let expr = self.expr()?;
        Ok(Ids::One { expr, text: self.text_since(from) })
    }

    /// A select and its text.
    fn select_ids(&mut self) -> R<Ids> {
        if !self.is_kw("SELECT") && !self.is_sym("(") {
            return Err(self.err(MISSING_EXPRESSION));
        }
        let from = self.i;
        let query = Box::new(self.query()?);
        Ok(Ids::Select { query, text: self.text_since(from) })
    }

    /// The source text of tokens `from..` up to the next token.
    fn text_since(&self, from: usize) -> String {
        let start = self.toks[from].pos;
        let end = self.toks[self.i.saturating_sub(1).max(from)].end;
        self.src[start..end].to_string()
    }

    /// `CANCEL | PAUSE | RESUME JOB(S) ...`, `... ALL type JOBS`, `PAUSE | RESUME SCHEDULE(S)`.
    pub(super) fn pause_or_resume(&mut self) -> R<Statement> {
        let cmd = match &self.peek().tok {
            Tok::Word(w) if w == "PAUSE" => Control::Pause,
            Tok::Word(w) if w == "RESUME" => Control::Resume,
            _ => Control::Cancel,
        };
        self.advance();
        if cmd != Control::Cancel && self.is_any_kw(&["SCHEDULE", "SCHEDULES"]) {
            let cmd = if cmd == Control::Pause {
                ScheduleControl::Pause
            } else {
                ScheduleControl::Resume
            };
            return self
                .schedules_ids()
                .map(|ids| job_statement(JobStatement::ControlSchedules { cmd, ids }));
        }
        let target = if self.eat_kw("ALL") {
            let job_type = match self.any_ident() {
                Some(id) => id.name.to_ascii_lowercase(),
                None => return Err(self.err(MISSING_KEYWORD)),
            };
            self.expect_kw("JOBS", MISSING_KEYWORD)?;
            Target::AllOfType(job_type)
        } else if self.eat_kw("JOB") {
            Target::Jobs(self.one_id()?)
        } else {
            self.expect_kw("JOBS", MISSING_KEYWORD)?;
            self.jobs_target()?
        };
        let reason =
            if cmd == Control::Pause && matches!(target, Target::Jobs(_)) && self.eat_kw("WITH") {
                self.expect_kw("REASON", MISSING_KEYWORD)?;
                self.expect_sym("=", MISSING_KEYWORD)?;
                Some(self.expr()?)
            } else {
                None
            };
        Ok(job_statement(JobStatement::Control { cmd, target, reason }))
    }

    /// `SCHEDULE a_expr` | `SCHEDULES select_stmt`.
    fn schedules_ids(&mut self) -> R<Ids> {
        if self.eat_kw("SCHEDULE") {
            return self.one_id();
        }
        self.expect_kw("SCHEDULES", MISSING_KEYWORD)?;
        self.select_ids()
    }

    /// `CREATE SCHEDULE [IF NOT EXISTS] label FOR BACKUP [targets] INTO 'url' RECURRING
    /// 'cron' | NEVER [FULL BACKUP 'cron' | ALWAYS] [WITH SCHEDULE OPTIONS first_run = 'ts']`
    /// (positioned after CREATE).
    pub(super) fn create_schedule(&mut self) -> R<Statement> {
        self.advance(); // SCHEDULE
        let if_not_exists = self.is_kw("IF") && self.is_kw_at(1, "NOT");
        if if_not_exists {
            self.advance();
            self.expect_kw("NOT", MISSING_KEYWORD)?;
            self.expect_kw("EXISTS", MISSING_KEYWORD)?;
        }
        let label = self.schedule_label()?;
        self.expect_kw("FOR", MISSING_KEYWORD)?;
        self.expect_kw("BACKUP", MISSING_KEYWORD)?;
        let from = self.i;
        while !self.is_kw("INTO") && self.peek().tok != Tok::Eof {
            self.advance();
        }
        let targets = if self.i > from { self.text_since(from) } else { String::new() };
        self.expect_kw("INTO", MISSING_KEYWORD)?;
        let location = self.string_literal()?;
        self.expect_kw("RECURRING", MISSING_KEYWORD)?;
        let recurring = if self.eat_kw("NEVER") { None } else { Some(self.string_literal()?) };
        let full_backup = if self.eat_kw("FULL") {
            self.expect_kw("BACKUP", MISSING_KEYWORD)?;
            Some(if self.eat_kw("ALWAYS") { None } else { Some(self.string_literal()?) })
        } else {
            None
        };
        let mut first_run = None;
        if self.eat_kw("WITH") {
            self.expect_kw("SCHEDULE", MISSING_KEYWORD)?;
            self.expect_kw("OPTIONS", MISSING_KEYWORD)?;
            for (name, value) in self.comma_list(|p| {
                let name = p.any_ident().map(|i| i.name).unwrap_or_default();
                p.expect_sym("=", MISSING_KEYWORD)?;
                Ok((name, p.string_literal()?))
            })? {
                if name == "FIRST_RUN" {
                    first_run = Some(value);
                }
            }
        }
        Ok(job_statement(JobStatement::CreateSchedule(Box::new(CreateSchedule {
            if_not_exists,
            label,
            targets,
            location,
            recurring,
            full_backup,
            first_run,
        }))))
    }

    /// A schedule label: a string, or a name (lower-cased unless quoted, as CockroachDB does).
    fn schedule_label(&mut self) -> R<String> {
        let label = match &self.peek().tok {
            Tok::Word(w) => w.to_ascii_lowercase(),
            Tok::Quoted(w) => w.clone(),
            _ => return self.string_literal(),
        };
        self.advance();
        Ok(label)
    }

    /// A string literal's text.
    fn string_literal(&mut self) -> R<String> {
        match self.expr()? {
            crate::sql::ast::Expr::Literal(Literal::String(s)) => Ok(s),
            _ => Err(self.err(SQL_NOT_PROPERLY_ENDED)),
        }
    }

    /// `DROP SCHEDULE(S) ...` (positioned after DROP).
    pub(super) fn drop_schedules(&mut self) -> R<Statement> {
        let ids = self.schedules_ids()?;
        Ok(job_statement(JobStatement::ControlSchedules { cmd: ScheduleControl::Drop, ids }))
    }
}
