//! DBMS_SERVICE natives: the glue from the spec to the services layer (`exec::services`).

use indexmap::IndexMap;

use super::{NativeArg, arg};
use crate::error::OraError;
use crate::exec::{Ctx, services};
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

/// The attributes CREATE_SERVICE / MODIFY_SERVICE were given, from spec position `first`
/// (goal, dtp, aq_ha_notifications, failover_method, failover_type, failover_retries,
/// failover_delay, clb_goal), as the text the service views show. NULL means "leave as is".
fn attributes(args: &[NativeArg], first: usize) -> Result<IndexMap<String, String>, OraError> {
    let mut attrs = IndexMap::new();
    let mut put = |name: &str, v: Option<String>| {
        if let Some(v) = v {
            attrs.insert(name.to_string(), v);
        }
    };
    let number = |i: usize| arg(args, first + i).to_i64();
    let flag = |i: usize| match arg(args, first + i) {
        Value::Bool(b) => Some(b),
        _ => None,
    };
    put(
        "GOAL",
        number(0)?.map(|g| {
            ["NONE", "SERVICE_TIME", "THROUGHPUT"].get(g as usize).unwrap_or(&"NONE").to_string()
        }),
    );
    put("DTP", flag(1).map(|b| if b { "Y" } else { "N" }.to_string()));
    put("AQ_HA_NOTIFICATIONS", flag(2).map(|b| if b { "YES" } else { "NO" }.to_string()));
    put("FAILOVER_METHOD", arg(args, first + 3).to_text().map(|s| s.to_ascii_uppercase()));
    put("FAILOVER_TYPE", arg(args, first + 4).to_text().map(|s| s.to_ascii_uppercase()));
    put("FAILOVER_RETRIES", number(5)?.map(|n| n.to_string()));
    put("FAILOVER_DELAY", number(6)?.map(|n| n.to_string()));
    put("CLB_GOAL", number(7)?.map(|g| if g == 1 { "SHORT" } else { "LONG" }.to_string()));
    Ok(attrs)
}

fn service_name(args: &[NativeArg]) -> String {
    arg(args, 0).to_text().unwrap_or_default()
}

/// DBMS_SERVICE is granted to DBA only; the engine asks for the ALTER SYSTEM privilege.
fn require_admin(ctx: &Ctx<'_>) -> Result<(), OraError> {
    ctx.db.users.require(ctx.me.username(), SysPriv::ALTER_SYSTEM)
}

/// CREATE_SERVICE(service_name, network_name, goal, dtp, aq_ha_notifications,
/// failover_method, failover_type, failover_retries, failover_delay, clb_goal, edition).
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

/// MODIFY_SERVICE(service_name, goal, dtp, ...): sets the attributes given (not NULL).
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
