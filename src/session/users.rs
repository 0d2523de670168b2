//! Users, roles and system privileges: who may log on, who may kill, who may read V$ views.
//!
//! SYS and SYSTEM (password `manager`) exist from the start with the DBA role. A user's
//! effective privileges are its own grants plus those of its roles; DBA carries every system
//! privilege, SELECT_CATALOG_ROLE carries SELECT ANY DICTIONARY, CONNECT carries CREATE SESSION.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use bitflags::bitflags;
use indexmap::IndexMap;
use parking_lot::RwLock;

use crate::error::{
    CANT_DROP_CONNECTED_USER, INSUFFICIENT_PRIVILEGES, INVALID_LOGON, MISSING_KEYWORD,
    NO_CREATE_SESSION, OraError, PRIVILEGE_NOT_GRANTED, ROLE_DOES_NOT_EXIST, ROLE_NOT_GRANTED,
    USER_CONFLICTS, USER_DOES_NOT_EXIST,
};
use crate::ora;

bitflags! {
    /// System privileges.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct SysPriv: u32 {
        /// CREATE SESSION: may log on.
        const CREATE_SESSION = 1;
        /// ALTER SYSTEM: may kill, disconnect, cancel.
        const ALTER_SYSTEM = 1 << 1;
        /// SELECT ANY DICTIONARY: may read V$ and DBA_ views.
        const SELECT_ANY_DICTIONARY = 1 << 2;
        /// CREATE USER.
        const CREATE_USER = 1 << 3;
        /// ALTER USER.
        const ALTER_USER = 1 << 4;
        /// DROP USER.
        const DROP_USER = 1 << 5;
        /// GRANT ANY PRIVILEGE.
        const GRANT_ANY_PRIVILEGE = 1 << 6;
        /// GRANT ANY ROLE.
        const GRANT_ANY_ROLE = 1 << 7;
        /// CREATE TABLE.
        const CREATE_TABLE = 1 << 8;
        /// CREATE PROCEDURE.
        const CREATE_PROCEDURE = 1 << 9;
        /// ALTER SESSION.
        const ALTER_SESSION = 1 << 10;
        /// CREATE ROLE.
        const CREATE_ROLE = 1 << 11;
        /// SELECT ANY TABLE.
        const SELECT_ANY_TABLE = 1 << 12;
        /// CREATE ANY TABLE / INSERT / UPDATE / DELETE ANY TABLE and the like.
        const ANY_TABLE = 1 << 13;
        /// UNLIMITED TABLESPACE.
        const UNLIMITED_TABLESPACE = 1 << 14;
        /// CockroachDB CANCELQUERY: may cancel other (non-admin) users' sessions and queries.
        const CANCELQUERY = 1 << 15;
        /// CockroachDB CONTROLJOB: may pause, resume and cancel other (non-admin) users' jobs.
        const CONTROLJOB = 1 << 16;
        /// CockroachDB VIEWACTIVITY: sees every user's sessions and queries.
        const VIEWACTIVITY = 1 << 17;
        /// CockroachDB VIEWACTIVITYREDACTED: as VIEWACTIVITY, other users' constants hidden.
        const VIEWACTIVITYREDACTED = 1 << 18;
        /// CockroachDB VIEWJOB: sees every user's jobs.
        const VIEWJOB = 1 << 19;
    }
}

/// Privilege names as GRANT accepts them.
const PRIV_NAMES: &[(&str, SysPriv)] = &[
    ("CREATE SESSION", SysPriv::CREATE_SESSION),
    ("ALTER SYSTEM", SysPriv::ALTER_SYSTEM),
    ("SELECT ANY DICTIONARY", SysPriv::SELECT_ANY_DICTIONARY),
    ("CREATE USER", SysPriv::CREATE_USER),
    ("ALTER USER", SysPriv::ALTER_USER),
    ("DROP USER", SysPriv::DROP_USER),
    ("GRANT ANY PRIVILEGE", SysPriv::GRANT_ANY_PRIVILEGE),
    ("GRANT ANY ROLE", SysPriv::GRANT_ANY_ROLE),
    ("CREATE TABLE", SysPriv::CREATE_TABLE),
    ("CREATE PROCEDURE", SysPriv::CREATE_PROCEDURE),
    ("ALTER SESSION", SysPriv::ALTER_SESSION),
    ("CREATE ROLE", SysPriv::CREATE_ROLE),
    ("SELECT ANY TABLE", SysPriv::SELECT_ANY_TABLE),
    ("CREATE ANY TABLE", SysPriv::ANY_TABLE),
    ("UNLIMITED TABLESPACE", SysPriv::UNLIMITED_TABLESPACE),
    ("CANCELQUERY", SysPriv::CANCELQUERY),
    ("CONTROLJOB", SysPriv::CONTROLJOB),
    ("VIEWACTIVITY", SysPriv::VIEWACTIVITY),
    ("VIEWACTIVITYREDACTED", SysPriv::VIEWACTIVITYREDACTED),
    ("VIEWJOB", SysPriv::VIEWJOB),
];

