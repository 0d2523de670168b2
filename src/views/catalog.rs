//! The view catalog, generated from the files under the top-level `views/` directory.
//!
//! Each file is a `CREATE TABLE` in the engine's own dialect, preceded by a `--` paragraph
//! saying what one row means and with a `-- meaning` after each column. The catalog parses the
//! files with the engine's parser (so they are real DDL) once, at first use, and pairs each view
//! with its producer. The file is the documentation and the schema at once.

use std::sync::LazyLock;

use indexmap::IndexMap;

use super::{
    Producer, Scan, ViewDef, crdb_sessions, instance, jobs, locks, plsql, services, sessions,
    sql_area, statistics, tables, users,
};
use crate::sql::{
    self,
    ast::{Query, QueryBody, Statement, TableRef},
};
use crate::value::{ColumnDesc, SqlType, Value};

/// The view files, embedded at build time: (file name, text).
pub const FILES: &[(&str, &str)] = &[
    ("v_session.sql", include_str!("../../views/v_session.sql")),
    ("v_process.sql", include_str!("../../views/v_process.sql")),
    ("v_instance.sql", include_str!("../../views/v_instance.sql")),
    ("v_database.sql", include_str!("../../views/v_database.sql")),
    ("dual.sql", include_str!("../../views/dual.sql")),
    ("dba_users.sql", include_str!("../../views/dba_users.sql")),
    ("all_users.sql", include_str!("../../views/all_users.sql")),
    ("dba_role_privs.sql", include_str!("../../views/dba_role_privs.sql")),
    ("dba_sys_privs.sql", include_str!("../../views/dba_sys_privs.sql")),
    ("session_privs.sql", include_str!("../../views/session_privs.sql")),
    ("v_lock.sql", include_str!("../../views/v_lock.sql")),
    ("v_transaction.sql", include_str!("../../views/v_transaction.sql")),
    ("v_sql.sql", include_str!("../../views/v_sql.sql")),
    ("v_sqlarea.sql", include_str!("../../views/v_sqlarea.sql")),
    ("v_locked_object.sql", include_str!("../../views/v_locked_object.sql")),
    ("dba_blockers.sql", include_str!("../../views/dba_blockers.sql")),
    ("dba_waiters.sql", include_str!("../../views/dba_waiters.sql")),
    ("dba_objects.sql", include_str!("../../views/dba_objects.sql")),
    ("user_tables.sql", include_str!("../../views/user_tables.sql")),
    ("all_tables.sql", include_str!("../../views/all_tables.sql")),
    ("user_tab_columns.sql", include_str!("../../views/user_tab_columns.sql")),
    ("v_services.sql", include_str!("../../views/v_services.sql")),
    ("v_active_services.sql", include_str!("../../views/v_active_services.sql")),
    ("dba_services.sql", include_str!("../../views/dba_services.sql")),
    ("user_source.sql", include_str!("../../views/user_source.sql")),
    ("user_procedures.sql", include_str!("../../views/user_procedures.sql")),
    ("user_errors.sql", include_str!("../../views/user_errors.sql")),
    (
        "crdb_internal.node_sessions.sql",
        include_str!("../../views/crdb_internal.node_sessions.sql"),
    ),
    (
        "crdb_internal.cluster_sessions.sql",
        include_str!("../../views/crdb_internal.cluster_sessions.sql"),
    ),
    ("crdb_internal.node_queries.sql", include_str!("../../views/crdb_internal.node_queries.sql")),
    (
        "crdb_internal.cluster_queries.sql",
        include_str!("../../views/crdb_internal.cluster_queries.sql"),
    ),
    ("crdb_internal.jobs.sql", include_str!("../../views/crdb_internal.jobs.sql")),
    ("system.jobs.sql", include_str!("../../views/system.jobs.sql")),
    ("system.scheduled_jobs.sql", include_str!("../../views/system.scheduled_jobs.sql")),
    (
        "crdb_internal.table_statistics.sql",
        include_str!("../../views/crdb_internal.table_statistics.sql"),
    ),
];

