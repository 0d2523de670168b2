//! Services: the names sessions log on to, and what DBMS_SERVICE manages.
//!
//! A database starts with `SYS$BACKGROUND` (background processes), `SYS$USERS` (sessions that
//! name no service) and the database's own service (its DB_NAME, lower case), all running.
//! DBMS_SERVICE creates, modifies, starts, stops and deletes others; a logon naming a service
//! that does not exist or is not running is refused as Oracle's listener refuses it
//! (ORA-12514).
//!
//! APPLICATION CONTINUITY ATTRIBUTES
//! ---------------------------------
//! A service's attributes are kept as the text the service views show, checked as Oracle
//! checks them when CREATE_SERVICE / MODIFY_SERVICE set them ([`settle`]):
//!
//! ```text
//!  attribute                  values (default)                 rule
//!  FAILOVER_TYPE              NONE SESSION SELECT TRANSACTION  TRANSACTION / AUTO switch
//!                             AUTO (NONE)                      COMMIT_OUTCOME to YES
//!  COMMIT_OUTCOME             YES NO (NO)                      NO with TRANSACTION / AUTO:
//!                                                              ORA-44780
//!  REPLAY_INITIATION_TIMEOUT  seconds (300)                    must exceed FAILOVER_DELAY:
//!                                                              ORA-44779
//!  RETENTION_TIMEOUT          seconds (86400)                  -
//!  FAILOVER_RESTORE           NONE LEVEL1 AUTO (NONE)          -
//!  FAILOVER_METHOD            NONE BASIC (NONE)                -
//! ```
//!
//! [`Service::replay_policy`] turns them into what the replay driver (`session::replay`) needs:
//! replay is on for FAILOVER_TYPE TRANSACTION (Application Continuity) or AUTO (Transparent
//! Application Continuity), which the rules above guarantee come with COMMIT_OUTCOME YES
//! (Transaction Guard).

use std::time::Duration;

use indexmap::IndexMap;
use parking_lot::RwLock;

use crate::error::{
    INVALID_ARGUMENT_VALUE, INVALID_COMMIT_OUTCOME, INVALID_REPLAY_INITIATION_TIMEOUT,
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
        self.replay_policy().is_some()
    }

    /// FAILOVER_TYPE as V$SESSION and DBA_SERVICES show it.
    pub fn failover_type(&self) -> &str {
        self.attribute("FAILOVER_TYPE").unwrap_or("NONE")
    }

    /// FAILOVER_METHOD as V$SESSION and DBA_SERVICES show it.
    pub fn failover_method(&self) -> &str {
        self.attribute("FAILOVER_METHOD").unwrap_or("NONE")
    }

    /// How Application Continuity treats this service's sessions; None without replay.
    pub fn replay_policy(&self) -> Option<ReplayPolicy> {
        let transparent = match self.failover_type() {
            "TRANSACTION" => false,
            "AUTO" => true,
            _ => return None,
        };
        Some(ReplayPolicy {
            transparent,
            replay_initiation_timeout: Duration::from_secs(
                self.seconds("REPLAY_INITIATION_TIMEOUT", DEFAULT_REPLAY_INITIATION_TIMEOUT),
            ),
            restore_state: self.attribute("FAILOVER_RESTORE").is_some_and(|r| r != "NONE"),
        })
    }

    fn seconds(&self, name: &str, default: u64) -> u64 {
        self.attribute(name).and_then(|v| v.parse().ok()).unwrap_or(default)
    }
}

/// Oracle's default REPLAY_INITIATION_TIMEOUT: replay does not start more than 300 s after the
/// first call of the request.
pub const DEFAULT_REPLAY_INITIATION_TIMEOUT: u64 = 300;
/// Oracle's default RETENTION_TIMEOUT: commit outcomes are kept a day.
pub const DEFAULT_RETENTION_TIMEOUT: u64 = 86_400;

/// What the replay driver needs to know of a replay-enabled service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplayPolicy {
    /// FAILOVER_TYPE AUTO (Transparent Application Continuity) rather than TRANSACTION.
    pub transparent: bool,
    /// Replay is not started once this long has passed since the request's first call.
    pub replay_initiation_timeout: Duration,
    /// FAILOVER_RESTORE LEVEL1 or AUTO: the new session gets the old one's session state
    /// (current schema, module, action, client info, client identifier) before replay.
    pub restore_state: bool,
}

