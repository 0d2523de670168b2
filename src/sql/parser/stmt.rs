//! SQL statements other than queries: ALTER SYSTEM / SESSION / USER, users and roles, GRANT and
//! REVOKE, CALL, transaction control, and the storage statements (CREATE / DROP / TRUNCATE
//! TABLE, INSERT, UPDATE, DELETE, LOCK TABLE) with their column types.

use super::{Parser, R};
use crate::error::{
    Code, ILLEGAL_ALTER_SYSTEM_OPTION, INVALID_ALTER_COMMAND, INVALID_ALTER_SYSTEM_OPTION,
    INVALID_CREATE_COMMAND, INVALID_DATATYPE, INVALID_DROP_OPTION, INVALID_IDENTIFIER,
    INVALID_SESSION_ID, INVALID_TABLE_NAME, MISSING_COMMA, MISSING_EQUAL_SIGN, MISSING_INTO,
    MISSING_KEYWORD, MISSING_LEFT_PAREN, MISSING_PASSWORD, MISSING_PRIVILEGE, MISSING_RIGHT_PAREN,
    MISSING_USERNAME, MISSING_VALUES, PRECISION_OUT_OF_RANGE, SCALE_OUT_OF_RANGE,
};
use crate::sql::ast::{
    AlterSystem, ColumnDef, CreateTable, Delete, Ident, Insert, InsertSource, Pos, Privilege,
    ProcCall, Statement, TableConstraint, Update,
};
use crate::sql::lexer::Tok;
use crate::value::SqlType;

/// The length of an unconstrained VARCHAR2 / RAW parameter: PL/SQL's maximum.
const PLSQL_MAX_VARCHAR2: u32 = 32767;

/// Words that end an UPDATE / DELETE target instead of being its alias.
const DML_ALIAS_STOP: &[&str] = &["RETURNING", "LOG"];