/// A view's declaration as read from its file.
#[derive(Debug, Clone)]
pub struct Declared {
    /// The view name.
    pub name: String,
    /// The leading comment paragraph.
    pub comment: String,
    /// Columns in order.
    pub columns: Vec<ColumnDesc>,
    /// One meaning per column.
    pub meanings: Vec<String>,
}

/// Parses one view file. Errors are strings naming the file: they are defects of the shipped
/// files, reported by the catalog tests.
pub fn declare(file: &str, text: &str) -> Result<Declared, String> {
    let body = text.trim_end().strip_suffix(';').ok_or_else(|| format!("{file}: no final ';'"))?;
    let stmt = sql::parse(body).map_err(|e| format!("{file}: {e}"))?;
    let Statement::CreateTable(ct) = stmt else {
        return Err(format!("{file}: not a CREATE TABLE"));
    };
    // CockroachDB's virtual schemas keep their prefix: `CRDB_INTERNAL.JOBS`, `SYSTEM.JOBS`.
    let name = match ct.name.parts.as_slice() {
        [schema, one] if VIRTUAL_SCHEMAS.contains(&schema.name.as_str()) => {
            format!("{}.{}", schema.name, one.name)
        }
        _ => ct.name.object().name.clone(),
    };
    let (columns, meanings) = match &ct.as_query {
        // `CREATE TABLE x AS SELECT * FROM y`: a twin with y's columns (CockroachDB's
        // cluster_ tables are their node_ tables on a one-node cluster).
        Some(q) => twin_columns(file, q)?,
        None => {
            let columns: Vec<ColumnDesc> =
                ct.columns.iter().map(|c| ColumnDesc::new(c.name.name.clone(), c.ty)).collect();
            let meanings = columns.iter().map(|c| meaning_of(text, &c.name)).collect();
            (columns, meanings)
        }
    };
    let comment = text
        .lines()
        .take_while(|l| l.trim_start().starts_with("--"))
        .map(|l| l.trim_start().trim_start_matches("--").trim())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(Declared { name, comment, columns, meanings })
}

/// The columns and meanings of the view a `CREATE TABLE ... AS SELECT * FROM view` file copies.
fn twin_columns(file: &str, q: &Query) -> Result<(Vec<ColumnDesc>, Vec<String>), String> {
    let source = match &q.body {
        QueryBody::Select(s) => match s.from.as_slice() {
            [TableRef::Named { name, .. }] => {
                name.parts.iter().map(|p| p.name.to_lowercase()).collect::<Vec<_>>().join(".")
            }
            _ => return Err(format!("{file}: a twin copies one view")),
        },
        _ => return Err(format!("{file}: a twin copies one view")),
    };
    let wanted = format!("{source}.sql");
    let (f, t) = FILES
        .iter()
        .find(|(f, _)| *f == wanted)
        .ok_or_else(|| format!("{file}: no view file {wanted}"))?;
    let decl = declare(f, t)?;
    Ok((decl.columns, decl.meanings))
}

/// Schemas whose tables are views of their own (CockroachDB's), named with the schema prefix;
/// every other view is Oracle's, reachable with or without `SYS.` / `PUBLIC.`.
pub const VIRTUAL_SCHEMAS: &[&str] = &["CRDB_INTERNAL", "SYSTEM"];

/// The `-- meaning` on the line that declares `column`.
fn meaning_of(text: &str, column: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|l| {
            let first = l.split_whitespace().next().map(|w| w.trim_matches('"'));
            first.is_some_and(|w| w.eq_ignore_ascii_case(column))
        })
        .and_then(|l| l.split_once("--"))
        .map(|(_, m)| m.trim().to_string())
        .unwrap_or_default()
}

/// The producer of a declared view, and whether it is a dictionary view.
fn producer(decl: &Declared) -> Option<(Producer, bool)> {
    let cols: Vec<String> = decl.columns.iter().map(|c| c.name.clone()).collect();
    sessions::producer(&decl.name, &cols)
        .or_else(|| instance::producer(&decl.name, &cols))
        .or_else(|| users::producer(&decl.name, &cols))
        .or_else(|| locks::producer(&decl.name, &cols))
        .or_else(|| tables::producer(&decl.name, &cols))
        .or_else(|| services::producer(&decl.name, &cols))
        .or_else(|| plsql::producer(&decl.name, &cols))
        .or_else(|| jobs::producer(&decl.name, &cols))
        .or_else(|| crdb_sessions::producer(&decl.name, &cols))
        .or_else(|| statistics::producer(&decl.name, &cols))
        .or_else(|| sql_area::producer(&decl.name, &cols))
}

