//! DBMS_SERVICE natives: the glue from the spec to the services layer (`exec::services`).

use super::{NativeArg, arg};
use crate::error::OraError;
use crate::exec::{Ctx, services};
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
