//! The PL/SQL compiler: a parsed block or subprogram ([`Block`], [`Subprogram`]) to a [`Unit`].
//!
//! Names are resolved here, before anything runs, as Oracle does: an unknown identifier is
//! ORA-06550 + PLS-00201, a call with the wrong arguments ORA-06550 + PLS-00306, and nothing of
//! the block has run. The scope is a flat list of (name, entity) pairs searched newest first
//! (rhai's `Scope`): a nested block records the length on entry and truncates on exit, so
//! shadowing is free. Variables get frame slots; expressions become exec's [`CExpr`]s whose
//! column `i` is slot `i` (see [`super::ir`]), so the SQL evaluator is the PL/SQL evaluator.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};

use super::collections::CollKind;
use super::ir::*;
use super::packages::{self, Formal, FormalKind};
use crate::error::{
    OraError, PLS_NOT_DECLARED, PLS_WRONG_ARGUMENTS, PLSQL_COMPILE_ERROR, VALUE_ERROR,
};
use crate::exec::compile::{Compiler, Level, Names, Rel};
use crate::exec::eval::{CExpr, Env};
use crate::exec::query;
use crate::sql::ast::{
    Arg, BinaryOp, Block, CursorSource, Declaration, Expr, Ident, Literal, ObjectName, ParamMode,
    PlStmt, PlType, Pos, Query, Subprogram, TypeDef, UnaryOp,
};
use crate::value::{ColumnDesc, SqlType, Value};

mod collections;
mod forall;
mod package_items;
#[path = "refcursor.rs"]
mod refcursor;
pub use refcursor::HostSlot;

/// Unique ids of user-declared exceptions (they must differ across units and calls).
static NEXT_EXCEPTION: AtomicU32 = AtomicU32::new(1);

/// Something a name can stand for.
#[derive(Debug, Clone)]
pub(super) enum Entity {
    Var {
        slot: usize,
        ty: SqlType,
        constant: bool,
        not_null: bool,
    },
    Record {
        base: usize,
        rtype: Rc<RecordType>,
    },
    Coll {
        slot: usize,
        ttype: Rc<TableType>,
    },
    Cursor(Rc<CursorDecl>),
    Exception(ExcRef),
    RecordType(Rc<RecordType>),
    TableType(Rc<TableType>),
    Sub(Rc<SubSig>),
    /// `TYPE t IS REF CURSOR` (SYS_REFCURSOR is built in).
    RefCursorType,
}

/// A local subprogram's signature and late-bound body.
#[derive(Debug)]
pub(super) struct SubSig {
    name: String,
    pub(super) formals: Vec<Formal>,
    pub(super) is_function: bool,
    pub(super) unit: Rc<RefCell<Option<Rc<Unit>>>>,
    /// A function's scalar result type.
    pub(super) returns: Option<SqlType>,
    /// Declared by a package spec (or a forward declaration of its body), body still to come.
    forward: Cell<bool>,
}

/// The compiler state for one unit.
pub struct UnitCompiler<'e, 'a> {
    env: &'e Env<'a>,
    src: &'e str,
    line_starts: Rc<Vec<usize>>,
    scope: Vec<(String, Entity)>,
    slot_types: Vec<SqlType>,
    n_colls: usize,
    n_cursors: usize,
    loops: Vec<(Option<String>, u32)>,
    next_loop: u32,
    /// How many exception handlers enclose the statement being compiled (a bare RAISE needs one).
    handlers: usize,
    /// Errors of statements compiled so far: like Oracle, compilation goes on after a bad
    /// statement and reports every error at the end.
    errors: Vec<OraError>,
    /// The user package being compiled: `PKG.member` inside it means its own `member`.
    package: Option<String>,
}

/// ORA-06550 `line L, column C:` + `message`, then `ORA-06550: line L, column C:` +
/// `PL/SQL: Statement ignored` for the statement that contains it.
pub fn compile_error(src: &str, pos: Pos, message: &str, stmt_pos: Pos, trailer: &str) -> OraError {
    let (l, c) = line_col(src, pos);
    let (sl, sc) = line_col(src, stmt_pos);
    let mut e =
        OraError::with_text(PLSQL_COMPILE_ERROR, format!("line {l}, column {c}:\n{message}"))
            .at(pos);
    e.stack.push(OraError::with_text(
        PLSQL_COMPILE_ERROR,
        format!("line {sl}, column {sc}:\n{trailer}"),
    ));
    e
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(src: &str, pos: Pos) -> (usize, usize) {
    let before = src.get(..pos.min(src.len())).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn line_starts(src: &str) -> Vec<usize> {
    std::iter::once(0).chain(src.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

/// The predefined exceptions of package STANDARD and their error numbers.
pub const PREDEFINED: &[(&str, u32)] = &[
    ("NO_DATA_FOUND", 1403),
    ("TOO_MANY_ROWS", 1422),
    ("ZERO_DIVIDE", 1476),
    ("VALUE_ERROR", 6502),
    ("INVALID_NUMBER", 1722),
    ("DUP_VAL_ON_INDEX", 1),
    ("NOT_LOGGED_ON", 1012),
    ("LOGIN_DENIED", 1017),
    ("TIMEOUT_ON_RESOURCE", 51),
    ("INVALID_CURSOR", 1001),
    ("CURSOR_ALREADY_OPEN", 6511),
    ("CASE_NOT_FOUND", 6592),
    ("PROGRAM_ERROR", 6501),
    ("STORAGE_ERROR", 6500),
    ("COLLECTION_IS_NULL", 6531),
    ("SUBSCRIPT_OUTSIDE_LIMIT", 6532),
    ("SUBSCRIPT_BEYOND_COUNT", 6533),
];

/// An error inside compilation that still needs its statement's position: the PLS message and
/// the position it points at.
struct Pls {
    pos: Pos,
    message: String,
    trailer: &'static str,
}

type CR<T> = Result<T, Pls>;

fn not_declared(name: &str, pos: Pos) -> Pls {
    Pls {
        pos,
        message: OraError::new(PLS_NOT_DECLARED, name).to_string(),
        trailer: "PL/SQL: Statement ignored",
    }
}

fn wrong_args(name: &str, pos: Pos) -> Pls {
    Pls {
        pos,
        message: OraError::new(PLS_WRONG_ARGUMENTS, name).to_string(),
        trailer: "PL/SQL: Statement ignored",
    }
}

fn sql_error(e: OraError, pos: Pos) -> Pls {
    Pls {
        pos: e.pos.unwrap_or(pos),
        message: format!("PL/SQL: {}: {}", e.code.prefix(), e.text),
        trailer: "PL/SQL: SQL Statement ignored",
    }
}

fn other(pos: Pos, message: impl Into<String>) -> Pls {
    Pls { pos, message: message.into(), trailer: "PL/SQL: Statement ignored" }
}

/// Binds `:name` placeholders to nothing (compile-time checks) and PL/SQL names to NULLs of
/// the right kind.
struct CheckNames<'s> {
    names: &'s SqlNames,
}

impl Names for CheckNames<'_> {
    fn lookup(&self, parts: &[Ident]) -> Option<Value> {
        match lookup_name(self.names, parts)? {
            NameValue::Coll(..) => None,
            _ => Some(Value::Null),
        }
    }
    fn bind(&self, _name: &str) -> Option<Value> {
        Some(Value::Null)
    }
    fn collection(
        &self,
        parts: &[Ident],
    ) -> Option<Result<crate::exec::compile::CollectionRows, OraError>> {
        match lookup_name(self.names, parts)? {
            NameValue::Coll(_, ttype) => Some(super::table_fn::relation(ttype, None)),
            _ => None,
        }
    }
    fn element(&self, parts: &[Ident], _index: &Value) -> Option<Result<Value, OraError>> {
        match lookup_name(self.names, parts)? {
            NameValue::Coll(_, ttype) if ttype.scalar => Some(Ok(Value::Null)),
            _ => None,
        }
    }
}

/// Finds `parts` among the names of an embedded statement.
pub fn lookup_name<'n>(names: &'n SqlNames, parts: &[Ident]) -> Option<&'n NameValue> {
    names
        .entries
        .iter()
        .rev()
        .find(|(path, _)| {
            path.len() == parts.len() && path.iter().zip(parts).all(|(p, i)| *p == i.name)
        })
        .map(|(_, v)| v)
}

impl<'e, 'a> UnitCompiler<'e, 'a> {
    /// A compiler for a unit whose source text is `src`.
    pub fn new(env: &'e Env<'a>, src: &'e str) -> Self {
        UnitCompiler {
            env,
            src,
            line_starts: Rc::new(line_starts(src)),
            scope: Vec::new(),
            slot_types: Vec::new(),
            n_colls: 0,
            n_cursors: 0,
            loops: Vec::new(),
            next_loop: 0,
            handlers: 0,
            errors: Vec::new(),
            package: None,
        }
    }

    fn line(&self, pos: Pos) -> u32 {
        self.line_starts.partition_point(|&s| s <= pos) as u32
    }

