//! The PL/SQL interpreter: runs a compiled [`Unit`] on a frame.
//!
//! Control flow travels as [`Flow`] in the `Ok` side (`Next`, `Exit`, `Continue`, `Return`);
//! exceptions are [`OraError`]s in the `Err` side, user-declared ones carrying a private code
//! (see [`user_exception`]) until they leave PL/SQL as ORA-06510. The session safe point
//! ([`check`]) runs before every statement and on every loop iteration, so no loop escapes a
//! kill; a depth limit and a stack budget turn runaway recursion into ORA-06500.

use std::collections::BTreeMap;
use std::rc::Rc;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::compile::value_error;
use super::ir::*;
use super::packages::NativeArg;
use crate::error::{
    AT_LINE, Code, Facility, INVALID_NUMBER, NO_DATA_FOUND, OraError, TOO_MANY_ROWS,
    UNHANDLED_USER_EXCEPTION,
};
use crate::exec::compile::Names;
use crate::exec::eval::{self, CExpr, Env, RowRef, truth};
use crate::exec::{Ctx, query};
use crate::ora;
use crate::session::call::check;
use crate::sql::ast::{Ident, ParamMode, Query, Statement};
use crate::value::{Row, SqlType, Value};

mod forall;

/// What a statement tells its enclosing statements.
#[derive(Debug, Clone, PartialEq)]
pub enum Flow {
    /// Go on with the next statement.
    Next,
    /// EXIT the loop with this id (None = innermost).
    Exit(Option<u32>),
    /// CONTINUE the loop with this id (None = innermost).
    Continue(Option<u32>),
    /// RETURN from the unit, with a function's value.
    Return(Option<Value>),
}

/// What one iteration's flow means for the loop `id`: `None` to go on with the next
/// iteration (the body ended, or CONTINUE of this loop), else how the loop statement ends —
/// `Next` after an EXIT of this loop, anything else (an outer label, RETURN) passed outward.
fn after_iteration(id: u32, flow: Flow) -> Option<Flow> {
    match flow {
        Flow::Next | Flow::Continue(None) => None,
        Flow::Continue(Some(l)) if l == id => None,
        Flow::Exit(None) => Some(Flow::Next),
        Flow::Exit(Some(l)) if l == id => Some(Flow::Next),
        other => Some(other),
    }
}

/// Errors travel boxed inside the interpreter: a `Result` of one pointer keeps the hot paths'
/// return values small (an `OraError` is ~90 bytes). `?` boxes exec's errors on the way in.
type R<T> = Result<T, Box<OraError>>;

/// `Err` of a boxed error.
fn fail<T>(e: OraError) -> R<T> {
    Err(Box::new(e))
}

/// Maximum nesting of subprogram calls before ORA-06500 (STORAGE_ERROR). Fixed, so that where
/// runaway recursion stops does not depend on the build; it fits an unoptimised build's frames
/// in a 2 MiB thread stack.
const MAX_DEPTH: usize = 50;
/// Stack a call chain may use before ORA-06500, a safety net under [`MAX_DEPTH`] (runner and
/// test threads have 2 MiB).
const STACK_BUDGET: usize = 1_500_000;

/// A collection key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    /// INDEX BY PLS_INTEGER.
    Int(i64),
    /// INDEX BY VARCHAR2.
    Str(String),
}

impl Key {
    fn value(&self) -> Value {
        match self {
            Key::Int(i) => Value::int(*i),
            Key::Str(s) => Value::text(s),
        }
    }
}

/// An associative array: ordered keys, each element a row of fields.
#[derive(Debug, Clone, Default)]
pub struct Collection {
    /// Elements by key.
    pub map: BTreeMap<Key, Vec<Value>>,
    /// String keys.
    pub string_keys: bool,
    /// Nested table / varray state (NULL, size); the default for associative arrays.
    pub shape: super::collections::Shape,
}

impl Collection {
    /// Field `field` of the element at index `k`, with PL/SQL's errors: ORA-06531 for a NULL
    /// collection, ORA-06532 / 06533 outside a varray's limit or a nested table's count,
    /// ORA-01403 for a missing (or deleted) element.
    pub fn element(&self, k: &Value, field: usize) -> R<Value> {
        self.not_null()?;
        let key = self.key(k)?;
        self.subscript(&key)?;
        match self.map.get(&key) {
            Some(row) => Ok(row.get(field).cloned().unwrap_or_default()),
            None => fail(ora!(NO_DATA_FOUND)),
        }
    }

    /// The key for an index value.
    pub fn key(&self, v: &Value) -> R<Key> {
        if v.is_null() {
            return fail(value_error(": NULL index table key value"));
        }
        if self.string_keys {
            Ok(Key::Str(v.to_text().unwrap_or_default()))
        } else {
            let d =
                v.to_number().map_err(|_| value_error(": character to number conversion error"))?;
            Ok(Key::Int(d.unwrap_or_default().round().to_i64().ok_or_else(|| value_error(""))?))
        }
    }
}

/// An open explicit cursor: its rows (materialised at OPEN) and how far FETCH has read.
#[derive(Debug, Default)]
pub struct CursorState {
    rows: Option<Vec<Row>>,
    next: usize,
    found: Option<bool>,
    /// The columns of a cursor variable's query (for SQL*Plus PRINT of a REFCURSOR bind).
    columns: Vec<crate::value::ColumnDesc>,
}

/// One activation of a unit.
#[derive(Default)]
pub struct Frame {
    /// Scalar slots.
    pub vals: Vec<Value>,
    /// Collection slots.
    pub colls: Vec<Collection>,
    cursors: Vec<CursorState>,
}

impl Frame {
    /// A fresh frame for `unit`.
    pub fn new(unit: &Unit) -> Frame {
        Frame {
            vals: vec![Value::Null; unit.n_vals],
            colls: vec![Collection::default(); unit.n_colls],
            cursors: (0..unit.n_cursors).map(|_| CursorState::default()).collect(),
        }
    }
}

/// The interpreter of one call: the exceptions being handled, the implicit cursor, the call
/// depth, and a scratch buffer for `||`.
pub struct Interp<'c, 'a> {
    /// The call context.
    pub ctx: &'c mut Ctx<'a>,
    handling: Vec<OraError>,
    sql_rowcount: Option<u64>,
    depth: usize,
    stack_base: usize,
    line: u32,
    scratch: String,
    iterations: u64,
    owner: Option<String>,
    bulk: super::forall::Bulk,
}

/// Loop iterations after which a call counts as a long-running "spinning" call for the script
/// runner's settle logic (checked again every as many iterations, in case a wait ended it).
const SPIN_AFTER: u64 = 1 << 18;

fn stack_mark() -> usize {
    let x = 0u8;
    std::hint::black_box(&x) as *const u8 as usize
}

