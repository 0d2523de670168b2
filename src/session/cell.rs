//! One session: its fixed identity, its mutable state behind a mutex, the condition variable
//! every wait of the session parks on, and the atomic interrupt word read at safe points.
//!
//! Every wait of a session (sleep, lock wait, kill wait) goes through [`SessionCell::park`]:
//! the session parks on its *own* condition variable, and whoever wants it to look again calls
//! [`SessionCell::wake`]. A wake leaves a token, so a wake that comes before the park is not
//! lost; the parked thread re-checks its own condition after every return.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::Duration;

use parking_lot::{Condvar, Mutex, MutexGuard};

use super::crdb_id::ClusterWideId;
use super::state::{
    CallInfo, Phase, Server, SessionFlags, SessionType, Status, Wait, interrupt_bits,
};
use crate::clock::{Clock, Wake};

/// Client-side facts a session was opened with (V$SESSION PROGRAM, MACHINE, OSUSER, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientInfo {
    /// Client program, e.g. `sqlplus@host (TNS V1-V3)`, `JDBC Thin Client`.
    pub program: String,
    /// Client machine.
    pub machine: String,
    /// Client OS user.
    pub osuser: String,
    /// Client OS process id.
    pub process: String,
    /// Client terminal.
    pub terminal: String,
    /// Client port.
    pub port: u32,
}

impl Default for ClientInfo {
    fn default() -> Self {
        ClientInfo {
            program: "vsession".into(),
            machine: "localhost".into(),
            osuser: "oracle".into(),
            process: "1234".into(),
            terminal: "pts/0".into(),
            port: 0,
        }
    }
}

/// A callback run when a kill or disconnect marks a session (see
/// [`SessionCell::on_kill`]).
pub type KillListener = Box<dyn Fn() + Send + Sync>;

/// Who a user session belongs to.
#[derive(Debug, Clone)]
pub struct Identity {
    /// USER#.
    pub user_id: u32,
    /// USERNAME (None for background sessions).
    pub username: Option<Arc<str>>,
    /// SERVICE_NAME.
    pub service: Arc<str>,
    /// The client.
    pub client: Arc<ClientInfo>,
    /// TYPE.
    pub kind: SessionType,
    /// For BACKGROUND sessions, the process name (PMON, SMON, ...).
    pub pname: Option<&'static str>,
}

/// The mutable part of a session.
#[derive(Debug)]
pub struct SessionState {
    /// STATUS.
    pub status: Status,
    /// SERVER.
    pub server: Server,
    /// Phase of the current call.
    pub phase: Phase,
    /// Flags.
    pub flags: SessionFlags,
    /// Engine time STATUS last changed between ACTIVE and INACTIVE (LAST_CALL_ET).
    pub last_call: Duration,
    /// The current or last statement.
    pub call: CallInfo,
    /// The current wait, if waiting.
    pub wait: Option<Wait>,
    /// The end of the last wait, for STATE 'WAITED ...' and SECONDS_IN_WAIT of idle sessions.
    pub last_wait_end: Duration,
    /// SCHEMANAME (the current schema).
    pub schema: Arc<str>,
    /// MODULE / ACTION / CLIENT_INFO set by DBMS_APPLICATION_INFO.
    pub module: Option<Arc<str>>,
    /// ACTION.
    pub action: Option<Arc<str>>,
    /// CLIENT_INFO (DBMS_APPLICATION_INFO.SET_CLIENT_INFO).
    pub client_info: Option<Arc<str>>,
    /// CLIENT_IDENTIFIER (DBMS_SESSION.SET_IDENTIFIER).
    pub client_identifier: Option<Arc<str>>,
    /// Calls begun outside a transaction, plus the open one: CockroachDB's
    /// `num_txns_executed` (each such call is an implicit transaction or opens one).
    pub txns_executed: u64,
    /// Sessions waiting for this one to end (killers in their kill wait).
    pub watchers: Vec<Arc<SessionCell>>,
    /// The thread running the session's current call (set by `begin_call`): a release on
    /// that thread rolls back there; anywhere else, PMON does it.
    pub call_thread: Option<std::thread::ThreadId>,
    woken: bool,
    parked: bool,
    /// The call is running a long CPU-bound loop: it counts as settled (see [`SessionCell::spin`]).
    spinning: bool,
}

