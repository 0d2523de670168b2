//! PL/SQL anonymous blocks: declarations, statements, exception handlers, and the ORA-06550 /
//! PLS-00103 form that syntax errors inside a block take.

use super::query::IntoClause;
use super::{Parser, R, is_reserved, single};
use crate::error::{
    INVALID_IDENTIFIER, MISSING_KEYWORD, MISSING_LEFT_PAREN, MISSING_RIGHT_PAREN, OraError,
    PLSQL_COMPILE_ERROR, UNIMPLEMENTED_FEATURE,
};
use crate::sql::ast::Block as AstBlock;
use crate::sql::ast::{
    Block, CursorSource, Declaration, Expr, Handler, Ident, ObjectName, Param, ParamMode, PlStmt,
    PlType, Pos, ProcCall, Statement, Subprogram, TypeDef,
};
use crate::sql::lexer::Tok;

/// Words that end a statement list.
const LIST_END: &[&str] = &["END", "EXCEPTION", "ELSIF", "ELSE", "WHEN"];

/// What PLS-00103 lists when a statement was expected.
const EXPECTING_STATEMENT: &str = "( begin case declare exit for goto if loop mod null pragma \
     raise return select update while with <an identifier> \
     <a double-quoted delimited-identifier> <a bind variable> << continue close current \
     delete fetch lock insert open rollback savepoint set sql execute commit forall merge";

/// What PLS-00103 lists when a declaration was expected.
const EXPECTING_DECLARATION: &str = "begin function pragma procedure subtype type <an identifier> \
     <a double-quoted delimited-identifier> current cursor delete exists prior";

