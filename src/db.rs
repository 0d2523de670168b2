//! The database: everything sessions share — configuration, the clock, the session registry,
//! the user dictionary — in one struct that every layer above the session manager borrows.

use std::sync::Arc;
use std::time::Duration;

use crate::clock::Clock;
use crate::session::call::Released;
use crate::session::{Registry, Services, SessionCell, Users};
use crate::storage::{Pmon, Storage};

/// Engine configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// How long a killer waits for a target in an uninterruptible phase before ORA-00031.
    pub kill_wait: Duration,
    /// Run on a virtual clock that moves only when told (scripts, tests).
    pub virtual_time: bool,
    /// DB_NAME / the default service's name.
    pub db_name: String,
    /// Host name shown in V$INSTANCE and as MACHINE of background sessions.
    pub host_name: String,
    /// Which release's client-visible behaviour to follow where releases differ.
    pub compatible: Compatible,
    /// Where `nodelocal://1/...` URLs of CockroachDB jobs (BACKUP, IMPORT, changefeeds) point:
    /// CockroachDB's `--external-io-dir` (see `jobs::kinds`).
    pub external_io_dir: std::path::PathBuf,
    /// Work units per engine second a job may do (`crate::jobs`); 0 = unlimited.
    pub job_work_rate: u64,
    /// Undo records rolled back per second of engine time, or None (default) for instant
    /// rollbacks. A vsession test-bed setting, not Oracle's (also
    /// `VSESSION_SIM.SET_ROLLBACK_RATE`): it makes a large rollback take long enough to show
    /// the RollingBack phase, the kill wait and ORA-00031.
    pub rollback_rate: Option<f64>,
}

/// Releases whose behaviour differs for the victim of `KILL SESSION ... IMMEDIATE`
/// (`shared/reference/oracle.md` §1.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compatible {
    /// 19c (default): IMMEDIATE ends the server side of the connection, so the victim's client
    /// sees a lost connection — ORA-03113 for a call in progress, ORA-03135 for its next call
    /// if it was idle — and ORA-03114 after that (observed on 19.30).
    #[default]
    Oracle19c,
    /// Older releases: the victim of an IMMEDIATE kill gets ORA-00028 like any other, then
    /// ORA-01012.
    Oracle11g,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            kill_wait: Duration::from_secs(60),
            virtual_time: false,
            db_name: "VSESS".into(),
            host_name: "localhost".into(),
            compatible: Compatible::default(),
            external_io_dir: std::env::temp_dir().join("vsession-extern"),
            job_work_rate: 0,
            rollback_rate: None,
        }
    }
}

/// The shared state of one engine.
pub struct Database {
    /// Configuration.
    pub config: Config,
    /// The engine clock.
    pub clock: Arc<Clock>,
    /// Live sessions (shared with PMON).
    pub sessions: Arc<Registry>,
    /// Users and roles.
    pub users: Users,
    /// Services sessions log on to.
    pub services: Services,
    /// Engine time the instance started (V$INSTANCE.STARTUP_TIME).
    pub started: Duration,
    /// Tables, transactions and locks (shared with PMON).
    pub storage: Arc<Storage>,
    /// The background worker that rolls back for sessions with no call.
    pub pmon: Pmon,
    /// Stored procedures and functions.
    pub plsql: crate::plsql::catalog::Catalog,
    /// User packages and the sessions' instances of them.
    pub user_packages: crate::plsql::user_packages::Packages,
    /// What the CockroachDB job kinds share: cluster settings, statistics.
    pub job_kinds: crate::jobs::kinds::Shared,
    /// CockroachDB jobs and schedules.
    pub jobs: crate::jobs::Jobs,
    /// The statement texts run (V$SQL, V$SQLAREA).
    pub library: crate::library_cache::LibraryCache,
}

impl Database {
    /// A new database with SYS, SYSTEM and the background sessions.
    pub fn new(config: Config) -> Database {
        let clock = if config.virtual_time { Clock::virtual_time() } else { Clock::real() };
        let now = clock.now();
        let storage = Storage::new(clock.clone());
        storage.set_rollback_rate(config.rollback_rate);
        Database {
            sessions: Arc::new(Registry::new(clock.clone())),
            users: Users::new(now),
            services: Services::new(&config.db_name, now),
            storage: Arc::new(storage),
            pmon: Pmon::default(),
            jobs: crate::jobs::Jobs::new(clock.clone(), config.job_work_rate),
            clock,
            started: now,
            plsql: Default::default(),
            user_packages: Default::default(),
            job_kinds: Default::default(),
            library: Default::default(),
            config,
        }
    }

    /// Releases what a session holds: rolls back its open transaction and frees its locks,
    /// waking the sessions waiting for them. Idempotent; safe from the killer's thread while
    /// the owner is idle.
    ///
    /// With a rollback rate the rollback takes engine time. On the session's own call (a kill
    /// delivered at a safe point) it runs right here, in `Phase::RollingBack`; for a session
    /// with no call (killed while idle, logged off) PMON does it and this returns
    /// [`Released::Deferred`] at once.
    pub fn release(&self, session: &Arc<SessionCell>) -> Released {
        let own_call = session.lock().call_thread == Some(std::thread::current().id());
        if own_call {
            self.storage.rollback_paced(session);
            return Released::Now;
        }
        if self.pmon.has(session) {
            return Released::Deferred;
        }
        match self.storage.pacer(session) {
            None => {
                self.storage.release(session);
                Released::Now
            }
            Some(pacer) => {
                self.pmon.hand_off(&self.storage, &self.sessions, session, pacer);
                Released::Deferred
            }
        }
    }
}
