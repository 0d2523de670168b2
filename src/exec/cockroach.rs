//! SHOW SESSIONS / QUERIES and CANCEL SESSION(S) / QUERY(IES): CockroachDB's session control
//! over the engine's sessions; and CockroachDB's role statements over the user dictionary.
//!
//! - SHOW runs its rewrite (`CrdbStatement::as_query`, a SELECT over `crdb_internal`) and
//!   answers with CockroachDB's lower-case headings ([`show_rows`], shared with the jobs family).
//! - CANCEL reads its ids (a scalar for the singular form, rows for the plural), checks the
//!   input's shape, then per row (shared/reference/cockroach.md §2): NULL is skipped, the id is
//!   parsed, the session or query found, the privilege checked (§6: own, admin, CANCELQUERY,
//!   never an admin's), and the session killed (`kill::cancel_session`: the connection drops)
//!   or the statement cancelled (`kill::cancel_query`: 57014). Every row counts, as in
//!   CockroachDB: `CANCEL SESSIONS n`.
//! - Role options map onto system privileges: `CANCELQUERY` is the CANCELQUERY bit, `admin` is
//!   DBA.

use std::sync::Arc;

use super::eval::Env;
use super::{Ctx, Done, Outcome, ResultSet, query};
use crate::error::{OraError, SINGLE_ROW_SUBQUERY_MANY_ROWS};
use crate::session::crdb_id::{ClusterWideId, NODE_ID};
use crate::session::kill;
use crate::session::{SessionCell, SessionFlags, SessionType, SysPriv};
use crate::sql::ast::{Expr, Ident, Query, QueryBody, SelectItem, Statement};
use crate::sql::cockroach::{
    Activity, CancelSource, CrdbStatement, INTERNAL_PREFIX, RoleOption, show_columns,
};
use crate::value::{SqlType, Value};
use crate::views::Scan;

/// Executes one statement of the family.
pub fn execute(ctx: &mut Ctx<'_>, stmt: &CrdbStatement) -> Result<Outcome, OraError> {
    match stmt {
        CrdbStatement::Show { what, all, local } => show_direct(ctx, *what, *all, *local),
        CrdbStatement::ShowSessionId => {
            let q = stmt.as_query().expect("SHOW forms have a rewrite");
            show_rows(ctx, &q)
        }
        CrdbStatement::Cancel { what, if_exists, source } => cancel(ctx, *what, *if_exists, source),
        CrdbStatement::Role { create, user, name, options } => {
            role(ctx, *create, *user, name, options)
        }
        CrdbStatement::SystemPrivilege { grant, privileges, grantees } => {
            system_privilege(ctx, *grant, privileges, grantees)
        }
    }
}

/// Runs a SHOW statement's rewrite and presents it as CockroachDB does: lower-case headings
/// (the engine's unquoted names are upper-case). For the jobs family's SHOW forms too.
pub fn show_rows(ctx: &mut Ctx<'_>, q: &Query) -> Result<Outcome, OraError> {
    let mut rs = query::run_query_with(ctx, q, None)?;
    for c in &mut rs.columns {
        c.name = c.name.to_lowercase();
    }
    Ok(Outcome::Rows(rs))
}

/// SHOW SESSIONS / QUERIES at the top level: the rows its rewrite gives (a test holds the two
/// to the same answer), straight from the producer in one pass - no query plan, no copies
/// between operators - because SHOW SESSIONS over thousands of sessions is what operators
/// run in a hurry. `[SHOW ...]` and CTEs go through the rewrite.
fn show_direct(
    ctx: &mut Ctx<'_>,
    what: Activity,
    all: bool,
    local: bool,
) -> Result<Outcome, OraError> {
    let (table, names) = show_columns(what, local);
    let def = crate::views::catalog::get(&table).expect("the crdb_internal view files ship");
    let position = |name: &str| {
        def.columns.iter().position(|c| c.name == name).expect("SHOW columns are the view's")
    };
    let picked: Vec<usize> = names.iter().map(|n| position(n)).collect();
    let app = position("APPLICATION_NAME");
    let mut needed = vec![false; def.columns.len()];
    for &i in picked.iter().chain([&app]) {
        needed[i] = true;
    }
    let rows = (def.produce)(ctx.db, ctx.me, &Scan::all(&needed));
    let internal =
        |row: &[Value]| matches!(&row[app], Value::Text(t) if t.starts_with(INTERNAL_PREFIX));
    let rows = rows
        .into_iter()
        .filter(|r| all || !internal(r))
        .map(|mut r| picked.iter().map(|&i| std::mem::take(&mut r[i])).collect())
        .collect();
    let columns = picked
        .iter()
        .map(|&i| {
            let c = &def.columns[i];
            crate::value::ColumnDesc::new(c.name.to_lowercase(), c.ty)
        })
        .collect();
    Ok(Outcome::Rows(ResultSet { columns, rows }))
}

