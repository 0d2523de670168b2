//! The engine clock: real time, or virtual time that moves only when told.
//!
//! Everything time-based reads this clock: LOGON_TIME, LAST_CALL_ET, SECONDS_IN_WAIT, SYSDATE,
//! sleeps, lock WAIT n and the kill wait. Time is kept as engine time, a [`Duration`] since the
//! clock's epoch (a fixed date for virtual clocks, so scripts print the same dates every run).
//!
//! WAITING
//! -------
//! There is one wait primitive, [`Clock::wait_until`]: a thread waits on a condition variable
//! under its own mutex until it is notified or a deadline passes. On the real clock that is a
//! timed wait. On the virtual clock the deadline is registered with the clock, and
//! [`Clock::advance`] wakes, under their own mutex, every waiter whose deadline has come, so no
//! wake-up is lost. A waiter is anything that implements [`Wake`].
//!
//! GIVING WAY
//! ----------
//! A host that runs engine calls on threads shared with other work (the wire server runs
//! them inline on its async worker threads) sets a [`GiveWay`] for the call
//! ([`with_give_way`]): every wait goes through its `wait` (which moves the thread's other
//! work elsewhere first), and a CPU-bound loop that has run long calls its `long_call`.
//! Without one, a wait just blocks the thread.
//!
//! SETTLING
//! --------
//! The script runner needs to know when everything it set moving has come to rest: every call
//! has finished or is waiting again. The clock counts *busy* work: a call being dispatched
//! counts one ([`Clock::begin_work`] / [`Clock::end_work`]); a thread that starts waiting stops
//! counting ([`Clock::parked`]) and whoever wakes it counts it again at once ([`Clock::unparked`])
//! — the waker counts, not the woken thread, so there is no instant where the count is zero
//! while a woken thread has yet to run. [`Clock::wait_settled`] waits for a zero count.

use std::cell::Cell;
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use parking_lot::{Condvar, Mutex, MutexGuard};
use time::{OffsetDateTime, PrimitiveDateTime, macros::datetime};

/// How an engine call gives way on a thread that other work shares (see GIVING WAY).
#[derive(Clone, Copy)]
pub struct GiveWay {
    /// Runs a blocking wait of the call.
    pub wait: fn(&mut dyn FnMut()),
    /// Called now and then by a call that has computed for long (a spinning PL/SQL loop).
    pub long_call: fn(),
}

thread_local! {
    static GIVE_WAY: Cell<Option<GiveWay>> = const { Cell::new(None) };
}

/// Runs `f` (an engine call) with `give_way` in force on this thread.
pub fn with_give_way<R>(give_way: GiveWay, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<GiveWay>);
    impl Drop for Restore {
        fn drop(&mut self) {
            GIVE_WAY.set(self.0);
        }
    }
    let _restore = Restore(GIVE_WAY.replace(Some(give_way)));
    f()
}

/// Runs a blocking wait through the thread's [`GiveWay`], if any.
fn blocking(mut wait: impl FnMut()) {
    match GIVE_WAY.get() {
        Some(g) => (g.wait)(&mut wait),
        None => wait(),
    }
}

/// Tells the thread's [`GiveWay`], if any, that the current call has computed for long.
pub fn long_call() {
    if let Some(g) = GIVE_WAY.get() {
        (g.long_call)();
    }
}

/// Something that can be woken by the virtual clock: locks its own mutex, marks itself woken,
/// notifies its condition variable.
pub trait Wake: Send + Sync {
    /// Wake the waiter (called without any clock lock held).
    fn wake(&self);
}

/// Real or virtual time.
pub struct Clock {
    kind: Kind,
    settle: Mutex<usize>,
    settled: Condvar,
}

enum Kind {
    Real { start: Instant, epoch: PrimitiveDateTime },
    Virtual(Mutex<VirtualTime>),
}

struct VirtualTime {
    now: Duration,
    timers: Vec<(Duration, Weak<dyn Wake>)>,
}

/// The date a virtual clock starts at, so virtual-time output is repeatable.
pub const VIRTUAL_EPOCH: PrimitiveDateTime = datetime!(2026-01-05 09:00:00);