    fn fail(&self, p: Pls, stmt_pos: Pos) -> OraError {
        compile_error(self.src, p.pos, &p.message, stmt_pos, p.trailer)
    }

    fn new_slot(&mut self, ty: SqlType) -> usize {
        self.slot_types.push(ty);
        self.slot_types.len() - 1
    }

    fn finish(self, body: BlockIr, params: Vec<ParamSlot>, returns: Option<SqlType>) -> Unit {
        Unit {
            owner_name: None,
            line_starts: self.line_starts,
            n_vals: self.slot_types.len(),
            n_colls: self.n_colls,
            n_cursors: self.n_cursors,
            params,
            returns,
            body,
            window: None,
        }
    }

    /// Compiles an anonymous block.
    pub fn anonymous(mut self, block: &Block) -> Result<Unit, OraError> {
        let body = self.block(block);
        let body = self.all_errors(body)?;
        Ok(self.finish(body, Vec::new(), None))
    }

    /// The result, or every error found: the first with the others' lines after it.
    fn all_errors<T>(&mut self, r: Result<T, OraError>) -> Result<T, OraError> {
        let mut errors = std::mem::take(&mut self.errors);
        match r {
            Ok(v) if errors.is_empty() => return Ok(v),
            Ok(_) => {}
            Err(e) => errors.push(e),
        }
        let mut it = errors.into_iter();
        let Some(mut first) = it.next() else {
            return Err(crate::ora!(crate::error::PROGRAM_ERROR));
        };
        for mut e in it {
            let rest = std::mem::take(&mut e.stack);
            first.stack.push(e);
            first.stack.extend(rest);
        }
        Err(first)
    }

    /// Compiles a subprogram (stored: `owner_name` set by the caller).
    pub fn subprogram(mut self, sub: &Subprogram) -> Result<Unit, OraError> {
        let (params, returns) = self.declare_params(sub).map_err(|p| self.fail(p, sub.pos))?;
        let body = self.block(&sub.body);
        let body = self.all_errors(body)?;
        Ok(self.finish(body, params, returns))
    }

    /// The formals of a subprogram heading (for signatures).
    pub fn formals(&mut self, sub: &Subprogram) -> Result<Vec<Formal>, OraError> {
        let mut out = Vec::new();
        for p in &sub.params {
            let kind = match self.param_type(&p.ty).map_err(|e| self.fail(e, sub.pos))? {
                None => FormalKind::Cursor,
                Some(Resolved::Table(t)) => FormalKind::Coll(t),
                Some(Resolved::Scalar(ty)) => FormalKind::Scalar(ty),
                Some(Resolved::Record(_)) => FormalKind::Scalar(SqlType::Varchar2(0)),
            };
            out.push(Formal {
                name: p.name.name.clone(),
                mode: p.mode,
                kind,
                default: p.default.clone(),
            });
        }
        Ok(out)
    }

    fn declare_params(&mut self, sub: &Subprogram) -> CR<(Vec<ParamSlot>, Option<SqlType>)> {
        let mut params = Vec::new();
        for p in &sub.params {
            if self.is_ref_cursor(&p.ty) {
                let slot = self.declare_ref_cursor(&p.name.name, &mut Vec::new());
                params.push(ParamSlot::Cursor { slot, mode: p.mode });
                continue;
            }
            match self.resolve_type(&p.ty)? {
                Resolved::Table(ttype) => {
                    let slot = self.n_colls;
                    self.n_colls += 1;
                    self.scope.push((p.name.name.clone(), Entity::Coll { slot, ttype }));
                    params.push(ParamSlot::Coll { slot, mode: p.mode });
                }
                Resolved::Scalar(ty) => {
                    let slot = self.new_slot(ty);
                    self.scope.push((
                        p.name.name.clone(),
                        Entity::Var {
                            slot,
                            ty,
                            constant: p.mode == ParamMode::In,
                            not_null: false,
                        },
                    ));
                    params.push(ParamSlot::Scalar { slot, ty, mode: p.mode });
                }
                Resolved::Record(_) => {
                    return Err(other(
                        p.name.pos,
                        "PLS-00999: record parameters are not supported",
                    ));
                }
            }
        }
        let returns = match &sub.returns {
            Some(t) => match self.resolve_type(t)? {
                Resolved::Scalar(ty) => Some(ty),
                _ => {
                    return Err(other(
                        sub.pos,
                        "PLS-00999: only scalar function results are supported",
                    ));
                }
            },
            None => None,
        };
        Ok((params, returns))
    }

    // ---- blocks and declarations ----

    fn block(&mut self, block: &Block) -> Result<BlockIr, OraError> {
        let mark = self.scope.len();
        let mut inits = Vec::new();
        for d in &block.declarations {
            self.declaration(d, &mut inits)?;
        }
        let label = block.label.as_ref().map(|l| l.name.clone());
        let body = self.stmts(&block.body)?;
        let mut handlers = Vec::new();
        for h in &block.handlers {
            let mut catches = Vec::new();
            let mut others = false;
            for e in &h.exceptions {
                if e.parts.len() == 1 && e.object().name == "OTHERS" {
                    others = true;
                } else {
                    catches.push(self.exception(e).map_err(|p| self.fail(p, e.pos()))?);
                }
            }
            self.handlers += 1;
            let body = self.stmts(&h.body);
            self.handlers -= 1;
            handlers.push(HandlerIr { catches, others, body: body? });
        }
        let _ = label;
        self.scope.truncate(mark);
        Ok(BlockIr { inits, body, handlers, line: self.line(block.pos) })
    }

    fn declaration(&mut self, d: &Declaration, inits: &mut Vec<Init>) -> Result<(), OraError> {
        match d {
            Declaration::Variable { name, ty, constant, default, not_null } => {
                let r = self.variable(name, ty, *constant, default.as_ref(), *not_null, inits);
                r.map_err(|p| self.fail(p, name.pos))
            }
            Declaration::Exception { name } => {
                let id = NEXT_EXCEPTION.fetch_add(1, Ordering::Relaxed);
                self.scope.push((name.name.clone(), Entity::Exception(ExcRef::User(id))));
                Ok(())
            }
            Declaration::ExceptionInit { name, code } => {
                let found = self.find(&name.name);
                if !matches!(found, Some(Entity::Exception(_))) {
                    return Err(self.fail(not_declared(&name.name, name.pos), name.pos));
                }
                let number = code.unsigned_abs().min(u32::MAX as u64) as u32;
                let number = if *code == 100 { 1403 } else { number };
                self.scope.push((name.name.clone(), Entity::Exception(ExcRef::Code(number))));
                Ok(())
            }
            Declaration::Cursor { name, params, query } => {
                let decl =
                    self.cursor_decl(name, params, query).map_err(|p| self.fail(p, name.pos))?;
                inits.push(Init::Cursor(decl.slot));
                self.scope.push((name.name.clone(), Entity::Cursor(decl)));
                Ok(())
            }
            Declaration::Type { name, def } => {
                let e = self.type_def(def).map_err(|p| self.fail(p, name.pos))?;
                self.scope.push((name.name.clone(), e));
                Ok(())
            }
            Declaration::Subprogram(sub) => self.local_subprogram(sub),
            Declaration::SubprogramSpec(sub) => Err(self.fail(
                other(
                    sub.pos,
                    "PLS-00328: A subprogram body must be defined for the forward declaration",
                ),
                sub.pos,
            )),
        }
    }

    fn variable(
        &mut self,
        name: &Ident,
        ty: &PlType,
        constant: bool,
        default: Option<&Expr>,
        not_null: bool,
        inits: &mut Vec<Init>,
    ) -> CR<()> {
        if self.is_ref_cursor(ty) {
            self.declare_ref_cursor(&name.name, inits);
            return Ok(());
        }
        let line = self.line(name.pos);
        match self.resolve_type(ty)? {
            Resolved::Scalar(ty) => {
                let default = default.map(|e| self.expr(e)).transpose()?;
                if not_null && default.is_none() {
                    return Err(other(
                        name.pos,
                        "PLS-00218: a variable declared NOT NULL must have an initialization assignment",
                    ));
                }
                let slot = self.new_slot(ty);
                inits.push(Init::Scalar {
                    target: Target::Slot { slot, ty, not_null },
                    default,
                    line,
                });
                self.scope.push((name.name.clone(), Entity::Var { slot, ty, constant, not_null }));
            }
            Resolved::Record(rtype) => {
                let base = self.record_slots(&rtype);
                inits.push(Init::Record { base, len: rtype.fields.len() });
                self.scope.push((name.name.clone(), Entity::Record { base, rtype }));
            }
            Resolved::Table(ttype) => {
                let slot = self.n_colls;
                self.n_colls += 1;
                match self.dense_init(slot, &ttype, default, line)? {
                    Some(init) => inits.push(init),
                    None => inits.push(Init::Coll(slot, ttype.string_keys)),
                }
                self.scope.push((name.name.clone(), Entity::Coll { slot, ttype }));
            }
        }
        Ok(())
    }

