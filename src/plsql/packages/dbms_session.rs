//! DBMS_SESSION and DBMS_APPLICATION_INFO: SLEEP, the client identifier, MODULE / ACTION /
//! CLIENT_INFO as V$SESSION shows them; DBMS_UTILITY.GET_TIME.

use std::sync::Arc;
use std::time::Duration;

use rust_decimal::prelude::ToPrimitive;

use super::{NativeArg, arg};
use crate::error::{AT_LINE, INVALID_TIME_LIMIT, OraError};
use crate::exec::Ctx;
use crate::ora;
use crate::session::call::sleep as session_sleep;
use crate::value::Value;

/// Seconds as f64 (NULL = 0).
pub(super) fn seconds(v: &Value) -> Result<f64, OraError> {
    Ok(v.to_number()?.and_then(|d| d.to_f64()).unwrap_or(0.0))
}

/// SLEEP(seconds): at most 3600 (ORA-38148 raised inside the package body, line 432).
pub fn sleep(ctx: &mut Ctx<'_>, args: &mut [NativeArg]) -> Result<Option<Value>, OraError> {
    let secs = seconds(&arg(args, 0))?;
    if !(0.0..=3600.0).contains(&secs) {
        let mut e = ora!(INVALID_TIME_LIMIT);
        e.stack.push(ora!(AT_LINE, "\"SYS.DBMS_SESSION\", line 432"));
        return Err(e);
    }
    session_sleep(ctx.me, Duration::from_secs_f64(secs), "PL/SQL lock timer")?;
    Ok(None)
}

fn text(args: &[NativeArg], i: usize) -> Option<Arc<str>> {
    arg(args, i).to_text().map(|s| Arc::from(s.as_str()))
}

/// SET_IDENTIFIER(client_id).
pub fn set_identifier(
    ctx: &mut Ctx<'_>,
    args: &mut [NativeArg],
) -> Result<Option<Value>, OraError> {
    ctx.me.lock().client_identifier = text(args, 0);
    Ok(None)
}

/// CLEAR_IDENTIFIER.
pub fn clear_identifier(
    ctx: &mut Ctx<'_>,
    _args: &mut [NativeArg],
) -> Result<Option<Value>, OraError> {
    ctx.me.lock().client_identifier = None;
    Ok(None)
}

/// DBMS_APPLICATION_INFO.SET_MODULE(module_name, action_name).
pub fn set_module(ctx: &mut Ctx<'_>, args: &mut [NativeArg]) -> Result<Option<Value>, OraError> {
    let mut st = ctx.me.lock();
    st.module = text(args, 0);
    st.action = text(args, 1);
    Ok(None)
}

/// DBMS_APPLICATION_INFO.SET_ACTION(action_name).
pub fn set_action(ctx: &mut Ctx<'_>, args: &mut [NativeArg]) -> Result<Option<Value>, OraError> {
    ctx.me.lock().action = text(args, 0);
    Ok(None)
}

/// DBMS_APPLICATION_INFO.SET_CLIENT_INFO(client_info).
pub fn set_client_info(
    ctx: &mut Ctx<'_>,
    args: &mut [NativeArg],
) -> Result<Option<Value>, OraError> {
    ctx.me.lock().client_info = text(args, 0);
    Ok(None)
}

/// DBMS_UTILITY.GET_TIME: hundredths of a second of engine time.
pub fn get_time(ctx: &mut Ctx<'_>, _args: &mut [NativeArg]) -> Result<Option<Value>, OraError> {
    let t = ctx.db.clock.now();
    Ok(Some(Value::int((t.as_millis() / 10) as i64)))
}
