//! The compiled form of a PL/SQL unit (anonymous block or subprogram): every name resolved to a
//! frame slot, every call to its target, every label to a loop number. [`super::compile`]
//! builds it once per call; [`super::interp`] runs it.
//!
//! A unit's scalar variables (and the fields of its records, laid end to end) live in one
//! `Vec<Value>` per activation, the *frame*; expressions are exec's compiled expressions
//! ([`CExpr`]) whose column `i` is frame slot `i`, so the SQL evaluator runs PL/SQL expressions
//! directly on the frame with no name lookups and no copying.

use std::cell::RefCell;
use std::rc::Rc;

use crate::exec::eval::CExpr;
use crate::sql::ast::{ParamMode, Query};
use crate::value::{SqlType, Value};

use super::collections::{CollKind, CollLeaf, CollOp, CollValue};
use super::forall::{BulkAttr, ForallIr};
use super::packages::Native;
pub use super::user_packages::PackageRef;

/// A record type: named fields laid out in consecutive slots.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordType {
    /// Field names and types, in order.
    pub fields: Vec<(String, SqlType)>,
}

/// An associative array type.
#[derive(Debug, Clone, PartialEq)]
pub struct TableType {
    /// Element: a scalar (one field, named "") or a record.
    pub elem: Rc<RecordType>,
    /// True for a scalar element type.
    pub scalar: bool,
    /// INDEX BY VARCHAR2.
    pub string_keys: bool,
    /// Associative array, nested table or varray.
    pub kind: CollKind,
}

/// A compiled expression: a SQL expression over the frame, with the PL/SQL-only parts
/// ("leaves": collection elements, function calls, SQLCODE, cursor attributes) computed into
/// temporary slots first. AND / OR over leaves are split so they still short-circuit.
#[derive(Debug)]
pub enum PExpr {
    /// Evaluate `leaves` into their slots, then `expr` on the frame.
    Sql {
        /// (slot, leaf) pairs, evaluated in order.
        leaves: Vec<(usize, Leaf)>,
        /// The expression.
        expr: CExpr,
    },
    /// `a AND b`.
    And(Box<PExpr>, Box<PExpr>),
    /// `a OR b`.
    Or(Box<PExpr>, Box<PExpr>),
    /// `NOT a`.
    Not(Box<PExpr>),
    /// A constant (literals, folded `'a' || 'b'`).
    Const(Value),
    /// `slot + k` for a NUMBER slot: the counter idiom `n := n + 1`, without the generic
    /// evaluator (NULL + k is NULL, as always).
    AddConst(usize, rust_decimal::Decimal),
}

/// A PL/SQL-only value inside an expression.
#[derive(Debug)]
pub enum Leaf {
    /// `coll(i)` / `coll(i).field`: NO_DATA_FOUND if absent.
    Elem {
        /// Collection slot.
        coll: usize,
        /// Index.
        index: Box<PExpr>,
        /// Field number within the element.
        field: usize,
    },
    /// `coll.COUNT | FIRST | LAST | NEXT(i) | PRIOR(i) | EXISTS(i)`.
    Method {
        /// Collection slot.
        coll: usize,
        /// The method, upper case.
        method: &'static str,
        /// The argument of NEXT / PRIOR / EXISTS.
        arg: Option<Box<PExpr>>,
    },
    /// `c%FOUND` etc.; `cursor` None is SQL%.
    CursorAttr {
        /// Cursor slot, None for the implicit cursor SQL.
        cursor: Option<usize>,
        /// FOUND, NOTFOUND, ROWCOUNT, ISOPEN.
        attr: &'static str,
    },
    /// SQLCODE.
    SqlCode,
    /// SQLERRM / SQLERRM(n).
    SqlErrm(Option<Box<PExpr>>),
    /// A function call.
    Call(Box<CallIr>),
    /// `coll IS [NOT] NULL`, `a = b` of nested tables, `coll.LIMIT`.
    Coll(CollLeaf),
    /// `SQL%BULK_ROWCOUNT(i)`, `SQL%BULK_EXCEPTIONS...`.
    Bulk(BulkAttr),
    /// A public variable of a user package (the calling session's instance).
    PackageVar(Rc<PackageRef>),
    /// An element or method ([`Leaf::Elem`], [`Leaf::Method`]) of a public collection of a
    /// user package; the inner leaf's slot is the instance frame's.
    PackageColl(Rc<PackageRef>, Box<Leaf>),
}

