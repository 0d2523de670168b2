//! The job state machine (`shared/reference/cockroach.md` §3): the ten states, and what
//! PAUSE / RESUME / CANCEL do from each — a new state, a no-op, or CockroachDB's error text.
//! Pure functions: the registry applies their answer under its lock.

use std::fmt;

/// A job's state, shown in the `status` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobState {
    /// Created, not yet adopted by a worker.
    Pending,
    /// Doing its work.
    Running,
    /// Paused by PAUSE JOB; RESUME continues it.
    Paused,
    /// Failed (its partial work reverted).
    Failed,
    /// Undoing its partial work after a cancel or a failure.
    Reverting,
    /// Finished its work.
    Succeeded,
    /// Cancelled (its partial work reverted).
    Canceled,
    /// CANCEL JOB asked; the coordinator reverts it at its next turn.
    CancelRequested,
    /// PAUSE JOB asked; the coordinator pauses it at its next turn.
    PauseRequested,
    /// Reverting itself failed.
    RevertFailed,
}

/// Every state, in CockroachDB's declaration order.
pub const ALL_STATES: [JobState; 10] = [
    JobState::Pending,
    JobState::Running,
    JobState::Paused,
    JobState::Failed,
    JobState::Reverting,
    JobState::Succeeded,
    JobState::Canceled,
    JobState::CancelRequested,
    JobState::PauseRequested,
    JobState::RevertFailed,
];

impl JobState {
    /// The `status` column's text.
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Pending => "pending",
            JobState::Running => "running",
            JobState::Paused => "paused",
            JobState::Failed => "failed",
            JobState::Reverting => "reverting",
            JobState::Succeeded => "succeeded",
            JobState::Canceled => "canceled",
            JobState::CancelRequested => "cancel-requested",
            JobState::PauseRequested => "pause-requested",
            JobState::RevertFailed => "revert-failed",
        }
    }

    /// True once the job will never change again.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            JobState::Succeeded | JobState::Failed | JobState::Canceled | JobState::RevertFailed
        )
    }
}

impl fmt::Display for JobState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A job control command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Control {
    /// PAUSE JOB(S).
    Pause,
    /// RESUME JOB(S).
    Resume,
    /// CANCEL JOB(S).
    Cancel,
}

impl Control {
    /// The command's keyword, as in the statement tag (`PAUSE JOBS 1`).
    pub fn keyword(self) -> &'static str {
        match self {
            Control::Pause => "PAUSE",
            Control::Resume => "RESUME",
            Control::Cancel => "CANCEL",
        }
    }

    /// The states a job must be in for the command to change it: the filter of `... JOBS FOR
    /// SCHEDULE(S)` and `... ALL type JOBS` (`delegate/job_control.go`).
    pub fn valid_from(self) -> &'static [JobState] {
        match self {
            Control::Pause => &[JobState::Pending, JobState::Running, JobState::Reverting],
            Control::Resume => &[JobState::Paused],
            Control::Cancel => &[JobState::Pending, JobState::Running, JobState::Paused],
        }
    }
}

/// What a control command does to a job: `Ok(Some(next))`, `Ok(None)` for a no-op (still
/// counted), or the unwrapped error text (the registry adds `job <id>: `).
///
/// `noncancelable` is checked before the state, even for a finished job, as CockroachDB does;
/// `paused_while_reverting` is a paused job that had failed or was being cancelled (its
/// FinalResumeError): RESUME continues reverting it, CANCEL refuses.
pub fn transition(
    state: JobState,
    cmd: Control,
    noncancelable: bool,
    paused_while_reverting: Option<&str>,
) -> Result<Option<JobState>, String> {
    use JobState::*;
    match cmd {
        Control::Pause => match state {
            PauseRequested | Paused => Ok(None),
            Pending | Running | Reverting => Ok(Some(PauseRequested)),
            s => Err(format!("job with state {s} cannot be requested to be paused")),
        },
        Control::Resume => match state {
            Running | Reverting => Ok(None),
            Paused if paused_while_reverting.is_some() => Ok(Some(Reverting)),
            Paused => Ok(Some(Running)),
            s => Err(format!("job with state {s} cannot be resumed")),
        },
        Control::Cancel => {
            if noncancelable {
                return Err("not cancelable".into());
            }
            match (state, paused_while_reverting) {
                (CancelRequested | Canceled, _) => Ok(None),
                (Paused, Some(err)) => Err(format!(
                    "is paused and has non-nil FinalResumeError hence cannot be canceled and \
                     should be reverted: {err}"
                )),
                (Pending | Running | Paused, _) => Ok(Some(CancelRequested)),
                (s, _) => Err(format!("job with state {s} cannot be requested to be canceled")),
            }
        }
    }
}

