//! V$LOCK, V$TRANSACTION, V$LOCKED_OBJECT, DBA_BLOCKERS and DBA_WAITERS, from the storage
//! layer's lock and transaction tables (each read under one short hold of its mutex).

use super::Producer;
use super::fields::{build, resolve};
use super::sessions::date_at;
use crate::db::Database;
use crate::storage::{LockRow, LockedObjectRow, TransactionRow};
use crate::value::Value;

/// The producer of `view`, if it is one of this module's. All are dictionary views.
pub fn producer(view: &str, columns: &[String]) -> Option<(Producer, bool)> {
    let produce: Producer = match view {
        "V$LOCK" => {
            let fields = resolve(view, columns, LOCK_FIELDS);
            Box::new(move |db, _me, scan| {
                db.storage
                    .locks()
                    .iter()
                    .map(|l| build(&fields, scan.needed, |f| lock_value(l, f)))
                    .collect()
            })
        }
        "V$TRANSACTION" => {
            let fields = resolve(view, columns, TRANSACTION_FIELDS);
            Box::new(move |db, _me, scan| {
                let rows = db.storage.transactions();
                rows.iter()
                    .map(|t| build(&fields, scan.needed, |f| transaction_value(db, t, f)))
                    .collect()
            })
        }
        "V$LOCKED_OBJECT" => {
            let fields = resolve(view, columns, LOCKED_OBJECT_FIELDS);
            Box::new(move |db, _me, scan| {
                let rows = db.storage.locked_objects();
                rows.iter()
                    .map(|o| build(&fields, scan.needed, |f| locked_object_value(db, o, f)))
                    .collect()
            })
        }
        "DBA_BLOCKERS" => {
            let fields = resolve(view, columns, &[("HOLDING_SESSION", W::Holder)]);
            Box::new(move |db, _me, scan| {
                let mut sids: Vec<u32> =
                    db.storage.locks().iter().filter(|l| l.block == 1).map(|l| l.sid).collect();
                sids.sort_unstable();
                sids.dedup();
                sids.iter()
                    .map(|&s| build(&fields, scan.needed, |_| Value::int(s as i64)))
                    .collect()
            })
        }
        "DBA_WAITERS" => {
            let fields = resolve(view, columns, WAITER_FIELDS);
            Box::new(move |db, _me, scan| {
                waiters(&db.storage.locks())
                    .iter()
                    .map(|(w, h)| build(&fields, scan.needed, |f| waiter_value(w, h, f)))
                    .collect()
            })
        }
        _ => return None,
    };
    Some((produce, true))
}

#[derive(Clone, Copy)]
enum L {
    Addr,
    Sid,
    Type,
    Id1,
    Id2,
    Lmode,
    Request,
    Ctime,
    Block,
    ConId,
}

const LOCK_FIELDS: &[(&str, L)] = &[
    ("ADDR", L::Addr),
    ("KADDR", L::Addr),
    ("SID", L::Sid),
    ("TYPE", L::Type),
    ("ID1", L::Id1),
    ("ID2", L::Id2),
    ("LMODE", L::Lmode),
    ("REQUEST", L::Request),
    ("CTIME", L::Ctime),
    ("BLOCK", L::Block),
    ("CON_ID", L::ConId),
];

fn lock_value(l: &LockRow, f: L) -> Value {
    match f {
        L::Addr => Value::text(&l.addr),
        L::Sid => Value::int(l.sid as i64),
        L::Type => Value::text(l.kind),
        L::Id1 => Value::int(l.id1 as i64),
        L::Id2 => Value::int(l.id2 as i64),
        L::Lmode => Value::int(l.lmode as i64),
        L::Request => Value::int(l.request as i64),
        L::Ctime => Value::int(l.ctime as i64),
        L::Block => Value::int(l.block as i64),
        L::ConId => Value::int(0),
    }
}

#[derive(Clone, Copy)]
enum T {
    Addr,
    Usn,
    Slot,
    Sqn,
    Status,
    StartTime,
    StartDate,
    Ublk,
    Urec,
    SesAddr,
    ConId,
}

const TRANSACTION_FIELDS: &[(&str, T)] = &[
    ("ADDR", T::Addr),
    ("XIDUSN", T::Usn),
    ("XIDSLOT", T::Slot),
    ("XIDSQN", T::Sqn),
    ("STATUS", T::Status),
    ("START_TIME", T::StartTime),
    ("START_DATE", T::StartDate),
    ("USED_UBLK", T::Ublk),
    ("USED_UREC", T::Urec),
    ("SES_ADDR", T::SesAddr),
    ("CON_ID", T::ConId),
];

fn transaction_value(db: &Database, t: &TransactionRow, f: T) -> Value {
    match f {
        T::Addr => Value::text(&t.addr),
        T::Usn => Value::int(t.xidusn as i64),
        T::Slot => Value::int(t.xidslot as i64),
        T::Sqn => Value::int(t.xidsqn as i64),
        T::Status => Value::text(t.status),
        T::StartTime => Value::text(&t.start_time),
        T::StartDate => date_at(&db.clock, t.start),
        T::Ublk => Value::int(t.used_ublk as i64),
        T::Urec => Value::int(t.used_urec as i64),
        T::SesAddr => Value::text(&t.ses_addr),
        T::ConId => Value::int(0),
    }
}

