//! Name resolution and compilation: AST expressions ([`Expr`]) to indexed [`CExpr`]s with
//! their result types.
//!
//! SCOPES
//! ------
//! A SELECT's FROM clause becomes a list of [`Rel`]s (one per table, view or inline view, in
//! FROM order); their columns laid end to end form the row the query's expressions see. A
//! [`Level`] is that list plus which part of it is visible right now (an ON condition sees only
//! its join's relations, a pushed-down filter only its own relation): indexes are relative to the
//! first visible relation, because that is the row the expression will be evaluated on.
//!
//! A name is looked up in the visible relations, then in the enclosing queries' levels
//! (becoming `CExpr::Outer`, and marking the inner query correlated), then in the [`Names`] of
//! the caller (PL/SQL variables, bound as constants), and otherwise is ORA-00904.
//!
//! GROUPING
//! --------
//! In an aggregate query the select list, HAVING and ORDER BY are compiled against the *group
//! row*: the GROUP BY values followed by the aggregate results. A sub-expression equal to a
//! GROUP BY expression becomes a reference to its key; an aggregate call registers an
//! [`AggSpec`] (its argument compiled against the base row); a column left over is ORA-00979
//! (ORA-00937 without GROUP BY).

use std::cell::{Cell, RefCell};
use std::ops::Range;
use std::rc::Rc;

use super::eval::{ArithOp, CExpr, CmpOp, Env};
use super::functions::{self, text_width, varchar};
use super::query::{self, SubPlan};
use crate::error::{
    COLUMN_AMBIGUOUSLY_DEFINED, GROUP_FUNCTION_NOT_ALLOWED, INVALID_IDENTIFIER,
    INVALID_NUMBER_OF_ARGUMENTS, NOT_ALL_VARIABLES_BOUND, NOT_GROUP_BY_EXPRESSION,
    NOT_SINGLE_GROUP_FUNCTION, OraError, TOO_MANY_VALUES,
};
use crate::ora;
use crate::sql::ast::{BinaryOp, Expr, Ident, Literal, Query, UnaryOp};
use crate::value::{ColumnDesc, SqlType, Value, parse_number};

/// Names the caller has in scope beyond the query's relations: PL/SQL variables, record
/// fields, package constants, bind variables. Their values are bound when the statement is
/// compiled, as Oracle binds PL/SQL variables into SQL.
pub trait Names {
    /// The value of `parts` (`v`, `rec.field`, `pkg.const`), if it names something in scope.
    fn lookup(&self, parts: &[Ident]) -> Option<Value>;
    /// The value of the bind variable `:name`.
    fn bind(&self, _name: &str) -> Option<Value> {
        None
    }
    /// The rows of the collection `parts` names, for `TABLE(parts)`.
    fn collection(&self, _parts: &[Ident]) -> Option<Result<CollectionRows, OraError>> {
        None
    }
    /// The element `parts(index)` of a collection in scope (`l_sids(i)` in an embedded
    /// query), with PL/SQL's errors for a missing or out-of-range one; None if `parts` names
    /// no collection.
    fn element(&self, _parts: &[Ident], _index: &Value) -> Option<Result<Value, OraError>> {
        None
    }
}

/// A PL/SQL collection read as a relation by `TABLE(...)`.
#[derive(Debug, Clone)]
pub struct CollectionRows {
    /// COLUMN_VALUE for scalar elements, else the record's fields.
    pub columns: Vec<ColumnDesc>,
    /// One row per element, in index order.
    pub rows: Rc<Vec<crate::value::Row>>,
}

/// One relation of a FROM clause.
#[derive(Debug, Clone)]
pub struct Rel {
    /// The name a column may be qualified with: the alias, else the object name.
    pub qualifier: Option<String>,
    /// The schema, when the object was named with one and has no alias.
    pub schema: Option<String>,
    /// Its columns.
    pub columns: Vec<ColumnDesc>,
    /// Index of its first column in the query's row.
    pub offset: usize,
}