    fn record_slots(&mut self, rtype: &RecordType) -> usize {
        let base = self.slot_types.len();
        for (_, ty) in &rtype.fields {
            self.new_slot(*ty);
        }
        base
    }

    fn type_def(&mut self, def: &TypeDef) -> CR<Entity> {
        Ok(match def {
            TypeDef::RefCursor => Entity::RefCursorType,
            TypeDef::Record(fields) => {
                let mut out = Vec::new();
                for (f, ty) in fields {
                    match self.resolve_type(ty)? {
                        Resolved::Scalar(t) => out.push((f.name.clone(), t)),
                        _ => {
                            return Err(other(
                                f.pos,
                                "PLS-00999: nested composite fields are not supported",
                            ));
                        }
                    }
                }
                Entity::RecordType(Rc::new(RecordType { fields: out }))
            }
            TypeDef::Table { elem, index_by } => {
                let string_keys = matches!(
                    index_by,
                    Some(PlType::Scalar(SqlType::Varchar2(_) | SqlType::Char(_)))
                );
                let kind = if index_by.is_some() { CollKind::Assoc } else { CollKind::Nested };
                self.coll_type(elem, kind, string_keys)?
            }
            TypeDef::Varray { limit, elem } => {
                self.coll_type(elem, CollKind::Varray(*limit), false)?
            }
        })
    }

    fn cursor_decl(
        &mut self,
        name: &Ident,
        params: &[(Ident, PlType)],
        query: &Query,
    ) -> CR<Rc<CursorDecl>> {
        let mark = self.scope.len();
        let mut pslots = Vec::new();
        for (p, ty) in params {
            let ty = match self.resolve_type(ty)? {
                Resolved::Scalar(t) => t,
                _ => return Err(other(p.pos, "PLS-00999: cursor parameters must be scalars")),
            };
            let slot = self.new_slot(ty);
            self.scope
                .push((p.name.clone(), Entity::Var { slot, ty, constant: true, not_null: false }));
            pslots.push((slot, ty, None));
        }
        let names = Rc::new(self.sql_names());
        let rtype = self.query_rtype(query, &names, name.pos)?;
        self.scope.truncate(mark);
        let slot = self.n_cursors;
        self.n_cursors += 1;
        Ok(Rc::new(CursorDecl {
            slot,
            params: pslots,
            query: Rc::new(query.clone()),
            names,
            rtype,
        }))
    }

    fn local_subprogram(&mut self, sub: &Subprogram) -> Result<(), OraError> {
        let sig = match self.forward_sig(sub) {
            Some(sig) => sig,
            None => {
                let sig = self.sub_sig(sub, false)?;
                self.scope.push((sig.name.clone(), Entity::Sub(sig.clone())));
                sig
            }
        };
        // The body is compiled in this unit's scope (it sees the enclosing block's variables)
        // into slots of its own, a window of the shared frame.
        let mark = self.scope.len();
        let start = (self.slot_types.len(), self.n_colls, self.n_cursors);
        let loops = std::mem::take(&mut self.loops);
        let handlers = std::mem::take(&mut self.handlers);
        let compiled = match self.declare_params(sub) {
            Ok(heading) => self.block(&sub.body).map(|body| (heading, body)),
            Err(p) => Err(self.fail(p, sub.pos)),
        };
        self.loops = loops;
        self.handlers = handlers;
        self.scope.truncate(mark);
        let ((params, returns), body) = compiled?;
        let window = Window {
            vals: start.0..self.slot_types.len(),
            colls: start.1..self.n_colls,
            cursors: start.2..self.n_cursors,
        };
        let unit = Unit {
            owner_name: None,
            line_starts: self.line_starts.clone(),
            n_vals: 0,
            n_colls: 0,
            n_cursors: 0,
            params,
            returns,
            body,
            window: Some(window),
        };
        *sig.unit.borrow_mut() = Some(Rc::new(unit));
        Ok(())
    }

    fn sub_sig(&mut self, sub: &Subprogram, forward: bool) -> Result<Rc<SubSig>, OraError> {
        let returns = match sub.returns.as_ref().map(|t| self.resolve_type(t)) {
            Some(Ok(Resolved::Scalar(ty))) => Some(ty),
            _ => None,
        };
        Ok(Rc::new(SubSig {
            name: sub.name.object().name.clone(),
            formals: self.formals(sub)?,
            is_function: sub.returns.is_some(),
            unit: Rc::new(RefCell::new(None)),
            returns,
            forward: Cell::new(forward),
        }))
    }

    /// The package-spec declaration `sub` defines, if any (same name, kind and formals).
    fn forward_sig(&mut self, sub: &Subprogram) -> Option<Rc<SubSig>> {
        let Some(Entity::Sub(sig)) = self.find(&sub.name.object().name) else { return None };
        let formals = self.formals(sub).ok()?;
        let same = formals.len() == sig.formals.len()
            && formals.iter().zip(&sig.formals).all(|(a, b)| a.name == b.name && a.mode == b.mode);
        let matches = sig.forward.get() && same && sig.is_function == sub.returns.is_some();
        matches.then(|| {
            sig.forward.set(false);
            sig
        })
    }

    /// Compiles a user package as one unit whose frame is the package's state: the spec's
    /// declarations, then the body's (`body` None: the spec alone), then the initialization
    /// section. Returns the unit and the public members (the spec's names).
    pub(super) fn package(
        mut self,
        name: &str,
        spec_src: &str,
        spec: &[Declaration],
        body: Option<(&[Declaration], Option<&Block>)>,
    ) -> Result<(Unit, Vec<(String, Entity)>), OraError> {
        self.package = Some(name.to_string());
        let mut inits = Vec::new();
        let mut specs = Vec::new();
        for d in spec {
            match d {
                Declaration::SubprogramSpec(sub) => {
                    let sig = self.sub_sig(sub, true)?;
                    self.scope.push((sig.name.clone(), Entity::Sub(sig.clone())));
                    specs.push((sig, sub.name.object().clone()));
                }
                Declaration::Exception { name: e } => {
                    // The same id in every compilation of the spec, so that a handler compiled
                    // against it catches what the package body raises.
                    let id = package_exception_id(name, &e.name);
                    self.scope.push((e.name.clone(), Entity::Exception(ExcRef::User(id))));
                }
                d => self.declaration(d, &mut inits)?,
            }
        }
        let public = self.scope.clone();
        let mut stmts = Vec::new();
        if let Some((decls, init)) = body {
            for d in decls {
                match d {
                    Declaration::SubprogramSpec(sub) => {
                        let sig = self.sub_sig(sub, true)?;
                        self.scope.push((sig.name.clone(), Entity::Sub(sig)));
                    }
                    d => self.declaration(d, &mut inits)?,
                }
            }
            if let Some((_, at)) = specs.iter().find(|(sig, _)| sig.forward.get()) {
                let message = format!(
                    "PLS-00323: subprogram or cursor '{}' is declared in a package specification \
                     and must be defined in the package body",
                    at.name
                );
                // Oracle reports it at the declaration in the spec.
                let (l, c) = line_col(spec_src, at.pos);
                let text = format!("line {l}, column {c}:\n{message}");
                return Err(OraError::with_text(PLSQL_COMPILE_ERROR, text));
            }
            if let Some(init) = init {
                let block = self.block(init)?;
                stmts.push(Stmt { line: block.line, kind: StmtKind::Block(block) });
            }
        }
        // Errors in the subprograms' statements were collected on the way.
        let stmts = self.all_errors(Ok(stmts))?;
        let body = BlockIr { inits, body: stmts, handlers: Vec::new(), line: 1 };
        Ok((self.finish(body, Vec::new(), None), public))
    }

