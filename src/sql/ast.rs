//! The abstract syntax tree of the SQL and PL/SQL the engine understands.
//!
//! The parser (`sql::parser`) builds it from text; `exec` and `plsql` walk it. Nodes that can
//! fail at run time (identifiers, function calls) carry `pos`, the byte offset of their first
//! character in the statement text, so errors can point at them the way SQL*Plus does.
//! Identifiers are stored normalised: unquoted names upper-cased, quoted names verbatim.

use crate::value::SqlType;

/// A byte offset into the statement text (0 = start).
pub type Pos = usize;

/// An identifier, normalised (`serial#` → `SERIAL#`; `"Mixed"` stays `Mixed`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ident {
    /// The normalised name.
    pub name: String,
    /// Position of the identifier in the statement.
    pub pos: Pos,
}

/// A possibly schema-qualified object name: `v$session`, `sys.dual`, `dbms_session.sleep`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectName {
    /// Parts, outermost first (`["SYS", "DUAL"]`).
    pub parts: Vec<Ident>,
}

impl ObjectName {
    /// The last part (the object itself).
    pub fn object(&self) -> &Ident {
        self.parts.last().expect("object names have at least one part")
    }
    /// The dotted, normalised name (`SYS.DUAL`).
    pub fn dotted(&self) -> String {
        self.parts.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(".")
    }
    /// Position of the first part.
    pub fn pos(&self) -> Pos {
        self.parts.first().map_or(0, |p| p.pos)
    }
}

/// One statement, SQL or PL/SQL, as sent in one call.
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    /// SELECT ... (with ORDER BY, FETCH FIRST, FOR UPDATE).
    Query(Box<Query>),
    /// `ALTER SYSTEM KILL | DISCONNECT SESSION '...' ...` and `ALTER SYSTEM CANCEL SQL '...'`.
    AlterSystem(AlterSystem),
    /// `ALTER SESSION SET name = value`.
    AlterSession {
        /// The parameter name.
        name: Ident,
        /// Its new value.
        value: Expr,
    },
    /// `CREATE USER name IDENTIFIED BY password`.
    CreateUser {
        /// User name.
        name: Ident,
        /// Password (case-sensitive, as in 11g+).
        password: String,
    },
    /// `ALTER USER name IDENTIFIED BY password`.
    AlterUser {
        /// User name.
        name: Ident,
        /// New password.
        password: String,
    },
    /// `DROP USER name [CASCADE]`.
    DropUser {
        /// User name.
        name: Ident,
        /// CASCADE given.
        cascade: bool,
    },
    /// `CREATE ROLE name`.
    CreateRole {
        /// Role name.
        name: Ident,
    },
    /// `DROP ROLE name`.
    DropRole {
        /// Role name.
        name: Ident,
    },
    /// `GRANT priv|role, ... TO grantee, ...`.
    Grant {
        /// Privileges and roles, as written (`CREATE SESSION`, `ALTER SYSTEM`, `DBA`).
        privileges: Vec<Privilege>,
        /// Who receives them.
        grantees: Vec<Ident>,
    },
    /// `REVOKE priv|role, ... FROM grantee, ...`.
    Revoke {
        /// Privileges and roles.
        privileges: Vec<Privilege>,
        /// From whom.
        grantees: Vec<Ident>,
    },
    /// `CREATE [OR REPLACE] PROCEDURE | FUNCTION name ... IS | AS block`: a stored subprogram.
    CreateSubprogram(Box<CreateSubprogram>),
    /// `DROP PROCEDURE | FUNCTION name`.
    DropSubprogram {
        /// The subprogram.
        name: ObjectName,
        /// FUNCTION (true) or PROCEDURE (false).
        function: bool,
    },
    /// `CALL name(args)` (SQL) — `EXEC name(args)` is sent as a block instead, as SQL*Plus does.
    Call(ProcCall),
    /// A PL/SQL anonymous block: `[DECLARE ...] BEGIN ... [EXCEPTION ...] END;`.
    Block(Box<Block>),
    /// `CREATE TABLE name (columns...)` or `CREATE TABLE name AS SELECT ...`.
    CreateTable(Box<CreateTable>),
    /// `DROP TABLE name [PURGE]`.
    DropTable {
        /// The table.
        name: ObjectName,
    },
    /// `TRUNCATE TABLE name`.
    TruncateTable {
        /// The table.
        name: ObjectName,
    },
    /// `INSERT INTO t [(cols)] VALUES (...) | SELECT ...`.
    Insert(Box<Insert>),
    /// `UPDATE t [alias] SET c = e, ... [WHERE ...]`.
    Update(Box<Update>),
    /// `DELETE [FROM] t [alias] [WHERE ...]`.
    Delete(Box<Delete>),
    /// `LOCK TABLE name IN mode MODE [NOWAIT]`.
    LockTable {
        /// The table.
        name: ObjectName,
        /// The mode words as written, upper-cased (`EXCLUSIVE`, `ROW EXCLUSIVE`, `SHARE`).
        mode: String,
        /// NOWAIT given.
        nowait: bool,
    },
    /// `COMMIT [WORK]`.
    Commit,
    /// `ROLLBACK [WORK] [TO [SAVEPOINT] name]`.
    Rollback {
        /// The savepoint, for ROLLBACK TO.
        to_savepoint: Option<Ident>,
    },
    /// `SAVEPOINT name`.
    Savepoint {
        /// The savepoint name.
        name: Ident,
    },
    /// CockroachDB: SHOW SESSIONS / QUERIES, CANCEL SESSION(S) / QUERY(IES), role options.
    Cockroach(Box<super::cockroach::CrdbStatement>),
    /// CockroachDB: SHOW / CANCEL / PAUSE / RESUME JOB(S), schedules.
    Jobs(Box<super::jobs::JobStatement>),
    /// CockroachDB: statements that run as jobs (BACKUP, RESTORE, IMPORT, CREATE STATISTICS, ...).
    JobKind(Box<super::job_kinds::JobKindStatement>),
    /// `CREATE [OR REPLACE] PACKAGE [BODY] name IS | AS ... END [name];`: a user package.
    CreatePackage(Box<CreatePackage>),
    /// `DROP PACKAGE [BODY] name`.
    DropPackage {
        /// The package.
        name: ObjectName,
        /// DROP PACKAGE BODY (the spec stays).
        body: bool,
    },
}

