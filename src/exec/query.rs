//! The query engine: plans a [`Query`] once (names resolved, joins chosen, needed columns
//! known) and runs the plan.
//!
//! THE LIFE OF A SELECT
//! --------------------
//! 1. [`plan_query`] turns each FROM entry into a [`Rel`] (columns, qualifier, offset in the
//!    joined row) and a leaf `RelPlan`: DUAL, a view from `views::lookup`, an inline view, or
//!    injected rows (tables plug in here as another leaf kind; `TABLE(coll)` takes its rows
//!    from the caller's [`Names`], a PL/SQL collection, when the statement is planned).
//! 2. WHERE is split into conjuncts. A conjunct over one FROM entry is pushed down to filter
//!    that entry's rows before any join; `a.x = b.y` between the rows joined so far and the next
//!    entry becomes a hash-join key; the rest (and anything with ROWNUM or a subquery) runs after
//!    the joins, with ROWNUM counted as rows pass (`WHERE ROWNUM <= 5` stops the scan early).
//! 3. The select list, HAVING and ORDER BY compile against the base row, or for aggregate
//!    queries against the group row (see `compile`). ORDER BY items not in the select list ride
//!    along as hidden trailing columns.
//! 4. Every column referenced anywhere is marked in a `used` mask; each view's producer gets its
//!    part as `needed`, so a 10,000-row V$SESSION scan builds only the columns the query reads.
//! 5. [`run_plan`] (module `run`; grouping in `group`): scan and filter leaves, join (hash
//!    join on keys, nested loop otherwise, with LEFT/RIGHT/FULL padding), filter with ROWNUM,
//!    group, HAVING, project, DISTINCT, set operations (sorted and de-duplicated like Oracle's SORT UNIQUE), ORDER BY (stable, NULLs
//!    last for ASC and first for DESC unless told), drop hidden columns, FETCH FIRST.
//!
//! Long loops call the session safe point every 1,024 rows, so a kill interrupts a long query.

use std::cell::{Cell, OnceCell, RefCell};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::rc::Rc;

use super::compile::{
    self, AggSpec, CollectionRows, Compiler, Grouping, Level, Names, Rel, conjuncts, has_aggregate,
};
use super::eval::{CExpr, CmpOp, Env, RowRef};
use super::hash::{FxBuild, HKey};
use super::run::run_plan;
use super::{Ctx, ResultSet};
use crate::error::{
    NOT_GROUP_BY_EXPRESSION, NOT_NESTED_TABLE_ITEM, NOT_SELECTED_EXPRESSION,
    NOT_SINGLE_GROUP_FUNCTION, ORDER_BY_ITEM_NOT_IN_LIST, OraError, SET_OP_COLUMN_COUNT,
};
use crate::ora;
use crate::sql::ast::{
    BinaryOp, Expr, JoinKind, Literal, ObjectName, OrderItem, Query, QueryBody, Select, SelectItem,
    SetOperator, TableRef,
};
use crate::value::{ColumnDesc, Row, SqlType, Value};
use crate::views::{self, ViewDef};

/// Runs a query.
pub fn run_query(ctx: &mut Ctx<'_>, q: &Query) -> Result<ResultSet, OraError> {
    run_query_with(ctx, q, None)
}

/// Runs a query with the caller's names (PL/SQL variables) in scope.
pub fn run_query_with(
    ctx: &mut Ctx<'_>,
    q: &Query,
    names: Option<&dyn Names>,
) -> Result<ResultSet, OraError> {
    run_query_in(&Env::of(ctx), q, names)
}

/// Runs a query in an environment (for callers that have no call context, the planner's).
pub fn run_query_in(
    env: &Env<'_>,
    q: &Query,
    names: Option<&dyn Names>,
) -> Result<ResultSet, OraError> {
    let sub = plan_query(env, q, None, names)?;
    let rows = run_plan(env, &sub.plan, None)?;
    Ok(ResultSet { columns: sub.plan.columns.clone(), rows })
}

/// A planned (sub)query, with the rows of an uncorrelated one cached after the first run.
pub struct SubPlan {
    /// The plan.
    pub plan: QueryPlan,
    /// True if it refers to an enclosing query's row (re-run for every outer row).
    pub correlated: bool,
    cache: OnceCell<Rc<Vec<Row>>>,
    in_set: OnceCell<InSet>,
}

/// The first column of an uncorrelated subquery as a hash set, for `x IN (subquery)`.
struct InSet {
    keys: HashSet<HKey, FxBuild>,
    has_null: bool,
    /// The type family of every non-NULL value, if they share one (else the set is not used).
    family: Option<u8>,
}

/// The type family of a value (see [`family`]).
fn value_family(v: &Value) -> u8 {
    family(compile::value_type(v))
}

impl std::fmt::Debug for SubPlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SubPlan({:?}, correlated: {})", self.plan.columns, self.correlated)
    }
}

