//! DML and row locking: INSERT (VALUES and SELECT), UPDATE, DELETE, SELECT ... FOR UPDATE and
//! LOCK TABLE, each run inside [`Storage::statement`](crate::storage::Storage::statement) so
//! a failing statement undoes only itself and leaves the transaction open.
//!
//! The first change opens the transaction (storage takes the TM lock, then the TX); it stays
//! open across calls until COMMIT, ROLLBACK, DDL, a kill or logoff. UPDATE, DELETE and FOR
//! UPDATE find their rows on the session's snapshot, then write each through storage, which
//! waits for another transaction's row lock and re-tests the WHERE clause on the row's current
//! version before changing it.

use std::sync::Arc;

use super::compile::{self, compile_scalar, invalid_identifier};
use super::eval::{CExpr, Env, RowRef, eval};
use super::returning::Returned;
use super::tables::{self, Access, TableScope, for_each_match, holds};
use super::{Ctx, Dml, Done, Outcome, ResultSet, query};
use crate::error::{
    DUPLICATE_COLUMN_NAME, MISSING_KEYWORD, NOT_ENOUGH_VALUES, OraError, TOO_MANY_VALUES,
    UNIMPLEMENTED_FEATURE,
};
use crate::ora;
use crate::sql::ast::{
    self, Delete, Expr, ForUpdate, Ident, Insert, InsertSource, ObjectName, Query, QueryBody,
    SelectItem, Statement, TableRef, Update,
};
use crate::storage::{LockMode, LockWait, RowOutcome, Table};
use crate::value::{Row, Value};

/// The caller's names (PL/SQL variables, binds) a statement's expressions may use.
pub type Names<'n> = Option<&'n dyn compile::Names>;

/// `INSERT INTO t [(cols)] VALUES (...) | SELECT ...`, collecting its RETURNING values in
/// `ret` when given.
pub fn insert(
    ctx: &mut Ctx<'_>,
    ins: &Insert,
    names: Names<'_>,
    ret: Option<&mut Returned>,
) -> Result<Outcome, OraError> {
    let table = tables::resolve(&Env::of(ctx), &ins.table, Access::Write)?;
    let targets = target_columns(&table, &ins.columns)?;
    let sources: Vec<Row> = match &ins.source {
        InsertSource::Values(exprs) => {
            check_value_count(exprs.len(), targets.len())?;
            let env = Env::of(ctx);
            let row = exprs
                .iter()
                .map(|e| eval(&env, &compile_scalar(&env, e, names)?, RowRef::empty()))
                .collect::<Result<Row, _>>()?;
            vec![row]
        }
        InsertSource::Query(q) => {
            let rs = query::run_query_with(ctx, q, names)?;
            check_value_count(rs.columns.len(), targets.len())?;
            rs.rows
        }
    };
    let env = Env::of(ctx);
    let one_row = matches!(ins.source, InsertSource::Values(_));
    let defaults = Defaults::compile(&env, &table, &targets)?;
    let scope = TableScope::new(&table, &ins.table, None);
    let mut ret = returning(&env, &scope, ins.returning.as_ref(), names, ret)?;
    let storage = &env.db.storage;
    let insert_all = || {
        let mut n = 0;
        for values in sources {
            if n & 1023 == 1023 {
                crate::session::call::check(env.me)?;
            }
            let row = defaults.complete(&env, &targets, values)?;
            if let Some(r) = ret.as_deref_mut() {
                r.stage(&env, &table.coerce(row.clone(), false)?)?;
            }
            storage.insert(env.me, &table, row)?;
            if let Some(r) = ret.as_deref_mut() {
                r.done()?;
            }
            n += 1;
        }
        Ok(n)
    };
    // One row is inserted whole or not at all; several need statement-level rollback.
    let count = if one_row { insert_all()? } else { storage.statement(env.me, insert_all)? };
    Ok(Outcome::Affected { verb: Dml::Insert, count })
}

