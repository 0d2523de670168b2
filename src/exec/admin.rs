//! Session administration: users, roles and grants, `ALTER SYSTEM KILL | DISCONNECT SESSION`,
//! `ALTER SYSTEM CANCEL SQL`, `ALTER SESSION`, and transaction control.
//!
//! Each statement checks its privilege first and validates everything before changing
//! anything, so a failing statement changes nothing.

use std::sync::Arc;

use super::{Ctx, Done, Outcome};
use crate::db::Compatible;
use crate::error::{
    CASCADE_REQUIRED, INVALID_SCHEMA_IDENTIFIER, INVALID_SQL_STATEMENT, OraError, RESOURCE_BUSY,
    SCHEMA_USER_DOES_NOT_EXIST,
};
use crate::ora;
use crate::session::kill::{self, KillOptions, SessionId};
use crate::session::users::ADMIN_ROLE;
use crate::session::{Server, SessionCell, SessionFlags, SysPriv};
use crate::sql::ast::{AlterSystem, Ident, Privilege, Statement};

/// Executes an administration or transaction-control statement.
pub fn execute(ctx: &mut Ctx<'_>, stmt: &Statement) -> Result<Outcome, OraError> {
    if is_ddl(stmt) {
        implicit_commit(ctx);
    }
    let me = ctx.me.username().to_string();
    let users = &ctx.db.users;
    let done = match stmt {
        Statement::AlterSystem(a) => {
            users.require(&me, SysPriv::ALTER_SYSTEM)?;
            alter_system(ctx, a)?;
            Done::SystemAltered
        }
        Statement::AlterSession { name, value } => {
            alter_session(ctx, &name.name, value)?;
            Done::SessionAltered
        }
        Statement::CreateUser { name, password } => {
            users.require(&me, SysPriv::CREATE_USER)?;
            users.create(&name.name, password, ctx.db.clock.now())?;
            Done::Created("User")
        }
        Statement::AlterUser { name, password } => {
            if name.name != me {
                users.require(&me, SysPriv::ALTER_USER)?;
            }
            users.set_password(&name.name, password)?;
            Done::Altered("User")
        }
        Statement::DropUser { name, cascade } => {
            users.require(&me, SysPriv::DROP_USER)?;
            drop_user(ctx, &name.name, *cascade)?;
            Done::Dropped("User")
        }
        Statement::CreateRole { name } => {
            users.require(&me, SysPriv::CREATE_ROLE)?;
            users.create_role(&name.name)?;
            Done::Created("Role")
        }
        Statement::DropRole { name } => {
            users.require(&me, SysPriv::GRANT_ANY_ROLE)?;
            users.drop_role(&name.name)?;
            Done::Dropped("Role")
        }
        Statement::Grant { privileges, grantees } => {
            change_grants(ctx, privileges, grantees, true)?;
            if is_crdb_admin_grant(privileges) { Done::Tag("GRANT".into()) } else { Done::Granted }
        }
        Statement::Revoke { privileges, grantees } => {
            change_grants(ctx, privileges, grantees, false)?;
            if is_crdb_admin_grant(privileges) { Done::Tag("REVOKE".into()) } else { Done::Revoked }
        }
        Statement::Commit => {
            ctx.db.storage.commit(ctx.me);
            transaction_ended(ctx);
            Done::Committed
        }
        Statement::Rollback { to_savepoint: None } => {
            ctx.db.storage.rollback_paced(ctx.me);
            transaction_ended(ctx);
            Done::RolledBack
        }
        Statement::Rollback { to_savepoint: Some(sp) } => {
            ctx.db.storage.rollback_to(ctx.me, &sp.name)?;
            Done::RolledBack
        }
        Statement::Savepoint { name } => {
            ctx.db.storage.savepoint(ctx.me, &name.name);
            Done::SavepointCreated
        }
        _ => return Err(ora!(INVALID_SQL_STATEMENT)),
    };
    Ok(Outcome::Done(done))
}