impl Parser<'_> {
    /// `ALTER SYSTEM ...`, `ALTER SESSION SET ...`, `ALTER USER ...`.
    pub(super) fn alter(&mut self) -> R<Statement> {
        self.advance();
        if self.eat_kw("SYSTEM") {
            return self.alter_system().map(Statement::AlterSystem);
        }
        if self.eat_kw("SESSION") {
            self.expect_kw("SET", INVALID_ALTER_SYSTEM_OPTION)?;
            let name = self.ident(INVALID_ALTER_SYSTEM_OPTION)?;
            self.expect_sym("=", INVALID_ALTER_SYSTEM_OPTION)?;
            return Ok(Statement::AlterSession { name, value: self.expr()? });
        }
        if self.is_any_kw(&["USER", "ROLE"])
            && (self.is_kw("ROLE") || !self.is_kw_at(2, "IDENTIFIED"))
        {
            self.i -= 1;
            return self.alter_role();
        }
        if self.eat_kw("USER") {
            let (name, password) = self.user_identified_by()?;
            return Ok(Statement::AlterUser { name, password });
        }
        if self.is_kw("TABLE") {
            return self.alter_table_job();
        }
        Err(self.err(INVALID_ALTER_COMMAND))
    }

    /// After `ALTER SYSTEM`: KILL SESSION, DISCONNECT SESSION, CANCEL SQL.
    fn alter_system(&mut self) -> R<AlterSystem> {
        if self.eat_kw("KILL") {
            self.expect_kw("SESSION", MISSING_KEYWORD)?;
            let (target, pos) = self.session_id_text()?;
            // 12c+ grammar: IMMEDIATE and NOREPLAY are alternatives; a second one is ORA-00933.
            let immediate = self.eat_kw("IMMEDIATE");
            let noreplay = !immediate && self.eat_kw("NOREPLAY");
            return Ok(AlterSystem::KillSession { target, pos, immediate, noreplay });
        }
        if self.eat_kw("DISCONNECT") {
            self.expect_kw("SESSION", MISSING_KEYWORD)?;
            let (target, pos) = self.session_id_text()?;
            let post_transaction = self.eat_kw("POST_TRANSACTION");
            let immediate = self.eat_kw("IMMEDIATE");
            let noreplay = !post_transaction && !immediate && self.eat_kw("NOREPLAY");
            if !(post_transaction || immediate || noreplay) {
                return Err(self.err_expecting(MISSING_KEYWORD, "post_transaction immediate"));
            }
            return Ok(AlterSystem::DisconnectSession {
                target,
                pos,
                post_transaction,
                immediate,
                noreplay,
            });
        }
        if self.eat_kw("CANCEL") {
            self.expect_kw("SQL", MISSING_KEYWORD)?;
            let (target, pos) = self.session_id_text()?;
            return Ok(AlterSystem::CancelSql { target, pos });
        }
        Err(self.err(ILLEGAL_ALTER_SYSTEM_OPTION))
    }

    /// The `'sid,serial#'` string of KILL / DISCONNECT / CANCEL, unparsed; ORA-00026 if absent.
    fn session_id_text(&mut self) -> R<(String, Pos)> {
        let t = self.peek().clone();
        match t.tok {
            Tok::Str(s) => {
                self.advance();
                Ok((s, t.pos))
            }
            _ => Err(self.err(INVALID_SESSION_ID)),
        }
    }

    /// `name IDENTIFIED BY password` (CREATE USER, ALTER USER).
    fn user_identified_by(&mut self) -> R<(Ident, String)> {
        let name = self.ident(MISSING_USERNAME)?;
        self.expect_kw("IDENTIFIED", MISSING_KEYWORD)?;
        self.expect_kw("BY", MISSING_KEYWORD)?;
        let t = self.peek().clone();
        let password = match t.tok {
            Tok::Word(_) => self.src[t.pos..t.end].to_string(),
            Tok::Quoted(q) => q,
            _ => return Err(self.err(MISSING_PASSWORD)),
        };
        self.advance();
        Ok((name, password))
    }

    /// Skips CREATE USER's storage attributes, which mean nothing to an in-memory engine:
    /// `DEFAULT | TEMPORARY TABLESPACE name`, `QUOTA n[K|M|G] | UNLIMITED ON name`. Attributes
    /// that change behaviour (ACCOUNT LOCK, PROFILE, PASSWORD EXPIRE) are not accepted.
    fn storage_attributes(&mut self) -> R<()> {
        loop {
            if self.is_any_kw(&["DEFAULT", "TEMPORARY"]) && self.is_kw_at(1, "TABLESPACE") {
                self.advance();
                self.advance();
            } else if self.eat_kw("QUOTA") {
                if !self.eat_kw("UNLIMITED") {
                    self.unsigned(MISSING_KEYWORD)?;
                    if matches!(&self.peek().tok, Tok::Word(u) if ["K", "M", "G", "T"].contains(&u.as_str()))
                    {
                        self.advance();
                    }
                }
                self.expect_kw("ON", MISSING_KEYWORD)?;
            } else {
                return Ok(());
            }
            self.ident(INVALID_IDENTIFIER)?;
        }
    }

    /// `CREATE USER | ROLE | TABLE ...`.
    pub(super) fn create(&mut self) -> R<Statement> {
        if self.is_any_kw_at(1, &["USER", "ROLE"]) && self.crdb_role_follows() {
            return self.role_statement(true);
        }
        self.advance();
        if self.eat_kw("USER") {
            let (name, password) = self.user_identified_by()?;
            self.storage_attributes()?;
            return Ok(Statement::CreateUser { name, password });
        }
        if self.eat_kw("ROLE") {
            return Ok(Statement::CreateRole { name: self.ident(INVALID_IDENTIFIER)? });
        }
        if self.is_any_kw(&["STATISTICS", "CHANGEFEED", "INDEX", "UNIQUE"]) {
            return self.create_job_kind();
        }
        if self.is_kw("SCHEDULE") {
            return self.create_schedule();
        }
        if self.eat_kw("TABLE") {
            return self.create_table().map(|t| Statement::CreateTable(Box::new(t)));
        }
        let or_replace = self.is_kw("OR") && self.is_kw_at(1, "REPLACE");
        if or_replace {
            self.advance();
            self.advance();
        }
        if self.is_kw("PACKAGE") {
            return self.create_package(or_replace);
        }
        if self.is_any_kw(&["PROCEDURE", "FUNCTION"]) {
            let sub = self.subprogram().map_err(|e| self.to_pls(e))?;
            if self.peek().tok != crate::sql::lexer::Tok::Eof {
                return Err(self.to_pls(self.err(MISSING_KEYWORD)));
            }
            let text = self.src.to_string();
            return Ok(Statement::CreateSubprogram(Box::new(crate::sql::ast::CreateSubprogram {
                or_replace,
                sub,
                text,
            })));
        }
        Err(self.err(INVALID_CREATE_COMMAND))
    }

    /// `DROP USER name [CASCADE]`, `DROP ROLE name`, `DROP TABLE name [CASCADE CONSTRAINTS] [PURGE]`.
    pub(super) fn drop(&mut self) -> R<Statement> {
        self.advance();
        if self.eat_kw("USER") {
            let name = self.ident(MISSING_USERNAME)?;
            return Ok(Statement::DropUser { name, cascade: self.eat_kw("CASCADE") });
        }
        if self.eat_kw("ROLE") {
            return Ok(Statement::DropRole { name: self.ident(INVALID_IDENTIFIER)? });
        }
        if self.is_any_kw(&["PROCEDURE", "FUNCTION"]) {
            let function = self.is_kw("FUNCTION");
            self.advance();
            let name = self.object_name(INVALID_IDENTIFIER)?;
            return Ok(Statement::DropSubprogram { name, function });
        }
        if self.is_kw("PACKAGE") {
            return self.drop_package();
        }
        if self.is_any_kw(&["SCHEDULE", "SCHEDULES"]) {
            return self.drop_schedules();
        }
        if self.eat_kw("TABLE") {
            let name = self.object_name(INVALID_TABLE_NAME)?;
            if self.eat_kw("CASCADE") {
                self.expect_kw("CONSTRAINTS", MISSING_KEYWORD)?;
            }
            self.eat_kw("PURGE");
            return Ok(Statement::DropTable { name });
        }
        Err(self.err(INVALID_DROP_OPTION))
    }

    /// `GRANT priv, ... TO grantee, ...` / `REVOKE priv, ... FROM grantee, ...`.
    pub(super) fn grant_or_revoke(&mut self) -> R<Statement> {
        if self.is_grant_system() {
            return self.grant_system();
        }
        let grant = self.is_kw("GRANT");
        self.advance();
        let privileges = self.comma_list(Self::privilege)?;
        self.expect_kw(if grant { "TO" } else { "FROM" }, MISSING_KEYWORD)?;
        let grantees = self.comma_list(|p| {
            p.any_ident().ok_or_else(|| p.err_expecting(MISSING_USERNAME, "<an identifier>"))
        })?;
        Ok(if grant {
            Statement::Grant { privileges, grantees }
        } else {
            Statement::Revoke { privileges, grantees }
        })
    }

    /// One privilege or role: the words up to `,`, TO or FROM, joined by one space.
    fn privilege(&mut self) -> R<Privilege> {
        let pos = self.pos();
        let name = self.words_until(&["TO", "FROM"], MISSING_PRIVILEGE)?;
        Ok(Privilege { name, pos })
    }

    /// One or more words up to (not including) a word of `stop` or a non-word token, joined by
    /// one space (`ROW EXCLUSIVE`, `SELECT ANY DICTIONARY`); `code` if there is none.
    fn words_until(&mut self, stop: &[&str], code: Code) -> R<String> {
        let mut words = Vec::new();
        while let Tok::Word(w) = &self.peek().tok {
            if stop.contains(&w.as_str()) {
                break;
            }
            words.push(w.clone());
            self.advance();
        }
        if words.is_empty() {
            return Err(self.err(code));
        }
        Ok(words.join(" "))
    }

    /// `CALL name(args)`.
    pub(super) fn call_statement(&mut self) -> R<Statement> {
        self.advance();
        let pos = self.pos();
        let name = self.object_name(INVALID_IDENTIFIER)?;
        self.expect_sym("(", MISSING_LEFT_PAREN)?;
        let args = self.args_after_paren()?;
        Ok(Statement::Call(ProcCall { name, args, pos }))
    }

    /// `COMMIT [WORK]`, `ROLLBACK [WORK] [TO [SAVEPOINT] name]`, `SAVEPOINT name`.
    pub(super) fn transaction_control(&mut self) -> R<Statement> {
        if self.eat_kw("SAVEPOINT") {
            return Ok(Statement::Savepoint { name: self.ident(INVALID_IDENTIFIER)? });
        }
        let commit = self.eat_kw("COMMIT");
        if !commit {
            self.advance();
        }
        self.eat_kw("WORK");
        if commit {
            return Ok(Statement::Commit);
        }
        let to_savepoint = if self.eat_kw("TO") {
            self.eat_kw("SAVEPOINT");
            Some(self.ident(INVALID_IDENTIFIER)?)
        } else {
            None
        };
        Ok(Statement::Rollback { to_savepoint })
    }

    /// `INSERT INTO t [(cols)] VALUES (exprs) | query`.
    pub(super) fn insert(&mut self) -> R<Statement> {
        self.advance();
        self.expect_kw("INTO", MISSING_INTO)?;
        let table = self.object_name(INVALID_TABLE_NAME)?;
        let columns = if self.is_sym("(") && !self.is_kw_at(1, "SELECT") {
            self.paren_list(|p| p.ident(INVALID_IDENTIFIER))?
        } else {
            vec![]
        };
        let source = if self.eat_kw("VALUES") {
            self.expect_sym("(", MISSING_LEFT_PAREN)?;
            let values = self.comma_list(Self::expr)?;
            if !self.eat_sym(")") {
                let at_end = self.is_sym(";") || self.peek().tok == Tok::Eof;
                let code = if at_end { MISSING_RIGHT_PAREN } else { MISSING_COMMA };
                return Err(self.err(code));
            }
            InsertSource::Values(values)
        } else if self.is_kw("SELECT") || self.is_sym("(") {
            InsertSource::Query(Box::new(self.query()?))
        } else {
            return Err(self.err_expecting(MISSING_VALUES, "values select"));
        };
        let returning = match source {
            InsertSource::Values(_) => self.returning_clause()?,
            InsertSource::Query(_) => None,
        };
        Ok(Statement::Insert(Box::new(Insert { table, columns, source, returning })))
    }

    /// `UPDATE t [alias] SET col = expr, ... [WHERE cond]`.
    pub(super) fn update(&mut self) -> R<Statement> {
        self.advance();
        let table = self.object_name(INVALID_TABLE_NAME)?;
        let alias = self.alias(false, DML_ALIAS_STOP)?;
        self.expect_kw("SET", MISSING_KEYWORD)?;
        let assignments = self.comma_list(|p| {
            let name = p.object_name(INVALID_IDENTIFIER)?;
            let column = name.parts.into_iter().last().expect("names have a part");
            p.expect_sym("=", MISSING_EQUAL_SIGN)?;
            Ok((column, p.expr()?))
        })?;
        let where_ = self.where_clause()?;
        let returning = self.returning_clause()?;
        Ok(Statement::Update(Box::new(Update { table, alias, assignments, where_, returning })))
    }

    /// `DELETE [FROM] t [alias] [WHERE cond]`.
    pub(super) fn delete(&mut self) -> R<Statement> {
        self.advance();
        self.eat_kw("FROM");
        let table = self.object_name(INVALID_TABLE_NAME)?;
        let alias = self.alias(false, DML_ALIAS_STOP)?;
        let where_ = self.where_clause()?;
        let returning = self.returning_clause()?;
        Ok(Statement::Delete(Box::new(Delete { table, alias, where_, returning })))
    }

    /// `[WHERE cond]`.
    fn where_clause(&mut self) -> R<Option<crate::sql::ast::Expr>> {
        if self.eat_kw("WHERE") { Ok(Some(self.expr()?)) } else { Ok(None) }
    }

    /// `TRUNCATE TABLE name`.
    pub(super) fn truncate(&mut self) -> R<Statement> {
        self.advance();
        self.expect_kw("TABLE", MISSING_KEYWORD)?;
        Ok(Statement::TruncateTable { name: self.object_name(INVALID_TABLE_NAME)? })
    }

    /// `LOCK TABLE name IN mode words MODE [NOWAIT]`.
    pub(super) fn lock_table(&mut self) -> R<Statement> {
        self.advance();
        self.expect_kw("TABLE", MISSING_KEYWORD)?;
        let name = self.object_name(INVALID_TABLE_NAME)?;
        self.expect_kw("IN", MISSING_KEYWORD)?;
        let mode = self.words_until(&["MODE"], MISSING_KEYWORD)?;
        self.expect_kw("MODE", MISSING_KEYWORD)?;
        Ok(Statement::LockTable { name, mode, nowait: self.eat_kw("NOWAIT") })
    }

    /// `CREATE TABLE` after its keywords: `name (elements)` or `name AS query`.
    fn create_table(&mut self) -> R<CreateTable> {
        let name = self.object_name(INVALID_TABLE_NAME)?;
        let mut table = CreateTable { name, columns: vec![], constraints: vec![], as_query: None };
        if self.eat_kw("AS") {
            table.as_query = Some(Box::new(self.query()?));
            return Ok(table);
        }
        self.expect_sym("(", MISSING_LEFT_PAREN)?;
        loop {
            if self.is_any_kw(&["CONSTRAINT", "PRIMARY", "UNIQUE"]) {
                table.constraints.push(self.table_constraint()?);
            } else {
                table.columns.push(self.column_def()?);
            }
            if !self.eat_sym(",") {
                break;
            }
        }
        self.expect_sym(")", MISSING_RIGHT_PAREN)?;
        Ok(table)
    }

    /// `name type [DEFAULT expr] [[CONSTRAINT n] NOT NULL | NULL | PRIMARY KEY | UNIQUE]...`.
    pub(super) fn column_def(&mut self) -> R<ColumnDef> {
        let name = self.ident(INVALID_IDENTIFIER)?;
        let ty = self.sql_type(false)?.ok_or_else(|| self.err(INVALID_DATATYPE))?;
        let mut col = ColumnDef {
            name,
            ty,
            not_null: false,
            primary_key: false,
            unique: false,
            default: None,
        };
        loop {
            if self.eat_kw("DEFAULT") {
                col.default = Some(self.expr()?);
            } else if self.eat_kw("CONSTRAINT") {
                self.ident(INVALID_IDENTIFIER)?;
            } else if self.eat_kw("NOT") {
                self.expect_kw("NULL", MISSING_KEYWORD)?;
                col.not_null = true;
            } else if self.eat_kw("NULL") {
            } else if self.eat_kw("PRIMARY") {
                self.expect_kw("KEY", MISSING_KEYWORD)?;
                col.primary_key = true;
            } else if self.eat_kw("UNIQUE") {
                col.unique = true;
            } else {
                return Ok(col);
            }
        }
    }

    /// `[CONSTRAINT name] PRIMARY KEY (cols) | UNIQUE (cols)`.
    fn table_constraint(&mut self) -> R<TableConstraint> {
        let name =
            if self.eat_kw("CONSTRAINT") { Some(self.ident(INVALID_IDENTIFIER)?) } else { None };
        let primary = self.eat_kw("PRIMARY");
        if primary {
            self.expect_kw("KEY", MISSING_KEYWORD)?;
        } else {
            self.expect_kw("UNIQUE", MISSING_KEYWORD)?;
        }
        let columns = self.paren_list(|p| p.ident(INVALID_IDENTIFIER))?;
        Ok(if primary {
            TableConstraint::PrimaryKey { name, columns }
        } else {
            TableConstraint::Unique { name, columns }
        })
    }

    /// A scalar type name (`NUMBER(10,2)`, `VARCHAR2(30 CHAR)`, `DATE`, ...), or `None` without
    /// consuming anything if the next word names no scalar type. An `unconstrained` type (a
    /// PL/SQL parameter's) may leave out the length of VARCHAR2 and RAW: it gets PL/SQL's
    /// maximum, 32767.
    pub(super) fn sql_type(&mut self, unconstrained: bool) -> R<Option<SqlType>> {
        let Tok::Word(w) = &self.peek().tok else { return Ok(None) };
        let w = w.clone();
        let integer = SqlType::Number { precision: Some(38), scale: Some(0) };
        let simple = match w.as_str() {
            "INTEGER" | "INT" | "SMALLINT" => Some(integer),
            "PLS_INTEGER" | "BINARY_INTEGER" | "FLOAT" | "BINARY_DOUBLE" | "BINARY_FLOAT" => {
                Some(SqlType::NUMBER)
            }
            "DATE" => Some(SqlType::Date),
            "BOOLEAN" => Some(SqlType::Boolean),
            _ => None,
        };
        if simple.is_some() {
            self.advance();
            return Ok(simple);
        }
        let ty = match w.as_str() {
            "NUMBER" | "NUMERIC" | "DECIMAL" => {
                self.advance();
                self.number_type()?
            }
            "VARCHAR2" | "VARCHAR" | "NVARCHAR2" => {
                self.advance();
                SqlType::Varchar2(self.required_length(unconstrained)?)
            }
            "CHAR" | "NCHAR" => {
                self.advance();
                SqlType::Char(self.char_length()?.unwrap_or(1))
            }
            "RAW" => {
                self.advance();
                SqlType::Raw(self.required_length(unconstrained)?)
            }
            "TIMESTAMP" => {
                self.advance();
                if self.eat_sym("(") {
                    self.unsigned(crate::error::MISSING_EXPRESSION)?;
                    self.expect_sym(")", MISSING_RIGHT_PAREN)?;
                }
                SqlType::Timestamp
            }
            _ => return Ok(None),
        };
        Ok(Some(ty))
    }

    /// After NUMBER: `[(p [, s])]`.
    fn number_type(&mut self) -> R<SqlType> {
        if !self.eat_sym("(") {
            return Ok(SqlType::NUMBER);
        }
        let p = self.pos();
        let precision = self.signed(PRECISION_OUT_OF_RANGE)?;
        let precision = u8::try_from(precision)
            .ok()
            .filter(|p| (1..=38).contains(p))
            .ok_or_else(|| crate::ora!(PRECISION_OUT_OF_RANGE).at(p))?;
        let scale = if self.eat_sym(",") {
            let p = self.pos();
            let s = self.signed(SCALE_OUT_OF_RANGE)?;
            let s = i8::try_from(s)
                .ok()
                .filter(|s| (-84..=127).contains(s))
                .ok_or_else(|| crate::ora!(SCALE_OUT_OF_RANGE).at(p))?;
            Some(s)
        } else {
            None
        };
        self.expect_sym(")", MISSING_RIGHT_PAREN)?;
        Ok(SqlType::Number { precision: Some(precision), scale })
    }

    /// The `(n)` of VARCHAR2 and RAW: ORA-00906 without it unless `unconstrained`.
    fn required_length(&mut self, unconstrained: bool) -> R<u32> {
        match self.char_length()? {
            Some(n) => Ok(n),
            None if unconstrained => Ok(PLSQL_MAX_VARCHAR2),
            None => Err(self.err(MISSING_LEFT_PAREN)),
        }
    }

    /// `[(n [BYTE | CHAR])]` after a character or RAW type.
    fn char_length(&mut self) -> R<Option<u32>> {
        if !self.eat_sym("(") {
            return Ok(None);
        }
        let n = self.unsigned(crate::error::MISSING_EXPRESSION)?;
        if !self.eat_kw("BYTE") {
            self.eat_kw("CHAR");
        }
        self.expect_sym(")", MISSING_RIGHT_PAREN)?;
        Ok(Some(n))
    }

    /// An optionally negative integer literal; otherwise `code`.
    pub(super) fn signed(&mut self, code: Code) -> R<i64> {
        let negative = self.eat_sym("-");
        let pos = self.pos();
        let n = self.unsigned(code).map_err(|_| crate::ora!(code).at(pos))?;
        Ok(if negative { -i64::from(n) } else { i64::from(n) })
    }
}