/// ORA-00947 / ORA-00913 when the values do not match the target columns.
fn check_value_count(values: usize, targets: usize) -> Result<(), OraError> {
    match values.cmp(&targets) {
        std::cmp::Ordering::Less => Err(ora!(NOT_ENOUGH_VALUES)),
        std::cmp::Ordering::Greater => Err(ora!(TOO_MANY_VALUES)),
        std::cmp::Ordering::Equal => Ok(()),
    }
}

/// The positions of an INSERT's column list (every column, in order, when there is none).
fn target_columns(table: &Table, cols: &[Ident]) -> Result<Vec<usize>, OraError> {
    if cols.is_empty() {
        return Ok((0..table.columns.len()).collect());
    }
    let mut out = Vec::with_capacity(cols.len());
    for c in cols {
        let i = table
            .column_index(&c.name)
            .ok_or_else(|| invalid_identifier(std::slice::from_ref(c)))?;
        if out.contains(&i) {
            return Err(ora!(DUPLICATE_COLUMN_NAME).at(c.pos));
        }
        out.push(i);
    }
    Ok(out)
}

/// The DEFAULT expressions of the columns an INSERT leaves out, compiled once per statement
/// and evaluated for every row (so `DEFAULT SYSDATE` is per row, as in Oracle).
struct Defaults {
    /// (column position, compiled DEFAULT) for each omitted column with a DEFAULT.
    exprs: Vec<(usize, CExpr)>,
    width: usize,
}

impl Defaults {
    fn compile(env: &Env<'_>, table: &Table, targets: &[usize]) -> Result<Defaults, OraError> {
        let mut exprs = Vec::new();
        for (i, c) in table.columns.iter().enumerate() {
            if targets.contains(&i) {
                continue;
            }
            if let Some(text) = &c.default {
                exprs.push((i, compile_scalar(env, &default_expr(text)?, None)?));
            }
        }
        Ok(Defaults { exprs, width: table.columns.len() })
    }

    /// The full row: the given values in their columns, defaults (or NULL) elsewhere.
    fn complete(&self, env: &Env<'_>, targets: &[usize], values: Row) -> Result<Row, OraError> {
        if targets.len() == self.width && targets.iter().enumerate().all(|(i, t)| i == *t) {
            return Ok(values);
        }
        let mut row = vec![Value::Null; self.width];
        for (i, v) in targets.iter().zip(values) {
            row[*i] = v;
        }
        for (i, e) in &self.exprs {
            row[*i] = eval(env, e, RowRef::empty())?;
        }
        Ok(row)
    }
}

/// Parses a column's DEFAULT text back into an expression.
fn default_expr(text: &str) -> Result<Expr, OraError> {
    let stmt = crate::sql::parse(&format!("SELECT {text} FROM DUAL"))?;
    if let Statement::Query(q) = stmt
        && let QueryBody::Select(s) = q.body
        && let Some(SelectItem::Expr { expr, .. }) = s.items.into_iter().next()
    {
        return Ok(expr);
    }
    Err(ora!(MISSING_KEYWORD))
}

/// `UPDATE t [alias] SET c = e, ... [WHERE ...]`, collecting its RETURNING values in `ret`
/// when given.
pub fn update(
    ctx: &mut Ctx<'_>,
    u: &Update,
    names: Names<'_>,
    ret: Option<&mut Returned>,
) -> Result<Outcome, OraError> {
    let env = Env::of(ctx);
    let table = tables::resolve(&env, &u.table, Access::Write)?;
    let scope = TableScope::new(&table, &u.table, u.alias.as_ref());
    let cond = scope.compile_where(&env, u.where_.as_ref(), names)?;
    let mut sets = Vec::with_capacity(u.assignments.len());
    for (col, e) in &u.assignments {
        let i = table
            .column_index(&col.name)
            .ok_or_else(|| invalid_identifier(std::slice::from_ref(col)))?;
        sets.push((i, scope.compile(&env, e, names)?));
    }
    let mut ret = returning(&env, &scope, u.returning.as_ref(), names, ret)?;
    let storage = &env.db.storage;
    let cond = cond.as_ref();
    let count = storage.statement(env.me, || {
        for_each_match(&env, &table, cond, |rowid, rownum| {
            let outcome = storage.update(env.me, &table, rowid, LockWait::Forever, |cur| {
                if !holds(&env, cond, cur, rownum)? {
                    return Ok(None);
                }
                let mut new = cur.clone();
                for (i, e) in &sets {
                    new[*i] = eval(&env, e, RowRef::new(cur))?;
                }
                if let Some(r) = ret.as_deref_mut() {
                    r.stage(&env, &table.coerce(new.clone(), true)?)?;
                }
                Ok(Some(new))
            })?;
            finish_returning(ret.as_deref_mut(), outcome)
        })
    })?;
    Ok(Outcome::Affected { verb: Dml::Update, count })
}

