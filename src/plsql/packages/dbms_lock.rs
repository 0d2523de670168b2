//! DBMS_LOCK.SLEEP.

use std::time::Duration;

use super::{NativeArg, arg};
use crate::error::OraError;
use crate::exec::Ctx;
use crate::session::call::sleep as session_sleep;
use crate::value::Value;

/// SLEEP(seconds): fractions allowed, interruptible by a kill.
pub fn sleep(ctx: &mut Ctx<'_>, args: &mut [NativeArg]) -> Result<Option<Value>, OraError> {
    let secs = super::dbms_session::seconds(&arg(args, 0))?;
    let d = Duration::try_from_secs_f64(secs.max(0.0))
        .map_err(|_| crate::plsql::compile::value_error(""))?;
    session_sleep(ctx.me, d, "PL/SQL lock timer")?;
    Ok(None)
}
