//! PL/SQL collection syntax beyond associative arrays: `VARRAY(n) OF` / `VARYING ARRAY(n) OF`
//! type declarations, and the FORALL statement (`FORALL i IN lo..hi | INDICES OF c [BETWEEN
//! lo AND hi] | VALUES OF c [SAVE EXCEPTIONS] dml`). Nested tables need nothing here: they are
//! `TABLE OF` without `INDEX BY`.

use super::{Parser, R};
use crate::error::{INVALID_IDENTIFIER, MISSING_KEYWORD, MISSING_LEFT_PAREN, MISSING_RIGHT_PAREN};
use crate::sql::ast::{
    Arg, Declaration, Expr, ForallBounds, Ident, ObjectName, PlStmt, Pos, TypeDef, UnaryOp,
};

impl Parser<'_> {
    /// After `TYPE name IS`: `VARRAY(n) OF elem [NOT NULL]` or `VARYING ARRAY(n) OF ...`;
    /// `Ok(None)` (nothing read) if neither keyword is next.
    pub(super) fn varray_type(&mut self, name: &Ident) -> R<Option<Declaration>> {
        let varying = self.is_kw("VARYING") && self.is_kw_at(1, "ARRAY");
        if !varying && !self.is_kw("VARRAY") {
            return Ok(None);
        }
        self.advance();
        if varying {
            self.advance();
        }
        self.expect_sym("(", MISSING_LEFT_PAREN)?;
        let limit = self.unsigned(MISSING_KEYWORD)?;
        self.expect_sym(")", MISSING_RIGHT_PAREN)?;
        self.expect_kw("OF", MISSING_KEYWORD)?;
        let elem = self.pl_type(false)?;
        if self.eat_kw("NOT") {
            self.expect_kw("NULL", MISSING_KEYWORD)?;
        }
        Ok(Some(Declaration::Type { name: name.clone(), def: TypeDef::Varray { limit, elem } }))
    }

    /// True if a multiset operator starts `n` tokens ahead: `MEMBER OF`, `SUBMULTISET OF`,
    /// `MULTISET UNION | INTERSECT | EXCEPT` (the second word keeps `x member` an alias).
    pub(super) fn is_multiset_at(&self, n: usize) -> bool {
        (self.is_any_kw_at(n, &["MEMBER", "SUBMULTISET"]) && self.is_kw_at(n + 1, "OF"))
            || (self.is_kw_at(n, "MULTISET")
                && self.is_any_kw_at(n + 1, &["UNION", "INTERSECT", "EXCEPT"]))
    }

    /// The rest of `left [NOT] MEMBER OF c`, `left [NOT] SUBMULTISET OF c` or `left MULTISET
    /// op [ALL | DISTINCT] right`, as a call of the operator's name (`MEMBER OF`, `MULTISET
    /// UNION DISTINCT`, ...) that PL/SQL resolves; `prec` is the operator's strength.
    pub(super) fn multiset_infix(&mut self, left: Expr, prec: u8) -> R<Expr> {
        let pos = self.pos();
        let negated = self.eat_kw("NOT");
        let first = self.any_ident().expect("is_multiset_at checked the words");
        let second = self.any_ident().expect("is_multiset_at checked the words");
        let mut op = format!("{} {}", first.name, second.name);
        if first.name == "MULTISET" && !self.eat_kw("ALL") && self.eat_kw("DISTINCT") {
            op.push_str(" DISTINCT");
        }
        let right = self.expr_at_least(prec + 1)?;
        let args = [left, right].map(|value| Arg { name: None, value }).to_vec();
        let name = ObjectName { parts: vec![Ident { name: op, pos }] };
        let call = Expr::Function { name, args, star: false, distinct: false };
        Ok(if negated { Expr::Unary { op: UnaryOp::Not, expr: Box::new(call) } } else { call })
    }

    /// `FORALL i IN bounds [SAVE EXCEPTIONS] INSERT | UPDATE | DELETE ...` (FORALL is next;
    /// the statement's `;` is left for the caller).
    pub(super) fn forall_statement(&mut self, pos: Pos) -> R<PlStmt> {
        self.advance();
        let index = self.ident(INVALID_IDENTIFIER)?;
        self.expect_kw("IN", MISSING_KEYWORD)?;
        let bounds = if self.eat_kw("INDICES") {
            self.expect_kw("OF", MISSING_KEYWORD)?;
            let coll = self.ident(INVALID_IDENTIFIER)?;
            let between = if self.eat_kw("BETWEEN") {
                let lo = self.expr_above_and()?;
                self.expect_kw("AND", MISSING_KEYWORD)?;
                Some((lo, self.expr()?))
            } else {
                None
            };
            ForallBounds::Indices(coll, between)
        } else if self.eat_kw("VALUES") {
            self.expect_kw("OF", MISSING_KEYWORD)?;
            ForallBounds::Values(self.ident(INVALID_IDENTIFIER)?)
        } else {
            let lo = self.expr()?;
            self.expect_sym("..", MISSING_KEYWORD)?;
            ForallBounds::Range(lo, self.expr()?)
        };
        let save_exceptions = self.eat_kw("SAVE");
        if save_exceptions {
            self.expect_kw("EXCEPTIONS", MISSING_KEYWORD)?;
        }
        if !self.is_any_kw(&["INSERT", "UPDATE", "DELETE", "MERGE"]) {
            return Err(self.err_expecting(MISSING_KEYWORD, "delete insert merge update"));
        }
        let stmt = Box::new(self.statement()?);
        Ok(PlStmt::Forall { index, bounds, save_exceptions, stmt, pos })
    }
}