#[derive(Clone, Copy)]
enum O {
    Usn,
    Slot,
    Sqn,
    Object,
    Session,
    User,
    OsUser,
    Process,
    Mode,
    ConId,
}

const LOCKED_OBJECT_FIELDS: &[(&str, O)] = &[
    ("XIDUSN", O::Usn),
    ("XIDSLOT", O::Slot),
    ("XIDSQN", O::Sqn),
    ("OBJECT_ID", O::Object),
    ("SESSION_ID", O::Session),
    ("ORACLE_USERNAME", O::User),
    ("OS_USER_NAME", O::OsUser),
    ("PROCESS", O::Process),
    ("LOCKED_MODE", O::Mode),
    ("CON_ID", O::ConId),
];

fn locked_object_value(db: &Database, o: &LockedObjectRow, f: O) -> Value {
    let client = || db.sessions.get(o.session_id).map(|c| c.identity.client.clone());
    match f {
        O::Usn => Value::int(o.xidusn as i64),
        O::Slot => Value::int(o.xidslot as i64),
        O::Sqn => Value::int(o.xidsqn as i64),
        O::Object => Value::int(o.object_id as i64),
        O::Session => Value::int(o.session_id as i64),
        O::User => Value::text(&o.oracle_username),
        O::OsUser => Value::opt_text(client().map(|c| c.osuser.clone())),
        O::Process => Value::opt_text(client().map(|c| c.process.clone())),
        O::Mode => Value::int(o.locked_mode as i64),
        O::ConId => Value::int(0),
    }
}

#[derive(Clone, Copy)]
enum W {
    Waiter,
    Holder,
    LockType,
    ModeHeld,
    ModeRequested,
    Id1,
    Id2,
}

const WAITER_FIELDS: &[(&str, W)] = &[
    ("WAITING_SESSION", W::Waiter),
    ("HOLDING_SESSION", W::Holder),
    ("LOCK_TYPE", W::LockType),
    ("MODE_HELD", W::ModeHeld),
    ("MODE_REQUESTED", W::ModeRequested),
    ("LOCK_ID1", W::Id1),
    ("LOCK_ID2", W::Id2),
];

/// Each request paired with each blocking holder of the same resource (TYPE, ID1, ID2).
fn waiters(locks: &[LockRow]) -> Vec<(&LockRow, &LockRow)> {
    let requests = locks.iter().filter(|l| l.request > 0);
    requests
        .flat_map(|w| {
            locks
                .iter()
                .filter(move |h| {
                    h.lmode > 0
                        && h.block == 1
                        && h.sid != w.sid
                        && (h.kind, h.id1, h.id2) == (w.kind, w.id1, w.id2)
                })
                .map(move |h| (w, h))
        })
        .collect()
}

fn waiter_value(w: &LockRow, h: &LockRow, f: W) -> Value {
    match f {
        W::Waiter => Value::int(w.sid as i64),
        W::Holder => Value::int(h.sid as i64),
        W::LockType => Value::text(if w.kind == "TX" { "Transaction" } else { "DML" }),
        W::ModeHeld => Value::text(mode_name(h.lmode)),
        W::ModeRequested => Value::text(mode_name(w.request)),
        W::Id1 => Value::int(w.id1 as i64),
        W::Id2 => Value::int(w.id2 as i64),
    }
}

/// A lock mode as DBA_WAITERS spells it.
fn mode_name(code: u8) -> &'static str {
    match code {
        1 => "Null",
        2 => "Row-S (SS)",
        3 => "Row-X (SX)",
        4 => "Share",
        5 => "S/Row-X (SSX)",
        6 => "Exclusive",
        _ => "None",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lock(sid: u32, kind: &'static str, id1: u64, lmode: u8, request: u8, block: u8) -> LockRow {
        LockRow { addr: String::new(), sid, kind, id1, id2: 7, lmode, request, ctime: 0, block }
    }

    #[test]
    fn a_waiter_pairs_with_the_blocking_holder_of_its_resource() {
        let locks = [
            lock(11, "TM", 73000, 3, 0, 0),
            lock(11, "TX", 65537, 6, 0, 1),
            lock(12, "TM", 73000, 3, 0, 0),
            lock(12, "TX", 65537, 0, 6, 0),
            lock(13, "TX", 65538, 6, 0, 0),
        ];
        let pairs = waiters(&locks);
        assert_eq!(pairs.len(), 1);
        assert_eq!((pairs[0].0.sid, pairs[0].1.sid), (12, 11));
        assert_eq!(waiter_value(pairs[0].0, pairs[0].1, W::ModeHeld), Value::text("Exclusive"));
        assert_eq!(mode_name(3), "Row-X (SX)");
    }
}