    /// `PKG.member` (or `SCHEMA.PKG.member`) written inside package PKG: just `member`.
    fn unqualify<'n>(&self, name: &'n ObjectName) -> std::borrow::Cow<'n, ObjectName> {
        let own = |n: &Ident| self.package.as_deref() == Some(n.name.as_str());
        let skip = match name.parts.as_slice() {
            [p, _, ..] if own(p) => 1,
            [_, p, m, ..] if own(p) && self.find(&m.name).is_some() => 2,
            _ => 0,
        };
        if skip == 0 || self.find(&name.parts[0].name).is_some() {
            return std::borrow::Cow::Borrowed(name);
        }
        std::borrow::Cow::Owned(ObjectName { parts: name.parts[skip..].to_vec() })
    }

    /// A public member of another user package named by `name` (`pkg.member`,
    /// `schema.pkg.member`), unless the first part is a local name.
    fn package_member(&self, name: &ObjectName) -> CR<Option<super::user_packages::Member>> {
        if name.parts.len() < 2 || self.find(&name.parts[0].name).is_some() {
            return Ok(None);
        }
        super::user_packages::member(self.env, name).map_err(|(pos, message)| other(pos, message))
    }

    // ---- types ----

    fn resolve_type(&mut self, ty: &PlType) -> CR<Resolved> {
        Ok(match ty {
            PlType::Scalar(t) => Resolved::Scalar(*t),
            PlType::TypeOf(name) => self.type_of(name)?,
            PlType::RowTypeOf(name) => self.rowtype_of(name)?,
            PlType::Named(name) => self.named_type(name)?,
        })
    }

    fn type_of(&mut self, name: &ObjectName) -> CR<Resolved> {
        let parts = &name.parts;
        if parts.len() == 1 {
            match self.find(&parts[0].name) {
                Some(Entity::Var { ty, .. }) => return Ok(Resolved::Scalar(ty)),
                Some(Entity::Record { rtype, .. }) => {
                    return Ok(Resolved::Record(rtype));
                }
                Some(Entity::Coll { ttype, .. }) => return Ok(Resolved::Table(ttype)),
                _ => {}
            }
        }
        if parts.len() == 2
            && let Some(Entity::Record { rtype, .. }) = self.find(&parts[0].name)
            && let Some((_, t)) = rtype.fields.iter().find(|(f, _)| *f == parts[1].name)
        {
            return Ok(Resolved::Scalar(*t));
        }
        // view.column%TYPE
        if parts.len() >= 2 {
            let (col, obj) = parts.split_last().expect("two parts");
            let q = select_star_from(obj, Some(col));
            if let Ok(sub) = query::plan_query(self.env, &q, None, None)
                && let Some(c) = sub.plan.columns.first()
            {
                return Ok(Resolved::Scalar(c.ty));
            }
        }
        Err(not_declared(&name.dotted(), name.pos()))
    }

    fn rowtype_of(&mut self, name: &ObjectName) -> CR<Resolved> {
        if name.parts.len() == 1
            && let Some(Entity::Cursor(c)) = self.find(&name.object().name)
        {
            return Ok(Resolved::Record(c.rtype.clone()));
        }
        let q = select_star_from(&name.parts, None);
        match query::plan_query(self.env, &q, None, None) {
            Ok(sub) => Ok(Resolved::Record(Rc::new(RecordType {
                fields: sub.plan.columns.iter().map(|c| (c.name.clone(), c.ty)).collect(),
            }))),
            Err(_) => Err(not_declared(&name.dotted(), name.pos())),
        }
    }

    fn named_type(&mut self, name: &ObjectName) -> CR<Resolved> {
        if name.parts.len() == 1 {
            match self.find(&name.object().name) {
                Some(Entity::RecordType(r)) => return Ok(Resolved::Record(r)),
                Some(Entity::TableType(t)) => return Ok(Resolved::Table(t)),
                _ => {}
            }
        }
        if let Some(t) = packages::package_type(&name.dotted()) {
            return Ok(Resolved::Table(t));
        }
        if let Some(t) = self.package_type(name)? {
            return Ok(t);
        }
        Err(not_declared(&name.dotted(), name.pos()))
    }

    // ---- scope ----

    fn find(&self, name: &str) -> Option<Entity> {
        self.scope.iter().rev().find(|(n, _)| n == name).map(|(_, e)| e.clone())
    }

    /// The names embedded SQL may see: visible scalar variables and record fields.
    fn sql_names(&self) -> SqlNames {
        let mut entries = Vec::new();
        for (name, e) in &self.scope {
            match e {
                Entity::Var { slot, .. } => {
                    entries.push((vec![name.clone()], NameValue::Slot(*slot)));
                }
                Entity::Record { base, rtype } => {
                    for (i, (f, _)) in rtype.fields.iter().enumerate() {
                        entries.push((vec![name.clone(), f.clone()], NameValue::Slot(base + i)));
                    }
                }
                Entity::Coll { slot, ttype } => {
                    entries.push((vec![name.clone()], NameValue::Coll(*slot, ttype.clone())));
                }
                _ => {}
            }
        }
        SqlNames { entries }
    }

    /// Plans `query` once to check it and learn its columns.
    fn query_rtype(&self, query: &Query, names: &SqlNames, pos: Pos) -> CR<Rc<RecordType>> {
        let check = CheckNames { names };
        let sub = query::plan_query(self.env, query, None, Some(&check))
            .map_err(|e| sql_error(e, pos))?;
        Ok(Rc::new(RecordType {
            fields: sub.plan.columns.iter().map(|c| (c.name.clone(), c.ty)).collect(),
        }))
    }

    fn exception(&self, name: &ObjectName) -> CR<ExcRef> {
        let name = &*self.unqualify(name);
        if name.parts.len() == 1 {
            if let Some(Entity::Exception(x)) = self.find(&name.object().name) {
                return Ok(x);
            }
            let n = name.object().name.as_str();
            if let Some((_, code)) = PREDEFINED.iter().find(|(p, _)| *p == n) {
                return Ok(ExcRef::Code(*code));
            }
        }
        let dotted = name.dotted();
        let dotted = dotted.strip_prefix("SYS.").unwrap_or(&dotted);
        if let Some(code) = packages::package_exception(dotted) {
            return Ok(ExcRef::Code(code));
        }
        match self.package_member(name)? {
            Some((_, Entity::Exception(x))) => Ok(x),
            _ => Err(not_declared(&name.dotted(), name.pos())),
        }
    }

    // ---- statements ----

    /// Compiles statements; a bad one is recorded (see [`UnitCompiler::all_errors`]) and
    /// compilation goes on with the next.
    fn stmts(&mut self, stmts: &[PlStmt]) -> Result<Vec<Stmt>, OraError> {
        let mut out = Vec::with_capacity(stmts.len());
        for s in stmts {
            match self.stmt(s) {
                Ok(s) => out.push(s),
                Err(e) => self.errors.push(e),
            }
        }
        Ok(out)
    }

    fn stmt(&mut self, s: &PlStmt) -> Result<Stmt, OraError> {
        let pos = stmt_pos(s);
        let line = self.line(pos);
        let kind = match s {
            PlStmt::Block(b) => StmtKind::Block(self.block(b)?),
            PlStmt::If { branches, else_, .. } => {
                let mut out = Vec::new();
                for (c, body) in branches {
                    let c = self.expr(c).map_err(|p| self.fail(p, pos))?;
                    out.push((c, self.stmts(body)?));
                }
                let else_ = else_.as_ref().map(|e| self.stmts(e)).transpose()?;
                StmtKind::If(out, else_)
            }
            PlStmt::Case { operand, whens, else_, .. } => {
                let mut out = Vec::new();
                for (w, body) in whens {
                    let cond = match operand {
                        Some(op) => Expr::Binary {
                            op: BinaryOp::Eq,
                            left: Box::new(op.clone()),
                            right: Box::new(w.clone()),
                        },
                        None => w.clone(),
                    };
                    let c = self.expr(&cond).map_err(|p| self.fail(p, pos))?;
                    out.push((c, self.stmts(body)?));
                }
                let else_ = else_.as_ref().map(|e| self.stmts(e)).transpose()?;
                StmtKind::Case(out, else_)
            }
            PlStmt::Loop { while_, body, label, .. } => {
                let cond = while_
                    .as_ref()
                    .map(|c| self.expr(c))
                    .transpose()
                    .map_err(|p| self.fail(p, pos))?;
                let id = self.enter_loop(label);
                let body = self.stmts(body);
                self.loops.pop();
                StmtKind::Loop { id, cond, body: body? }
            }
            PlStmt::ForRange { var, reverse, low, high, body, label, .. } => {
                let low = self.expr(low).map_err(|p| self.fail(p, pos))?;
                let high = self.expr(high).map_err(|p| self.fail(p, pos))?;
                let mark = self.scope.len();
                let slot = self.new_slot(SqlType::NUMBER);
                self.scope.push((
                    var.name.clone(),
                    Entity::Var { slot, ty: SqlType::NUMBER, constant: true, not_null: false },
                ));
                let id = self.enter_loop(label);
                let body = self.stmts(body);
                self.loops.pop();
                self.scope.truncate(mark);
                StmtKind::ForRange { id, slot, low, high, reverse: *reverse, body: body? }
            }
            PlStmt::ForCursor { var, source, body, label, .. } => {
                let (source, rtype) = self.row_source(source).map_err(|p| self.fail(p, pos))?;
                let mark = self.scope.len();
                let base = self.record_slots(&rtype);
                let width = rtype.fields.len();
                self.scope.push((var.name.clone(), Entity::Record { base, rtype }));
                let id = self.enter_loop(label);
                let body = self.stmts(body);
                self.loops.pop();
                self.scope.truncate(mark);
                StmtKind::ForCursor { id, base, width, source, body: body? }
            }
            _ => self.simple(s, pos).map_err(|p| self.fail(p, pos))?,
        };
        Ok(Stmt { line, kind })
    }

    fn enter_loop(&mut self, label: &Option<Ident>) -> u32 {
        self.next_loop += 1;
        self.loops.push((label.as_ref().map(|l| l.name.clone()), self.next_loop));
        self.next_loop
    }

    fn loop_label(&self, label: &Option<Ident>, pos: Pos) -> CR<Option<u32>> {
        if self.loops.is_empty() {
            return Err(other(
                pos,
                "PLS-00376: illegal EXIT/CONTINUE statement; it must appear inside a loop",
            ));
        }
        match label {
            None => Ok(None),
            Some(l) => self
                .loops
                .iter()
                .rev()
                .find(|(n, _)| n.as_deref() == Some(l.name.as_str()))
                .map(|(_, id)| Some(*id))
                .ok_or_else(|| not_declared(&l.name, l.pos)),
        }
    }

    fn simple(&mut self, s: &PlStmt, pos: Pos) -> CR<StmtKind> {
        Ok(match s {
            PlStmt::Null { .. } => StmtKind::Null,
            PlStmt::Assign { target, value, .. } => self.assign(target, value)?,
            PlStmt::AssignElement { target, index, field, value, .. } => {
                let t = self.elem_target(target, index, field.as_ref())?;
                if let Some((from, width)) = self.record_value(value) {
                    return Ok(StmtKind::AssignRecord(t, from, width));
                }
                StmtKind::Assign(t, self.expr(value)?)
            }
            PlStmt::Call(c) => StmtKind::Call(self.call(&c.name, &c.args, c.pos, false)?),
            PlStmt::Exit { label, when, .. } => {
                let id = self.loop_label(label, pos)?;
                StmtKind::Exit(id, when.as_ref().map(|w| self.expr(w)).transpose()?)
            }
            PlStmt::Continue { label, when, .. } => {
                let id = self.loop_label(label, pos)?;
                StmtKind::Continue(id, when.as_ref().map(|w| self.expr(w)).transpose()?)
            }
            PlStmt::Raise { name: None, .. } if self.handlers == 0 => {
                return Err(other(
                    pos,
                    "PLS-00367: a RAISE statement with no exception name must be inside an exception handler",
                ));
            }
            PlStmt::Raise { name, .. } => {
                StmtKind::Raise(name.as_ref().map(|n| self.exception(n)).transpose()?)
            }
            PlStmt::Return { value, .. } => {
                StmtKind::Return(value.as_ref().map(|v| self.expr(v)).transpose()?)
            }
            PlStmt::ExecuteImmediate { sql, into, using, .. } => StmtKind::ExecImmediate {
                sql: self.expr(sql)?,
                into: into.iter().map(|t| self.target(t)).collect::<CR<_>>()?,
                using: using.iter().map(|u| self.expr(u)).collect::<CR<_>>()?,
            },
            PlStmt::SelectInto { query, into, bulk, pos } => {
                let names = Rc::new(self.sql_names());
                self.query_rtype(query, &names, *pos)?;
                StmtKind::SelectInto {
                    query: Rc::new((**query).clone()),
                    names,
                    into: into.iter().map(|t| self.target(t)).collect::<CR<_>>()?,
                    bulk: *bulk,
                }
            }
            PlStmt::Sql { stmt, .. } => match crate::exec::returning::clause(stmt) {
                Some(r) => StmtKind::Returning {
                    stmt: Rc::new((**stmt).clone()),
                    names: Rc::new(self.sql_names()),
                    into: r.into.iter().map(|t| self.target(t)).collect::<CR<_>>()?,
                    bulk: r.bulk,
                },
                None => match self.dml_with_elements(stmt)? {
                    Some(kind) => kind,
                    None => StmtKind::Sql(Rc::new((**stmt).clone()), Rc::new(self.sql_names())),
                },
            },
            PlStmt::Open { cursor, args, .. } => {
                let decl = self.cursor(cursor)?;
                if args.len() != decl.params.len() {
                    return Err(wrong_args(&cursor.name, cursor.pos));
                }
                StmtKind::Open(decl, args.iter().map(|a| self.expr(a)).collect::<CR<_>>()?)
            }
            PlStmt::Fetch { cursor, into, .. } => {
                let decl = self.cursor(cursor)?;
                StmtKind::Fetch(decl.slot, into.iter().map(|t| self.target(t)).collect::<CR<_>>()?)
            }
            PlStmt::Close { cursor, .. } => StmtKind::Close(self.cursor(cursor)?.slot),
            PlStmt::Forall { index, bounds, save_exceptions, stmt, .. } => {
                self.forall(index, bounds, *save_exceptions, stmt)?
            }
            PlStmt::OpenFor { cursor, source, using, .. } => {
                self.open_for(cursor, source, using)?
            }
            _ => return Err(other(pos, "PLS-00999: statement not supported here")),
        })
    }

    fn cursor(&self, name: &Ident) -> CR<Rc<CursorDecl>> {
        match self.find(&name.name) {
            Some(Entity::Cursor(c)) => Ok(c),
            _ => Err(not_declared(&name.name, name.pos)),
        }
    }

    fn row_source(&mut self, source: &CursorSource) -> CR<(RowSource, Rc<RecordType>)> {
        match source {
            CursorSource::Query(q) => {
                let names = Rc::new(self.sql_names());
                let rtype = self.query_rtype(q, &names, query_pos(q))?;
                Ok((RowSource::Query(Rc::new((**q).clone()), names), rtype))
            }
            CursorSource::Cursor(name, args) => {
                let decl = self.cursor(name)?;
                if args.len() != decl.params.len() {
                    return Err(wrong_args(&name.name, name.pos));
                }
                let args = args.iter().map(|a| self.expr(a)).collect::<CR<_>>()?;
                let rtype = decl.rtype.clone();
                Ok((RowSource::Cursor(decl, args), rtype))
            }
        }
    }

    fn assign(&mut self, target: &ObjectName, value: &Expr) -> CR<StmtKind> {
        if let Some(kind) = self.package_coll_assign(target, value)? {
            return Ok(kind);
        }
        if let Some(kind) = self.package_record_assign(target, value)? {
            return Ok(kind);
        }
        if let Some(kind) = self.dense_assign(target, value)? {
            return Ok(kind);
        }
        if target.parts.len() == 1
            && let Some(Entity::Coll { slot, .. }) = self.find(&target.object().name)
        {
            if let Expr::Column(src) = value
                && src.parts.len() == 1
                && let Some(Entity::Coll { slot: from, .. }) = self.find(&src.object().name)
            {
                return Ok(StmtKind::AssignColl(slot, from));
            }
            return Err(other(target.pos(), "PLS-00382: expression is of wrong type"));
        }
        let t = self.target(target)?;
        if let (Target::Record { .. }, Some((from, width))) = (&t, self.record_value(value)) {
            return Ok(StmtKind::AssignRecord(t, from, width));
        }
        if let Target::Slot { .. } = t
            && let Some(Entity::Var { constant: true, .. }) = self.find(&target.object().name)
            && target.parts.len() == 1
        {
            {
                return Err(other(
                    target.pos(),
                    format!(
                        "PLS-00363: expression '{}' cannot be used as an assignment target",
                        target.object().name
                    ),
                ));
            }
        }
        Ok(StmtKind::Assign(t, self.expr(value)?))
    }

    /// A whole record variable used as a value: its first slot and width.
    fn record_value(&self, value: &Expr) -> Option<(usize, usize)> {
        match value {
            Expr::Column(n) if n.parts.len() == 1 => match self.find(&n.object().name) {
                Some(Entity::Record { base, rtype }) => Some((base, rtype.fields.len())),
                _ => None,
            },
            _ => None,
        }
    }

    /// An assignment target written as a name: variable, record, `rec.field`, collection.
    fn target(&mut self, name: &ObjectName) -> CR<Target> {
        let name = &*self.unqualify(name);
        let parts = &name.parts;
        match (self.find(&parts[0].name), parts.len()) {
            (Some(Entity::Var { slot, ty, not_null, .. }), 1) => {
                Ok(Target::Slot { slot, ty, not_null })
            }
            (Some(Entity::Record { base, rtype }), 1) => Ok(Target::Record { base, rtype }),
            (Some(Entity::Record { base, rtype }), 2) => {
                match rtype.fields.iter().position(|(f, _)| *f == parts[1].name) {
                    Some(i) => {
                        Ok(Target::Slot { slot: base + i, ty: rtype.fields[i].1, not_null: false })
                    }
                    None => Err(not_declared(&parts[1].name, parts[1].pos)),
                }
            }
            (Some(Entity::Coll { slot, ttype }), 1) => Ok(Target::Coll { slot, ttype }),
            (None, _) if let Some(t) = self.package_field_target(name)? => Ok(t),
            _ => match self.package_member(name)? {
                Some((r, Entity::Var { ty, constant: false, not_null, .. })) => {
                    Ok(Target::PackageVar { r, ty, not_null })
                }
                Some(_) => Err(other(
                    name.pos(),
                    format!(
                        "PLS-00363: expression '{}' cannot be used as an assignment target",
                        name.dotted()
                    ),
                )),
                None => Err(not_declared(&name.dotted(), name.pos())),
            },
        }
    }

    fn elem_target(
        &mut self,
        name: &ObjectName,
        index: &Expr,
        field: Option<&Ident>,
    ) -> CR<Target> {
        let Some(Entity::Coll { slot, ttype }) =
            (name.parts.len() == 1).then(|| self.find(&name.object().name)).flatten()
        else {
            return match self.package_elem_target(name, index, field)? {
                Some(t) => Ok(t),
                None => Err(not_declared(&name.dotted(), name.pos())),
            };
        };
        self.elem_of(slot, ttype, index, field)
    }

    /// `coll(index)[.field]` of the collection in `slot`.
    fn elem_of(
        &mut self,
        slot: usize,
        ttype: Rc<TableType>,
        index: &Expr,
        field: Option<&Ident>,
    ) -> CR<Target> {
        let field = match field {
            Some(f) => match ttype.elem.fields.iter().position(|(n, _)| *n == f.name) {
                Some(i) if !ttype.scalar => Some(i),
                _ => return Err(not_declared(&f.name, f.pos)),
            },
            None if ttype.scalar => Some(0),
            None => None,
        };
        Ok(Target::Elem { coll: slot, index: self.expr(index)?, field, ttype })
    }

    // ---- calls ----

    /// Resolves a call `name(args)`; `function` for calls inside expressions.
    fn call(&mut self, name: &ObjectName, args: &[Arg], pos: Pos, function: bool) -> CR<CallIr> {
        let name = &*self.unqualify(name);
        if let Some(c) = self.coll_procedure(name, args)? {
            return Ok(c);
        }
        if let Some(c) = self.package_coll_procedure(name, args)? {
            return Ok(c);
        }
        let parts = &name.parts;
        let short = name.object().name.clone();
        if parts.len() == 2
            && let Some(Entity::Coll { slot, .. }) = self.find(&parts[0].name)
            && short == "DELETE"
        {
            let args =
                args.iter().map(|a| self.expr(&a.value).map(ArgIr::any)).collect::<CR<_>>()?;
            return Ok(CallIr { callee: Callee::CollDelete(slot), name: short, args });
        }
        if parts.len() == 1 && short == "RAISE_APPLICATION_ERROR" {
            if !(2..=3).contains(&args.len()) {
                return Err(wrong_args(&short, pos));
            }
            let args =
                args.iter().map(|a| self.expr(&a.value).map(ArgIr::any)).collect::<CR<_>>()?;
            return Ok(CallIr { callee: Callee::RaiseApplicationError, name: short, args });
        }
        if parts.len() == 1
            && let Some(Entity::Sub(sig)) = self.find(&short)
        {
            if sig.is_function != function {
                return Err(not_declared(&short, pos));
            }
            let args = self.bind_args(&sig.formals, args, &short, pos)?;
            return Ok(CallIr { callee: Callee::Unit(sig.unit.clone()), name: short, args });
        }
        let dotted = name.dotted();
        let dotted = dotted.strip_prefix("SYS.").unwrap_or(&dotted).to_string();
        if let Some(sub) = packages::find(&dotted) {
            if sub.is_function != function {
                return Err(not_declared(&dotted, pos));
            }
            // Overloads are told apart by which formals the actuals bind to.
            let mut bound = self.bind_args(&sub.formals, args, &short, pos);
            for formals in &sub.overloads {
                if bound.is_ok() {
                    break;
                }
                bound = self.bind_args(formals, args, &short, pos);
            }
            let args = bound?;
            let Some(native) = sub.native else {
                return Err(other(pos, format!("PLS-00999: {dotted} is not implemented")));
            };
            return Ok(CallIr { callee: Callee::Native(native), name: short, args });
        }
        if let Some((r, Entity::Sub(sig))) = self.package_member(name)? {
            if sig.is_function != function {
                return Err(not_declared(&short, pos));
            }
            self.check_coll_args(&sig.formals, args, &short, pos)?;
            let args = self.bind_args(&sig.formals, args, &short, pos)?;
            return Ok(CallIr { callee: Callee::Package(r), name: short, args });
        }
        if let Some(stored) = super::catalog::signature(self.env, name)
            && stored.is_function == function
        {
            self.check_coll_args(&stored.formals, args, &short, pos)?;
            let args = self.bind_args(&stored.formals, args, &short, pos)?;
            return Ok(CallIr { callee: Callee::Stored(stored.key), name: short, args });
        }
        if let Some(owner_name) = super::catalog::invalid(self.env, name) {
            return Err(other(pos, format!("PLS-00905: object {owner_name} is invalid")));
        }
        Err(not_declared(&name.parts[0].name, name.pos()))
    }

    /// Matches actuals to formals: positional first, then `name =>`; defaults fill the rest.
    fn bind_args(
        &mut self,
        formals: &[Formal],
        actuals: &[Arg],
        name: &str,
        pos: Pos,
    ) -> CR<Vec<ArgIr>> {
        let mut slots: Vec<Option<&Expr>> = vec![None; formals.len()];
        let mut named = false;
        for (i, a) in actuals.iter().enumerate() {
            let idx = match &a.name {
                Some(n) => {
                    named = true;
                    formals
                        .iter()
                        .position(|f| f.name == n.name)
                        .ok_or_else(|| wrong_args(name, pos))?
                }
                None if named => return Err(wrong_args(name, pos)),
                None => i,
            };
            match slots.get_mut(idx) {
                Some(s @ None) => *s = Some(&a.value),
                _ => return Err(wrong_args(name, pos)),
            }
        }
        let mut out = Vec::new();
        for (f, a) in formals.iter().zip(slots) {
            let arg = match (a, &f.default) {
                (Some(e), _) => e,
                (None, Some(d)) if f.mode == ParamMode::In => d,
                _ => return Err(wrong_args(name, pos)),
            };
            out.push(match (&f.kind, f.mode) {
                (FormalKind::Coll(_), mode) => match arg {
                    Expr::Column(n) if n.parts.len() == 1 => match self.find(&n.object().name) {
                        Some(Entity::Coll { slot, .. }) => ArgIr::Coll(slot, mode),
                        _ => return Err(wrong_args(name, pos)),
                    },
                    _ => return Err(wrong_args(name, pos)),
                },
                (FormalKind::Cursor, mode) => {
                    ArgIr::Cursor(self.cursor_arg(arg).map_err(|_| wrong_args(name, pos))?, mode)
                }
                (FormalKind::Scalar(ty), ParamMode::In) => ArgIr::In(self.expr(arg)?, *ty),
                (FormalKind::Scalar(_), mode) => match arg {
                    Expr::Column(n) => {
                        ArgIr::Out(self.target(n).map_err(|_| wrong_args(name, pos))?, mode)
                    }
                    Expr::Function { name: n, args, .. } if args.len() == 1 => {
                        ArgIr::Out(self.elem_target(n, &args[0].value, None)?, mode)
                    }
                    _ => return Err(wrong_args(name, pos)),
                },
            });
        }
        Ok(out)
    }

    // ---- expressions ----

    /// Compiles an expression.
    fn expr(&mut self, e: &Expr) -> CR<PExpr> {
        match e {
            Expr::Binary { op: op @ (BinaryOp::And | BinaryOp::Or), left, right }
                if has_leaf(self, e) =>
            {
                let (l, r) = (Box::new(self.expr(left)?), Box::new(self.expr(right)?));
                Ok(if *op == BinaryOp::And { PExpr::And(l, r) } else { PExpr::Or(l, r) })
            }
            Expr::Unary { op: UnaryOp::Not, expr } if has_leaf(self, expr) => {
                Ok(PExpr::Not(Box::new(self.expr(expr)?)))
            }
            _ => {
                let mut leaves = Vec::new();
                let rewritten = self.rewrite(e, &mut leaves)?;
                let expr = self.sql_expr(&rewritten)?;
                Ok(fast_form(leaves, expr))
            }
        }
    }

    /// Compiles a rewritten expression (names are `$slot` columns) with exec's compiler.
    fn sql_expr(&self, e: &Expr) -> CR<CExpr> {
        let columns: Vec<ColumnDesc> = self
            .slot_types
            .iter()
            .enumerate()
            .map(|(i, t)| ColumnDesc::new(format!("${i}"), *t))
            .collect();
        let rels = [Rel { qualifier: None, schema: None, columns, offset: 0 }];
        let used = RefCell::new(vec![false; self.slot_types.len()]);
        let escaped = Cell::new(false);
        let level = Level {
            rels: &rels,
            view: 0..1,
            used: &used,
            escaped: &escaped,
            parent: None,
            names: None,
            grouped: None,
        };
        let mut c = Compiler::new(self.env, level);
        c.expr(e).map(|(c, _)| c).map_err(|err| {
            let pos = err.pos.unwrap_or(0);
            if err.is(crate::error::INVALID_IDENTIFIER) {
                let name = err.text.split('"').nth(1).unwrap_or("").to_string();
                not_declared(&name, pos)
            } else {
                other(pos, format!("PLS-00382: expression is of wrong type ({})", err))
            }
        })
    }

    fn slot_ref(slot: usize, pos: Pos) -> Expr {
        Expr::Column(ObjectName { parts: vec![Ident { name: format!("${slot}"), pos }] })
    }

    fn leaf(&mut self, leaf: Leaf, ty: SqlType, pos: Pos, leaves: &mut Vec<(usize, Leaf)>) -> Expr {
        let slot = self.new_slot(ty);
        leaves.push((slot, leaf));
        Self::slot_ref(slot, pos)
    }

    /// Replaces PL/SQL names by `$slot` columns and PL/SQL-only parts by leaves.
    fn rewrite(&mut self, e: &Expr, leaves: &mut Vec<(usize, Leaf)>) -> CR<Expr> {
        Ok(match e {
            Expr::Column(name) => self.name_ref(name, leaves)?,
            Expr::Function { name, args, star: false, distinct: false } => {
                self.function_ref(name, args, leaves)?
            }
            Expr::CursorAttr { cursor, attr } => {
                let c = if cursor.name == "SQL" { None } else { Some(self.cursor(cursor)?.slot) };
                let attr = match attr.as_str() {
                    "FOUND" => "FOUND",
                    "NOTFOUND" => "NOTFOUND",
                    "ROWCOUNT" => "ROWCOUNT",
                    _ => "ISOPEN",
                };
                let ty = if attr == "ROWCOUNT" { SqlType::NUMBER } else { SqlType::Boolean };
                self.leaf(Leaf::CursorAttr { cursor: c, attr }, ty, cursor.pos, leaves)
            }
            Expr::Unary { op, expr } => {
                Expr::Unary { op: *op, expr: Box::new(self.rewrite(expr, leaves)?) }
            }
            Expr::Binary { op, left, right } => {
                if let Some(e) = self.coll_equal(*op, left, right, leaves)? {
                    return Ok(e);
                }
                Expr::Binary {
                    op: *op,
                    left: Box::new(self.rewrite(left, leaves)?),
                    right: Box::new(self.rewrite(right, leaves)?),
                }
            }
            Expr::IsNull { expr, negated } => {
                if let Some(e) = self.coll_is_null(expr, *negated, leaves) {
                    return Ok(e);
                }
                Expr::IsNull { expr: Box::new(self.rewrite(expr, leaves)?), negated: *negated }
            }
            Expr::InList { expr, list, negated } => Expr::InList {
                expr: Box::new(self.rewrite(expr, leaves)?),
                list: list.iter().map(|x| self.rewrite(x, leaves)).collect::<CR<_>>()?,
                negated: *negated,
            },
            Expr::Between { expr, low, high, negated } => Expr::Between {
                expr: Box::new(self.rewrite(expr, leaves)?),
                low: Box::new(self.rewrite(low, leaves)?),
                high: Box::new(self.rewrite(high, leaves)?),
                negated: *negated,
            },
            Expr::Like { expr, pattern, escape, negated } => Expr::Like {
                expr: Box::new(self.rewrite(expr, leaves)?),
                pattern: Box::new(self.rewrite(pattern, leaves)?),
                escape: escape
                    .as_ref()
                    .map(|x| self.rewrite(x, leaves).map(Box::new))
                    .transpose()?,
                negated: *negated,
            },
            Expr::Case { operand, whens, else_ } => Expr::Case {
                operand: operand
                    .as_ref()
                    .map(|x| self.rewrite(x, leaves).map(Box::new))
                    .transpose()?,
                whens: whens
                    .iter()
                    .map(|(w, t)| Ok((self.rewrite(w, leaves)?, self.rewrite(t, leaves)?)))
                    .collect::<CR<_>>()?,
                else_: else_.as_ref().map(|x| self.rewrite(x, leaves).map(Box::new)).transpose()?,
            },
            Expr::Field { base, field } => self.element_field(base, field, leaves)?,
            Expr::Subquery(_) | Expr::InSubquery { .. } | Expr::Exists { .. } => {
                return Err(other(0, "PLS-00405: subquery not allowed in this context"));
            }
            Expr::Bind(id) if self.find(&crate::sql::bind_name(&id.name)).is_some() => {
                let name = Ident { name: crate::sql::bind_name(&id.name), pos: id.pos };
                self.name_ref(&ObjectName { parts: vec![name] }, leaves)?
            }
            other_expr => other_expr.clone(),
        })
    }

    fn name_ref(&mut self, name: &ObjectName, leaves: &mut Vec<(usize, Leaf)>) -> CR<Expr> {
        let name = &*self.unqualify(name);
        if let Some(e) = self.bulk_ref(name, None, None, leaves)? {
            return Ok(e);
        }
        let parts = &name.parts;
        let pos = name.pos();
        let first = &parts[0].name;
        match (self.find(first), parts.len()) {
            (Some(Entity::Var { slot, .. }), 1) => return Ok(Self::slot_ref(slot, pos)),
            (Some(Entity::Record { base, rtype }), 2) => {
                return match rtype.fields.iter().position(|(f, _)| *f == parts[1].name) {
                    Some(i) => Ok(Self::slot_ref(base + i, pos)),
                    None => Err(not_declared(&parts[1].name, parts[1].pos)),
                };
            }
            (Some(Entity::Coll { slot, .. }), 2) => {
                let method = match parts[1].name.as_str() {
                    "COUNT" => "COUNT",
                    "FIRST" => "FIRST",
                    "LAST" => "LAST",
                    "LIMIT" => return Ok(self.coll_limit(slot, &parts[1], leaves)),
                    _ => return Err(not_declared(&parts[1].name, parts[1].pos)),
                };
                return Ok(self.leaf(
                    Leaf::Method { coll: slot, method, arg: None },
                    SqlType::NUMBER,
                    pos,
                    leaves,
                ));
            }
            (Some(Entity::Sub(_)), 1) => {
                let call = self.call(name, &[], pos, true)?;
                return Ok(self.leaf(
                    Leaf::Call(Box::new(call)),
                    SqlType::Varchar2(4000),
                    pos,
                    leaves,
                ));
            }
            _ => {}
        }
        if parts.len() == 1 {
            match first.as_str() {
                "SQLCODE" => return Ok(self.leaf(Leaf::SqlCode, SqlType::NUMBER, pos, leaves)),
                "SQLERRM" => {
                    return Ok(self.leaf(Leaf::SqlErrm(None), SqlType::Varchar2(512), pos, leaves));
                }
                "TRUE" => return Ok(Expr::Literal(Literal::Bool(true))),
                "FALSE" => return Ok(Expr::Literal(Literal::Bool(false))),
                "NULL" => return Ok(Expr::Literal(Literal::Null)),
                _ => {}
            }
            if crate::exec::functions::niladic(first).is_some() || first == "ROWNUM" {
                return Ok(Expr::Column(name.clone()));
            }
        }
        let dotted = name.dotted();
        let dotted = dotted.strip_prefix("SYS.").unwrap_or(&dotted);
        if let Some(v) = packages::constant(dotted) {
            return Ok(value_literal(&v));
        }
        if let Some(e) = self.package_item_ref(name, leaves)? {
            return Ok(e);
        }
        match self.package_member(name)? {
            Some((r, Entity::Var { ty, .. })) => {
                return Ok(self.leaf(Leaf::PackageVar(r), ty, pos, leaves));
            }
            Some((_, Entity::Sub(sig))) if sig.is_function => {
                let call = self.call(name, &[], pos, true)?;
                let ty = SqlType::Varchar2(4000);
                return Ok(self.leaf(Leaf::Call(Box::new(call)), ty, pos, leaves));
            }
            _ => {}
        }
        if packages::find(dotted).is_some_and(|s| s.is_function)
            || super::catalog::signature(self.env, name).is_some_and(|s| s.is_function)
        {
            let call = self.call(name, &[], pos, true)?;
            return Ok(self.leaf(Leaf::Call(Box::new(call)), SqlType::Varchar2(4000), pos, leaves));
        }
        Err(not_declared(&parts.last().map_or(String::new(), |p| p.name.clone()), pos)
            .with_first(parts))
    }

    /// `coll(i).field`.
    fn element_field(
        &mut self,
        base: &Expr,
        field: &Ident,
        leaves: &mut Vec<(usize, Leaf)>,
    ) -> CR<Expr> {
        let Expr::Function { name, args, .. } = base else {
            return Err(not_declared(&field.name, field.pos));
        };
        if let Some(e) = self.bulk_ref(name, Some(args), Some(field), leaves)? {
            return Ok(e);
        }
        let Some(Entity::Coll { slot, ttype }) =
            (name.parts.len() == 1).then(|| self.find(&name.parts[0].name)).flatten()
        else {
            return Err(not_declared(&name.dotted(), name.pos()));
        };
        let Some(i) = ttype.elem.fields.iter().position(|(f, _)| *f == field.name) else {
            return Err(not_declared(&field.name, field.pos));
        };
        if args.len() != 1 || ttype.scalar {
            return Err(not_declared(&field.name, field.pos));
        }
        let index = Box::new(self.expr(&args[0].value)?);
        let ty = ttype.elem.fields[i].1;
        Ok(self.leaf(Leaf::Elem { coll: slot, index, field: i }, ty, field.pos, leaves))
    }

    fn function_ref(
        &mut self,
        name: &ObjectName,
        args: &[Arg],
        leaves: &mut Vec<(usize, Leaf)>,
    ) -> CR<Expr> {
        if let Some(e) = self.bulk_ref(name, Some(args), None, leaves)? {
            return Ok(e);
        }
        if let Some(e) = self.multiset_ref(name, args, leaves)? {
            return Ok(e);
        }
        let parts = &name.parts;
        let pos = name.pos();
        let first = &parts[0].name;
        let entity = self.find(first);
        if let Some(Entity::Coll { slot, ttype }) = &entity {
            if parts.len() == 1 && args.len() == 1 {
                let index = Box::new(self.expr(&args[0].value)?);
                let ty = ttype.elem.fields[0].1;
                return Ok(self.leaf(Leaf::Elem { coll: *slot, index, field: 0 }, ty, pos, leaves));
            }
            if parts.len() == 2 && args.len() == 1 {
                let method = match parts[1].name.as_str() {
                    "NEXT" => "NEXT",
                    "PRIOR" => "PRIOR",
                    "EXISTS" => "EXISTS",
                    _ => return Err(not_declared(&parts[1].name, parts[1].pos)),
                };
                let arg = Some(Box::new(self.expr(&args[0].value)?));
                let ty = if method == "EXISTS" { SqlType::Boolean } else { SqlType::NUMBER };
                return Ok(self.leaf(Leaf::Method { coll: *slot, method, arg }, ty, pos, leaves));
            }
        }
        if parts.len() == 1 && first == "SQLERRM" && args.len() == 1 {
            let arg = Some(Box::new(self.expr(&args[0].value)?));
            return Ok(self.leaf(Leaf::SqlErrm(arg), SqlType::Varchar2(512), pos, leaves));
        }
        if entity.is_none()
            && let Some(e) = self.package_coll_ref(name, args, leaves)?
        {
            return Ok(e);
        }
        let local = matches!(entity, Some(Entity::Sub(_)));
        if !local && parts.len() == 1 && crate::exec::functions::lookup(first).is_some() {
            let args = args
                .iter()
                .map(|a| Ok(Arg { name: a.name.clone(), value: self.rewrite(&a.value, leaves)? }))
                .collect::<CR<_>>()?;
            return Ok(Expr::Function { name: name.clone(), args, star: false, distinct: false });
        }
        let call = self.call(name, args, pos, true)?;
        Ok(self.leaf(Leaf::Call(Box::new(call)), SqlType::Varchar2(4000), pos, leaves))
    }
}

