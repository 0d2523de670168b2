//! Compiling FORALL (see [`crate::plsql::forall`]) and the bulk attributes
//! `SQL%BULK_ROWCOUNT(i)`, `SQL%BULK_EXCEPTIONS.COUNT`, `SQL%BULK_EXCEPTIONS(j).ERROR_INDEX`
//! and `.ERROR_CODE` (the parser names them `SQL%BULK_...`).

use std::rc::Rc;

use super::{CR, Entity, UnitCompiler, not_declared, other};
use crate::plsql::forall::{BulkAttr, ForallIr, ForallSource};
use crate::plsql::ir::{Leaf, NameValue, StmtKind};
use crate::sql::ast::{Arg, Expr, ForallBounds, Ident, InsertSource, ObjectName, Statement};
use crate::value::SqlType;

impl UnitCompiler<'_, '_> {
    /// `FORALL index IN bounds [SAVE EXCEPTIONS] stmt`.
    pub(super) fn forall(
        &mut self,
        index: &Ident,
        bounds: &ForallBounds,
        save_exceptions: bool,
        stmt: &Statement,
    ) -> CR<StmtKind> {
        let source = match bounds {
            ForallBounds::Range(lo, hi) => ForallSource::Range(self.expr(lo)?, self.expr(hi)?),
            ForallBounds::Indices(coll, between) => {
                let between = between.as_ref().map(|(lo, hi)| Ok((self.expr(lo)?, self.expr(hi)?)));
                ForallSource::Indices(self.coll_slot(coll)?, between.transpose()?)
            }
            ForallBounds::Values(coll) => ForallSource::Values(self.coll_slot(coll)?),
        };
        let mark = self.scope.len();
        let slot = self.new_slot(SqlType::NUMBER);
        self.scope.push((
            index.name.clone(),
            Entity::Var { slot, ty: SqlType::NUMBER, constant: true, not_null: false },
        ));
        let compiled = self.forall_statement(stmt, Some(index));
        self.scope.truncate(mark);
        let (stmt, elems, names) = compiled?;
        Ok(StmtKind::Forall(Box::new(ForallIr {
            index: slot,
            source,
            save_exceptions,
            elems,
            stmt: Rc::new(stmt),
            names: Rc::new(names),
        })))
    }

    /// Embedded INSERT / UPDATE / DELETE that reads collection elements (`VALUES (ids(i))`):
    /// a FORALL of one run, which binds them; None if it reads none.
    pub(super) fn dml_with_elements(&mut self, stmt: &Statement) -> CR<Option<StmtKind>> {
        if !matches!(stmt, Statement::Insert(_) | Statement::Update(_) | Statement::Delete(_)) {
            return Ok(None);
        }
        let (stmt, elems, names) = self.forall_statement(stmt, None)?;
        if elems.is_empty() {
            return Ok(None);
        }
        Ok(Some(StmtKind::Forall(Box::new(ForallIr {
            index: self.new_slot(SqlType::NUMBER),
            source: ForallSource::Once,
            save_exceptions: false,
            elems,
            stmt: Rc::new(stmt),
            names: Rc::new(names),
        }))))
    }

    fn coll_slot(&self, name: &Ident) -> CR<usize> {
        match self.find(&name.name) {
            Some(Entity::Coll { slot, .. }) => Ok(slot),
            _ => Err(not_declared(&name.name, name.pos)),
        }
    }

    /// The statement with each `coll(i)[.field]` renamed to a slot name, the element reads
    /// that fill those slots, and the names the statement may bind.
    #[allow(clippy::type_complexity)]
    fn forall_statement(
        &mut self,
        stmt: &Statement,
        index: Option<&Ident>,
    ) -> CR<(Statement, Vec<(usize, Leaf)>, crate::plsql::ir::SqlNames)> {
        let mut stmt = stmt.clone();
        let mut elems = Vec::new();
        let exprs: Vec<&mut Expr> = match &mut stmt {
            Statement::Insert(ins) => match &mut ins.source {
                InsertSource::Values(values) => values.iter_mut().collect(),
                InsertSource::Query(_) => vec![],
            },
            Statement::Update(u) => {
                u.assignments.iter_mut().map(|(_, e)| e).chain(u.where_.as_mut()).collect()
            }
            Statement::Delete(d) => d.where_.as_mut().into_iter().collect(),
            _ => return Err(other(0, "PLS-00999: FORALL runs INSERT, UPDATE or DELETE")),
        };
        for e in exprs {
            self.bind_elements(e, index, &mut elems)?;
        }
        let mut names = self.sql_names();
        for (slot, _) in &elems {
            names.entries.push((vec![format!("$E{slot}")], NameValue::Slot(*slot)));
        }
        Ok((stmt, elems, names))
    }

