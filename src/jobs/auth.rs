//! Who may see and control a job (`shared/reference/cockroach.md` §6, CockroachDB's
//! `jobsauth.Authorize`), and who may control a schedule (§4: admin or owner).

use super::JobRecord;
use crate::db::Database;
use crate::error::OraError;
use crate::session::users::SysPriv;

/// What the requester wants to do with the job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// See it (SHOW JOBS, crdb_internal.jobs).
    View,
    /// Pause, resume or cancel it.
    Control,
}

/// The SQLSTATE of a privilege failure.
pub const INSUFFICIENT_PRIVILEGE: &str = "42501";

/// Checks `user`'s access to `job`, in CockroachDB's order: the owner, an admin, VIEWJOB or
/// CONTROLJOB for viewing, a member of the owning role; then for control an admin-owned job
/// is refused, CONTROLJOB allowed, anyone else refused.
pub fn authorize(
    db: &Database,
    user: &str,
    job: &JobRecord,
    access: Access,
) -> Result<(), OraError> {
    if user.eq_ignore_ascii_case(&job.user_name) || db.users.is_admin(user) {
        return Ok(());
    }
    let privs = db.users.privileges(user);
    if access == Access::View && privs.intersects(SysPriv::VIEWJOB | SysPriv::CONTROLJOB) {
        return Ok(());
    }
    if db.users.has_role(user, &job.user_name.to_ascii_uppercase()) {
        return Ok(());
    }
    if access == Access::Control && db.users.is_admin(&job.user_name) {
        return Err(OraError::crdb(
            INSUFFICIENT_PRIVILEGE,
            "only admins can control jobs owned by other admins",
        ));
    }
    if access == Access::Control && privs.contains(SysPriv::CONTROLJOB) {
        return Ok(());
    }
    Err(OraError::crdb(
        INSUFFICIENT_PRIVILEGE,
        format!("user {} does not have privileges for job {}", display_user(user), job.id),
    ))
}

/// True if `user` sees every job: admin, VIEWJOB or CONTROLJOB.
pub fn view_all(db: &Database, user: &str) -> bool {
    db.users.is_admin(user)
        || db.users.privileges(user).intersects(SysPriv::VIEWJOB | SysPriv::CONTROLJOB)
}

/// True if `user` may see `job` (SHOW JOBS filters the others out silently).
pub fn can_view(db: &Database, user: &str, job: &JobRecord) -> bool {
    authorize(db, user, job, Access::View).is_ok()
}

/// Checks `user` may PAUSE / RESUME / DROP schedule `id` owned by `owner`: admin or owner.
pub fn authorize_schedule(
    db: &Database,
    user: &str,
    owner: &str,
    id: i64,
    verb: &str,
) -> Result<(), OraError> {
    if user.eq_ignore_ascii_case(owner) || db.users.is_admin(user) {
        return Ok(());
    }
    Err(OraError::crdb(
        INSUFFICIENT_PRIVILEGE,
        format!("must be admin or owner of the schedule {id} to {verb} it"),
    ))
}

/// A user name as CockroachDB shows it: lower case (names are case-insensitive in both
/// dialects; the engine keeps Oracle's upper case). Quoted names may hold any letter, so the
/// whole of Unicode is lowered, as CockroachDB normalizes identifiers. The sessions and the
/// jobs views both show users through this.
pub fn display_user(user: &str) -> String {
    user.to_lowercase()
}
