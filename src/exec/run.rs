//! Plan execution: scans, filters, joins, then the SELECT pipeline (ROWNUM filter, grouping,
//! HAVING, projection, DISTINCT), set operations, ORDER BY and FETCH FIRST. Plans come from
//! `query`; rows are `Vec<Value>`, moved rather than copied wherever a stage owns them.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::eval::{self, CExpr, CmpOp, Env, RowRef, truth};
use super::group::run_group;
use super::hash::{FxBuild, HKey, row_key};
use super::query::{BodyPlan, FilterPlan, JoinPlan, QueryPlan, RelPlan, SelectPlan, SortKey};
use crate::error::OraError;
use crate::sql::ast::{JoinKind, SetOperator};
use crate::value::{Row, Value};
use crate::views::{Scan, ViewDef};

/// The safe point, every 1,024 rows; every 262,144 rows the call also tells its host it has
/// computed for long (`clock::long_call`: the wire server then frees the worker thread).
#[inline]
pub fn tick(env: &Env<'_>, i: usize) -> Result<(), OraError> {
    if i & 1023 != 1023 {
        return Ok(());
    }
    if i & 0x3_ffff == 0x3_ffff {
        crate::clock::long_call();
    }
    crate::session::call::check(env.me)
}

/// Runs a plan; `outer` is the enclosing query's current row for a correlated subquery.
pub fn run_plan(
    env: &Env<'_>,
    plan: &QueryPlan,
    outer: Option<&RowRef<'_>>,
) -> Result<Vec<Row>, OraError> {
    let mut rows = run_body(env, &plan.body, outer)?;
    if !plan.sort.is_empty() {
        rows.sort_by(|a, b| compare_rows(a, b, &plan.sort));
    }
    let width = plan.columns.len();
    for r in rows.iter_mut() {
        r.truncate(width);
    }
    if let Some(f) = &plan.fetch {
        let n = eval::eval(env, f, RowRef::empty())?.to_i64()?.unwrap_or(0).max(0);
        rows.truncate(usize::try_from(n).unwrap_or(usize::MAX));
    }
    Ok(rows)
}

fn run_body(
    env: &Env<'_>,
    body: &BodyPlan,
    outer: Option<&RowRef<'_>>,
) -> Result<Vec<Row>, OraError> {
    match body {
        BodyPlan::Select(s) => run_select(env, s, outer),
        BodyPlan::Query(q) => run_plan(env, q, outer),
        BodyPlan::SetOp(op, l, r) => {
            let mut left = run_body(env, l, outer)?;
            let right = run_body(env, r, outer)?;
            match op {
                SetOperator::UnionAll => {
                    left.extend(right);
                    return Ok(left);
                }
                SetOperator::Union => left.extend(right),
                SetOperator::Intersect | SetOperator::Minus => {
                    let keys: HashSet<Vec<HKey>> = right.iter().map(|r| row_key(r)).collect();
                    let keep = *op == SetOperator::Intersect;
                    left.retain(|r| keys.contains(&row_key(r)) == keep);
                }
            }
            Ok(sort_unique(left))
        }
    }
}

/// Oracle's SORT UNIQUE: ascending on every column, duplicates removed.
fn sort_unique(mut rows: Vec<Row>) -> Vec<Row> {
    let width = rows.first().map_or(0, Vec::len);
    let keys: Vec<SortKey> =
        (0..width).map(|idx| SortKey { idx, desc: false, nulls_first: false }).collect();
    rows.sort_by(|a, b| compare_rows(a, b, &keys));
    rows.dedup_by(|a, b| row_key(a) == row_key(b));
    rows
}

