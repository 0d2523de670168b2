//! Compiling uses of a user package's public types and composite variables from outside the
//! package (see [`crate::plsql::user_packages`]): `v pkg.t;` for a record or collection type
//! of the spec, `pkg.t(a, b)` constructors, `pkg.rec.field` and whole `pkg.rec` read and
//! assigned, `pkg.list(i)` read and assigned, `pkg.list.COUNT | FIRST | LAST | LIMIT`,
//! `pkg.list.EXISTS | NEXT | PRIOR(i)`, `pkg.list.DELETE | EXTEND | TRIM`, and whole
//! `pkg.list` copied both ways.
//!
//! The types are the compiled spec's own [`RecordType`] / [`TableType`] (the spec's compiled
//! form is cached while it is unchanged), so a variable declared `pkg.t` has the same type as
//! one the package declares, and a local type of the same shape does not (PLS-00382,
//! PLS-00306). Record fields reach the instance through a [`PackageRef`] with a field number;
//! collection elements and methods through [`Leaf::PackageColl`], [`Target::PackageElem`] and
//! [`Callee::PackageColl`], whose inner item's slot is the instance frame's and whose index
//! or arguments are evaluated in the caller's frame first; whole copies through
//! [`StmtKind::PackageCollAssign`] and [`StmtKind::PackageRecord`].

use std::rc::Rc;

use super::{CR, Entity, Resolved, UnitCompiler, other, wrong_args};
use crate::plsql::collections::{CollKind, CollLeaf, CollValue};
use crate::plsql::ir::{
    ArgIr, CallIr, Callee, Leaf, PackageRef, RecordType, StmtKind, TableType, Target,
};
use crate::plsql::packages::{Formal, FormalKind};
use crate::plsql::user_packages::Member;
use crate::sql::ast::{Arg, Expr, Ident, ObjectName, Pos};
use crate::value::SqlType;

/// A public collection or record of a package: how to reach it, its (first) slot in the
/// instance, its type.
type PackageItem<T> = (Rc<PackageRef>, usize, Rc<T>);

/// PLS-00302 for `part`.
fn no_component(part: &Ident) -> super::Pls {
    other(part.pos, format!("PLS-00302: component '{}' must be declared", part.name))
}

impl UnitCompiler<'_, '_> {
    /// The record or collection type `pkg.t` names; None if `name` is not a package member.
    pub(super) fn package_type(&mut self, name: &ObjectName) -> CR<Option<Resolved>> {
        Ok(match self.package_member(name)? {
            Some((_, Entity::RecordType(r))) => Some(Resolved::Record(r)),
            Some((_, Entity::TableType(t))) => Some(Resolved::Table(t)),
            Some(_) => {
                return Err(other(
                    name.pos(),
                    format!("PLS-00488: '{}' must be a type", name.dotted()),
                ));
            }
            None => None,
        })
    }

    /// The collection type `pkg.t` of a constructor `pkg.t(...)`; None if `name` is not a
    /// package member.
    pub(super) fn package_table_type(&self, name: &ObjectName) -> CR<Option<Entity>> {
        Ok(self.package_member(name)?.map(|(_, e)| e))
    }

