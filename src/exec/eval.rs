//! The expression evaluator: runs a compiled expression ([`CExpr`]) against one row.
//!
//! Expressions arrive here already compiled by [`super::compile`]: every column name has been
//! resolved to an index into the row, every function name to a [`Builtin`], every subquery to a
//! plan. Evaluation therefore does no name lookups and, for the common predicate shapes
//! (`column op literal`), no allocation: operands that are columns or constants are borrowed
//! ([`operand`]), and predicates answer with [`truth`], a three-valued `Option<bool>`.
//!
//! A row is seen through a [`RowRef`]: the values, its ROWNUM, and the row of the enclosing
//! query for correlated subqueries (`Outer { depth, idx }` walks that chain).

use std::borrow::Cow;
use std::cmp::Ordering;
use std::rc::Rc;
use std::sync::Arc;

use rust_decimal::Decimal;
use time::Duration as TimeDuration;

use super::Ctx;
use super::compile::{self, Names};
use super::functions::{self, Builtin};
use super::query::SubPlan;
use crate::db::Database;
use crate::error::{
    DIVISOR_IS_ZERO, INCONSISTENT_DATATYPES, INVALID_NUMBER, INVALID_RELATIONAL_OPERATOR,
    NUMERIC_OVERFLOW, OraError, SINGLE_ROW_SUBQUERY_MANY_ROWS,
};
use crate::ora;
use crate::session::SessionCell;
use crate::sql::ast::Expr;
use crate::value::Value;

/// What evaluation needs from the world: the database (clock, config, views for subqueries)
/// and the calling session (USER, SID, safe points).
#[derive(Clone, Copy)]
pub struct Env<'a> {
    /// The database.
    pub db: &'a Database,
    /// The calling session.
    pub me: &'a Arc<SessionCell>,
}

impl<'a> Env<'a> {
    /// The environment of a call context.
    pub fn of(ctx: &Ctx<'a>) -> Env<'a> {
        Env { db: ctx.db, me: ctx.me }
    }
}

/// One row as an expression sees it.
#[derive(Clone, Copy)]
pub struct RowRef<'r> {
    /// The values, indexed by the compiled column indexes.
    pub vals: &'r [Value],
    /// ROWNUM of this row (0 where ROWNUM is not defined).
    pub rownum: u64,
    /// The current row of the enclosing query (correlated subqueries).
    pub outer: Option<&'r RowRef<'r>>,
}

impl<'r> RowRef<'r> {
    /// A row with no ROWNUM and no outer row.
    pub fn new(vals: &'r [Value]) -> RowRef<'r> {
        RowRef { vals, rownum: 0, outer: None }
    }

    /// An empty row (constant expressions).
    pub fn empty() -> RowRef<'static> {
        RowRef { vals: &[], rownum: 0, outer: None }
    }

    /// The value at `idx` of the row `depth` levels out (0 = this row).
    fn get(&self, depth: usize, idx: usize) -> Result<&'r Value, OraError> {
        let mut r = self;
        for _ in 0..depth {
            r = r.outer.ok_or_else(|| ora!(INVALID_RELATIONAL_OPERATOR))?;
        }
        r.vals.get(idx).ok_or_else(|| ora!(INVALID_RELATIONAL_OPERATOR))
    }
}

/// Arithmetic operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `=`
    Eq,
    /// `<>`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// Whether an ordering satisfies the operator.
    pub fn holds(self, o: Ordering) -> bool {
        match self {
            CmpOp::Eq => o == Ordering::Equal,
            CmpOp::Ne => o != Ordering::Equal,
            CmpOp::Lt => o == Ordering::Less,
            CmpOp::Le => o != Ordering::Greater,
            CmpOp::Gt => o == Ordering::Greater,
            CmpOp::Ge => o != Ordering::Less,
        }
    }
}