impl PartialEq for SubPlan {
    /// Two subqueries are the same expression only if they are the same plan.
    fn eq(&self, other: &SubPlan) -> bool {
        std::ptr::eq(self, other)
    }
}

impl SubPlan {
    /// `v IN (subquery)` by hash lookup, for an uncorrelated subquery whose values share `v`'s
    /// type family; None when the caller must compare row by row.
    pub fn contains(&self, env: &Env<'_>, v: &Value) -> Result<Option<Option<bool>>, OraError> {
        if self.correlated || v.is_null() {
            return Ok(None);
        }
        if self.in_set.get().is_none() {
            let rows = self.rows(env, RowRef::empty())?;
            let mut set =
                InSet { keys: HashSet::with_hasher(FxBuild), has_null: false, family: None };
            let mut mixed = false;
            for v in rows.iter().filter_map(|r| r.first()) {
                if v.is_null() {
                    set.has_null = true;
                    continue;
                }
                let f = value_family(v);
                mixed |= set.family.is_some_and(|g| g != f);
                set.family = Some(f);
                set.keys.insert(HKey::of(v));
            }
            if mixed {
                set.family = None;
            }
            let _ = self.in_set.set(set);
        }
        let Some(set) = self.in_set.get() else { return Ok(None) };
        Ok(match set.family {
            Some(f) if f == value_family(v) => {
                if set.keys.contains(&HKey::of(v)) {
                    Some(Some(true))
                } else if set.has_null {
                    Some(None)
                } else {
                    Some(Some(false))
                }
            }
            None if set.keys.is_empty() => Some(if set.has_null { None } else { Some(false) }),
            _ => None,
        })
    }

    /// The subquery's rows for the current outer row.
    pub fn rows(&self, env: &Env<'_>, outer: RowRef<'_>) -> Result<Rc<Vec<Row>>, OraError> {
        if self.correlated {
            return run_plan(env, &self.plan, Some(&outer)).map(Rc::new);
        }
        if let Some(rows) = self.cache.get() {
            return Ok(rows.clone());
        }
        let rows = Rc::new(run_plan(env, &self.plan, None)?);
        let _ = self.cache.set(rows.clone());
        Ok(rows)
    }
}

/// A planned query: body, visible columns, ORDER BY, FETCH FIRST.
pub struct QueryPlan {
    pub(super) body: BodyPlan,
    /// The visible result columns.
    pub columns: Vec<ColumnDesc>,
    pub(super) sort: Vec<SortKey>,
    pub(super) fetch: Option<CExpr>,
}

pub(super) enum BodyPlan {
    Select(Box<SelectPlan>),
    SetOp(SetOperator, Box<BodyPlan>, Box<BodyPlan>),
    Query(Box<QueryPlan>),
}

/// One ORDER BY key: a column of the body's output rows.
#[derive(Debug, Clone, Copy)]
pub(super) struct SortKey {
    pub(super) idx: usize,
    pub(super) desc: bool,
    pub(super) nulls_first: bool,
}

pub(super) struct SelectPlan {
    pub(super) from: RelPlan,
    pub(super) filter: Option<CExpr>,
    pub(super) rownum_limit: Option<u64>,
    pub(super) group: Option<GroupPlan>,
    pub(super) having: Option<CExpr>,
    pub(super) items: Vec<CExpr>,
    pub(super) visible: usize,
    pub(super) distinct: bool,
}

pub(super) struct GroupPlan {
    pub(super) keys: Vec<CExpr>,
    pub(super) aggs: Vec<AggSpec>,
}

/// Where rows come from.
pub(super) enum RelPlan {
    /// SYS.DUAL: one row, DUMMY = 'X'.
    Dual,
    /// A dynamic view; `rel` is its index among the query's relations. A filtered view keeps
    /// its rows for the statement (`cache`), so a correlated subquery re-run for every outer
    /// row reads the view once, as Oracle's statement-level read consistency would show it.
    /// `keep` narrows the rows to the columns the query reads (joins copy narrow rows).
    View {
        def: &'static ViewDef,
        rel: usize,
        needed: Vec<bool>,
        keep: Option<Vec<usize>>,
        cache: OnceCell<Rc<Vec<Row>>>,
    },
    /// An inline view.
    Sub(Box<QueryPlan>),
    /// Rows held in memory: a table's snapshot (`tables::relation`), test tables.
    Rows(Rc<Vec<Row>>),
    /// Rows of the input for which the condition is TRUE.
    Filter(Box<FilterPlan>),
    /// A join.
    Join(Box<JoinPlan>),
}

pub(super) struct FilterPlan {
    pub(super) input: RelPlan,
    pub(super) cond: CExpr,
    /// `column = value-not-from-this-row`: look the rows up in a hash index on the column.
    pub(super) probe: Option<Probe>,
}