// ---- CANCEL ----

/// CANCEL SESSION(S) / QUERY(IES).
fn cancel(
    ctx: &mut Ctx<'_>,
    what: Activity,
    if_exists: bool,
    source: &CancelSource,
) -> Result<Outcome, OraError> {
    let rs = cancel_input(ctx, source)?;
    check_shape(what, &rs)?;
    let mut count = 0u64;
    for row in &rs.rows {
        cancel_one(ctx, what, if_exists, &row[0])?;
        count += 1;
    }
    // A statement that cancelled itself (CANCEL QUERY of its own query id) ends here, as
    // CockroachDB's does when its context is cancelled.
    crate::session::call::check(ctx.me)?;
    Ok(Outcome::Done(Done::Tag(format!("CANCEL {} {count}", what.plural()))))
}

/// The input rows: the plural form's query, or the singular form's expression.
fn cancel_input(ctx: &mut Ctx<'_>, source: &CancelSource) -> Result<ResultSet, OraError> {
    match source {
        CancelSource::Rows(q) => query::run_query_with(ctx, q, None),
        CancelSource::Scalar(e) => singular_input(&Env::of(ctx), e),
    }
}

/// The input of a control statement's singular form (`CANCEL SESSION expr`, `PAUSE JOB expr`):
/// the expression as a one-row query (CockroachDB's `VALUES ((expr))`), whose subquery must
/// give at most one row.
pub(super) fn singular_input(env: &Env<'_>, e: &Expr) -> Result<ResultSet, OraError> {
    query::run_query_in(env, &one_row(e), None).map_err(|err| {
        if err.is(SINGLE_ROW_SUBQUERY_MANY_ROWS) {
            OraError::crdb(
                "21000",
                "more than one row returned by a subquery used as an expression",
            )
        } else {
            err
        }
    })
}

/// `SELECT expr FROM DUAL`.
fn one_row(e: &Expr) -> Query {
    let Ok(Statement::Query(mut q)) = crate::sql::parse("SELECT NULL FROM DUAL") else {
        unreachable!("a fixed query parses")
    };
    if let QueryBody::Select(s) = &mut q.body {
        s.items = vec![SelectItem::Expr { expr: e.clone(), alias: None, text: "ID".into() }];
    }
    *q
}

/// One string column (optbuilder's `checkInputColumns`), else 42601.
fn check_shape(what: Activity, rs: &ResultSet) -> Result<(), OraError> {
    let types: Vec<SqlType> = rs.columns.iter().map(|c| c.ty).collect();
    let cmd = format!("CANCEL {}", what.plural());
    let column = format!("{}_id", what.noun());
    check_input_columns(&cmd, &column, "string", &types, |t| {
        matches!(t, SqlType::Varchar2(_) | SqlType::Char(_))
    })
}

/// CockroachDB's `checkInputColumns` for the input of a control statement (`cmd` = `CANCEL
/// SESSIONS`, `PAUSE JOBS`, ...): at most one column, of a type `accepts` takes, else 42601
/// naming `column` and the `wanted` type.
pub(super) fn check_input_columns(
    cmd: &str,
    column: &str,
    wanted: &str,
    types: &[SqlType],
    accepts: impl Fn(SqlType) -> bool,
) -> Result<(), OraError> {
    if types.len() > 1 {
        return Err(OraError::crdb("42601", format!("too many columns in {cmd} data")));
    }
    match types.first() {
        Some(&t) if !accepts(t) => Err(OraError::crdb(
            "42601",
            format!(
                "{cmd} data column 1 ({column}) must be of type {wanted}, not type {}",
                crdb_type_name(t)
            ),
        )),
        _ => Ok(()),
    }
}

