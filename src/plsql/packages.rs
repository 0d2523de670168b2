//! Built-in package procedures implemented natively: DBMS_SESSION.SLEEP, DBMS_LOCK.SLEEP.

use std::time::Duration;

use rust_decimal::prelude::ToPrimitive;

use crate::error::{INVALID_TIME_LIMIT, OraError, PLS_WRONG_ARGUMENTS};
use crate::exec::Ctx;
use crate::ora;
use crate::session::call::sleep;
use crate::value::Value;

/// A native procedure: evaluated arguments (with their names, if passed by name).
pub type Native = fn(&mut Ctx<'_>, &[(Option<String>, Value)]) -> Result<(), OraError>;

/// The native procedure called `name` (`PACKAGE.PROCEDURE`, upper case).
pub fn find(name: &str) -> Option<Native> {
    match name {
        "DBMS_SESSION.SLEEP" => Some(dbms_session_sleep),
        "DBMS_LOCK.SLEEP" => Some(dbms_lock_sleep),
        _ => None,
    }
}

fn seconds_arg(args: &[(Option<String>, Value)], proc_name: &str) -> Result<f64, OraError> {
    match args {
        [(None | Some(_), v)] if args[0].0.as_deref().is_none_or(|n| n == "SECONDS") => {
            Ok(v.to_number()?.and_then(|d| d.to_f64()).unwrap_or(0.0))
        }
        _ => Err(ora!(PLS_WRONG_ARGUMENTS, "{proc_name}")),
    }
}

/// DBMS_SESSION.SLEEP(seconds): at most 3600 s (ORA-38148 beyond), fractions allowed.
fn dbms_session_sleep(ctx: &mut Ctx<'_>, args: &[(Option<String>, Value)]) -> Result<(), OraError> {
    let secs = seconds_arg(args, "SLEEP")?;
    if !(0.0..=3600.0).contains(&secs) {
        return Err(ora!(INVALID_TIME_LIMIT));
    }
    sleep(ctx.me, Duration::from_secs_f64(secs), "PL/SQL lock timer")
}

/// DBMS_LOCK.SLEEP(seconds).
fn dbms_lock_sleep(ctx: &mut Ctx<'_>, args: &[(Option<String>, Value)]) -> Result<(), OraError> {
    let secs = seconds_arg(args, "SLEEP")?;
    sleep(ctx.me, Duration::from_secs_f64(secs.max(0.0)), "PL/SQL lock timer")
}