/// Users, roles and grants are DDL: they commit the session's transaction first (ALTER
/// SYSTEM and ALTER SESSION do not).
fn is_ddl(stmt: &Statement) -> bool {
    matches!(
        stmt,
        Statement::CreateUser { .. }
            | Statement::AlterUser { .. }
            | Statement::DropUser { .. }
            | Statement::CreateRole { .. }
            | Statement::DropRole { .. }
            | Statement::Grant { .. }
            | Statement::Revoke { .. }
    )
}

/// DDL's implicit COMMIT, which happens even if the DDL then fails.
pub fn implicit_commit(ctx: &Ctx<'_>) {
    ctx.db.storage.commit(ctx.me);
    // DDL is a committed transaction of its own for Transaction Guard, with or without open
    // work before it: a replay driver must never run it twice.
    ctx.me.note_commit();
    transaction_ended(ctx);
}

/// DROP USER [CASCADE]: ORA-01922 without CASCADE if the user owns tables; with it, the
/// user's tables go too.
fn drop_user(ctx: &Ctx<'_>, name: &str, cascade: bool) -> Result<(), OraError> {
    let storage = &ctx.db.storage;
    let owned: Vec<u64> =
        storage.tables().iter().filter(|t| &*t.owner == name).map(|t| t.id).collect();
    if !cascade && !owned.is_empty() {
        return Err(ora!(CASCADE_REQUIRED, "{name}"));
    }
    let connected = ctx.db.sessions.user_connected(name);
    if !connected && storage.locked_objects().iter().any(|o| owned.contains(&o.object_id)) {
        // Another user's transaction holds one of the tables.
        return Err(ora!(RESOURCE_BUSY));
    }
    ctx.db.users.drop_user(name, connected)?;
    storage.drop_schema(name);
    Ok(())
}

/// Called after the session's transaction ended (COMMIT, ROLLBACK, DDL's implicit commit): a
/// pending `DISCONNECT SESSION ... POST_TRANSACTION` takes effect now. The session leaves
/// V$SESSION at once (it has nothing left to release) and its next call gets ORA-00028.
pub fn transaction_ended(ctx: &Ctx<'_>) {
    let me = ctx.me;
    let watchers = {
        let mut st = me.lock();
        if !st.flags.contains(SessionFlags::DISCONNECT_POST_TRANSACTION) {
            return;
        }
        st.flags.remove(SessionFlags::DISCONNECT_POST_TRANSACTION);
        st.flags.insert(SessionFlags::KILL_PENDING_NOTIFY);
        st.server = Server::Pseudo;
        std::mem::take(&mut st.watchers)
    };
    ctx.db.sessions.remove(me.sid, me.serial);
    // DBMS_SERVICE.DISCONNECT_SESSION may be waiting for this session to go.
    for w in watchers {
        crate::clock::Wake::wake(&*w);
    }
}

/// ALTER SYSTEM DISCONNECT SESSION ... POST_TRANSACTION on a session with an open
/// transaction: marks it to be disconnected when the transaction ends, and returns at once.
/// Returns false (kill it now) if it has no open transaction.
fn disconnect_after_transaction(ctx: &Ctx<'_>, victim: &Arc<SessionCell>) -> bool {
    let open = ctx.db.storage.in_transaction(victim.sid);
    let mut st = victim.lock();
    if !(open || st.flags.contains(SessionFlags::IN_TRANSACTION)) {
        return false;
    }
    st.flags.insert(SessionFlags::DISCONNECT_POST_TRANSACTION);
    true
}

/// GRANT (`grant`) or REVOKE of privileges and roles, after the grantor's rights are checked.
fn change_grants(
    ctx: &Ctx<'_>,
    privileges: &[Privilege],
    grantees: &[Ident],
    grant: bool,
) -> Result<(), OraError> {
    require_grant_rights(ctx, privileges)?;
    let what: Vec<String> = privileges.iter().map(|p| p.name.clone()).collect();
    let who: Vec<String> = grantees.iter().map(|g| g.name.clone()).collect();
    if grant { ctx.db.users.grant(&what, &who) } else { ctx.db.users.revoke(&what, &who) }
}

