//! DBA_USERS, ALL_USERS, DBA_ROLE_PRIVS, DBA_SYS_PRIVS and SESSION_PRIVS, from the user
//! dictionary.

use super::Producer;
use super::fields::{build, resolve};
use super::sessions::date_at;
use crate::db::Database;
use crate::session::users::User;
use crate::value::{Row, Value};

/// The producer of `view`, if it is one of this module's.
pub fn producer(view: &str, columns: &[String]) -> Option<(Producer, bool)> {
    let fields = resolve_user_view(view, columns)?;
    let dictionary = view.starts_with("DBA_");
    let produce: Producer = match view {
        "DBA_USERS" | "ALL_USERS" => Box::new(move |db, _me, scan| {
            db.users
                .list()
                .iter()
                .map(|u| build(&fields, scan.needed, |f| user_value(db, u, f)))
                .collect()
        }),
        "DBA_ROLE_PRIVS" => Box::new(move |db, _me, scan| {
            let pairs = db.users.list().into_iter().flat_map(|u| {
                u.roles.iter().map(|r| (u.name.to_string(), r.clone())).collect::<Vec<_>>()
            });
            pairs.map(|(g, r)| grant_row(&fields, scan.needed, &g, &r)).collect()
        }),
        "DBA_SYS_PRIVS" => Box::new(move |db, _me, scan| {
            let mut rows = Vec::new();
            for (grantee, privs) in db.users.direct_grants() {
                for p in privs.names() {
                    rows.push(grant_row(&fields, scan.needed, &grantee, p));
                }
            }
            rows
        }),
        _ => Box::new(move |db, me, scan| {
            let privs = db.users.privileges(me.username());
            privs.names().map(|p| build(&fields, scan.needed, |_| Value::text(p))).collect()
        }),
    };
    Some((produce, dictionary))
}

#[derive(Clone, Copy)]
enum U {
    Name,
    Id,
    Created,
    Fixed(&'static str),
    Null,
    Tablespace,
    Maintained,
    Grantee,
    Granted,
}

fn resolve_user_view(view: &str, columns: &[String]) -> Option<Vec<U>> {
    let table: &[(&str, U)] = match view {
        "DBA_USERS" => &[
            ("USERNAME", U::Name),
            ("USER_ID", U::Id),
            ("ACCOUNT_STATUS", U::Fixed("OPEN")),
            ("LOCK_DATE", U::Null),
            ("EXPIRY_DATE", U::Null),
            ("DEFAULT_TABLESPACE", U::Tablespace),
            ("TEMPORARY_TABLESPACE", U::Fixed("TEMP")),
            ("CREATED", U::Created),
            ("PROFILE", U::Fixed("DEFAULT")),
            ("ORACLE_MAINTAINED", U::Maintained),
        ],
        "ALL_USERS" => &[
            ("USERNAME", U::Name),
            ("USER_ID", U::Id),
            ("CREATED", U::Created),
            ("COMMON", U::Fixed("NO")),
            ("ORACLE_MAINTAINED", U::Maintained),
        ],
        "DBA_ROLE_PRIVS" => &[
            ("GRANTEE", U::Grantee),
            ("GRANTED_ROLE", U::Granted),
            ("ADMIN_OPTION", U::Fixed("NO")),
            ("DEFAULT_ROLE", U::Fixed("YES")),
        ],
        "DBA_SYS_PRIVS" => {
            &[("GRANTEE", U::Grantee), ("PRIVILEGE", U::Granted), ("ADMIN_OPTION", U::Fixed("NO"))]
        }
        "SESSION_PRIVS" => &[("PRIVILEGE", U::Granted)],
        _ => return None,
    };
    Some(resolve(view, columns, table))
}

fn maintained(u: &User) -> bool {
    u.id < 100
}

fn user_value(db: &Database, u: &User, f: U) -> Value {
    match f {
        U::Name => Value::text(&*u.name),
        U::Id => Value::int(u.id as i64),
        U::Created => date_at(&db.clock, u.created),
        U::Fixed(s) => Value::text(s),
        U::Tablespace => Value::text(if maintained(u) { "SYSTEM" } else { "USERS" }),
        U::Maintained => Value::text(if maintained(u) { "Y" } else { "N" }),
        U::Null | U::Grantee | U::Granted => Value::Null,
    }
}

fn grant_row(fields: &[U], needed: &[bool], grantee: &str, granted: &str) -> Row {
    build(fields, needed, |f| match f {
        U::Grantee => Value::text(grantee),
        U::Granted => Value::text(granted),
        U::Fixed(s) => Value::text(s),
        _ => Value::Null,
    })
}
