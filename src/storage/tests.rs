//! Storage tests: visibility, undo, constraints, and lock waits on real threads.

use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use super::*;
use crate::db::{Config, Database};
use crate::error::{
    DEADLOCK, NAME_ALREADY_USED, OraError, RESOURCE_BUSY, SAVEPOINT_NOT_ESTABLISHED,
    SESSION_KILLED, TABLE_NOT_FOUND, UNIQUE_VIOLATED, WAIT_TIMEOUT,
};
use crate::session::state::{SessionFlags, interrupt_bits};
use crate::session::{ClientInfo, Identity, SessionCell, SessionType};
use crate::value::{Row, SqlType, Value};

fn database() -> Arc<Database> {
    Arc::new(Database::new(Config { virtual_time: true, ..Default::default() }))
}

fn logon(db: &Database, name: &str) -> Arc<SessionCell> {
    db.sessions.logon(Identity {
        user_id: 100,
        username: Some(Arc::from(name)),
        service: Arc::from("SYS$USERS"),
        client: Arc::new(ClientInfo::default()),
        kind: SessionType::User,
        pname: None,
    })
}

fn col(name: &str, ty: SqlType, not_null: bool) -> ColumnSpec {
    ColumnSpec { name: Arc::from(name), ty, not_null, default: None }
}

/// SCOTT.T (ID NUMBER(5) PRIMARY KEY, NAME VARCHAR2(10), BAL NUMBER(10,2)).
fn table_t(db: &Database) -> Arc<Table> {
    db.storage
        .create_table(
            "SCOTT",
            "T",
            vec![
                col("ID", SqlType::Number { precision: Some(5), scale: None }, false),
                col("NAME", SqlType::Varchar2(10), false),
                col("BAL", SqlType::Number { precision: Some(10), scale: Some(2) }, false),
            ],
            vec![ConstraintSpec {
                name: None,
                kind: ConstraintKind::PrimaryKey,
                columns: vec![Arc::from("ID")],
            }],
        )
        .unwrap()
}

fn row(id: i64, name: &str, bal: i64) -> Row {
    vec![Value::int(id), Value::text(name), Value::int(bal)]
}

/// (ID, BAL) pairs session `sid` sees, sorted by ID.
fn balances(db: &Database, sid: u32, t: &Table) -> Vec<(i64, i64)> {
    let mut v: Vec<(i64, i64)> = db
        .storage
        .scan(sid, t)
        .into_iter()
        .map(|(_, r)| (r[0].to_i64().unwrap().unwrap(), r[2].to_i64().unwrap().unwrap()))
        .collect();
    v.sort();
    v
}

fn rowid_of(db: &Database, sid: u32, t: &Table, id: i64) -> RowId {
    db.storage
        .scan(sid, t)
        .into_iter()
        .find(|(_, r)| r[0] == Value::int(id))
        .map(|(rid, _)| rid)
        .unwrap()
}

/// UPDATE t SET bal = bal + delta WHERE id = id; returns the balance the update saw.
fn add(
    db: &Database,
    me: &Arc<SessionCell>,
    t: &Arc<Table>,
    id: i64,
    delta: i64,
    wait: LockWait,
) -> Result<i64, OraError> {
    let rid = rowid_of(db, me.sid, t, id);
    let mut seen = 0;
    db.storage.statement(me, || {
        db.storage.update(me, t, rid, wait, |cur| {
            seen = cur[2].to_i64()?.unwrap_or(0);
            Ok(Some(vec![cur[0].clone(), cur[1].clone(), Value::int(seen + delta)]))
        })
    })?;
    Ok(seen)
}

/// Waits (real time, bounded) until `cell` shows a wait in V$SESSION.
fn until_waiting(cell: &SessionCell) {
    let start = Instant::now();
    while cell.lock().wait.is_none() {
        assert!(start.elapsed() < Duration::from_secs(10), "session never started waiting");
        thread::sleep(Duration::from_millis(1));
    }
}

fn seeded(db: &Database) -> (Arc<Table>, Arc<SessionCell>, Arc<SessionCell>) {
    let t = table_t(db);
    let a = logon(db, "SCOTT");
    let b = logon(db, "SCOTT");
    for i in 1..=3 {
        db.storage.insert(&a, &t, row(i, "acct", 100)).unwrap();
    }
    db.storage.commit(&a);
    (t, a, b)
}

#[test]
fn own_changes_are_visible_to_self_only_until_commit() {
    let db = database();
    let (t, a, b) = seeded(&db);
    db.storage.insert(&a, &t, row(4, "new", 5)).unwrap();
    add(&db, &a, &t, 1, 10, LockWait::Forever).unwrap();
    assert_eq!(balances(&db, a.sid, &t), vec![(1, 110), (2, 100), (3, 100), (4, 5)]);
    assert_eq!(balances(&db, b.sid, &t), vec![(1, 100), (2, 100), (3, 100)]);
    assert!(a.lock().flags.contains(SessionFlags::IN_TRANSACTION));
    db.storage.commit(&a);
    assert!(!a.lock().flags.contains(SessionFlags::IN_TRANSACTION));
    assert_eq!(balances(&db, b.sid, &t), vec![(1, 110), (2, 100), (3, 100), (4, 5)]);
}