/// `GRANT | REVOKE admin ...` is CockroachDB's statement (Oracle has no ADMIN role; here it is
/// DBA's CockroachDB name), so it answers CockroachDB's command tag, not Oracle's feedback.
fn is_crdb_admin_grant(privileges: &[Privilege]) -> bool {
    privileges.iter().all(|p| p.name == ADMIN_ROLE)
}

/// GRANT / REVOKE need GRANT ANY PRIVILEGE for system privileges and GRANT ANY ROLE for roles.
fn require_grant_rights(ctx: &Ctx<'_>, privileges: &[Privilege]) -> Result<(), OraError> {
    let me = ctx.me.username();
    for p in privileges {
        let needed = if SysPriv::by_name(&p.name).is_some() || p.name == "ALL PRIVILEGES" {
            SysPriv::GRANT_ANY_PRIVILEGE
        } else {
            SysPriv::GRANT_ANY_ROLE
        };
        ctx.db.users.require(me, needed).map_err(|e| e.at(p.pos))?;
    }
    Ok(())
}

fn alter_system(ctx: &mut Ctx<'_>, stmt: &AlterSystem) -> Result<(), OraError> {
    let db = ctx.db;
    let release = |c: &Arc<SessionCell>| db.release(c);
    match stmt {
        AlterSystem::KillSession { target, pos, immediate, noreplay } => {
            let id = SessionId::parse(target, false).map_err(|e| e.at(*pos))?;
            let victim = kill::find_target(&db.sessions, ctx.me, &id)?;
            // On 19c an IMMEDIATE kill ends the server side of the connection.
            let immediate_drops = db.config.compatible == Compatible::Oracle19c;
            let drop_connection = (*immediate || *noreplay) && immediate_drops;
            let opts = KillOptions { immediate: *immediate, noreplay: *noreplay, drop_connection };
            kill::kill(ctx.me, &victim, opts, db.config.kill_wait, &release)
        }
        AlterSystem::DisconnectSession { target, pos, post_transaction, immediate, noreplay } => {
            // POST_TRANSACTION on a session without an open transaction acts like KILL
            // SESSION.
            let id = SessionId::parse(target, false).map_err(|e| e.at(*pos))?;
            let victim = kill::find_target(&db.sessions, ctx.me, &id)?;
            if *post_transaction && disconnect_after_transaction(ctx, &victim) {
                return Ok(());
            }
            // DISCONNECT ... IMMEDIATE destroys the server process: the client sees a lost
            // connection. POST_TRANSACTION without an open transaction acts like KILL SESSION.
            let drop_connection = *immediate || *noreplay;
            let opts = KillOptions { immediate: *immediate, noreplay: *noreplay, drop_connection };
            kill::kill(ctx.me, &victim, opts, db.config.kill_wait, &release)
        }
        AlterSystem::CancelSql { target, pos } => {
            let id = SessionId::parse(target, true).map_err(|e| e.at(*pos))?;
            let victim = kill::find_target(&db.sessions, ctx.me, &id)?;
            kill::cancel(&victim)
        }
    }
}

/// ALTER SESSION SET CURRENT_SCHEMA = x; other parameters are accepted and ignored, as
/// harmless NLS and optimizer settings in scripts should be.
fn alter_session(
    ctx: &mut Ctx<'_>,
    name: &str,
    value: &crate::sql::ast::Expr,
) -> Result<(), OraError> {
    if name == "CURRENT_SCHEMA" {
        let schema = match value {
            crate::sql::ast::Expr::Column(n) => n.object().name.clone(),
            _ => return Err(ora!(INVALID_SCHEMA_IDENTIFIER)),
        };
        if !ctx.db.users.exists(&schema) {
            return Err(ora!(SCHEMA_USER_DOES_NOT_EXIST));
        }
        ctx.me.lock().schema = Arc::from(schema.as_str());
    }
    Ok(())
}