impl SysPriv {
    /// The privilege named `name` (upper-case words), if it is one.
    pub fn by_name(name: &str) -> Option<SysPriv> {
        PRIV_NAMES.iter().find(|(n, _)| *n == name).map(|(_, p)| *p)
    }

    /// The GRANT names of the privileges set in `self`.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        PRIV_NAMES.iter().filter(move |(_, p)| self.contains(*p)).map(|(n, _)| *n)
    }
}

/// A database user (DBA_USERS row).
#[derive(Debug, Clone)]
pub struct User {
    /// USER_ID.
    pub id: u32,
    /// USERNAME.
    pub name: Arc<str>,
    password: String,
    /// Directly granted system privileges.
    pub privileges: SysPriv,
    /// Granted roles.
    pub roles: BTreeSet<String>,
    /// CREATED (engine time).
    pub created: Duration,
}

/// A role: a name carrying privileges.
#[derive(Debug, Clone)]
pub struct Role {
    /// Privileges the role carries.
    pub privileges: SysPriv,
}

/// The user and role dictionary.
pub struct Users {
    inner: RwLock<Inner>,
}

struct Inner {
    users: IndexMap<String, User>,
    roles: IndexMap<String, Role>,
    next_id: u32,
}

/// The password of SYS and SYSTEM.
pub const DEFAULT_PASSWORD: &str = "manager";

/// Oracle's all-powerful role.
pub const DBA_ROLE: &str = "DBA";

/// CockroachDB's name of [`DBA_ROLE`] (`GRANT admin TO u`).
pub const ADMIN_ROLE: &str = "ADMIN";

impl Users {
    /// The dictionary of a new database: SYS, SYSTEM, and the standard roles.
    pub fn new(now: Duration) -> Users {
        let mut roles = IndexMap::new();
        roles.insert("DBA".to_string(), Role { privileges: SysPriv::all() });
        roles.insert(
            "SELECT_CATALOG_ROLE".to_string(),
            Role { privileges: SysPriv::SELECT_ANY_DICTIONARY },
        );
        roles.insert("CONNECT".to_string(), Role { privileges: SysPriv::CREATE_SESSION });
        roles.insert(
            "RESOURCE".to_string(),
            Role { privileges: SysPriv::CREATE_TABLE | SysPriv::CREATE_PROCEDURE },
        );
        let users =
            Users { inner: RwLock::new(Inner { users: IndexMap::new(), roles, next_id: 100 }) };
        // ROOT is CockroachDB's built-in admin; it logs on with the same default password.
        for (id, name) in [(0, "SYS"), (9, "SYSTEM"), (1, "ROOT")] {
            let mut u = User {
                id,
                name: Arc::from(name),
                password: DEFAULT_PASSWORD.into(),
                privileges: SysPriv::empty(),
                roles: BTreeSet::new(),
                created: now,
            };
            u.roles.insert("DBA".into());
            users.inner.write().users.insert(name.into(), u);
        }
        users
    }

    /// Checks a logon: ORA-01017 for a wrong user or password, ORA-01045 without CREATE SESSION.
    pub fn authenticate(&self, name: &str, password: &str) -> Result<User, OraError> {
        let inner = self.inner.read();
        let user = inner
            .users
            .get(name)
            .filter(|u| u.password == password)
            .ok_or_else(|| ora!(INVALID_LOGON))?;
        if !inner.effective(user).contains(SysPriv::CREATE_SESSION) {
            return Err(ora!(NO_CREATE_SESSION, "{name}"));
        }
        Ok(user.clone())
    }

    /// The password of `name`, None for an unknown user (the wire server derives its
    /// SCRAM-SHA-256 verifier from it; the logon itself still goes through `authenticate`).
    pub fn password(&self, name: &str) -> Option<String> {
        self.inner.read().users.get(name).map(|u| u.password.clone())
    }

