//! V$SERVICES, V$ACTIVE_SERVICES and DBA_SERVICES, from the service registry.

use super::fields::{build, resolve};
use super::sessions::date_at;
use super::{Producer, Scan};
use crate::db::Database;
use crate::session::services::{
    DEFAULT_REPLAY_INITIATION_TIMEOUT as DEFAULT_REPLAY_INIT, DEFAULT_RETENTION_TIMEOUT, Service,
};
use crate::value::{Row, Value};

/// The producer of `view`, if it is one of this module's.
pub fn producer(view: &str, columns: &[String]) -> Option<(Producer, bool)> {
    let (table, active_only): (&[(&str, F)], bool) = match view {
        "V$SERVICES" => (V_SERVICES, false),
        "V$ACTIVE_SERVICES" => (V_ACTIVE_SERVICES, true),
        "DBA_SERVICES" => (DBA_SERVICES, false),
        _ => return None,
    };
    let fields = resolve(view, columns, table);
    let produce: Producer = Box::new(move |db, _me, scan| rows(db, &fields, scan, active_only));
    Some((produce, true))
}

fn rows(db: &Database, fields: &[F], scan: &Scan<'_>, active_only: bool) -> Vec<Row> {
    let services = db.services.list().into_iter().filter(|s| s.running || !active_only);
    services.map(|s| build(fields, scan.needed, |f| value(db, &s, f))).collect()
}

/// A column: a fixed fact, or an attribute with the text shown when it is not set.
#[derive(Clone, Copy)]
enum F {
    Id,
    Name,
    NameHash,
    NetworkName,
    Created,
    Attr(&'static str, &'static str),
    Number(&'static str, u64),
    Fixed(&'static str),
    ConId,
}

const COMMON: [(&str, F); 7] = [
    ("SERVICE_ID", F::Id),
    ("NAME", F::Name),
    ("NAME_HASH", F::NameHash),
    ("NETWORK_NAME", F::NetworkName),
    ("CREATION_DATE", F::Created),
    ("GOAL", F::Attr("GOAL", "NONE")),
    ("DTP", F::Attr("DTP", "N")),
];

const V_SERVICES: &[(&str, F)] = &[
    COMMON[0],
    COMMON[1],
    COMMON[2],
    COMMON[3],
    COMMON[4],
    COMMON[5],
    COMMON[6],
    ("AQ_HA_NOTIFICATION", F::Attr("AQ_HA_NOTIFICATIONS", "NO")),
    ("CLB_GOAL", F::Attr("CLB_GOAL", "LONG")),
    ("COMMIT_OUTCOME", F::Attr("COMMIT_OUTCOME", "NO")),
    ("RETENTION_TIME", F::Number("RETENTION_TIMEOUT", DEFAULT_RETENTION_TIMEOUT)),
    ("REPLAY_INITIATION_TIMEOUT", F::Number("REPLAY_INITIATION_TIMEOUT", DEFAULT_REPLAY_INIT)),
    ("CON_ID", F::ConId),
];

const V_ACTIVE_SERVICES: &[(&str, F)] = &[
    COMMON[0],
    COMMON[1],
    COMMON[2],
    COMMON[3],
    COMMON[4],
    COMMON[5],
    COMMON[6],
    ("BLOCKED", F::Fixed("NO")),
    V_SERVICES[7],
    V_SERVICES[8],
    V_SERVICES[9],
    V_SERVICES[10],
    V_SERVICES[11],
    ("CON_ID", F::ConId),
];

const DBA_SERVICES: &[(&str, F)] = &[
    COMMON[0],
    COMMON[1],
    COMMON[2],
    COMMON[3],
    COMMON[4],
    ("FAILOVER_METHOD", F::Attr("FAILOVER_METHOD", "NONE")),
    ("FAILOVER_TYPE", F::Attr("FAILOVER_TYPE", "NONE")),
    ("FAILOVER_RETRIES", F::Number("FAILOVER_RETRIES", 0)),
    ("FAILOVER_DELAY", F::Number("FAILOVER_DELAY", 0)),
    COMMON[5],
    COMMON[6],
    ("ENABLED", F::Fixed("YES")),
    ("AQ_HA_NOTIFICATIONS", F::Attr("AQ_HA_NOTIFICATIONS", "NO")),
    ("CLB_GOAL", F::Attr("CLB_GOAL", "LONG")),
    ("COMMIT_OUTCOME", F::Attr("COMMIT_OUTCOME", "NO")),
    ("RETENTION_TIMEOUT", F::Number("RETENTION_TIMEOUT", DEFAULT_RETENTION_TIMEOUT)),
    ("REPLAY_INITIATION_TIMEOUT", F::Number("REPLAY_INITIATION_TIMEOUT", DEFAULT_REPLAY_INIT)),
    ("SESSION_STATE_CONSISTENCY", F::Attr("SESSION_STATE_CONSISTENCY", "DYNAMIC")),
    ("FAILOVER_RESTORE", F::Attr("FAILOVER_RESTORE", "NONE")),
    ("DRAIN_TIMEOUT", F::Number("DRAIN_TIMEOUT", 0)),
];

fn value(db: &Database, s: &Service, f: F) -> Value {
    match f {
        F::Id => Value::int(s.id as i64),
        F::Name => Value::text(&s.name),
        F::NameHash => Value::int(name_hash(&s.name)),
        F::NetworkName => Value::opt_text(s.network_name.as_deref()),
        F::Created => date_at(&db.clock, s.created),
        F::Attr(name, default) => Value::text(s.attribute(name).unwrap_or(default)),
        F::Number(name, default) => s
            .attribute(name)
            .and_then(|v| v.parse::<u64>().ok())
            .map_or(Value::int(default as i64), |n| Value::int(n as i64)),
        F::Fixed(text) => Value::text(text),
        F::ConId => Value::int(0),
    }
}

/// A stable 32-bit hash of a service name (NAME_HASH).
fn name_hash(name: &str) -> i64 {
    name.bytes().fold(2_166_136_261u32, |h, b| (h ^ b as u32).wrapping_mul(16_777_619)) as i64
}