/// The private code of a user-declared exception (SQLCODE 1, text 'User-Defined Exception').
pub fn user_exception(id: u32) -> OraError {
    let code = Code { facility: Facility::Pls, number: 1_000_000 + id, template: "" };
    OraError::with_text(code, "User-Defined Exception")
}

fn user_id(e: &OraError) -> Option<u32> {
    (e.code.facility == Facility::Pls && e.code.number >= 1_000_000)
        .then(|| e.code.number - 1_000_000)
}

/// SQLCODE of an error as PL/SQL sees it.
pub fn sqlcode(e: &OraError) -> i64 {
    if user_id(e).is_some() { 1 } else { e.sqlcode() }
}

/// SQLERRM of an error: its first line.
pub fn sqlerrm(e: &OraError) -> String {
    if user_id(e).is_some() {
        return "User-Defined Exception".into();
    }
    format!("{}: {}", e.code.prefix(), e.text)
}

/// Turns a user exception leaving PL/SQL into ORA-06510 (keeping its stack lines).
pub fn to_client(mut e: OraError) -> OraError {
    if user_id(&e).is_some() {
        let stack = std::mem::take(&mut e.stack);
        e = ora!(UNHANDLED_USER_EXCEPTION);
        e.stack = stack;
    }
    e
}

fn matches(x: &ExcRef, e: &OraError) -> bool {
    match x {
        ExcRef::User(id) => user_id(e) == Some(*id),
        ExcRef::Code(n) => e.code.facility == Facility::Ora && e.code.number == *n,
    }
}

#[path = "refcursor_run.rs"]
mod refcursor_run;
#[path = "returning.rs"]
mod returning;

/// Binds an embedded statement's PL/SQL names to the frame's current values.
struct Binder<'f> {
    names: &'f SqlNames,
    vals: &'f [Value],
    binds: &'f [Value],
    seen: std::cell::RefCell<Vec<String>>,
    colls: &'f [Collection],
}

impl<'f> Binder<'f> {
    /// Binds `names` to the frame's values and collections.
    fn frame(names: &'f SqlNames, f: &'f Frame) -> Binder<'f> {
        Binder { names, vals: &f.vals, binds: &[], seen: Default::default(), colls: &f.colls }
    }
}

impl Names for Binder<'_> {
    fn lookup(&self, parts: &[Ident]) -> Option<Value> {
        match super::compile::lookup_name(self.names, parts)? {
            NameValue::Slot(s) => self.vals.get(*s).cloned(),
            NameValue::Const(v) => Some(v.clone()),
            NameValue::Coll(..) => None,
        }
    }
    fn collection(
        &self,
        parts: &[Ident],
    ) -> Option<Result<crate::exec::compile::CollectionRows, OraError>> {
        match super::compile::lookup_name(self.names, parts)? {
            NameValue::Coll(slot, ttype) => {
                Some(super::table_fn::relation(ttype, self.colls.get(*slot)))
            }
            _ => None,
        }
    }
    fn element(&self, parts: &[Ident], index: &Value) -> Option<Result<Value, OraError>> {
        match super::compile::lookup_name(self.names, parts)? {
            NameValue::Coll(slot, ttype) if ttype.scalar => {
                Some(self.colls.get(*slot)?.element(index, 0).map_err(|e| *e))
            }
            _ => None,
        }
    }
    fn bind(&self, name: &str) -> Option<Value> {
        let host = [Ident { name: crate::sql::bind_name(name), pos: 0 }];
        if self.names.entries.iter().any(|(p, _)| p.len() == 1 && p[0] == host[0].name) {
            return self.lookup(&host);
        }
        let mut seen = self.seen.borrow_mut();
        let i = match seen.iter().position(|n| n == name) {
            Some(i) => i,
            None => {
                seen.push(name.to_string());
                seen.len() - 1
            }
        };
        self.binds.get(i).cloned()
    }
}

impl<'c, 'a> Interp<'c, 'a> {
    /// An interpreter for one call.
    pub fn new(ctx: &'c mut Ctx<'a>) -> Self {
        Interp {
            ctx,
            handling: Vec::new(),
            sql_rowcount: None,
            depth: 0,
            stack_base: stack_mark(),
            line: 0,
            scratch: String::new(),
            iterations: 0,
            owner: None,
            bulk: Default::default(),
        }
    }