    /// The user's effective privileges (own plus roles'); empty for an unknown user.
    pub fn privileges(&self, name: &str) -> SysPriv {
        let inner = self.inner.read();
        inner.users.get(name).map_or(SysPriv::empty(), |u| inner.effective(u))
    }

    /// True if `name` has the privilege (directly or through a role).
    pub fn has(&self, name: &str, p: SysPriv) -> bool {
        self.privileges(name).contains(p)
    }

    /// Fails with ORA-01031 unless `name` has the privilege.
    pub fn require(&self, name: &str, p: SysPriv) -> Result<(), OraError> {
        if self.has(name, p) { Ok(()) } else { Err(ora!(INSUFFICIENT_PRIVILEGES)) }
    }

    /// True if `name` holds CockroachDB's `admin` role, which is Oracle's DBA: the two are the
    /// same power in this engine.
    pub fn is_admin(&self, name: &str) -> bool {
        self.has_role(name, "DBA")
    }

    /// True if `name` was granted `role` directly.
    pub fn has_role(&self, name: &str, role: &str) -> bool {
        self.inner.read().users.get(name).is_some_and(|u| u.roles.contains(role))
    }

    /// CREATE USER. ORA-01920 if the name is taken by a user or role.
    pub fn create(&self, name: &str, password: &str, now: Duration) -> Result<(), OraError> {
        let mut inner = self.inner.write();
        if inner.users.contains_key(name) || inner.roles.contains_key(name) {
            return Err(ora!(USER_CONFLICTS, "{name}"));
        }
        let id = inner.next_id;
        inner.next_id += 1;
        inner.users.insert(
            name.into(),
            User {
                id,
                name: Arc::from(name),
                password: password.into(),
                privileges: SysPriv::empty(),
                roles: BTreeSet::new(),
                created: now,
            },
        );
        Ok(())
    }

    /// ALTER USER ... IDENTIFIED BY.
    pub fn set_password(&self, name: &str, password: &str) -> Result<(), OraError> {
        let mut inner = self.inner.write();
        let u = inner.users.get_mut(name).ok_or_else(|| ora!(USER_DOES_NOT_EXIST, "{name}"))?;
        u.password = password.into();
        Ok(())
    }

    /// DROP USER. `connected` tells whether any session of the user still exists
    /// (ORA-01940 then, KILLED sessions included).
    pub fn drop_user(&self, name: &str, connected: bool) -> Result<(), OraError> {
        let mut inner = self.inner.write();
        if !inner.users.contains_key(name) {
            return Err(ora!(USER_DOES_NOT_EXIST, "{name}"));
        }
        if connected {
            return Err(ora!(CANT_DROP_CONNECTED_USER));
        }
        inner.users.shift_remove(name);
        Ok(())
    }

    /// CREATE ROLE.
    pub fn create_role(&self, name: &str) -> Result<(), OraError> {
        let mut inner = self.inner.write();
        if inner.users.contains_key(name) || inner.roles.contains_key(name) {
            return Err(ora!(USER_CONFLICTS, "{name}"));
        }
        inner.roles.insert(name.into(), Role { privileges: SysPriv::empty() });
        Ok(())
    }

    /// DROP ROLE.
    pub fn drop_role(&self, name: &str) -> Result<(), OraError> {
        let mut inner = self.inner.write();
        if inner.roles.shift_remove(name).is_none() {
            return Err(ora!(ROLE_DOES_NOT_EXIST, "{name}"));
        }
        for u in inner.users.values_mut() {
            u.roles.remove(name);
        }
        Ok(())
    }

    /// GRANT a privilege or role (by name) to a user or role. Checks everything first so a
    /// failing GRANT changes nothing.
    pub fn grant(&self, what: &[String], to: &[String]) -> Result<(), OraError> {
        self.change(what, to, true)
    }

    /// REVOKE a privilege or role (by name) from a user or role.
    pub fn revoke(&self, what: &[String], from: &[String]) -> Result<(), OraError> {
        self.change(what, from, false)
    }

    fn change(&self, what: &[String], who: &[String], grant: bool) -> Result<(), OraError> {
        let mut inner = self.inner.write();
        let mut items = Vec::new();
        for w in what {
            // CockroachDB's admin role is Oracle's DBA.
            let w = if w == ADMIN_ROLE { &DBA_ROLE.to_string() } else { w };
            let item = if w == "ALL PRIVILEGES" {
                Grantable::Priv(SysPriv::all())
            } else if let Some(p) = SysPriv::by_name(w) {
                Grantable::Priv(p)
            } else if inner.roles.contains_key(w.as_str()) {
                Grantable::Role(w.clone())
            } else if w.contains(' ') {
                return Err(ora!(MISSING_KEYWORD));
            } else {
                return Err(ora!(ROLE_DOES_NOT_EXIST, "{w}"));
            };
            items.push(item);
        }
        for g in who {
            if !inner.users.contains_key(g.as_str()) && !inner.roles.contains_key(g.as_str()) {
                return Err(ora!(USER_DOES_NOT_EXIST, "{g}"));
            }
            if !grant {
                inner.check_revocable(&items, g)?;
            }
        }
        for g in who {
            for item in &items {
                inner.apply(item, g, grant);
            }
        }
        Ok(())
    }