/// CockroachDB's name of a column type, for the shape error.
fn crdb_type_name(ty: SqlType) -> &'static str {
    match ty {
        SqlType::Number { scale: Some(s), .. } if s > 0 => "decimal",
        SqlType::Number { .. } => "int",
        SqlType::Varchar2(_) | SqlType::Char(_) => "string",
        SqlType::Raw(_) => "bytes",
        SqlType::Date | SqlType::Timestamp => "timestamp",
        SqlType::Boolean => "bool",
    }
}

/// One input row of CANCEL: NULL is a no-op; otherwise parse, find, check, cancel.
fn cancel_one(
    ctx: &mut Ctx<'_>,
    what: Activity,
    if_exists: bool,
    datum: &Value,
) -> Result<(), OraError> {
    let Value::Text(text) = datum else { return Ok(()) };
    let noun = what.noun();
    let id = ClusterWideId::parse(text).map_err(|e| {
        OraError::crdb("42601", format!("invalid {noun} ID '{}': {e}", text.replace('\'', "''")))
    })?;
    // Not found, or gone between the lookup and the cancel: CockroachDB's node answers
    // "not found", which IF EXISTS turns into success.
    let missing = || {
        if if_exists {
            Ok(())
        } else {
            let text = format!("could not cancel {noun} {id}: {noun} ID {id} not found");
            Err(OraError::crdb("XX000", text))
        }
    };
    let Some(target) = find(ctx, what, id) else { return missing() };
    check_cancel_privilege(ctx, &target)?;
    let cancelled = match what {
        Activity::Sessions => {
            let db = ctx.db;
            let release = |c: &Arc<SessionCell>| db.release(c);
            kill::cancel_session(ctx.me, &target, &release).is_ok()
        }
        Activity::Queries => kill::cancel_query(&target, id),
    };
    if cancelled { Ok(()) } else { missing() }
}

/// The live user session with session id `id`, or running the statement with query id `id`.
/// Ids of other nodes, background sessions (CockroachDB's internal executors are not in its
/// session registry) and sessions a kill has ended name nothing.
fn find(ctx: &Ctx<'_>, what: Activity, id: ClusterWideId) -> Option<Arc<SessionCell>> {
    if id.node_id() != NODE_ID {
        return None;
    }
    let usable = |c: &Arc<SessionCell>| {
        c.identity.kind == SessionType::User
            && !c.lock().flags.intersects(SessionFlags::KILL_REQUESTED | SessionFlags::ENDED)
    };
    let mut found = None;
    match what {
        Activity::Sessions => found = ctx.db.sessions.by_crdb_id(id),
        Activity::Queries => ctx.db.sessions.for_each(|c| {
            if found.is_none() && c.lock().call.query_id == Some(id) {
                found = Some(c.clone());
            }
        }),
    }
    found.filter(usable)
}

/// `checkCancelPrivilege`: own sessions always; admins anything; others need CANCELQUERY and
/// may not touch an admin's session. 42501 (insufficient_privilege) for both refusals.
fn check_cancel_privilege(ctx: &Ctx<'_>, target: &SessionCell) -> Result<(), OraError> {
    let users = &ctx.db.users;
    let me = ctx.me.username();
    if target.username() == me || users.is_admin(me) {
        return Ok(());
    }
    if !users.has(me, SysPriv::CANCELQUERY) {
        return Err(OraError::crdb("42501", "this operation requires CANCELQUERY privilege"));
    }
    if users.is_admin(target.username()) {
        return Err(OraError::crdb("42501", "permission denied to cancel admin session"));
    }
    Ok(())
}

// ---- roles ----

/// CREATE / ALTER ROLE | USER with CockroachDB's options.
fn role(
    ctx: &mut Ctx<'_>,
    create: bool,
    user: bool,
    name: &Ident,
    options: &[RoleOption],
) -> Result<Outcome, OraError> {
    let users = &ctx.db.users;
    let who = name.name.as_str();
    require_role_admin(ctx)?;
    if create {
        let password = options.iter().rev().find_map(|o| match o {
            RoleOption::Password(p) => Some(p.clone().unwrap_or_default()),
            _ => None,
        });
        if user || password.is_some() {
            users.create(who, &password.unwrap_or_default(), ctx.db.clock.now())?;
            users.grant(&["CREATE SESSION".into()], &[who.into()])?;
        } else {
            users.create_role(who)?;
        }
    } else if !users.exists(who) {
        return Err(OraError::crdb(
            "42704",
            format!("role/user \"{}\" does not exist", who.to_lowercase()),
        ));
    }
    for o in options {
        match o {
            RoleOption::Privilege { name, on } => set_option(ctx, who, name, *on)?,
            RoleOption::Password(p) if !create => {
                users.set_password(who, p.as_deref().unwrap_or(""))?
            }
            _ => {}
        }
    }
    let tag = if create { "CREATE ROLE" } else { "ALTER ROLE" };
    Ok(Outcome::Done(Done::Tag(tag.into())))
}