/// An equality lookup on one column of stored rows. The first run scans (a query run once
/// gains nothing from an index); the second builds the index, which later runs of a
/// correlated subquery then use.
pub(super) struct Probe {
    pub(super) col: usize,
    pub(super) key: CExpr,
    pub(super) runs: Cell<u32>,
    pub(super) index: OnceCell<HashMap<HKey, Vec<usize>, FxBuild>>,
}

pub(super) struct JoinPlan {
    pub(super) kind: JoinKind,
    pub(super) left: RelPlan,
    pub(super) right: RelPlan,
    /// Equi-join keys: (over the left row, over the right row).
    pub(super) keys: Vec<(CExpr, CExpr)>,
    /// The rest of the join condition, over the combined row.
    pub(super) on: Option<CExpr>,
    pub(super) left_width: usize,
    pub(super) right_width: usize,
}

// ---------------------------------------------------------------------------------------------
// Planning
// ---------------------------------------------------------------------------------------------

/// Plans a query. `parent` is the enclosing query's scope for a subquery.
pub fn plan_query(
    env: &Env<'_>,
    q: &Query,
    parent: Option<&Level<'_>>,
    names: Option<&dyn Names>,
) -> Result<SubPlan, OraError> {
    let escaped = Cell::new(false);
    let plan = Planner { env, parent, names, escaped: &escaped }.query(q)?;
    Ok(SubPlan { plan, correlated: escaped.get(), cache: OnceCell::new(), in_set: OnceCell::new() })
}

struct Planner<'p, 'e> {
    env: &'p Env<'e>,
    parent: Option<&'p Level<'p>>,
    names: Option<&'p dyn Names>,
    escaped: &'p Cell<bool>,
}

/// A FROM entry before its conditions are placed.
enum FromNode<'q> {
    Leaf(RelPlan),
    Join {
        kind: JoinKind,
        left: Box<FromNode<'q>>,
        right: Box<FromNode<'q>>,
        on: Option<&'q Expr>,
        split: usize,
    },
}

impl<'p, 'e> Planner<'p, 'e> {
    fn query(&self, q: &Query) -> Result<QueryPlan, OraError> {
        let (body, columns, sort) = match &q.body {
            QueryBody::Select(s) => {
                let (plan, columns, sort) = self.select(s, &q.order_by)?;
                (BodyPlan::Select(Box::new(plan)), columns, sort)
            }
            other => {
                let (body, columns) = self.body(other)?;
                let sort = output_order(&q.order_by, &columns)?;
                (body, columns, sort)
            }
        };
        let fetch = match &q.fetch_first {
            Some(e) => Some(compile::compile_scalar(self.env, e, self.names)?),
            None => None,
        };
        Ok(QueryPlan { body, columns, sort, fetch })
    }

    fn body(&self, b: &QueryBody) -> Result<(BodyPlan, Vec<ColumnDesc>), OraError> {
        match b {
            QueryBody::Select(s) => {
                let (plan, columns, _) = self.select(s, &[])?;
                Ok((BodyPlan::Select(Box::new(plan)), columns))
            }
            QueryBody::Nested(q) => {
                let plan = self.query(q)?;
                let columns = plan.columns.clone();
                Ok((BodyPlan::Query(Box::new(plan)), columns))
            }
            QueryBody::SetOp { op, left, right } => {
                let (l, lc) = self.body(left)?;
                let (r, rc) = self.body(right)?;
                if lc.len() != rc.len() {
                    return Err(ora!(SET_OP_COLUMN_COUNT));
                }
                let columns = lc
                    .into_iter()
                    .zip(rc)
                    .map(|(a, b)| match (a.ty, b.ty) {
                        (SqlType::Varchar2(x), SqlType::Varchar2(y)) => {
                            ColumnDesc::new(a.name, SqlType::Varchar2(x.max(y)))
                        }
                        _ => a,
                    })
                    .collect();
                Ok((BodyPlan::SetOp(*op, Box::new(l), Box::new(r)), columns))
            }
        }
    }