#[test]
fn rollback_restores_exactly_the_committed_state() {
    let db = database();
    let (t, a, b) = seeded(&db);
    let before = db.storage.scan(b.sid, &t);
    add(&db, &a, &t, 1, 7, LockWait::Forever).unwrap();
    add(&db, &a, &t, 1, 7, LockWait::Forever).unwrap();
    let rid = rowid_of(&db, 0, &t, 2);
    assert_eq!(
        db.storage.delete(&a, &t, rid, LockWait::Forever, |_| Ok(true)).unwrap(),
        RowOutcome::Done
    );
    db.storage.insert(&a, &t, row(9, "x", 1)).unwrap();
    assert_eq!(db.storage.transactions()[0].used_urec, 4);
    assert_eq!(db.storage.rollback_step(&a, 3), 1, "a step leaves the rest");
    assert_eq!(db.storage.transactions()[0].used_urec, 1);
    assert!(db.storage.in_transaction(a.sid));
    db.storage.rollback(&a);
    assert_eq!(db.storage.scan(a.sid, &t), before);
    assert!(db.storage.transactions().is_empty() && db.storage.locks().is_empty());
    // The rolled-back insert left no trace in the unique index.
    db.storage.insert(&b, &t, row(9, "y", 1)).unwrap();
}

#[test]
fn a_paced_rollback_frees_each_row_as_it_is_undone_and_the_transaction_at_the_end() {
    let db = database();
    let (t, a, b) = seeded(&db);
    add(&db, &a, &t, 1, 7, LockWait::Forever).unwrap();
    add(&db, &a, &t, 2, 7, LockWait::Forever).unwrap();
    db.storage.set_rollback_rate(Some(1.0));
    let pacer = db.storage.pacer(&a).expect("two records at one a second");
    let start = db.clock.now();
    let second = start + Duration::from_secs(1);
    assert_eq!(db.storage.rollback_due(&a, &pacer, start), Some(second), "nothing due yet");
    let end = start + Duration::from_secs(2);
    assert_eq!(db.storage.rollback_due(&a, &pacer, second), Some(end));
    assert_eq!(db.storage.transactions()[0].used_urec, 1);
    // The newest change (row 2) is undone: its row is free; row 1 is still locked.
    add(&db, &b, &t, 2, 1, LockWait::NoWait).expect("an undone row is free");
    assert!(add(&db, &b, &t, 1, 1, LockWait::NoWait).unwrap_err().is(RESOURCE_BUSY));
    assert_eq!(db.storage.rollback_due(&a, &pacer, end), None);
    assert!(db.storage.in_transaction(a.sid), "the transaction ends with Storage::rollback");
    db.storage.rollback(&a);
    add(&db, &b, &t, 1, 1, LockWait::NoWait).unwrap();
    assert_eq!(balances(&db, b.sid, &t), vec![(1, 101), (2, 101), (3, 100)]);
    db.storage.set_rollback_rate(None);
    assert_eq!(db.storage.pacer(&b), None, "no rate: instant");
}

#[test]
fn savepoints() {
    let db = database();
    let (t, a, _) = seeded(&db);
    db.storage.savepoint(&a, "S0");
    db.storage.insert(&a, &t, row(4, "a", 1)).unwrap();
    db.storage.savepoint(&a, "S1");
    db.storage.insert(&a, &t, row(5, "b", 1)).unwrap();
    add(&db, &a, &t, 4, 1, LockWait::Forever).unwrap();
    db.storage.rollback_to(&a, "S1").unwrap();
    assert_eq!(balances(&db, a.sid, &t), vec![(1, 100), (2, 100), (3, 100), (4, 1)]);
    assert!(db.storage.in_transaction(a.sid), "the transaction stays open");
    db.storage.rollback_to(&a, "S0").unwrap();
    assert_eq!(balances(&db, a.sid, &t).len(), 3);
    let e = db.storage.rollback_to(&a, "NOPE").unwrap_err();
    assert!(e.is(SAVEPOINT_NOT_ESTABLISHED));
    assert_eq!(
        e.to_string(),
        "ORA-01086: savepoint 'NOPE' never established in this session or is invalid"
    );
    db.storage.commit(&a);
    assert!(db.storage.rollback_to(&a, "S0").is_err(), "commit erases savepoints");
}

#[test]
fn a_failing_statement_undoes_only_itself() {
    let db = database();
    let (t, a, _) = seeded(&db);
    db.storage.insert(&a, &t, row(10, "kept", 1)).unwrap();
    let err = db
        .storage
        .statement(&a, || {
            for id in [11, 12, 1] {
                db.storage.insert(&a, &t, row(id, "multi", 1))?;
            }
            Ok(())
        })
        .unwrap_err();
    assert!(err.is(UNIQUE_VIOLATED));
    assert_eq!(err.to_string(), "ORA-00001: unique constraint (SCOTT.SYS_C007100) violated");
    let ids: Vec<i64> = balances(&db, a.sid, &t).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, vec![1, 2, 3, 10]);
    assert_eq!(db.storage.transactions()[0].used_urec, 1);
}