/// Where an assignment, INTO or OUT argument writes.
#[derive(Debug)]
pub enum Target {
    /// A scalar slot with its declared type.
    Slot {
        /// Slot.
        slot: usize,
        /// Declared type (for the VARCHAR2 length check and NUMBER conversion).
        ty: SqlType,
        /// Declared NOT NULL.
        not_null: bool,
    },
    /// A whole record (fields in consecutive slots).
    Record {
        /// First slot.
        base: usize,
        /// The record type.
        rtype: Rc<RecordType>,
    },
    /// `coll(i)[.field]`.
    Elem {
        /// Collection slot.
        coll: usize,
        /// The index.
        index: PExpr,
        /// The field (0 for scalar elements), or None for the whole record element.
        field: Option<usize>,
        /// The element type.
        ttype: Rc<TableType>,
    },
    /// A whole collection.
    Coll {
        /// Collection slot.
        slot: usize,
        /// Its type.
        ttype: Rc<TableType>,
    },
    /// A public variable of a user package.
    PackageVar {
        /// The variable.
        r: Rc<PackageRef>,
        /// Declared type.
        ty: SqlType,
        /// Declared NOT NULL.
        not_null: bool,
    },
    /// An element of a public collection of a user package: the inner [`Target::Elem`]'s
    /// slot is the instance frame's.
    PackageElem(Rc<PackageRef>, Box<Target>),
}

/// An exception as a handler or RAISE names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExcRef {
    /// An Oracle error number (predefined exceptions, PRAGMA EXCEPTION_INIT).
    Code(u32),
    /// A user-declared exception without EXCEPTION_INIT: its unique id.
    User(u32),
}

/// What a call calls.
#[derive(Debug)]
pub enum Callee {
    /// A built-in package subprogram.
    Native(Native),
    /// A local or stored subprogram, compiled (late-bound so recursion works).
    Unit(Rc<RefCell<Option<Rc<Unit>>>>),
    /// A stored subprogram looked up in the catalog when called.
    Stored(String),
    /// RAISE_APPLICATION_ERROR(num, msg [, keep]).
    RaiseApplicationError,
    /// `coll.DELETE[(i [, j])]`.
    CollDelete(usize),
    /// `coll.EXTEND[(n [, i])]`, `coll.TRIM[(n)]` of a nested table or varray.
    Coll(usize, CollOp),
    /// A public subprogram of a user package, run on the calling session's instance.
    Package(Rc<PackageRef>),
    /// [`Callee::CollDelete`] / [`Callee::Coll`] of a public collection of a user package:
    /// the inner callee's slot is the instance frame's.
    PackageColl(Rc<PackageRef>, Box<Callee>),
}

/// One actual argument, in formal order.
#[derive(Debug)]
pub enum ArgIr {
    /// An IN value, converted to the formal's type when passed.
    In(PExpr, SqlType),
    /// An OUT / IN OUT target (IN OUT also reads it).
    Out(Target, ParamMode),
    /// A whole collection passed (IN, OUT or IN OUT).
    Coll(usize, ParamMode),
    /// A cursor variable passed (its cursor slot): the callee works on the same cursor.
    Cursor(usize, ParamMode),
}

impl ArgIr {
    /// An IN value of any type (RAISE_APPLICATION_ERROR, `coll.DELETE`).
    pub fn any(e: PExpr) -> ArgIr {
        ArgIr::In(e, SqlType::Varchar2(0))
    }
}

/// A resolved call.
#[derive(Debug)]
pub struct CallIr {
    /// The target.
    pub callee: Callee,
    /// Upper-case name for messages (`PUT_LINE`).
    pub name: String,
    /// Arguments in formal order, defaults filled.
    pub args: Vec<ArgIr>,
}

/// A compiled unit: anonymous block or subprogram.
#[derive(Debug)]
pub struct Unit {
    /// `"SCHEMA.NAME"` for stored units (ORA-06512 lines), None for anonymous blocks.
    pub owner_name: Option<String>,
    /// Line starts of the source text (byte offsets), for positions → line numbers.
    pub line_starts: Rc<Vec<usize>>,
    /// Number of scalar slots.
    pub n_vals: usize,
    /// Number of collection slots.
    pub n_colls: usize,
    /// Number of cursor slots.
    pub n_cursors: usize,
    /// Parameters: where each formal lives in the frame.
    pub params: Vec<ParamSlot>,
    /// A function's return type.
    pub returns: Option<SqlType>,
    /// The body.
    pub body: BlockIr,
    /// For a local subprogram: the slots it owns in its enclosing unit's frame (it runs on
    /// that frame, so it sees the enclosing block's variables).
    pub window: Option<Window>,
}