/// One session.
pub struct SessionCell {
    /// SID.
    pub sid: u32,
    /// SERIAL#.
    pub serial: u32,
    /// AUDSID.
    pub audsid: u64,
    /// Who and where from.
    pub identity: Identity,
    /// LOGON_TIME (engine time).
    pub logon_time: Duration,
    /// CockroachDB's `session_id` (set by the registry at logon).
    pub crdb_id: ClusterWideId,
    /// `crdb_id` as its 32 hex digits, made once: SHOW SESSIONS prints it for every session.
    pub crdb_id_text: Arc<str>,
    interrupt: AtomicU32,
    commits: AtomicU64,
    kill_listeners: Mutex<Vec<KillListener>>,
    state: Mutex<SessionState>,
    cond: Condvar,
    clock: Arc<Clock>,
}

impl std::fmt::Debug for SessionCell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Session({},{})", self.sid, self.serial)
    }
}

impl SessionCell {
    /// A new INACTIVE, DEDICATED session.
    pub fn new(
        sid: u32,
        serial: u32,
        audsid: u64,
        identity: Identity,
        clock: Arc<Clock>,
    ) -> SessionCell {
        let now = clock.now();
        let schema = identity.username.clone().unwrap_or_else(|| Arc::from("SYS"));
        SessionCell {
            sid,
            serial,
            audsid,
            identity,
            logon_time: now,
            crdb_id: ClusterWideId::default(),
            crdb_id_text: Arc::from(""),
            interrupt: AtomicU32::new(0),
            commits: AtomicU64::new(0),
            kill_listeners: Mutex::new(Vec::new()),
            state: Mutex::new(SessionState {
                status: Status::Inactive,
                server: Server::Dedicated,
                phase: Phase::Idle,
                flags: SessionFlags::empty(),
                last_call: now,
                call: CallInfo::default(),
                wait: None,
                last_wait_end: now,
                schema,
                module: None,
                action: None,
                client_info: None,
                client_identifier: None,
                txns_executed: 0,
                watchers: Vec::new(),
                call_thread: None,
                woken: false,
                parked: false,
                spinning: false,
            }),
            cond: Condvar::new(),
            clock,
        }
    }