    /// Resolves a FROM entry into relations and a node.
    fn plan_from_entry<'q>(
        &self,
        t: &'q TableRef,
        rels: &mut Vec<Rel>,
        keeps: &[Option<Vec<usize>>],
    ) -> Result<FromNode<'q>, OraError> {
        let offset = rels.last().map_or(0, |r: &Rel| r.offset + r.columns.len());
        match t {
            TableRef::Named { name, alias } => {
                let keep = keeps.get(rels.len()).and_then(Option::as_ref);
                let (columns, plan) = self.named(name, rels.len(), keep)?;
                let (qualifier, schema) = match alias {
                    Some(a) => (Some(a.name.clone()), None),
                    None => (
                        Some(name.object().name.clone()),
                        (name.parts.len() > 1)
                            .then(|| name.parts[name.parts.len() - 2].name.clone()),
                    ),
                };
                rels.push(Rel { qualifier, schema, columns, offset });
                Ok(FromNode::Leaf(plan))
            }
            TableRef::Awaiting { stmt, query } => {
                // The wait comes first: the rewrite's views are read as it is planned.
                super::jobs::await_jobs(self.env, stmt)?;
                self.plan_subquery(query, None, rels, offset)
            }
            TableRef::Subquery { query, alias } => {
                self.plan_subquery(query, alias.as_ref().map(|a| a.name.clone()), rels, offset)
            }
            TableRef::Join { kind, left, right, on } => {
                let l = self.plan_from_entry(left, rels, keeps)?;
                let split = rels.len();
                let r = self.plan_from_entry(right, rels, keeps)?;
                Ok(FromNode::Join {
                    kind: *kind,
                    left: Box::new(l),
                    right: Box::new(r),
                    on: on.as_ref(),
                    split,
                })
            }
            TableRef::Collection { expr, alias } => {
                let c = self.collection(expr)?;
                let qualifier = alias.as_ref().map(|a| a.name.clone());
                rels.push(Rel { qualifier, schema: None, columns: c.columns, offset });
                Ok(FromNode::Leaf(RelPlan::Rows(c.rows)))
            }
        }
    }

    /// `TABLE(expr)`: the rows of the caller's collection `expr` names. A name that is a
    /// scalar is ORA-22905, one that is nothing the caller knows ORA-00904.
    fn collection(&self, expr: &Expr) -> Result<CollectionRows, OraError> {
        let Expr::Column(name) = expr else { return Err(ora!(NOT_NESTED_TABLE_ITEM)) };
        let not_nested = || ora!(NOT_NESTED_TABLE_ITEM).at(name.pos());
        let names = self.names.ok_or_else(|| compile::invalid_identifier(&name.parts))?;
        match names.collection(&name.parts) {
            Some(found) => found.map_err(|e| e.at(name.pos())),
            None if names.lookup(&name.parts).is_some() => Err(not_nested()),
            None => Err(compile::invalid_identifier(&name.parts)),
        }
    }

    /// An inline view: its own plan, seen through `qualifier`.
    fn plan_subquery<'q>(
        &self,
        query: &Query,
        qualifier: Option<String>,
        rels: &mut Vec<Rel>,
        offset: usize,
    ) -> Result<FromNode<'q>, OraError> {
        let sub = Planner {
            env: self.env,
            parent: self.parent,
            names: self.names,
            escaped: self.escaped,
        };
        let plan = sub.query(query)?;
        let columns = plan.columns.clone();
        rels.push(Rel { qualifier, schema: None, columns, offset });
        Ok(FromNode::Leaf(RelPlan::Sub(Box::new(plan))))
    }

    /// Resolves a named relation: DUAL, test tables, the user's tables, views.
    fn named(
        &self,
        name: &ObjectName,
        rel: usize,
        keep: Option<&Vec<usize>>,
    ) -> Result<(Vec<ColumnDesc>, RelPlan), OraError> {
        let is_dual = name.object().name == "DUAL"
            && (name.parts.len() == 1 || (name.parts.len() == 2 && name.parts[0].name == "SYS"));
        if is_dual {
            return Ok((vec![ColumnDesc::new("DUMMY", SqlType::Varchar2(1))], RelPlan::Dual));
        }
        #[cfg(test)]
        if let Some((columns, rows)) = testing::table(&name.dotted()) {
            return Ok((columns, RelPlan::Rows(rows)));
        }
        if let Some((columns, rows)) = super::tables::relation(self.env, name)? {
            return Ok((columns, RelPlan::Rows(rows)));
        }
        let def = views::lookup(self.env.db, self.env.me, name).map_err(|e| e.at(name.pos()))?;
        let columns = match keep {
            Some(k) => k.iter().filter_map(|&j| def.columns.get(j).cloned()).collect(),
            None => def.columns.clone(),
        };
        let keep = keep.cloned();
        Ok((columns, RelPlan::View { def, rel, needed: Vec::new(), keep, cache: OnceCell::new() }))
    }

    /// Plans a SELECT. A join of views is planned twice: the first pass learns which columns
    /// the query reads, the second narrows each view's rows to those, so joins and sorts copy
    /// a few values per row instead of every column of V$SESSION.
    fn select(
        &self,
        s: &Select,
        order_by: &[OrderItem],
    ) -> Result<(SelectPlan, Vec<ColumnDesc>, Vec<SortKey>), OraError> {
        let (plan, columns, sort, keeps) = self.select_pass(s, order_by, &[])?;
        let joins = s.from.len() > 1 || matches!(s.from.first(), Some(TableRef::Join { .. }));
        if !joins || keeps.iter().all(Option::is_none) {
            return Ok((plan, columns, sort));
        }
        let (plan, columns, sort, _) = self.select_pass(s, order_by, &keeps)?;
        Ok((plan, columns, sort))
    }

    /// One planning pass; also returns, per relation, the view columns worth keeping.
    #[allow(clippy::type_complexity)]
    fn select_pass(
        &self,
        s: &Select,
        order_by: &[OrderItem],
        keeps: &[Option<Vec<usize>>],
    ) -> Result<(SelectPlan, Vec<ColumnDesc>, Vec<SortKey>, Vec<Option<Vec<usize>>>), OraError>
    {
        let mut rels = Vec::new();
        let mut nodes = Vec::new();
        let mut ranges = Vec::new();
        for t in &s.from {
            let start = rels.len();
            nodes.push(self.plan_from_entry(t, &mut rels, keeps)?);
            ranges.push(start..rels.len());
        }
        if s.from.is_empty() {
            rels.push(Rel {
                qualifier: None,
                schema: None,
                columns: vec![ColumnDesc::new("DUMMY", SqlType::Varchar2(1))],
                offset: 0,
            });
            nodes.push(FromNode::Leaf(RelPlan::Dual));
            ranges.push(0..1);
        }
        let width = rels.last().map_or(0, |r| r.offset + r.columns.len());
        let used = RefCell::new(vec![false; width]);
        let level = Level {
            rels: &rels,
            view: 0..rels.len(),
            used: &used,
            escaped: self.escaped,
            parent: self.parent,
            names: self.names,
            grouped: None,
        };
        let scope = Scope { env: self.env, level: &level };

        // WHERE: classify conjuncts by the FROM entries they touch.
        let mut top = Vec::new();
        let mut per_entry: Vec<Vec<&Expr>> = vec![Vec::new(); nodes.len()];
        let mut multi: Vec<(&Expr, usize)> = Vec::new();
        for c in s.where_.as_ref().map(conjuncts).unwrap_or_default() {
            let mut comp = scope.compiler(0..rels.len());
            let compiled = comp.expr(c)?.0;
            let t = comp.touched;
            let entries: Vec<usize> = entries_of(&rels, &ranges, &t.cols);
            match (t.rownum || t.subquery, entries.as_slice()) {
                (false, [one]) => per_entry[*one].push(c),
                (false, [_, .., last]) => multi.push((c, *last)),
                _ => top.push(compiled),
            }
        }
        let mut from: Option<RelPlan> = None;
        for (i, (node, range)) in nodes.into_iter().zip(&ranges).enumerate() {
            let mut plan = scope.lower(node, range.clone())?;
            if let Some(cond) = scope.and_all(&per_entry[i], range.clone())? {
                let mut probe = None;
                for c in &per_entry[i] {
                    if probe.is_none() {
                        probe = scope.probe(c, range.clone())?;
                    }
                }
                plan = RelPlan::Filter(Box::new(FilterPlan { input: plan, cond, probe }));
            }
            from = Some(match from {
                None => plan,
                Some(left) => {
                    let conds: Vec<&Expr> =
                        multi.iter().filter(|(_, last)| *last == i).map(|(c, _)| *c).collect();
                    scope.join(
                        JoinKind::Inner,
                        left,
                        plan,
                        0..range.start,
                        range.clone(),
                        &conds,
                    )?
                }
            });
        }
        let from = from.unwrap_or(RelPlan::Dual);
        let rownum_limit = top.iter().filter_map(rownum_limit).min();
        let filter = top.into_iter().reduce(|a, b| CExpr::And(a.boxed(), b.boxed()));

        // Grouping.
        let aggregate = !s.group_by.is_empty()
            || s.having.is_some()
            || s.items
                .iter()
                .any(|i| matches!(i, SelectItem::Expr { expr, .. } if has_aggregate(expr)))
            || order_by.iter().any(|o| has_aggregate(&o.expr));
        let grouping =
            RefCell::new(Grouping { has_group_by: !s.group_by.is_empty(), ..Grouping::default() });
        for g in &s.group_by {
            let key = scope.compiler(0..rels.len()).expr(g)?.0;
            grouping.borrow_mut().keys.push(key);
        }
        let items_compiler = || {
            let mut c = scope.compiler(0..rels.len());
            if aggregate {
                c.grouping = Some(&grouping);
                c.aggregates_allowed = true;
            }
            c
        };

        // Select list.
        let mut items = Vec::new();
        let mut columns = Vec::new();
        let mut aliases: Vec<Option<String>> = Vec::new();
        for item in &s.items {
            match item {
                SelectItem::Wildcard { pos } => {
                    for (ri, _) in rels.iter().enumerate() {
                        scope.star(
                            ri,
                            *pos,
                            aggregate.then_some(&grouping),
                            &mut items,
                            &mut columns,
                        )?;
                        aliases.resize(items.len(), None);
                    }
                }
                SelectItem::QualifiedWildcard { qualifier } => {
                    let ri = rels
                        .iter()
                        .position(|r| r.qualifier.as_deref() == Some(qualifier.name.as_str()))
                        .ok_or_else(|| {
                            compile::invalid_identifier(std::slice::from_ref(qualifier))
                        })?;
                    scope.star(
                        ri,
                        qualifier.pos,
                        aggregate.then_some(&grouping),
                        &mut items,
                        &mut columns,
                    )?;
                    aliases.resize(items.len(), None);
                }
                SelectItem::Expr { expr, alias, text } => {
                    let (c, ty) = items_compiler().expr(expr)?;
                    let heading = match (alias, expr) {
                        (Some(a), _) => a.name.clone(),
                        (None, Expr::Column(name)) => name.object().name.clone(),
                        (None, _) => text.clone(),
                    };
                    items.push(c);
                    columns.push(ColumnDesc::new(heading, ty));
                    aliases.push(alias.as_ref().map(|a| a.name.clone()));
                }
            }
        }
        let visible = items.len();
        let having = match &s.having {
            Some(h) => Some(items_compiler().expr(h)?.0),
            None => None,
        };

        // ORDER BY: positions, aliases, select-list expressions, or hidden keys.
        let mut sort = Vec::new();
        for o in order_by {
            let idx = match order_target(&o.expr, &aliases, visible)? {
                Some(i) => i,
                None => {
                    let c = items_compiler().expr(&o.expr)?.0;
                    match items[..visible].iter().position(|i| *i == c) {
                        Some(i) => i,
                        None if s.distinct => return Err(ora!(NOT_SELECTED_EXPRESSION)),
                        None => {
                            items.push(c);
                            items.len() - 1
                        }
                    }
                }
            };
            sort.push(SortKey { idx, desc: o.desc, nulls_first: o.nulls_first.unwrap_or(o.desc) });
        }

        let group = aggregate.then(|| {
            let g = grouping.into_inner();
            GroupPlan { keys: g.keys, aggs: g.aggs }
        });
        let mut from = from;
        fill_needed(&mut from, &rels, &used.borrow());
        let keeps = narrowing(&from, &rels, &used.borrow());
        let plan = SelectPlan {
            from,
            filter,
            rownum_limit,
            group,
            having,
            items,
            visible,
            distinct: s.distinct,
        };
        Ok((plan, columns, sort, keeps))
    }
}