/// The names visible to an expression: some relations of one query, and the enclosing queries.
#[derive(Clone)]
pub struct Level<'a> {
    /// All relations of the query.
    pub rels: &'a [Rel],
    /// The visible ones.
    pub view: Range<usize>,
    /// Which columns (by index in the query's full row) are referenced anywhere.
    pub used: &'a RefCell<Vec<bool>>,
    /// Set when an inner query resolves a name in an enclosing one (it is correlated).
    pub escaped: &'a Cell<bool>,
    /// The enclosing query's level.
    pub parent: Option<&'a Level<'a>>,
    /// The caller's names (PL/SQL).
    pub names: Option<&'a dyn Names>,
    /// Set while compiling an aggregate query's select list: its rows are group rows, so an
    /// inner query's reference to one of its columns must name a GROUP BY key.
    pub grouped: Option<&'a RefCell<Grouping>>,
}

impl<'a> Level<'a> {
    /// The same level seeing only relations `view`.
    pub fn with_view(&self, view: Range<usize>) -> Level<'a> {
        Level { view, ..self.clone() }
    }

    /// Offset of the first visible column.
    pub fn base(&self) -> usize {
        self.rels.get(self.view.start).map_or(0, |r| r.offset)
    }

    /// Finds a column among the visible relations: its index in the full row and type.
    fn find(&self, parts: &[Ident]) -> Result<Option<(usize, SqlType)>, OraError> {
        let visible = &self.rels[self.view.clone()];
        let Some((col, quals)) = parts.split_last() else { return Ok(None) };
        let mut found = None;
        let mut qualifier_seen = false;
        for rel in visible {
            if let Some(q) = quals.last() {
                if rel.qualifier.as_deref() != Some(q.name.as_str()) {
                    continue;
                }
                if quals.len() == 2 && rel.schema.as_deref().is_some_and(|s| s != quals[0].name) {
                    continue;
                }
                qualifier_seen = true;
            }
            for (i, c) in rel.columns.iter().enumerate() {
                if c.name == col.name {
                    if found.is_some() {
                        return Err(ora!(COLUMN_AMBIGUOUSLY_DEFINED).at(col.pos));
                    }
                    found = Some((rel.offset + i, c.ty));
                }
            }
        }
        if found.is_none() && qualifier_seen {
            return Err(invalid_identifier(parts));
        }
        Ok(found)
    }
}

/// ORA-00904 for a name as written: `"COL"` or `"S"."COL"`.
pub fn invalid_identifier(parts: &[Ident]) -> OraError {
    let text = parts.iter().map(|p| format!("\"{}\"", p.name)).collect::<Vec<_>>().join(".");
    ora!(INVALID_IDENTIFIER, "{text}").at(parts.first().map_or(0, |p| p.pos))
}

/// Aggregate functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AggFunc {
    /// COUNT(*) (no argument) or COUNT(x).
    Count,
    /// SUM.
    Sum,
    /// AVG.
    Avg,
    /// MIN.
    Min,
    /// MAX.
    Max,
}

impl AggFunc {
    fn by_name(name: &str) -> Option<AggFunc> {
        Some(match name {
            "COUNT" => AggFunc::Count,
            "SUM" => AggFunc::Sum,
            "AVG" => AggFunc::Avg,
            "MIN" => AggFunc::Min,
            "MAX" => AggFunc::Max,
            _ => return None,
        })
    }
}

/// One aggregate of a grouped query.
#[derive(Debug, Clone, PartialEq)]
pub struct AggSpec {
    /// The function.
    pub func: AggFunc,
    /// Its argument over the base row (None for COUNT(*)).
    pub arg: Option<CExpr>,
    /// DISTINCT inside the parentheses.
    pub distinct: bool,
}

/// The grouping state of an aggregate query being compiled.
#[derive(Debug, Default)]
pub struct Grouping {
    /// GROUP BY expressions over the base row.
    pub keys: Vec<CExpr>,
    /// Aggregates found so far.
    pub aggs: Vec<AggSpec>,
    /// True when the query has a GROUP BY clause (decides ORA-00979 vs ORA-00937).
    pub has_group_by: bool,
}