/// A compiled expression: names resolved to row indexes, functions to built-ins.
#[derive(Debug, Clone, PartialEq)]
pub enum CExpr {
    /// A constant (literals, and PL/SQL variables bound when the statement was compiled).
    Const(Value),
    /// Column `idx` of the current row.
    Col(usize),
    /// Column `idx` of the row `depth` levels out (correlated subqueries).
    Outer {
        /// How many query levels out (>= 1).
        depth: usize,
        /// Column index in that level's row.
        idx: usize,
    },
    /// ROWNUM.
    Rownum,
    /// `-x`.
    Neg(Box<CExpr>),
    /// `NOT x`.
    Not(Box<CExpr>),
    /// `a + b` etc.
    Arith(ArithOp, Box<CExpr>, Box<CExpr>),
    /// `a || b`.
    Concat(Box<CExpr>, Box<CExpr>),
    /// `a = b` etc.
    Cmp(CmpOp, Box<CExpr>, Box<CExpr>),
    /// `a AND b`.
    And(Box<CExpr>, Box<CExpr>),
    /// `a OR b`.
    Or(Box<CExpr>, Box<CExpr>),
    /// `x IS [NOT] NULL` (true = IS NOT NULL).
    IsNull(Box<CExpr>, bool),
    /// `x [NOT] IN (list)`.
    InList(Box<CExpr>, Vec<CExpr>, bool),
    /// `x [NOT] IN (subquery)`.
    InSub(Box<CExpr>, Rc<SubPlan>, bool),
    /// `[NOT] EXISTS (subquery)`.
    Exists(Rc<SubPlan>, bool),
    /// `(subquery)` as a value.
    Scalar(Rc<SubPlan>),
    /// `x [NOT] BETWEEN lo AND hi`.
    Between(Box<CExpr>, Box<CExpr>, Box<CExpr>, bool),
    /// `x [NOT] LIKE pattern [ESCAPE e]`.
    Like {
        /// The operand.
        expr: Box<CExpr>,
        /// The pattern.
        pattern: Box<CExpr>,
        /// The escape character.
        escape: Option<Box<CExpr>>,
        /// NOT LIKE.
        negated: bool,
    },
    /// CASE.
    Case {
        /// Operand of a simple CASE.
        operand: Option<Box<CExpr>>,
        /// WHEN / THEN pairs.
        whens: Vec<(CExpr, CExpr)>,
        /// ELSE.
        else_: Option<Box<CExpr>>,
    },
    /// A built-in function call.
    Call(Builtin, Vec<CExpr>),
    /// A stored PL/SQL function (`OWNER.NAME`), run by the PL/SQL interpreter.
    Stored(Rc<str>, Vec<CExpr>),
}

impl CExpr {
    /// Boxes `self`.
    pub fn boxed(self) -> Box<CExpr> {
        Box::new(self)
    }
}

/// Evaluates an expression that refers to no columns (procedure arguments, VALUES, PL/SQL).
pub fn eval_scalar(ctx: &mut Ctx<'_>, e: &Expr) -> Result<Value, OraError> {
    eval_scalar_with(ctx, e, None)
}

/// Evaluates a column-free expression with `names` (PL/SQL variables, binds) in scope.
pub fn eval_scalar_with(
    ctx: &mut Ctx<'_>,
    e: &Expr,
    names: Option<&dyn Names>,
) -> Result<Value, OraError> {
    let env = Env::of(ctx);
    let compiled = compile::compile_scalar(&env, e, names)?;
    eval(&env, &compiled, RowRef::empty())
}