/// Managing roles takes admin or CREATEROLE (Oracle's CREATE ROLE / GRANT ANY PRIVILEGE).
fn require_role_admin(ctx: &Ctx<'_>) -> Result<(), OraError> {
    let users = &ctx.db.users;
    let me = ctx.me.username();
    if users.is_admin(me) || users.has(me, SysPriv::CREATE_ROLE) {
        return Ok(());
    }
    Err(OraError::crdb("42501", "user does not have CREATEROLE privilege"))
}

/// Grants or revokes the privilege a role option stands for; revoking one not held is a no-op.
fn set_option(ctx: &Ctx<'_>, who: &str, option: &str, on: bool) -> Result<(), OraError> {
    let users = &ctx.db.users;
    let privilege = if option == "CREATEROLE" { "CREATE ROLE" } else { option };
    let p = SysPriv::by_name(privilege).expect("the parser takes only known options");
    if on {
        return users.grant(&[privilege.into()], &[who.into()]);
    }
    let held = users.direct_grants().iter().any(|(g, privs)| g == who && privs.contains(p));
    if held { users.revoke(&[privilege.into()], &[who.into()]) } else { Ok(()) }
}

/// GRANT / REVOKE SYSTEM priv, ...: only CockroachDB's system privileges.
fn system_privilege(
    ctx: &mut Ctx<'_>,
    grant: bool,
    privileges: &[Ident],
    grantees: &[Ident],
) -> Result<Outcome, OraError> {
    require_role_admin(ctx)?;
    let mut names = Vec::new();
    for p in privileges {
        if SysPriv::by_name(&p.name).is_none() {
            let text = format!("invalid privilege type {} for system", p.name);
            return Err(OraError::crdb("0LP01", text));
        }
        names.push(p.name.clone());
    }
    let who: Vec<String> = grantees.iter().map(|g| g.name.clone()).collect();
    let users = &ctx.db.users;
    if grant {
        users.grant(&names, &who)?;
        return Ok(Outcome::Done(Done::Tag("GRANT".into())));
    }
    for w in &who {
        for n in &names {
            set_option(ctx, w, n, false)?;
        }
    }
    Ok(Outcome::Done(Done::Tag("REVOKE".into())))
}

#[cfg(test)]
mod tests {
    use crate::exec::Outcome;
    use crate::{Config, ConnectOptions, Engine};

    fn rows(outcome: Outcome) -> (Vec<String>, Vec<Vec<crate::value::Value>>) {
        let Outcome::Rows(rs) = outcome else { panic!("{outcome:?}") };
        (rs.columns.into_iter().map(|c| c.name.to_lowercase()).collect(), rs.rows)
    }

    /// The direct SHOW path gives what its rewrite gives, for every form (the caller's own row
    /// aside: its running statement and counters differ between the two calls).
    #[test]
    fn show_direct_agrees_with_the_rewrite() {
        let engine = Engine::new(Config::default());
        let root = engine.connect(&ConnectOptions::new("root", "manager")).unwrap();
        let _others: Vec<_> = (0..3)
            .map(|_| engine.connect(&ConnectOptions::new("system", "manager")).unwrap())
            .collect();
        let me = root.cell().crdb_id.to_string();
        for show in [
            "SHOW SESSIONS",
            "SHOW ALL SESSIONS",
            "SHOW LOCAL SESSIONS",
            "SHOW ALL CLUSTER STATEMENTS",
            "SHOW QUERIES",
        ] {
            let (direct_cols, direct) = rows(root.execute(show).unwrap());
            let (cols, via) = rows(root.execute(&format!("SELECT * FROM [{show}]")).unwrap());
            assert_eq!(direct_cols, cols, "{show}");
            let sid = cols.iter().position(|c| c == "session_id").unwrap();
            let others = |rs: Vec<Vec<crate::value::Value>>| -> Vec<_> {
                rs.into_iter().filter(|r| r[sid].to_text().as_deref() != Some(&*me)).collect()
            };
            assert_eq!(others(direct), others(via), "{show}");
        }
    }
}