/// A privilege or role name in GRANT / REVOKE, upper-cased words joined by one space
/// (`CREATE SESSION`, `ALTER SYSTEM`, `SELECT ANY DICTIONARY`, `DBA`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Privilege {
    /// The words.
    pub name: String,
    /// Position.
    pub pos: Pos,
}

/// ALTER SYSTEM statements that end or interrupt sessions.
#[derive(Debug, Clone, PartialEq)]
pub enum AlterSystem {
    /// `ALTER SYSTEM KILL SESSION 'sid,serial#[,@inst]' [IMMEDIATE | NOREPLAY | FORCE] [TIMEOUT n]`.
    KillSession {
        /// The id string, unparsed (its format errors are ORA-00026, raised at execution).
        target: String,
        /// Position of the string literal.
        pos: Pos,
        /// IMMEDIATE given.
        immediate: bool,
        /// NOREPLAY given (implies IMMEDIATE).
        noreplay: bool,
    },
    /// `ALTER SYSTEM DISCONNECT SESSION 'sid,serial#' POST_TRANSACTION | IMMEDIATE | NOREPLAY`.
    DisconnectSession {
        /// The id string, unparsed.
        target: String,
        /// Position of the string literal.
        pos: Pos,
        /// POST_TRANSACTION given.
        post_transaction: bool,
        /// IMMEDIATE given.
        immediate: bool,
        /// NOREPLAY given.
        noreplay: bool,
    },
    /// `ALTER SYSTEM CANCEL SQL 'sid, serial#[, @inst][, sql_id]'`.
    CancelSql {
        /// The id string, unparsed.
        target: String,
        /// Position of the string literal.
        pos: Pos,
    },
}

/// `CREATE [OR REPLACE] PROCEDURE | FUNCTION`, with the source text kept for USER_SOURCE and
/// for line numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateSubprogram {
    /// OR REPLACE given.
    pub or_replace: bool,
    /// The subprogram.
    pub sub: Subprogram,
    /// The statement text, as sent.
    pub text: String,
}

