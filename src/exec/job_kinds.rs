//! CockroachDB statements that create jobs (BACKUP, RESTORE, IMPORT, CREATE STATISTICS,
//! CHANGEFEED, schema changes) and the cluster settings they read.
//!
//! Each statement resolves its tables, builds the kind's work (`crate::jobs::kinds`) — which
//! checks what CockroachDB checks before it creates a job — and hands it to the registry
//! (`db.jobs`). As in CockroachDB, BACKUP / RESTORE / IMPORT then wait for their job on the
//! engine clock (a blocking call of the issuing session, ended by a kill or cancel of it) and
//! answer one row (job_id, status, fraction_completed, rows, index_entries, bytes), or only
//! the job id at once `WITH DETACHED`; CREATE STATISTICS and the schema changes wait and
//! answer their command tag; CREATE CHANGEFEED answers its job id and runs until cancelled.
//!
//! Also here: the not-cancelable `SCHEMA CHANGE` records that DROP TABLE and CREATE TABLE AS
//! leave ([`record_schema_change`], called by `exec::ddl`), and the automatic statistics
//! trigger ([`after_commit`], called after COMMIT).

use std::sync::Arc;

use super::eval::{Env, eval_scalar};
use super::tables::{self, Access};
use super::{Ctx, Done, Outcome, ResultSet};
use crate::db::Database;
use crate::error::OraError;
use crate::jobs::kinds::backup::Backup;
use crate::jobs::kinds::changefeed::Changefeed;
use crate::jobs::kinds::import::Import;
use crate::jobs::kinds::restore::{Restore, backup_chain};
use crate::jobs::kinds::schema_change::{
    AddColumn, CreateIndex, Immediate, create_index_description, default_index_name, rename_table,
};
use crate::jobs::kinds::stats::{AUTO_NAME, CreateStats, show_row, stale_tables, statistics_of};
use crate::jobs::kinds::{BulkTotals, SharedTotals, qualified};
use crate::jobs::{JobRecord, JobState, JobWork, NewJob};
use crate::sql::ast::{Expr, Ident, Literal, ObjectName};
use crate::sql::job_kinds::JobKindStatement as K;
use crate::storage::Table;
use crate::value::{ColumnDesc, SqlType, Value};

/// `job_type` of the kinds.
const SCHEMA_CHANGE: &str = "SCHEMA CHANGE";
const AUTO_CREATE_STATS: &str = "AUTO CREATE STATS";

/// The owner of the jobs the engine creates itself (automatic statistics).
const NODE_USER: &str = "node";

/// Executes one statement of the family.
pub fn execute(ctx: &mut Ctx<'_>, stmt: &K) -> Result<Outcome, OraError> {
    match stmt {
        K::Backup { tables, url, latest, detached } => backup(ctx, tables, url, *latest, *detached),
        K::Restore { tables, from, url, detached } => {
            restore(ctx, tables, from.as_deref(), url, *detached)
        }
        K::Import { table, columns, files, detached } => {
            import(ctx, table, columns, files, *detached)
        }
        K::CreateStatistics { name, columns, table } => {
            create_statistics(ctx, name, columns, table)
        }
        K::ShowStatistics { table } => show_statistics(ctx, table),
        K::CreateChangefeed { table, url } => changefeed(ctx, table, url),
        K::AddColumn { table, column } => add_column(ctx, table, column),
        K::RenameTable { table, new_name } => rename(ctx, table, new_name),
        K::CreateIndex { name, table, columns, unique } => {
            create_index(ctx, name.as_ref(), table, columns, *unique)
        }
        K::SetClusterSetting { name, value } => set_cluster_setting(ctx, name, value.as_ref()),
        K::ShowClusterSetting { name } => show_cluster_setting(ctx, name),
    }
}

// ---- jobs ---------------------------------------------------------------------------------

/// A job's work that keeps the error it failed with, so the statement waiting for the job
/// can return that very error (with its SQLSTATE), as CockroachDB's statements do.
struct Capture<W> {
    work: W,
    failure: Failure,
}

/// The error a job failed with.
type Failure = Arc<parking_lot::Mutex<Option<OraError>>>;

