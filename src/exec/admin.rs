//! Session administration: users, roles and grants, `ALTER SYSTEM KILL | DISCONNECT SESSION`,
//! `ALTER SYSTEM CANCEL SQL`, `ALTER SESSION`, and transaction control.
//!
//! Each statement checks its privilege first and validates everything before changing
//! anything, so a failing statement changes nothing.

use std::sync::Arc;

use super::{Ctx, Done, Outcome};
use crate::error::{
    INVALID_SCHEMA_IDENTIFIER, INVALID_SQL_STATEMENT, OraError, SCHEMA_USER_DOES_NOT_EXIST,
};
use crate::ora;
use crate::session::kill::{self, KillOptions, SessionId};
use crate::session::{SessionCell, SysPriv};
use crate::sql::ast::{AlterSystem, Privilege, Statement};

/// Executes an administration or transaction-control statement.
pub fn execute(ctx: &mut Ctx<'_>, stmt: &Statement) -> Result<Outcome, OraError> {
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
        Statement::DropUser { name, cascade: _ } => {
            users.require(&me, SysPriv::DROP_USER)?;
            let connected = ctx.db.sessions.user_connected(&name.name);
            users.drop_user(&name.name, connected)?;
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
            require_grant_rights(ctx, privileges)?;
            users.grant(
                &names(privileges),
                &grantees.iter().map(|g| g.name.clone()).collect::<Vec<_>>(),
            )?;
            Done::Granted
        }
        Statement::Revoke { privileges, grantees } => {
            require_grant_rights(ctx, privileges)?;
            users.revoke(
                &names(privileges),
                &grantees.iter().map(|g| g.name.clone()).collect::<Vec<_>>(),
            )?;
            Done::Revoked
        }
        // Transactions arrive with the storage layer; until then there is never anything to
        // commit or roll back, and both succeed as they would on an idle Oracle session.
        Statement::Commit => Done::Committed,
        Statement::Rollback { to_savepoint: None } => Done::RolledBack,
        _ => return Err(ora!(INVALID_SQL_STATEMENT)),
    };
    Ok(Outcome::Done(done))
}

fn names(privileges: &[Privilege]) -> Vec<String> {
    privileges.iter().map(|p| p.name.clone()).collect()
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
            let opts = KillOptions { immediate: *immediate, noreplay: *noreplay };
            kill::kill(ctx.me, &victim, opts, db.config.kill_wait, &release)
        }
        AlterSystem::DisconnectSession {
            target,
            pos,
            post_transaction: _,
            immediate,
            noreplay,
        } => {
            // POST_TRANSACTION on a session without an open transaction acts like KILL
            // SESSION; no session has transactions before the storage layer exists.
            let id = SessionId::parse(target, false).map_err(|e| e.at(*pos))?;
            let victim = kill::find_target(&db.sessions, ctx.me, &id)?;
            let opts = KillOptions { immediate: *immediate, noreplay: *noreplay };
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