/// Merges `given` (upper-case attribute names, values as passed) into `current`, checking each
/// value and the rules between them (module doc). `current` is left unchanged on error.
pub fn settle(
    current: &IndexMap<String, String>,
    given: IndexMap<String, String>,
) -> Result<IndexMap<String, String>, OraError> {
    let mut merged = current.clone();
    let mut commit_outcome_given = false;
    for (name, value) in given {
        let value = value.trim().to_ascii_uppercase();
        let value = match name.as_str() {
            "FAILOVER_TYPE" => {
                one_of(value, &["NONE", "SESSION", "SELECT", "TRANSACTION", "AUTO"])?
            }
            "FAILOVER_METHOD" => one_of(value, &["NONE", "BASIC"])?,
            "FAILOVER_RESTORE" => one_of(value, &["NONE", "LEVEL1", "AUTO"])?,
            "SESSION_STATE_CONSISTENCY" => one_of(value, &["DYNAMIC", "STATIC", "AUTO"])?,
            "COMMIT_OUTCOME" | "AQ_HA_NOTIFICATIONS" => {
                commit_outcome_given |= name == "COMMIT_OUTCOME";
                yes_no(&value)?.to_string()
            }
            "REPLAY_INITIATION_TIMEOUT"
            | "RETENTION_TIMEOUT"
            | "FAILOVER_RETRIES"
            | "FAILOVER_DELAY"
            | "DRAIN_TIMEOUT" => {
                value.parse::<u64>().map_err(|_| ora!(INVALID_ARGUMENT_VALUE))?.to_string()
            }
            _ => value,
        };
        merged.insert(name, value);
    }
    let ac =
        matches!(merged.get("FAILOVER_TYPE").map(String::as_str), Some("TRANSACTION" | "AUTO"));
    if ac && !commit_outcome_given {
        // Oracle: setting FAILOVER_TYPE TRANSACTION sets COMMIT_OUTCOME TRUE.
        merged.insert("COMMIT_OUTCOME".into(), "YES".into());
    }
    if ac && merged.get("COMMIT_OUTCOME").is_some_and(|v| v == "NO") {
        return Err(ora!(INVALID_COMMIT_OUTCOME));
    }
    let number = |n: &str, default| merged.get(n).and_then(|v| v.parse().ok()).unwrap_or(default);
    if ac
        && number("REPLAY_INITIATION_TIMEOUT", DEFAULT_REPLAY_INITIATION_TIMEOUT)
            <= number("FAILOVER_DELAY", 0)
    {
        return Err(ora!(INVALID_REPLAY_INITIATION_TIMEOUT));
    }
    Ok(merged)
}

fn one_of(value: String, allowed: &[&str]) -> Result<String, OraError> {
    if allowed.contains(&value.as_str()) { Ok(value) } else { Err(ora!(INVALID_ARGUMENT_VALUE)) }
}

/// TRUE / FALSE (as the parameter array passes booleans) or YES / NO, as YES / NO.
fn yes_no(value: &str) -> Result<&'static str, OraError> {
    match value {
        "TRUE" | "YES" | "Y" => Ok("YES"),
        "FALSE" | "NO" | "N" => Ok("NO"),
        _ => Err(ora!(INVALID_ARGUMENT_VALUE)),
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
        let attributes = settle(&IndexMap::new(), attributes)?;
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
            s.attributes = settle(&s.attributes, attributes)?;
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

    /// FAILOVER_TYPE and FAILOVER_METHOD of the service `name` (NONE, NONE if it is gone), as
    /// V$SESSION shows them for its sessions: read in place, no copy of the service.
    pub fn failover_of(&self, name: &str) -> (String, String) {
        let inner = self.inner.read();
        inner.services.get(&key(name)).map_or(("NONE".into(), "NONE".into()), |s| {
            (s.failover_type().to_string(), s.failover_method().to_string())
        })
    }

    /// The replay policy of the service `name` (None without replay, or if it is gone): read
    /// in place, as the replay driver asks on every call.
    pub fn replay_policy_of(&self, name: &str) -> Option<ReplayPolicy> {
        self.inner.read().services.get(&key(name)).and_then(Service::replay_policy)
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

    fn attrs(pairs: &[(&str, &str)]) -> IndexMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn application_continuity_attributes_follow_oracles_rules() {
        let ac = settle(&IndexMap::new(), attrs(&[("FAILOVER_TYPE", "transaction")])).unwrap();
        assert_eq!(ac.get("COMMIT_OUTCOME").map(String::as_str), Some("YES"));
        let co_off = attrs(&[("COMMIT_OUTCOME", "FALSE")]);
        assert!(settle(&ac, co_off.clone()).unwrap_err().is(INVALID_COMMIT_OUTCOME));
        assert!(settle(&IndexMap::new(), co_off).is_ok(), "no replay: commit_outcome may be off");
        let slow = attrs(&[("FAILOVER_DELAY", "300")]);
        assert!(settle(&ac, slow).unwrap_err().is(INVALID_REPLAY_INITIATION_TIMEOUT));
        for bad in [("FAILOVER_TYPE", "SOMETIMES"), ("RETENTION_TIMEOUT", "-1")] {
            assert!(settle(&ac, attrs(&[bad])).unwrap_err().is(INVALID_ARGUMENT_VALUE), "{bad:?}");
        }
        let tac = attrs(&[("FAILOVER_TYPE", "AUTO"), ("FAILOVER_RESTORE", "level1")]);
        let tac = settle(&IndexMap::new(), tac).unwrap();
        let s = Service {
            id: 9,
            name: "tac".into(),
            network_name: None,
            created: Duration::ZERO,
            running: true,
            attributes: tac,
        };
        let policy = s.replay_policy().unwrap();
        assert!(policy.transparent && policy.restore_state);
        assert_eq!(policy.replay_initiation_timeout, Duration::from_secs(300));
    }

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