#[test]
fn type_and_constraint_errors_have_oracle_texts() {
    let db = database();
    let t = table_t(&db);
    let a = logon(&db, "SCOTT");
    let e = db.storage.insert(&a, &t, row(1, "ABCDEFGHIJKL", 1)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "ORA-12899: value too large for column \"SCOTT\".\"T\".\"NAME\" (actual: 12, maximum: 10)"
    );
    let e = db.storage.insert(&a, &t, vec![Value::Null, Value::Null, Value::Null]).unwrap_err();
    assert_eq!(e.to_string(), "ORA-01400: cannot insert NULL into (\"SCOTT\".\"T\".\"ID\")");
    let e = db.storage.insert(&a, &t, row(123456, "x", 1)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "ORA-01438: value larger than specified precision allowed for this column"
    );
    let e = db
        .storage
        .create_table("SCOTT", "T", vec![col("X", SqlType::NUMBER, false)], vec![])
        .unwrap_err();
    assert!(e.is(NAME_ALREADY_USED));
    assert_eq!(e.to_string(), "ORA-00955: name is already used by an existing object");
    assert!(db.storage.table("SCOTT", "NOPE").unwrap_err().is(TABLE_NOT_FOUND));
    // NUMBER(10,2) rounds; CHAR pads; NUMBER(p) rounds to an integer.
    let c = db
        .storage
        .create_table(
            "SCOTT",
            "C",
            vec![
                col("N", SqlType::Number { precision: Some(10), scale: Some(2) }, false),
                col("C", SqlType::Char(4), false),
                col("I", SqlType::Number { precision: Some(3), scale: None }, false),
            ],
            vec![],
        )
        .unwrap();
    let dec = |s: &str| Value::Number(s.parse().unwrap());
    db.storage.insert(&a, &c, vec![dec("1.005"), Value::text("ab"), dec("999.5")]).unwrap_err();
    db.storage.insert(&a, &c, vec![dec("1.005"), Value::text("ab"), dec("99.4")]).unwrap();
    let r = &db.storage.scan(a.sid, &c)[0].1;
    assert_eq!(
        (r[0].to_string(), r[1].to_string(), r[2].to_string()),
        ("1.01".into(), "ab  ".into(), "99".into())
    );
    // Wrong value counts, duplicate columns, negative scale.
    assert_eq!(
        db.storage.insert(&a, &t, vec![Value::int(1)]).unwrap_err().to_string(),
        "ORA-00947: not enough values"
    );
    assert_eq!(
        db.storage.insert(&a, &t, vec![Value::Null; 4]).unwrap_err().to_string(),
        "ORA-00913: too many values"
    );
    let dup = vec![col("X", SqlType::NUMBER, false), col("X", SqlType::NUMBER, false)];
    let e = db.storage.create_table("SCOTT", "D", dup, vec![]).unwrap_err();
    assert_eq!(e.to_string(), "ORA-00957: duplicate column name");
    let h = vec![col("H", SqlType::Number { precision: Some(4), scale: Some(-2) }, false)];
    let h = db.storage.create_table("SCOTT", "H", h, vec![]).unwrap();
    db.storage.insert(&a, &h, vec![Value::int(123_456)]).unwrap();
    assert_eq!(db.storage.scan(a.sid, &h)[0].1[0].to_string(), "123500");
    assert!(db.storage.insert(&a, &h, vec![Value::int(1_234_567)]).is_err());
    // UPDATE to NULL is ORA-01407.
    let rid = db.storage.scan(a.sid, &t).first().map(|x| x.0);
    assert!(rid.is_none());
    db.storage.insert(&a, &t, row(1, "x", 1)).unwrap();
    let rid = rowid_of(&db, a.sid, &t, 1);
    let e = db
        .storage
        .update(&a, &t, rid, LockWait::Forever, |_| Ok(Some(vec![Value::Null; 3])))
        .unwrap_err();
    assert_eq!(e.to_string(), "ORA-01407: cannot update (\"SCOTT\".\"T\".\"ID\") to NULL");
}

#[test]
fn a_blocked_writer_waits_and_sees_the_committed_value() {
    let db = database();
    let (t, a, b) = seeded(&db);
    add(&db, &a, &t, 1, 50, LockWait::Forever).unwrap();
    let waiter = {
        let (db, t, b) = (db.clone(), t.clone(), b.clone());
        thread::spawn(move || add(&db, &b, &t, 1, 1, LockWait::Forever))
    };
    until_waiting(&b);
    let w = b.lock().wait.clone().unwrap();
    assert_eq!(w.event, "enq: TX - row lock contention");
    assert_eq!(w.class, "Application");
    assert_eq!((w.blocker, w.object), (Some(a.sid), Some(t.id)));
    assert_eq!(db.storage.lockwait(b.sid).map(|s| s.len()), Some(16));
    let locks = db.storage.locks();
    let holder_tx = locks.iter().find(|l| l.sid == a.sid && l.kind == "TX").unwrap();
    assert_eq!((holder_tx.lmode, holder_tx.block), (6, 1));
    let req = locks.iter().find(|l| l.sid == b.sid && l.request > 0).unwrap();
    assert_eq!(req.kind, "TX");
    assert_eq!((req.lmode, req.request, req.id1, req.id2), (0, 6, holder_tx.id1, holder_tx.id2));
    db.storage.commit(&a);
    assert_eq!(waiter.join().unwrap().unwrap(), 150, "the waiter saw the committed version");
    assert!(b.lock().wait.is_none());
    db.storage.commit(&b);
    assert_eq!(balances(&db, a.sid, &t)[0], (1, 151));
}

#[test]
fn release_of_the_holder_frees_its_waiter() {
    let db = database();
    let (t, a, b) = seeded(&db);
    add(&db, &a, &t, 2, 50, LockWait::Forever).unwrap();
    let waiter = {
        let (db, t, b) = (db.clone(), t.clone(), b.clone());
        thread::spawn(move || add(&db, &b, &t, 2, 1, LockWait::Forever))
    };
    until_waiting(&b);
    db.release(&a);
    db.release(&a); // idempotent
    assert_eq!(waiter.join().unwrap().unwrap(), 100, "the holder's change was rolled back");
    assert!(!a.lock().flags.contains(SessionFlags::IN_TRANSACTION));
    db.release(&b);
    assert!(db.storage.locks().is_empty() && db.storage.transactions().is_empty());
    assert_eq!(balances(&db, a.sid, &t), vec![(1, 100), (2, 100), (3, 100)]);
}