/// True if `e` calls an aggregate outside any subquery.
pub fn has_aggregate(e: &Expr) -> bool {
    match e {
        Expr::Function { name, args, .. } => {
            (name.parts.len() == 1 && AggFunc::by_name(&name.object().name).is_some())
                || args.iter().any(|a| has_aggregate(&a.value))
        }
        Expr::Unary { expr, .. } | Expr::IsNull { expr, .. } | Expr::InSubquery { expr, .. } => {
            has_aggregate(expr)
        }
        Expr::Binary { left, right, .. } => has_aggregate(left) || has_aggregate(right),
        Expr::InList { expr, list, .. } => has_aggregate(expr) || list.iter().any(has_aggregate),
        Expr::Between { expr, low, high, .. } => {
            has_aggregate(expr) || has_aggregate(low) || has_aggregate(high)
        }
        Expr::Like { expr, pattern, escape, .. } => {
            has_aggregate(expr)
                || has_aggregate(pattern)
                || escape.as_deref().is_some_and(has_aggregate)
        }
        Expr::Case { operand, whens, else_ } => {
            operand.as_deref().is_some_and(has_aggregate)
                || whens.iter().any(|(w, t)| has_aggregate(w) || has_aggregate(t))
                || else_.as_deref().is_some_and(has_aggregate)
        }
        _ => false,
    }
}

/// Splits an AND tree into its conjuncts.
pub fn conjuncts(e: &Expr) -> Vec<&Expr> {
    match e {
        Expr::Binary { op: BinaryOp::And, left, right } => {
            let mut v = conjuncts(left);
            v.extend(conjuncts(right));
            v
        }
        other => vec![other],
    }
}

/// What compiling one expression touched, for deciding where a condition can run.
#[derive(Debug, Default, Clone)]
pub struct Touched {
    /// Columns of the current query referenced (indexes in the full row).
    pub cols: Vec<usize>,
    /// ROWNUM referenced.
    pub rownum: bool,
    /// A subquery inside.
    pub subquery: bool,
}

/// Compiles expressions for one level.
pub struct Compiler<'a, 'e> {
    /// The environment (for planning subqueries).
    pub env: &'a Env<'e>,
    /// The names in scope.
    pub level: Level<'a>,
    /// Set for aggregate queries' select list, HAVING and ORDER BY.
    pub grouping: Option<&'a RefCell<Grouping>>,
    /// Whether aggregate calls are allowed at all (not in WHERE, ON, GROUP BY).
    pub aggregates_allowed: bool,
    /// What was touched.
    pub touched: Touched,
}

impl<'a, 'e> Compiler<'a, 'e> {
    /// A row-mode compiler for `level`.
    pub fn new(env: &'a Env<'e>, level: Level<'a>) -> Compiler<'a, 'e> {
        Compiler {
            env,
            level,
            grouping: None,
            aggregates_allowed: false,
            touched: Touched::default(),
        }
    }

    /// Compiles an expression, returning it with its type.
    pub fn expr(&mut self, e: &Expr) -> Result<(CExpr, SqlType), OraError> {
        if let Some(g) = self.grouping
            && let Some(found) = self.group_expr(g, e)?
        {
            return Ok(found);
        }
        self.plain(e)
    }

    /// In grouped mode: an aggregate call, or a sub-expression equal to a GROUP BY key.
    fn group_expr(
        &mut self,
        g: &'a RefCell<Grouping>,
        e: &Expr,
    ) -> Result<Option<(CExpr, SqlType)>, OraError> {
        if let Expr::Function { name, args, star, distinct } = e
            && let (true, Some(func)) =
                (name.parts.len() == 1, AggFunc::by_name(&name.object().name))
        {
            return self.aggregate(g, func, name.object(), args, *star, *distinct).map(Some);
        }
        if matches!(e, Expr::Literal(_)) {
            return Ok(None);
        }
        // Try the expression over the base row; if it is a GROUP BY key, use the key.
        self.grouping = None;
        let trial = self.plain(e);
        self.grouping = Some(g);
        if let Ok((c, ty)) = trial
            && let Some(k) = g.borrow().keys.iter().position(|k| *k == c)
        {
            return Ok(Some((CExpr::Col(k), ty)));
        }
        Ok(None)
    }