impl Clock {
    /// The wall clock (UTC).
    pub fn real() -> Arc<Clock> {
        let now = OffsetDateTime::now_utc();
        let epoch = PrimitiveDateTime::new(now.date(), now.time());
        Arc::new(Clock {
            kind: Kind::Real { start: Instant::now(), epoch },
            settle: Mutex::new(0),
            settled: Condvar::new(),
        })
    }

    /// A virtual clock at [`VIRTUAL_EPOCH`] that moves only by [`Clock::advance`].
    pub fn virtual_time() -> Arc<Clock> {
        Arc::new(Clock {
            kind: Kind::Virtual(Mutex::new(VirtualTime {
                now: Duration::ZERO,
                timers: Vec::new(),
            })),
            settle: Mutex::new(0),
            settled: Condvar::new(),
        })
    }

    /// True for a virtual clock.
    pub fn is_virtual(&self) -> bool {
        matches!(self.kind, Kind::Virtual(_))
    }

    /// Engine time since the epoch.
    pub fn now(&self) -> Duration {
        match &self.kind {
            Kind::Real { start, .. } => start.elapsed(),
            Kind::Virtual(v) => v.lock().now,
        }
    }

    /// The calendar date and time of an engine time.
    pub fn datetime_at(&self, t: Duration) -> PrimitiveDateTime {
        let epoch = match &self.kind {
            Kind::Real { epoch, .. } => *epoch,
            Kind::Virtual(_) => VIRTUAL_EPOCH,
        };
        epoch + t
    }

    /// The calendar date and time now (SYSDATE without truncation).
    pub fn datetime(&self) -> PrimitiveDateTime {
        self.datetime_at(self.now())
    }

    /// Whole seconds elapsed since `since` (LAST_CALL_ET, SECONDS_IN_WAIT, CTIME).
    pub fn seconds_since(&self, since: Duration) -> u64 {
        self.now().saturating_sub(since).as_secs()
    }

    /// Waits on `cond` (whose mutex `guard` holds) until notified or `deadline` (engine time)
    /// passes. Returns true if the deadline has passed. Spurious returns are possible: callers
    /// loop on their own condition. `waiter` is woken by the virtual clock when time reaches
    /// the deadline; it must lock the same mutex before notifying.
    pub fn wait_until<T>(
        &self,
        cond: &Condvar,
        guard: &mut MutexGuard<'_, T>,
        deadline: Option<Duration>,
        waiter: &Arc<dyn Wake>,
    ) -> bool {
        match (&self.kind, deadline) {
            (_, Some(d)) if self.now() >= d => true,
            (Kind::Real { start, .. }, Some(d)) => {
                let at = *start + d;
                blocking(|| {
                    cond.wait_until(guard, at);
                });
                self.now() >= d
            }
            (Kind::Real { .. }, None) | (Kind::Virtual(_), None) => {
                blocking(|| cond.wait(guard));
                false
            }
            (Kind::Virtual(v), Some(d)) => {
                if !register(v, d, waiter) {
                    return true;
                }
                blocking(|| cond.wait(guard));
                self.now() >= d
            }
        }
    }

    /// Like [`Clock::wait_until`] for a background thread that counts as busy work: it stops
    /// counting ([`Clock::parked`]) only once its deadline is registered, so a script runner
    /// that sees the clock settled and advances it always finds the timer. Returns (deadline
    /// passed, parked); when it did not park, the caller still counts as busy.
    pub fn wait_until_parked<T>(
        &self,
        cond: &Condvar,
        guard: &mut MutexGuard<'_, T>,
        deadline: Option<Duration>,
        waiter: &Arc<dyn Wake>,
    ) -> (bool, bool) {
        match (&self.kind, deadline) {
            (_, Some(d)) if self.now() >= d => (true, false),
            (Kind::Virtual(v), Some(d)) => {
                if !register(v, d, waiter) {
                    return (true, false);
                }
                self.parked();
                cond.wait(guard);
                (self.now() >= d, true)
            }
            _ => {
                self.parked();
                (self.wait_until(cond, guard, deadline, waiter), true)
            }
        }
    }

    /// Moves virtual time forward by `by` and wakes every waiter whose deadline has come.
    /// A no-op on the real clock.
    pub fn advance(&self, by: Duration) {
        let now = self.now() + by;
        self.advance_to(now);
    }

