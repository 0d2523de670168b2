//! VSESSION_SIM (a vsession extension, not Oracle): NETWORK_IO puts the caller into the
//! uninterruptible network I/O phase for a while, and SET_ROLLBACK_RATE makes rollbacks take
//! engine time (the uninterruptible RollingBack phase), so scripts can show the kill wait and
//! ORA-00031.

use std::time::Duration;

use super::{NativeArg, arg};
use crate::error::OraError;
use crate::exec::Ctx;
use crate::session::{Phase, call};
use crate::value::Value;

/// NETWORK_IO(seconds): uninterruptible for that long; a pending kill is delivered after.
pub fn network_io(ctx: &mut Ctx<'_>, args: &mut [NativeArg]) -> Result<Option<Value>, OraError> {
    let secs = super::dbms_session::seconds(&arg(args, 0))?;
    let d = Duration::try_from_secs_f64(secs.max(0.0))
        .map_err(|_| crate::plsql::compile::value_error(""))?;
    call::uninterruptible(ctx.me, Phase::NetworkIo, d, "SQL*Net more data to client")?;
    Ok(None)
}

/// SET_ROLLBACK_RATE(undo_records_per_second): from now on a rollback undoes that many undo
/// records per second of engine time; NULL makes rollbacks instant again (the default). Zero,
/// negative or non-finite rates are ORA-06502.
pub fn set_rollback_rate(
    ctx: &mut Ctx<'_>,
    args: &mut [NativeArg],
) -> Result<Option<Value>, OraError> {
    let rate = match arg(args, 0) {
        Value::Null => None,
        v => {
            let rate = super::dbms_session::seconds(&v)?;
            if !(rate.is_finite() && rate > 0.0) {
                return Err(crate::plsql::compile::value_error(""));
            }
            Some(rate)
        }
    };
    ctx.db.storage.set_rollback_rate(rate);
    Ok(None)
}