/// A procedure or function: heading plus body block.
#[derive(Debug, Clone, PartialEq)]
pub struct Subprogram {
    /// Its name (possibly schema-qualified for stored ones).
    pub name: ObjectName,
    /// Parameters in order.
    pub params: Vec<Param>,
    /// `RETURN type` of a function; None for a procedure.
    pub returns: Option<PlType>,
    /// The body (its declarations are the ones between IS and BEGIN).
    pub body: Block,
    /// Position of PROCEDURE / FUNCTION.
    pub pos: Pos,
}

/// `CREATE [OR REPLACE] PACKAGE [BODY] name [AUTHID ...] IS | AS declarations [BEGIN init]
/// END [name];`, with the source text kept for USER_SOURCE and for line numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct CreatePackage {
    /// OR REPLACE given.
    pub or_replace: bool,
    /// PACKAGE BODY (false: the specification).
    pub body: bool,
    /// The package (possibly schema-qualified).
    pub name: ObjectName,
    /// Declarations: public ones in a spec (subprograms as headings), private ones and
    /// subprogram bodies in a body.
    pub declarations: Vec<Declaration>,
    /// A body's initialization section (`BEGIN ... [EXCEPTION ...]`), if any.
    pub init: Option<Block>,
    /// The statement text, as sent.
    pub text: String,
    /// Position of the PACKAGE keyword (USER_SOURCE starts there).
    pub pos: Pos,
}

/// Parameter passing modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamMode {
    /// IN (the default): read-only inside.
    In,
    /// OUT: starts NULL, copied back to the actual on success.
    Out,
    /// IN OUT: copied in and back.
    InOut,
}

/// `name [IN | OUT | IN OUT] [NOCOPY] type [:= | DEFAULT expr]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Parameter name.
    pub name: Ident,
    /// Mode.
    pub mode: ParamMode,
    /// Type.
    pub ty: PlType,
    /// Default value.
    pub default: Option<Expr>,
}

/// A procedure call: `DBMS_SESSION.SLEEP(5)`, `p(a => 1, 2)`.
#[derive(Debug, Clone, PartialEq)]
pub struct ProcCall {
    /// The called name.
    pub name: ObjectName,
    /// Arguments, positional or named.
    pub args: Vec<Arg>,
    /// Position of the name.
    pub pos: Pos,
}

/// One argument of a call.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// `name =>` if given.
    pub name: Option<Ident>,
    /// The value.
    pub value: Expr,
}

/// A PL/SQL block. Issue 2 needs only `BEGIN call; call; END;`; the declarations and the
/// exception section are here so the interpreter (issue 4) grows into them.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The DECLARE section, in order.
    pub declarations: Vec<Declaration>,
    /// The statements between BEGIN and EXCEPTION/END.
    pub body: Vec<PlStmt>,
    /// WHEN handlers.
    pub handlers: Vec<Handler>,
    /// Position of DECLARE or BEGIN.
    pub pos: Pos,
    /// `<<label>>` before it.
    pub label: Option<Ident>,
}

/// A declaration in a DECLARE section.
#[derive(Debug, Clone, PartialEq)]
pub enum Declaration {
    /// `name [CONSTANT] type [NOT NULL] [:= | DEFAULT expr];`
    Variable {
        /// Variable name.
        name: Ident,
        /// Declared type.
        ty: PlType,
        /// CONSTANT given.
        constant: bool,
        /// Initial value.
        default: Option<Expr>,
        /// NOT NULL given.
        not_null: bool,
    },
    /// `TYPE name IS TABLE OF elem INDEX BY key` / `TYPE name IS RECORD (fields)`.
    Type {
        /// Type name.
        name: Ident,
        /// What it is.
        def: TypeDef,
    },
    /// A local `PROCEDURE` / `FUNCTION` with its body.
    Subprogram(Box<Subprogram>),
    /// A subprogram heading without a body (package specifications, forward declarations);
    /// its `body` is empty.
    SubprogramSpec(Box<Subprogram>),
    /// `name EXCEPTION;`
    Exception {
        /// Exception name.
        name: Ident,
    },
    /// `PRAGMA EXCEPTION_INIT(name, -n);`
    ExceptionInit {
        /// Exception name.
        name: Ident,
        /// The (negative) error number.
        code: i64,
    },
    /// `CURSOR name [(params)] IS query;`
    Cursor {
        /// Cursor name.
        name: Ident,
        /// Parameters (name, type).
        params: Vec<(Ident, PlType)>,
        /// The query.
        query: Box<Query>,
    },
}