impl Pls {
    /// PLS-00201 names the first unresolvable part as written (`'X'`, or `'PKG.X'`).
    fn with_first(mut self, parts: &[Ident]) -> Pls {
        let name = parts.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(".");
        self.message = OraError::new(PLS_NOT_DECLARED, &name).to_string();
        self
    }
}

/// The fast forms of common expression shapes: constants (folding `'a' || 'b'`) and
/// `slot + k`; anything else stays a SQL expression.
fn fast_form(leaves: Vec<(usize, Leaf)>, expr: CExpr) -> PExpr {
    if !leaves.is_empty() {
        return PExpr::Sql { leaves, expr };
    }
    match expr {
        CExpr::Const(v) => PExpr::Const(v),
        CExpr::Concat(a, b) => match (*a, *b) {
            (CExpr::Const(x), CExpr::Const(y)) => PExpr::Const(crate::exec::eval::concat(&x, &y)),
            (a, b) => PExpr::Sql { leaves, expr: CExpr::Concat(Box::new(a), Box::new(b)) },
        },
        CExpr::Arith(crate::exec::eval::ArithOp::Add, a, b) => match (*a, *b) {
            (CExpr::Col(slot), CExpr::Const(Value::Number(k)))
            | (CExpr::Const(Value::Number(k)), CExpr::Col(slot)) => PExpr::AddConst(slot, k),
            (a, b) => PExpr::Sql {
                leaves,
                expr: CExpr::Arith(crate::exec::eval::ArithOp::Add, Box::new(a), Box::new(b)),
            },
        },
        expr => PExpr::Sql { leaves, expr },
    }
}