/// The full error text of a refused transition: CockroachDB's updater wraps it as
/// `job <id>: <msg>`; its two self-naming texts (`not cancelable`, `is paused and ...`) read
/// `job <id>: not cancelable` and `job <id> is paused ...`.
pub fn wrap_error(id: i64, msg: &str) -> String {
    if msg.starts_with("is paused") {
        format!("job {id} {msg}")
    } else {
        format!("job {id}: {msg}")
    }
}

#[cfg(test)]
mod tests {
    use super::JobState::*;
    use super::*;

    fn t(s: JobState, c: Control) -> Result<Option<JobState>, String> {
        transition(s, c, false, None)
    }

    #[test]
    fn pause_table() {
        for s in [Pending, Running, Reverting] {
            assert_eq!(t(s, Control::Pause), Ok(Some(PauseRequested)), "{s}");
        }
        for s in [PauseRequested, Paused] {
            assert_eq!(t(s, Control::Pause), Ok(None), "{s}");
        }
        for s in [Failed, Succeeded, Canceled, CancelRequested, RevertFailed] {
            assert_eq!(
                t(s, Control::Pause),
                Err(format!("job with state {s} cannot be requested to be paused"))
            );
        }
    }

    #[test]
    fn resume_table() {
        assert_eq!(t(Paused, Control::Resume), Ok(Some(Running)));
        assert_eq!(transition(Paused, Control::Resume, false, Some("boom")), Ok(Some(Reverting)));
        for s in [Running, Reverting] {
            assert_eq!(t(s, Control::Resume), Ok(None), "{s}");
        }
        for s in
            [Pending, Failed, Succeeded, Canceled, CancelRequested, PauseRequested, RevertFailed]
        {
            assert_eq!(t(s, Control::Resume), Err(format!("job with state {s} cannot be resumed")));
        }
    }

    #[test]
    fn cancel_table() {
        for s in [Pending, Running, Paused] {
            assert_eq!(t(s, Control::Cancel), Ok(Some(CancelRequested)), "{s}");
        }
        for s in [CancelRequested, Canceled] {
            assert_eq!(t(s, Control::Cancel), Ok(None), "{s}");
        }
        for s in [Failed, Reverting, Succeeded, PauseRequested, RevertFailed] {
            assert_eq!(
                t(s, Control::Cancel),
                Err(format!("job with state {s} cannot be requested to be canceled"))
            );
        }
    }

    #[test]
    fn noncancelable_is_checked_first_even_when_finished() {
        for s in ALL_STATES {
            assert_eq!(transition(s, Control::Cancel, true, None), Err("not cancelable".into()));
        }
        assert_eq!(wrap_error(7, "not cancelable"), "job 7: not cancelable");
    }

    #[test]
    fn cancel_refuses_a_job_paused_while_reverting() {
        let e = transition(Paused, Control::Cancel, false, Some("boom")).unwrap_err();
        assert_eq!(
            wrap_error(9, &e),
            "job 9 is paused and has non-nil FinalResumeError hence cannot be canceled and \
             should be reverted: boom"
        );
    }

    #[test]
    fn valid_from_lists_exactly_the_changing_states() {
        for cmd in [Control::Pause, Control::Resume, Control::Cancel] {
            for s in ALL_STATES {
                let changes = matches!(transition(s, cmd, false, None), Ok(Some(_)));
                assert_eq!(cmd.valid_from().contains(&s), changes, "{cmd:?} {s}");
            }
        }
    }

    #[test]
    fn terminal_states() {
        let terminal: Vec<_> = ALL_STATES.into_iter().filter(|s| s.is_terminal()).collect();
        assert_eq!(terminal, [Failed, Succeeded, Canceled, RevertFailed]);
    }
}