#[test]
fn nowait_and_wait_n() {
    let db = database();
    let (t, a, b) = seeded(&db);
    add(&db, &a, &t, 3, 1, LockWait::Forever).unwrap();
    let e = add(&db, &b, &t, 3, 1, LockWait::NoWait).unwrap_err();
    assert!(e.is(RESOURCE_BUSY));
    assert_eq!(
        e.to_string(),
        "ORA-00054: resource busy and acquire with NOWAIT specified or timeout expired"
    );
    let rid = rowid_of(&db, 0, &t, 3);
    assert_eq!(
        db.storage.lock_row(&b, &t, rid, LockWait::SkipLocked, |_| Ok(true)).unwrap(),
        RowOutcome::Skipped
    );
    let waiter = {
        let (db, t, b) = (db.clone(), t.clone(), b.clone());
        thread::spawn(move || add(&db, &b, &t, 3, 1, LockWait::Seconds(2)))
    };
    until_waiting(&b);
    db.clock.advance(Duration::from_secs(1));
    thread::sleep(Duration::from_millis(20));
    assert!(!waiter.is_finished(), "one second is not enough");
    db.clock.advance(Duration::from_secs(1));
    let e = waiter.join().unwrap().unwrap_err();
    assert!(e.is(WAIT_TIMEOUT));
    assert_eq!(db.storage.lockwait(b.sid), None);
    assert!(db.storage.in_transaction(a.sid));
}

#[test]
fn a_deadlock_fails_exactly_one_statement() {
    let db = database();
    let (t, a, b) = seeded(&db);
    add(&db, &a, &t, 1, 1, LockWait::Forever).unwrap();
    add(&db, &b, &t, 2, 1, LockWait::Forever).unwrap();
    let first = {
        let (db, t, a) = (db.clone(), t.clone(), a.clone());
        thread::spawn(move || add(&db, &a, &t, 2, 10, LockWait::Forever))
    };
    until_waiting(&a);
    let e = add(&db, &b, &t, 1, 10, LockWait::Forever).unwrap_err();
    assert!(e.is(DEADLOCK));
    assert_eq!(e.to_string(), "ORA-00060: deadlock detected while waiting for resource");
    assert!(!first.is_finished(), "the other session keeps waiting");
    assert!(db.storage.in_transaction(b.sid), "the victim's transaction stays");
    assert_eq!(balances(&db, b.sid, &t)[1], (2, 101), "and its earlier change too");
    db.storage.commit(&b);
    assert_eq!(first.join().unwrap().unwrap(), 101);
    db.storage.commit(&a);
    assert_eq!(balances(&db, a.sid, &t), vec![(1, 101), (2, 111), (3, 100)]);
}

#[test]
fn a_woken_waiter_leaves_no_stale_deadlock_edge() {
    let db = database();
    let (t, a, b) = seeded(&db);
    for _ in 0..20 {
        add(&db, &b, &t, 2, 1, LockWait::Forever).unwrap();
        add(&db, &a, &t, 1, 1, LockWait::Forever).unwrap();
        let tb = {
            let (db, t, b) = (db.clone(), t.clone(), b.clone());
            thread::spawn(move || {
                let r = add(&db, &b, &t, 1, 1, LockWait::Forever);
                db.storage.commit(&b);
                r
            })
        };
        until_waiting(&b);
        // a commits (waking b) and at once waits for b's row 2: b no longer waits for a, so
        // this is no deadlock even if b has not run yet.
        db.storage.commit(&a);
        add(&db, &a, &t, 2, 1, LockWait::Forever).unwrap();
        tb.join().unwrap().unwrap();
        db.storage.commit(&a);
    }
}

#[test]
fn a_killed_waiter_gets_ora_00028() {
    let db = database();
    let (t, a, b) = seeded(&db);
    add(&db, &a, &t, 1, 1, LockWait::Forever).unwrap();
    let waiter = {
        let (db, t, b) = (db.clone(), t.clone(), b.clone());
        thread::spawn(move || add(&db, &b, &t, 1, 1, LockWait::Forever))
    };
    until_waiting(&b);
    b.raise_interrupt(interrupt_bits::KILL);
    assert!(waiter.join().unwrap().unwrap_err().is(SESSION_KILLED));
    assert_eq!(db.storage.lockwait(b.sid), None);
    db.release(&b);
    assert!(!db.storage.locks().iter().any(|l| l.sid == b.sid));
    assert!(db.storage.locks().iter().all(|l| l.block == 0));
}

#[test]
fn a_cancelled_waiter_gets_ora_01013_and_keeps_its_transaction() {
    let db = database();
    let (t, a, b) = seeded(&db);
    add(&db, &a, &t, 1, 1, LockWait::Forever).unwrap();
    add(&db, &b, &t, 2, 1, LockWait::Forever).unwrap();
    let waiter = {
        let (db, t, b) = (db.clone(), t.clone(), b.clone());
        thread::spawn(move || add(&db, &b, &t, 1, 1, LockWait::Forever))
    };
    until_waiting(&b);
    b.raise_interrupt(interrupt_bits::CANCEL);
    assert!(waiter.join().unwrap().unwrap_err().is(crate::error::USER_CANCEL));
    assert_eq!(balances(&db, b.sid, &t)[1], (2, 101), "earlier work stays");
    assert!(db.storage.in_transaction(b.sid));
    db.storage.rollback(&b);
    db.storage.rollback(&a);
}