impl<W: JobWork> JobWork for Capture<W> {
    fn step(&mut self, db: &Database, budget: u64) -> Result<crate::jobs::Step, OraError> {
        self.work.step(db, budget).inspect_err(|e| *self.failure.lock() = Some(e.clone()))
    }

    fn revert(&mut self, db: &Database) -> Result<(), OraError> {
        self.work.revert(db)
    }
}

/// A job created for the calling user, with what its statement needs to wait for it.
struct Submitted {
    id: i64,
    failure: Failure,
}

/// Creates a job for the calling user.
fn submit(
    ctx: &Ctx<'_>,
    job_type: &str,
    description: String,
    tables: &[&Table],
    work: impl JobWork,
) -> Submitted {
    let failure = Failure::default();
    let work = Box::new(Capture { work, failure: failure.clone() });
    let mut job = NewJob::new(job_type, &description, ctx.me.username(), work);
    job.descriptor_ids = tables.iter().map(|t| t.id as i64).collect();
    Submitted { id: ctx.db.jobs.create(job), failure }
}

/// Waits for the job on the engine clock; its record if it succeeded, the error it failed
/// with, or CockroachDB's error for a cancelled job.
fn wait(ctx: &Ctx<'_>, job: &Submitted) -> Result<JobRecord, OraError> {
    let id = job.id;
    ctx.db.jobs.wait_finished(ctx.me, &[id])?;
    let rec = ctx.db.jobs.get(id).ok_or_else(|| missing_job(id))?;
    match rec.state {
        JobState::Succeeded => Ok(rec),
        JobState::Canceled => Err(OraError::crdb("57014", "job canceled by user")),
        _ => Err(job
            .failure
            .lock()
            .take()
            .unwrap_or_else(|| OraError::crdb("XXUUU", format!("job {id}: {}", rec.error)))),
    }
}

fn missing_job(id: i64) -> OraError {
    OraError::crdb("42704", format!("job with ID {id} does not exist"))
}

/// The row BACKUP / RESTORE / IMPORT answer when their job is done, or only the job id
/// `WITH DETACHED`.
fn bulk_result(
    ctx: &Ctx<'_>,
    job: Submitted,
    totals: SharedTotals,
    detached: bool,
) -> Result<Outcome, OraError> {
    let id = job.id;
    if detached {
        return Ok(job_id_row(id));
    }
    let rec = wait(ctx, &job)?;
    let BulkTotals { rows: n, index_entries, bytes } = *totals.lock();
    let columns = vec![
        ("JOB_ID", SqlType::NUMBER),
        ("STATUS", SqlType::Varchar2(9)),
        ("FRACTION_COMPLETED", SqlType::NUMBER),
        ("ROWS", SqlType::NUMBER),
        ("INDEX_ENTRIES", SqlType::NUMBER),
        ("BYTES", SqlType::NUMBER),
    ];
    let row = vec![
        Value::int(id),
        Value::text(rec.state.as_str()),
        Value::int(rec.fraction_completed.round() as i64),
        Value::int(n as i64),
        Value::int(index_entries as i64),
        Value::int(bytes as i64),
    ];
    Ok(rows(columns, vec![row]))
}

/// The one-row answer `job_id` (DETACHED jobs, changefeeds).
fn job_id_row(id: i64) -> Outcome {
    rows(vec![("JOB_ID", SqlType::NUMBER)], vec![vec![Value::int(id)]])
}

fn rows(columns: Vec<(&str, SqlType)>, rows: Vec<Vec<Value>>) -> Outcome {
    let columns = columns.into_iter().map(|(n, t)| ColumnDesc::new(n, t)).collect();
    Outcome::Rows(ResultSet { columns, rows })
}

fn tag(t: &str) -> Outcome {
    Outcome::Done(Done::Tag(t.into()))
}

fn resolve(ctx: &Ctx<'_>, name: &ObjectName, access: Access) -> Result<Arc<Table>, OraError> {
    tables::resolve(&Env::of(ctx), name, access).map_err(|_| relation_missing(name))
}

/// CockroachDB's missing-table error (SQLSTATE 42P01).
fn relation_missing(name: &ObjectName) -> OraError {
    let n = name.object().name.to_lowercase();
    OraError::crdb("42P01", format!("relation \"{n}\" does not exist"))
}

