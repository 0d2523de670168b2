//! Compiling nested tables and varrays (see [`crate::plsql::collections`]): their types,
//! declarations (atomically NULL, or a constructor), whole-collection assignment,
//! `IS [NOT] NULL`, `=` / `<>`, LIMIT, and EXTEND / TRIM / DELETE checked against the kind.

use std::rc::Rc;

use super::{CR, Entity, Resolved, UnitCompiler, not_declared, other, wrong_args};
use crate::plsql::collections::{CollKind, CollLeaf, CollOp, CollValue, MultisetOp};
use crate::plsql::ir::{CallIr, Callee, Init, Leaf, RecordType, StmtKind, TableType};
use crate::sql::ast::{Arg, BinaryOp, Expr, Ident, Literal, ObjectName, PlType, Pos};
use crate::value::SqlType;

/// PLS-00382, the error for a value of the wrong type.
fn wrong_type(pos: Pos) -> super::Pls {
    other(pos, "PLS-00382: expression is of wrong type")
}

impl UnitCompiler<'_, '_> {
    /// A collection type of `kind` with element type `elem`.
    pub(super) fn coll_type(
        &mut self,
        elem: &PlType,
        kind: CollKind,
        string_keys: bool,
    ) -> CR<Entity> {
        let (elem, scalar) = match self.resolve_type(elem)? {
            Resolved::Scalar(t) => (Rc::new(RecordType { fields: vec![(String::new(), t)] }), true),
            Resolved::Record(r) => (r, false),
            Resolved::Table(_) => {
                return Err(other(0, "PLS-00999: nested collections are not supported"));
            }
        };
        Ok(Entity::TableType(Rc::new(TableType { elem, scalar, string_keys, kind })))
    }

    /// The initialisation of a nested table or varray variable; None for an associative array.
    pub(super) fn dense_init(
        &mut self,
        slot: usize,
        ttype: &Rc<TableType>,
        default: Option<&Expr>,
        line: u32,
    ) -> CR<Option<Init>> {
        if ttype.kind == CollKind::Assoc {
            return Ok(None);
        }
        let value = default.map(|d| self.coll_value(ttype, d)).transpose()?;
        Ok(Some(Init::Dense { slot, ttype: ttype.clone(), value, line }))
    }

    /// `coll := value` for a nested table or varray `target`; None if `target` is not one.
    pub(super) fn dense_assign(
        &mut self,
        target: &ObjectName,
        value: &Expr,
    ) -> CR<Option<StmtKind>> {
        let Some((slot, ttype)) = self.dense_coll(target) else { return Ok(None) };
        let value = self.coll_value(&ttype, value)?;
        Ok(Some(StmtKind::CollAssign(slot, ttype, value)))
    }

    /// A nested table or varray variable named by `name`.
    fn dense_coll(&self, name: &ObjectName) -> Option<(usize, Rc<TableType>)> {
        match self.coll_named(name)? {
            (slot, ttype) if ttype.kind != CollKind::Assoc => Some((slot, ttype)),
            _ => None,
        }
    }

    /// A collection variable named by `name` (one part).
    fn coll_named(&self, name: &ObjectName) -> Option<(usize, Rc<TableType>)> {
        if name.parts.len() != 1 {
            return None;
        }
        match self.find(&name.parts[0].name) {
            Some(Entity::Coll { slot, ttype }) => Some((slot, ttype)),
            _ => None,
        }
    }

    /// NULL, a constructor of `ttype`, or a variable of the same type.
    pub(super) fn coll_value(&mut self, ttype: &Rc<TableType>, value: &Expr) -> CR<CollValue> {
        match value {
            Expr::Literal(Literal::Null) => Ok(CollValue::Null),
            Expr::Column(n) => match self.coll_named(n) {
                Some((from, t)) if Rc::ptr_eq(&t, ttype) => Ok(CollValue::Copy(from)),
                None if let Some(v) = self.package_coll_value(n, ttype)? => Ok(v),
                _ => Err(wrong_type(n.pos())),
            },
            Expr::Function { name, args, .. } if name.object().name.starts_with("MULTISET ") => {
                self.multiset_value(ttype, name, args)
            }
            Expr::Function { name, args, star: false, distinct: false } => {
                self.constructor(ttype, name, args)
            }
            _ => Err(wrong_type(0)),
        }
    }