    fn aggregate(
        &mut self,
        g: &'a RefCell<Grouping>,
        func: AggFunc,
        name: &Ident,
        args: &[crate::sql::ast::Arg],
        star: bool,
        distinct: bool,
    ) -> Result<(CExpr, SqlType), OraError> {
        if !self.aggregates_allowed {
            return Err(ora!(GROUP_FUNCTION_NOT_ALLOWED).at(name.pos));
        }
        let (arg, ty) = match (star, args) {
            (true, []) if func == AggFunc::Count => (None, SqlType::NUMBER),
            (false, [a]) => {
                self.grouping = None;
                self.aggregates_allowed = false;
                let r = self.plain(&a.value);
                self.grouping = Some(g);
                self.aggregates_allowed = true;
                let (c, ty) = r?;
                (Some(c), ty)
            }
            _ => return Err(ora!(INVALID_NUMBER_OF_ARGUMENTS).at(name.pos)),
        };
        let ty = match func {
            AggFunc::Min | AggFunc::Max => ty,
            _ => SqlType::NUMBER,
        };
        let spec = AggSpec { func, arg, distinct };
        let mut gb = g.borrow_mut();
        let j = match gb.aggs.iter().position(|a| *a == spec) {
            Some(j) => j,
            None => {
                gb.aggs.push(spec);
                gb.aggs.len() - 1
            }
        };
        Ok((CExpr::Col(gb.keys.len() + j), ty))
    }

    /// Compiles without the grouping rule at this node (children still follow it).
    fn plain(&mut self, e: &Expr) -> Result<(CExpr, SqlType), OraError> {
        Ok(match e {
            Expr::Literal(l) => literal(l)?,
            Expr::Column(name) => self.column(&name.parts)?,
            Expr::Bind(id) => match self.level_names().and_then(|n| n.bind(&id.name)) {
                Some(v) => constant(v),
                None => return Err(ora!(NOT_ALL_VARIABLES_BOUND).at(id.pos)),
            },
            Expr::Unary { op, expr } => {
                let (c, ty) = self.expr(expr)?;
                match op {
                    UnaryOp::Plus => (c, ty),
                    UnaryOp::Neg => (CExpr::Neg(c.boxed()), SqlType::NUMBER),
                    UnaryOp::Not => (CExpr::Not(c.boxed()), SqlType::Boolean),
                }
            }
            Expr::Binary { op, left, right } => self.binary(*op, left, right)?,
            Expr::IsNull { expr, negated } => {
                (CExpr::IsNull(self.expr(expr)?.0.boxed(), *negated), SqlType::Boolean)
            }
            Expr::InList { expr, list, negated } => {
                let x = self.expr(expr)?.0;
                let items =
                    list.iter().map(|i| self.expr(i).map(|c| c.0)).collect::<Result<_, _>>()?;
                (CExpr::InList(x.boxed(), items, *negated), SqlType::Boolean)
            }
            Expr::InSubquery { expr, query, negated } => {
                let x = self.expr(expr)?.0;
                let (sub, _) = self.subquery(query, true)?;
                (CExpr::InSub(x.boxed(), sub, *negated), SqlType::Boolean)
            }
            Expr::Exists { query, negated } => {
                (CExpr::Exists(self.subquery(query, false)?.0, *negated), SqlType::Boolean)
            }
            Expr::Subquery(query) => {
                let (sub, ty) = self.subquery(query, true)?;
                (CExpr::Scalar(sub), ty)
            }
            Expr::Between { expr, low, high, negated } => {
                let (x, lo, hi) = (self.expr(expr)?.0, self.expr(low)?.0, self.expr(high)?.0);
                (CExpr::Between(x.boxed(), lo.boxed(), hi.boxed(), *negated), SqlType::Boolean)
            }
            Expr::Like { expr, pattern, escape, negated } => {
                let x = self.expr(expr)?.0;
                let p = self.expr(pattern)?.0;
                let esc = match escape {
                    Some(e) => Some(self.expr(e)?.0.boxed()),
                    None => None,
                };
                (
                    CExpr::Like {
                        expr: x.boxed(),
                        pattern: p.boxed(),
                        escape: esc,
                        negated: *negated,
                    },
                    SqlType::Boolean,
                )
            }
            Expr::Case { operand, whens, else_ } => {
                self.case(operand.as_deref(), whens, else_.as_deref())?
            }
            Expr::Function { name, args, star, .. } => self.function(name, args, *star)?,
            Expr::Field { field, .. } => {
                return Err(invalid_identifier(std::slice::from_ref(field)));
            }
            Expr::CursorAttr { cursor, attr } => {
                return Err(
                    ora!(INVALID_IDENTIFIER, "\"{}\".\"{}\"", cursor.name, attr).at(cursor.pos)
                );
            }
        })
    }

