//! VSESSION_SIM (a vsession extension, not Oracle): NETWORK_IO puts the caller into the
//! uninterruptible network I/O phase for a while, so scripts can show the kill wait and
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
