//! Paced rollback: the rollback rate (undo records per second of engine time) and the
//! [`Pacer`] that meters a rollback against it.
//!
//! Rolling back takes time in Oracle, proportional to the undo to apply; a test bed sets a
//! rate (`VSESSION_SIM.SET_ROLLBACK_RATE`, `Config::rollback_rate`) to make a large rollback
//! last minutes of engine time. The default is no rate: a rollback is instant.
//!
//! A paced rollback is a loop: at each look, undo the records due by now
//! ([`Storage::rollback_due`]), then park until the next look — the next whole second of the
//! rollback, or its end if sooner. So V$TRANSACTION.USED_UREC counts down second by second
//! and the last record goes exactly at `start + records / rate`. Who loops: the session's own
//! call ([`Storage::rollback_paced`], in `Phase::RollingBack`), or PMON for a session with no
//! call (`pmon.rs`). The transaction keeps its TX and TM locks until the whole rollback is
//! over, as in Oracle: sessions waiting for it wait until then (a row already undone is free
//! for a new locker at once).

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use super::engine::Storage;
use crate::session::state::Wait;
use crate::session::{Phase, SessionCell, call};

/// The wait a rolling-back session shows, and PMON while it rolls a dead session back. Oracle
/// documents this event for PMON rolling back a dead transaction (Database Reference, "undo
/// segment recovery", wait class Other); a foreground's own rollback has no wait event of its
/// own (it is CPU and undo reads), so the same event shows that phase here too.
pub const ROLLBACK_EVENT: &str = "undo segment recovery";

/// How often a paced rollback shows progress.
const LOOK_EVERY: Duration = Duration::from_secs(1);

/// The longest a rollback may be paced to last (a tiny rate would overflow a Duration).
const LONGEST: Duration = Duration::from_secs(10 * 365 * 86_400);

/// Meters one rollback of `total` undo records at `rate` records per second from `start`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pacer {
    start: Duration,
    total: usize,
    rate: f64,
}

impl Pacer {
    /// A rollback of `total` records starting at `start`. `rate` must be positive.
    pub fn new(start: Duration, total: usize, rate: f64) -> Pacer {
        Pacer { start, total, rate }
    }

    /// Engine time the last record is undone.
    pub fn end(&self) -> Duration {
        let secs = self.total as f64 / self.rate;
        self.start + Duration::try_from_secs_f64(secs).unwrap_or(LONGEST).min(LONGEST)
    }

    /// Records still to undo at engine time `now`.
    pub fn left_at(&self, now: Duration) -> usize {
        if now >= self.end() {
            return 0;
        }
        let done = now.saturating_sub(self.start).as_secs_f64() * self.rate;
        self.total.saturating_sub(done.floor() as usize)
    }

    /// The next look after `now`: the next whole second of the rollback, or its end.
    pub fn next_look(&self, now: Duration) -> Duration {
        let ticks = now.saturating_sub(self.start).as_secs() + 1;
        let look = self.start + LOOK_EVERY * u32::try_from(ticks).unwrap_or(u32::MAX);
        look.min(self.end())
    }
}

/// The wait shown while rolling back, from `since`.
pub fn rollback_wait(since: Duration) -> Wait {
    Wait { event: ROLLBACK_EVENT, class: "Other", since, blocker: None, object: None }
}

impl Storage {
    /// The rollback rate in undo records per second, or None for instant rollbacks.
    pub fn rollback_rate(&self) -> Option<f64> {
        let rate = f64::from_bits(self.rollback_rate.load(Ordering::Relaxed));
        (rate > 0.0).then_some(rate)
    }

    /// Sets the rollback rate (None, zero or less: instant). Rollbacks already under way keep
    /// the rate they started with.
    pub fn set_rollback_rate(&self, rate: Option<f64>) {
        let rate = rate.filter(|r| r.is_finite() && *r > 0.0).unwrap_or(0.0);
        self.rollback_rate.store(rate.to_bits(), Ordering::Relaxed);
    }

    /// A pacer for rolling back the session's transaction now, or None if the rollback is
    /// instant (no rate, or nothing to undo).
    pub fn pacer(&self, me: &SessionCell) -> Option<Pacer> {
        let rate = self.rollback_rate()?;
        let total = self.txns.lock().txn(me.sid).map_or(0, |t| t.undo.len());
        (total > 0).then(|| Pacer::new(self.clock.now(), total, rate))
    }

    /// Undoes the records of the session's transaction due by `now` under `pacer`; returns
    /// when to look again, or None once nothing is left (the caller then ends the transaction
    /// with [`Storage::rollback`]).
    pub fn rollback_due(&self, me: &SessionCell, pacer: &Pacer, now: Duration) -> Option<Duration> {
        let due_left = pacer.left_at(now);
        let mut left = self.undo_left(me);
        while left > due_left {
            let batch = (left - due_left).min(super::engine::ROLLBACK_BATCH);
            left = self.rollback_step(me, batch);
        }
        (left > 0).then(|| pacer.next_look(now))
    }

    /// ROLLBACK on the session's own call: at the rollback rate, in the uninterruptible
    /// `Phase::RollingBack` (a kill meanwhile only marks the session), then the transaction
    /// ends, its locks go and its waiters are woken.
    pub fn rollback_paced(&self, me: &Arc<SessionCell>) {
        if let Some(pacer) = self.pacer(me) {
            let wait = rollback_wait(self.clock.now());
            call::uninterruptible_with(me, Phase::RollingBack, &wait, |now| {
                self.rollback_due(me, &pacer, now)
            });
        }
        self.rollback(me);
    }

    /// Undo records left in the session's transaction (its USED_UREC).
    fn undo_left(&self, me: &SessionCell) -> usize {
        self.txns.lock().txn(me.sid).map_or(0, |t| t.undo.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pacer_counts_down_by_the_second_and_ends_exactly() {
        let s = Duration::from_secs;
        let p = Pacer::new(s(10), 250, 100.0);
        assert_eq!(p.end(), Duration::from_millis(12_500));
        assert_eq!(p.left_at(s(10)), 250);
        assert_eq!(p.left_at(s(11)), 150);
        assert_eq!(p.left_at(s(12)), 50);
        assert_eq!(p.left_at(Duration::from_millis(12_499)), 1);
        assert_eq!(p.left_at(Duration::from_millis(12_500)), 0);
        assert_eq!(p.next_look(s(10)), s(11));
        assert_eq!(p.next_look(Duration::from_millis(11_300)), s(12));
        assert_eq!(p.next_look(s(12)), Duration::from_millis(12_500));
    }

    #[test]
    fn a_tiny_rate_is_capped_not_overflowed() {
        let p = Pacer::new(Duration::ZERO, usize::MAX, 1e-300);
        assert_eq!(p.end(), LONGEST);
        assert!(p.left_at(Duration::from_secs(5)) > 0);
    }
}