    fn env(&self) -> Env<'a> {
        Env { db: self.ctx.db, me: self.ctx.me }
    }

    /// Runs a unit with its arguments already in `frame`; adds the ORA-06512 line of the
    /// statement that raised an unhandled error (naming the stored unit it belongs to).
    pub fn run_unit(&mut self, unit: &Unit, frame: &mut Frame) -> R<Option<Value>> {
        let saved = std::mem::replace(&mut self.owner, unit.owner_name.clone());
        let r = self.run_body(unit, frame);
        self.owner = saved;
        r
    }

    /// Runs a unit's body on `frame` with the depth limit and the ORA-06512 line.
    fn run_body(&mut self, unit: &Unit, frame: &mut Frame) -> R<Option<Value>> {
        self.depth += 1;
        let used = self.stack_base.saturating_sub(stack_mark());
        if self.depth > MAX_DEPTH || used > STACK_BUDGET {
            self.depth -= 1;
            return fail(ora!(crate::error::STORAGE_ERROR));
        }
        let saved_line = self.line;
        self.line = unit.body.line;
        let r = self.block(&unit.body, frame);
        let line = self.line;
        self.line = saved_line;
        self.depth -= 1;
        match r {
            Ok(Flow::Return(v)) => Ok(v),
            Ok(_) => Ok(None),
            Err(mut e) => {
                let at = match &self.owner {
                    Some(n) => format!("\"{n}\", line {line}"),
                    None => format!("line {line}"),
                };
                if !e.ends_session() || e.stack.is_empty() {
                    e.stack.push(ora!(AT_LINE, "{at}"));
                }
                Err(e)
            }
        }
    }

    fn block(&mut self, b: &BlockIr, f: &mut Frame) -> R<Flow> {
        let r = self.inits(b, f).and_then(|_| self.stmts(&b.body, f));
        match r {
            Err(e) if !b.handlers.is_empty() => self.handle(b, e, f),
            other => other,
        }
    }

    fn inits(&mut self, b: &BlockIr, f: &mut Frame) -> R<()> {
        for i in &b.inits {
            match i {
                Init::Scalar { target, default, line } => {
                    self.line = *line;
                    let v = match default {
                        Some(d) => self.eval(d, f)?,
                        None => Value::Null,
                    };
                    self.assign(target, v, f)?;
                }
                Init::Record { base, len } => {
                    for v in &mut f.vals[*base..*base + *len] {
                        *v = Value::Null;
                    }
                }
                Init::Coll(slot, string_keys) => {
                    f.colls[*slot] = Collection {
                        map: BTreeMap::new(),
                        string_keys: *string_keys,
                        ..Default::default()
                    }
                }
                Init::Cursor(slot) => f.cursors[*slot] = CursorState::default(),
                Init::Dense { slot, ttype, value, line } => {
                    self.line = *line;
                    let value = value.as_ref().unwrap_or(&super::collections::CollValue::Null);
                    self.coll_assign(*slot, ttype, value, f)?;
                }
            }
        }
        Ok(())
    }

    fn handle(&mut self, b: &BlockIr, e: Box<OraError>, f: &mut Frame) -> R<Flow> {
        let Some(h) =
            b.handlers.iter().find(|h| h.others || h.catches.iter().any(|x| matches(x, &e)))
        else {
            return Err(e);
        };
        let mut e = e;
        e.stack.clear();
        self.handling.push(*e);
        let r = self.stmts(&h.body, f);
        self.handling.pop();
        r
    }

    fn stmts(&mut self, stmts: &[Stmt], f: &mut Frame) -> R<Flow> {
        for (i, s) in stmts.iter().enumerate() {
            // The safe point sits between statements (and on loop iterations and calls), so a
            // handler's first statement still runs after a kill: WHEN OTHERS can log SQLCODE -28.
            if i > 0 {
                check(self.ctx.me)?;
            }
            self.line = s.line;
            match self.stmt(s, f)? {
                Flow::Next => {}
                other => return Ok(other),
            }
        }
        Ok(Flow::Next)
    }

    fn stmt(&mut self, s: &Stmt, f: &mut Frame) -> R<Flow> {
        match &s.kind {
            StmtKind::Null => {}
            StmtKind::Assign(Target::Slot { slot, .. }, PExpr::Const(Value::Text(c))) if matches!(&f.vals[*slot], Value::Text(cur) if std::sync::Arc::ptr_eq(cur, c)) =>
            {
                // Assigning the constant the variable already holds (a loop's `s := 'abc'`).
            }
            StmtKind::Assign(t, e) => {
                let v = self.eval(e, f)?;
                self.assign(t, v, f)?;
            }
            StmtKind::AssignColl(to, from) => f.colls[*to].map = f.colls[*from].map.clone(),
            StmtKind::AssignRecord(t, from, width) => {
                let row: Row = f.vals[*from..*from + *width].to_vec();
                self.assign_record(t, row, f)?;
            }
            StmtKind::Call(c) => {
                self.call(c, f)?;
            }
            StmtKind::If(branches, else_) => {
                return self.branches(branches, else_.as_deref(), f, false);
            }
            StmtKind::Case(branches, else_) => {
                return self.branches(branches, else_.as_deref(), f, true);
            }
            StmtKind::Loop { id, cond, body } => return self.loop_(*id, cond.as_ref(), body, f),
            StmtKind::ForRange { id, slot, low, high, reverse, body } => {
                return self.for_range(*id, *slot, low, high, *reverse, body, f);
            }
            StmtKind::ForCursor { id, base, width, source, body } => {
                let rows = self.source_rows(source, f)?;
                for row in rows {
                    self.iteration()?;
                    for (i, v) in row.into_iter().take(*width).enumerate() {
                        f.vals[base + i] = v;
                    }
                    if let Some(out) = after_iteration(*id, self.stmts(body, f)?) {
                        return Ok(out);
                    }
                }
            }
            StmtKind::Exit(label, when) => {
                if self.when(when.as_ref(), f)? {
                    return Ok(Flow::Exit(*label));
                }
            }
            StmtKind::Continue(label, when) => {
                if self.when(when.as_ref(), f)? {
                    return Ok(Flow::Continue(*label));
                }
            }
            StmtKind::Raise(Some(ExcRef::User(id))) => return fail(user_exception(*id)),
            StmtKind::Raise(Some(ExcRef::Code(n))) => {
                return fail(OraError::new(Code::ora(*n), ""));
            }
            StmtKind::Raise(None) => {
                return fail(
                    self.handling
                        .last()
                        .cloned()
                        .unwrap_or_else(|| ora!(crate::error::PROGRAM_ERROR)),
                );
            }
            StmtKind::Return(v) => {
                let v = v.as_ref().map(|e| self.eval(e, f)).transpose()?;
                return Ok(Flow::Return(v));
            }
            StmtKind::Block(b) => return self.block(b, f),
            StmtKind::ExecImmediate { sql, into, using } => {
                self.exec_immediate(sql, into, using, f)?
            }
            StmtKind::SelectInto { query, names, into, bulk } => {
                let rows = self.query(query, names, f, &[])?;
                self.into(rows, into, *bulk, f)?;
            }
            StmtKind::Sql(stmt, names) => {
                let binder = Binder::frame(names, f);
                let bound = super::bind::bind_statement(&self.env(), stmt, &binder);
                // The binder also serves names in subqueries (`IN (SELECT ... FROM TABLE(l))`).
                let out = crate::exec::execute_with(self.ctx, &bound, Some(&binder))?;
                self.sql_rowcount = Some(match out {
                    crate::exec::Outcome::Affected { count, .. } => count,
                    _ => 0,
                });
            }
            StmtKind::Open(decl, args) => {
                if f.cursors[decl.slot].rows.is_some() {
                    return fail(OraError::new(Code::ora(6511), ""));
                }
                let rows = self.cursor_rows(decl, args, f)?;
                f.cursors[decl.slot] = CursorState { rows: Some(rows), ..CursorState::default() };
            }
            StmtKind::Fetch(slot, into) => self.fetch(*slot, into, f)?,
            StmtKind::Close(slot) => {
                if f.cursors[*slot].rows.is_none() {
                    return fail(OraError::new(Code::ora(1001), ""));
                }
                f.cursors[*slot] = CursorState::default();
            }
            StmtKind::CollAssign(slot, ttype, value) => self.coll_assign(*slot, ttype, value, f)?,
            StmtKind::Forall(fa) => self.forall(fa, f)?,
            StmtKind::OpenFor(slot, source) => self.open_for(*slot, source, f)?,
            StmtKind::Returning { stmt, names, into, bulk } => {
                self.returning(stmt, names, into, *bulk, f)?
            }
            StmtKind::PackageCollAssign { r, slot, scratch, ttype, value } => {
                self.coll_assign(*scratch, ttype, value, f)?;
                let c = std::mem::take(&mut f.colls[*scratch]);
                super::user_packages::coll_set(self, r, *slot, c)?;
            }
            StmtKind::PackageRecord { r, package_base, local_base, width, into_package } => {
                let (p, l) = (*package_base..package_base + width, *local_base..local_base + width);
                super::user_packages::copy_record(self, r, (p, l), *into_package, f)?;
            }
        }
        Ok(Flow::Next)
    }

    /// The per-iteration safe point; every [`SPIN_AFTER`] iterations the call declares itself
    /// spinning (see `SessionCell::spin`).
    #[inline]
    fn iteration(&mut self) -> R<()> {
        check(self.ctx.me)?;
        self.iterations += 1;
        if self.iterations.is_multiple_of(SPIN_AFTER) {
            self.ctx.me.spin();
        }
        Ok(())
    }

    /// Ends spinning when the call is done.
    pub fn finish(&mut self) {
        if self.iterations >= SPIN_AFTER {
            self.ctx.me.spin_end();
        }
    }

    fn branches(
        &mut self,
        branches: &[(PExpr, Vec<Stmt>)],
        else_: Option<&[Stmt]>,
        f: &mut Frame,
        case: bool,
    ) -> R<Flow> {
        for (c, body) in branches {
            if self.truth(c, f)? == Some(true) {
                return self.stmts(body, f);
            }
        }
        match else_ {
            Some(e) => self.stmts(e, f),
            None if case => fail(OraError::new(Code::ora(6592), "")),
            None => Ok(Flow::Next),
        }
    }

    fn when(&mut self, when: Option<&PExpr>, f: &mut Frame) -> R<bool> {
        Ok(match when {
            None => true,
            Some(c) => self.truth(c, f)? == Some(true),
        })
    }

    fn loop_(&mut self, id: u32, cond: Option<&PExpr>, body: &[Stmt], f: &mut Frame) -> R<Flow> {
        loop {
            self.iteration()?;
            if let Some(c) = cond
                && self.truth(c, f)? != Some(true)
            {
                return Ok(Flow::Next);
            }
            if let Some(out) = after_iteration(id, self.stmts(body, f)?) {
                return Ok(out);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn for_range(
        &mut self,
        id: u32,
        slot: usize,
        low: &PExpr,
        high: &PExpr,
        reverse: bool,
        body: &[Stmt],
        f: &mut Frame,
    ) -> R<Flow> {
        let bound = |v: Value| -> R<i64> {
            v.to_number()?.and_then(|d| d.round().to_i64()).ok_or_else(|| Box::new(value_error("")))
        };
        let lo = bound(self.eval(low, f)?)?;
        let hi = bound(self.eval(high, f)?)?;
        let mut i = if reverse { hi } else { lo };
        while if reverse { i >= lo } else { i <= hi } {
            self.iteration()?;
            f.vals[slot] = Value::Number(Decimal::from(i));
            if let Some(out) = after_iteration(id, self.stmts(body, f)?) {
                return Ok(out);
            }
            let next = if reverse { i.checked_sub(1) } else { i.checked_add(1) };
            match next {
                Some(n) => i = n,
                None => break,
            }
        }
        Ok(Flow::Next)
    }

    // ---- expressions ----

    /// Evaluates an expression on the frame. A text that is not a number is ORA-06502 here
    /// (PL/SQL evaluates the expression), not SQL's ORA-01722.
    pub fn eval(&mut self, e: &PExpr, f: &mut Frame) -> R<Value> {
        self.eval_inner(e, f).map_err(|e| {
            if e.is(INVALID_NUMBER) {
                Box::new(value_error(": character to number conversion error"))
            } else {
                e
            }
        })
    }

    fn eval_inner(&mut self, e: &PExpr, f: &mut Frame) -> R<Value> {
        match e {
            PExpr::Sql { leaves, expr } => {
                for (slot, leaf) in leaves {
                    let v = self.leaf(leaf, f)?;
                    f.vals[*slot] = v;
                }
                let env = self.env();
                let row = RowRef::new(&f.vals);
                if let CExpr::Concat(a, b) = expr {
                    let (a, b) = (operand(&env, a, row)?, operand(&env, b, row)?);
                    return Ok(self.concat(&a, &b));
                }
                Ok(operand(&env, expr, row)?.into_owned())
            }
            PExpr::Const(v) => Ok(v.clone()),
            PExpr::AddConst(slot, k) => match &f.vals[*slot] {
                Value::Number(d) => d
                    .checked_add(*k)
                    .map(Value::Number)
                    .ok_or_else(|| Box::new(ora!(crate::error::NUMERIC_OVERFLOW))),
                other => Ok(eval::arith(eval::ArithOp::Add, other, &Value::Number(*k))?),
            },
            other => Ok(self.truth(other, f)?.map_or(Value::Null, Value::Bool)),
        }
    }

    /// `a || b` through one reused buffer (one allocation for the result).
    fn concat(&mut self, a: &Value, b: &Value) -> Value {
        self.scratch.clear();
        if !push_text(&mut self.scratch, a) || !push_text(&mut self.scratch, b) {
            return eval::concat(a, b);
        }
        if self.scratch.is_empty() {
            return Value::Null;
        }
        Value::Text(std::sync::Arc::from(self.scratch.as_str()))
    }

    /// Evaluates a condition (three-valued).
    pub fn truth(&mut self, e: &PExpr, f: &mut Frame) -> R<Option<bool>> {
        Ok(match e {
            PExpr::Sql { leaves, expr } => {
                for (slot, leaf) in leaves {
                    let v = self.leaf(leaf, f)?;
                    f.vals[*slot] = v;
                }
                let env = self.env();
                match expr {
                    CExpr::Col(_) | CExpr::Const(_) | CExpr::Call(..) | CExpr::Case { .. } => {
                        match eval::eval(&env, expr, RowRef::new(&f.vals))? {
                            Value::Bool(b) => Some(b),
                            Value::Null => None,
                            _ => return fail(value_error("")),
                        }
                    }
                    _ => truth(&env, expr, RowRef::new(&f.vals))?,
                }
            }
            PExpr::And(a, b) => match self.truth(a, f)? {
                Some(false) => Some(false),
                x => match (x, self.truth(b, f)?) {
                    (_, Some(false)) => Some(false),
                    (Some(true), Some(true)) => Some(true),
                    _ => None,
                },
            },
            PExpr::Or(a, b) => match self.truth(a, f)? {
                Some(true) => Some(true),
                x => match (x, self.truth(b, f)?) {
                    (_, Some(true)) => Some(true),
                    (Some(false), Some(false)) => Some(false),
                    _ => None,
                },
            },
            PExpr::Not(a) => self.truth(a, f)?.map(|b| !b),
            PExpr::Const(_) | PExpr::AddConst(..) => match self.eval(e, f)? {
                Value::Bool(b) => Some(b),
                Value::Null => None,
                _ => return fail(value_error("")),
            },
        })
    }

    pub(super) fn leaf(&mut self, leaf: &Leaf, f: &mut Frame) -> R<Value> {
        Ok(match leaf {
            Leaf::Elem { coll, index, field } => {
                let k = self.eval(index, f)?;
                f.colls[*coll].element(&k, *field)?
            }
            Leaf::Method { coll, method, arg } => {
                let a = arg.as_ref().map(|a| self.eval(a, f)).transpose()?;
                let c = &f.colls[*coll];
                c.method_allowed(method)?;
                match *method {
                    "COUNT" => Value::int(c.map.len() as i64),
                    "FIRST" => c.map.keys().next().map_or(Value::Null, Key::value),
                    "LAST" => c.map.keys().next_back().map_or(Value::Null, Key::value),
                    _ => {
                        let a = a.unwrap_or_default();
                        if a.is_null() {
                            return Ok(if *method == "EXISTS" {
                                Value::Bool(false)
                            } else {
                                Value::Null
                            });
                        }
                        let k = c.key(&a)?;
                        match *method {
                            "EXISTS" => Value::Bool(c.map.contains_key(&k)),
                            "NEXT" => c
                                .map
                                .range((std::ops::Bound::Excluded(k), std::ops::Bound::Unbounded))
                                .next()
                                .map_or(Value::Null, |(k, _)| k.value()),
                            _ => {
                                c.map.range(..k).next_back().map_or(Value::Null, |(k, _)| k.value())
                            }
                        }
                    }
                }
            }
            Leaf::CursorAttr { cursor: None, attr } => {
                let n = self.sql_rowcount;
                match *attr {
                    "ROWCOUNT" => n.map_or(Value::Null, |n| Value::int(n as i64)),
                    "ISOPEN" => Value::Bool(false),
                    "FOUND" => n.map_or(Value::Null, |n| Value::Bool(n > 0)),
                    _ => n.map_or(Value::Null, |n| Value::Bool(n == 0)),
                }
            }
            Leaf::CursorAttr { cursor: Some(c), attr } => {
                let c = &f.cursors[*c];
                if *attr == "ISOPEN" {
                    return Ok(Value::Bool(c.rows.is_some()));
                }
                if c.rows.is_none() {
                    return fail(OraError::new(Code::ora(1001), ""));
                }
                match *attr {
                    "ROWCOUNT" => Value::int(c.next as i64),
                    "FOUND" => c.found.map_or(Value::Null, Value::Bool),
                    _ => c.found.map_or(Value::Null, |b| Value::Bool(!b)),
                }
            }
            Leaf::SqlCode => Value::int(self.handling.last().map_or(0, sqlcode)),
            Leaf::SqlErrm(None) => Value::text(
                self.handling
                    .last()
                    .map_or("ORA-0000: normal, successful completion".into(), sqlerrm),
            ),
            Leaf::SqlErrm(Some(n)) => {
                let n = self.eval(n, f)?.to_i64()?.unwrap_or(0);
                Value::text(sqlerrm_of(n))
            }
            Leaf::Call(c) => self.call(c, f)?.unwrap_or_default(),
            Leaf::Coll(l) => self.coll_leaf(l, f)?,
            Leaf::Bulk(b) => self.bulk_attr(b, f)?,
            Leaf::PackageVar(r) => super::user_packages::read(self, r)?,
            Leaf::PackageColl(r, inner) => super::user_packages::read_coll(self, r, inner, f)?,
        })
    }

    // ---- assignment ----

    /// Stores `v` into `t`, converted to the declared type.
    fn assign(&mut self, t: &Target, v: Value, f: &mut Frame) -> R<()> {
        match t {
            Target::Slot { slot, ty: SqlType::Number { precision: None, scale: None }, .. }
                if matches!(v, Value::Number(_)) =>
            {
                f.vals[*slot] = v;
            }
            Target::Slot { slot, ty: SqlType::Varchar2(n), .. } if matches!(&v, Value::Text(t) if t.len() <= *n as usize) =>
            {
                // At most n bytes is at most n characters: no need to count them.
                f.vals[*slot] = v;
            }
            Target::Slot { slot, ty, not_null } => {
                let v = coerce(v, ty)?;
                if *not_null && v.is_null() {
                    return fail(value_error(""));
                }
                f.vals[*slot] = v;
            }
            Target::Elem { coll, index, field, ttype } => {
                let k = self.eval(index, f)?;
                f.colls[*coll].not_null()?;
                let key = f.colls[*coll].key(&k)?;
                f.colls[*coll].subscript(&key)?;
                let width = ttype.elem.fields.len();
                let Some(i) = field else { return fail(value_error("")) };
                let v = coerce(v, &ttype.elem.fields[*i].1)?;
                let c = &mut f.colls[*coll];
                c.string_keys = ttype.string_keys;
                c.map.entry(key).or_insert_with(|| vec![Value::Null; width])[*i] = v;
            }
            Target::Record { .. } | Target::Coll { .. } => return fail(value_error("")),
            Target::PackageVar { r, ty, not_null } => {
                super::user_packages::write(self, r, v, ty, *not_null)?;
            }
            Target::PackageElem(r, inner) => {
                super::user_packages::with_elem(self, r, inner, f, |i, t, g| i.assign(t, v, g))?;
            }
        }
        Ok(())
    }

    /// Stores a whole record into a record variable or a collection element.
    fn assign_record(&mut self, t: &Target, row: Row, f: &mut Frame) -> R<()> {
        match t {
            Target::Elem { coll, index, field: None, ttype } => {
                if row.len() != ttype.elem.fields.len() {
                    return fail(value_error(""));
                }
                let k = self.eval(index, f)?;
                let c = &mut f.colls[*coll];
                c.string_keys = ttype.string_keys;
                c.not_null()?;
                let key = c.key(&k)?;
                c.subscript(&key)?;
                c.map.insert(key, row);
                Ok(())
            }
            other => self.assign_row(std::slice::from_ref(other), row, f),
        }
    }

    fn assign_row(&mut self, targets: &[Target], row: Row, f: &mut Frame) -> R<()> {
        if let [Target::Record { base, rtype }] = targets {
            if row.len() != rtype.fields.len() {
                return fail(ora!(crate::error::TOO_MANY_VALUES));
            }
            for (i, (v, (_, ty))) in row.into_iter().zip(&rtype.fields).enumerate() {
                f.vals[base + i] = coerce(v, ty)?;
            }
            return Ok(());
        }
        if row.len() != targets.len() {
            let code = if row.len() > targets.len() {
                crate::error::TOO_MANY_VALUES
            } else {
                crate::error::NOT_ENOUGH_VALUES
            };
            return fail(ora!(code));
        }
        for (t, v) in targets.iter().zip(row) {
            self.assign(t, v, f)?;
        }
        Ok(())
    }

    // ---- SQL ----

    fn query(&mut self, q: &Query, names: &SqlNames, f: &Frame, binds: &[Value]) -> R<Vec<Row>> {
        let binder = Binder { binds, ..Binder::frame(names, f) };
        let rs = query::run_query_with(self.ctx, q, Some(&binder))?;
        self.sql_rowcount = Some(rs.rows.len() as u64);
        Ok(rs.rows)
    }

    fn into(&mut self, rows: Vec<Row>, into: &[Target], bulk: bool, f: &mut Frame) -> R<()> {
        if bulk {
            return self.bulk_into(rows, into, f);
        }
        let mut it = rows.into_iter();
        let Some(row) = it.next() else {
            self.sql_rowcount = Some(0);
            return fail(ora!(NO_DATA_FOUND));
        };
        if it.next().is_some() {
            return fail(ora!(TOO_MANY_ROWS));
        }
        self.sql_rowcount = Some(1);
        self.assign_row(into, row, f)
    }

    fn bulk_into(&mut self, rows: Vec<Row>, into: &[Target], f: &mut Frame) -> R<()> {
        let colls: Vec<(usize, &TableType)> = into
            .iter()
            .map(|t| match t {
                Target::Coll { slot, ttype } => Ok((*slot, &**ttype)),
                _ => fail(value_error("")),
            })
            .collect::<R<_>>()?;
        for (slot, t) in &colls {
            f.colls[*slot].bulk_init(rows.len())?;
            f.colls[*slot].map.clear();
            f.colls[*slot].string_keys = t.string_keys;
        }
        let single_record = colls.len() == 1 && !colls[0].1.scalar;
        for (n, row) in rows.into_iter().enumerate() {
            let key = Key::Int(n as i64 + 1);
            if single_record {
                f.colls[colls[0].0].map.insert(key, row);
                continue;
            }
            if row.len() != colls.len() {
                return fail(ora!(crate::error::TOO_MANY_VALUES));
            }
            for ((slot, t), v) in colls.iter().zip(row) {
                let v = coerce(v, &t.elem.fields[0].1)?;
                f.colls[*slot].map.insert(key.clone(), vec![v]);
            }
        }
        Ok(())
    }

    fn cursor_rows(&mut self, decl: &CursorDecl, args: &[PExpr], f: &mut Frame) -> R<Vec<Row>> {
        for ((slot, ty, _), a) in decl.params.iter().zip(args) {
            let v = self.eval(a, f)?;
            f.vals[*slot] = coerce(v, ty)?;
        }
        self.query(&decl.query, &decl.names, f, &[])
    }

    fn source_rows(&mut self, source: &RowSource, f: &mut Frame) -> R<Vec<Row>> {
        match source {
            RowSource::Query(q, names) => self.query(q, names, f, &[]),
            RowSource::Cursor(decl, args) => self.cursor_rows(decl, args, f),
        }
    }

    fn fetch(&mut self, slot: usize, into: &[Target], f: &mut Frame) -> R<()> {
        let c = &mut f.cursors[slot];
        let Some(rows) = &c.rows else { return fail(OraError::new(Code::ora(1001), "")) };
        if matches!(into.first(), Some(Target::Coll { .. })) {
            let rest: Vec<Row> = rows[c.next..].to_vec();
            c.next = rows.len();
            c.found = Some(!rest.is_empty());
            return self.bulk_into(rest, into, f);
        }
        match rows.get(c.next).cloned() {
            Some(row) => {
                c.next += 1;
                c.found = Some(true);
                self.assign_row(into, row, f)
            }
            None => {
                c.found = Some(false);
                Ok(())
            }
        }
    }

    fn exec_immediate(
        &mut self,
        sql: &PExpr,
        into: &[Target],
        using: &[PExpr],
        f: &mut Frame,
    ) -> R<()> {
        let Some(text) = self.eval(sql, f)?.to_text() else {
            return fail(OraError::new(Code::ora(6535), ""));
        };
        let binds = using.iter().map(|u| self.eval(u, f)).collect::<R<Vec<_>>>()?;
        let stmt = crate::sql::parse(&text)?;
        match &stmt {
            Statement::Query(q) => {
                let rows = self.query(q, &SqlNames::default(), f, &binds)?;
                if into.is_empty() {
                    return Ok(());
                }
                let bulk = matches!(into.first(), Some(Target::Coll { .. }));
                self.into(rows, into, bulk, f)
            }
            Statement::Block(b) => {
                let env = self.env();
                let unit = super::compile::compile_block(&env, &text, b)?;
                let mut frame = Frame::new(&unit);
                // The dynamic block is one statement: undone whole if its exception escapes.
                let (db, me) = (self.ctx.db, self.ctx.me);
                let mark = db.storage.statement_start(me);
                let result = self.run_unit(&unit, &mut frame).map(|_| ());
                if result.is_err() {
                    db.storage.statement_failed(me, mark);
                }
                result
            }
            _ => {
                let out = crate::exec::execute(self.ctx, &stmt)?;
                self.sql_rowcount = Some(match out {
                    crate::exec::Outcome::Affected { count, .. } => count,
                    _ => 0,
                });
                Ok(())
            }
        }
    }

    // ---- calls ----

    /// Runs a call; returns a function's value.
    pub fn call(&mut self, c: &CallIr, f: &mut Frame) -> R<Option<Value>> {
        match &c.callee {
            Callee::RaiseApplicationError => self.raise_application_error(c, f),
            Callee::CollDelete(slot) => {
                let vals = self.in_values(c, f)?;
                let coll = &mut f.colls[*slot];
                coll.not_null()?;
                match vals.as_slice() {
                    [] => coll.delete_all()?,
                    [k] => {
                        let k = coll.key(k)?;
                        coll.map.remove(&k);
                    }
                    [a, b, ..] => {
                        let (a, b) = (coll.key(a)?, coll.key(b)?);
                        if a <= b {
                            let doomed: Vec<Key> =
                                coll.map.range(a..=b).map(|(k, _)| k.clone()).collect();
                            for k in doomed {
                                coll.map.remove(&k);
                            }
                        }
                    }
                }
                Ok(None)
            }
            Callee::Native(native) => {
                let mut args = self.native_args(c, f)?;
                let r = native(self.ctx, &mut args)?;
                self.copy_back(c, args, f)?;
                Ok(r)
            }
            Callee::Unit(cell) => {
                let unit =
                    cell.borrow().clone().ok_or_else(|| ora!(crate::error::PROGRAM_ERROR))?;
                self.call_unit(&unit, c, f)
            }
            Callee::Stored(key) => {
                let env = self.env();
                let unit = super::catalog::compile_stored(&env, key)?;
                self.call_unit(&unit, c, f)
            }
            Callee::Coll(slot, op) => {
                let vals = self.in_values(c, f)?;
                let mut coll = std::mem::take(&mut f.colls[*slot]);
                let r = self.coll_op(&mut coll, *op, &vals);
                f.colls[*slot] = coll;
                r.map(|_| None)
            }
            Callee::Package(r) => super::user_packages::call(self, r, c, f),
            Callee::PackageColl(r, inner) => {
                let args = self.in_values(c, f)?;
                super::user_packages::coll_procedure(self, r, inner, args)
            }
        }
    }

    fn in_values(&mut self, c: &CallIr, f: &mut Frame) -> R<Vec<Value>> {
        c.args
            .iter()
            .map(|a| match a {
                ArgIr::In(e, _) => self.eval(e, f),
                _ => Ok(Value::Null),
            })
            .collect()
    }

    fn raise_application_error(&mut self, c: &CallIr, f: &mut Frame) -> R<Option<Value>> {
        let vals = self.in_values(c, f)?;
        let num = vals.first().cloned().unwrap_or_default().to_i64()?.unwrap_or(0);
        if !(-20999..=-20000).contains(&num) {
            return fail(ora!(crate::error::RAISE_APPLICATION_ERROR_RANGE, "{num}\u{1}"));
        }
        let msg = vals.get(1).and_then(Value::to_text).unwrap_or_default();
        let msg: String = msg.chars().take(2048).collect();
        fail(OraError::with_text(Code::ora(num.unsigned_abs() as u32), msg))
    }

    fn read_target(&mut self, t: &Target, f: &mut Frame) -> R<Value> {
        Ok(match t {
            Target::Slot { slot, .. } => f.vals[*slot].clone(),
            Target::Elem { coll, index, field, .. } => {
                let k = self.eval(index, f)?;
                let c = &f.colls[*coll];
                c.not_null()?;
                let key = c.key(&k)?;
                c.subscript(&key)?;
                c.map.get(&key).and_then(|r| r.get(field.unwrap_or(0)).cloned()).unwrap_or_default()
            }
            Target::PackageVar { r, .. } => super::user_packages::read(self, r)?,
            Target::PackageElem(r, inner) => {
                super::user_packages::with_elem(self, r, inner, f, |i, t, g| i.read_target(t, g))?
            }
            _ => Value::Null,
        })
    }

    pub(super) fn native_args(&mut self, c: &CallIr, f: &mut Frame) -> R<Vec<NativeArg>> {
        let mut out = Vec::with_capacity(c.args.len());
        for a in &c.args {
            out.push(match a {
                ArgIr::In(e, ty) => {
                    let v = self.eval(e, f)?;
                    NativeArg::Value(coerce(v, ty)?)
                }
                ArgIr::Out(t, ParamMode::Out) => {
                    let _ = t;
                    NativeArg::Value(Value::Null)
                }
                ArgIr::Out(t, _) => NativeArg::Value(self.read_target(t, f)?),
                ArgIr::Coll(slot, ParamMode::Out) => {
                    // An OUT collection starts empty, or atomically NULL if it is a nested
                    // table or varray.
                    NativeArg::Coll(Collection::of_kind(f.colls[*slot].shape.kind))
                }
                ArgIr::Coll(slot, _) => NativeArg::Coll(f.colls[*slot].clone()),
                ArgIr::Cursor(slot, _) => NativeArg::Cursor(f.take_cursor(*slot)),
            });
        }
        Ok(out)
    }

    fn copy_back(&mut self, c: &CallIr, args: Vec<NativeArg>, f: &mut Frame) -> R<()> {
        for (a, v) in c.args.iter().zip(args) {
            match (a, v) {
                (ArgIr::Out(t, _), NativeArg::Value(v)) => self.assign(t, v, f)?,
                (ArgIr::Coll(slot, mode), NativeArg::Coll(col)) if *mode != ParamMode::In => {
                    f.colls[*slot] = col;
                }
                (ArgIr::Cursor(slot, _), NativeArg::Cursor(c)) => f.load_cursor(*slot, c),
                _ => {}
            }
        }
        Ok(())
    }

    fn call_unit(&mut self, unit: &Rc<Unit>, c: &CallIr, f: &mut Frame) -> R<Option<Value>> {
        check(self.ctx.me)?;
        let args = self.native_args(c, f)?;
        let (v, back) = self.enter(unit, args, f)?;
        self.returned(unit, c, v, back, f)
    }

    /// Runs a user package's subprogram `unit` (a window of the package instance's frame
    /// `shared`) with argument values from the caller; errors name the package `owner` in
    /// their ORA-06512 lines. Returns its value and its parameters' final values.
    pub(super) fn enter_package(
        &mut self,
        unit: &Rc<Unit>,
        args: Vec<NativeArg>,
        shared: &mut Frame,
        owner: &str,
    ) -> R<(Option<Value>, Vec<NativeArg>)> {
        check(self.ctx.me)?;
        let saved = self.owner.replace(owner.to_string());
        let entered = self.enter(unit, args, shared);
        self.owner = saved;
        entered
    }

    /// Runs a package's initialization section on its new instance's frame.
    pub(super) fn initialize(&mut self, unit: &Unit, frame: &mut Frame) -> R<()> {
        let handling = std::mem::take(&mut self.handling);
        let r = self.run_unit(unit, frame);
        self.handling = handling;
        r.map(|_| ())
    }

    /// The calling session's context (user packages find its instances through it).
    pub(super) fn env_of(&self) -> Env<'a> {
        self.env()
    }

    /// Binds `args` and runs `unit` (on a fresh frame, or on `f` for a local subprogram);
    /// returns its value and its parameters' final values.
    fn enter(
        &mut self,
        unit: &Rc<Unit>,
        args: Vec<NativeArg>,
        f: &mut Frame,
    ) -> R<(Option<Value>, Vec<NativeArg>)> {
        Ok(match &unit.window {
            None => {
                let mut callee = Frame::new(unit);
                bind_params(unit, args, &mut callee)?;
                let handling = std::mem::take(&mut self.handling);
                let r = self.run_unit(unit, &mut callee);
                self.handling = handling;
                (r?, take_params(unit, &mut callee))
            }
            Some(w) => {
                // A local subprogram runs on the shared frame: save its window, run, restore.
                let saved = Saved::take(w, f);
                let handling = std::mem::take(&mut self.handling);
                let r = bind_params(unit, args, f).and_then(|_| self.run_body(unit, f));
                self.handling = handling;
                let back = take_params(unit, f);
                saved.restore(w, f);
                (r?, back)
            }
        })
    }

    /// Copies OUT parameters back and checks a function's result.
    pub(super) fn returned(
        &mut self,
        unit: &Unit,
        c: &CallIr,
        v: Option<Value>,
        back: Vec<NativeArg>,
        f: &mut Frame,
    ) -> R<Option<Value>> {
        self.copy_back(c, back, f)?;
        match (unit.returns, v) {
            (Some(ty), Some(v)) => Ok(Some(coerce(v, &ty)?)),
            (Some(_), None) => fail(OraError::new(Code::ora(6503), "")),
            (None, _) => Ok(None),
        }
    }
}

/// Puts a call's argument values into the parameter slots (OUT parameters start NULL).
fn bind_params(unit: &Unit, args: Vec<NativeArg>, f: &mut Frame) -> R<()> {
    for (p, a) in unit.params.iter().zip(args) {
        match (p, a) {
            (ParamSlot::Scalar { slot, ty, mode }, NativeArg::Value(v)) => {
                f.vals[*slot] = if *mode == ParamMode::Out { Value::Null } else { coerce(v, ty)? };
            }
            (ParamSlot::Coll { slot, .. }, NativeArg::Coll(col)) => f.colls[*slot] = col,
            (ParamSlot::Cursor { slot, .. }, NativeArg::Cursor(c)) => f.load_cursor(*slot, c),
            _ => return fail(ora!(crate::error::PROGRAM_ERROR)),
        }
    }
    Ok(())
}

/// Takes the parameters' final values (for OUT / IN OUT copy-back).
fn take_params(unit: &Unit, f: &mut Frame) -> Vec<NativeArg> {
    unit.params
        .iter()
        .map(|p| match p {
            ParamSlot::Scalar { slot, .. } => NativeArg::Value(std::mem::take(&mut f.vals[*slot])),
            ParamSlot::Coll { slot, .. } => NativeArg::Coll(std::mem::take(&mut f.colls[*slot])),
            ParamSlot::Cursor { slot, .. } => NativeArg::Cursor(f.take_cursor(*slot)),
        })
        .collect()
}

/// A local subprogram's window of the frame, saved across one of its calls.
struct Saved {
    vals: Vec<Value>,
    colls: Vec<Collection>,
    cursors: Vec<CursorState>,
}

impl Saved {
    /// Takes the window's contents, leaving it empty (NULLs, empty collections, closed cursors).
    fn take(w: &Window, f: &mut Frame) -> Saved {
        Saved {
            vals: f.vals[w.vals.clone()].iter_mut().map(std::mem::take).collect(),
            colls: f.colls[w.colls.clone()].iter_mut().map(std::mem::take).collect(),
            cursors: f.cursors[w.cursors.clone()].iter_mut().map(std::mem::take).collect(),
        }
    }

    /// Puts the saved contents back.
    fn restore(self, w: &Window, f: &mut Frame) {
        for (slot, v) in w.vals.clone().zip(self.vals) {
            f.vals[slot] = v;
        }
        for (slot, c) in w.colls.clone().zip(self.colls) {
            f.colls[slot] = c;
        }
        for (slot, c) in w.cursors.clone().zip(self.cursors) {
            f.cursors[slot] = c;
        }
    }
}

/// Evaluates an operand like `eval::operand`, but calls strict built-ins with up to four
/// arguments from a stack array instead of a `Vec` (`MOD(i, 10)` in a loop body).
fn operand<'e>(
    env: &Env<'_>,
    e: &'e CExpr,
    row: RowRef<'e>,
) -> Result<std::borrow::Cow<'e, Value>, OraError> {
    use crate::exec::functions::{self, Builtin};
    use std::borrow::Cow;
    match e {
        CExpr::Call(f, args)
            if args.len() <= 4
                && !matches!(f, Builtin::Coalesce | Builtin::Nvl2 | Builtin::Decode) =>
        {
            let mut vals: [Value; 4] = Default::default();
            for (slot, a) in vals.iter_mut().zip(args) {
                *slot = operand(env, a, row)?.into_owned();
            }
            functions::call(env, *f, &vals[..args.len()]).map(Cow::Owned)
        }
        CExpr::Const(_) | CExpr::Col(_) | CExpr::Outer { .. } => eval::operand(env, e, row),
        other => eval::eval(env, other, row).map(Cow::Owned),
    }
}