/// Evaluates `e` against `row`.
pub fn eval(env: &Env<'_>, e: &CExpr, row: RowRef<'_>) -> Result<Value, OraError> {
    Ok(match e {
        CExpr::Const(v) => v.clone(),
        CExpr::Col(i) => row.get(0, *i)?.clone(),
        CExpr::Outer { depth, idx } => row.get(*depth, *idx)?.clone(),
        CExpr::Rownum => Value::Number(Decimal::from(row.rownum)),
        CExpr::Neg(x) => match eval(env, x, row)? {
            Value::Null => Value::Null,
            v => Value::Number(-v.to_number()?.unwrap_or_default()),
        },
        CExpr::Arith(op, a, b) => arith(*op, &*operand(env, a, row)?, &*operand(env, b, row)?)?,
        CExpr::Concat(a, b) => concat(&*operand(env, a, row)?, &*operand(env, b, row)?),
        CExpr::Scalar(sub) => scalar_subquery(env, sub, row)?,
        CExpr::Case { operand: op, whens, else_ } => {
            return case(env, op.as_deref(), whens, else_.as_deref(), row);
        }
        CExpr::Call(f, args) => return call(env, *f, args, row),
        CExpr::Stored(key, args) => {
            let vals = args.iter().map(|a| eval(env, a, row)).collect::<Result<Vec<_>, _>>()?;
            return crate::plsql::call_stored_function(env, key, vals);
        }
        CExpr::Not(_)
        | CExpr::Cmp(..)
        | CExpr::And(..)
        | CExpr::Or(..)
        | CExpr::IsNull(..)
        | CExpr::InList(..)
        | CExpr::InSub(..)
        | CExpr::Exists(..)
        | CExpr::Between(..)
        | CExpr::Like { .. } => truth(env, e, row)?.map_or(Value::Null, Value::Bool),
    })
}

/// Evaluates an operand, borrowing columns and constants instead of copying them.
pub fn operand<'a>(
    env: &Env<'_>,
    e: &'a CExpr,
    row: RowRef<'a>,
) -> Result<Cow<'a, Value>, OraError> {
    match e {
        CExpr::Const(v) => Ok(Cow::Borrowed(v)),
        CExpr::Col(i) => Ok(Cow::Borrowed(row.get(0, *i)?)),
        CExpr::Outer { depth, idx } => Ok(Cow::Borrowed(row.get(*depth, *idx)?)),
        other => eval(env, other, row).map(Cow::Owned),
    }
}

/// A column or constant operand, without evaluation.
#[inline]
fn direct<'a>(e: &'a CExpr, row: RowRef<'a>) -> Option<&'a Value> {
    match e {
        CExpr::Const(v) => Some(v),
        CExpr::Col(i) => row.vals.get(*i),
        _ => None,
    }
}

/// `a op b` in three-valued logic.
#[inline]
fn compare_op(op: CmpOp, a: &Value, b: &Value) -> Result<Option<bool>, OraError> {
    match (a, b, op) {
        // Text equality compares lengths before bytes: most rows never touch the text.
        (Value::Text(x), Value::Text(y), CmpOp::Eq | CmpOp::Ne) => {
            Ok(Some((x == y) == (op == CmpOp::Eq)))
        }
        _ => Ok(sql_compare(a, b)?.map(|o| op.holds(o))),
    }
}