impl Parser<'_> {
    /// True if the statement is a PL/SQL block (DECLARE, BEGIN, or a `<<label>>`).
    pub(super) fn starts_block(&self) -> bool {
        self.is_any_kw(&["DECLARE", "BEGIN"]) || self.is_sym("<<")
    }

    /// The whole text as one block, nothing after its `END;`.
    pub(super) fn top_block(&mut self) -> R<Statement> {
        let block = self.block()?;
        if self.peek().tok != Tok::Eof {
            return Err(self.err_expecting(MISSING_KEYWORD, "end-of-file"));
        }
        Ok(Statement::Block(Box::new(block)))
    }

    /// Rewrites a syntax error found inside a block the way Oracle reports it: ORA-06550 with
    /// `line L, column C:` and a PLS-00103 naming the symbol found and what was expected.
    pub(super) fn to_pls(&self, e: OraError) -> OraError {
        if e.is(UNIMPLEMENTED_FEATURE) || e.is(PLSQL_COMPILE_ERROR) {
            return e;
        }
        let pos = e.pos.unwrap_or(self.src.len());
        let tok =
            self.toks.iter().find(|t| t.pos >= pos).unwrap_or(&self.toks[self.toks.len() - 1]);
        let symbol = match &tok.tok {
            Tok::Eof => "end-of-file",
            Tok::Word(w) => w,
            _ => &self.src[tok.pos..tok.end],
        };
        let expected = if self.expected.is_empty() { EXPECTING_STATEMENT } else { self.expected };
        self.pls_error(
            tok.pos,
            &format!(
                "PLS-00103: Encountered the symbol \"{symbol}\" when expecting one of the \
                 following:\n\n{}",
                wrap_symbols(expected)
            ),
        )
    }

    /// ORA-06550 `line L, column C:` (1-based, in characters) followed by `message`.
    fn pls_error(&self, pos: Pos, message: &str) -> OraError {
        let before = &self.src[..pos.min(self.src.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        OraError::with_text(
            PLSQL_COMPILE_ERROR,
            format!("line {line}, column {column}:\n{message}"),
        )
        .at(pos)
    }

    /// `<<label>>`s; the last one names the statement that follows.
    fn labels(&mut self) -> R<Option<Ident>> {
        let mut label = None;
        while self.eat_sym("<<") {
            label = Some(self.ident(INVALID_IDENTIFIER)?);
            self.expect_sym(">>", MISSING_KEYWORD)?;
        }
        Ok(label)
    }

    /// An optional label after END / END LOOP.
    pub(super) fn end_label(&mut self) {
        if matches!(&self.peek().tok, Tok::Word(w) if !is_reserved(w)) {
            self.advance();
        }
    }

    /// `[<<label>>] [DECLARE decls] BEGIN stmts [EXCEPTION handlers] END [label];`
    fn block(&mut self) -> R<Block> {
        self.nested(|p| {
            let label = p.labels()?;
            let pos = p.pos();
            let declarations = if p.eat_kw("DECLARE") { p.declarations()? } else { vec![] };
            let mut block = p.block_body(pos)?;
            block.declarations = declarations;
            block.label = label;
            Ok(block)
        })
    }

    /// `BEGIN stmts [EXCEPTION handlers] END [label];` (declarations left empty).
    fn block_body(&mut self, pos: Pos) -> R<Block> {
        self.expect_kw("BEGIN", MISSING_KEYWORD)?;
        let body = self.statements()?;
        let handlers = if self.eat_kw("EXCEPTION") { self.handlers()? } else { vec![] };
        self.expect_kw("END", MISSING_KEYWORD)?;
        self.end_label();
        self.expect_sym(";", MISSING_KEYWORD)?;
        Ok(Block { declarations: vec![], body, handlers, pos, label: None })
    }

    /// `PROCEDURE name [(params)] IS|AS decls block` or `FUNCTION name [(params)] RETURN type
    /// IS|AS ...` (the keyword is next). A local one ends with its block's `;`.
    pub(super) fn subprogram(&mut self) -> R<Subprogram> {
        let mut sub = self.subprogram_heading()?;
        if !self.eat_kw("IS") {
            self.expect_kw("AS", MISSING_KEYWORD)?;
        }
        let declarations = self.declarations()?;
        let body_pos = self.pos();
        sub.body = self.nested(|p| p.block_body(body_pos))?;
        sub.body.declarations = declarations;
        Ok(sub)
    }

    /// `PROCEDURE name [(params)]` / `FUNCTION name [(params)] RETURN type`, body left empty.
    fn subprogram_heading(&mut self) -> R<Subprogram> {
        self.nested(|p| {
            let pos = p.pos();
            let function = p.is_kw("FUNCTION");
            p.advance();
            let name = p.object_name(INVALID_IDENTIFIER)?;
            let params = if p.is_sym("(") { p.paren_list(Self::param)? } else { vec![] };
            let returns = if function {
                p.expect_kw("RETURN", MISSING_KEYWORD)?;
                Some(p.pl_type(true)?)
            } else {
                None
            };
            let body =
                AstBlock { declarations: vec![], body: vec![], handlers: vec![], pos, label: None };
            Ok(Subprogram { name, params, returns, body, pos })
        })
    }

    /// `name [IN] [OUT] [NOCOPY] type [:= | DEFAULT expr]`.
    fn param(&mut self) -> R<Param> {
        let name = self.ident(INVALID_IDENTIFIER)?;
        let input = self.eat_kw("IN");
        let output = self.eat_kw("OUT");
        self.eat_kw("NOCOPY");
        let mode = match (input, output) {
            (_, false) => ParamMode::In,
            (false, true) => ParamMode::Out,
            (true, true) => ParamMode::InOut,
        };
        let ty = self.pl_type(true)?;
        let default = self.initial_value()?;
        Ok(Param { name, mode, ty, default })
    }

    /// Declarations up to BEGIN, each ending with `;` (a local subprogram ends with its block).
    pub(super) fn declarations(&mut self) -> R<Vec<Declaration>> {
        let mut out = Vec::new();
        while !self.is_kw("BEGIN") {
            if self.is_any_kw(&["PROCEDURE", "FUNCTION"]) {
                let save = self.i;
                let heading = self.subprogram_heading()?;
                if self.eat_sym(";") {
                    out.push(Declaration::SubprogramSpec(Box::new(heading)));
                } else {
                    self.i = save;
                    out.push(Declaration::Subprogram(Box::new(self.subprogram()?)));
                }
                continue;
            }
            if self.is_kw("END") && self.package_spec {
                return Ok(out);
            }
            out.push(self.declaration()?);
            self.expect_sym(";", MISSING_KEYWORD)?;
        }
        Ok(out)
    }

    /// After TYPE: `name IS TABLE OF elem [INDEX BY key]` or `name IS RECORD (fields)`.
    fn type_declaration(&mut self) -> R<Declaration> {
        let name = self.ident(INVALID_IDENTIFIER)?;
        self.expect_kw("IS", MISSING_KEYWORD)?;
        if self.eat_kw("REF") {
            return self.ref_cursor_type(name);
        }
        if self.eat_kw("RECORD") {
            let fields = self.paren_list(|p| {
                let field = p.ident(INVALID_IDENTIFIER)?;
                let ty = p.pl_type(false)?;
                if p.eat_kw("NOT") {
                    p.expect_kw("NULL", MISSING_KEYWORD)?;
                }
                p.initial_value()?;
                Ok((field, ty))
            })?;
            return Ok(Declaration::Type { name, def: TypeDef::Record(fields) });
        }
        if let Some(varray) = self.varray_type(&name)? {
            return Ok(varray);
        }
        self.expect_kw("TABLE", MISSING_KEYWORD)?;
        self.expect_kw("OF", MISSING_KEYWORD)?;
        let elem = self.pl_type(false)?;
        if self.eat_kw("NOT") {
            self.expect_kw("NULL", MISSING_KEYWORD)?;
        }
        let index_by = if self.eat_kw("INDEX") {
            self.expect_kw("BY", MISSING_KEYWORD)?;
            Some(self.pl_type(false)?)
        } else {
            None
        };
        Ok(Declaration::Type { name, def: TypeDef::Table { elem, index_by } })
    }

    /// One declaration, without its `;`.
    fn declaration(&mut self) -> R<Declaration> {
        if self.eat_kw("PRAGMA") {
            self.expect_kw("EXCEPTION_INIT", MISSING_KEYWORD)?;
            self.expect_sym("(", MISSING_KEYWORD)?;
            let name = self.ident(INVALID_IDENTIFIER)?;
            self.expect_sym(",", MISSING_KEYWORD)?;
            let code = self.signed(MISSING_KEYWORD)?;
            self.expect_sym(")", MISSING_RIGHT_PAREN)?;
            return Ok(Declaration::ExceptionInit { name, code });
        }
        if self.eat_kw("CURSOR") {
            return self.cursor_declaration();
        }
        if self.eat_kw("TYPE") {
            return self.type_declaration();
        }
        // Package specs name constants after keywords (DBMS_SERVICE.IMMEDIATE).
        let spec_name =
            if self.package_spec && self.is_name_at(0) { self.any_ident() } else { None };
        let name = match spec_name {
            Some(n) => n,
            None => self.ident(INVALID_IDENTIFIER).inspect_err(|_| {
                self.expected = EXPECTING_DECLARATION;
            })?,
        };
        if self.eat_kw("EXCEPTION") {
            return Ok(Declaration::Exception { name });
        }
        let constant = self.eat_kw("CONSTANT");
        let ty_pos = self.pos();
        let ty = self.pl_type(false).map_err(|e| {
            if e.is(MISSING_LEFT_PAREN) {
                self.pls_error(
                    ty_pos,
                    "PLS-00215: String length constraints must be in range (1 .. 32767)",
                )
            } else {
                e
            }
        })?;
        let not_null = self.eat_kw("NOT");
        if not_null {
            self.expect_kw("NULL", MISSING_KEYWORD)?;
        }
        let default = self.initial_value()?;
        Ok(Declaration::Variable { name, ty, constant, default, not_null })
    }

    /// `[:= expr | DEFAULT expr]`.
    fn initial_value(&mut self) -> R<Option<Expr>> {
        if self.eat_sym(":=") || self.eat_kw("DEFAULT") { Ok(Some(self.expr()?)) } else { Ok(None) }
    }

    /// After CURSOR: `name [(param [IN] type [:= default], ...)] IS query`.
    fn cursor_declaration(&mut self) -> R<Declaration> {
        let name = self.ident(INVALID_IDENTIFIER)?;
        let params = if self.is_sym("(") {
            self.paren_list(|p| {
                let param = p.ident(INVALID_IDENTIFIER)?;
                p.eat_kw("IN");
                let ty = p.pl_type(true)?;
                p.initial_value()?;
                Ok((param, ty))
            })?
        } else {
            vec![]
        };
        self.expect_kw("IS", MISSING_KEYWORD)?;
        Ok(Declaration::Cursor { name, params, query: Box::new(self.query()?) })
    }

    /// A type: a scalar SQL type, `x%TYPE`, `t%ROWTYPE`, or a named type. Parameter types are
    /// `unconstrained` (`p VARCHAR2`), variable types are not.
    pub(super) fn pl_type(&mut self, unconstrained: bool) -> R<PlType> {
        if let Some(ty) = self.sql_type(unconstrained)? {
            return Ok(PlType::Scalar(ty));
        }
        let name = self.object_name(INVALID_IDENTIFIER)?;
        if !self.eat_sym("%") {
            return Ok(PlType::Named(name));
        }
        if self.eat_kw("TYPE") {
            return Ok(PlType::TypeOf(name));
        }
        self.expect_kw("ROWTYPE", MISSING_KEYWORD)?;
        Ok(PlType::RowTypeOf(name))
    }

    /// Statements up to END / EXCEPTION / ELSIF / ELSE / WHEN (at least one).
    pub(super) fn statements(&mut self) -> R<Vec<PlStmt>> {
        let mut out = Vec::new();
        loop {
            let label = self.labels()?;
            if !out.is_empty() && (self.is_any_kw(LIST_END) || self.peek().tok == Tok::Eof) {
                return Ok(out);
            }
            let mut stmt = self.nested(Self::pl_statement)?;
            attach_label(&mut stmt, label);
            out.push(stmt);
        }
    }

    /// One statement with its `;`.
    fn pl_statement(&mut self) -> R<PlStmt> {
        let pos = self.pos();
        if let Some(stmt) = self.bind_assignment(pos)? {
            self.expect_sym(";", MISSING_KEYWORD)?;
            return Ok(stmt);
        }
        let word = match &self.peek().tok {
            Tok::Word(w) => w.clone(),
            Tok::Quoted(_) => String::new(),
            _ => return Err(self.err_expecting(MISSING_KEYWORD, EXPECTING_STATEMENT)),
        };
        let stmt = match word.as_str() {
            "BEGIN" | "DECLARE" => return Ok(PlStmt::Block(Box::new(self.block()?))),
            "NULL" => {
                self.advance();
                PlStmt::Null { pos }
            }
            "IF" => self.if_statement(pos)?,
            "CASE" => self.case_statement(pos)?,
            "LOOP" | "WHILE" => self.loop_statement(pos)?,
            "FOR" => self.for_statement(pos)?,
            "EXIT" | "CONTINUE" => self.exit_or_continue(pos, word == "EXIT")?,
            "RAISE" => {
                self.advance();
                let name = if self.is_sym(";") { None } else { Some(self.pl_name()?) };
                PlStmt::Raise { name, pos }
            }
            "RETURN" => {
                self.advance();
                let value = if self.is_sym(";") { None } else { Some(self.expr()?) };
                PlStmt::Return { value, pos }
            }
            "EXECUTE" => self.execute_immediate(pos)?,
            "SELECT" => self.select_into(pos)?,
            "INSERT" | "UPDATE" | "DELETE" | "COMMIT" | "ROLLBACK" | "SAVEPOINT" | "LOCK" => {
                PlStmt::Sql { stmt: Box::new(self.statement()?), pos }
            }
            "OPEN" | "FETCH" | "CLOSE" => self.cursor_statement(&word, pos)?,
            "FORALL" => self.forall_statement(pos)?,
            _ if is_reserved(&word) || LIST_END.contains(&word.as_str()) => {
                return Err(self.err_expecting(MISSING_KEYWORD, EXPECTING_STATEMENT));
            }
            _ => self.call_or_assignment(pos)?,
        };
        self.expect_sym(";", MISSING_KEYWORD)?;
        Ok(stmt)
    }

    /// A dotted name where a statement expects one (`pkg.proc`, `r.field`, `e`).
    fn pl_name(&mut self) -> R<ObjectName> {
        self.object_name(INVALID_IDENTIFIER)
    }

    /// `target := expr`, `coll(i)[.field] := expr` or `name[(args)]`.
    fn call_or_assignment(&mut self, pos: Pos) -> R<PlStmt> {
        let name = self.pl_name()?;
        if self.eat_sym(":=") {
            return Ok(PlStmt::Assign { target: name, value: self.expr()?, pos });
        }
        let args = if self.eat_sym("(") { self.args_after_paren()? } else { vec![] };
        if args.len() == 1 && args[0].name.is_none() && (self.is_sym(":=") || self.is_sym(".")) {
            let field =
                if self.eat_sym(".") { Some(self.ident(INVALID_IDENTIFIER)?) } else { None };
            self.expect_sym(":=", MISSING_KEYWORD)?;
            let index = args.into_iter().next().map(|a| a.value).expect("one argument");
            return Ok(PlStmt::AssignElement {
                target: name,
                index,
                field,
                value: self.expr()?,
                pos,
            });
        }
        if !self.is_sym(";") {
            return Err(self.err_expecting(MISSING_KEYWORD, ":= . ( % ;"));
        }
        Ok(PlStmt::Call(ProcCall { name, args, pos }))
    }

    /// `IF c THEN stmts [ELSIF c THEN stmts]... [ELSE stmts] END IF`.
    fn if_statement(&mut self, pos: Pos) -> R<PlStmt> {
        self.advance();
        let mut branches = vec![self.condition_then()?];
        while self.eat_kw("ELSIF") {
            branches.push(self.condition_then()?);
        }
        let else_ = if self.eat_kw("ELSE") { Some(self.statements()?) } else { None };
        self.expect_kw("END", MISSING_KEYWORD)?;
        self.expect_kw("IF", MISSING_KEYWORD)?;
        Ok(PlStmt::If { branches, else_, pos })
    }

    /// `CASE [operand] WHEN x THEN stmts ... [ELSE stmts] END CASE`.
    fn case_statement(&mut self, pos: Pos) -> R<PlStmt> {
        self.advance();
        let operand = if self.is_kw("WHEN") { None } else { Some(self.expr()?) };
        let mut whens = Vec::new();
        while self.eat_kw("WHEN") {
            whens.push(self.condition_then()?);
        }
        if whens.is_empty() {
            return Err(self.err_expecting(MISSING_KEYWORD, "when"));
        }
        let else_ = if self.eat_kw("ELSE") { Some(self.statements()?) } else { None };
        self.expect_kw("END", MISSING_KEYWORD)?;
        self.expect_kw("CASE", MISSING_KEYWORD)?;
        self.end_label();
        Ok(PlStmt::Case { operand, whens, else_, pos })
    }

    /// `cond THEN stmts` of IF and ELSIF.
    fn condition_then(&mut self) -> R<(Expr, Vec<PlStmt>)> {
        let cond = self.expr()?;
        self.expect_kw("THEN", MISSING_KEYWORD)?;
        Ok((cond, self.statements()?))
    }

    /// `LOOP stmts END LOOP [label]` (the LOOP keyword is next).
    fn loop_body(&mut self) -> R<Vec<PlStmt>> {
        self.expect_kw("LOOP", MISSING_KEYWORD)?;
        let body = self.statements()?;
        self.expect_kw("END", MISSING_KEYWORD)?;
        self.expect_kw("LOOP", MISSING_KEYWORD)?;
        self.end_label();
        Ok(body)
    }

    /// `LOOP ... END LOOP` or `WHILE c LOOP ... END LOOP`.
    fn loop_statement(&mut self, pos: Pos) -> R<PlStmt> {
        let while_ = if self.eat_kw("WHILE") { Some(self.expr()?) } else { None };
        Ok(PlStmt::Loop { while_, body: self.loop_body()?, pos, label: None })
    }

    /// `FOR i IN [REVERSE] a..b LOOP`, `FOR r IN (query) LOOP`, `FOR r IN c[(args)] LOOP`.
    fn for_statement(&mut self, pos: Pos) -> R<PlStmt> {
        self.advance();
        let var = self.ident(INVALID_IDENTIFIER)?;
        self.expect_kw("IN", MISSING_KEYWORD)?;
        let reverse = self.eat_kw("REVERSE");
        let first_pos = self.pos();
        let first = self.expr()?;
        if self.eat_sym("..") {
            let high = self.expr()?;
            let body = self.loop_body()?;
            return Ok(PlStmt::ForRange { var, reverse, low: first, high, body, pos, label: None });
        }
        let source = match first {
            Expr::Subquery(query) => CursorSource::Query(query),
            Expr::Column(name) if name.parts.len() == 1 => {
                CursorSource::Cursor(single(name), vec![])
            }
            Expr::Function { name, args, star: false, distinct: false }
                if name.parts.len() == 1 =>
            {
                CursorSource::Cursor(single(name), args.into_iter().map(|a| a.value).collect())
            }
            _ => {
                self.expected = "..";
                return Err(crate::ora!(MISSING_KEYWORD).at(first_pos));
            }
        };
        Ok(PlStmt::ForCursor { var, source, body: self.loop_body()?, pos, label: None })
    }

    /// `EXIT [label] [WHEN c]` / `CONTINUE [label] [WHEN c]`.
    fn exit_or_continue(&mut self, pos: Pos, exit: bool) -> R<PlStmt> {
        self.advance();
        let label = match &self.peek().tok {
            Tok::Word(w) if !is_reserved(w) && w != "WHEN" => self.any_ident(),
            _ => None,
        };
        let when = if self.eat_kw("WHEN") { Some(self.expr()?) } else { None };
        Ok(if exit {
            PlStmt::Exit { label, when, pos }
        } else {
            PlStmt::Continue { label, when, pos }
        })
    }

    /// `EXECUTE IMMEDIATE expr [[BULK COLLECT] INTO targets] [USING [IN] expr, ...]`.
    fn execute_immediate(&mut self, pos: Pos) -> R<PlStmt> {
        self.advance();
        self.expect_kw("IMMEDIATE", MISSING_KEYWORD)?;
        let sql = self.expr()?;
        let mut into = IntoClause::default();
        self.read_into_clause(&mut into)?;
        let using = if self.eat_kw("USING") {
            self.comma_list(|p| {
                p.eat_kw("IN");
                p.expr()
            })?
        } else {
            vec![]
        };
        Ok(PlStmt::ExecuteImmediate { sql, into: into.targets, using, pos })
    }

    /// `SELECT items [BULK COLLECT] INTO targets FROM ...`; PLS-00428 without INTO.
    fn select_into(&mut self, pos: Pos) -> R<PlStmt> {
        let mut into = IntoClause::default();
        let query = Box::new(self.query_into(Some(&mut into))?);
        if into.targets.is_empty() {
            return Err(self
                .pls_error(pos, "PLS-00428: an INTO clause is expected in this SELECT statement"));
        }
        Ok(PlStmt::SelectInto { query, into: into.targets, bulk: into.bulk, pos })
    }

    /// `OPEN c[(args)]`, `FETCH c [BULK COLLECT] INTO targets`, `CLOSE c`.
    fn cursor_statement(&mut self, word: &str, pos: Pos) -> R<PlStmt> {
        self.advance();
        let cursor = self.cursor_name()?;
        match word {
            "OPEN" if self.is_kw("FOR") => self.open_for(cursor, pos),
            "OPEN" => {
                let args = if self.is_sym("(") { self.paren_list(Self::expr)? } else { vec![] };
                Ok(PlStmt::Open { cursor, args, pos })
            }
            "FETCH" => {
                let mut into = IntoClause::default();
                self.read_into_clause(&mut into)?;
                if into.targets.is_empty() {
                    return Err(self.err_expecting(MISSING_KEYWORD, "bulk into"));
                }
                Ok(PlStmt::Fetch { cursor, into: into.targets, pos })
            }
            _ => Ok(PlStmt::Close { cursor, pos }),
        }
    }

    /// `WHEN e [OR e]... THEN stmts`, at least one.
    pub(super) fn handlers(&mut self) -> R<Vec<Handler>> {
        let mut out = Vec::new();
        while self.eat_kw("WHEN") {
            let mut exceptions = vec![self.pl_name()?];
            while self.eat_kw("OR") {
                exceptions.push(self.pl_name()?);
            }
            self.expect_kw("THEN", MISSING_KEYWORD)?;
            out.push(Handler { exceptions, body: self.statements()? });
        }
        if out.is_empty() {
            return Err(self.err_expecting(MISSING_KEYWORD, "pragma when"));
        }
        Ok(out)
    }
}

/// Parses the declarations of a package specification: `CREATE [OR REPLACE] PACKAGE name
/// AS|IS declarations END [name];` (optionally followed by `/`). Returns the package name and
/// its declarations (subprograms as headings).
pub fn parse_package_spec(text: &str) -> Result<(String, Vec<Declaration>), OraError> {
    let text = text.trim_end().trim_end_matches('/').trim_end();
    let mut p = Parser::new(text)?;
    p.package_spec = true;
    p.expect_kw("CREATE", MISSING_KEYWORD)?;
    if p.eat_kw("OR") {
        p.expect_kw("REPLACE", MISSING_KEYWORD)?;
    }
    p.expect_kw("PACKAGE", MISSING_KEYWORD)?;
    let name = p.ident(INVALID_IDENTIFIER)?.name;
    if !p.eat_kw("AS") {
        p.expect_kw("IS", MISSING_KEYWORD)?;
    }
    let decls = p.declarations().map_err(|e| p.to_pls(e))?;
    p.expect_kw("END", MISSING_KEYWORD)?;
    p.end_label();
    p.expect_sym(";", MISSING_KEYWORD)?;
    Ok((name, decls))
}

/// Gives a loop or block the `<<label>>` written before it.
fn attach_label(stmt: &mut PlStmt, found: Option<Ident>) {
    if found.is_none() {
        return;
    }
    match stmt {
        PlStmt::Loop { label, .. }
        | PlStmt::ForRange { label, .. }
        | PlStmt::ForCursor { label, .. } => *label = found,
        PlStmt::Block(b) => b.label = found,
        _ => {}
    }
}

/// Lays out a PLS-00103 symbol list the way Oracle prints it: lines of at most 70 characters,
/// each indented by three spaces. `<a bind variable>` and the like stay on one line.
fn wrap_symbols(symbols: &str) -> String {
    let mut grouped: Vec<String> = Vec::new();
    for word in symbols.split_whitespace() {
        match grouped.last_mut() {
            Some(open) if open.starts_with('<') && open != "<<" && !open.ends_with('>') => {
                open.push(' ');
                open.push_str(word);
            }
            _ => grouped.push(word.to_string()),
        }
    }
    let mut lines: Vec<String> = Vec::new();
    for symbol in &grouped {
        match lines.last_mut() {
            Some(line) if line.len() + 1 + symbol.len() <= 70 => {
                line.push(' ');
                line.push_str(symbol);
            }
            _ => lines.push(format!("   {symbol}")),
        }
    }
    lines.join("\n")
}