    /// `a MULTISET UNION | INTERSECT | EXCEPT [DISTINCT] b` of two variables of `ttype`.
    fn multiset_value(
        &mut self,
        ttype: &Rc<TableType>,
        name: &ObjectName,
        args: &[Arg],
    ) -> CR<CollValue> {
        let op_name = &name.object().name;
        let op = match op_name.split(' ').nth(1) {
            Some("UNION") => MultisetOp::Union,
            Some("INTERSECT") => MultisetOp::Intersect,
            _ => MultisetOp::Except,
        };
        let distinct = op_name.ends_with(" DISTINCT");
        let [left, right] = self.nested_pair(args, name.pos())?;
        match (self.coll_named(&left), self.coll_named(&right)) {
            (Some((l, lt)), Some((r, rt))) if Rc::ptr_eq(&lt, ttype) && Rc::ptr_eq(&rt, ttype) => {
                Ok(CollValue::Multiset { op, distinct, left: l, right: r })
            }
            _ => Err(wrong_type(name.pos())),
        }
    }

    /// The two operands of a multiset operator, which must be nested table variables.
    fn nested_pair(&self, args: &[Arg], pos: Pos) -> CR<[ObjectName; 2]> {
        let names: Vec<ObjectName> = args
            .iter()
            .filter_map(|a| match &a.value {
                Expr::Column(n)
                    if self.dense_coll(n).is_some_and(|(_, t)| t.kind == CollKind::Nested) =>
                {
                    Some(n.clone())
                }
                _ => None,
            })
            .collect();
        <[ObjectName; 2]>::try_from(names).map_err(|_| wrong_type(pos))
    }

    /// `CARDINALITY(c)`, `x MEMBER OF c`, `a SUBMULTISET OF b` as leaves; None for any other
    /// call.
    pub(super) fn multiset_ref(
        &mut self,
        name: &ObjectName,
        args: &[Arg],
        leaves: &mut Vec<(usize, Leaf)>,
    ) -> CR<Option<Expr>> {
        if name.parts.len() != 1 {
            return Ok(None);
        }
        let pos = name.pos();
        let (leaf, ty) = match name.parts[0].name.as_str() {
            "CARDINALITY" => match args {
                [Arg { value: Expr::Column(c), name: None }] if self.dense_coll(c).is_some() => {
                    let (slot, _) = self.dense_coll(c).expect("checked");
                    (CollLeaf::Cardinality(slot), SqlType::NUMBER)
                }
                _ => return Ok(None),
            },
            "MEMBER OF" => match args {
                [x, Arg { value: Expr::Column(c), .. }] => {
                    let (slot, _) = self.dense_coll(c).ok_or_else(|| wrong_type(c.pos()))?;
                    let value = Box::new(self.expr(&x.value)?);
                    (CollLeaf::Member { value, slot }, SqlType::Boolean)
                }
                _ => return Err(wrong_type(pos)),
            },
            "SUBMULTISET OF" => {
                let [a, b] = self.nested_pair(args, pos)?;
                let (Some((left, lt)), Some((right, rt))) =
                    (self.coll_named(&a), self.coll_named(&b))
                else {
                    return Err(wrong_type(pos));
                };
                if !Rc::ptr_eq(&lt, &rt) {
                    return Err(wrong_type(pos));
                }
                (CollLeaf::Submultiset { left, right }, SqlType::Boolean)
            }
            _ => return Ok(None),
        };
        Ok(Some(self.leaf(Leaf::Coll(leaf), ty, pos, leaves)))
    }

    /// `t(a, b, ...)` where `t` is `ttype`'s name.
    fn constructor(
        &mut self,
        ttype: &Rc<TableType>,
        name: &ObjectName,
        args: &[Arg],
    ) -> CR<CollValue> {
        let pos = name.pos();
        let found = match name.parts.len() {
            1 => self.find(&name.parts[0].name),
            _ => self.package_table_type(name)?,
        };
        match found {
            Some(Entity::TableType(t)) if Rc::ptr_eq(&t, ttype) => {}
            Some(Entity::TableType(_)) => return Err(wrong_type(pos)),
            _ => return Err(not_declared(&name.dotted(), pos)),
        }
        if !ttype.scalar || args.iter().any(|a| a.name.is_some()) {
            return Err(wrong_args(&name.object().name, pos));
        }
        let elems = args.iter().map(|a| self.expr(&a.value)).collect::<CR<_>>()?;
        Ok(CollValue::Construct(elems))
    }