/// The compile context of one SELECT's FROM scope.
struct Scope<'s, 'e> {
    env: &'s Env<'e>,
    level: &'s Level<'s>,
}

impl<'s, 'e> Scope<'s, 'e> {
    fn compiler(&self, view: Range<usize>) -> Compiler<'s, 'e> {
        Compiler::new(self.env, self.level.with_view(view))
    }

    /// Compiles `conds` ANDed, over relations `view`.
    fn and_all(&self, conds: &[&Expr], view: Range<usize>) -> Result<Option<CExpr>, OraError> {
        let mut out: Option<CExpr> = None;
        for c in conds {
            let e = self.compiler(view.clone()).expr(c)?.0;
            out = Some(match out {
                None => e,
                Some(prev) => CExpr::And(prev.boxed(), e.boxed()),
            });
        }
        Ok(out)
    }

    /// Turns a FROM node into a plan, placing ON conditions.
    fn lower(&self, node: FromNode<'_>, view: Range<usize>) -> Result<RelPlan, OraError> {
        match node {
            FromNode::Leaf(p) => Ok(p),
            FromNode::Join { kind, left, right, on, split } => {
                let (lv, rv) = (view.start..split, split..view.end);
                let l = self.lower(*left, lv.clone())?;
                let r = self.lower(*right, rv.clone())?;
                let conds = on.map(conjuncts).unwrap_or_default();
                self.join(kind, l, r, lv, rv, &conds)
            }
        }
    }

