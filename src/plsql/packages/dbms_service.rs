//! DBMS_SERVICE natives: the glue from the spec to the services layer (`exec::services`).

use indexmap::IndexMap;

use super::{NativeArg, arg};
use crate::error::{INVALID_ARGUMENT_VALUE, OraError};
use crate::exec::{Ctx, services};
use crate::ora;
use crate::plsql::interp::{Collection, Key};
use crate::session::SysPriv;
use crate::value::Value;

/// DISCONNECT_SESSION(service_name, disconnect_option, guid).
pub fn disconnect_session(
    ctx: &mut Ctx<'_>,
    args: &mut [NativeArg],
) -> Result<Option<Value>, OraError> {
    let service = arg(args, 0).to_text().unwrap_or_default();
    let option = arg(args, 1).to_i64()?.unwrap_or(services::POST_TRANSACTION);
    services::disconnect_session(ctx, &service, option)?;
    Ok(None)
}

/// The attributes CREATE_SERVICE / MODIFY_SERVICE were given, from spec position `first`:
/// either the named parameters (goal, dtp, aq_ha_notifications, failover_method,
/// failover_type, failover_retries, failover_delay, clb_goal) or, for the overload, one
/// `parameter_array` whose keys are attribute names. NULL means "leave as is"; the services
/// layer checks the values.
fn attributes(args: &[NativeArg], first: usize) -> Result<IndexMap<String, String>, OraError> {
    if let Some(NativeArg::Coll(array)) = args.get(first) {
        return parameter_array(array);
    }
    let mut attrs = IndexMap::new();
    let number = |i: usize| arg(args, first + i).to_i64();
    let flag = |i: usize| match arg(args, first + i) {
        Value::Bool(b) => Some(b),
        _ => None,
    };
    let mut put = |name: &str, v: Option<String>| {
        if let Some(v) = v {
            attrs.insert(name.to_string(), v);
        }
    };
    put("GOAL", number(0)?.map(goal));
    put("DTP", flag(1).map(|b| dtp(b).to_string()));
    put("AQ_HA_NOTIFICATIONS", flag(2).map(|b| b.to_string()));
    put("FAILOVER_METHOD", arg(args, first + 3).to_text());
    put("FAILOVER_TYPE", arg(args, first + 4).to_text());
    put("FAILOVER_RETRIES", number(5)?.map(|n| n.to_string()));
    put("FAILOVER_DELAY", number(6)?.map(|n| n.to_string()));
    put("CLB_GOAL", number(7)?.map(clb_goal));
    Ok(attrs)
}

/// The keys `svc_parameter_array` accepts (Oracle's names, lower case in the array).
const PARAMETER_KEYS: &[&str] = &[
    "goal",
    "dtp",
    "aq_ha_notifications",
    "failover_method",
    "failover_type",
    "failover_retries",
    "failover_delay",
    "clb_goal",
    "edition",
    "commit_outcome",
    "retention_timeout",
    "replay_initiation_timeout",
    "session_state_consistency",
    "sql_translation_profile",
    "failover_restore",
    "drain_timeout",
    "stop_option",
];

/// A `svc_parameter_array` as attributes: every value is text, GOAL / CLB_GOAL as the numbers
/// of the GOAL_* / CLB_GOAL_* constants, DTP as TRUE / FALSE. An unknown key is ORA-44316.
fn parameter_array(array: &Collection) -> Result<IndexMap<String, String>, OraError> {
    let mut attrs = IndexMap::new();
    for (k, v) in &array.map {
        let key = match k {
            Key::Str(s) => s.to_ascii_lowercase(),
            Key::Int(i) => i.to_string(),
        };
        if !PARAMETER_KEYS.contains(&key.as_str()) {
            return Err(ora!(INVALID_ARGUMENT_VALUE));
        }
        let Some(text) = v.first().and_then(Value::to_text) else { continue };
        let as_number = || text.trim().parse::<i64>().map_err(|_| ora!(INVALID_ARGUMENT_VALUE));
        let value = match key.as_str() {
            "goal" => goal(as_number()?),
            "clb_goal" => clb_goal(as_number()?),
            "dtp" => dtp(text.trim().eq_ignore_ascii_case("TRUE")).to_string(),
            _ => text,
        };
        attrs.insert(key.to_ascii_uppercase(), value);
    }
    Ok(attrs)
}

fn goal(g: i64) -> String {
    ["NONE", "SERVICE_TIME", "THROUGHPUT"].get(g as usize).unwrap_or(&"NONE").to_string()
}

fn clb_goal(g: i64) -> String {
    if g == 1 { "SHORT" } else { "LONG" }.to_string()
}

fn dtp(on: bool) -> &'static str {
    if on { "Y" } else { "N" }
}

fn service_name(args: &[NativeArg]) -> String {
    arg(args, 0).to_text().unwrap_or_default()
}

/// DBMS_SERVICE is granted to DBA only; the engine asks for the ALTER SYSTEM privilege.
fn require_admin(ctx: &Ctx<'_>) -> Result<(), OraError> {
    ctx.db.users.require(ctx.me.username(), SysPriv::ALTER_SYSTEM)
}

/// CREATE_SERVICE(service_name, network_name, goal, dtp, aq_ha_notifications,
/// failover_method, failover_type, failover_retries, failover_delay, clb_goal, edition), or
/// CREATE_SERVICE(service_name, network_name, parameter_array).
pub fn create_service(
    ctx: &mut Ctx<'_>,
    args: &mut [NativeArg],
) -> Result<Option<Value>, OraError> {
    require_admin(ctx)?;
    let network = arg(args, 1).to_text();
    let attrs = attributes(args, 2)?;
    ctx.db.services.create(&service_name(args), network.as_deref(), attrs, ctx.db.clock.now())?;
    Ok(None)
}

/// MODIFY_SERVICE(service_name, goal, dtp, ...) or MODIFY_SERVICE(service_name,
/// parameter_array): sets the attributes given (not NULL).
pub fn modify_service(
    ctx: &mut Ctx<'_>,
    args: &mut [NativeArg],
) -> Result<Option<Value>, OraError> {
    require_admin(ctx)?;
    let attrs = attributes(args, 1)?;
    ctx.db.services.modify(&service_name(args), attrs)?;
    Ok(None)
}

/// START_SERVICE(service_name, instance_name).
pub fn start_service(ctx: &mut Ctx<'_>, args: &mut [NativeArg]) -> Result<Option<Value>, OraError> {
    require_admin(ctx)?;
    ctx.db.services.start(&service_name(args))?;
    Ok(None)
}

/// STOP_SERVICE(service_name, ...): new logons are refused; connected sessions stay.
pub fn stop_service(ctx: &mut Ctx<'_>, args: &mut [NativeArg]) -> Result<Option<Value>, OraError> {
    require_admin(ctx)?;
    ctx.db.services.stop(&service_name(args))?;
    Ok(None)
}

/// DELETE_SERVICE(service_name): ORA-44305 while it runs.
pub fn delete_service(
    ctx: &mut Ctx<'_>,
    args: &mut [NativeArg],
) -> Result<Option<Value>, OraError> {
    require_admin(ctx)?;
    ctx.db.services.delete(&service_name(args))?;
    Ok(None)
}