/// Evaluates a condition with three-valued logic: `None` is UNKNOWN.
pub fn truth(env: &Env<'_>, e: &CExpr, row: RowRef<'_>) -> Result<Option<bool>, OraError> {
    Ok(match e {
        CExpr::Cmp(op, a, b) => {
            // The hot shape, `column op literal`, compares in place.
            if let (Some(x), Some(y)) = (direct(a, row), direct(b, row)) {
                return compare_op(*op, x, y);
            }
            let (a, b) = (operand(env, a, row)?, operand(env, b, row)?);
            compare_op(*op, &a, &b)?
        }
        CExpr::And(a, b) => match truth(env, a, row)? {
            Some(false) => Some(false),
            ta => match (ta, truth(env, b, row)?) {
                (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            },
        },
        CExpr::Or(a, b) => match truth(env, a, row)? {
            Some(true) => Some(true),
            ta => match (ta, truth(env, b, row)?) {
                (_, Some(true)) => Some(true),
                (Some(false), Some(false)) => Some(false),
                _ => None,
            },
        },
        CExpr::Not(x) => truth(env, x, row)?.map(|b| !b),
        CExpr::IsNull(x, negated) => Some(operand(env, x, row)?.is_null() != *negated),
        CExpr::InList(x, list, negated) => {
            let v = operand(env, x, row)?;
            let mut items = Vec::with_capacity(list.len());
            for item in list {
                items.push(operand(env, item, row)?);
            }
            in_values(&v, items.iter().map(|c| &**c))?.map(|b| b != *negated)
        }
        CExpr::InSub(x, sub, negated) => {
            let v = operand(env, x, row)?;
            if let Some(hit) = sub.contains(env, &v)? {
                return Ok(hit.map(|b| b != *negated));
            }
            let rows = sub.rows(env, row)?;
            in_values(&v, rows.iter().filter_map(|r| r.first()))?.map(|b| b != *negated)
        }
        CExpr::Exists(sub, negated) => Some(sub.rows(env, row)?.is_empty() == *negated),
        CExpr::Between(x, lo, hi, negated) => {
            let v = operand(env, x, row)?;
            let ge = sql_compare(&v, &*operand(env, lo, row)?)?.map(|o| o != Ordering::Less);
            let le = sql_compare(&v, &*operand(env, hi, row)?)?.map(|o| o != Ordering::Greater);
            let both = match (ge, le) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            };
            both.map(|b| b != *negated)
        }
        CExpr::Like { expr, pattern, escape, negated } => {
            let v = operand(env, expr, row)?;
            let p = operand(env, pattern, row)?;
            let esc = match escape {
                Some(e) => Some(operand(env, e, row)?),
                None => None,
            };
            like_values(&v, &p, esc.as_deref())?.map(|b| b != *negated)
        }
        other => match eval(env, other, row)? {
            Value::Null => None,
            Value::Bool(b) => Some(b),
            _ => return Err(ora!(INVALID_RELATIONAL_OPERATOR)),
        },
    })
}

/// SQL comparison: [`Value::compare`], except that text compared with a DATE is converted
/// with the default date format (`DD-MON-RR`), as Oracle converts it with NLS_DATE_FORMAT.
pub fn sql_compare(a: &Value, b: &Value) -> Result<Option<Ordering>, OraError> {
    match (a, b) {
        (Value::Date(_) | Value::Timestamp(_), Value::Text(t)) => {
            a.compare(&Value::Date(default_date(t)?))
        }
        (Value::Text(t), Value::Date(_) | Value::Timestamp(_)) => {
            Value::Date(default_date(t)?).compare(b)
        }
        _ => a.compare(b),
    }
}

fn default_date(t: &str) -> Result<time::PrimitiveDateTime, OraError> {
    let elems = super::format::parse_date_format("DD-MON-RR")?;
    super::format::parse_date(t, &elems, time::macros::datetime!(2000-01-01 00:00))
}

/// `v IN (items)`: TRUE if some item equals v, FALSE if none does and none is NULL, else UNKNOWN.
fn in_values<'v>(
    v: &Value,
    items: impl Iterator<Item = &'v Value>,
) -> Result<Option<bool>, OraError> {
    if v.is_null() {
        return Ok(None);
    }
    let mut unknown = false;
    for item in items {
        match sql_compare(v, item)? {
            Some(Ordering::Equal) => return Ok(Some(true)),
            Some(_) => {}
            None => unknown = true,
        }
    }
    Ok(if unknown { None } else { Some(false) })
}

fn like_values(v: &Value, p: &Value, esc: Option<&Value>) -> Result<Option<bool>, OraError> {
    let (Some(s), Some(pat)) = (v.to_text(), p.to_text()) else { return Ok(None) };
    let esc = match esc {
        None => None,
        Some(Value::Null) => return Ok(None),
        Some(e) => {
            let t = e.to_text().unwrap_or_default();
            let mut cs = t.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => Some(c),
                _ => return Err(ora!(crate::error::INVALID_ESCAPE_CHARACTER)),
            }
        }
    };
    // `'prefix%'` without wildcards or escape in the prefix is a prefix test: no per-row
    // pattern parse or char vector (SHOW SESSIONS filters every row with `NOT LIKE '$ internal%'`).
    if esc.is_none()
        && let Some(prefix) = pat.strip_suffix('%')
        && !prefix.contains(['%', '_'])
    {
        return Ok(Some(s.starts_with(prefix)));
    }
    let s: Vec<char> = s.chars().collect();
    let pat = parse_like(&pat, esc)?;
    Ok(Some(like_match(&s, &pat)))
}