/// The slots a local subprogram owns in the frame it shares with its enclosing unit: saved
/// and cleared on each call and restored after, so recursion works.
#[derive(Debug, Clone)]
pub struct Window {
    /// Scalar slots.
    pub vals: std::ops::Range<usize>,
    /// Collection slots.
    pub colls: std::ops::Range<usize>,
    /// Cursor slots.
    pub cursors: std::ops::Range<usize>,
}

/// Where a formal parameter lives.
#[derive(Debug)]
pub enum ParamSlot {
    /// A scalar parameter.
    Scalar {
        /// Slot.
        slot: usize,
        /// Type.
        ty: SqlType,
        /// Mode.
        mode: ParamMode,
    },
    /// A collection parameter.
    Coll {
        /// Collection slot.
        slot: usize,
        /// Mode.
        mode: ParamMode,
    },
    /// A cursor variable parameter (its cursor slot).
    Cursor {
        /// Cursor slot.
        slot: usize,
        /// Mode.
        mode: ParamMode,
    },
}

/// A block: declarations' initialisations, statements, handlers.
#[derive(Debug, Default)]
pub struct BlockIr {
    /// Initialisations run on entry, in declaration order.
    pub inits: Vec<Init>,
    /// Statements.
    pub body: Vec<Stmt>,
    /// Handlers.
    pub handlers: Vec<HandlerIr>,
    /// Line of BEGIN (for errors raised by declarations).
    pub line: u32,
}

/// A declaration's run-time effect on block entry.
#[derive(Debug)]
pub enum Init {
    /// Set a scalar slot to its default (NULL if none).
    Scalar {
        /// Target.
        target: Target,
        /// Default.
        default: Option<PExpr>,
        /// Line (errors in defaults).
        line: u32,
    },
    /// Set record fields to NULL.
    Record {
        /// First slot.
        base: usize,
        /// Field count.
        len: usize,
    },
    /// Empty a collection (true: INDEX BY VARCHAR2).
    Coll(usize, bool),
    /// Close a cursor slot.
    Cursor(usize),
    /// A nested table or varray: atomically NULL, or its initial value.
    Dense {
        /// Collection slot.
        slot: usize,
        /// Its type.
        ttype: Rc<TableType>,
        /// The initial value.
        value: Option<CollValue>,
        /// Line (errors in the initial value).
        line: u32,
    },
}

/// `WHEN e OR f THEN stmts`.
#[derive(Debug)]
pub struct HandlerIr {
    /// The exceptions; empty means OTHERS.
    pub catches: Vec<ExcRef>,
    /// True for WHEN OTHERS.
    pub others: bool,
    /// Body.
    pub body: Vec<Stmt>,
}

/// A declared cursor.
#[derive(Debug)]
pub struct CursorDecl {
    /// Cursor slot.
    pub slot: usize,
    /// Parameter slots and types.
    pub params: Vec<(usize, SqlType, Option<PExpr>)>,
    /// The query.
    pub query: Rc<Query>,
    /// Names the query sees.
    pub names: Rc<SqlNames>,
    /// The row type.
    pub rtype: Rc<RecordType>,
}

/// The PL/SQL names an embedded SQL statement may refer to, bound when it runs.
#[derive(Debug, Default)]
pub struct SqlNames {
    /// (dotted upper-case path, slot or constant).
    pub entries: Vec<(Vec<String>, NameValue)>,
}

/// What a name in embedded SQL stands for.
#[derive(Debug, Clone)]
pub enum NameValue {
    /// A frame slot.
    Slot(usize),
    /// A constant (package constants).
    Const(Value),
    /// A collection slot and its type, for `TABLE(name)`.
    Coll(usize, Rc<TableType>),
}

/// Where a cursor FOR loop's rows come from.
#[derive(Debug)]
pub enum RowSource {
    /// An inline query.
    Query(Rc<Query>, Rc<SqlNames>),
    /// A declared cursor with its actual parameters.
    Cursor(Rc<CursorDecl>, Vec<PExpr>),
}

/// A statement, with the source line it starts on.
#[derive(Debug)]
pub struct Stmt {
    /// 1-based line in the unit's source (ORA-06512).
    pub line: u32,
    /// What it does.
    pub kind: StmtKind,
}