    /// Plans a join of `left` (relations `lv`) and `right` (relations `rv`) on `conds`:
    /// `l = r` conditions between the two sides become hash keys, the rest a residual.
    fn join(
        &self,
        kind: JoinKind,
        left: RelPlan,
        right: RelPlan,
        lv: Range<usize>,
        rv: Range<usize>,
        conds: &[&Expr],
    ) -> Result<RelPlan, OraError> {
        let mut keys = Vec::new();
        let mut rest = Vec::new();
        for c in conds {
            match self.equi_key(c, &lv, &rv)? {
                Some(k) => keys.push(k),
                None => rest.push(*c),
            }
        }
        let on = self.and_all(&rest, lv.start..rv.end)?;
        let width =
            |v: &Range<usize>| self.level.rels[v.clone()].iter().map(|r| r.columns.len()).sum();
        let (left_width, right_width) = (width(&lv), width(&rv));
        Ok(RelPlan::Join(Box::new(JoinPlan {
            kind,
            left,
            right,
            keys,
            on,
            left_width,
            right_width,
        })))
    }

    /// `a = b` with a over one side only and b over the other (same type family).
    fn equi_key(
        &self,
        c: &Expr,
        lv: &Range<usize>,
        rv: &Range<usize>,
    ) -> Result<Option<(CExpr, CExpr)>, OraError> {
        let Expr::Binary { op: BinaryOp::Eq, left, right } = c else { return Ok(None) };
        let side = |e: &Expr| -> Result<Option<(Range<usize>, SqlType)>, OraError> {
            let mut comp = self.compiler(lv.start..rv.end);
            let ty = comp.expr(e)?.1;
            let t = comp.touched;
            if t.rownum || t.subquery || t.cols.is_empty() {
                return Ok(None);
            }
            let rels: Vec<usize> = t.cols.iter().map(|c| rel_of(self.level.rels, *c)).collect();
            let within = |v: &Range<usize>| rels.iter().all(|r| v.contains(r));
            Ok(if within(lv) {
                Some((lv.clone(), ty))
            } else if within(rv) {
                Some((rv.clone(), ty))
            } else {
                None
            })
        };
        let (Some((ls, lt)), Some((rs, rt))) = (side(left)?, side(right)?) else { return Ok(None) };
        if ls == rs || family(lt) != family(rt) {
            return Ok(None);
        }
        let (lexpr, rexpr) = if ls == *lv { (left, right) } else { (right, left) };
        let lk = self.compiler(lv.clone()).expr(lexpr)?.0;
        let rk = self.compiler(rv.clone()).expr(rexpr)?.0;
        Ok(Some((lk, rk)))
    }