#[test]
fn a_duplicate_key_waits_for_the_inserting_transaction() {
    let db = database();
    let (t, a, b) = seeded(&db);
    for commit in [true, false] {
        let id = if commit { 20 } else { 21 };
        db.storage.insert(&a, &t, row(id, "first", 1)).unwrap();
        let second = {
            let (db, t, b) = (db.clone(), t.clone(), b.clone());
            thread::spawn(move || db.storage.insert(&b, &t, row(id, "second", 2)))
        };
        until_waiting(&b);
        let req = db.storage.locks().into_iter().find(|l| l.sid == b.sid && l.request > 0).unwrap();
        assert_eq!((req.kind, req.request), ("TX", 4));
        if commit {
            db.storage.commit(&a);
            assert!(second.join().unwrap().unwrap_err().is(UNIQUE_VIOLATED));
        } else {
            db.storage.rollback(&a);
            second.join().unwrap().unwrap();
            db.storage.commit(&b);
        }
    }
    let names: Vec<String> =
        db.storage.scan(a.sid, &t).into_iter().map(|(_, r)| r[1].to_string()).skip(3).collect();
    assert_eq!(names, vec!["first", "second"]);
}

#[test]
fn key_changes_and_reinserts_follow_the_unique_rules() {
    let db = database();
    let (t, a, b) = seeded(&db);
    let set_id = |me: &Arc<SessionCell>, from: i64, to: i64| {
        let rid = rowid_of(&db, me.sid, &t, from);
        db.storage.statement(me, || {
            db.storage.update(me, &t, rid, LockWait::NoWait, |cur| {
                Ok(Some(vec![Value::int(to), cur[1].clone(), cur[2].clone()]))
            })
        })
    };
    assert!(set_id(&a, 1, 2).unwrap_err().is(UNIQUE_VIOLATED));
    assert_eq!(set_id(&a, 1, 5).unwrap(), RowOutcome::Done);
    // a may reuse key 1 itself; b must wait for a (the key is only free if a commits).
    db.storage.insert(&a, &t, row(1, "again", 1)).unwrap();
    db.storage.rollback_to(&a, "NONE").unwrap_err();
    let rid3 = rowid_of(&db, a.sid, &t, 3);
    db.storage.delete(&a, &t, rid3, LockWait::Forever, |_| Ok(true)).unwrap();
    db.storage.insert(&a, &t, row(3, "re", 3)).unwrap();
    let inserter = {
        let (db, t, b) = (db.clone(), t.clone(), b.clone());
        thread::spawn(move || db.storage.insert(&b, &t, row(5, "b", 1)))
    };
    until_waiting(&b);
    db.storage.rollback(&a);
    inserter.join().unwrap().unwrap();
    db.storage.commit(&b);
    let ids: Vec<i64> = balances(&db, a.sid, &t).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, vec![1, 2, 3, 5]);
}

#[test]
fn table_locks_follow_the_compatibility_matrix() {
    use LockMode::*;
    let all = [RowShare, RowExclusive, Share, ShareRowExclusive, Exclusive];
    let expected = [
        [true, true, true, true, false],
        [true, true, false, false, false],
        [true, false, true, false, false],
        [true, false, false, false, false],
        [false, false, false, false, false],
    ];
    for (i, a) in all.iter().enumerate() {
        for (j, b) in all.iter().enumerate() {
            assert_eq!(a.compatible(*b), expected[i][j], "{a:?} vs {b:?}");
        }
    }
    assert_eq!(RowExclusive.combine(Share), ShareRowExclusive);

    let db = database();
    let (t, a, b) = seeded(&db);
    db.storage.lock_table(&a, &t, Exclusive, LockWait::NoWait).unwrap();
    assert!(db.storage.transactions().is_empty(), "table locks alone allocate no transaction slot");
    assert_eq!(db.storage.taddr(a.sid), None);
    assert!(a.lock().flags.contains(SessionFlags::IN_TRANSACTION));
    assert!(
        db.storage.lock_table(&b, &t, RowShare, LockWait::NoWait).unwrap_err().is(RESOURCE_BUSY)
    );
    assert!(db.storage.drop_table(&b, "SCOTT", "T").unwrap_err().is(RESOURCE_BUSY));
    assert!(db.storage.truncate_table(&b, "SCOTT", "T").unwrap_err().is(RESOURCE_BUSY));
    let objs = db.storage.locked_objects();
    assert_eq!((objs[0].object_id, objs[0].session_id, objs[0].locked_mode), (t.id, a.sid, 6));
    assert_eq!(objs[0].oracle_username, "SCOTT");
    let inserter = {
        let (db, t, b) = (db.clone(), t.clone(), b.clone());
        thread::spawn(move || db.storage.insert(&b, &t, row(30, "x", 1)))
    };
    until_waiting(&b);
    assert_eq!(b.lock().wait.as_ref().unwrap().event, "enq: TM - contention");
    let tm = db.storage.locks().into_iter().find(|l| l.sid == a.sid && l.kind == "TM").unwrap();
    assert_eq!((tm.id1, tm.lmode, tm.block), (t.id, 6, 1));
    db.storage.commit(&a);
    inserter.join().unwrap().unwrap();
    db.storage.commit(&b);
    db.storage.truncate_table(&b, "SCOTT", "T").unwrap();
    assert!(db.storage.scan(b.sid, &t).is_empty());
    db.storage.drop_table(&b, "SCOTT", "T").unwrap();
    assert!(db.storage.insert(&b, &t, row(1, "x", 1)).unwrap_err().is(TABLE_NOT_FOUND));
    assert!(db.storage.tables().is_empty());
}

