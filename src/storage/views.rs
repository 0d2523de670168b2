//! Plain rows for the dynamic views over storage: V$LOCK, V$TRANSACTION, V$LOCKED_OBJECT, and
//! V$SESSION's TADDR and LOCKWAIT. The view producers (in `views/`) turn these into values.
//!
//! Addresses are computed, not real: `SADDR = 0x6B480000 + SID * 0x2E8` (as V$SESSION
//! computes it), `TADDR = ADDR = 0x7A3C0000 + seq * 0x1F8` for transaction sequence number
//! `seq`, `LOCKWAIT = KADDR of the request = 0x6F2A0000 + SID * 0x40`; all as 16 hex digits.

use std::time::Duration;

use super::Storage;
use super::lock::WaitOn;
use super::txn::{RECORDS_PER_BLOCK, Txn, xidsqn};

/// One V$LOCK row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockRow {
    /// ADDR / KADDR.
    pub addr: String,
    /// SID of the holder or requester.
    pub sid: u32,
    /// TYPE: `TX` or `TM`.
    pub kind: &'static str,
    /// ID1: TM object id, or TX usn * 65536 + slot.
    pub id1: u64,
    /// ID2: 0 for TM, TX sequence.
    pub id2: u64,
    /// LMODE (0 for a request).
    pub lmode: u8,
    /// REQUEST (0 for a held lock).
    pub request: u8,
    /// CTIME: seconds since granted or requested.
    pub ctime: u64,
    /// BLOCK: 1 if some session waits for this lock.
    pub block: u8,
}

/// One V$TRANSACTION row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionRow {
    /// ADDR (= V$SESSION.TADDR).
    pub addr: String,
    /// XIDUSN.
    pub xidusn: u64,
    /// XIDSLOT.
    pub xidslot: u64,
    /// XIDSQN.
    pub xidsqn: u64,
    /// STATUS, always `ACTIVE`.
    pub status: &'static str,
    /// START_TIME, `MM/DD/YY HH24:MI:SS`.
    pub start_time: String,
    /// START_DATE (engine time; the producer converts with the clock).
    pub start: Duration,
    /// USED_UBLK.
    pub used_ublk: u64,
    /// USED_UREC.
    pub used_urec: u64,
    /// SES_ADDR (= V$SESSION.SADDR).
    pub ses_addr: String,
    /// The owning SID (for joins in tests; not a V$TRANSACTION column).
    pub sid: u32,
}

/// One V$LOCKED_OBJECT row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockedObjectRow {
    /// XIDUSN.
    pub xidusn: u64,
    /// XIDSLOT.
    pub xidslot: u64,
    /// XIDSQN.
    pub xidsqn: u64,
    /// OBJECT_ID.
    pub object_id: u64,
    /// SESSION_ID.
    pub session_id: u32,
    /// ORACLE_USERNAME.
    pub oracle_username: String,
    /// LOCKED_MODE.
    pub locked_mode: u8,
}

/// V$SESSION.SADDR of a SID.
pub fn saddr(sid: u32) -> String {
    format!("{:016X}", 0x6B48_0000u64 + sid as u64 * 0x2E8)
}

fn lockwait_addr(sid: u32) -> String {
    format!("{:016X}", 0x6F2A_0000u64 + sid as u64 * 0x40)
}

fn tx_id1(t: &Txn) -> u64 {
    t.xidusn() * 65536 + t.xidslot()
}