    /// `col = expr` where expr does not read the row (constants, outer columns, PL/SQL
    /// variables) and has the column's type family: usable as an index lookup.
    fn probe(&self, c: &Expr, view: Range<usize>) -> Result<Option<Probe>, OraError> {
        let Expr::Binary { op: BinaryOp::Eq, left, right } = c else { return Ok(None) };
        let side = |e: &Expr| -> Result<(CExpr, SqlType, bool), OraError> {
            let mut comp = self.compiler(view.clone());
            let (c, ty) = comp.expr(e)?;
            let t = comp.touched;
            Ok((c, ty, t.cols.is_empty() && !t.rownum && !t.subquery))
        };
        let (l, lt, l_free) = side(left)?;
        let (r, rt, r_free) = side(right)?;
        if family(lt) != family(rt) {
            return Ok(None);
        }
        Ok(match (l, r) {
            (CExpr::Col(col), key) if r_free => {
                Some(Probe { col, key, runs: Cell::new(0), index: OnceCell::new() })
            }
            (key, CExpr::Col(col)) if l_free => {
                Some(Probe { col, key, runs: Cell::new(0), index: OnceCell::new() })
            }
            _ => None,
        })
    }

    /// `*` or `t.*` over relation `ri`.
    fn star(
        &self,
        ri: usize,
        pos: usize,
        grouping: Option<&RefCell<Grouping>>,
        items: &mut Vec<CExpr>,
        columns: &mut Vec<ColumnDesc>,
    ) -> Result<(), OraError> {
        let rel = &self.level.rels[ri];
        for (j, c) in rel.columns.iter().enumerate() {
            let idx = rel.offset + j;
            self.level.used.borrow_mut()[idx] = true;
            let e = match grouping {
                None => CExpr::Col(idx),
                Some(g) => {
                    let g = g.borrow();
                    match g.keys.iter().position(|k| *k == CExpr::Col(idx)) {
                        Some(k) => CExpr::Col(k),
                        None => {
                            let code = if g.has_group_by {
                                NOT_GROUP_BY_EXPRESSION
                            } else {
                                NOT_SINGLE_GROUP_FUNCTION
                            };
                            return Err(ora!(code).at(pos));
                        }
                    }
                }
            };
            items.push(e);
            columns.push(c.clone());
        }
        Ok(())
    }
}

/// Type families whose values hash alike (a hash join needs equal values to hash equally).
fn family(t: SqlType) -> u8 {
    match t {
        SqlType::Number { .. } => 0,
        SqlType::Varchar2(_) | SqlType::Char(_) | SqlType::Raw(_) => 1,
        SqlType::Date | SqlType::Timestamp => 2,
        SqlType::Boolean => 3,
    }
}

/// The relation a column index of the full row belongs to.
fn rel_of(rels: &[Rel], col: usize) -> usize {
    rels.iter().rposition(|r| r.offset <= col).unwrap_or(0)
}

/// The FROM entries (sorted, distinct) that columns belong to.
fn entries_of(rels: &[Rel], ranges: &[Range<usize>], cols: &[usize]) -> Vec<usize> {
    let mut out: Vec<usize> = cols
        .iter()
        .filter_map(|c| ranges.iter().position(|r| r.contains(&rel_of(rels, *c))))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// `ROWNUM <= n`, `ROWNUM < n`, `ROWNUM = 1` (and mirrored): the most rows WHERE can pass.
fn rownum_limit(e: &CExpr) -> Option<u64> {
    let (op, n) = match e {
        CExpr::Cmp(op, a, b) => match (&**a, &**b) {
            (CExpr::Rownum, CExpr::Const(v)) => (*op, v.to_i64().ok()??),
            (CExpr::Const(v), CExpr::Rownum) => (mirror(*op), v.to_i64().ok()??),
            _ => return None,
        },
        _ => return None,
    };
    let n = n.max(0) as u64;
    match op {
        CmpOp::Le => Some(n),
        CmpOp::Lt => Some(n.saturating_sub(1)),
        CmpOp::Eq => Some(n.min(1)),
        _ => None,
    }
}

fn mirror(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Le => CmpOp::Ge,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Ge => CmpOp::Le,
        other => other,
    }
}