/// `DELETE [FROM] t [alias] [WHERE ...]`, collecting its RETURNING values (of the deleted
/// rows) in `ret` when given.
pub fn delete(
    ctx: &mut Ctx<'_>,
    d: &Delete,
    names: Names<'_>,
    ret: Option<&mut Returned>,
) -> Result<Outcome, OraError> {
    let env = Env::of(ctx);
    let table = tables::resolve(&env, &d.table, Access::Write)?;
    let scope = TableScope::new(&table, &d.table, d.alias.as_ref());
    let cond = scope.compile_where(&env, d.where_.as_ref(), names)?;
    let mut ret = returning(&env, &scope, d.returning.as_ref(), names, ret)?;
    let storage = &env.db.storage;
    let cond = cond.as_ref();
    let count = storage.statement(env.me, || {
        for_each_match(&env, &table, cond, |rowid, rownum| {
            let wait = LockWait::Forever;
            let outcome = storage.delete(env.me, &table, rowid, wait, |cur| {
                let hit = holds(&env, cond, cur, rownum)?;
                if let (true, Some(r)) = (hit, ret.as_deref_mut()) {
                    r.stage(&env, cur)?;
                }
                Ok(hit)
            })?;
            finish_returning(ret.as_deref_mut(), outcome)
        })
    })?;
    Ok(Outcome::Affected { verb: Dml::Delete, count })
}

/// The RETURNING collector of a statement run: `ret` with the statement's clause compiled,
/// when the caller wants the values and the statement has the clause.
fn returning<'r>(
    env: &Env<'_>,
    scope: &TableScope,
    clause: Option<&ast::Returning>,
    names: Names<'_>,
    ret: Option<&'r mut Returned>,
) -> Result<Option<&'r mut Returned>, OraError> {
    match (clause, ret) {
        (Some(clause), Some(ret)) => {
            *ret = Returned::compile(env, scope, clause, names)?;
            Ok(Some(ret))
        }
        _ => Ok(None),
    }
}

/// Keeps the staged RETURNING row of a change storage reports done.
fn finish_returning(
    ret: Option<&mut Returned>,
    outcome: RowOutcome,
) -> Result<RowOutcome, OraError> {
    if let (Some(r), RowOutcome::Done) = (ret, outcome) {
        r.done()?;
    }
    Ok(outcome)
}

/// `SELECT ... FOR UPDATE [NOWAIT | WAIT n | SKIP LOCKED]`: locks the rows the query selects
/// (waiting as told), then returns them. A join locks the rows of every table that take part
/// in the result.
pub fn select_for_update(
    ctx: &mut Ctx<'_>,
    q: &Query,
    fu: &ForUpdate,
    names: Names<'_>,
) -> Result<ResultSet, OraError> {
    let wait = lock_wait(fu.wait);
    match single_table(q) {
        Some((name, alias, where_)) => lock_one_table(ctx, q, (name, alias, where_), wait, names),
        None => lock_join(ctx, q, wait, names),
    }
}

