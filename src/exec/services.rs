//! DBMS_SERVICE.DISCONNECT_SESSION: the kill protocol applied to every session of a service.
//!
//! Oracle runs `ALTER SYSTEM DISCONNECT SESSION 'sid,serial' <option>` for each session of the
//! service on this instance and returns only when all of them are gone (a service nobody uses,
//! or one that does not exist, returns at once without error). POST_TRANSACTION lets each
//! session finish its transaction first; IMMEDIATE ends them now; NOREPLAY ends them now and
//! marks them so Application Continuity does not replay them.

use std::sync::Arc;

use super::Ctx;
use crate::error::{INVALID_ARGUMENT_VALUE, OraError, SESSION_MARKED_FOR_KILL};
use crate::ora;
use crate::session::kill::{self, KillOptions};
use crate::session::{SessionCell, SessionFlags, SessionType, SysPriv, call};

/// DBMS_SERVICE.POST_TRANSACTION.
pub const POST_TRANSACTION: i64 = 0;
/// DBMS_SERVICE.IMMEDIATE.
pub const IMMEDIATE: i64 = 1;
/// DBMS_SERVICE.NOREPLAY.
pub const NOREPLAY: i64 = 2;

/// Disconnects every session of `service` (other than the caller's) with `option`, then waits
/// until each is gone: ended, or killed and waiting only to tell its owner.
pub fn disconnect_session(ctx: &mut Ctx<'_>, service: &str, option: i64) -> Result<(), OraError> {
    ctx.db.users.require(ctx.me.username(), SysPriv::ALTER_SYSTEM)?;
    let opts = match option {
        POST_TRANSACTION => None,
        IMMEDIATE => Some(KillOptions { immediate: true, noreplay: false, drop_connection: true }),
        NOREPLAY => Some(KillOptions { immediate: true, noreplay: true, drop_connection: true }),
        _ => return Err(ora!(INVALID_ARGUMENT_VALUE)),
    };
    let targets: Vec<Arc<SessionCell>> = ctx
        .db
        .sessions
        .snapshot()
        .into_iter()
        .filter(|c| c.identity.kind == SessionType::User && !Arc::ptr_eq(c, ctx.me))
        .filter(|c| c.identity.service.eq_ignore_ascii_case(service))
        .collect();
    for target in &targets {
        disconnect_one(ctx, target, opts)?;
    }
    wait_until_gone(ctx.me, &targets)
}

fn disconnect_one(
    ctx: &mut Ctx<'_>,
    target: &Arc<SessionCell>,
    opts: Option<KillOptions>,
) -> Result<(), OraError> {
    let db = ctx.db;
    let release = |c: &Arc<SessionCell>| db.release(c);
    let opts = match opts {
        Some(o) => o,
        None => {
            let mut st = target.lock();
            if st.flags.contains(SessionFlags::IN_TRANSACTION) {
                // Ends when its transaction does; the wait below sees it go.
                st.flags.insert(SessionFlags::DISCONNECT_POST_TRANSACTION);
                return Ok(());
            }
            KillOptions::default()
        }
    };
    match kill::kill(ctx.me, target, opts, db.config.kill_wait, &release) {
        // Already marked, or gone meanwhile: either way the wait below settles it.
        Err(e) if e.is(SESSION_MARKED_FOR_KILL) || e.is(crate::error::NO_SUCH_SESSION) => Ok(()),
        other => other,
    }
}

fn gone(cell: &SessionCell) -> bool {
    let st = cell.lock();
    st.flags.intersects(SessionFlags::ENDED | SessionFlags::KILL_PENDING_NOTIFY)
}

/// Parks the caller until every target is gone; each target wakes its watchers when its kill
/// completes. The caller stays interruptible (a kill or cancel of the caller ends the wait).
fn wait_until_gone(me: &Arc<SessionCell>, targets: &[Arc<SessionCell>]) -> Result<(), OraError> {
    for t in targets {
        t.lock().watchers.push(me.clone());
    }
    while !targets.iter().all(|t| gone(t)) {
        call::check(me)?;
        me.park(None, None);
    }
    Ok(())
}