    fn level_names(&self) -> Option<&'a dyn Names> {
        let mut l = Some(&self.level);
        while let Some(level) = l {
            if level.names.is_some() {
                return level.names;
            }
            l = level.parent;
        }
        None
    }

    /// Resolves a column name: this level, the enclosing levels, pseudo-columns, the caller's
    /// names.
    fn column(&mut self, parts: &[Ident]) -> Result<(CExpr, SqlType), OraError> {
        if let Some((idx, ty)) = self.level.find(parts)? {
            self.level.used.borrow_mut()[idx] = true;
            self.touched.cols.push(idx);
            if let Some(g) = self.grouping {
                let g = g.borrow();
                let code = if g.has_group_by {
                    NOT_GROUP_BY_EXPRESSION
                } else {
                    NOT_SINGLE_GROUP_FUNCTION
                };
                return Err(ora!(code).at(parts[0].pos));
            }
            return Ok((CExpr::Col(idx - self.level.base()), ty));
        }
        if parts.len() == 1 {
            let name = parts[0].name.as_str();
            if name == "ROWNUM" {
                self.touched.rownum = true;
                return Ok((CExpr::Rownum, SqlType::NUMBER));
            }
            if let Some(f) = functions::niladic(name) {
                return Ok((CExpr::Call(f, Vec::new()), functions::result_type(f, &[], &[])));
            }
        }
        if let Some(found) = self.outer_column(parts)? {
            return Ok(found);
        }
        match self.level_names().and_then(|n| n.lookup(parts)) {
            Some(v) => Ok(constant(v)),
            // A stored function called without parentheses (`SELECT f FROM dual`).
            None => {
                self.stored_function(&crate::sql::ast::ObjectName { parts: parts.to_vec() }, &[])
            }
        }
    }

    /// Looks a name up in the enclosing queries; on success marks every level passed through
    /// as correlated.
    fn outer_column(&mut self, parts: &[Ident]) -> Result<Option<(CExpr, SqlType)>, OraError> {
        let mut depth = 0;
        let mut level = &self.level;
        while let Some(parent) = level.parent {
            depth += 1;
            if let Some((idx, ty)) = parent.find(parts)? {
                parent.used.borrow_mut()[idx] = true;
                let idx = match parent.grouped {
                    None => idx,
                    Some(g) => {
                        let g = g.borrow();
                        let col = CExpr::Col(idx - parent.base());
                        match g.keys.iter().position(|k| *k == col) {
                            Some(k) => k + parent.base(),
                            None => {
                                let code = if g.has_group_by {
                                    NOT_GROUP_BY_EXPRESSION
                                } else {
                                    NOT_SINGLE_GROUP_FUNCTION
                                };
                                return Err(ora!(code).at(parts[0].pos));
                            }
                        }
                    }
                };
                let mut l = &self.level;
                for _ in 0..depth {
                    l.escaped.set(true);
                    l = l.parent.unwrap_or(l);
                }
                return Ok(Some((CExpr::Outer { depth, idx: idx - parent.base() }, ty)));
            }
            level = parent;
        }
        Ok(None)
    }

    fn binary(
        &mut self,
        op: BinaryOp,
        left: &Expr,
        right: &Expr,
    ) -> Result<(CExpr, SqlType), OraError> {
        let (l, lt) = self.expr(left)?;
        let (r, rt) = self.expr(right)?;
        let (l, r) = (l.boxed(), r.boxed());
        let cmp = |op| (CExpr::Cmp(op, l.clone(), r.clone()), SqlType::Boolean);
        Ok(match op {
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => {
                let aop = match op {
                    BinaryOp::Add => ArithOp::Add,
                    BinaryOp::Sub => ArithOp::Sub,
                    BinaryOp::Mul => ArithOp::Mul,
                    _ => ArithOp::Div,
                };
                let is_date = |t: SqlType| matches!(t, SqlType::Date | SqlType::Timestamp);
                let ty = match (aop, is_date(lt), is_date(rt)) {
                    (ArithOp::Sub, true, true) => SqlType::NUMBER,
                    (ArithOp::Add | ArithOp::Sub, true, _) | (ArithOp::Add, _, true) => {
                        SqlType::Date
                    }
                    _ => SqlType::NUMBER,
                };
                (CExpr::Arith(aop, l, r), ty)
            }
            BinaryOp::Concat => {
                (CExpr::Concat(l, r), varchar(text_width(&lt) as u64 + text_width(&rt) as u64))
            }
            BinaryOp::Eq => cmp(CmpOp::Eq),
            BinaryOp::NotEq => cmp(CmpOp::Ne),
            BinaryOp::Lt => cmp(CmpOp::Lt),
            BinaryOp::LtEq => cmp(CmpOp::Le),
            BinaryOp::Gt => cmp(CmpOp::Gt),
            BinaryOp::GtEq => cmp(CmpOp::Ge),
            BinaryOp::And => (CExpr::And(l, r), SqlType::Boolean),
            BinaryOp::Or => (CExpr::Or(l, r), SqlType::Boolean),
        })
    }

    fn case(
        &mut self,
        operand: Option<&Expr>,
        whens: &[(Expr, Expr)],
        else_: Option<&Expr>,
    ) -> Result<(CExpr, SqlType), OraError> {
        let operand = match operand {
            Some(o) => Some(self.expr(o)?.0.boxed()),
            None => None,
        };
        let mut tys = Vec::new();
        let mut cw = Vec::with_capacity(whens.len());
        for (w, t) in whens {
            let w = self.expr(w)?.0;
            let (t, ty) = self.expr(t)?;
            tys.push(ty);
            cw.push((w, t));
        }
        let else_ = match else_ {
            Some(e) => {
                let (c, ty) = self.expr(e)?;
                tys.push(ty);
                Some(c.boxed())
            }
            None => None,
        };
        Ok((CExpr::Case { operand, whens: cw, else_ }, functions::common_type(&tys)))
    }

    fn function(
        &mut self,
        name: &crate::sql::ast::ObjectName,
        args: &[crate::sql::ast::Arg],
        star: bool,
    ) -> Result<(CExpr, SqlType), OraError> {
        let id = name.object();
        if name.parts.len() == 1 && AggFunc::by_name(&id.name).is_some() {
            // An aggregate outside grouped mode: WHERE, GROUP BY, ON, or nested.
            return Err(ora!(GROUP_FUNCTION_NOT_ALLOWED).at(id.pos));
        }
        let Some((f, lo, hi)) =
            (name.parts.len() == 1).then(|| functions::lookup(&id.name)).flatten()
        else {
            if let Some(found) = self.collection_element(name, args)? {
                return Ok(found);
            }
            return self.stored_function(name, args);
        };
        if star || args.len() < lo || args.len() > hi {
            return Err(ora!(INVALID_NUMBER_OF_ARGUMENTS).at(id.pos));
        }
        let mut cargs = Vec::with_capacity(args.len());
        let mut tys = Vec::with_capacity(args.len());
        for a in args {
            let (c, ty) = self.expr(&a.value)?;
            cargs.push(c);
            tys.push(ty);
        }
        let ty = functions::result_type(f, &cargs, &tys);
        Ok((CExpr::Call(f, cargs), ty))
    }

    /// `coll(index)` of a PL/SQL collection in scope, bound like a PL/SQL variable: its value
    /// when the statement is compiled, the index being a constant or a PL/SQL name.
    fn collection_element(
        &mut self,
        name: &crate::sql::ast::ObjectName,
        args: &[crate::sql::ast::Arg],
    ) -> Result<Option<(CExpr, SqlType)>, OraError> {
        let [arg] = args else { return Ok(None) };
        let Some(names) = self.level_names() else { return Ok(None) };
        let (CExpr::Const(index), _) = self.expr(&arg.value)? else { return Ok(None) };
        match names.element(&name.parts, &index) {
            Some(v) => Ok(Some(constant(v?))),
            None => Ok(None),
        }
    }

    /// A stored PL/SQL function called from SQL (positional IN arguments; ORA-00904 if there
    /// is no such function, ORA-06553 PLS-306 for the wrong number of arguments).
    fn stored_function(
        &mut self,
        name: &crate::sql::ast::ObjectName,
        args: &[crate::sql::ast::Arg],
    ) -> Result<(CExpr, SqlType), OraError> {
        let Some((key, ty)) = crate::plsql::stored_function(self.env, name, args.len())? else {
            return Err(invalid_identifier(&name.parts));
        };
        let cargs =
            args.iter().map(|a| self.expr(&a.value).map(|c| c.0)).collect::<Result<_, _>>()?;
        Ok((CExpr::Stored(Rc::from(key.as_str()), cargs), ty))
    }

    /// Plans a subquery with this level as its enclosing scope. `single` demands one column.
    fn subquery(&mut self, q: &Query, single: bool) -> Result<(Rc<SubPlan>, SqlType), OraError> {
        self.touched.subquery = true;
        let level = Level { grouped: self.grouping, ..self.level.clone() };
        let plan = query::plan_query(self.env, q, Some(&level), self.level_names())?;
        if single && plan.plan.columns.len() != 1 {
            return Err(ora!(TOO_MANY_VALUES));
        }
        let ty = plan.plan.columns.first().map_or(SqlType::NUMBER, |c| c.ty);
        Ok((Rc::new(plan), ty))
    }
}

