//! The session registry: SID slots, SERIAL# counters, AUDSIDs.
//!
//! SIDs are small integers reused lowest-free-first, after the BACKGROUND sessions that take
//! the first slots at startup. Each slot keeps a serial counter that grows every time the slot
//! is reused, so `'sid,serial#'` names one session forever. The registry is a vector indexed by
//! SID rather than a hash map: lookup is O(1), a V$SESSION scan comes out in SID order for free,
//! and the free list is a min-heap so allocation stays deterministic.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::Arc;

use parking_lot::RwLock;

use super::cell::{ClientInfo, Identity, SessionCell};
use super::crdb_id::{ClusterWideId, Hlc};
use super::state::SessionType;
use crate::clock::Clock;

/// Background processes started with the instance, in SID order (V$SESSION TYPE 'BACKGROUND').
pub const BACKGROUND_PROCESSES: &[(&str, &str)] = &[
    ("PMON", "process cleanup"),
    ("CLMN", "process cleanup"),
    ("PSP0", "process spawner 0"),
    ("DBW0", "db writer process 0"),
    ("LGWR", "Redo etc."),
    ("CKPT", "checkpoint"),
    ("SMON", "System Monitor Process"),
    ("RECO", "distributed recovery"),
    ("MMON", "Manageability Monitor Process"),
];

/// The registry of live sessions.
pub struct Registry {
    slots: RwLock<Slots>,
    /// Hands out CockroachDB session and query ids.
    pub hlc: Hlc,
    clock: Arc<Clock>,
    /// The client facts of the last logon, shared by the next logon with the same facts.
    last_client: parking_lot::Mutex<Option<Arc<ClientInfo>>>,
}

struct Slots {
    /// Index = SID (slot 0 unused).
    cells: Vec<Option<Arc<SessionCell>>>,
    /// Last SERIAL# used per slot.
    serials: Vec<u32>,
    free: BinaryHeap<Reverse<u32>>,
    next_audsid: u64,
    live: usize,
}

impl Registry {
    /// The shared copy of `client`: sessions opened one after another with the same client
    /// facts (a connection pool, a script's sessions, a benchmark) share one, which saves each
    /// session its own strings and lets a view scan reuse the value it built for the last row.
    pub fn intern_client(&self, client: &ClientInfo) -> Arc<ClientInfo> {
        let mut last = self.last_client.lock();
        match &*last {
            Some(shared) if **shared == *client => shared.clone(),
            _ => last.insert(Arc::new(client.clone())).clone(),
        }
    }

    /// A registry holding the instance's background sessions.
    pub fn new(clock: Arc<Clock>) -> Registry {
        let reg = Registry {
            slots: RwLock::new(Slots {
                cells: vec![None],
                serials: vec![0],
                free: BinaryHeap::new(),
                next_audsid: 4_294_967_295,
                live: 0,
            }),
            hlc: Hlc::default(),
            clock,
            last_client: parking_lot::Mutex::new(None),
        };
        for (pname, _) in BACKGROUND_PROCESSES {
            let client = Arc::new(ClientInfo {
                program: format!("oracle@localhost ({pname})"),
                machine: "localhost".into(),
                osuser: "oracle".into(),
                process: String::new(),
                terminal: "UNKNOWN".into(),
                port: 0,
            });
            reg.logon(Identity {
                user_id: 0,
                username: None,
                service: Arc::from("SYS$BACKGROUND"),
                client,
                kind: SessionType::Background,
                pname: Some(pname),
            });
        }
        reg
    }

    /// Creates a session in the lowest free SID slot and returns it.
    pub fn logon(&self, identity: Identity) -> Arc<SessionCell> {
        let mut s = self.slots.write();
        let sid = match s.free.pop() {
            Some(Reverse(sid)) => sid,
            None => {
                s.cells.push(None);
                s.serials.push(0);
                (s.cells.len() - 1) as u32
            }
        };
        let serial = {
            let n = &mut s.serials[sid as usize];
            *n = n.wrapping_add(1).max(1);
            *n
        };
        // Background sessions have AUDSID 0, as in Oracle; user sessions count up.
        let audsid = if identity.kind == SessionType::Background {
            0
        } else {
            s.next_audsid += 1;
            s.next_audsid
        };
        let mut cell = SessionCell::new(sid, serial, audsid, identity, self.clock.clone());
        cell.crdb_id = self.hlc.next(&self.clock);
        cell.crdb_id_text = cell.crdb_id.text();
        let cell = Arc::new(cell);
        s.cells[sid as usize] = Some(cell.clone());
        s.live += 1;
        cell
    }

    /// Removes a session (if that SID slot still holds that serial) and frees the slot.
    pub fn remove(&self, sid: u32, serial: u32) -> bool {
        let mut s = self.slots.write();
        let holds = matches!(s.cells.get(sid as usize), Some(Some(c)) if c.serial == serial);
        if holds {
            s.cells[sid as usize] = None;
            s.free.push(Reverse(sid));
            s.live -= 1;
        }
        holds
    }

    /// The session in a SID slot.
    pub fn get(&self, sid: u32) -> Option<Arc<SessionCell>> {
        self.slots.read().cells.get(sid as usize).and_then(|c| c.clone())
    }

    /// All sessions, in SID order (a consistent list; their states are read afterwards).
    pub fn snapshot(&self) -> Vec<Arc<SessionCell>> {
        self.slots.read().cells.iter().flatten().cloned().collect()
    }

    /// Calls `f` on every session in SID order, under the registry's read lock (so `f` may
    /// lock a session's state — that is the lock order — but must not log sessions on or off).
    pub fn for_each(&self, f: impl FnMut(&Arc<SessionCell>)) {
        self.slots.read().cells.iter().flatten().for_each(f);
    }

    /// Number of sessions, background included.
    pub fn len(&self) -> usize {
        self.slots.read().live
    }

    /// True if there are no sessions (never, once started).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The live session with CockroachDB session id `id`.
    pub fn by_crdb_id(&self, id: ClusterWideId) -> Option<Arc<SessionCell>> {
        self.slots.read().cells.iter().flatten().find(|c| c.crdb_id == id).cloned()
    }

    /// True if any session (KILLED ones included) belongs to `username`.
    pub fn user_connected(&self, username: &str) -> bool {
        self.slots.read().cells.iter().flatten().any(|c| c.username() == username)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(name: &str) -> Identity {
        Identity {
            user_id: 100,
            username: Some(Arc::from(name)),
            service: Arc::from("SYS$USERS"),
            client: Arc::new(ClientInfo::default()),
            kind: SessionType::User,
            pname: None,
        }
    }

    #[test]
    fn sids_are_reused_lowest_first_and_serials_grow() {
        let reg = Registry::new(Clock::virtual_time());
        let first = BACKGROUND_PROCESSES.len() as u32 + 1;
        let a = reg.logon(user("A"));
        let b = reg.logon(user("B"));
        assert_eq!((a.sid, a.serial), (first, 1));
        assert_eq!((b.sid, b.serial), (first + 1, 1));
        assert!(reg.remove(a.sid, a.serial));
        assert!(!reg.remove(a.sid, a.serial), "a slot is freed once");
        let c = reg.logon(user("C"));
        assert_eq!((c.sid, c.serial), (first, 2));
        assert!(reg.user_connected("B"));
        assert!(!reg.user_connected("A"));
    }
}
