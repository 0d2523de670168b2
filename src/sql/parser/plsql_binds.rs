//! Host bind variables (`:name`) where PL/SQL expects a variable: an assignment target
//! (`:n := 5;`), INTO / RETURNING INTO targets and cursor variables (`OPEN :rc FOR ...`);
//! the RETURNING clause of DML; ref cursors (`TYPE t IS REF CURSOR`, `OPEN cv FOR ...`). A bind becomes the one-part name `:NAME`,
//! which the PL/SQL compiler resolves against the host binds the call brings (see
//! `plsql::host`); no user identifier can collide with it.

use super::{Parser, R};
use crate::error::INVALID_IDENTIFIER;
use crate::sql::ast::{
    Declaration, Ident, ObjectName, OpenForSource, PlStmt, Pos, Returning, TypeDef,
};
use crate::sql::lexer::Tok;

/// The name a host bind `:name` (already upper-cased by the lexer) takes inside PL/SQL.
pub fn bind_name(name: &str) -> String {
    format!(":{name}")
}

impl Parser<'_> {
    /// The next token as a host bind target, consumed; None if it is not a bind.
    fn bind_target(&mut self) -> Option<ObjectName> {
        let Tok::Bind(name) = &self.peek().tok else { return None };
        let ident = Ident { name: bind_name(name), pos: self.pos() };
        self.advance();
        Some(ObjectName { parts: vec![ident] })
    }

    /// `:name := expr` (without its `;`), if the statement starts with a bind.
    pub(super) fn bind_assignment(&mut self, pos: Pos) -> R<Option<PlStmt>> {
        let Some(target) = self.bind_target() else { return Ok(None) };
        self.expect_sym(":=", crate::error::MISSING_KEYWORD)?;
        Ok(Some(PlStmt::Assign { target, value: self.expr()?, pos }))
    }

    /// An INTO (or RETURNING INTO, FETCH INTO) target: a host bind or a (dotted) PL/SQL name.
    pub(super) fn fetch_target(&mut self) -> R<ObjectName> {
        match self.bind_target() {
            Some(t) => Ok(t),
            None => self.object_name(INVALID_IDENTIFIER),
        }
    }

    /// `[RETURN[ING] expr, ... [BULK COLLECT] INTO target, ...]` after a DML statement.
    pub(super) fn returning_clause(&mut self) -> R<Option<Returning>> {
        if !self.eat_kw("RETURNING") && !self.eat_kw("RETURN") {
            return Ok(None);
        }
        let exprs = self.comma_list(Self::expr)?;
        let mut into = super::query::IntoClause::default();
        self.read_into_clause(&mut into)?;
        if into.targets.is_empty() {
            return Err(self.err_expecting(crate::error::MISSING_KEYWORD, "into"));
        }
        Ok(Some(Returning { exprs, into: into.targets, bulk: into.bulk }))
    }

    /// The cursor of OPEN / FETCH / CLOSE: a name or a host bind.
    pub(super) fn cursor_name(&mut self) -> R<Ident> {
        match self.bind_target() {
            Some(t) => Ok(t.parts.into_iter().next().expect("one part")),
            None => self.ident(INVALID_IDENTIFIER),
        }
    }

    /// After `TYPE name IS REF`: `CURSOR [RETURN type]`.
    pub(super) fn ref_cursor_type(&mut self, name: Ident) -> R<Declaration> {
        self.expect_kw("CURSOR", crate::error::MISSING_KEYWORD)?;
        if self.eat_kw("RETURN") {
            self.pl_type(false)?;
        }
        Ok(Declaration::Type { name, def: TypeDef::RefCursor })
    }

    /// After `OPEN cursor`: `FOR query` or `FOR text [USING [IN] expr, ...]`.
    pub(super) fn open_for(&mut self, cursor: Ident, pos: Pos) -> R<PlStmt> {
        self.expect_kw("FOR", crate::error::MISSING_KEYWORD)?;
        let source = if self.is_kw("SELECT") || self.is_kw("WITH") || self.is_sym("(") {
            OpenForSource::Query(Box::new(self.query()?))
        } else {
            OpenForSource::Text(self.expr()?)
        };
        let using = match (&source, self.eat_kw("USING")) {
            (OpenForSource::Text(_), true) => self.comma_list(|p| {
                p.eat_kw("IN");
                p.expr()
            })?,
            (OpenForSource::Query(_), true) => {
                return Err(self.err_expecting(crate::error::MISSING_KEYWORD, ";"));
            }
            (_, false) => vec![],
        };
        Ok(PlStmt::OpenFor { cursor, source, using, pos })
    }
}

