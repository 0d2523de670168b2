//! Services: the names sessions log on to, and what DBMS_SERVICE manages.
//!
//! A database starts with `SYS$BACKGROUND` (background processes), `SYS$USERS` (sessions that
//! name no service) and the database's own service (its DB_NAME, lower case), all running.
//! DBMS_SERVICE creates, modifies, starts, stops and deletes others; a logon naming a service
//! that does not exist or is not running is refused as Oracle's listener refuses it
//! (ORA-12514). A service's failover settings (FAILOVER_TYPE TRANSACTION or AUTO enables
//! Application Continuity replay) are kept here for the replay model.

use std::time::Duration;

use indexmap::IndexMap;
use parking_lot::RwLock;

use crate::error::{
    LISTENER_UNKNOWN_SERVICE, NULL_SERVICE_NAME, OraError, SERVICE_DOES_NOT_EXIST, SERVICE_EXISTS,
    SERVICE_IN_USE, SERVICE_NAME_TOO_LONG, SERVICE_NOT_RUNNING,
};
use crate::ora;

/// The service of sessions that name none.
pub const DEFAULT_SERVICE: &str = "SYS$USERS";
/// The service of background processes.
pub const BACKGROUND_SERVICE: &str = "SYS$BACKGROUND";

/// One service (DBA_SERVICES row; V$ACTIVE_SERVICES while running).
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// SERVICE_ID.
    pub id: u32,
    /// NAME, as created.
    pub name: String,
    /// NETWORK_NAME.
    pub network_name: Option<String>,
    /// CREATION_DATE (engine time).
    pub created: Duration,
    /// Running (in V$ACTIVE_SERVICES, accepting logons).
    pub running: bool,
    /// Attributes set by CREATE_SERVICE / MODIFY_SERVICE, by upper-case name
    /// (FAILOVER_TYPE, FAILOVER_METHOD, GOAL, COMMIT_OUTCOME, ...), as text.
    pub attributes: IndexMap<String, String>,
}

impl Service {
    /// An attribute's value, if set.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }

    /// True if Application Continuity may replay this service's sessions
    /// (FAILOVER_TYPE TRANSACTION, or AUTO for Transparent Application Continuity).
    pub fn replays(&self) -> bool {
        matches!(
            self.attribute("FAILOVER_TYPE").map(str::to_ascii_uppercase).as_deref(),
            Some("TRANSACTION" | "AUTO")
        )
    }
}

/// The service registry.
pub struct Services {
    inner: RwLock<Inner>,
}

struct Inner {
    services: IndexMap<String, Service>,
    next_id: u32,
}

/// Oracle's limit on a service name.
pub const MAX_SERVICE_NAME: usize = 64;

fn key(name: &str) -> String {
    name.to_ascii_lowercase()
}

impl Services {
    /// The services of a new database.
    pub fn new(db_name: &str, now: Duration) -> Services {
        let s = Services { inner: RwLock::new(Inner { services: IndexMap::new(), next_id: 1 }) };
        for name in [BACKGROUND_SERVICE, DEFAULT_SERVICE, &db_name.to_ascii_lowercase()] {
            s.create(name, Some(name), IndexMap::new(), now)
                .expect("default services are distinct");
            s.start(name).expect("a new service starts");
        }
        s
    }

    /// The service a logon names: None means SYS$USERS. ORA-12514 if it does not exist or
    /// is not running. Returns the service's name as created.
    pub fn for_logon(&self, name: Option<&str>) -> Result<String, OraError> {
        let Some(name) = name else { return Ok(DEFAULT_SERVICE.to_string()) };
        let inner = self.inner.read();
        match inner.services.get(&key(name)) {
            Some(s) if s.running => Ok(s.name.clone()),
            _ => Err(ora!(LISTENER_UNKNOWN_SERVICE)),
        }
    }

    /// DBMS_SERVICE.CREATE_SERVICE.
    pub fn create(
        &self,
        name: &str,
        network_name: Option<&str>,
        attributes: IndexMap<String, String>,
        now: Duration,
    ) -> Result<(), OraError> {
        check_name(name)?;
        let mut inner = self.inner.write();
        if inner.services.contains_key(&key(name)) {
            return Err(ora!(SERVICE_EXISTS));
        }
        let id = inner.next_id;
        inner.next_id += 1;
        let service = Service {
            id,
            name: name.to_string(),
            network_name: network_name.map(str::to_string),
            created: now,
            running: false,
            attributes,
        };
        inner.services.insert(key(name), service);
        Ok(())
    }