/// A user-declared PL/SQL type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeDef {
    /// `TABLE OF elem [INDEX BY PLS_INTEGER | BINARY_INTEGER | VARCHAR2(n)]`.
    Table {
        /// Element type.
        elem: PlType,
        /// The key type: None or a numeric type = integer keys; VARCHAR2 = string keys.
        index_by: Option<PlType>,
    },
    /// `RECORD (field type, ...)`.
    Record(Vec<(Ident, PlType)>),
    /// `VARRAY(limit) OF elem` / `VARYING ARRAY(limit) OF elem`.
    Varray {
        /// The maximum size.
        limit: u32,
        /// Element type.
        elem: PlType,
    },
    /// `REF CURSOR [RETURN type]` (the row type is not checked).
    RefCursor,
}

/// A PL/SQL type reference.
#[derive(Debug, Clone, PartialEq)]
pub enum PlType {
    /// A scalar SQL type, PLS_INTEGER and BINARY_INTEGER map to NUMBER.
    Scalar(SqlType),
    /// `x%TYPE` / `t.c%TYPE`.
    TypeOf(ObjectName),
    /// `t%ROWTYPE` / `cursor%ROWTYPE`.
    RowTypeOf(ObjectName),
    /// A named (user or package) type, e.g. `DBMS_UTILITY.NAME_ARRAY`.
    Named(ObjectName),
}