/// FOR UPDATE over one table: locks the rows the WHERE clause selects (SKIP LOCKED passes
/// over rows others hold), then runs the rest of the query (select list, ORDER BY) over
/// exactly the rows it locked, as they are now.
fn lock_one_table(
    ctx: &mut Ctx<'_>,
    q: &Query,
    (name, alias, where_): OneTable<'_>,
    wait: LockWait,
    names: Names<'_>,
) -> Result<ResultSet, OraError> {
    let env = Env::of(ctx);
    let Some(table) = tables::find(&env, name, Access::Write)? else {
        // A view or DUAL: nothing to lock (Oracle refuses most; DUAL is harmless).
        return query::run_query_with(ctx, q, names);
    };
    let scope = TableScope::new(&table, name, alias);
    let cond = scope.compile_where(&env, where_, names)?;
    let storage = &env.db.storage;
    let cond = cond.as_ref();
    storage.statement(env.me, || {
        let mut locked = Vec::new();
        for_each_match(&env, &table, cond, |rowid, rownum| {
            let matches = |cur: &Row| holds(&env, cond, cur, rownum);
            let outcome = storage.lock_row(env.me, &table, rowid, wait, matches)?;
            if outcome == RowOutcome::Done
                && let Some(row) = storage.fetch(env.me.sid, &table, rowid)
            {
                locked.push(row);
            }
            Ok(outcome)
        })?;
        // The locked rows passed the WHERE clause already (with their ROWNUMs).
        let mut rest = q.clone();
        if let QueryBody::Select(s) = &mut rest.body {
            s.where_ = None;
        }
        tables::with_locked_rows(&table, locked, || query::run_query_with(ctx, &rest, names))
    })
}

/// FOR UPDATE over a join of tables: finds the rows of each table that take part in the
/// result (the same FROM and WHERE, selecting `t.*` of every table), locks them (a row changed
/// meanwhile is left alone), then runs the query. SKIP LOCKED, DISTINCT and GROUP BY are not
/// supported here (ORA-03001).
fn lock_join(
    ctx: &mut Ctx<'_>,
    q: &Query,
    wait: LockWait,
    names: Names<'_>,
) -> Result<ResultSet, OraError> {
    let QueryBody::Select(s) = &q.body else { return Err(ora!(UNIMPLEMENTED_FEATURE)) };
    if wait == LockWait::SkipLocked || s.distinct || !s.group_by.is_empty() {
        return Err(ora!(UNIMPLEMENTED_FEATURE));
    }
    let env = Env::of(ctx);
    let mut named = Vec::new();
    for t in &s.from {
        named_tables(t, &mut named)?;
    }
    let mut joined = Vec::with_capacity(named.len());
    for (name, alias) in named {
        let table = tables::find(&env, name, Access::Write)?
            .ok_or_else(|| ora!(UNIMPLEMENTED_FEATURE).at(name.pos()))?;
        joined.push((alias.unwrap_or_else(|| name.object()).clone(), table));
    }
    let mut probe = q.clone();
    probe.for_update = None;
    probe.order_by.clear();
    probe.fetch_first = None;
    if let QueryBody::Select(p) = &mut probe.body {
        p.items = joined
            .iter()
            .map(|(qualifier, _)| SelectItem::QualifiedWildcard { qualifier: qualifier.clone() })
            .collect();
        p.having = None;
    }
    let storage = &ctx.db.storage;
    let me = ctx.me.clone();
    storage.statement(&me, || {
        let rows = query::run_query_with(ctx, &probe, names)?.rows;
        let mut offset = 0;
        for (_, table) in &joined {
            let width = table.columns.len();
            let wanted: Vec<&[Value]> =
                rows.iter().filter_map(|r| r.get(offset..offset + width)).collect();
            lock_rows_equal_to(&Env::of(ctx), table, &wanted, wait)?;
            offset += width;
        }
        let mut rest = q.clone();
        rest.for_update = None;
        query::run_query_with(ctx, &rest, names)
    })
}

/// The named relations of a FROM entry, with their aliases (ORA-03001 for an inline view).
fn named_tables<'q>(
    t: &'q TableRef,
    out: &mut Vec<(&'q ObjectName, Option<&'q Ident>)>,
) -> Result<(), OraError> {
    match t {
        TableRef::Named { name, alias } => out.push((name, alias.as_ref())),
        TableRef::Join { left, right, .. } => {
            named_tables(left, out)?;
            named_tables(right, out)?;
        }
        TableRef::Subquery { .. } | TableRef::Awaiting { .. } | TableRef::Collection { .. } => {
            return Err(ora!(UNIMPLEMENTED_FEATURE));
        }
    }
    Ok(())
}