    /// `pkg.member` and the part after it, for a name of three or more parts.
    fn package_prefix<'n>(&self, name: &'n ObjectName) -> CR<Option<(Member, &'n Ident)>> {
        let Some((last, prefix)) = name.parts.split_last() else { return Ok(None) };
        if prefix.len() < 2 {
            return Ok(None);
        }
        let prefix = ObjectName { parts: prefix.to_vec() };
        Ok(self.package_member(&prefix)?.map(|m| (m, last)))
    }

    /// `pkg.rec.field` as a reference to the instance: the field's number and type.
    fn package_field(
        &self,
        r: &PackageRef,
        rtype: &RecordType,
        field: &Ident,
    ) -> CR<Rc<PackageRef>> {
        let i = rtype.fields.iter().position(|(f, _)| *f == field.name);
        let i = i.ok_or_else(|| no_component(field))?;
        let r = PackageRef {
            owner: r.owner.clone(),
            package: r.package.clone(),
            member: r.member.clone(),
            field: Some(i),
        };
        Ok(Rc::new(r))
    }

    /// `pkg.rec.field` or `pkg.list.COUNT | FIRST | LAST` in an expression; None for
    /// anything else.
    pub(super) fn package_item_ref(
        &mut self,
        name: &ObjectName,
        leaves: &mut Vec<(usize, Leaf)>,
    ) -> CR<Option<Expr>> {
        let Some(((r, entity), last)) = self.package_prefix(name)? else { return Ok(None) };
        let pos = name.pos();
        let (leaf, ty) = match entity {
            Entity::Record { rtype, .. } => {
                let fr = self.package_field(&r, &rtype, last)?;
                let ty = rtype.fields[fr.field.unwrap_or(0)].1;
                (Leaf::PackageVar(fr), ty)
            }
            Entity::Coll { slot, .. } => {
                let inner = match last.name.as_str() {
                    "COUNT" => Leaf::Method { coll: slot, method: "COUNT", arg: None },
                    "FIRST" => Leaf::Method { coll: slot, method: "FIRST", arg: None },
                    "LAST" => Leaf::Method { coll: slot, method: "LAST", arg: None },
                    "LIMIT" => Leaf::Coll(CollLeaf::Limit(slot)),
                    _ => return Err(no_component(last)),
                };
                (Leaf::PackageColl(r, Box::new(inner)), SqlType::NUMBER)
            }
            _ => return Err(no_component(last)),
        };
        Ok(Some(self.leaf(leaf, ty, pos, leaves)))
    }

    /// `pkg.list(i)` or `pkg.list.EXISTS | NEXT | PRIOR(i)`; None for anything else.
    pub(super) fn package_coll_ref(
        &mut self,
        name: &ObjectName,
        args: &[Arg],
        leaves: &mut Vec<(usize, Leaf)>,
    ) -> CR<Option<Expr>> {
        let [arg] = args else { return Ok(None) };
        let pos = name.pos();
        if let Some((r, Entity::Coll { slot, ttype })) = self.package_member(name)? {
            let index = Box::new(self.expr(&arg.value)?);
            let ty = ttype.elem.fields[0].1;
            let inner = Leaf::Elem { coll: slot, index, field: 0 };
            return Ok(Some(self.leaf(Leaf::PackageColl(r, Box::new(inner)), ty, pos, leaves)));
        }
        let Some(((r, Entity::Coll { slot, .. }), last)) = self.package_prefix(name)? else {
            return Ok(None);
        };
        let method = match last.name.as_str() {
            "EXISTS" => "EXISTS",
            "NEXT" => "NEXT",
            "PRIOR" => "PRIOR",
            _ => return Err(no_component(last)),
        };
        let arg = Some(Box::new(self.expr(&arg.value)?));
        let ty = if method == "EXISTS" { SqlType::Boolean } else { SqlType::NUMBER };
        let inner = Leaf::Method { coll: slot, method, arg };
        Ok(Some(self.leaf(Leaf::PackageColl(r, Box::new(inner)), ty, pos, leaves)))
    }

    /// `pkg.rec.field` as an assignment target; None if `name` is not one.
    pub(super) fn package_field_target(&self, name: &ObjectName) -> CR<Option<Target>> {
        let Some(((r, Entity::Record { rtype, .. }), last)) = self.package_prefix(name)? else {
            return Ok(None);
        };
        let r = self.package_field(&r, &rtype, last)?;
        let ty = rtype.fields[r.field.unwrap_or(0)].1;
        Ok(Some(Target::PackageVar { r, ty, not_null: false }))
    }

    /// PLS-00306 unless each collection argument has its formal's very type: a package's
    /// `TABLE OF NUMBER` is not a local one of the same shape (the binding itself only
    /// checks that the actual is a collection, which built-in packages' formals need).
    pub(super) fn check_coll_args(
        &self,
        formals: &[Formal],
        actuals: &[Arg],
        name: &str,
        pos: Pos,
    ) -> CR<()> {
        for (i, a) in actuals.iter().enumerate() {
            let formal = match &a.name {
                Some(n) => formals.iter().find(|f| f.name == n.name),
                None => formals.get(i),
            };
            let (Some(Formal { kind: FormalKind::Coll(want), .. }), Expr::Column(n)) =
                (formal, &a.value)
            else {
                continue;
            };
            let found = (n.parts.len() == 1).then(|| self.find(&n.parts[0].name)).flatten();
            if let Some(Entity::Coll { ttype, .. }) = found
                && !Rc::ptr_eq(&ttype, want)
            {
                return Err(wrong_args(name, pos));
            }
        }
        Ok(())
    }

    /// `pkg.list(i)[.field]` as an assignment target; None if `name` is not a package
    /// collection.
    pub(super) fn package_elem_target(
        &mut self,
        name: &ObjectName,
        index: &Expr,
        field: Option<&Ident>,
    ) -> CR<Option<Target>> {
        if name.parts.len() < 2 || self.find(&name.parts[0].name).is_some() {
            return Ok(None);
        }
        let Some((r, Entity::Coll { slot, ttype })) = self.package_member(name)? else {
            return Ok(None);
        };
        let inner = self.elem_of(slot, ttype, index, field)?;
        Ok(Some(Target::PackageElem(r, Box::new(inner))))
    }

    /// `pkg.list.DELETE[(..)]`, `pkg.list.EXTEND[(..)]`, `pkg.list.TRIM[(..)]`; None for
    /// anything else.
    pub(super) fn package_coll_procedure(
        &mut self,
        name: &ObjectName,
        args: &[Arg],
    ) -> CR<Option<CallIr>> {
        if self.find(&name.parts[0].name).is_some() {
            return Ok(None);
        }
        let Some(((r, Entity::Coll { slot, ttype }), method)) = self.package_prefix(name)? else {
            return Ok(None);
        };
        let call = match self.coll_method_call(slot, &ttype, method, args, name.pos())? {
            Some(c) => c,
            None if method.name == "DELETE" => {
                let args = args.iter().map(|a| self.expr(&a.value).map(ArgIr::any));
                let args = args.collect::<CR<_>>()?;
                CallIr { callee: Callee::CollDelete(slot), name: method.name.clone(), args }
            }
            None => return Err(no_component(method)),
        };
        let callee = Callee::PackageColl(r, Box::new(call.callee));
        Ok(Some(CallIr { callee, ..call }))
    }

    /// A public collection of a package named by `name` (not shadowed by a local name).
    fn package_coll(&self, name: &ObjectName) -> CR<Option<PackageItem<TableType>>> {
        if name.parts.len() < 2 || self.find(&name.parts[0].name).is_some() {
            return Ok(None);
        }
        Ok(match self.package_member(name)? {
            Some((r, Entity::Coll { slot, ttype })) => Some((r, slot, ttype)),
            _ => None,
        })
    }

    /// `pkg.list` as the value of a collection of `ttype` (PLS-00382 if of another type);
    /// None if `name` is not a package collection.
    pub(super) fn package_coll_value(
        &self,
        name: &ObjectName,
        ttype: &Rc<TableType>,
    ) -> CR<Option<CollValue>> {
        let Some((r, slot, t)) = self.package_coll(name)? else { return Ok(None) };
        if !Rc::ptr_eq(&t, ttype) {
            return Err(other(name.pos(), "PLS-00382: expression is of wrong type"));
        }
        Ok(Some(CollValue::Package(r, slot)))
    }

    /// `pkg.list := value` and `local := pkg.list` for an associative array `local` (nested
    /// tables and varrays take `pkg.list` as any collection value); None for other
    /// assignments.
    pub(super) fn package_coll_assign(
        &mut self,
        target: &ObjectName,
        value: &Expr,
    ) -> CR<Option<StmtKind>> {
        if let Some((r, slot, ttype)) = self.package_coll(target)? {
            let value = self.coll_value(&ttype, value)?;
            let scratch = self.n_colls;
            self.n_colls += 1;
            return Ok(Some(StmtKind::PackageCollAssign { r, slot, scratch, ttype, value }));
        }
        let (Expr::Column(src), [local]) = (value, target.parts.as_slice()) else {
            return Ok(None);
        };
        match self.find(&local.name) {
            Some(Entity::Coll { slot, ttype }) if ttype.kind == CollKind::Assoc => {
                let Some(v) = self.package_coll_value(src, &ttype)? else { return Ok(None) };
                Ok(Some(StmtKind::CollAssign(slot, ttype, v)))
            }
            _ => Ok(None),
        }
    }

    /// `local := pkg.rec` and `pkg.rec := local` for records of the same type (PLS-00382
    /// otherwise); None for other assignments.
    pub(super) fn package_record_assign(
        &self,
        target: &ObjectName,
        value: &Expr,
    ) -> CR<Option<StmtKind>> {
        let Expr::Column(source) = value else { return Ok(None) };
        let local_record = |n: &ObjectName| match n.parts.as_slice() {
            [one] => match self.find(&one.name) {
                Some(Entity::Record { base, rtype }) => Some((base, rtype)),
                _ => None,
            },
            _ => None,
        };
        let package_record = |n: &ObjectName| -> CR<Option<PackageItem<RecordType>>> {
            if n.parts.len() < 2 || self.find(&n.parts[0].name).is_some() {
                return Ok(None);
            }
            Ok(match self.package_member(n)? {
                Some((r, Entity::Record { base, rtype })) => Some((r, base, rtype)),
                _ => None,
            })
        };
        let (local, package, into_package) = match (local_record(target), local_record(source)) {
            (Some(l), None) => (l, package_record(source)?, false),
            (None, Some(l)) => (l, package_record(target)?, true),
            _ => return Ok(None),
        };
        let Some((r, package_base, rtype)) = package else { return Ok(None) };
        if !Rc::ptr_eq(&local.1, &rtype) {
            return Err(other(source.pos(), "PLS-00382: expression is of wrong type"));
        }
        let width = rtype.fields.len();
        Ok(Some(StmtKind::PackageRecord {
            r,
            package_base,
            local_base: local.0,
            width,
            into_package,
        }))
    }
}
