//! PMON: the background worker that rolls back, at the rollback rate, the transactions of
//! sessions that have no call to do it on — a session killed while idle, or one that logged
//! off with its transaction open — and then completes their kill or logoff.
//!
//! Oracle's PMON does this for dead and killed sessions; here it is one thread per engine,
//! started the first time a paced rollback is handed over ([`Pmon::hand_off`]), that runs
//! every pending rollback side by side on the PMON background session (SID 1): it undoes what
//! is due, parks until the next look of the nearest rollback, and when one is over ends its
//! transaction ([`Storage::rollback`]: locks released, waiters woken) and calls
//! [`call::released`] (killers woken; the session PSEUDO, or gone if its owner knew).
//!
//! While it works, the victim shows STATUS `KILLED`, SERVER `DEDICATED`, EVENT
//! [`super::ROLLBACK_EVENT`], and so does PMON's own row. Deterministic on the virtual clock: whoever
//! hands work over is busy while it does, and waking PMON counts it busy until it parks again
//! (the settle accounting of `clock.rs`), so a script runner sees every step settle.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use parking_lot::Mutex;

use super::engine::Storage;
use super::rollback::{Pacer, rollback_wait};
use crate::clock::Wake;
use crate::session::{Phase, Registry, SessionCell, Status, call};

/// The PMON worker of one engine.
#[derive(Default)]
pub struct Pmon {
    shared: Arc<Shared>,
    /// PMON's session, once the worker runs.
    worker: Mutex<Option<Arc<SessionCell>>>,
}

#[derive(Default)]
struct Shared {
    jobs: Mutex<Vec<Job>>,
    stop: AtomicBool,
}

/// One pending rollback.
struct Job {
    victim: Arc<SessionCell>,
    pacer: Pacer,
}

impl Pmon {
    /// Hands the rollback of `victim`'s transaction to PMON and returns at once; the victim
    /// shows `Phase::RollingBack` until PMON calls [`call::released`] for it. A victim PMON
    /// already has is not handed over twice.
    pub fn hand_off(
        &self,
        storage: &Arc<Storage>,
        registry: &Arc<Registry>,
        victim: &Arc<SessionCell>,
        pacer: Pacer,
    ) {
        {
            let mut jobs = self.shared.jobs.lock();
            if jobs.iter().any(|j| Arc::ptr_eq(&j.victim, victim)) {
                return;
            }
            let mut st = victim.lock();
            st.status = Status::Killed;
            st.phase = Phase::RollingBack;
            st.wait = Some(rollback_wait(storage.clock.now()));
            drop(st);
            jobs.push(Job { victim: victim.clone(), pacer });
        }
        let mut worker = self.worker.lock();
        match &*worker {
            Some(pmon) => pmon.wake(),
            None => *worker = self.start(storage, registry),
        }
    }

    /// True while PMON is rolling `victim` back.
    pub fn has(&self, victim: &Arc<SessionCell>) -> bool {
        self.shared.jobs.lock().iter().any(|j| Arc::ptr_eq(&j.victim, victim))
    }

    /// Starts the worker on PMON's session (None if the registry has no PMON, which a
    /// registry always has).
    fn start(&self, storage: &Arc<Storage>, registry: &Arc<Registry>) -> Option<Arc<SessionCell>> {
        let me = registry.snapshot().into_iter().find(|c| c.identity.pname == Some("PMON"))?;
        let (shared, storage, registry, cell) =
            (self.shared.clone(), storage.clone(), registry.clone(), me.clone());
        // The worker counts busy from now until it first parks.
        storage.clock.begin_work();
        let spawned = std::thread::Builder::new()
            .name("vsession-pmon".into())
            .spawn(move || run(&shared, &storage, &registry, &cell));
        if spawned.is_err() {
            me.clock().end_work();
            return None;
        }
        Some(me)
    }

    /// Stops the worker (the engine is going away; unfinished rollbacks are abandoned).
    pub fn stop(&self) {
        self.shared.stop.store(true, Ordering::Release);
        if let Some(pmon) = &*self.worker.lock() {
            pmon.wake();
        }
    }
}

fn run(shared: &Shared, storage: &Storage, registry: &Registry, me: &Arc<SessionCell>) {
    let clock = me.clock().clone();
    while !shared.stop.load(Ordering::Acquire) {
        match step(shared, storage, registry, clock.now()) {
            Some(look) => {
                me.park(Some(look), Some(&rollback_wait(clock.now())));
            }
            None => {
                me.end_wait();
                me.park(None, None);
            }
        }
    }
    clock.end_work();
}

/// One look at every pending rollback at engine time `now`: undo what is due, finish what is
/// over. Returns the next look, or None when nothing is pending.
fn step(
    shared: &Shared,
    storage: &Storage,
    registry: &Registry,
    now: Duration,
) -> Option<Duration> {
    let mut next: Option<Duration> = None;
    let mut over = Vec::new();
    shared.jobs.lock().retain(|job| match storage.rollback_due(&job.victim, &job.pacer, now) {
        Some(look) => {
            next = Some(next.map_or(look, |n| n.min(look)));
            true
        }
        None => {
            over.push(job.victim.clone());
            false
        }
    });
    for victim in over {
        storage.rollback(&victim);
        call::released(&victim, registry);
    }
    next
}

impl Drop for Pmon {
    fn drop(&mut self) {
        self.stop();
    }
}