/// Locks each row of `table` (as the session sees it) whose values are one of `wanted`; a row
/// that changed while the session waited for it is not locked.
fn lock_rows_equal_to(
    env: &Env<'_>,
    table: &Arc<Table>,
    wanted: &[&[Value]],
    wait: LockWait,
) -> Result<(), OraError> {
    let storage = &env.db.storage;
    for (rowid, row) in storage.scan(env.me.sid, table) {
        if wanted.contains(&row.as_slice()) {
            storage.lock_row(env.me, table, rowid, wait, |cur| Ok(*cur == row))?;
        }
    }
    Ok(())
}

/// A one-table SELECT's table, alias and WHERE clause.
type OneTable<'q> = (&'q ObjectName, Option<&'q Ident>, Option<&'q Expr>);

/// The table, alias and WHERE clause of a one-table SELECT.
fn single_table(q: &Query) -> Option<OneTable<'_>> {
    let QueryBody::Select(s) = &q.body else { return None };
    match s.from.as_slice() {
        [TableRef::Named { name, alias }] => Some((name, alias.as_ref(), s.where_.as_ref())),
        _ => None,
    }
}

/// The storage twin of the parser's wait option.
fn lock_wait(w: ast::LockWait) -> LockWait {
    match w {
        ast::LockWait::Forever => LockWait::Forever,
        ast::LockWait::NoWait => LockWait::NoWait,
        ast::LockWait::Seconds(n) => LockWait::Seconds(n),
        ast::LockWait::SkipLocked => LockWait::SkipLocked,
    }
}

/// `LOCK TABLE t IN mode MODE [NOWAIT]`: holds the table lock until the transaction ends.
pub fn lock_table(
    ctx: &mut Ctx<'_>,
    name: &ObjectName,
    mode: &str,
    nowait: bool,
) -> Result<Outcome, OraError> {
    let env = Env::of(ctx);
    let table: Arc<Table> = tables::resolve(&env, name, Access::Write)?;
    let mode = lock_mode(mode).ok_or_else(|| ora!(MISSING_KEYWORD))?;
    let wait = if nowait { LockWait::NoWait } else { LockWait::Forever };
    let storage = &env.db.storage;
    storage.statement(env.me, || storage.lock_table(env.me, &table, mode, wait))?;
    Ok(Outcome::Done(Done::Locked))
}

/// The TM mode LOCK TABLE names.
fn lock_mode(words: &str) -> Option<LockMode> {
    Some(match words {
        "ROW SHARE" | "SHARE UPDATE" => LockMode::RowShare,
        "ROW EXCLUSIVE" => LockMode::RowExclusive,
        "SHARE" => LockMode::Share,
        "SHARE ROW EXCLUSIVE" => LockMode::ShareRowExclusive,
        "EXCLUSIVE" => LockMode::Exclusive,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_table_modes_are_oracles() {
        assert_eq!(lock_mode("ROW SHARE"), Some(LockMode::RowShare));
        assert_eq!(lock_mode("SHARE UPDATE"), Some(LockMode::RowShare));
        assert_eq!(lock_mode("ROW EXCLUSIVE"), Some(LockMode::RowExclusive));
        assert_eq!(lock_mode("SHARE"), Some(LockMode::Share));
        assert_eq!(lock_mode("SHARE ROW EXCLUSIVE"), Some(LockMode::ShareRowExclusive));
        assert_eq!(lock_mode("EXCLUSIVE"), Some(LockMode::Exclusive));
        assert_eq!(lock_mode("ROW"), None);
    }

    #[test]
    fn value_counts_give_00947_and_00913() {
        assert!(check_value_count(1, 2).unwrap_err().is(NOT_ENOUGH_VALUES));
        assert!(check_value_count(3, 2).unwrap_err().is(TOO_MANY_VALUES));
        assert!(check_value_count(2, 2).is_ok());
    }

    #[test]
    fn defaults_parse_back() {
        assert!(matches!(default_expr("SYSDATE"), Ok(Expr::Column(_))));
        assert!(default_expr("1 +").is_err());
    }
}