    /// Replaces the collection elements in `e` by `$E<slot>` names; the index anywhere else
    /// is PLS-00430.
    fn bind_elements(
        &mut self,
        e: &mut Expr,
        index: Option<&Ident>,
        elems: &mut Vec<(usize, Leaf)>,
    ) -> CR<()> {
        if let (Expr::Column(n), Some(index)) = (&e, index)
            && n.parts.len() == 1
            && n.parts[0].name == index.name
        {
            return Err(other(
                n.pos(),
                format!(
                    "PLS-00430: FORALL iteration variable {} is not allowed in this context",
                    index.name
                ),
            ));
        }
        if let Some((slot, leaf)) = self.element_read(e)? {
            let pos = e_pos(e);
            elems.push((slot, leaf));
            *e = Expr::Column(ObjectName { parts: vec![Ident { name: format!("$E{slot}"), pos }] });
            return Ok(());
        }
        for child in children(e) {
            self.bind_elements(child, index, elems)?;
        }
        Ok(())
    }

    /// `coll(i)` or `coll(i).field` as an element read into a new slot.
    fn element_read(&mut self, e: &Expr) -> CR<Option<(usize, Leaf)>> {
        let (call, field) = match e {
            Expr::Field { base, field } => (&**base, Some(field)),
            other => (other, None),
        };
        let Expr::Function { name, args, .. } = call else { return Ok(None) };
        let Some(Entity::Coll { slot: coll, ttype }) = (name.parts.len() == 1 && args.len() == 1)
            .then(|| self.find(&name.parts[0].name))
            .flatten()
        else {
            return Ok(None);
        };
        let field = match field {
            None if ttype.scalar => 0,
            Some(f) if !ttype.scalar => ttype
                .elem
                .fields
                .iter()
                .position(|(n, _)| *n == f.name)
                .ok_or_else(|| not_declared(&f.name, f.pos))?,
            _ => return Ok(None),
        };
        let index = Box::new(self.expr(&args[0].value)?);
        let slot = self.new_slot(ttype.elem.fields[field].1);
        Ok(Some((slot, Leaf::Elem { coll, index, field })))
    }

    /// `SQL%BULK_ROWCOUNT(i)`, `SQL%BULK_EXCEPTIONS.COUNT`, `SQL%BULK_EXCEPTIONS(j).field`
    /// as a leaf; None for any other name.
    pub(super) fn bulk_ref(
        &mut self,
        name: &ObjectName,
        args: Option<&[Arg]>,
        field: Option<&Ident>,
        leaves: &mut Vec<(usize, Leaf)>,
    ) -> CR<Option<Expr>> {
        let first = &name.parts[0];
        if !first.name.starts_with("SQL%BULK_") {
            return Ok(None);
        }
        let rest: Vec<&str> = name.parts[1..].iter().map(|p| p.name.as_str()).collect();
        let at = |c: &mut Self| -> CR<Box<crate::plsql::ir::PExpr>> {
            match args {
                Some([a]) => Ok(Box::new(c.expr(&a.value)?)),
                _ => Err(not_declared(&first.name, first.pos)),
            }
        };
        let attr = match (first.name.as_str(), rest.as_slice(), field.map(|f| f.name.as_str())) {
            ("SQL%BULK_ROWCOUNT", [], None) => BulkAttr::RowCount(at(self)?),
            ("SQL%BULK_EXCEPTIONS", ["COUNT"], None) if args.is_none() => BulkAttr::ExceptionCount,
            ("SQL%BULK_EXCEPTIONS", [], Some("ERROR_INDEX")) => BulkAttr::ErrorIndex(at(self)?),
            ("SQL%BULK_EXCEPTIONS", [], Some("ERROR_CODE")) => BulkAttr::ErrorCode(at(self)?),
            _ => return Err(not_declared(&name.dotted(), first.pos)),
        };
        Ok(Some(self.leaf(Leaf::Bulk(attr), SqlType::NUMBER, first.pos, leaves)))
    }
}

fn e_pos(e: &Expr) -> crate::sql::ast::Pos {
    match e {
        Expr::Field { field, .. } => field.pos,
        Expr::Function { name, .. } => name.pos(),
        _ => 0,
    }
}

/// The direct subexpressions of `e` (subqueries left alone: FORALL binds the statement's
/// own expressions).
fn children(e: &mut Expr) -> Vec<&mut Expr> {
    match e {
        Expr::Unary { expr, .. } | Expr::IsNull { expr, .. } => vec![&mut **expr],
        Expr::Binary { left, right, .. } => vec![&mut **left, &mut **right],
        Expr::InList { expr, list, .. } => {
            std::iter::once(&mut **expr).chain(list.iter_mut()).collect()
        }
        Expr::Between { expr, low, high, .. } => vec![&mut **expr, &mut **low, &mut **high],
        Expr::Like { expr, pattern, escape, .. } => std::iter::once(&mut **expr)
            .chain([&mut **pattern])
            .chain(escape.as_deref_mut())
            .collect(),
        Expr::Case { operand, whens, else_ } => operand
            .as_deref_mut()
            .into_iter()
            .chain(whens.iter_mut().flat_map(|(w, t)| [w, t]))
            .chain(else_.as_deref_mut())
            .collect(),
        Expr::Function { args, .. } => args.iter_mut().map(|a| &mut a.value).collect(),
        Expr::Field { base, .. } => vec![&mut **base],
        _ => vec![],
    }
}