fn quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn names(ids: &[Ident]) -> Vec<String> {
    ids.iter().map(|i| i.name.clone()).collect()
}

fn lower_list(ids: &[Ident]) -> String {
    ids.iter().map(|i| i.name.to_lowercase()).collect::<Vec<_>>().join(", ")
}

// ---- BACKUP / RESTORE / IMPORT ------------------------------------------------------------

/// `BACKUP [TABLE t, ...] INTO [LATEST IN] 'url'`: without tables, every table of the user's
/// schema; `LATEST IN` appends an incremental layer to the latest full backup.
fn backup(
    ctx: &mut Ctx<'_>,
    names: &[ObjectName],
    url: &str,
    latest: bool,
    detached: bool,
) -> Result<Outcome, OraError> {
    let tables = if names.is_empty() {
        let schema = ctx.me.lock().schema.clone();
        ctx.db.storage.tables().into_iter().filter(|t| t.owner == schema).collect()
    } else {
        names.iter().map(|n| resolve(ctx, n, Access::Read)).collect::<Result<Vec<_>, _>>()?
    };
    let targets = match names.is_empty() {
        true => String::new(),
        false => {
            let list: Vec<String> = tables.iter().map(|t| qualified(t)).collect();
            format!("TABLE {} ", list.join(", "))
        }
    };
    let work = match latest {
        true => Backup::incremental(ctx.db, tables.clone(), url)?,
        false => Backup::new(ctx.db, tables.clone(), url)?,
    };
    // As CockroachDB describes an appended layer: with the full backup LATEST resolved to.
    let into = work.base().map(|b| format!("{} IN ", quoted(&format!("/{b}")))).unwrap_or_default();
    let totals = work.totals.clone();
    let description = format!("BACKUP {targets}INTO {into}{}", quoted(url));
    let refs: Vec<&Table> = tables.iter().map(|t| &**t).collect();
    let job = submit(ctx, "BACKUP", description, &refs, work);
    bulk_result(ctx, job, totals, detached)
}

/// `RESTORE TABLE t FROM LATEST IN 'url'`: one table per statement here.
fn restore(
    ctx: &mut Ctx<'_>,
    names: &[ObjectName],
    from: Option<&str>,
    url: &str,
    detached: bool,
) -> Result<Outcome, OraError> {
    let [name] = names else {
        return Err(OraError::crdb("0A000", "RESTORE of more than one table at a time"));
    };
    let (owner, object) = tables::owner_and_name(&Env::of(ctx), name)?;
    let user = ctx.me.username();
    if *owner != *user && !ctx.db.users.is_admin(user) {
        let (u, o) = (user.to_lowercase(), owner.to_lowercase());
        let text = format!("user {u} does not have CREATE privilege on schema {o}");
        return Err(OraError::crdb("42501", text));
    }
    let chain = backup_chain(ctx.db, from, url)?;
    let work = Restore::new(ctx.db, &chain, &owner, object)?;
    let totals = work.totals.clone();
    let source = match from {
        Some(f) => format!("{} IN {}", quoted(f), quoted(url)),
        None => quoted(url),
    };
    let description =
        format!("RESTORE TABLE {}.{} FROM {source}", owner.to_lowercase(), object.to_lowercase());
    let job = submit(ctx, "RESTORE", description, &[], work);
    bulk_result(ctx, job, totals, detached)
}

/// `IMPORT INTO t [(cols)] CSV DATA ('url', ...)`.
fn import(
    ctx: &mut Ctx<'_>,
    name: &ObjectName,
    columns: &[Ident],
    files: &[String],
    detached: bool,
) -> Result<Outcome, OraError> {
    let table = resolve(ctx, name, Access::Write)?;
    let work = Import::new(ctx.db, table.clone(), &names(columns), files)?;
    let totals = work.totals.clone();
    let cols =
        if columns.is_empty() { String::new() } else { format!("({})", lower_list(columns)) };
    let files: Vec<String> = files.iter().map(|f| quoted(f)).collect();
    let description =
        format!("IMPORT INTO {}{cols} CSV DATA ({})", qualified(&table), files.join(", "));
    let job = submit(ctx, "IMPORT", description, &[&table], work);
    bulk_result(ctx, job, totals, detached)
}