#[test]
fn converting_table_locks_can_deadlock_and_one_statement_fails() {
    let db = database();
    let (t, a, b) = seeded(&db);
    add(&db, &a, &t, 1, 1, LockWait::Forever).unwrap();
    add(&db, &b, &t, 2, 1, LockWait::Forever).unwrap();
    let first = {
        let (db, t, a) = (db.clone(), t.clone(), a.clone());
        thread::spawn(move || db.storage.lock_table(&a, &t, LockMode::Share, LockWait::Forever))
    };
    until_waiting(&a);
    let w = a.lock().wait.clone().unwrap();
    assert_eq!((w.event, w.blocker, w.object), ("enq: TM - contention", Some(b.sid), Some(t.id)));
    let req = db.storage.locks().into_iter().find(|l| l.sid == a.sid && l.request > 0).unwrap();
    assert_eq!((req.kind, req.id1, req.request), ("TM", t.id, 5), "ROW EXCLUSIVE + SHARE = SSX");
    assert!(
        db.storage.lock_table(&b, &t, LockMode::Share, LockWait::Forever).unwrap_err().is(DEADLOCK)
    );
    db.storage.rollback(&b);
    first.join().unwrap().unwrap();
    let held = db.storage.locked_objects();
    assert_eq!((held.len(), held[0].session_id, held[0].locked_mode), (1, a.sid, 5));
    db.storage.commit(&a);
}

#[test]
fn skip_locked_skips_only_rows_locked_by_others() {
    let db = database();
    let (t, a, b) = seeded(&db);
    let rid2 = rowid_of(&db, 0, &t, 2);
    assert_eq!(
        db.storage.lock_row(&a, &t, rid2, LockWait::Forever, |_| Ok(true)).unwrap(),
        RowOutcome::Done
    );
    let got: Vec<RowOutcome> = db
        .storage
        .scan(b.sid, &t)
        .into_iter()
        .map(|(rid, _)| {
            db.storage.lock_row(&b, &t, rid, LockWait::SkipLocked, |_| Ok(true)).unwrap()
        })
        .collect();
    assert_eq!(got, vec![RowOutcome::Done, RowOutcome::Skipped, RowOutcome::Done]);
    assert_eq!(
        db.storage.transactions().iter().map(|t| t.used_urec).collect::<Vec<_>>(),
        vec![1, 2]
    );
    db.release(&a);
    db.release(&b);
    assert_eq!(balances(&db, 0, &t), vec![(1, 100), (2, 100), (3, 100)]);
}

#[test]
fn transaction_views() {
    let db = database();
    let (t, a, _) = seeded(&db);
    assert_eq!(db.storage.taddr(a.sid), None);
    for i in 0..40 {
        db.storage.insert(&a, &t, row(100 + i, "x", 1)).unwrap();
    }
    db.clock.advance(Duration::from_secs(5));
    let tr = db.storage.transactions();
    assert_eq!(tr.len(), 1);
    assert_eq!((tr[0].used_urec, tr[0].used_ublk, tr[0].status), (40, 2, "ACTIVE"));
    assert_eq!(Some(tr[0].addr.clone()), db.storage.taddr(a.sid));
    assert_eq!(tr[0].ses_addr, saddr(a.sid));
    assert_eq!(tr[0].start_time, "01/05/26 09:00:00");
    let tx = db.storage.locks().into_iter().find(|l| l.kind == "TX").unwrap();
    assert_eq!((tx.id1, tx.id2, tx.ctime), (tr[0].xidusn * 65536 + tr[0].xidslot, tr[0].xidsqn, 5));
    let ctas = db.storage.create_table_as(
        "SCOTT",
        "T2",
        vec![col("ID", SqlType::NUMBER, true)],
        vec![vec![Value::int(1)]],
    );
    assert_eq!(db.storage.scan(0, &ctas.unwrap()).len(), 1, "CTAS rows are committed");
    db.storage.drop_schema("SCOTT");
    assert!(db.storage.tables().is_empty());
}

#[test]
fn update_restarts_on_a_changed_row_and_skips_a_vanished_one() {
    let db = database();
    let (t, a, b) = seeded(&db);
    let rid = rowid_of(&db, 0, &t, 1);
    // a deletes row 1; b waits; a commits: b's predicate sees nothing.
    db.storage.delete(&a, &t, rid, LockWait::Forever, |_| Ok(true)).unwrap();
    let waiter = {
        let (db, t, b) = (db.clone(), t.clone(), b.clone());
        thread::spawn(move || {
            db.storage.update(&b, &t, rid, LockWait::Forever, |r| Ok(Some(r.clone())))
        })
    };
    until_waiting(&b);
    db.storage.commit(&a);
    assert_eq!(waiter.join().unwrap().unwrap(), RowOutcome::NoMatch);
    db.storage.commit(&b);
    assert_eq!(db.storage.fetch(b.sid, &t, rid), None);
}

#[test]
fn killing_an_idle_holder_frees_its_waiter_and_the_owner_learns_later() {
    use crate::session::{call, kill};
    let db = database();
    let (t, a, b) = seeded(&db);
    let dba = logon(&db, "SYSTEM");
    add(&db, &a, &t, 1, 1000, LockWait::Forever).unwrap();
    let waiter = {
        let (db, t, b) = (db.clone(), t.clone(), b.clone());
        thread::spawn(move || add(&db, &b, &t, 1, 1, LockWait::Forever))
    };
    until_waiting(&b);
    let release = |c: &Arc<SessionCell>| db.release(c);
    kill::kill(&dba, &a, kill::KillOptions::default(), Duration::from_secs(60), &release).unwrap();
    assert_eq!(waiter.join().unwrap().unwrap(), 100, "the killed session's change is gone");
    assert!(!db.storage.locks().iter().any(|l| l.sid == a.sid));
    assert!(call::begin_call(&a, &db.sessions, 3, None).unwrap_err().is(SESSION_KILLED));
    db.storage.commit(&b);
    assert_eq!(balances(&db, dba.sid, &t)[0], (1, 101));
}