/// Appends the text of `v` as `||` sees it, for NULL, text and integers; false for other
/// values (the caller falls back to the general conversion).
fn push_text(out: &mut String, v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Text(t) => {
            out.push_str(t);
            true
        }
        Value::Number(d) if d.scale() == 0 => match d.to_i64() {
            Some(i) => {
                push_integer(out, i);
                true
            }
            None => false,
        },
        _ => false,
    }
}

/// Appends the decimal digits of `i` (the `||` of a loop counter, without `fmt`).
fn push_integer(out: &mut String, i: i64) {
    let mut digits = [0u8; 20];
    let mut n = i.unsigned_abs();
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        out.push('-');
    }
    for d in &digits[at..] {
        out.push(*d as char);
    }
}

/// SQLERRM(n).
fn sqlerrm_of(n: i64) -> String {
    if n == 0 {
        return "ORA-0000: normal, successful completion".into();
    }
    if n == 1 {
        return "User-Defined Exception".into();
    }
    if n == 100 {
        return ora!(NO_DATA_FOUND).to_string();
    }
    if n > 0 {
        return format!("-{n}: non-ORACLE exception ");
    }
    let e = OraError::new(Code::ora(n.unsigned_abs() as u32), "");
    if e.text.is_empty() {
        let m = n.unsigned_abs();
        format!("ORA-{m:05}: Message {m} not found;  product=RDBMS; facility=ORA")
    } else {
        format!("{}: {}", e.code.prefix(), e.text)
    }
}