    /// Locks the state (short critical sections only; never wait on another session with it).
    pub fn lock(&self) -> MutexGuard<'_, SessionState> {
        self.state.lock()
    }

    /// The engine clock.
    pub fn clock(&self) -> &Arc<Clock> {
        &self.clock
    }

    /// The user name, or "" for background sessions.
    pub fn username(&self) -> &str {
        self.identity.username.as_deref().unwrap_or("")
    }

    /// Sets interrupt bits and wakes the session so a wait notices at once.
    pub fn raise_interrupt(self: &Arc<Self>, bits: u32) {
        self.interrupt.fetch_or(bits, Ordering::SeqCst);
        self.wake();
    }

    /// Sets interrupt bits without waking the session: for a caller holding the state lock,
    /// which wakes the session after letting it go.
    pub fn mark_interrupt(&self, bits: u32) {
        self.interrupt.fetch_or(bits, Ordering::SeqCst);
    }

    /// Clears interrupt bits.
    pub fn clear_interrupt(&self, bits: u32) {
        self.interrupt.fetch_and(!bits, Ordering::SeqCst);
    }

    /// The interrupt word: the safe point reads this, one atomic load.
    #[inline]
    pub fn interrupts(&self) -> u32 {
        self.interrupt.load(Ordering::Relaxed)
    }

    /// True if a kill was requested.
    #[inline]
    pub fn kill_requested(&self) -> bool {
        self.interrupts() & interrupt_bits::KILL != 0
    }

    /// Parks the calling thread (which must be this session's own call) until woken, the
    /// interrupt word is non-zero, or `deadline` passes. Shows `wait` in V$SESSION meanwhile.
    /// Returns true if the deadline passed. Callers loop on their own condition.
    pub fn park(self: &Arc<Self>, deadline: Option<Duration>, wait: Option<&Wait>) -> bool {
        self.park_inner(deadline, wait, true)
    }

    /// Like [`SessionCell::park`], but a pending kill or cancel does not end the wait: for an
    /// uninterruptible phase, which only its deadline (or an explicit wake) ends.
    pub fn park_uninterruptible(
        self: &Arc<Self>,
        deadline: Option<Duration>,
        wait: Option<&Wait>,
    ) -> bool {
        self.park_inner(deadline, wait, false)
    }

    fn park_inner(
        self: &Arc<Self>,
        deadline: Option<Duration>,
        wait: Option<&Wait>,
        interruptible: bool,
    ) -> bool {
        let waker: Arc<dyn Wake> = self.clone();
        let mut st = self.state.lock();
        // Keep the start time of a wait that goes on across wake-ups (SECONDS_IN_WAIT).
        if let Some(w) = wait
            && st.wait.as_ref().is_none_or(|cur| cur.event != w.event || cur.blocker != w.blocker)
        {
            st.wait = Some(w.clone());
        }
        if st.woken || (interruptible && self.interrupts() != 0) {
            st.woken = false;
            return deadline.is_some_and(|d| self.clock.now() >= d);
        }
        if st.spinning {
            // A spinning call was already counted as settled: count it busy, then park.
            st.spinning = false;
            self.clock.unparked();
        }
        st.parked = true;
        self.clock.parked();
        let expired = self.clock.wait_until(&self.cond, &mut st, deadline, &waker);
        if st.parked {
            // Nobody woke us (timeout or spurious return): count ourselves busy again.
            st.parked = false;
            self.clock.unparked();
        }
        st.woken = false;
        expired
    }

    /// Marks the call as spinning: a CPU-bound loop (PL/SQL `LOOP NULL; END LOOP;`) that has
    /// run long enough to count as "still running" rather than busy, so a script runner stops
    /// waiting for it to settle. A wake (a kill, a cancel) or [`SessionCell::spin_end`] counts
    /// it busy again. Idempotent; called by the call's own thread, which also gives way
    /// (`clock::long_call`) if its host asked for that.
    pub fn spin(&self) {
        let mut st = self.state.lock();
        if !st.spinning && !st.parked {
            st.spinning = true;
            self.clock.parked();
        }
        drop(st);
        crate::clock::long_call();
    }

    /// True while the call is spinning (a long CPU-bound loop).
    pub fn is_spinning(&self) -> bool {
        self.state.lock().spinning
    }

    /// Ends spinning (the loop finished): the call counts as busy again.
    pub fn spin_end(&self) {
        let mut st = self.state.lock();
        if st.spinning {
            st.spinning = false;
            self.clock.unparked();
        }
    }

    /// Registers `listener`, run on the killer's thread (no lock held) each time a kill,
    /// DISCONNECT SESSION or CANCEL SQL reaches this session. A front end whose client waits
    /// outside the engine (the wire server's idle connection) uses it to learn of an
    /// IMMEDIATE kill at once; the listener must be quick and must not call into the engine.
    pub fn on_kill(&self, listener: KillListener) {
        self.kill_listeners.lock().push(listener);
    }

    /// Moves the kill listeners to `to`, the session that replaced this one through
    /// Application Continuity replay: the front end keeps hearing of kills.
    pub fn hand_over_kill_listeners(&self, to: &SessionCell) {
        let listeners = std::mem::take(&mut *self.kill_listeners.lock());
        to.kill_listeners.lock().extend(listeners);
    }

    /// Counts a committed transaction (storage calls this at COMMIT).
    pub fn note_commit(&self) {
        self.commits.fetch_add(1, Ordering::SeqCst);
    }

    /// How many transactions this session has committed: the commit number of Transaction
    /// Guard's logical transaction id, which tells a replay driver whether the call it lost
    /// committed.
    pub fn commit_number(&self) -> u64 {
        self.commits.load(Ordering::SeqCst)
    }

    /// Runs the kill listeners (see [`SessionCell::on_kill`]).
    pub fn notify_kill(&self) {
        for listener in self.kill_listeners.lock().iter() {
            listener();
        }
    }

    /// Ends the wait shown in V$SESSION (the call goes on running).
    pub fn end_wait(&self) {
        let mut st = self.state.lock();
        if st.wait.take().is_some() {
            st.last_wait_end = self.clock.now();
        }
    }
}

impl Wake for SessionCell {
    fn wake(&self) {
        let mut st = self.state.lock();
        st.woken = true;
        if st.parked {
            st.parked = false;
            self.clock.unparked();
        }
        if st.spinning {
            st.spinning = false;
            self.clock.unparked();
        }
        self.cond.notify_all();
    }
}