fn compare_rows(a: &Row, b: &Row, keys: &[SortKey]) -> Ordering {
    for k in keys {
        let (x, y) = (a.get(k.idx).unwrap_or(&Value::Null), b.get(k.idx).unwrap_or(&Value::Null));
        let o = match (x.is_null(), y.is_null()) {
            (true, true) => Ordering::Equal,
            (true, false) => {
                if k.nulls_first {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
            (false, true) => {
                if k.nulls_first {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
            (false, false) => {
                let o = x.compare(y).ok().flatten().unwrap_or(Ordering::Equal);
                if k.desc { o.reverse() } else { o }
            }
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

fn run_select(
    env: &Env<'_>,
    s: &SelectPlan,
    outer: Option<&RowRef<'_>>,
) -> Result<Vec<Row>, OraError> {
    let mut rows = run_rel(env, &s.from, outer)?;
    if let Some(f) = &s.filter {
        let limit = s.rownum_limit.unwrap_or(u64::MAX);
        let mut kept = Vec::new();
        for (i, row) in rows.into_iter().enumerate() {
            if kept.len() as u64 >= limit {
                break;
            }
            tick(env, i)?;
            let r = RowRef { vals: &row, rownum: kept.len() as u64 + 1, outer };
            if truth(env, f, r)? == Some(true) {
                kept.push(row);
            }
        }
        rows = kept;
    }
    if let Some(g) = &s.group {
        rows = run_group(env, g, rows, outer)?;
        if let Some(h) = &s.having {
            let mut kept = Vec::with_capacity(rows.len());
            for row in rows {
                if truth(env, h, RowRef { vals: &row, rownum: 0, outer })? == Some(true) {
                    kept.push(row);
                }
            }
            rows = kept;
        }
    }
    let mut out = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        tick(env, i)?;
        let r = RowRef { vals: row, rownum: i as u64 + 1, outer };
        let mut o = Vec::with_capacity(s.items.len());
        for item in &s.items {
            o.push(eval::operand(env, item, r)?.into_owned());
        }
        out.push(o);
    }
    if s.distinct {
        let mut seen = HashSet::new();
        out.retain(|r| seen.insert(row_key(&r[..s.visible.min(r.len())])));
    }
    Ok(out)
}

fn run_rel(
    env: &Env<'_>,
    plan: &RelPlan,
    outer: Option<&RowRef<'_>>,
) -> Result<Vec<Row>, OraError> {
    match plan {
        RelPlan::Dual => Ok(vec![vec![Value::text("X")]]),
        RelPlan::View { def, needed, keep, .. } => {
            Ok(produce(env, def, needed, keep.as_deref(), &[]))
        }
        RelPlan::Sub(q) => run_plan(env, q, outer),
        RelPlan::Rows(rows) => Ok(rows.as_ref().clone()),
        RelPlan::Filter(f) => run_filter(env, f, outer),
        RelPlan::Join(j) => {
            let left = run_rel(env, &j.left, outer)?;
            let right = run_rel(env, &j.right, outer)?;
            run_join(env, j, left, right, outer)
        }
    }
}

/// A view's rows, narrowed to `keep` when given. `equals` are `column = constant` conditions
/// (by view column) the producer may use to skip rows early; the filter still tests them.
fn produce(
    env: &Env<'_>,
    def: &ViewDef,
    needed: &[bool],
    keep: Option<&[usize]>,
    equals: &[(usize, Value)],
) -> Vec<Row> {
    let rows = (def.produce)(env.db, env.me, &Scan { needed, equals });
    let Some(keep) = keep else { return rows };
    let narrow = |mut r: Row| -> Row {
        keep.iter().map(|&j| r.get_mut(j).map(std::mem::take).unwrap_or_default()).collect()
    };
    rows.into_iter().map(narrow).collect()
}

/// Rows stored for the statement: test tables, and views under a filter (`cond`), whose
/// `column = constant` conjuncts are handed to the producer. They are constants of the compiled
/// statement, so the cached rows stay right for every run of a correlated subquery.
fn stored_rows(env: &Env<'_>, plan: &RelPlan, cond: &CExpr) -> Option<Rc<Vec<Row>>> {
    match plan {
        RelPlan::Rows(rows) => Some(rows.clone()),
        RelPlan::View { def, needed, keep, cache, .. } => Some(
            cache
                .get_or_init(|| {
                    let mut equals = Vec::new();
                    constant_equalities(cond, keep.as_deref(), &mut equals);
                    Rc::new(produce(env, def, needed, keep.as_deref(), &equals))
                })
                .clone(),
        ),
        _ => None,
    }
}

/// Collects the top-level `column = constant` conjuncts of `cond` as (view column, value);
/// `keep` maps the filtered row's columns back to the view's when the rows were narrowed.
fn constant_equalities(cond: &CExpr, keep: Option<&[usize]>, out: &mut Vec<(usize, Value)>) {
    match cond {
        CExpr::And(a, b) => {
            constant_equalities(a, keep, out);
            constant_equalities(b, keep, out);
        }
        CExpr::Cmp(CmpOp::Eq, a, b) => {
            if let (CExpr::Col(i), CExpr::Const(v)) | (CExpr::Const(v), CExpr::Col(i)) =
                (&**a, &**b)
            {
                let column = keep.map_or(Some(*i), |k| k.get(*i).copied());
                if let Some(c) = column.filter(|_| !v.is_null()) {
                    out.push((c, v.clone()));
                }
            }
        }
        _ => {}
    }
}

/// A filter: over stored rows, test borrowed rows (through the index when there is a probe)
/// and copy only the ones that pass; otherwise filter the input's rows in place.
fn run_filter(
    env: &Env<'_>,
    f: &FilterPlan,
    outer: Option<&RowRef<'_>>,
) -> Result<Vec<Row>, OraError> {
    let Some(stored) = stored_rows(env, &f.input, &f.cond) else {
        let mut kept = Vec::new();
        for (i, row) in run_rel(env, &f.input, outer)?.into_iter().enumerate() {
            tick(env, i)?;
            if truth(env, &f.cond, RowRef { vals: &row, rownum: 0, outer })? == Some(true) {
                kept.push(row);
            }
        }
        return Ok(kept);
    };
    let test = |row: &Row| {
        truth(env, &f.cond, RowRef { vals: row, rownum: 0, outer }).map(|t| t == Some(true))
    };
    let mut kept = Vec::new();
    if let Some(p) = f.probe.as_ref().filter(|p| p.runs.replace(p.runs.get().saturating_add(1)) > 0)
    {
        let key = eval::eval(env, &p.key, RowRef { vals: &[], rownum: 0, outer })?;
        if key.is_null() {
            return Ok(kept);
        }
        let index = p.index.get_or_init(|| {
            let mut index: HashMap<HKey, Vec<usize>, FxBuild> = HashMap::with_hasher(FxBuild);
            for (i, row) in stored.iter().enumerate() {
                if let Some(v) = row.get(p.col).filter(|v| !v.is_null()) {
                    index.entry(HKey::of(v)).or_default().push(i);
                }
            }
            index
        });
        for &i in index.get(&HKey::of(&key)).map_or(&[][..], Vec::as_slice) {
            if test(&stored[i])? {
                kept.push(stored[i].clone());
            }
        }
        return Ok(kept);
    }
    for (i, row) in stored.iter().enumerate() {
        tick(env, i)?;
        if test(row)? {
            kept.push(row.clone());
        }
    }
    Ok(kept)
}

/// Hash join when there are keys (built on the right input), nested loop otherwise; outer
/// joins pad the missing side with NULLs.
fn run_join(
    env: &Env<'_>,
    j: &JoinPlan,
    left: Vec<Row>,
    right: Vec<Row>,
    outer: Option<&RowRef<'_>>,
) -> Result<Vec<Row>, OraError> {
    // NULL keys never match, so such rows are left out of the table and find no candidates.
    let key_of = |row: &Row, left_side: bool| -> Result<Option<HKey>, OraError> {
        let r = RowRef { vals: row, rownum: 0, outer };
        fn side(pair: &(CExpr, CExpr), left_side: bool) -> &CExpr {
            if left_side { &pair.0 } else { &pair.1 }
        }
        if let [one] = j.keys.as_slice() {
            let v = eval::operand(env, side(one, left_side), r)?;
            return Ok((!v.is_null()).then(|| HKey::of(&v)));
        }
        let mut k = Vec::with_capacity(j.keys.len());
        for pair in &j.keys {
            let v = eval::operand(env, side(pair, left_side), r)?;
            if v.is_null() {
                return Ok(None);
            }
            k.push(HKey::of(&v));
        }
        Ok(Some(HKey::Tuple(k.into_boxed_slice())))
    };
    // The hash table maps a key to its first right row; `next` chains rows with equal keys.
    const END: usize = usize::MAX;
    let mut heads: HashMap<HKey, usize, FxBuild> =
        HashMap::with_capacity_and_hasher(right.len(), FxBuild);
    let mut next = vec![END; right.len()];
    if !j.keys.is_empty() {
        for (i, row) in right.iter().enumerate().rev() {
            tick(env, i)?;
            if let Some(k) = key_of(row, false)?
                && let Some(prev) = heads.insert(k, i)
            {
                next[i] = prev;
            }
        }
    }
    let mut matched = vec![false; right.len()];
    let mut out = Vec::new();
    let mut steps = 0usize;
    for row in &left {
        let mut c = if j.keys.is_empty() {
            if right.is_empty() { END } else { 0 }
        } else {
            match key_of(row, true)? {
                Some(k) => heads.get(&k).copied().unwrap_or(END),
                None => END,
            }
        };
        let mut any = false;
        while c != END {
            let cand = c;
            c = if j.keys.is_empty() {
                if cand + 1 < right.len() { cand + 1 } else { END }
            } else {
                next[cand]
            };
            steps += 1;
            tick(env, steps)?;
            let mut combined = Vec::with_capacity(j.left_width + j.right_width);
            combined.extend_from_slice(row);
            combined.extend_from_slice(&right[cand]);
            if let Some(on) = &j.on
                && truth(env, on, RowRef { vals: &combined, rownum: 0, outer })? != Some(true)
            {
                continue;
            }
            any = true;
            matched[cand] = true;
            out.push(combined);
        }
        if !any && matches!(j.kind, JoinKind::Left | JoinKind::Full) {
            let mut padded = row.clone();
            padded.resize(j.left_width + j.right_width, Value::Null);
            out.push(padded);
        }
    }
    if matches!(j.kind, JoinKind::Right | JoinKind::Full) {
        for (c, r) in right.iter().enumerate() {
            if !matched[c] {
                let mut padded = vec![Value::Null; j.left_width];
                padded.extend_from_slice(r);
                out.push(padded);
            }
        }
    }
    Ok(out)
}