#[cfg(test)]
mod tests {
    use crate::sql::ast::*;
    use crate::sql::parse;

    fn body(sql: &str) -> Vec<PlStmt> {
        match parse(sql) {
            Ok(Statement::Block(b)) => b.body,
            other => panic!("{sql}: {other:?}"),
        }
    }

    #[test]
    fn binds_as_assignment_into_and_cursor_targets() {
        let stmts = body("BEGIN :n := :n + 1; SELECT 1 INTO :x FROM dual; FETCH :rc INTO v; END;");
        let PlStmt::Assign { target, value, .. } = &stmts[0] else { panic!("{:?}", stmts[0]) };
        assert_eq!(target.dotted(), ":N");
        assert!(matches!(value, Expr::Binary { left, .. } if matches!(**left, Expr::Bind(_))));
        let PlStmt::SelectInto { into, .. } = &stmts[1] else { panic!() };
        assert_eq!(into[0].dotted(), ":X");
        let PlStmt::Fetch { cursor, .. } = &stmts[2] else { panic!() };
        assert_eq!(cursor.name, ":RC");
        // `:n` followed by anything but := is not a statement.
        assert!(parse("BEGIN :n + 1; END;").is_err());
    }

    #[test]
    fn returning_clauses() {
        let Ok(Statement::Update(u)) =
            parse("UPDATE t SET a = 1 WHERE b = 2 RETURNING a, b * 2 INTO :x, y")
        else {
            panic!()
        };
        let r = u.returning.expect("returning");
        assert_eq!((r.exprs.len(), r.into.len(), r.bulk), (2, 2, false));
        assert_eq!(r.into[0].dotted(), ":X");
        let Ok(Statement::Delete(d)) = parse("DELETE FROM t RETURNING a BULK COLLECT INTO arr")
        else {
            panic!()
        };
        assert!(d.returning.expect("returning").bulk);
        let Ok(Statement::Insert(i)) = parse("INSERT INTO t VALUES (1) RETURNING a INTO v") else {
            panic!()
        };
        assert!(i.returning.is_some());
        assert!(parse("UPDATE t SET a = 1 RETURNING a").is_err());
        let Ok(Statement::Insert(i)) = parse("INSERT INTO t SELECT * FROM u") else { panic!() };
        assert!(i.returning.is_none());
    }

    #[test]
    fn ref_cursor_types_and_open_for() {
        let Ok(Statement::Block(b)) = parse(
            "DECLARE TYPE rc IS REF CURSOR RETURN t%ROWTYPE; c rc; BEGIN \
             OPEN c FOR SELECT * FROM t; OPEN :r FOR 'select 1 from dual' USING IN 5, x; END;",
        ) else {
            panic!()
        };
        assert!(matches!(&b.declarations[0], Declaration::Type { def: TypeDef::RefCursor, .. }));
        let PlStmt::OpenFor { cursor, source: OpenForSource::Query(_), using, .. } = &b.body[0]
        else {
            panic!("{:?}", b.body[0])
        };
        assert_eq!((cursor.name.as_str(), using.len()), ("C", 0));
        let PlStmt::OpenFor { cursor, source: OpenForSource::Text(_), using, .. } = &b.body[1]
        else {
            panic!()
        };
        assert_eq!((cursor.name.as_str(), using.len()), (":R", 2));
        assert!(parse("BEGIN OPEN c FOR SELECT 1 FROM dual USING 1; END;").is_err());
        // A plain OPEN of an explicit cursor is unchanged.
        assert!(matches!(body("BEGIN OPEN c(1); END;")[0], PlStmt::Open { .. }));
    }
}
