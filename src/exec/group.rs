//! Aggregation: GROUP BY keys hashed into groups, COUNT / SUM / AVG / MIN / MAX (DISTINCT too)
//! accumulated per group, in the order groups first appear.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;

use super::compile::AggFunc;
use super::eval::{self, Env, RowRef};
use super::hash::{FxBuild, HKey, row_key};
use super::query::GroupPlan;
use super::run::tick;
use crate::error::{NUMERIC_OVERFLOW, OraError};
use crate::ora;
use crate::value::{Row, Value};

/// A running aggregate.
enum Acc {
    Count(u64),
    Sum(Option<Decimal>),
    Avg(Decimal, u64),
    Min(Option<Value>),
    Max(Option<Value>),
}

impl Acc {
    fn new(f: AggFunc) -> Acc {
        match f {
            AggFunc::Count => Acc::Count(0),
            AggFunc::Sum => Acc::Sum(None),
            AggFunc::Avg => Acc::Avg(Decimal::ZERO, 0),
            AggFunc::Min => Acc::Min(None),
            AggFunc::Max => Acc::Max(None),
        }
    }

    /// Adds a non-NULL value.
    fn add(&mut self, v: Value) -> Result<(), OraError> {
        let overflow = || ora!(NUMERIC_OVERFLOW);
        match self {
            Acc::Count(n) => *n += 1,
            Acc::Sum(s) => {
                let x = v.to_number()?.unwrap_or_default();
                *s = Some(s.unwrap_or_default().checked_add(x).ok_or_else(overflow)?);
            }
            Acc::Avg(s, n) => {
                *s = s.checked_add(v.to_number()?.unwrap_or_default()).ok_or_else(overflow)?;
                *n += 1;
            }
            Acc::Min(m) => {
                if m.as_ref()
                    .is_none_or(|cur| v.compare(cur).ok().flatten() == Some(Ordering::Less))
                {
                    *m = Some(v);
                }
            }
            Acc::Max(m) => {
                if m.as_ref()
                    .is_none_or(|cur| v.compare(cur).ok().flatten() == Some(Ordering::Greater))
                {
                    *m = Some(v);
                }
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<Value, OraError> {
        Ok(match self {
            Acc::Count(n) => Value::Number(Decimal::from(n)),
            Acc::Sum(s) => s.map_or(Value::Null, Value::Number),
            Acc::Avg(_, 0) => Value::Null,
            Acc::Avg(s, n) => Value::Number(eval::num_op(eval::ArithOp::Div, s, Decimal::from(n))?),
            Acc::Min(m) | Acc::Max(m) => m.unwrap_or_default(),
        })
    }
}

struct Group {
    keys: Row,
    accs: Vec<Acc>,
    seen: Vec<Option<HashSet<HKey>>>,
}

/// Groups `rows` by `g.keys` and computes the aggregates: one output row per group, the key
/// values followed by the aggregate results (one row even for no input when there is no GROUP BY).
pub(super) fn run_group(
    env: &Env<'_>,
    g: &GroupPlan,
    rows: Vec<Row>,
    outer: Option<&RowRef<'_>>,
) -> Result<Vec<Row>, OraError> {
    let new_group = |keys: Row| Group {
        keys,
        accs: g.aggs.iter().map(|a| Acc::new(a.func)).collect(),
        seen: g.aggs.iter().map(|a| a.distinct.then(HashSet::new)).collect(),
    };
    let mut index: HashMap<Vec<HKey>, usize, FxBuild> = HashMap::with_hasher(FxBuild);
    let mut groups: Vec<Group> = Vec::new();
    if g.keys.is_empty() {
        groups.push(new_group(Vec::new()));
    }
    for (i, row) in rows.iter().enumerate() {
        tick(env, i)?;
        let r = RowRef { vals: row, rownum: i as u64 + 1, outer };
        let gi = if g.keys.is_empty() {
            0
        } else {
            let mut keys = Vec::with_capacity(g.keys.len());
            for k in &g.keys {
                keys.push(eval::eval(env, k, r)?);
            }
            let hk = row_key(&keys);
            match index.get(&hk) {
                Some(&gi) => gi,
                None => {
                    index.insert(hk, groups.len());
                    groups.push(new_group(keys));
                    groups.len() - 1
                }
            }
        };
        let group = &mut groups[gi];
        for (a, spec) in g.aggs.iter().enumerate() {
            let v = match &spec.arg {
                None => Value::int(1),
                Some(arg) => eval::eval(env, arg, r)?,
            };
            if v.is_null() {
                continue;
            }
            if let Some(seen) = &mut group.seen[a]
                && !seen.insert(HKey::of(&v))
            {
                continue;
            }
            group.accs[a].add(v)?;
        }
    }
    groups
        .into_iter()
        .map(|grp| {
            let mut row = grp.keys;
            for acc in grp.accs {
                row.push(acc.finish()?);
            }
            Ok(row)
        })
        .collect()
}