struct Catalog {
    views: IndexMap<String, ViewDef>,
}

static CATALOG: LazyLock<Catalog> = LazyLock::new(build);

fn build() -> Catalog {
    let mut views = IndexMap::new();
    for (file, text) in FILES {
        let decl =
            declare(file, text).unwrap_or_else(|e| panic!("shipped view file is broken: {e}"));
        let (inner, dictionary) =
            producer(&decl).unwrap_or_else(|| panic!("{file}: view {} has no producer", decl.name));
        // Whatever a producer did with the scan's conditions, rows failing them go here.
        let produce: Producer = Box::new(move |db, me, scan| {
            let mut rows = inner(db, me, scan);
            if !scan.equals.is_empty() {
                rows.retain(|r| scan.keeps(r));
            }
            rows
        });
        let view = ViewDef {
            name: decl.name.clone(),
            comment: decl.comment,
            columns: decl.columns,
            meanings: decl.meanings,
            dictionary,
            produce,
        };
        if let Some(global) = global_twin(&view) {
            views.insert(global.name.clone(), global);
        }
        views.insert(view.name.clone(), view);
    }
    Catalog { views }
}

/// `GV$X` for `V$X`: INST_ID first, then X's columns, rows of this one instance.
fn global_twin(view: &ViewDef) -> Option<ViewDef> {
    let rest = view.name.strip_prefix("V$")?;
    let local = view.name.clone();
    let mut columns = vec![ColumnDesc::new("INST_ID", SqlType::NUMBER)];
    columns.extend(view.columns.iter().cloned());
    let mut meanings = vec!["instance number (always 1: one instance)".to_string()];
    meanings.extend(view.meanings.iter().cloned());
    let produce: Producer = Box::new(move |db, me, scan| {
        let inner = get(&local).expect("the local view exists");
        let equals: Vec<(usize, Value)> =
            scan.equals.iter().filter(|(c, _)| *c > 0).map(|(c, v)| (c - 1, v.clone())).collect();
        let needed = scan.needed;
        let rows = (inner.produce)(db, me, &Scan { needed: &needed[1..], equals: &equals });
        rows.into_iter()
            .map(|r| {
                let mut row = Vec::with_capacity(r.len() + 1);
                row.push(if needed[0] { Value::int(1) } else { Value::Null });
                row.extend(r);
                row
            })
            .collect()
    });
    Some(ViewDef {
        name: format!("GV${rest}"),
        comment: format!("{} (all instances)", view.comment),
        columns,
        meanings,
        dictionary: view.dictionary,
        produce,
    })
}

/// The view named `name` (normalised, without schema).
pub fn get(name: &str) -> Option<&'static ViewDef> {
    CATALOG.views.get(name)
}

/// All views, in declaration order (GV$ twins before their V$ views).
pub fn all() -> impl Iterator<Item = &'static ViewDef> {
    CATALOG.views.values()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_view_file_parses_and_has_a_producer_with_matching_columns() {
        for (file, text) in FILES {
            let decl = declare(file, text).unwrap();
            let expected = format!("{}.sql", decl.name.to_lowercase().replace('$', "_"));
            assert_eq!(*file, expected, "file name = lower-case view name with $ as _");
            assert!(producer(&decl).is_some(), "{file} has a producer");
            assert!(
                decl.meanings.iter().all(|m| !m.is_empty()),
                "{file}: every column has a meaning"
            );
            assert!(!decl.comment.is_empty(), "{file}: a leading comment says what a row means");
        }
        assert!(all().count() > FILES.len(), "GV$ twins are added");
        assert_eq!(get("GV$SESSION").unwrap().columns[0].name, "INST_ID");
    }
}
