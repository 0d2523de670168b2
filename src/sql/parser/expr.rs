//! Expressions: one precedence climber for every binary and comparison operator, plus the
//! primaries (literals, names, calls, CASE, subqueries, cursor attributes).
//!
//! Oracle's precedence, loosest first: `OR` < `AND` < `NOT` < comparisons, `IS [NOT] NULL`,
//! `[NOT] IN / LIKE / BETWEEN` < `+ - ||` (one level, left-associative, so `||` binds looser
//! than `*` and `/`) < `* /` < unary `- +`.

use super::{Parser, R, is_reserved, single};
use crate::error::{
    MISSING_EXPRESSION, MISSING_KEYWORD, MISSING_LEFT_PAREN, MISSING_NULL, MISSING_RIGHT_PAREN,
};
use crate::sql::ast::{Arg, BinaryOp, Expr, Ident, Literal, UnaryOp};
use crate::sql::lexer::Tok;

/// Reserved words that are nevertheless expressions: pseudo-columns and niladic built-ins,
/// parsed as `Expr::Column` and resolved by exec.
const PSEUDO_COLUMNS: &[&str] = &["ROWNUM", "SYSDATE", "USER", "UID", "LEVEL", "ROWID"];

/// Cursor attributes accepted after `%` (`SQL%ROWCOUNT`, `c%NOTFOUND`).
const CURSOR_ATTRS: &[&str] =
    &["FOUND", "NOTFOUND", "ROWCOUNT", "ISOPEN", "BULK_ROWCOUNT", "BULK_EXCEPTIONS"];

/// Binding strengths, loosest first.
const OR: u8 = 1;
const AND: u8 = 2;
const NOT: u8 = 3;
const CMP: u8 = 4;
const ADD: u8 = 5;
const MUL: u8 = 6;
const UNARY: u8 = 7;

/// An infix operator found ahead, before it is consumed.
#[derive(Clone, Copy)]
enum Infix {
    /// A binary operator of one token.
    Binary(BinaryOp),
    /// `IS [NOT] NULL`.
    IsNull,
    /// `[NOT] IN`.
    In,
    /// `[NOT] LIKE`.
    Like,
    /// `[NOT] BETWEEN`.
    Between,
    /// `[NOT] MEMBER OF`, `[NOT] SUBMULTISET OF`, `MULTISET UNION | INTERSECT | EXCEPT`
    /// (nested tables, see `plsql_collections`).
    Collection,
}

/// What the PLS-00103 message lists when an expression is missing.
const EXPECTING_EXPRESSION: &str = "( - + case mod new not null <an identifier> \
     <a double-quoted delimited-identifier> <a bind variable> <a number> \
     <a single-quoted SQL string>";