/// Statement kinds.
#[derive(Debug)]
pub enum StmtKind {
    /// NULL.
    Null,
    /// `target := value`.
    Assign(Target, PExpr),
    /// Copy a collection.
    AssignColl(usize, usize),
    /// Copy a record (`width` slots from `from`) into a record or a collection element.
    AssignRecord(Target, usize, usize),
    /// A procedure call.
    Call(CallIr),
    /// IF / ELSIF / ELSE.
    If(Vec<(PExpr, Vec<Stmt>)>, Option<Vec<Stmt>>),
    /// CASE statement: (condition, body) pairs; no ELSE → ORA-06592.
    Case(Vec<(PExpr, Vec<Stmt>)>, Option<Vec<Stmt>>),
    /// LOOP / WHILE (loop id for labels).
    Loop {
        /// Loop number.
        id: u32,
        /// WHILE condition.
        cond: Option<PExpr>,
        /// Body.
        body: Vec<Stmt>,
    },
    /// Numeric FOR.
    ForRange {
        /// Loop number.
        id: u32,
        /// Counter slot.
        slot: usize,
        /// Bounds.
        low: PExpr,
        /// Upper bound.
        high: PExpr,
        /// REVERSE.
        reverse: bool,
        /// Body.
        body: Vec<Stmt>,
    },
    /// Cursor FOR.
    ForCursor {
        /// Loop number.
        id: u32,
        /// Record base slot.
        base: usize,
        /// Record width.
        width: usize,
        /// Rows.
        source: RowSource,
        /// Body.
        body: Vec<Stmt>,
    },
    /// `EXIT [label] [WHEN c]` (None = innermost loop).
    Exit(Option<u32>, Option<PExpr>),
    /// `CONTINUE [label] [WHEN c]`.
    Continue(Option<u32>, Option<PExpr>),
    /// RAISE e / RAISE (re-raise).
    Raise(Option<ExcRef>),
    /// `RETURN [value]`.
    Return(Option<PExpr>),
    /// A nested block.
    Block(BlockIr),
    /// EXECUTE IMMEDIATE.
    ExecImmediate {
        /// SQL text.
        sql: PExpr,
        /// INTO targets.
        into: Vec<Target>,
        /// USING values.
        using: Vec<PExpr>,
    },
    /// SELECT INTO / BULK COLLECT INTO.
    SelectInto {
        /// The query.
        query: Rc<Query>,
        /// Names.
        names: Rc<SqlNames>,
        /// Targets.
        into: Vec<Target>,
        /// BULK COLLECT.
        bulk: bool,
    },
    /// Other embedded SQL (COMMIT, ROLLBACK, DML), with the names DML may bind.
    Sql(Rc<crate::sql::ast::Statement>, Rc<SqlNames>),
    /// OPEN c(args).
    Open(Rc<CursorDecl>, Vec<PExpr>),
    /// FETCH c INTO targets (bulk: into collections).
    Fetch(usize, Vec<Target>),
    /// CLOSE c.
    Close(usize),
    /// `coll := NULL | t(a, b, ...) | other` for a nested table or varray.
    CollAssign(usize, Rc<TableType>, CollValue),
    /// FORALL.
    Forall(Box<ForallIr>),
    /// OPEN cursor_variable FOR ...: (cursor slot, source).
    OpenFor(usize, OpenForIr),
    /// INSERT / UPDATE / DELETE ... RETURNING ... [BULK COLLECT] INTO targets.
    Returning {
        /// The statement (with its RETURNING clause).
        stmt: Rc<crate::sql::ast::Statement>,
        /// Names.
        names: Rc<SqlNames>,
        /// Targets.
        into: Vec<Target>,
        /// BULK COLLECT.
        bulk: bool,
    },
    /// `pkg.list := value`: the value is built in the caller's collection slot `scratch`,
    /// then moved into the instance's slot `slot`.
    PackageCollAssign {
        /// The package collection.
        r: Rc<PackageRef>,
        /// Its slot in the instance frame.
        slot: usize,
        /// A collection slot of the caller's frame.
        scratch: usize,
        /// Its type.
        ttype: Rc<TableType>,
        /// The value.
        value: super::collections::CollValue,
    },
    /// `local := pkg.rec` or `pkg.rec := local`, field by field.
    PackageRecord {
        /// The package record.
        r: Rc<PackageRef>,
        /// Its first slot in the instance frame.
        package_base: usize,
        /// The local record's first slot.
        local_base: usize,
        /// Fields.
        width: usize,
        /// Copies the local record into the package's.
        into_package: bool,
    },
}

/// What OPEN cursor_variable FOR opens.
#[derive(Debug)]
pub enum OpenForIr {
    /// A static query with the names it sees.
    Query(Rc<Query>, Rc<SqlNames>),
    /// A query text and its USING values.
    Text(PExpr, Vec<PExpr>),
}