// ---- statistics ---------------------------------------------------------------------------

/// `CREATE STATISTICS s [ON cols] FROM t`: waits for its `CREATE STATS` job.
fn create_statistics(
    ctx: &mut Ctx<'_>,
    name: &Ident,
    columns: &[Ident],
    table: &ObjectName,
) -> Result<Outcome, OraError> {
    let t = resolve(ctx, table, Access::Read)?;
    let stat_name = name.name.to_lowercase();
    let work = CreateStats::new(t.clone(), &stat_name, &names(columns))?;
    let on =
        if columns.is_empty() { String::new() } else { format!(" ON {}", lower_list(columns)) };
    let description = format!("CREATE STATISTICS {stat_name}{on} FROM {}", qualified(&t));
    wait(ctx, &submit(ctx, "CREATE STATS", description, &[&t], work))?;
    Ok(tag("CREATE STATISTICS"))
}

/// `SHOW STATISTICS FOR TABLE t`: CockroachDB's columns (lower-case headings), oldest first.
fn show_statistics(ctx: &mut Ctx<'_>, table: &ObjectName) -> Result<Outcome, OraError> {
    let t = resolve(ctx, table, Access::Read)?;
    let columns = vec![
        ("statistics_name", SqlType::Varchar2(15)),
        ("column_names", SqlType::Varchar2(20)),
        ("created", SqlType::Varchar2(26)),
        ("row_count", SqlType::NUMBER),
        ("distinct_count", SqlType::NUMBER),
        ("null_count", SqlType::NUMBER),
        ("avg_size", SqlType::NUMBER),
        ("histogram_id", SqlType::NUMBER),
    ];
    let stats = statistics_of(ctx.db, &t).iter().map(|s| show_row(ctx.db, s)).collect();
    Ok(rows(columns, stats))
}

/// Creates `AUTO CREATE STATS` jobs for the stale tables (`kinds::stats`): called after
/// every COMMIT, so a table that changes enough gets fresh statistics, and one whose
/// automatic job was cancelled gets a new one at its next committed change. The check reads
/// every row slot's change stamp, so it runs at most once per engine second (a COMMIT in the
/// same second as the last check skips it).
pub fn after_commit(db: &Database) {
    if !db.job_kinds.settings.lock().auto_stats_enabled {
        return;
    }
    let second = db.clock.now().as_secs();
    if db.job_kinds.last_auto_check.lock().replace(second) == Some(second) {
        return;
    }
    let running = |t: &Table| {
        let mut busy = false;
        db.jobs.for_each(|j| {
            busy |= j.job_type == AUTO_CREATE_STATS
                && !j.state.is_terminal()
                && j.descriptor_ids.contains(&(t.id as i64));
        });
        busy
    };
    for t in stale_tables(db, running) {
        let Ok(work) = CreateStats::new(t.clone(), AUTO_NAME, &[]) else { continue };
        let description = format!("Table statistics refresh for {}", qualified(&t));
        let mut job = NewJob::new(AUTO_CREATE_STATS, &description, NODE_USER, Box::new(work));
        job.descriptor_ids = vec![t.id as i64];
        job.statement = format!("CREATE STATISTICS {AUTO_NAME} FROM {}", qualified(&t));
        db.jobs.create(job);
    }
}

// ---- changefeeds --------------------------------------------------------------------------

/// `CREATE CHANGEFEED FOR TABLE t INTO 'url'`: answers the job id at once.
fn changefeed(ctx: &mut Ctx<'_>, table: &ObjectName, url: &str) -> Result<Outcome, OraError> {
    let t = resolve(ctx, table, Access::Read)?;
    let work = Changefeed::new(ctx.db, t.clone(), url)?;
    let description = format!("CREATE CHANGEFEED FOR TABLE {} INTO {}", qualified(&t), quoted(url));
    Ok(job_id_row(submit(ctx, "CHANGEFEED", description, &[&t], work).id))
}

// ---- schema changes -----------------------------------------------------------------------