/// An ORDER BY item naming a select-list position or alias.
fn order_target(
    e: &Expr,
    aliases: &[Option<String>],
    visible: usize,
) -> Result<Option<usize>, OraError> {
    match e {
        Expr::Literal(Literal::Number(n)) => match n.parse::<usize>() {
            Ok(p) if (1..=visible).contains(&p) => Ok(Some(p - 1)),
            _ => Err(ora!(ORDER_BY_ITEM_NOT_IN_LIST)),
        },
        Expr::Column(name) if name.parts.len() == 1 => {
            Ok(aliases.iter().position(|a| a.as_deref() == Some(name.parts[0].name.as_str())))
        }
        _ => Ok(None),
    }
}

/// ORDER BY of a set operation or parenthesised query: positions or output column names.
fn output_order(order_by: &[OrderItem], columns: &[ColumnDesc]) -> Result<Vec<SortKey>, OraError> {
    order_by
        .iter()
        .map(|o| {
            let idx = match &o.expr {
                Expr::Column(name) if name.parts.len() == 1 => columns
                    .iter()
                    .position(|c| c.name == name.parts[0].name)
                    .ok_or_else(|| ora!(ORDER_BY_ITEM_NOT_IN_LIST))?,
                e => order_target(e, &[], columns.len())?
                    .ok_or_else(|| ora!(ORDER_BY_ITEM_NOT_IN_LIST))?,
            };
            Ok(SortKey { idx, desc: o.desc, nulls_first: o.nulls_first.unwrap_or(o.desc) })
        })
        .collect()
}

/// The columns of each (not yet narrowed) view relation that the query reads, where that is
/// fewer than all.
fn narrowing(plan: &RelPlan, rels: &[Rel], used: &[bool]) -> Vec<Option<Vec<usize>>> {
    fn walk(plan: &RelPlan, rels: &[Rel], used: &[bool], out: &mut [Option<Vec<usize>>]) {
        match plan {
            RelPlan::View { rel, keep: None, .. } => {
                if let (Some(r), Some(slot)) = (rels.get(*rel), out.get_mut(*rel)) {
                    let keep: Vec<usize> = (0..r.columns.len())
                        .filter(|j| used.get(r.offset + j) == Some(&true))
                        .collect();
                    if keep.len() < r.columns.len() {
                        *slot = Some(keep);
                    }
                }
            }
            RelPlan::Filter(f) => walk(&f.input, rels, used, out),
            RelPlan::Join(j) => {
                walk(&j.left, rels, used, out);
                walk(&j.right, rels, used, out);
            }
            _ => {}
        }
    }
    let mut out = vec![None; rels.len()];
    walk(plan, rels, used, &mut out);
    out
}

/// Gives every view scan its `needed` mask.
fn fill_needed(plan: &mut RelPlan, rels: &[Rel], used: &[bool]) {
    match plan {
        RelPlan::View { def, keep: Some(keep), needed, .. } => {
            *needed = vec![false; def.columns.len()];
            for &j in keep.iter() {
                if let Some(n) = needed.get_mut(j) {
                    *n = true;
                }
            }
        }
        RelPlan::View { rel, needed, .. } => {
            if let Some(r) = rels.get(*rel) {
                *needed = used
                    .get(r.offset..r.offset + r.columns.len())
                    .map_or_else(Vec::new, <[bool]>::to_vec);
            }
        }
        RelPlan::Filter(f) => fill_needed(&mut f.input, rels, used),
        RelPlan::Join(j) => {
            fill_needed(&mut j.left, rels, used);
            fill_needed(&mut j.right, rels, used);
        }
        RelPlan::Dual | RelPlan::Sub(_) | RelPlan::Rows(_) => {}
    }
}

/// In-memory tables for tests, until the storage layer brings real ones.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    type Table = (Vec<ColumnDesc>, Rc<Vec<Row>>);

    thread_local! {
        static TABLES: RefCell<HashMap<String, Table>> = RefCell::new(HashMap::new());
    }

    /// Registers a table for this test thread.
    pub fn put(name: &str, columns: Vec<ColumnDesc>, rows: Vec<Row>) {
        TABLES.with(|t| t.borrow_mut().insert(name.to_string(), (columns, Rc::new(rows))));
    }

    /// Looks a test table up.
    pub fn table(name: &str) -> Option<Table> {
        TABLES.with(|t| t.borrow().get(name).cloned())
    }
}