    /// Moves virtual time to `to` (never backwards) and wakes the waiters now due.
    pub fn advance_to(&self, to: Duration) {
        let Kind::Virtual(v) = &self.kind else { return };
        let due: Vec<Arc<dyn Wake>> = {
            let mut vt = v.lock();
            if to > vt.now {
                vt.now = to;
            }
            let now = vt.now;
            let mut due = Vec::new();
            vt.timers.retain(|(d, w)| {
                if *d <= now {
                    if let Some(w) = w.upgrade() {
                        due.push(w);
                    }
                    false
                } else {
                    w.strong_count() > 0
                }
            });
            due
        };
        for w in due {
            w.wake();
        }
    }

    /// The earliest registered virtual deadline still in the future, if any.
    pub fn next_deadline(&self) -> Option<Duration> {
        let Kind::Virtual(v) = &self.kind else { return None };
        let vt = v.lock();
        vt.timers.iter().filter(|(_, w)| w.strong_count() > 0).map(|(d, _)| *d).min()
    }

    /// One more unit of busy work (a call dispatched, a waiter woken).
    pub fn begin_work(&self) {
        *self.settle.lock() += 1;
    }

    /// One unit of busy work done.
    pub fn end_work(&self) {
        let mut n = self.settle.lock();
        *n = n.saturating_sub(1);
        if *n == 0 {
            self.settled.notify_all();
        }
    }

    /// A busy thread starts waiting.
    pub fn parked(&self) {
        self.end_work();
    }

    /// A waiting thread was woken (called by the waker).
    pub fn unparked(&self) {
        self.begin_work();
    }

    /// Waits until no work is busy, or `timeout` of real time passes (returns false then).
    pub fn wait_settled(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut n = self.settle.lock();
        while *n > 0 {
            if self.settled.wait_until(&mut n, deadline).timed_out() {
                return *n == 0;
            }
        }
        true
    }

    /// The number of busy units now (for diagnostics).
    pub fn busy(&self) -> usize {
        *self.settle.lock()
    }
}

/// Registers `waiter` for virtual time `d` under the clock lock; false if `d` has already
/// come. An advance that ran before the registration is seen here; one after it finds the timer
/// and wakes the waiter (it needs the waiter's mutex, which the caller holds until it waits).
fn register(v: &Mutex<VirtualTime>, d: Duration, waiter: &Arc<dyn Wake>) -> bool {
    let mut vt = v.lock();
    if vt.now >= d {
        return false;
    }
    vt.timers.push((d, Arc::downgrade(waiter)));
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Cell {
        m: Mutex<bool>,
        c: Condvar,
    }
    impl Wake for Cell {
        fn wake(&self) {
            *self.m.lock() = true;
            self.c.notify_all();
        }
    }

    #[test]
    fn virtual_time_moves_only_when_told() {
        let clock = Clock::virtual_time();
        assert_eq!(clock.now(), Duration::ZERO);
        clock.advance(Duration::from_secs(5));
        assert_eq!(clock.now(), Duration::from_secs(5));
        assert_eq!(clock.datetime().to_string(), "2026-01-05 9:00:05.0");
    }

    #[test]
    fn advance_wakes_a_waiter_whose_deadline_came() {
        let clock = Clock::virtual_time();
        let cell = Arc::new(Cell { m: Mutex::new(false), c: Condvar::new() });
        let (c2, cell2) = (clock.clone(), cell.clone());
        let t = std::thread::spawn(move || {
            let w: Arc<dyn Wake> = cell2.clone();
            let mut g = cell2.m.lock();
            loop {
                if c2.wait_until(&cell2.c, &mut g, Some(Duration::from_secs(10)), &w) {
                    return c2.now();
                }
            }
        });
        while clock.next_deadline().is_none() {
            std::thread::yield_now();
        }
        clock.advance(Duration::from_secs(3));
        assert_eq!(clock.next_deadline(), Some(Duration::from_secs(10)));
        clock.advance_to(clock.next_deadline().unwrap());
        assert_eq!(t.join().unwrap(), Duration::from_secs(10));
    }
}