/// `ALTER TABLE t ADD [COLUMN] c type [DEFAULT expr]`: a SCHEMA CHANGE job backfills it.
fn add_column(
    ctx: &mut Ctx<'_>,
    table: &ObjectName,
    column: &crate::sql::ast::ColumnDef,
) -> Result<Outcome, OraError> {
    super::admin::implicit_commit(ctx);
    let t = resolve(ctx, table, Access::Write)?;
    let value = match &column.default {
        Some(e) => eval_scalar(ctx, e)?,
        None => Value::Null,
    };
    let spec = super::ddl::column_spec(column)?;
    let default = spec.default.as_ref().map(|d| format!(" DEFAULT {d}")).unwrap_or_default();
    let description = format!(
        "ALTER TABLE {} ADD COLUMN {} {}{default}",
        qualified(&t),
        column.name.name.to_lowercase(),
        column.ty
    );
    let work = AddColumn::new(t.clone(), spec, value)?;
    wait(ctx, &submit(ctx, SCHEMA_CHANGE, description, &[&t], work))?;
    Ok(tag("ALTER TABLE"))
}

/// `CREATE [UNIQUE] INDEX [name] ON t (cols)`: a SCHEMA CHANGE job builds it.
fn create_index(
    ctx: &mut Ctx<'_>,
    name: Option<&Ident>,
    table: &ObjectName,
    columns: &[Ident],
    unique: bool,
) -> Result<Outcome, OraError> {
    super::admin::implicit_commit(ctx);
    let t = resolve(ctx, table, Access::Write)?;
    let cols = names(columns);
    let index = match name {
        Some(n) => n.name.to_lowercase(),
        None => default_index_name(&t, &cols, unique),
    };
    let work = CreateIndex::new(ctx.db, t.clone(), &index, &cols, unique)?;
    let description = create_index_description(&t, &index, &cols, unique);
    wait(ctx, &submit(ctx, SCHEMA_CHANGE, description, &[&t], work))?;
    Ok(tag("CREATE INDEX"))
}

/// `ALTER TABLE t RENAME TO n`: renamed at once; the not-cancelable job records it.
fn rename(ctx: &mut Ctx<'_>, table: &ObjectName, new_name: &Ident) -> Result<Outcome, OraError> {
    super::admin::implicit_commit(ctx);
    let t = resolve(ctx, table, Access::Write)?;
    let renamed = rename_table(ctx.db, &t, &new_name.name)?;
    let description = format!(
        "ALTER TABLE {} RENAME TO {}.{}",
        qualified(&t),
        t.owner.to_lowercase(),
        new_name.name.to_lowercase()
    );
    record(ctx.db, ctx.me.username(), SCHEMA_CHANGE, description, &renamed);
    Ok(tag("ALTER TABLE"))
}

/// Records a not-cancelable job for DDL that did its work already.
fn record(db: &Database, user: &str, job_type: &str, description: String, table: &Table) -> i64 {
    let mut job = NewJob::new(job_type, &description, user, Box::new(Immediate));
    job.descriptor_ids = vec![table.id as i64];
    job.noncancelable = true;
    db.jobs.create(job)
}

/// What DDL leaves in the job registry, as CockroachDB's schema changer does: DROP TABLE a
/// `SCHEMA CHANGE` and a `SCHEMA CHANGE GC` job, CREATE TABLE AS a `SCHEMA CHANGE` job — all
/// not cancelable. Called by `exec::ddl` after the Oracle statement succeeded; the Oracle
/// statement's own behaviour and answer do not change.
pub fn record_schema_change(ctx: &Ctx<'_>, table: &Table, statement: SchemaChange) {
    let user = ctx.me.username();
    let name = qualified(table);
    match statement {
        SchemaChange::DropTable => {
            let drop = format!("DROP TABLE {name}");
            record(ctx.db, user, SCHEMA_CHANGE, drop.clone(), table);
            record(ctx.db, user, "SCHEMA CHANGE GC", format!("GC for {drop}"), table);
        }
        SchemaChange::CreateTableAs => {
            let text = ctx.text.trim().trim_end_matches(';');
            record(ctx.db, user, SCHEMA_CHANGE, text.to_string(), table);
        }
    }
}

