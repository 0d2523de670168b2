//! User packages: `CREATE [OR REPLACE] PACKAGE [BODY] name [AUTHID CURRENT_USER | DEFINER]
//! IS | AS declarations [BEGIN init [EXCEPTION handlers]] END [name];` and `DROP PACKAGE
//! [BODY] name`. The declarations are parsed as a block's are (subprogram headings ending with
//! `;` are specs, the rest bodies); [`crate::plsql::user_packages`] stores and compiles them.

use super::{Parser, R};
use crate::error::{INVALID_IDENTIFIER, MISSING_KEYWORD};
use crate::sql::ast::{Block, CreatePackage, Declaration, ObjectName, Statement};
use crate::sql::lexer::Tok;

/// A package's name, declarations and initialization section.
type PackageParts = (ObjectName, Vec<Declaration>, Option<Block>);

impl Parser<'_> {
    /// After `CREATE [OR REPLACE]`, at PACKAGE.
    pub(super) fn create_package(&mut self, or_replace: bool) -> R<Statement> {
        let pos = self.pos();
        self.advance();
        let body = self.eat_kw("BODY");
        let parsed = self.package_rest(body).map_err(|e| self.to_pls(e));
        let (name, declarations, init) = parsed?;
        if self.peek().tok != Tok::Eof {
            return Err(self.to_pls(self.err(MISSING_KEYWORD)));
        }
        let text = self.src.to_string();
        Ok(Statement::CreatePackage(Box::new(CreatePackage {
            or_replace,
            body,
            name,
            declarations,
            init,
            text,
            pos,
        })))
    }

    /// `name [AUTHID ...] IS|AS declarations [BEGIN ...] END [name];`
    fn package_rest(&mut self, body: bool) -> R<PackageParts> {
        let name = self.object_name(INVALID_IDENTIFIER)?;
        if !body && self.eat_kw("AUTHID") {
            // CURRENT_USER or DEFINER: both run as the caller here (one schema per session).
            self.advance();
        }
        if !self.eat_kw("IS") {
            self.expect_kw("AS", MISSING_KEYWORD)?;
        }
        let saved = std::mem::replace(&mut self.package_spec, true);
        let declarations = self.declarations();
        self.package_spec = saved;
        let declarations = declarations?;
        let init = if body && self.is_kw("BEGIN") {
            let pos = self.pos();
            self.advance();
            let stmts = self.statements()?;
            let handlers = if self.eat_kw("EXCEPTION") { self.handlers()? } else { vec![] };
            Some(Block { declarations: vec![], body: stmts, handlers, pos, label: None })
        } else {
            None
        };
        self.expect_kw("END", MISSING_KEYWORD)?;
        self.end_label();
        self.expect_sym(";", MISSING_KEYWORD)?;
        Ok((name, declarations, init))
    }

    /// After DROP, at PACKAGE: `DROP PACKAGE [BODY] name`.
    pub(super) fn drop_package(&mut self) -> R<Statement> {
        self.advance();
        let body = self.eat_kw("BODY");
        let name = self.object_name(INVALID_IDENTIFIER)?;
        Ok(Statement::DropPackage { name, body })
    }
}