/// One element of a LIKE pattern.
#[derive(Debug, Clone, Copy, PartialEq)]
enum LikeTok {
    /// A literal character.
    Char(char),
    /// `_`.
    One,
    /// `%`.
    Any,
}

fn parse_like(p: &str, esc: Option<char>) -> Result<Vec<LikeTok>, OraError> {
    let mut out = Vec::with_capacity(p.len());
    let mut it = p.chars();
    while let Some(c) = it.next() {
        if Some(c) == esc {
            match it.next() {
                Some(n @ ('%' | '_')) => out.push(LikeTok::Char(n)),
                Some(n) if Some(n) == esc => out.push(LikeTok::Char(n)),
                _ => return Err(ora!(crate::error::INVALID_ESCAPE_SEQUENCE)),
            }
        } else {
            out.push(match c {
                '%' => LikeTok::Any,
                '_' => LikeTok::One,
                c => LikeTok::Char(c),
            });
        }
    }
    Ok(out)
}

/// Iterative wildcard matching with backtracking to the last `%` (linear in practice).
fn like_match(s: &[char], p: &[LikeTok]) -> bool {
    let (mut si, mut pi) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        match p.get(pi) {
            Some(LikeTok::Any) => {
                star = Some((pi, si));
                pi += 1;
            }
            Some(LikeTok::One) => {
                si += 1;
                pi += 1;
            }
            Some(LikeTok::Char(c)) if *c == s[si] => {
                si += 1;
                pi += 1;
            }
            _ => match star {
                Some((sp, ss)) => {
                    pi = sp + 1;
                    si = ss + 1;
                    star = Some((sp, ss + 1));
                }
                None => return false,
            },
        }
    }
    p[pi.min(p.len())..].iter().all(|t| *t == LikeTok::Any)
}

/// `a || b`: NULL acts as the empty string.
pub fn concat(a: &Value, b: &Value) -> Value {
    match (a.to_text(), b.to_text()) {
        (None, None) => Value::Null,
        (Some(x), None) => Value::text(x),
        (None, Some(y)) => Value::text(y),
        (Some(x), Some(y)) => Value::text(x + &y),
    }
}

/// The one numeric binary operation: NULL in, NULL out; text converts to a number
/// (ORA-01722); DATE ± days and DATE − DATE (days); checked decimal arithmetic
/// (ORA-01426 on overflow, ORA-01476 on division by zero).
pub fn arith(op: ArithOp, a: &Value, b: &Value) -> Result<Value, OraError> {
    if a.is_null() || b.is_null() {
        return Ok(Value::Null);
    }
    match (op, a, b) {
        (
            ArithOp::Sub,
            Value::Date(d) | Value::Timestamp(d),
            Value::Date(e) | Value::Timestamp(e),
        ) => {
            let days = Decimal::from((*d - *e).whole_seconds()) / Decimal::from(86_400);
            return Ok(Value::Number(days));
        }
        (ArithOp::Add, Value::Date(d) | Value::Timestamp(d), n)
        | (ArithOp::Add, n, Value::Date(d) | Value::Timestamp(d)) => return add_days(*d, n, false),
        (ArithOp::Sub, Value::Date(d) | Value::Timestamp(d), n) => return add_days(*d, n, true),
        (_, Value::Date(_) | Value::Timestamp(_), _)
        | (_, _, Value::Date(_) | Value::Timestamp(_)) => {
            return Err(ora!(INCONSISTENT_DATATYPES, "NUMBER\u{1}DATE"));
        }
        _ => {}
    }
    let (Some(x), Some(y)) = (a.to_number()?, b.to_number()?) else { return Ok(Value::Null) };
    num_op(op, x, y).map(Value::Number)
}