/// True if compiling `e` needs leaves (PL/SQL-only parts), so AND/OR must short-circuit here.
fn has_leaf(c: &UnitCompiler<'_, '_>, e: &Expr) -> bool {
    match e {
        Expr::Function { name, .. } => {
            name.parts.len() > 1
                || crate::exec::functions::lookup(&name.object().name).is_none()
                || matches!(c.find(&name.parts[0].name), Some(Entity::Coll { .. } | Entity::Sub(_)))
        }
        Expr::CursorAttr { .. } => true,
        Expr::Column(n) => {
            n.parts.len() == 1 && matches!(n.parts[0].name.as_str(), "SQLCODE" | "SQLERRM")
                || matches!(c.find(&n.parts[0].name), Some(Entity::Coll { .. } | Entity::Sub(_)))
        }
        Expr::Binary { left, right, .. } => has_leaf(c, left) || has_leaf(c, right),
        Expr::Unary { expr, .. } | Expr::IsNull { expr, .. } => has_leaf(c, expr),
        _ => false,
    }
}

enum Resolved {
    Scalar(SqlType),
    Record(Rc<RecordType>),
    Table(Rc<TableType>),
}

fn stmt_pos(s: &PlStmt) -> Pos {
    match s {
        PlStmt::Null { pos }
        | PlStmt::Assign { pos, .. }
        | PlStmt::AssignElement { pos, .. }
        | PlStmt::Case { pos, .. }
        | PlStmt::If { pos, .. }
        | PlStmt::Loop { pos, .. }
        | PlStmt::ForRange { pos, .. }
        | PlStmt::ForCursor { pos, .. }
        | PlStmt::Exit { pos, .. }
        | PlStmt::Continue { pos, .. }
        | PlStmt::Raise { pos, .. }
        | PlStmt::Return { pos, .. }
        | PlStmt::ExecuteImmediate { pos, .. }
        | PlStmt::SelectInto { pos, .. }
        | PlStmt::Sql { pos, .. }
        | PlStmt::Open { pos, .. }
        | PlStmt::Fetch { pos, .. }
        | PlStmt::Close { pos, .. }
        | PlStmt::Forall { pos, .. }
        | PlStmt::OpenFor { pos, .. } => *pos,
        PlStmt::Call(c) => c.pos,
        PlStmt::Block(b) => b.pos,
    }
}

