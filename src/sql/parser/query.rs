//! Queries: SELECT blocks, set operators, FROM (joins, inline views), ORDER BY, FETCH FIRST,
//! FOR UPDATE; and the `[BULK COLLECT] INTO` hook that PL/SQL's SELECT INTO uses.

use super::{Parser, R};
use crate::error::{
    FROM_NOT_FOUND, INVALID_TABLE_NAME, MISSING_BY, MISSING_EXPRESSION, MISSING_KEYWORD,
    MISSING_LEFT_PAREN, MISSING_RIGHT_PAREN, MISSING_SELECT,
};
use crate::sql::ast::{
    Expr, ForUpdate, JoinKind, Literal, LockWait, ObjectName, OrderItem, Query, QueryBody, Select,
    SelectItem, SetOperator, TableRef,
};
use crate::sql::lexer::Tok;

/// Non-reserved words that end a FROM entry instead of being its alias.
const TABLE_ALIAS_STOP: &[&str] =
    &["JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "OUTER", "NATURAL", "FETCH", "OFFSET"];

/// Non-reserved words that end a select item instead of being its alias.
const COLUMN_ALIAS_STOP: &[&str] = &["BULK"];

/// The targets of PL/SQL's `SELECT ... [BULK COLLECT] INTO a, b FROM ...`.
#[derive(Debug, Default)]
pub(super) struct IntoClause {
    /// BULK COLLECT given.
    pub bulk: bool,
    /// The targets; empty if the SELECT had no INTO.
    pub targets: Vec<ObjectName>,
}

impl Parser<'_> {
    /// A query: set operations of SELECT blocks, then ORDER BY, FETCH FIRST, FOR UPDATE.
    pub(super) fn query(&mut self) -> R<Query> {
        self.query_into(None)
    }

    /// A query whose first SELECT may carry `[BULK COLLECT] INTO targets` (stored in `into`).
    pub(super) fn query_into(&mut self, into: Option<&mut IntoClause>) -> R<Query> {
        self.nested(|p| {
            let scope = p.ctes.len();
            let query = p.with_clause().and_then(|()| p.query_rest(into));
            p.ctes.truncate(scope);
            query
        })
    }

    /// `WITH name AS (query | statement), ...` if present: puts the names in scope.
    /// Non-recursive only (as Oracle's subquery factoring without the RECURSIVE forms).
    fn with_clause(&mut self) -> R<()> {
        if !self.eat_kw("WITH") {
            return Ok(());
        }
        loop {
            let name = self.ident(INVALID_TABLE_NAME)?;
            self.expect_kw("AS", MISSING_KEYWORD)?;
            self.expect_sym("(", MISSING_LEFT_PAREN)?;
            let body = self.cte_body()?;
            self.expect_sym(")", MISSING_RIGHT_PAREN)?;
            self.ctes.push((name.name, body));
            if !self.eat_sym(",") {
                return Ok(());
            }
        }
    }

    /// A query after its WITH clause.
    fn query_rest(&mut self, into: Option<&mut IntoClause>) -> R<Query> {
        {
            let p = self;
            let first = match into {
                Some(into) => QueryBody::Select(Box::new(p.select(Some(into))?)),
                None => p.query_primary()?,
            };
            let body = p.set_operations(first)?;
            let order_by = p.order_by()?;
            let fetch_first = p.fetch_first()?;
            let for_update = p.for_update()?;
            Ok(Query { body, order_by, fetch_first, for_update })
        }
    }

    /// `SELECT ...` or `(query)`.
    fn query_primary(&mut self) -> R<QueryBody> {
        if self.eat_sym("(") {
            let q = self.query()?;
            self.expect_sym(")", MISSING_RIGHT_PAREN)?;
            return Ok(QueryBody::Nested(Box::new(q)));
        }
        if !self.is_kw("SELECT") {
            return Err(self.err_expecting(MISSING_SELECT, "select"));
        }
        Ok(QueryBody::Select(Box::new(self.select(None)?)))
    }

    /// UNION [ALL] / INTERSECT / MINUS, all one level, left-associative.
    fn set_operations(&mut self, mut left: QueryBody) -> R<QueryBody> {
        loop {
            let op = if self.eat_kw("UNION") {
                if self.eat_kw("ALL") { SetOperator::UnionAll } else { SetOperator::Union }
            } else if self.eat_kw("INTERSECT") {
                SetOperator::Intersect
            } else if self.eat_kw("MINUS") {
                SetOperator::Minus
            } else {
                return Ok(left);
            };
            let right = self.query_primary()?;
            left = QueryBody::SetOp { op, left: Box::new(left), right: Box::new(right) };
        }
    }

    /// One SELECT block; `into` collects PL/SQL's INTO clause after the select list.
    fn select(&mut self, into: Option<&mut IntoClause>) -> R<Select> {
        let pos = self.expect_kw("SELECT", MISSING_SELECT)?;
        let distinct = self.eat_kw("DISTINCT") || self.eat_kw("UNIQUE");
        if !distinct {
            self.eat_kw("ALL");
        }
        let items = self.comma_list(Self::select_item)?;
        if let Some(into) = into {
            self.read_into_clause(into)?;
        }
        if !self.eat_kw("FROM") {
            return Err(self.err_expecting(FROM_NOT_FOUND, "from"));
        }
        let from = self.comma_list(Self::table_ref)?;
        let where_ = if self.eat_kw("WHERE") { Some(self.expr()?) } else { None };
        let group_by = if self.eat_kw("GROUP") {
            self.expect_kw("BY", MISSING_BY)?;
            self.comma_list(Self::expr)?
        } else {
            vec![]
        };
        let having = if self.eat_kw("HAVING") { Some(self.expr()?) } else { None };
        Ok(Select { distinct, items, from, where_, group_by, having, pos })
    }

    /// `[BULK COLLECT] INTO target, ...`, if present.
    pub(super) fn read_into_clause(&mut self, into: &mut IntoClause) -> R<()> {
        if self.eat_kw("BULK") {
            self.expect_kw("COLLECT", MISSING_KEYWORD)?;
            into.bulk = true;
            self.expect_kw("INTO", MISSING_KEYWORD)?;
        } else if !self.eat_kw("INTO") {
            return Ok(());
        }
        into.targets = self.comma_list(|p| p.fetch_target())?;
        Ok(())
    }

    /// `*`, `t.*`, or `expr [[AS] alias]`.
    fn select_item(&mut self) -> R<SelectItem> {
        let pos = self.pos();
        if self.eat_sym("*") {
            // Oracle allows a bare `*` only as the whole select list.
            if self.is_sym(",") {
                return Err(self.err_expecting(FROM_NOT_FOUND, "from"));
            }
            return Ok(SelectItem::Wildcard { pos });
        }
        if self.is_name_at(0) && self.is_sym_at(1, ".") && self.is_sym_at(2, "*") {
            let qualifier = self.any_ident().expect("checked by is_name_at");
            self.advance();
            self.advance();
            return Ok(SelectItem::QualifiedWildcard { qualifier });
        }
        let start = self.i;
        let expr = self.expr()?;
        let text = self.heading_since(start);
        let alias = self.alias(true, COLUMN_ALIAS_STOP)?;
        Ok(SelectItem::Expr { expr, alias, text })
    }

    /// A FROM entry: a table or inline view followed by any number of joins.
    fn table_ref(&mut self) -> R<TableRef> {
        let mut left = self.table_factor()?;
        while let Some(kind) = self.join_kind()? {
            let right = Box::new(self.table_factor()?);
            let on = if kind == JoinKind::Cross {
                None
            } else {
                self.expect_kw("ON", MISSING_KEYWORD)?;
                Some(self.expr()?)
            };
            left = TableRef::Join { kind, left: Box::new(left), right, on };
        }
        Ok(left)
    }

    /// Consumes `[INNER | LEFT [OUTER] | RIGHT [OUTER] | FULL [OUTER] | CROSS] JOIN` if next.
    fn join_kind(&mut self) -> R<Option<JoinKind>> {
        if self.eat_kw("JOIN") {
            return Ok(Some(JoinKind::Inner));
        }
        let kind = match &self.peek().tok {
            Tok::Word(w) => match w.as_str() {
                "INNER" => JoinKind::Inner,
                "LEFT" => JoinKind::Left,
                "RIGHT" => JoinKind::Right,
                "FULL" => JoinKind::Full,
                "CROSS" => JoinKind::Cross,
                _ => return Ok(None),
            },
            _ => return Ok(None),
        };
        self.advance();
        if matches!(kind, JoinKind::Left | JoinKind::Right | JoinKind::Full) {
            self.eat_kw("OUTER");
        }
        self.expect_kw("JOIN", MISSING_KEYWORD)?;
        Ok(Some(kind))
    }

    /// `name [alias]` or `(query) [alias]`.
    fn table_factor(&mut self) -> R<TableRef> {
        if self.eat_sym("[") {
            let query = Box::new(self.bracketed_row_source()?);
            let alias = self.table_alias()?;
            return Ok(TableRef::Subquery { query, alias });
        }
        if self.eat_sym("(") {
            let query = Box::new(self.query()?);
            self.expect_sym(")", MISSING_RIGHT_PAREN)?;
            let alias = self.alias(false, TABLE_ALIAS_STOP)?;
            return Ok(TableRef::Subquery { query, alias });
        }
        if self.is_kw("TABLE") && self.is_sym_at(1, "(") {
            return self.collection_factor();
        }
        let name = self.object_name(INVALID_TABLE_NAME)?;
        let alias = self.alias(false, TABLE_ALIAS_STOP)?;
        if let [one] = name.parts.as_slice()
            && let Some((_, cte)) = self.ctes.iter().rev().find(|(n, _)| *n == one.name)
        {
            // A CTE reference is an inline view of the CTE's query, named by the CTE.
            let alias = alias.or_else(|| Some(one.clone()));
            return Ok(TableRef::Subquery { query: Box::new(cte.clone()), alias });
        }
        Ok(TableRef::Named { name, alias })
    }

    /// `TABLE(expr) [alias]`, TABLE next.
    fn collection_factor(&mut self) -> R<TableRef> {
        self.advance();
        self.advance();
        let expr = self.expr()?;
        self.expect_sym(")", MISSING_RIGHT_PAREN)?;
        let alias = self.alias(false, TABLE_ALIAS_STOP)?;
        Ok(TableRef::Collection { expr, alias })
    }

    /// A FROM entry's alias, Oracle's bare form or CockroachDB's `AS alias` (after `[...]`).
    fn table_alias(&mut self) -> R<Option<crate::sql::ast::Ident>> {
        self.alias(true, TABLE_ALIAS_STOP)
    }

    /// `ORDER BY expr [ASC | DESC] [NULLS FIRST | NULLS LAST], ...` if present.
    fn order_by(&mut self) -> R<Vec<OrderItem>> {
        if !self.eat_kw("ORDER") {
            return Ok(vec![]);
        }
        self.expect_kw("BY", MISSING_BY)?;
        self.comma_list(|p| {
            let expr = p.expr()?;
            let desc = p.eat_kw("DESC");
            if !desc {
                p.eat_kw("ASC");
            }
            let nulls_first = if p.eat_kw("NULLS") {
                if p.eat_kw("FIRST") {
                    Some(true)
                } else {
                    p.expect_kw("LAST", MISSING_KEYWORD)?;
                    Some(false)
                }
            } else {
                None
            };
            Ok(OrderItem { expr, desc, nulls_first })
        })
    }

    /// `FETCH FIRST | NEXT [n] ROW | ROWS ONLY` if present (no n means one row).
    fn fetch_first(&mut self) -> R<Option<Expr>> {
        if !self.eat_kw("FETCH") {
            return Ok(None);
        }
        if !self.eat_kw("FIRST") {
            self.expect_kw("NEXT", MISSING_KEYWORD)?;
        }
        let count = if self.is_any_kw(&["ROW", "ROWS"]) {
            Expr::Literal(Literal::Number("1".into()))
        } else {
            self.expr()?
        };
        if !self.eat_kw("ROWS") {
            self.expect_kw("ROW", MISSING_KEYWORD)?;
        }
        self.expect_kw("ONLY", MISSING_KEYWORD)?;
        Ok(Some(count))
    }

    /// `FOR UPDATE [OF col, ...] [NOWAIT | WAIT n | SKIP LOCKED]` if present.
    fn for_update(&mut self) -> R<Option<ForUpdate>> {
        if !(self.is_kw("FOR") && self.is_kw_at(1, "UPDATE")) {
            return Ok(None);
        }
        self.advance();
        self.advance();
        if self.eat_kw("OF") {
            self.comma_list(|p| p.object_name(crate::error::INVALID_IDENTIFIER))?;
        }
        let wait = if self.eat_kw("NOWAIT") {
            LockWait::NoWait
        } else if self.eat_kw("WAIT") {
            LockWait::Seconds(self.unsigned(MISSING_EXPRESSION)?)
        } else if self.eat_kw("SKIP") {
            self.expect_kw("LOCKED", MISSING_KEYWORD)?;
            LockWait::SkipLocked
        } else {
            LockWait::Forever
        };
        Ok(Some(ForUpdate { wait }))
    }

    /// An unsigned integer literal that fits in `u32`; otherwise `code`.
    pub(super) fn unsigned(&mut self, code: crate::error::Code) -> R<u32> {
        match &self.peek().tok {
            Tok::Num(n) => match n.parse::<u32>() {
                Ok(v) => {
                    self.advance();
                    Ok(v)
                }
                Err(_) => Err(self.err(code)),
            },
            _ => Err(self.err_expecting(code, "<an integer>")),
        }
    }
}