/// DATE ± n days (fractions of a day are seconds, rounded).
fn add_days(d: time::PrimitiveDateTime, n: &Value, minus: bool) -> Result<Value, OraError> {
    use rust_decimal::prelude::ToPrimitive;
    let days = n.to_number()?.unwrap_or_default();
    let secs =
        days.checked_mul(Decimal::from(86_400)).ok_or_else(|| ora!(NUMERIC_OVERFLOW))?.round();
    let secs = secs.to_i64().ok_or_else(|| ora!(NUMERIC_OVERFLOW))?;
    let delta = TimeDuration::seconds(if minus { -secs } else { secs });
    d.checked_add(delta).map(Value::Date).ok_or_else(|| ora!(crate::error::YEAR_INVALID))
}

/// Checked decimal arithmetic.
pub fn num_op(op: ArithOp, x: Decimal, y: Decimal) -> Result<Decimal, OraError> {
    let r = match op {
        ArithOp::Add => x.checked_add(y),
        ArithOp::Sub => x.checked_sub(y),
        ArithOp::Mul => x.checked_mul(y),
        ArithOp::Div => {
            if y.is_zero() {
                return Err(ora!(DIVISOR_IS_ZERO));
            }
            x.checked_div(y)
        }
    };
    r.ok_or_else(|| ora!(NUMERIC_OVERFLOW))
}

fn case(
    env: &Env<'_>,
    op: Option<&CExpr>,
    whens: &[(CExpr, CExpr)],
    else_: Option<&CExpr>,
    row: RowRef<'_>,
) -> Result<Value, OraError> {
    let subject = match op {
        Some(o) => Some(eval(env, o, row)?),
        None => None,
    };
    for (w, t) in whens {
        let hit = match &subject {
            Some(s) => sql_compare(s, &*operand(env, w, row)?)? == Some(Ordering::Equal),
            None => truth(env, w, row)? == Some(true),
        };
        if hit {
            return eval(env, t, row);
        }
    }
    else_.map_or(Ok(Value::Null), |e| eval(env, e, row))
}

/// Calls a built-in. The conditional ones (NVL2, COALESCE, DECODE) evaluate only the arguments
/// they need, as Oracle does (`DECODE(n, 0, NULL, 1/n)` must not divide by zero).
fn call(env: &Env<'_>, f: Builtin, args: &[CExpr], row: RowRef<'_>) -> Result<Value, OraError> {
    match f {
        Builtin::Coalesce => {
            for a in args {
                let v = eval(env, a, row)?;
                if !v.is_null() {
                    return Ok(v);
                }
            }
            Ok(Value::Null)
        }
        Builtin::Nvl2 => {
            let pick = if eval(env, &args[0], row)?.is_null() { &args[2] } else { &args[1] };
            eval(env, pick, row)
        }
        Builtin::Decode => {
            let subject = eval(env, &args[0], row)?;
            let mut rest = &args[1..];
            while rest.len() >= 2 {
                let search = operand(env, &rest[0], row)?;
                let hit = match (subject.is_null(), search.is_null()) {
                    (true, true) => true,
                    (false, false) => sql_compare(&subject, &search)? == Some(Ordering::Equal),
                    _ => false,
                };
                if hit {
                    return eval(env, &rest[1], row);
                }
                rest = &rest[2..];
            }
            rest.first().map_or(Ok(Value::Null), |d| eval(env, d, row))
        }
        _ => {
            let mut vals = Vec::with_capacity(args.len());
            for a in args {
                vals.push(eval(env, a, row)?);
            }
            functions::call(env, f, &vals)
        }
    }
}

fn scalar_subquery(env: &Env<'_>, sub: &SubPlan, row: RowRef<'_>) -> Result<Value, OraError> {
    let rows = sub.rows(env, row)?;
    match rows.len() {
        0 => Ok(Value::Null),
        1 => Ok(rows[0].first().cloned().unwrap_or_default()),
        _ => Err(ora!(SINGLE_ROW_SUBQUERY_MANY_ROWS)),
    }
}

/// Converts a value to a number for a function argument (ORA-01722 if it is not one).
pub fn number_arg(v: &Value) -> Result<Option<Decimal>, OraError> {
    v.to_number().map_err(|_| ora!(INVALID_NUMBER))
}