    /// DBMS_SERVICE.MODIFY_SERVICE: sets the given attributes.
    pub fn modify(&self, name: &str, attributes: IndexMap<String, String>) -> Result<(), OraError> {
        self.with_service(name, |s| {
            s.attributes.extend(attributes);
            Ok(())
        })
    }

    /// DBMS_SERVICE.START_SERVICE: ORA-44305 if it is running already.
    pub fn start(&self, name: &str) -> Result<(), OraError> {
        self.with_service(name, |s| {
            if s.running {
                return Err(ora!(SERVICE_IN_USE, "{}", s.name));
            }
            s.running = true;
            Ok(())
        })
    }

    /// DBMS_SERVICE.STOP_SERVICE: ORA-44311 if it is not running. Sessions already connected
    /// stay; new logons are refused.
    pub fn stop(&self, name: &str) -> Result<(), OraError> {
        self.with_service(name, |s| {
            if !s.running {
                return Err(ora!(SERVICE_NOT_RUNNING, "{}", s.name));
            }
            s.running = false;
            Ok(())
        })
    }

    /// DBMS_SERVICE.DELETE_SERVICE: ORA-44305 while it is running.
    pub fn delete(&self, name: &str) -> Result<(), OraError> {
        check_name(name)?;
        let mut inner = self.inner.write();
        let s =
            inner.services.get(&key(name)).ok_or_else(|| ora!(SERVICE_DOES_NOT_EXIST, "{name}"))?;
        if s.running {
            return Err(ora!(SERVICE_IN_USE, "{}", s.name));
        }
        inner.services.shift_remove(&key(name));
        Ok(())
    }

    /// The service named `name` (case-insensitive).
    pub fn get(&self, name: &str) -> Option<Service> {
        self.inner.read().services.get(&key(name)).cloned()
    }

    /// Every service, in creation order.
    pub fn list(&self) -> Vec<Service> {
        self.inner.read().services.values().cloned().collect()
    }

    fn with_service(
        &self,
        name: &str,
        f: impl FnOnce(&mut Service) -> Result<(), OraError>,
    ) -> Result<(), OraError> {
        check_name(name)?;
        let mut inner = self.inner.write();
        let s = inner
            .services
            .get_mut(&key(name))
            .ok_or_else(|| ora!(SERVICE_DOES_NOT_EXIST, "{name}"))?;
        f(s)
    }
}

fn check_name(name: &str) -> Result<(), OraError> {
    if name.is_empty() {
        return Err(ora!(NULL_SERVICE_NAME));
    }
    if name.len() > MAX_SERVICE_NAME {
        return Err(ora!(SERVICE_NAME_TOO_LONG));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_life_cycle() {
        let s = Services::new("VSESS", Duration::ZERO);
        assert_eq!(s.for_logon(None).unwrap(), "SYS$USERS");
        assert_eq!(s.for_logon(Some("VSESS")).unwrap(), "vsess");
        let mut attrs = IndexMap::new();
        attrs.insert("FAILOVER_TYPE".to_string(), "TRANSACTION".to_string());
        s.create("sales.example.com", Some("sales.example.com"), attrs, Duration::ZERO).unwrap();
        assert!(
            s.create("SALES.example.com", None, IndexMap::new(), Duration::ZERO)
                .unwrap_err()
                .is(SERVICE_EXISTS)
        );
        assert!(s.for_logon(Some("sales.example.com")).unwrap_err().is(LISTENER_UNKNOWN_SERVICE));
        assert!(s.stop("sales.example.com").unwrap_err().is(SERVICE_NOT_RUNNING));
        s.start("sales.example.com").unwrap();
        assert!(s.start("sales.example.com").unwrap_err().is(SERVICE_IN_USE));
        assert_eq!(s.for_logon(Some("sales.example.com")).unwrap(), "sales.example.com");
        assert!(s.get("sales.example.com").unwrap().replays());
        assert!(s.delete("sales.example.com").unwrap_err().is(SERVICE_IN_USE));
        s.stop("sales.example.com").unwrap();
        s.delete("sales.example.com").unwrap();
        assert!(s.start("sales.example.com").unwrap_err().is(SERVICE_DOES_NOT_EXIST));
        assert!(
            s.create(&"x".repeat(65), None, IndexMap::new(), Duration::ZERO)
                .unwrap_err()
                .is(SERVICE_NAME_TOO_LONG)
        );
    }
}