fn constant(v: Value) -> (CExpr, SqlType) {
    let ty = value_type(&v);
    (CExpr::Const(v), ty)
}

/// The type a constant value has as a column.
pub fn value_type(v: &Value) -> SqlType {
    match v {
        Value::Null => SqlType::Varchar2(0),
        Value::Number(_) => SqlType::NUMBER,
        Value::Text(s) => SqlType::Varchar2(s.chars().count() as u32),
        Value::Date(_) => SqlType::Date,
        Value::Timestamp(_) => SqlType::Timestamp,
        Value::Bool(_) => SqlType::Boolean,
    }
}

fn literal(l: &Literal) -> Result<(CExpr, SqlType), OraError> {
    let v = match l {
        Literal::Null => Value::Null,
        Literal::Number(s) => Value::Number(parse_number(s)?),
        Literal::String(s) => Value::text(s),
        Literal::Bool(b) => Value::Bool(*b),
        Literal::Date(s) => {
            let elems = super::format::parse_date_format("YYYY-MM-DD")?;
            Value::Date(super::format::parse_date(
                s,
                &elems,
                time::macros::datetime!(2000-01-01 00:00),
            )?)
        }
        Literal::Timestamp(s) => {
            let fmt =
                if s.contains('.') { "YYYY-MM-DD HH24:MI:SS.FF" } else { "YYYY-MM-DD HH24:MI:SS" };
            let elems = super::format::parse_date_format(fmt)?;
            Value::Timestamp(super::format::parse_date(
                s,
                &elems,
                time::macros::datetime!(2000-01-01 00:00),
            )?)
        }
    };
    Ok(constant(v))
}

/// Compiles an expression that may refer to no columns (only the caller's names).
pub fn compile_scalar(
    env: &Env<'_>,
    e: &Expr,
    names: Option<&dyn Names>,
) -> Result<CExpr, OraError> {
    let used = RefCell::new(Vec::new());
    let escaped = Cell::new(false);
    let level = Level {
        rels: &[],
        view: 0..0,
        used: &used,
        escaped: &escaped,
        parent: None,
        names,
        grouped: None,
    };
    Compiler::new(env, level).expr(e).map(|c| c.0)
}