/// Converts a value to a declared PL/SQL type: VARCHAR2 length (ORA-06502 `character string
/// buffer too small`), NUMBER conversion and scale, BOOLEAN.
pub fn coerce(v: Value, ty: &SqlType) -> R<Value> {
    if v.is_null() {
        return Ok(v);
    }
    match ty {
        SqlType::Varchar2(n) | SqlType::Char(n) => {
            let v = match v {
                Value::Text(_) => v,
                Value::Bool(_) => return fail(value_error("")),
                other => Value::text(other.to_string()),
            };
            if let (Value::Text(s), true) = (&v, *n > 0) {
                let len = s.chars().count();
                if len > *n as usize {
                    return fail(value_error(": character string buffer too small"));
                }
                if let (SqlType::Char(_), true) = (ty, len < *n as usize) {
                    return Ok(Value::text(format!("{s:<width$}", width = *n as usize)));
                }
            }
            Ok(v)
        }
        SqlType::Number { precision, scale } => {
            let d = match &v {
                Value::Number(d) => *d,
                Value::Text(_) => match v.to_number() {
                    Ok(Some(d)) => d,
                    Ok(None) => return Ok(Value::Null),
                    Err(e) if e.is(INVALID_NUMBER) => {
                        return fail(value_error(": character to number conversion error"));
                    }
                    Err(e) => return fail(e),
                },
                _ => return fail(value_error("")),
            };
            let d = match scale {
                Some(s) if *s >= 0 => d.round_dp(*s as u32),
                _ => d,
            };
            if let Some(p) = precision {
                let s = scale.unwrap_or(0).max(0) as u32;
                let int_digits = d.trunc().abs().to_string().trim_start_matches('0').len() as u32;
                if int_digits + s > *p as u32 {
                    return fail(value_error(": number precision too large"));
                }
            }
            Ok(Value::Number(d))
        }
        SqlType::Boolean => match v {
            Value::Bool(_) => Ok(v),
            _ => fail(value_error("")),
        },
        _ => Ok(v),
    }
}