/// A PL/SQL statement.
#[derive(Debug, Clone, PartialEq)]
pub enum PlStmt {
    /// `NULL;`
    Null {
        /// Position.
        pos: Pos,
    },
    /// A procedure call statement.
    Call(ProcCall),
    /// `coll(index)[.field] := expr;`
    AssignElement {
        /// The collection variable.
        target: ObjectName,
        /// The index.
        index: Expr,
        /// A record field of the element.
        field: Option<Ident>,
        /// The value.
        value: Expr,
        /// Position.
        pos: Pos,
    },
    /// `CASE [operand] WHEN x THEN stmts ... [ELSE stmts] END CASE;`
    Case {
        /// The operand of a simple CASE.
        operand: Option<Expr>,
        /// WHEN branches.
        whens: Vec<(Expr, Vec<PlStmt>)>,
        /// ELSE statements (none: ORA-06592 when nothing matches).
        else_: Option<Vec<PlStmt>>,
        /// Position.
        pos: Pos,
    },
    /// `target := expr;`
    Assign {
        /// The assigned variable (possibly `rec.field`).
        target: ObjectName,
        /// The value.
        value: Expr,
        /// Position.
        pos: Pos,
    },
    /// A nested block.
    Block(Box<Block>),
    /// `IF c THEN ... [ELSIF c THEN ...] [ELSE ...] END IF;`
    If {
        /// (condition, statements) pairs, IF then ELSIFs.
        branches: Vec<(Expr, Vec<PlStmt>)>,
        /// ELSE statements.
        else_: Option<Vec<PlStmt>>,
        /// Position.
        pos: Pos,
    },
    /// `LOOP ... END LOOP;`, `WHILE c LOOP ... END LOOP;`
    Loop {
        /// WHILE condition, if any.
        while_: Option<Expr>,
        /// Body.
        body: Vec<PlStmt>,
        /// Position.
        pos: Pos,
        /// `<<label>>` before the loop.
        label: Option<Ident>,
    },
    /// `FOR i IN [REVERSE] a..b LOOP ... END LOOP;`
    ForRange {
        /// Loop variable.
        var: Ident,
        /// REVERSE given.
        reverse: bool,
        /// Lower bound.
        low: Expr,
        /// Upper bound.
        high: Expr,
        /// Body.
        body: Vec<PlStmt>,
        /// Position.
        pos: Pos,
        /// `<<label>>` before the loop.
        label: Option<Ident>,
    },
    /// `FOR r IN (query) | cursor[(args)] LOOP ... END LOOP;`
    ForCursor {
        /// Record variable.
        var: Ident,
        /// The rows.
        source: CursorSource,
        /// Body.
        body: Vec<PlStmt>,
        /// Position.
        pos: Pos,
        /// `<<label>>` before the loop.
        label: Option<Ident>,
    },
    /// `EXIT [label] [WHEN c];`
    Exit {
        /// The loop named, if any.
        label: Option<Ident>,
        /// Condition.
        when: Option<Expr>,
        /// Position.
        pos: Pos,
    },
    /// `CONTINUE [label] [WHEN c];`
    Continue {
        /// The loop named, if any.
        label: Option<Ident>,
        /// Condition.
        when: Option<Expr>,
        /// Position.
        pos: Pos,
    },
    /// `RAISE [name];`
    Raise {
        /// The exception, or None to re-raise in a handler.
        name: Option<ObjectName>,
        /// Position.
        pos: Pos,
    },
    /// `RETURN [expr];`
    Return {
        /// The value.
        value: Option<Expr>,
        /// Position.
        pos: Pos,
    },
    /// `EXECUTE IMMEDIATE expr [INTO vars] [USING args];`
    ExecuteImmediate {
        /// The SQL text expression.
        sql: Expr,
        /// INTO targets.
        into: Vec<ObjectName>,
        /// USING bind values.
        using: Vec<Expr>,
        /// Position.
        pos: Pos,
    },
    /// `SELECT ... INTO vars FROM ...;`
    SelectInto {
        /// The query.
        query: Box<Query>,
        /// Targets.
        into: Vec<ObjectName>,
        /// BULK COLLECT given.
        bulk: bool,
        /// Position.
        pos: Pos,
    },
    /// An embedded SQL statement (DML, COMMIT, ROLLBACK, SAVEPOINT).
    Sql {
        /// The statement.
        stmt: Box<Statement>,
        /// Position.
        pos: Pos,
    },
    /// `OPEN c[(args)]; FETCH c INTO ...; CLOSE c;`
    Open {
        /// Cursor.
        cursor: Ident,
        /// Arguments.
        args: Vec<Expr>,
        /// Position.
        pos: Pos,
    },
    /// `FETCH c [BULK COLLECT] INTO targets;`
    Fetch {
        /// Cursor.
        cursor: Ident,
        /// Targets.
        into: Vec<ObjectName>,
        /// Position.
        pos: Pos,
    },
    /// `CLOSE c;`
    Close {
        /// Cursor.
        cursor: Ident,
        /// Position.
        pos: Pos,
    },
    /// `OPEN cursor_variable FOR query` / `OPEN cv FOR text_expr [USING [IN] expr, ...]`.
    OpenFor {
        /// The cursor variable (a host bind is named `:NAME`).
        cursor: Ident,
        /// The source: a query, or the text of one.
        source: OpenForSource,
        /// USING values of a dynamic text.
        using: Vec<Expr>,
        /// Position.
        pos: Pos,
    },
    /// `FORALL i IN bounds [SAVE EXCEPTIONS] dml;`
    Forall {
        /// The index name (declared by the statement).
        index: Ident,
        /// Which index values, in which order.
        bounds: ForallBounds,
        /// SAVE EXCEPTIONS given.
        save_exceptions: bool,
        /// The INSERT, UPDATE or DELETE.
        stmt: Box<Statement>,
        /// Position.
        pos: Pos,
    },
}

/// The bounds clause of FORALL.
#[derive(Debug, Clone, PartialEq)]
pub enum ForallBounds {
    /// `lo .. hi`.
    Range(Expr, Expr),
    /// `INDICES OF coll [BETWEEN lo AND hi]`.
    Indices(Ident, Option<(Expr, Expr)>),
    /// `VALUES OF coll`.
    Values(Ident),
}

/// Where a cursor FOR loop's rows come from.
#[derive(Debug, Clone, PartialEq)]
pub enum CursorSource {
    /// `(SELECT ...)`.
    Query(Box<Query>),
    /// A declared cursor with arguments.
    Cursor(Ident, Vec<Expr>),
}

/// `WHEN a OR b THEN stmts`.
#[derive(Debug, Clone, PartialEq)]
pub struct Handler {
    /// Exception names; `OTHERS` is the name `OTHERS`.
    pub exceptions: Vec<ObjectName>,
    /// Handler body.
    pub body: Vec<PlStmt>,
}

/// A query: a SELECT (or set operation) plus ORDER BY / FETCH FIRST / FOR UPDATE.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// The query body.
    pub body: QueryBody,
    /// ORDER BY items.
    pub order_by: Vec<OrderItem>,
    /// `FETCH FIRST n ROWS ONLY`.
    pub fetch_first: Option<Expr>,
    /// `FOR UPDATE [OF ...] [NOWAIT | WAIT n | SKIP LOCKED]`.
    pub for_update: Option<ForUpdate>,
}