#[test]
fn killing_an_active_waiter_ends_its_call_with_ora_00028() {
    use crate::session::{call, kill};
    let db = database();
    let (t, a, b) = seeded(&db);
    let dba = logon(&db, "SYSTEM");
    add(&db, &a, &t, 1, 1, LockWait::Forever).unwrap();
    let victim = {
        let (db, t, b) = (db.clone(), t.clone(), b.clone());
        thread::spawn(move || {
            call::begin_call(&b, &db.sessions, 6, None).unwrap();
            // An earlier change of the victim's transaction, then the blocked one.
            let result = add(&db, &b, &t, 2, 5, LockWait::Forever)
                .and_then(|_| add(&db, &b, &t, 1, 1, LockWait::Forever));
            let release = |c: &Arc<SessionCell>| db.release(c);
            call::end_call(&b, &db.sessions, &release, result)
        })
    };
    until_waiting(&b);
    let release = |c: &Arc<SessionCell>| db.release(c);
    kill::kill(&dba, &b, kill::KillOptions::default(), Duration::from_secs(60), &release).unwrap();
    assert!(victim.join().unwrap().unwrap_err().is(SESSION_KILLED));
    assert!(!db.storage.locks().iter().any(|l| l.sid == b.sid));
    assert!(db.storage.transactions().iter().all(|t| t.sid == a.sid));
    db.storage.commit(&a);
    assert_eq!(balances(&db, dba.sid, &t), vec![(1, 101), (2, 100), (3, 100)]);
}