impl Parser<'_> {
    /// A full expression (a condition is an expression too).
    pub(super) fn expr(&mut self) -> R<Expr> {
        self.expr_above(OR)
    }

    /// An expression made only of operators binding at least as tightly as `min` (for the
    /// grammar files).
    pub(super) fn expr_at_least(&mut self, min: u8) -> R<Expr> {
        self.expr_above(min)
    }

    /// An expression that stops before AND (the bounds of `BETWEEN lo AND hi`).
    pub(super) fn expr_above_and(&mut self) -> R<Expr> {
        self.expr_above(NOT)
    }

    /// An expression made only of operators binding at least as tightly as `min`.
    fn expr_above(&mut self, min: u8) -> R<Expr> {
        self.nested(|p| {
            let mut lhs = p.prefix()?;
            while let Some((prec, infix)) = p.peek_infix() {
                if prec < min {
                    break;
                }
                lhs = p.infix(lhs, infix, prec)?;
            }
            Ok(lhs)
        })
    }

    /// The operator ahead, with its binding strength.
    fn peek_infix(&self) -> Option<(u8, Infix)> {
        use BinaryOp::*;
        let binary = |prec, op| Some((prec, Infix::Binary(op)));
        match &self.peek().tok {
            Tok::Word(w) => match w.as_str() {
                "OR" => binary(OR, Or),
                "AND" => binary(AND, And),
                "IS" => Some((CMP, Infix::IsNull)),
                "MULTISET" if self.is_multiset_at(0) => Some((ADD, Infix::Collection)),
                "NOT" if self.is_multiset_at(1) => Some((CMP, Infix::Collection)),
                "NOT" => match &self.peek_at(1).tok {
                    Tok::Word(next) => word_predicate(next).map(|i| (CMP, i)),
                    _ => None,
                },
                _ if self.is_multiset_at(0) => Some((CMP, Infix::Collection)),
                other => word_predicate(other).map(|i| (CMP, i)),
            },
            Tok::Sym(s) => match *s {
                "=" => binary(CMP, Eq),
                "<>" => binary(CMP, NotEq),
                "<" => binary(CMP, Lt),
                "<=" => binary(CMP, LtEq),
                ">" => binary(CMP, Gt),
                ">=" => binary(CMP, GtEq),
                "+" => binary(ADD, Add),
                "-" => binary(ADD, Sub),
                "||" => binary(ADD, Concat),
                "*" => binary(MUL, Mul),
                "/" => binary(MUL, Div),
                _ => None,
            },
            _ => None,
        }
    }

    /// Consumes the operator `infix` (of strength `prec`) and its right side.
    fn infix(&mut self, lhs: Expr, infix: Infix, prec: u8) -> R<Expr> {
        let expr = Box::new(lhs);
        if let Infix::Binary(op) = infix {
            self.advance();
            let right = Box::new(self.expr_above(prec + 1)?);
            return Ok(Expr::Binary { op, left: expr, right });
        }
        if let Infix::IsNull = infix {
            self.advance();
            let negated = self.eat_kw("NOT");
            self.expect_kw("NULL", MISSING_NULL)?;
            return Ok(Expr::IsNull { expr, negated });
        }
        if let Infix::Collection = infix {
            return self.multiset_infix(*expr, prec);
        }
        let negated = self.eat_kw("NOT");
        self.advance();
        match infix {
            Infix::In => self.in_rest(expr, negated),
            Infix::Like => {
                let pattern = Box::new(self.expr_above(ADD)?);
                let escape = if self.eat_kw("ESCAPE") {
                    Some(Box::new(self.expr_above(ADD)?))
                } else {
                    None
                };
                Ok(Expr::Like { expr, pattern, escape, negated })
            }
            _ => {
                let low = Box::new(self.expr_above(ADD)?);
                self.expect_kw("AND", MISSING_KEYWORD)?;
                let high = Box::new(self.expr_above(ADD)?);
                Ok(Expr::Between { expr, low, high, negated })
            }
        }
    }

    /// After `[NOT] IN`: `(subquery)` or `(expr, ...)`.
    fn in_rest(&mut self, expr: Box<Expr>, negated: bool) -> R<Expr> {
        if self.is_sym("(") && self.is_kw_at(1, "SELECT") {
            self.advance();
            let query = Box::new(self.query()?);
            self.expect_sym(")", MISSING_RIGHT_PAREN)?;
            return Ok(Expr::InSubquery { expr, query, negated });
        }
        let list = self.paren_list(Self::expr)?;
        Ok(Expr::InList { expr, list, negated })
    }

    /// A primary, possibly behind prefix operators (`NOT`, unary `-` and `+`).
    fn prefix(&mut self) -> R<Expr> {
        let op = match &self.peek().tok {
            Tok::Word(w) if w == "NOT" => UnaryOp::Not,
            Tok::Sym("-") => UnaryOp::Neg,
            Tok::Sym("+") => UnaryOp::Plus,
            _ => return self.primary(),
        };
        self.advance();
        let operand = self.expr_above(if op == UnaryOp::Not { NOT } else { UNARY })?;
        Ok(match (op, operand) {
            (UnaryOp::Not, Expr::Exists { query, negated }) => {
                Expr::Exists { query, negated: !negated }
            }
            (op, operand) => Expr::Unary { op, expr: Box::new(operand) },
        })
    }

    /// A literal, a name (column, variable, call, cursor attribute), CASE, EXISTS, a bind
    /// variable, or a parenthesised expression or subquery.
    fn primary(&mut self) -> R<Expr> {
        let tok = self.peek().clone();
        let literal = |l| Ok(Expr::Literal(l));
        match tok.tok {
            Tok::Num(n) => {
                self.advance();
                literal(Literal::Number(n))
            }
            Tok::Str(s) => {
                self.advance();
                literal(Literal::String(s))
            }
            Tok::Bind(name) => {
                self.advance();
                Ok(Expr::Bind(Ident { name, pos: tok.pos }))
            }
            Tok::Sym("(") => self.parenthesised(),
            Tok::Word(w) => self.word_primary(&w),
            Tok::Quoted(_) => self.name_primary(),
            _ => Err(self.err_expecting(MISSING_EXPRESSION, EXPECTING_EXPRESSION)),
        }
    }

    /// A primary that starts with the (unquoted) word `w`.
    fn word_primary(&mut self, w: &str) -> R<Expr> {
        if let (Tok::Str(s), "DATE" | "TIMESTAMP") = (&self.peek_at(1).tok, w) {
            let s = s.clone();
            self.advance();
            self.advance();
            return Ok(Expr::Literal(if w == "DATE" {
                Literal::Date(s)
            } else {
                Literal::Timestamp(s)
            }));
        }
        let literal = match w {
            "NULL" => Some(Literal::Null),
            "TRUE" => Some(Literal::Bool(true)),
            "FALSE" => Some(Literal::Bool(false)),
            _ => None,
        };
        if let Some(l) = literal {
            self.advance();
            return Ok(Expr::Literal(l));
        }
        match w {
            "CASE" => self.case(),
            "EXISTS" => {
                self.advance();
                self.expect_sym("(", MISSING_LEFT_PAREN)?;
                let query = Box::new(self.query()?);
                self.expect_sym(")", MISSING_RIGHT_PAREN)?;
                Ok(Expr::Exists { query, negated: false })
            }
            _ if is_reserved(w) && !PSEUDO_COLUMNS.contains(&w) => {
                Err(self.err_expecting(MISSING_EXPRESSION, EXPECTING_EXPRESSION))
            }
            _ => self.name_primary(),
        }
    }

    /// `(expr)` or `(subquery)`.
    fn parenthesised(&mut self) -> R<Expr> {
        self.advance();
        let inner = if self.is_kw("SELECT") {
            Expr::Subquery(Box::new(self.query()?))
        } else {
            self.expr()?
        };
        self.expect_sym(")", MISSING_RIGHT_PAREN)?;
        Ok(inner)
    }

    /// A column or variable, a function call `name(args)`, or a cursor attribute `c%FOUND`.
    fn name_primary(&mut self) -> R<Expr> {
        let first = self.any_ident().expect("callers checked for a name");
        self.name_primary_from(first)
    }

    /// [`Parser::name_primary`] after its first identifier.
    fn name_primary_from(&mut self, first: Ident) -> R<Expr> {
        let name = self.dotted(first);
        if self.is_sym("(") {
            let call = self.function_call(name)?;
            // `coll(i).field`: a field of a collection element (PL/SQL).
            if self.is_sym(".") && self.is_name_at(1) {
                self.advance();
                let field = self.any_ident().expect("checked a name follows");
                return Ok(Expr::Field { base: Box::new(call), field });
            }
            return Ok(call);
        }
        let attr = match &self.peek_at(1).tok {
            Tok::Word(a) if CURSOR_ATTRS.contains(&a.as_str()) => a.clone(),
            _ => return Ok(Expr::Column(name)),
        };
        if !self.is_sym("%") || name.parts.len() != 1 {
            return Ok(Expr::Column(name));
        }
        self.advance();
        self.advance();
        if attr.starts_with("BULK_") {
            // `SQL%BULK_ROWCOUNT(i)`, `SQL%BULK_EXCEPTIONS(j).ERROR_CODE`, `.COUNT`: indexed
            // like a collection named `SQL%BULK_...`, which PL/SQL resolves (plsql::forall).
            let pos = name.pos();
            return self
                .name_primary_from(Ident { name: format!("{}%{attr}", name.dotted()), pos });
        }
        Ok(Expr::CursorAttr { cursor: single(name), attr })
    }

    /// `name(args)`, `COUNT(*)`, `COUNT(DISTINCT x)`; the `(` is next.
    fn function_call(&mut self, name: crate::sql::ast::ObjectName) -> R<Expr> {
        self.advance();
        if self.eat_sym("*") {
            self.expect_sym(")", MISSING_RIGHT_PAREN)?;
            return Ok(Expr::Function { name, args: vec![], star: true, distinct: false });
        }
        let distinct = self.eat_kw("DISTINCT") || self.eat_kw("UNIQUE");
        if !distinct {
            self.eat_kw("ALL");
        }
        let args = self.args_after_paren()?;
        Ok(Expr::Function { name, args, star: false, distinct })
    }

    /// Arguments after an opening `(`, through the closing `)`: positional or `name => value`.
    pub(super) fn args_after_paren(&mut self) -> R<Vec<Arg>> {
        if self.eat_sym(")") {
            return Ok(vec![]);
        }
        let args = self.comma_list(|p| {
            let name = if p.is_name_at(0) && p.is_sym_at(1, "=>") {
                let name = p.any_ident();
                p.advance();
                name
            } else {
                None
            };
            Ok(Arg { name, value: p.expr()? })
        })?;
        self.expect_sym(")", MISSING_RIGHT_PAREN)?;
        Ok(args)
    }

    /// `CASE [operand] WHEN a THEN b ... [ELSE c] END`.
    fn case(&mut self) -> R<Expr> {
        self.advance();
        let operand = if self.is_kw("WHEN") { None } else { Some(Box::new(self.expr()?)) };
        let mut whens = Vec::new();
        while self.eat_kw("WHEN") {
            let when = self.expr()?;
            self.expect_kw("THEN", MISSING_KEYWORD)?;
            whens.push((when, self.expr()?));
        }
        if whens.is_empty() {
            return Err(self.err_expecting(MISSING_KEYWORD, "when"));
        }
        let else_ = if self.eat_kw("ELSE") { Some(Box::new(self.expr()?)) } else { None };
        self.expect_kw("END", MISSING_KEYWORD)?;
        Ok(Expr::Case { operand, whens, else_ })
    }
}

/// The predicate a word introduces (`IN`, `LIKE`, `BETWEEN`), if any.
fn word_predicate(word: &str) -> Option<Infix> {
    match word {
        "IN" => Some(Infix::In),
        "LIKE" => Some(Infix::Like),
        "BETWEEN" => Some(Infix::Between),
        _ => None,
    }
}