/// The Oracle DDL statements that leave a job record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaChange {
    /// DROP TABLE.
    DropTable,
    /// CREATE TABLE ... AS SELECT.
    CreateTableAs,
}

// ---- cluster settings ---------------------------------------------------------------------

/// The cluster settings known here.
const SETTINGS: &[&str] = &[
    "sql.stats.automatic_collection.enabled",
    "sql.stats.automatic_collection.fraction_stale_rows",
    "sql.stats.automatic_collection.min_stale_rows",
];

fn check_setting(ctx: &Ctx<'_>, name: &str, verb: &str) -> Result<(), OraError> {
    if !ctx.db.users.is_admin(ctx.me.username()) {
        let privs = match verb {
            "set" => "MODIFYCLUSTERSETTING or MODIFYSQLCLUSTERSETTING privilege",
            _ => "MODIFYCLUSTERSETTING, MODIFYSQLCLUSTERSETTING or VIEWCLUSTERSETTING privilege",
        };
        return Err(OraError::crdb(
            "42501",
            format!("only users with the {privs} are allowed to {verb} cluster setting '{name}'"),
        ));
    }
    if !SETTINGS.contains(&name) {
        return Err(OraError::crdb("42704", format!("unknown cluster setting '{name}'")));
    }
    Ok(())
}

/// `SET CLUSTER SETTING name = value | DEFAULT` (admin only).
fn set_cluster_setting(
    ctx: &mut Ctx<'_>,
    name: &str,
    value: Option<&Expr>,
) -> Result<Outcome, OraError> {
    check_setting(ctx, name, "set")?;
    let value = match value {
        None => None,
        Some(Expr::Column(n)) if n.parts.len() == 1 => Some(Value::text(&n.parts[0].name)),
        Some(Expr::Literal(Literal::Bool(b))) => Some(Value::Bool(*b)),
        Some(e) => Some(eval_scalar(ctx, e)?),
    };
    let defaults = crate::jobs::kinds::Settings::default();
    let mut s = ctx.db.job_kinds.settings.lock();
    let bad = |v: &Value, ty: &str| {
        let v = v.to_text().unwrap_or_default();
        OraError::crdb("22023", format!("could not parse \"{v}\" as type {ty}"))
    };
    match (name, value) {
        ("sql.stats.automatic_collection.enabled", v) => {
            s.auto_stats_enabled = match v {
                None => defaults.auto_stats_enabled,
                Some(Value::Bool(b)) => b,
                Some(v) => match v.to_text().unwrap_or_default().to_lowercase().as_str() {
                    "true" | "on" => true,
                    "false" | "off" => false,
                    _ => return Err(bad(&v, "bool")),
                },
            }
        }
        ("sql.stats.automatic_collection.fraction_stale_rows", v) => {
            s.fraction_stale_rows = match v {
                None => defaults.fraction_stale_rows,
                Some(v) => number(&v).ok_or_else(|| bad(&v, "float"))?,
            }
        }
        (_, v) => {
            s.min_stale_rows = match v {
                None => defaults.min_stale_rows,
                Some(v) => number(&v).ok_or_else(|| bad(&v, "int"))? as u64,
            }
        }
    }
    Ok(tag("SET CLUSTER SETTING"))
}

fn number(v: &Value) -> Option<f64> {
    v.to_number().ok().flatten().and_then(|d| d.to_string().parse().ok())
}

/// `SHOW CLUSTER SETTING name` (admin only): one column named after the setting.
fn show_cluster_setting(ctx: &mut Ctx<'_>, name: &str) -> Result<Outcome, OraError> {
    check_setting(ctx, name, "show")?;
    let s = ctx.db.job_kinds.settings.lock().clone();
    let text = match name {
        "sql.stats.automatic_collection.enabled" => s.auto_stats_enabled.to_string(),
        "sql.stats.automatic_collection.fraction_stale_rows" => s.fraction_stale_rows.to_string(),
        _ => s.min_stale_rows.to_string(),
    };
    Ok(rows(vec![(name, SqlType::Varchar2(40))], vec![vec![Value::text(text)]]))
}