#[cfg(test)]
mod tests {
    use crate::sql::ast::{Declaration, ForallBounds, PlStmt, Statement, TypeDef};

    fn block(text: &str) -> crate::sql::ast::Block {
        match crate::sql::parse(text) {
            Ok(Statement::Block(b)) => *b,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn varray_and_varying_array_declarations() {
        let b = block(
            "DECLARE TYPE a IS VARRAY(3) OF NUMBER; TYPE b IS VARYING ARRAY(7) OF VARCHAR2(3) \
             NOT NULL; TYPE c IS TABLE OF NUMBER; BEGIN NULL; END;",
        );
        let limits: Vec<Option<u32>> = b
            .declarations
            .iter()
            .map(|d| match d {
                Declaration::Type { def: TypeDef::Varray { limit, .. }, .. } => Some(*limit),
                Declaration::Type { def: TypeDef::Table { index_by: None, .. }, .. } => None,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(limits, [Some(3), Some(7), None]);
    }

    #[test]
    fn forall_bounds_and_save_exceptions() {
        let b = block(
            "BEGIN FORALL i IN 1 .. n.COUNT INSERT INTO t VALUES (n(i)); \
             FORALL j IN INDICES OF n BETWEEN 2 AND 4 SAVE EXCEPTIONS DELETE FROM t WHERE x = n(j); \
             FORALL k IN VALUES OF p UPDATE t SET x = n(k); END;",
        );
        let shapes: Vec<(&str, bool, &str)> = b
            .body
            .iter()
            .map(|s| match s {
                PlStmt::Forall { index, bounds, save_exceptions, .. } => {
                    let kind = match bounds {
                        ForallBounds::Range(..) => "range",
                        ForallBounds::Indices(_, Some(_)) => "indices between",
                        ForallBounds::Indices(_, None) => "indices",
                        ForallBounds::Values(_) => "values",
                    };
                    (index.name.as_str(), *save_exceptions, kind)
                }
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            shapes,
            [("I", false, "range"), ("J", true, "indices between"), ("K", false, "values")]
        );
    }

    #[test]
    fn forall_needs_a_dml_statement() {
        let e = crate::sql::parse("BEGIN FORALL i IN 1 .. 2 COMMIT; END;").expect_err("no DML");
        assert!(e.to_string().contains("PLS-00103"), "{e}");
    }
}