/// 16 sessions move money between 8 accounts; a killer interrupts sessions at random, and
/// deadlock victims roll back. The total never changes and nothing is left locked.
#[test]
fn bank_transfer_stress() {
    const THREADS: usize = 16;
    const ROUNDS: usize = 150;
    let db = database();
    let t = table_t(&db);
    let setup = logon(&db, "SCOTT");
    for i in 0..8 {
        db.storage.insert(&setup, &t, row(i, "acct", 1000)).unwrap();
    }
    db.storage.commit(&setup);
    let cells: Vec<_> = (0..THREADS).map(|_| logon(&db, "SCOTT")).collect();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let kills = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let deadlocks = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let killer = {
        let (cells, stop) = (cells.clone(), stop.clone());
        thread::spawn(move || {
            let mut x = 0x9E37_79B9u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                cells[(x % THREADS as u64) as usize].raise_interrupt(interrupt_bits::KILL);
                thread::sleep(Duration::from_micros(300));
            }
        })
    };
    let workers: Vec<_> = cells
        .iter()
        .enumerate()
        .map(|(n, me)| {
            let (db, t, me) = (db.clone(), t.clone(), me.clone());
            let (kills, deadlocks) = (kills.clone(), deadlocks.clone());
            thread::spawn(move || {
                let mut x = 0x2545_F491_4F6C_DD1Du64 ^ (n as u64 + 1);
                for _ in 0..ROUNDS {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    let (from, to, amount) =
                        ((x % 8) as i64, ((x >> 8) % 8) as i64, ((x >> 16) % 50) as i64);
                    let moved = add(&db, &me, &t, from, -amount, LockWait::Forever)
                        .and_then(|_| add(&db, &me, &t, to, amount, LockWait::Forever));
                    match moved {
                        Ok(_) if x.is_multiple_of(7) => db.storage.rollback(&me),
                        Ok(_) => db.storage.commit(&me),
                        Err(e) if e.is(SESSION_KILLED) => {
                            kills.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            db.release(&me);
                            me.clear_interrupt(interrupt_bits::KILL);
                        }
                        Err(e) => {
                            assert!(e.is(DEADLOCK), "{e}");
                            deadlocks.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            db.storage.rollback(&me);
                        }
                    }
                }
                db.release(&me);
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    killer.join().unwrap();
    eprintln!("stress: {kills:?} kills, {deadlocks:?} deadlocks");
    let total: i64 = balances(&db, setup.sid, &t).iter().map(|(_, b)| b).sum();
    assert_eq!(total, 8000);
    assert!(db.storage.locks().is_empty(), "{:?}", db.storage.locks());
    assert!(db.storage.transactions().is_empty());
    assert!(cells.iter().all(|c| c.lock().wait.is_none()));
}

/// Timing check for the 100,000-row target; run with
/// `cargo test --release -- --ignored hundred_thousand`.
#[test]
#[ignore]
fn hundred_thousand_inserts_then_rollback() {
    let db = database();
    let t = table_t(&db);
    let a = logon(&db, "SCOTT");
    let big = db
        .storage
        .create_table(
            "SCOTT",
            "BIG",
            vec![col("ID", SqlType::NUMBER, true), col("NAME", SqlType::Varchar2(10), false)],
            vec![ConstraintSpec {
                name: None,
                kind: ConstraintKind::PrimaryKey,
                columns: vec![Arc::from("ID")],
            }],
        )
        .unwrap();
    drop(t);
    let name = Value::text("x");
    let start = Instant::now();
    for i in 0..100_000 {
        db.storage.insert(&a, &big, vec![Value::int(i), name.clone()]).unwrap();
    }
    let inserted = start.elapsed();
    db.storage.rollback(&a);
    let took = start.elapsed();
    eprintln!("100k inserts + rollback: {took:?} (inserts {inserted:?})");
    assert!(db.storage.scan(a.sid, &big).is_empty());
    let start = Instant::now();
    for _ in 0..100_000 {
        db.storage.lock_table(&a, &big, LockMode::RowShare, LockWait::NoWait).unwrap();
        db.storage.commit(&a);
    }
    eprintln!("lock + release: {:?} each", start.elapsed() / 100_000);
}

/// Storage sits below the SQL layers: it never uses the parser or the executor.
#[test]
fn storage_does_not_depend_on_sql_or_exec() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/storage");
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(
            !text.contains(concat!("use crate::", "sql"))
                && !text.contains(concat!("use crate::", "exec"))
        );
    }
}

/// A model of what each session must see: committed rows plus, per session, its pending
/// changes (None = deleted) and savepoints. Random single-threaded operations (NOWAIT, so
/// nothing blocks) are run against storage and the model, and every session's view compared.
#[test]
fn random_operations_match_a_model() {
    use std::collections::BTreeMap;
    type Pending = BTreeMap<i64, Option<i64>>;
    let db = database();
    let t = table_t(&db);
    let cells: Vec<_> = (0..3).map(|_| logon(&db, "SCOTT")).collect();
    let mut committed: BTreeMap<i64, i64> = BTreeMap::new();
    let mut pending: Vec<Pending> = vec![Pending::new(); 3];
    let mut savepoints: Vec<Vec<(String, Pending)>> = vec![Vec::new(); 3];
    let view = |committed: &BTreeMap<i64, i64>, p: &Pending| {
        let mut v = committed.clone();
        for (id, val) in p {
            match val {
                Some(b) => v.insert(*id, *b),
                None => v.remove(id),
            };
        }
        v.into_iter().collect::<Vec<_>>()
    };
    let mut x = 0x1234_5678_9ABC_DEF1u64;
    for step in 0..3000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let s = (x % 3) as usize;
        let me = &cells[s];
        let id = ((x >> 8) % 6) as i64;
        let locked_by_other = (0..3).any(|o| o != s && pending[o].contains_key(&id));
        let visible = view(&committed, &pending[s]).iter().any(|(i, _)| *i == id);
        match (x >> 16) % 9 {
            0 | 1 if visible => {
                let r = add(&db, me, &t, id, 1, LockWait::NoWait);
                if locked_by_other {
                    assert!(r.unwrap_err().is(RESOURCE_BUSY), "step {step}");
                } else {
                    let bal = r.unwrap() + 1;
                    pending[s].insert(id, Some(bal));
                }
            }
            2 if visible => {
                let rid = rowid_of(&db, me.sid, &t, id);
                let r = db.storage.statement(me, || {
                    db.storage.delete(me, &t, rid, LockWait::NoWait, |_| Ok(true))
                });
                if locked_by_other {
                    assert!(r.unwrap_err().is(RESOURCE_BUSY), "step {step}");
                } else {
                    assert_eq!(r.unwrap(), RowOutcome::Done);
                    pending[s].insert(id, None);
                }
            }
            3 if !locked_by_other => {
                let r = db.storage.statement(me, || db.storage.insert(me, &t, row(id, "m", 7)));
                if visible {
                    assert!(r.unwrap_err().is(UNIQUE_VIOLATED), "step {step}");
                } else {
                    r.unwrap();
                    pending[s].insert(id, Some(7));
                }
            }
            4 => {
                db.storage.commit(me);
                for (id, val) in std::mem::take(&mut pending[s]) {
                    match val {
                        Some(b) => committed.insert(id, b),
                        None => committed.remove(&id),
                    };
                }
                savepoints[s].clear();
            }
            5 => {
                db.storage.rollback(me);
                pending[s].clear();
                savepoints[s].clear();
            }
            6 => {
                let name = format!("SP{}", (x >> 24) % 2);
                db.storage.savepoint(me, &name);
                savepoints[s].retain(|(n, _)| *n != name);
                savepoints[s].push((name, pending[s].clone()));
            }
            7 => {
                let name = format!("SP{}", (x >> 24) % 2);
                let r = db.storage.rollback_to(me, &name);
                match savepoints[s].iter().rposition(|(n, _)| *n == name) {
                    Some(i) => {
                        r.unwrap();
                        pending[s] = savepoints[s][i].1.clone();
                        savepoints[s].truncate(i + 1);
                    }
                    None => assert!(r.unwrap_err().is(SAVEPOINT_NOT_ESTABLISHED), "step {step}"),
                }
            }
            8 if visible && !locked_by_other => {
                // A statement that changes a row, then fails: nothing of it stays.
                let rid = rowid_of(&db, me.sid, &t, id);
                let r = db.storage.statement(me, || {
                    db.storage.update(me, &t, rid, LockWait::NoWait, |cur| {
                        Ok(Some(vec![cur[0].clone(), cur[1].clone(), Value::int(-1)]))
                    })?;
                    db.storage.insert(me, &t, row(id, "dup", 0))
                });
                assert!(r.unwrap_err().is(UNIQUE_VIOLATED), "step {step}");
            }
            _ => continue,
        }
        for (o, cell) in cells.iter().enumerate() {
            assert_eq!(
                balances(&db, cell.sid, &t),
                view(&committed, &pending[o]),
                "step {step}, session {o}"
            );
        }
    }
    for c in &cells {
        db.release(c);
    }
    assert!(db.storage.locks().is_empty());
}

/// Timing check for waking a waiter when its blocker is released; run with
/// `cargo test --release -- --ignored wake_latency --nocapture`.
#[test]
#[ignore]
fn wake_latency_after_release() {
    let db = Arc::new(Database::new(Config::default()));
    let (t, a, b) = seeded(&db);
    let mut worst = Duration::ZERO;
    let mut total = Duration::ZERO;
    for _ in 0..200 {
        add(&db, &a, &t, 1, 1, LockWait::Forever).unwrap();
        let waiter = {
            let (db, t, b) = (db.clone(), t.clone(), b.clone());
            thread::spawn(move || {
                add(&db, &b, &t, 1, 1, LockWait::Forever).unwrap();
                Instant::now()
            })
        };
        until_waiting(&b);
        let start = Instant::now();
        db.release(&a);
        let took = waiter.join().unwrap() - start;
        db.storage.commit(&b);
        worst = worst.max(took);
        total += took;
    }
    eprintln!("wake after release: mean {:?}, worst {worst:?}", total / 200);
}