    /// All users, in creation order (DBA_USERS).
    pub fn list(&self) -> Vec<User> {
        self.inner.read().users.values().cloned().collect()
    }

    /// Directly granted system privileges of every user and role (DBA_SYS_PRIVS).
    pub fn direct_grants(&self) -> Vec<(String, SysPriv)> {
        let inner = self.inner.read();
        let users = inner.users.values().map(|u| (u.name.to_string(), u.privileges));
        let roles = inner.roles.iter().map(|(n, r)| (n.clone(), r.privileges));
        users.chain(roles).filter(|(_, p)| !p.is_empty()).collect()
    }

    /// The user named `name`.
    pub fn get(&self, name: &str) -> Option<User> {
        self.inner.read().users.get(name).cloned()
    }

    /// True if a user or role with that name exists.
    pub fn exists(&self, name: &str) -> bool {
        let inner = self.inner.read();
        inner.users.contains_key(name) || inner.roles.contains_key(name)
    }
}

enum Grantable {
    Priv(SysPriv),
    Role(String),
}

impl Inner {
    fn effective(&self, u: &User) -> SysPriv {
        u.roles
            .iter()
            .filter_map(|r| self.roles.get(r))
            .fold(u.privileges, |acc, r| acc | r.privileges)
    }

    fn check_revocable(&self, items: &[Grantable], who: &str) -> Result<(), OraError> {
        for item in items {
            let held = match (item, self.users.get(who), self.roles.get(who)) {
                (Grantable::Priv(p), Some(u), _) => u.privileges.intersects(*p),
                (Grantable::Priv(p), None, Some(r)) => r.privileges.intersects(*p),
                (Grantable::Role(role), Some(u), _) => u.roles.contains(role),
                _ => false,
            };
            if !held {
                return Err(match item {
                    Grantable::Priv(_) => ora!(PRIVILEGE_NOT_GRANTED, "{who}"),
                    Grantable::Role(role) => ora!(ROLE_NOT_GRANTED, "{role}\u{1}{who}"),
                });
            }
        }
        Ok(())
    }

    fn apply(&mut self, item: &Grantable, who: &str, grant: bool) {
        match (item, self.users.get_mut(who)) {
            (Grantable::Priv(p), Some(u)) => u.privileges.set(*p, grant),
            (Grantable::Role(role), Some(u)) => {
                if grant {
                    u.roles.insert(role.clone());
                } else {
                    u.roles.remove(role);
                }
            }
            (Grantable::Priv(p), None) => {
                if let Some(r) = self.roles.get_mut(who) {
                    r.privileges.set(*p, grant);
                }
            }
            (Grantable::Role(_), None) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logon_rules() {
        let users = Users::new(Duration::ZERO);
        assert!(users.authenticate("SYSTEM", "manager").is_ok());
        assert!(users.authenticate("SYSTEM", "wrong").unwrap_err().is(INVALID_LOGON));
        users.create("JWARD", "pw", Duration::ZERO).unwrap();
        assert!(users.authenticate("JWARD", "pw").unwrap_err().is(NO_CREATE_SESSION));
        users.grant(&["CREATE SESSION".into()], &["JWARD".into()]).unwrap();
        assert!(users.authenticate("JWARD", "pw").is_ok());
        assert!(!users.has("JWARD", SysPriv::ALTER_SYSTEM));
        users.grant(&["DBA".into()], &["JWARD".into()]).unwrap();
        assert!(users.has("JWARD", SysPriv::ALTER_SYSTEM));
        users.revoke(&["DBA".into()], &["JWARD".into()]).unwrap();
        assert!(users.revoke(&["DBA".into()], &["JWARD".into()]).is_err());
        assert!(users.drop_user("JWARD", true).unwrap_err().is(CANT_DROP_CONNECTED_USER));
        users.drop_user("JWARD", false).unwrap();
        assert!(users.get("JWARD").is_none());
    }
}