    /// `coll IS [NOT] NULL` of a nested table or varray, as a leaf; None otherwise.
    pub(super) fn coll_is_null(
        &mut self,
        e: &Expr,
        negated: bool,
        leaves: &mut Vec<(usize, Leaf)>,
    ) -> Option<Expr> {
        let Expr::Column(n) = e else { return None };
        let (slot, _) = self.dense_coll(n)?;
        let leaf = Leaf::Coll(CollLeaf::IsNull { slot, negated });
        Some(self.leaf(leaf, SqlType::Boolean, n.pos(), leaves))
    }

    /// `a = b` / `a <> b` of two nested tables, as a leaf; None otherwise.
    pub(super) fn coll_equal(
        &mut self,
        op: BinaryOp,
        left: &Expr,
        right: &Expr,
        leaves: &mut Vec<(usize, Leaf)>,
    ) -> CR<Option<Expr>> {
        let (Expr::Column(a), Expr::Column(b)) = (left, right) else { return Ok(None) };
        let (Some((l, lt)), Some((r, rt))) = (self.dense_coll(a), self.dense_coll(b)) else {
            return Ok(None);
        };
        let negated = match op {
            BinaryOp::Eq => false,
            BinaryOp::NotEq => true,
            _ => return Err(wrong_type(a.pos())),
        };
        if !Rc::ptr_eq(&lt, &rt) || lt.kind != CollKind::Nested || !lt.scalar {
            return Err(other(
                a.pos(),
                "PLS-00306: wrong number or types of arguments in call to '='",
            ));
        }
        let leaf = Leaf::Coll(CollLeaf::Equal { left: l, right: r, negated });
        Ok(Some(self.leaf(leaf, SqlType::Boolean, a.pos(), leaves)))
    }

    /// `coll.LIMIT`.
    pub(super) fn coll_limit(
        &mut self,
        slot: usize,
        method: &Ident,
        leaves: &mut Vec<(usize, Leaf)>,
    ) -> Expr {
        self.leaf(Leaf::Coll(CollLeaf::Limit(slot)), SqlType::NUMBER, method.pos, leaves)
    }

    /// `coll.EXTEND[(..)]`, `coll.TRIM[(..)]`, and DELETE with arguments of a varray
    /// (PLS-00306: a varray stays dense); None for anything else.
    pub(super) fn coll_procedure(&mut self, name: &ObjectName, args: &[Arg]) -> CR<Option<CallIr>> {
        if name.parts.len() != 2 {
            return Ok(None);
        }
        let Some(Entity::Coll { slot, ttype }) = self.find(&name.parts[0].name) else {
            return Ok(None);
        };
        self.coll_method_call(slot, &ttype, &name.parts[1], args, name.pos())
    }

    /// `coll.method(args)` for EXTEND / TRIM of the collection in `slot`; None for another
    /// method.
    pub(super) fn coll_method_call(
        &mut self,
        slot: usize,
        ttype: &TableType,
        method: &Ident,
        args: &[Arg],
        pos: Pos,
    ) -> CR<Option<CallIr>> {
        let (op, max_args) = match method.name.as_str() {
            "EXTEND" => (CollOp::Extend { width: ttype.elem.fields.len() }, 2),
            "TRIM" => (CollOp::Trim, 1),
            "DELETE" if matches!(ttype.kind, CollKind::Varray(_)) && !args.is_empty() => {
                return Err(wrong_args(&method.name, pos));
            }
            _ => return Ok(None),
        };
        if ttype.kind == CollKind::Assoc || args.len() > max_args {
            return Err(wrong_args(&method.name, pos));
        }
        let args = args
            .iter()
            .map(|a| self.expr(&a.value).map(crate::plsql::ir::ArgIr::any))
            .collect::<CR<_>>()?;
        Ok(Some(CallIr { callee: Callee::Coll(slot, op), name: method.name.clone(), args }))
    }
}