impl Storage {
    /// V$LOCK: each transaction's TX (mode 6) and TM locks, and each waiting session's request.
    pub fn locks(&self) -> Vec<LockRow> {
        let tx = self.txns.lock();
        let now = self.clock.now();
        let secs = |since: Duration| now.saturating_sub(since).as_secs();
        let mut rows = Vec::new();
        let mut txns: Vec<&Txn> = tx.sessions.values().filter_map(|s| s.txn.as_ref()).collect();
        txns.sort_by_key(|t| t.sid);
        for t in &txns {
            let waited = |f: &dyn Fn(&WaitOn) -> bool| {
                tx.waits.values().any(|w| w.blocker.holders.contains(&t.sid) && f(&w.blocker.on))
            };
            rows.extend(t.has_tx.then(|| LockRow {
                addr: t.addr(),
                sid: t.sid,
                kind: "TX",
                id1: tx_id1(t),
                id2: t.xidsqn(),
                lmode: 6,
                request: 0,
                ctime: secs(t.start),
                block: waited(&|on| matches!(on, WaitOn::Tx { seq, .. } if *seq == t.seq)) as u8,
            }));
            for (i, h) in t.tables.iter().enumerate() {
                rows.push(LockRow {
                    addr: format!(
                        "{:016X}",
                        0x7F10_0000u64 + t.sid as u64 * 0x1000 + i as u64 * 0x40
                    ),
                    sid: t.sid,
                    kind: "TM",
                    id1: h.table.id,
                    id2: 0,
                    lmode: h.mode.code(),
                    request: 0,
                    ctime: secs(h.since),
                    block: waited(
                        &|on| matches!(on, WaitOn::Tm { object, .. } if *object == h.table.id),
                    ) as u8,
                });
            }
        }
        let mut waits: Vec<_> = tx.waits.iter().collect();
        waits.sort_by_key(|(sid, _)| **sid);
        for (&sid, w) in waits {
            let (kind, id1, id2, request) = match w.blocker.on {
                WaitOn::Tx { seq, mode } => {
                    let id1 = txns.iter().find(|t| t.seq == seq).map_or(0, |t| tx_id1(t));
                    ("TX", id1, xidsqn(seq), mode)
                }
                WaitOn::Tm { object, mode } => ("TM", object, 0, mode.code()),
            };
            rows.push(LockRow {
                addr: lockwait_addr(sid),
                sid,
                kind,
                id1,
                id2,
                lmode: 0,
                request,
                ctime: secs(w.since),
                block: 0,
            });
        }
        rows
    }

    /// V$TRANSACTION, by SID.
    pub fn transactions(&self) -> Vec<TransactionRow> {
        let tx = self.txns.lock();
        let mut rows: Vec<TransactionRow> = tx
            .sessions
            .values()
            .filter_map(|s| s.txn.as_ref())
            .filter(|t| t.has_tx)
            .map(|t| {
                let d = self.clock.datetime_at(t.start);
                TransactionRow {
                    addr: t.addr(),
                    xidusn: t.xidusn(),
                    xidslot: t.xidslot(),
                    xidsqn: t.xidsqn(),
                    status: "ACTIVE",
                    start_time: format!(
                        "{:02}/{:02}/{:02} {:02}:{:02}:{:02}",
                        d.month() as u8,
                        d.day(),
                        d.year().rem_euclid(100),
                        d.hour(),
                        d.minute(),
                        d.second()
                    ),
                    start: t.start,
                    used_ublk: t.undo.len().div_ceil(RECORDS_PER_BLOCK) as u64,
                    used_urec: t.undo.len() as u64,
                    ses_addr: saddr(t.sid),
                    sid: t.sid,
                }
            })
            .collect();
        rows.sort_by_key(|r| r.sid);
        rows
    }

    /// V$LOCKED_OBJECT: one row per (transaction, table) TM lock held.
    pub fn locked_objects(&self) -> Vec<LockedObjectRow> {
        let tx = self.txns.lock();
        let mut rows: Vec<LockedObjectRow> = tx
            .sessions
            .values()
            .filter_map(|s| s.txn.as_ref())
            .flat_map(|t| {
                t.tables.iter().map(move |h| LockedObjectRow {
                    xidusn: t.xidusn(),
                    xidslot: t.xidslot(),
                    xidsqn: t.xidsqn(),
                    object_id: h.table.id,
                    session_id: t.sid,
                    oracle_username: t.username.to_string(),
                    locked_mode: h.mode.code(),
                })
            })
            .collect();
        rows.sort_by_key(|r| (r.session_id, r.object_id));
        rows
    }

    /// V$SESSION.TADDR of a session: its transaction's address, if one is open.
    pub fn taddr(&self, sid: u32) -> Option<String> {
        self.txns.lock().txn(sid).filter(|t| t.has_tx).map(Txn::addr)
    }

    /// V$SESSION.LOCKWAIT: the address of the lock the session waits for, if waiting.
    pub fn lockwait(&self, sid: u32) -> Option<String> {
        self.txns.lock().waits.contains_key(&sid).then(|| lockwait_addr(sid))
    }
}