fn query_pos(q: &Query) -> Pos {
    match &q.body {
        crate::sql::ast::QueryBody::Select(s) => s.pos,
        _ => 0,
    }
}

/// `SELECT * | col FROM obj` for %TYPE / %ROWTYPE of a view.
fn select_star_from(obj: &[Ident], col: Option<&Ident>) -> Query {
    use crate::sql::ast::{QueryBody, Select, SelectItem, TableRef};
    let item = match col {
        Some(c) => SelectItem::Expr {
            expr: Expr::Column(ObjectName { parts: vec![c.clone()] }),
            alias: None,
            text: c.name.clone(),
        },
        None => SelectItem::Wildcard { pos: 0 },
    };
    Query {
        body: QueryBody::Select(Box::new(Select {
            distinct: false,
            items: vec![item],
            from: vec![TableRef::Named { name: ObjectName { parts: obj.to_vec() }, alias: None }],
            where_: None,
            group_by: vec![],
            having: None,
            pos: 0,
        })),
        order_by: vec![],
        fetch_first: None,
        for_update: None,
    }
}

/// A constant value as a literal expression.
fn value_literal(v: &Value) -> Expr {
    Expr::Literal(match v {
        Value::Null => Literal::Null,
        Value::Number(d) => Literal::Number(d.to_string()),
        Value::Bool(b) => Literal::Bool(*b),
        other => Literal::String(other.to_text().unwrap_or_default()),
    })
}

/// The id of exception `exception` declared in the spec of package `package`: a hash, with the
/// top bit set so it never meets the ids counted from [`NEXT_EXCEPTION`].
fn package_exception_id(package: &str, exception: &str) -> u32 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (package, exception).hash(&mut h);
    0x8000_0000 | (h.finish() as u32 & 0x7fff_ffff)
}

/// ORA-06502 with a detail (`: character string buffer too small`).
pub fn value_error(detail: &str) -> OraError {
    OraError::new(VALUE_ERROR, detail)
}

/// Compiles an anonymous block (names resolved, nothing run).
pub fn compile_block(env: &Env<'_>, src: &str, block: &Block) -> Result<Unit, OraError> {
    UnitCompiler::new(env, src).anonymous(block)
}

/// Compiles a subprogram.
pub fn compile_subprogram(env: &Env<'_>, src: &str, sub: &Subprogram) -> Result<Unit, OraError> {
    UnitCompiler::new(env, src).subprogram(sub)
}

/// Parses and returns the formals of a subprogram heading (catalog signatures).
pub fn formals_of(env: &Env<'_>, sub: &Subprogram) -> Result<Vec<Formal>, OraError> {
    UnitCompiler::new(env, "").formals(sub)
}