/// A SELECT block or a set operation of two bodies.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryBody {
    /// One SELECT.
    Select(Box<Select>),
    /// `left UNION [ALL] | INTERSECT | MINUS right`.
    SetOp {
        /// The operator.
        op: SetOperator,
        /// Left input.
        left: Box<QueryBody>,
        /// Right input.
        right: Box<QueryBody>,
    },
    /// A parenthesised query used as a body.
    Nested(Box<Query>),
}

/// Set operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetOperator {
    /// UNION (distinct).
    Union,
    /// UNION ALL.
    UnionAll,
    /// INTERSECT.
    Intersect,
    /// MINUS.
    Minus,
}

/// `SELECT [DISTINCT] items FROM from [WHERE] [GROUP BY] [HAVING]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Select {
    /// DISTINCT given.
    pub distinct: bool,
    /// The select list.
    pub items: Vec<SelectItem>,
    /// FROM entries (comma-separated; each may be a join tree).
    pub from: Vec<TableRef>,
    /// WHERE condition.
    pub where_: Option<Expr>,
    /// GROUP BY expressions.
    pub group_by: Vec<Expr>,
    /// HAVING condition.
    pub having: Option<Expr>,
    /// Position of SELECT.
    pub pos: Pos,
}

/// One item of a select list.
#[derive(Debug, Clone, PartialEq)]
pub enum SelectItem {
    /// `*`.
    Wildcard {
        /// Position.
        pos: Pos,
    },
    /// `t.*`.
    QualifiedWildcard {
        /// The qualifier.
        qualifier: Ident,
    },
    /// `expr [[AS] alias]`.
    Expr {
        /// The expression.
        expr: Expr,
        /// The alias.
        alias: Option<Ident>,
        /// The expression's source text, upper-cased outside quotes, as SQL*Plus shows it as
        /// a column heading when there is no alias (`COUNT(*)`, `SID||','||SERIAL#`).
        text: String,
    },
}

/// An entry of FROM.
#[derive(Debug, Clone, PartialEq)]
pub enum TableRef {
    /// A table or view, possibly `[SHOW ...]`-like in later issues.
    Named {
        /// The object.
        name: ObjectName,
        /// Its alias.
        alias: Option<Ident>,
    },
    /// `(SELECT ...) [alias]`.
    Subquery {
        /// The query.
        query: Box<Query>,
        /// Its alias.
        alias: Option<Ident>,
    },
    /// `left [INNER | LEFT [OUTER] | RIGHT [OUTER] | FULL [OUTER] | CROSS] JOIN right [ON cond]`.
    Join {
        /// The join kind.
        kind: JoinKind,
        /// Left side.
        left: Box<TableRef>,
        /// Right side.
        right: Box<TableRef>,
        /// The ON condition (None for CROSS JOIN).
        on: Option<Expr>,
    },
    /// A statement that waits before its rows are read (`[SHOW JOBS WHEN COMPLETE ...]`): the
    /// planner has the statement wait, then reads `query`, its rewrite.
    Awaiting {
        /// The statement (its wait).
        stmt: Box<crate::sql::jobs::JobStatement>,
        /// Its rows.
        query: Box<Query>,
    },
    /// `TABLE(collection) [alias]`: a PL/SQL nested table, varray or integer-keyed associative
    /// array read as rows (scalar elements as the one column COLUMN_VALUE).
    Collection {
        /// The collection expression (a PL/SQL name).
        expr: Expr,
        /// Its alias.
        alias: Option<Ident>,
    },
}

/// Join kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinKind {
    /// INNER JOIN / JOIN.
    Inner,
    /// `LEFT [OUTER] JOIN`.
    Left,
    /// `RIGHT [OUTER] JOIN`.
    Right,
    /// `FULL [OUTER] JOIN`.
    Full,
    /// CROSS JOIN.
    Cross,
}

/// `expr [ASC | DESC] [NULLS FIRST | NULLS LAST]`; an integer literal means a select-list position.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderItem {
    /// The expression.
    pub expr: Expr,
    /// DESC given.
    pub desc: bool,
    /// NULLS FIRST (Some(true)) / NULLS LAST (Some(false)); None = Oracle's default
    /// (NULLs last for ASC, first for DESC).
    pub nulls_first: Option<bool>,
}

/// `FOR UPDATE` options.
#[derive(Debug, Clone, PartialEq)]
pub struct ForUpdate {
    /// How to wait for locked rows.
    pub wait: LockWait,
}

/// How a lock request waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockWait {
    /// Wait as long as needed.
    Forever,
    /// NOWAIT: ORA-00054 at once.
    NoWait,
    /// WAIT n seconds, then ORA-30006.
    Seconds(u32),
    /// SKIP LOCKED.
    SkipLocked,
}

/// `CREATE TABLE`.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateTable {
    /// The table name.
    pub name: ObjectName,
    /// Column definitions (empty for CTAS without a column list).
    pub columns: Vec<ColumnDef>,
    /// Table-level constraints.
    pub constraints: Vec<TableConstraint>,
    /// `AS SELECT ...`.
    pub as_query: Option<Box<Query>>,
}

/// A column definition.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnDef {
    /// Column name.
    pub name: Ident,
    /// Type.
    pub ty: SqlType,
    /// NOT NULL given.
    pub not_null: bool,
    /// PRIMARY KEY given inline.
    pub primary_key: bool,
    /// UNIQUE given inline.
    pub unique: bool,
    /// DEFAULT expr.
    pub default: Option<Expr>,
}

/// A table-level constraint.
#[derive(Debug, Clone, PartialEq)]
pub enum TableConstraint {
    /// `[CONSTRAINT name] PRIMARY KEY (cols)`.
    PrimaryKey {
        /// Constraint name.
        name: Option<Ident>,
        /// Columns.
        columns: Vec<Ident>,
    },
    /// `[CONSTRAINT name] UNIQUE (cols)`.
    Unique {
        /// Constraint name.
        name: Option<Ident>,
        /// Columns.
        columns: Vec<Ident>,
    },
}

/// `INSERT`.
#[derive(Debug, Clone, PartialEq)]
pub struct Insert {
    /// Target table.
    pub table: ObjectName,
    /// Column list.
    pub columns: Vec<Ident>,
    /// Values source.
    pub source: InsertSource,
    /// `RETURNING ... INTO ...` (VALUES only).
    pub returning: Option<Returning>,
}

/// Where inserted rows come from.
#[derive(Debug, Clone, PartialEq)]
pub enum InsertSource {
    /// `VALUES (...)`.
    Values(Vec<Expr>),
    /// `SELECT ...`.
    Query(Box<Query>),
}

/// `UPDATE`.
#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    /// Target table.
    pub table: ObjectName,
    /// Alias.
    pub alias: Option<Ident>,
    /// `col = expr` pairs.
    pub assignments: Vec<(Ident, Expr)>,
    /// WHERE condition.
    pub where_: Option<Expr>,
    /// `RETURNING ... INTO ...`.
    pub returning: Option<Returning>,
}

/// `DELETE`.
#[derive(Debug, Clone, PartialEq)]
pub struct Delete {
    /// Target table.
    pub table: ObjectName,
    /// Alias.
    pub alias: Option<Ident>,
    /// WHERE condition.
    pub where_: Option<Expr>,
    /// `RETURNING ... INTO ...`.
    pub returning: Option<Returning>,
}

/// A literal.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// NULL.
    Null,
    /// A number literal, kept as written (parsed with [`crate::value::parse_number`]).
    Number(String),
    /// A string literal with quotes undone (`'it''s'` → `it's`; `q'[..]'` too).
    String(String),
    /// TRUE / FALSE (PL/SQL only).
    Bool(bool),
    /// `DATE 'YYYY-MM-DD'`.
    Date(String),
    /// `TIMESTAMP '...'`.
    Timestamp(String),
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-x`.
    Neg,
    /// `+x`.
    Plus,
    /// `NOT x`.
    Not,
}

/// Binary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `||`
    Concat,
    /// `=`
    Eq,
    /// `<>`, `!=`, `^=`
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    LtEq,
    /// `>`
    Gt,
    /// `>=`
    GtEq,
    /// `AND`
    And,
    /// `OR`
    Or,
}

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A literal.
    Literal(Literal),
    /// A column or variable reference: `sid`, `s.sid`, `r.serial#`, `pkg.constant`.
    Column(ObjectName),
    /// `:name` bind variable (EXECUTE IMMEDIATE ... USING, SQL*Plus VARIABLE).
    Bind(Ident),
    /// `op expr`.
    Unary {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        expr: Box<Expr>,
    },
    /// `left op right`.
    Binary {
        /// The operator.
        op: BinaryOp,
        /// Left operand.
        left: Box<Expr>,
        /// Right operand.
        right: Box<Expr>,
    },
    /// `expr IS [NOT] NULL`.
    IsNull {
        /// The operand.
        expr: Box<Expr>,
        /// IS NOT NULL.
        negated: bool,
    },
    /// `expr [NOT] IN (list)`.
    InList {
        /// The operand.
        expr: Box<Expr>,
        /// The list.
        list: Vec<Expr>,
        /// NOT IN.
        negated: bool,
    },
    /// `expr [NOT] IN (subquery)`.
    InSubquery {
        /// The operand.
        expr: Box<Expr>,
        /// The subquery.
        query: Box<Query>,
        /// NOT IN.
        negated: bool,
    },
    /// `[NOT] EXISTS (subquery)`.
    Exists {
        /// The subquery.
        query: Box<Query>,
        /// NOT EXISTS.
        negated: bool,
    },
    /// `expr [NOT] BETWEEN low AND high`.
    Between {
        /// The operand.
        expr: Box<Expr>,
        /// Lower bound.
        low: Box<Expr>,
        /// Upper bound.
        high: Box<Expr>,
        /// NOT BETWEEN.
        negated: bool,
    },
    /// `expr [NOT] LIKE pattern [ESCAPE c]`.
    Like {
        /// The operand.
        expr: Box<Expr>,
        /// The pattern.
        pattern: Box<Expr>,
        /// The escape character.
        escape: Option<Box<Expr>>,
        /// NOT LIKE.
        negated: bool,
    },
    /// `CASE [operand] WHEN .. THEN .. [ELSE ..] END`.
    Case {
        /// The operand of a simple CASE.
        operand: Option<Box<Expr>>,
        /// WHEN/THEN pairs.
        whens: Vec<(Expr, Expr)>,
        /// ELSE.
        else_: Option<Box<Expr>>,
    },
    /// A function call: `NVL(a, b)`, `COUNT(*)`, `COUNT(DISTINCT x)`, `pkg.f(x)`,
    /// `SYS_CONTEXT('USERENV','SID')`. Niladic built-ins written without parentheses
    /// (`SYSDATE`, `SYSTIMESTAMP`, `USER`, `ROWNUM`) are parsed as `Column` and resolved by exec.
    Function {
        /// The function name.
        name: ObjectName,
        /// Arguments.
        args: Vec<Arg>,
        /// `COUNT(*)`.
        star: bool,
        /// `DISTINCT` inside the parentheses.
        distinct: bool,
    },
    /// `(SELECT ...)` used as a value.
    Subquery(Box<Query>),
    /// `coll(i).field`: a field of a record element of a collection (PL/SQL).
    Field {
        /// The element (`coll(i)`, a function call in form).
        base: Box<Expr>,
        /// The field.
        field: Ident,
    },
    /// `cursor%FOUND`, `SQL%ROWCOUNT`, ...: a cursor attribute (PL/SQL).
    CursorAttr {
        /// `SQL` or a cursor name.
        cursor: Ident,
        /// FOUND, NOTFOUND, ROWCOUNT, ISOPEN.
        attr: String,
    },
}

/// `RETURN[ING] expr, ... [BULK COLLECT] INTO target, ...` of INSERT / UPDATE / DELETE: the
/// values of the rows the statement changed (new values; a DELETE's old ones).
#[derive(Debug, Clone, PartialEq)]
pub struct Returning {
    /// The expressions, over the table's columns.
    pub exprs: Vec<Expr>,
    /// The targets: PL/SQL variables, collections (BULK COLLECT) or host binds (`:NAME`).
    pub into: Vec<ObjectName>,
    /// BULK COLLECT: every row into collections; otherwise at most one row.
    pub bulk: bool,
}

/// What `OPEN cv FOR` opens.
#[derive(Debug, Clone, PartialEq)]
pub enum OpenForSource {
    /// A static query.
    Query(Box<Query>),
    /// An expression giving a query's text (dynamic SQL).
    Text(Expr),
}
