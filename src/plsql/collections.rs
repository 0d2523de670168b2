//! Nested tables (`TABLE OF x`) and varrays (`VARRAY(n) OF x`): the run-time half.
//!
//! They share the associative array's storage ([`Collection`]: elements by integer key) and
//! add a [`Shape`]: whether the variable is atomically NULL (declared, never initialised, or
//! assigned NULL), and its *size*, the number of slots `1..=size` that EXTEND allocated or a
//! constructor filled. DELETE removes an element but keeps its slot (COUNT drops, LAST may
//! not move, the slot can be assigned again); TRIM removes slots from the end.
//!
//! ```text
//!   t := t(10, 20, 30);  t.DELETE(2);  t.EXTEND;
//!   slot:     1    2    3    4          size 4, COUNT 3, LAST 4, t(2) -> ORA-01403
//!   element: 10    -   30   NULL        t(5) -> ORA-06533, t(0) -> ORA-06532
//! ```
//!
//! The compiler (`compile::collections`) turns declarations, constructors, `IS NULL`, `=`
//! and EXTEND / TRIM into the IR items below; the interpreter calls the checks here on
//! every element access, so the errors are Oracle's: ORA-06531 for a NULL collection,
//! ORA-06532 outside `1..=limit`, ORA-06533 beyond the size, ORA-01403 for a deleted element.

use std::collections::BTreeMap;

use super::interp::{Collection, Interp, Key};
use super::ir::{PExpr, TableType};
use crate::error::{
    COLLECTION_IS_NULL, INDEX_OUT_OF_RANGE, NO_DATA_FOUND, OraError, SUBSCRIPT_BEYOND_COUNT,
    SUBSCRIPT_OUTSIDE_LIMIT,
};
use crate::ora;
use crate::value::Value;

type R<T> = Result<T, Box<OraError>>;

/// What a collection type is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CollKind {
    /// `TABLE OF x INDEX BY ...`: sparse, never NULL, no size.
    #[default]
    Assoc,
    /// `TABLE OF x`.
    Nested,
    /// `VARRAY(limit) OF x`.
    Varray(u32),
}

/// The state a nested table or varray has beyond its elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shape {
    /// The type's kind.
    pub kind: CollKind,
    /// Atomically NULL.
    pub null: bool,
    /// Slots `1..=size` exist (deleted elements of a nested table keep theirs).
    pub size: usize,
}

/// The value a nested table or varray is assigned.
#[derive(Debug)]
pub enum CollValue {
    /// NULL: atomically null again.
    Null,
    /// `t(a, b, ...)`: one expression per element (scalar elements).
    Construct(Vec<PExpr>),
    /// Another collection variable of the same type (a copy: value semantics).
    Copy(usize),
    /// `a MULTISET UNION | INTERSECT | EXCEPT [DISTINCT] b` of two nested tables.
    Multiset {
        /// The operator.
        op: MultisetOp,
        /// DISTINCT (ALL is the default).
        distinct: bool,
        /// Left slot.
        left: usize,
        /// Right slot.
        right: usize,
    },
    /// A public collection of a user package (its slot in the instance frame), copied.
    Package(std::rc::Rc<super::ir::PackageRef>, usize),
}

/// The MULTISET operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MultisetOp {
    /// Every element of both.
    Union,
    /// Elements in both (as often as in both).
    Intersect,
    /// Elements of the left not matched in the right.
    Except,
}

/// A collection-valued test inside an expression.
#[derive(Debug)]
pub enum CollLeaf {
    /// `coll IS [NOT] NULL`.
    IsNull {
        /// Collection slot.
        slot: usize,
        /// IS NOT NULL.
        negated: bool,
    },
    /// `a = b` / `a <> b` of two nested tables.
    Equal {
        /// Left slot.
        left: usize,
        /// Right slot.
        right: usize,
        /// `<>`.
        negated: bool,
    },
    /// `coll.LIMIT`.
    Limit(usize),
    /// `CARDINALITY(coll)`: COUNT, NULL for a NULL collection.
    Cardinality(usize),
    /// `x MEMBER OF coll`.
    Member {
        /// The value looked for.
        value: Box<PExpr>,
        /// Collection slot.
        slot: usize,
    },
    /// `a SUBMULTISET OF b`.
    Submultiset {
        /// Left slot.
        left: usize,
        /// Right slot.
        right: usize,
    },
}

/// A collection procedure other than DELETE.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CollOp {
    /// `EXTEND`, `EXTEND(n)`, `EXTEND(n, i)`, for elements of `width` fields.
    Extend {
        /// Fields per element.
        width: usize,
    },
    /// `TRIM`, `TRIM(n)`.
    Trim,
}

impl Collection {
    /// An empty collection of `kind`: atomically NULL unless associative.
    pub fn of_kind(kind: CollKind) -> Collection {
        let null = kind != CollKind::Assoc;
        Collection {
            map: BTreeMap::new(),
            string_keys: false,
            shape: Shape { kind, null, size: 0 },
        }
    }

    fn is_dense(&self) -> bool {
        self.shape.kind != CollKind::Assoc
    }

    /// ORA-06531 if atomically NULL.
    pub fn not_null(&self) -> R<()> {
        if self.shape.null {
            return Err(Box::new(ora!(COLLECTION_IS_NULL)));
        }
        Ok(())
    }

    /// Checks that `key` names a slot of a nested table or varray (any key of an associative
    /// array): ORA-06531, then ORA-06532 outside `1..=limit`, then ORA-06533 beyond the size.
    pub fn subscript(&self, key: &Key) -> R<()> {
        if !self.is_dense() {
            return Ok(());
        }
        self.not_null()?;
        let Key::Int(i) = *key else { return Ok(()) };
        let limit = match self.shape.kind {
            CollKind::Varray(n) => i64::from(n),
            _ => i64::from(i32::MAX),
        };
        if i < 1 || i > limit {
            return Err(Box::new(ora!(SUBSCRIPT_OUTSIDE_LIMIT)));
        }
        if i > self.shape.size as i64 {
            return Err(Box::new(ora!(SUBSCRIPT_BEYOND_COUNT)));
        }
        Ok(())
    }

    /// A method other than EXISTS needs an initialised collection.
    pub fn method_allowed(&self, method: &str) -> R<()> {
        if method == "EXISTS" { Ok(()) } else { self.not_null() }
    }

    /// DELETE without arguments: no elements and no slots left.
    pub fn delete_all(&mut self) -> R<()> {
        self.not_null()?;
        self.map.clear();
        self.shape.size = 0;
        Ok(())
    }

    /// BULK COLLECT of `n` rows: an initialised collection of `n` slots (ORA-22165 past a
    /// varray's limit, before anything changes).
    pub fn bulk_init(&mut self, n: usize) -> R<()> {
        if let CollKind::Varray(limit) = self.shape.kind
            && n > limit as usize
        {
            let detail = format!("{}\u{1}1\u{1}{limit}", limit as u64 + 1);
            return Err(Box::new(OraError::new(INDEX_OUT_OF_RANGE, &detail)));
        }
        self.shape.null = false;
        self.shape.size = n;
        Ok(())
    }

    /// `EXTEND(n [, i])`: `n` new slots at the end, NULL or copies of element `i`.
    fn extend(&mut self, n: i64, copy_of: Option<i64>, width: usize) -> R<()> {
        self.not_null()?;
        let n = usize::try_from(n).map_err(|_| Box::new(ora!(SUBSCRIPT_BEYOND_COUNT)))?;
        let template = match copy_of {
            Some(i) => {
                let key = Key::Int(i);
                self.subscript(&key)?;
                Some(self.map.get(&key).cloned().ok_or_else(|| Box::new(ora!(NO_DATA_FOUND)))?)
            }
            None => None,
        };
        if let CollKind::Varray(limit) = self.shape.kind
            && self.shape.size + n > limit as usize
        {
            return Err(Box::new(ora!(SUBSCRIPT_OUTSIDE_LIMIT)));
        }
        for _ in 0..n {
            self.shape.size += 1;
            let row = template.clone().unwrap_or_else(|| vec![Value::Null; width]);
            self.map.insert(Key::Int(self.shape.size as i64), row);
        }
        Ok(())
    }

    /// `TRIM(n)`: removes the last `n` slots, deleted ones included (ORA-06533 if fewer).
    fn trim(&mut self, n: i64) -> R<()> {
        self.not_null()?;
        let n = usize::try_from(n).map_err(|_| Box::new(ora!(SUBSCRIPT_BEYOND_COUNT)))?;
        if n > self.shape.size {
            return Err(Box::new(ora!(SUBSCRIPT_BEYOND_COUNT)));
        }
        for _ in 0..n {
            self.map.remove(&Key::Int(self.shape.size as i64));
            self.shape.size -= 1;
        }
        Ok(())
    }

    /// The elements in slot order (None if NULL).
    fn in_slot_order(&self) -> Option<Vec<&Vec<Value>>> {
        (!self.shape.null).then(|| self.map.values().collect())
    }

    /// The elements sorted, for comparison as a multiset (None if NULL).
    fn sorted_elements(&self) -> Option<Vec<&Vec<Value>>> {
        if self.shape.null {
            return None;
        }
        let mut v: Vec<&Vec<Value>> = self.map.values().collect();
        v.sort_by(|a, b| cmp_rows(a, b));
        Some(v)
    }
}

fn cmp_rows(a: &[Value], b: &[Value]) -> std::cmp::Ordering {
    a.iter()
        .zip(b)
        .map(|(x, y)| x.compare(y).ok().flatten().unwrap_or(std::cmp::Ordering::Equal))
        .find(|o| o.is_ne())
        .unwrap_or(std::cmp::Ordering::Equal)
}

/// The elements of `a` matched one for one in `b` (multiset containment), NULL if either is
/// NULL.
fn submultiset(a: &Collection, b: &Collection) -> Option<bool> {
    let (x, y) = (a.sorted_elements()?, b.sorted_elements()?);
    Some(multiset(MultisetOp::Except, false, &x, &y).is_empty())
}

/// `x op [DISTINCT] y` over sorted element lists.
fn multiset(
    op: MultisetOp,
    distinct: bool,
    x: &[&Vec<Value>],
    y: &[&Vec<Value>],
) -> Vec<Vec<Value>> {
    let mut out: Vec<Vec<Value>> = match op {
        MultisetOp::Union => x.iter().chain(y).map(|r| (*r).clone()).collect(),
        MultisetOp::Intersect | MultisetOp::Except => {
            let mut rest: Vec<&Vec<Value>> = y.to_vec();
            let mut kept = Vec::new();
            for row in x {
                let matched = rest.iter().position(|r| cmp_rows(r, row).is_eq());
                if let Some(i) = matched {
                    rest.remove(i);
                }
                if matched.is_some() == (op == MultisetOp::Intersect) {
                    kept.push((*row).clone());
                }
            }
            kept
        }
    };
    if distinct {
        let mut seen: Vec<Vec<Value>> = Vec::new();
        out.retain(|r| {
            let new = !seen.iter().any(|s| cmp_rows(s, r).is_eq());
            if new {
                seen.push(r.clone());
            }
            new
        });
    }
    out
}

/// `v MEMBER OF c`: TRUE if an element equals `v`; NULL if `c` or `v` is NULL, or nothing
/// matched and `c` has a NULL element; else FALSE (an empty table has no members).
fn member(v: &Value, c: &Collection) -> Option<bool> {
    let elems = c.in_slot_order()?;
    if elems.is_empty() {
        return Some(false);
    }
    if v.is_null() {
        return None;
    }
    let first = |r: &&Vec<Value>| r.first().cloned().unwrap_or_default();
    if elems.iter().any(|r| v.compare(&first(r)).ok().flatten().is_some_and(|o| o.is_eq())) {
        return Some(true);
    }
    if elems.iter().any(|r| first(r).is_null()) { None } else { Some(false) }
}

/// `a = b` of nested tables: same elements as multisets, NULL if either is NULL or an
/// element is NULL.
fn equal(a: &Collection, b: &Collection) -> Option<bool> {
    let (x, y) = (a.sorted_elements()?, b.sorted_elements()?);
    if x.iter().chain(&y).any(|row| row.iter().any(Value::is_null)) {
        return None;
    }
    Some(x.len() == y.len() && x.iter().zip(&y).all(|(p, q)| cmp_rows(p, q).is_eq()))
}

impl Interp<'_, '_> {
    /// Assigns a nested table or varray variable.
    pub fn coll_assign(
        &mut self,
        slot: usize,
        ttype: &TableType,
        value: &CollValue,
        f: &mut super::interp::Frame,
    ) -> R<()> {
        let kind = ttype.kind;
        let mut c = Collection::of_kind(kind);
        match value {
            CollValue::Null => {}
            CollValue::Copy(from) => c = f.colls[*from].clone(),
            CollValue::Package(r, from) => c = super::user_packages::coll_copy(self, r, *from)?,
            CollValue::Multiset { op, distinct, left, right } => {
                let (a, b) = (&f.colls[*left], &f.colls[*right]);
                if let (Some(x), Some(y)) = (a.in_slot_order(), b.in_slot_order()) {
                    let rows = multiset(*op, *distinct, &x, &y);
                    c.shape = Shape { kind, null: false, size: rows.len() };
                    c.map = (1..).map(Key::Int).zip(rows).collect();
                }
            }
            CollValue::Construct(elems) => {
                let ty = &ttype.elem.fields[0].1;
                let vals = elems
                    .iter()
                    .map(|e| self.eval(e, f).and_then(|v| super::interp::coerce(v, ty)))
                    .collect::<R<Vec<_>>>()?;
                if let CollKind::Varray(limit) = kind
                    && vals.len() > limit as usize
                {
                    return Err(Box::new(ora!(SUBSCRIPT_OUTSIDE_LIMIT)));
                }
                c.shape.null = false;
                c.shape.size = vals.len();
                for (i, v) in vals.into_iter().enumerate() {
                    c.map.insert(Key::Int(i as i64 + 1), vec![v]);
                }
            }
        }
        f.colls[slot] = c;
        Ok(())
    }

    /// `coll.EXTEND(...)` / `coll.TRIM(...)` with evaluated arguments.
    pub fn coll_op(&mut self, coll: &mut Collection, op: CollOp, args: &[Value]) -> R<()> {
        let int = |v: Option<&Value>, default: i64| -> R<i64> {
            match v {
                None => Ok(default),
                Some(v) => Ok(v.to_i64()?.ok_or_else(|| Box::new(ora!(SUBSCRIPT_BEYOND_COUNT)))?),
            }
        };
        match op {
            CollOp::Extend { width } => {
                let copy = args.get(1).map(|v| int(Some(v), 0)).transpose()?;
                coll.extend(int(args.first(), 1)?, copy, width)
            }
            CollOp::Trim => coll.trim(int(args.first(), 1)?),
        }
    }

    /// A [`CollLeaf`]'s value.
    pub fn coll_leaf(&mut self, leaf: &CollLeaf, f: &mut super::interp::Frame) -> R<Value> {
        Ok(match leaf {
            CollLeaf::IsNull { slot, negated } => {
                Value::Bool(f.colls[*slot].shape.null != *negated)
            }
            CollLeaf::Equal { left, right, negated } => {
                match equal(&f.colls[*left], &f.colls[*right]) {
                    Some(b) => Value::Bool(b != *negated),
                    None => Value::Null,
                }
            }
            CollLeaf::Cardinality(slot) => {
                let c = &f.colls[*slot];
                if c.shape.null { Value::Null } else { Value::int(c.map.len() as i64) }
            }
            CollLeaf::Member { value, slot } => {
                let v = self.eval(value, f)?;
                member(&v, &f.colls[*slot]).map_or(Value::Null, Value::Bool)
            }
            CollLeaf::Submultiset { left, right } => {
                submultiset(&f.colls[*left], &f.colls[*right]).map_or(Value::Null, Value::Bool)
            }
            CollLeaf::Limit(slot) => {
                let c = &f.colls[*slot];
                c.not_null()?;
                match c.shape.kind {
                    CollKind::Varray(n) => Value::int(i64::from(n)),
                    _ => Value::Null,
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(r: R<()>) -> u32 {
        r.expect_err("fails").code.number
    }

    fn nested(values: &[i64]) -> Collection {
        let mut c = Collection::of_kind(CollKind::Nested);
        c.bulk_init(values.len()).expect("nested tables have no limit");
        for (i, v) in values.iter().enumerate() {
            c.map.insert(Key::Int(i as i64 + 1), vec![Value::int(*v)]);
        }
        c
    }

    #[test]
    fn null_collections_allow_only_exists() {
        let c = Collection::of_kind(CollKind::Varray(3));
        assert_eq!(code(c.method_allowed("COUNT")), 6531);
        assert!(c.method_allowed("EXISTS").is_ok());
        assert_eq!(code(c.subscript(&Key::Int(1))), 6531);
        assert!(
            Collection::default().method_allowed("COUNT").is_ok(),
            "assoc arrays are never NULL"
        );
    }

    #[test]
    fn subscripts_outside_the_limit_then_beyond_the_count() {
        let mut v = Collection::of_kind(CollKind::Varray(3));
        v.bulk_init(2).expect("within the limit");
        assert_eq!(code(v.subscript(&Key::Int(0))), 6532);
        assert_eq!(code(v.subscript(&Key::Int(4))), 6532);
        assert_eq!(code(v.subscript(&Key::Int(3))), 6533);
        assert!(v.subscript(&Key::Int(2)).is_ok());
        assert_eq!(code(v.bulk_init(4)), 22165);
    }

    #[test]
    fn extend_trim_and_delete_keep_slots_apart_from_elements() {
        let mut n = nested(&[10, 20, 30]);
        n.map.remove(&Key::Int(3));
        n.extend(2, Some(1), 1).expect("copies of element 1");
        assert_eq!((n.shape.size, n.map.len()), (5, 4));
        assert_eq!(n.map.get(&Key::Int(5)), Some(&vec![Value::int(10)]));
        assert_eq!(code(n.extend(1, Some(3), 1)), 1403, "a deleted element cannot be copied");
        n.trim(3).expect("three slots, the deleted one among them");
        assert_eq!((n.shape.size, n.map.len()), (2, 2));
        assert_eq!(code(n.trim(3)), 6533);
        n.delete_all().expect("initialised");
        assert_eq!((n.shape.size, n.map.len(), n.shape.null), (0, 0, false));
        let mut v = Collection::of_kind(CollKind::Varray(1));
        v.bulk_init(0).expect("empty");
        v.extend(1, None, 2).expect("to the limit");
        assert_eq!(v.map.get(&Key::Int(1)), Some(&vec![Value::Null, Value::Null]));
        assert_eq!(code(v.extend(1, None, 2)), 6532);
    }

    #[test]
    fn nested_tables_compare_as_multisets() {
        assert_eq!(equal(&nested(&[1, 2, 2]), &nested(&[2, 1, 2])), Some(true));
        assert_eq!(equal(&nested(&[1, 2]), &nested(&[1, 2, 2])), Some(false));
        let mut with_null = nested(&[1, 2]);
        with_null.map.insert(Key::Int(2), vec![Value::Null]);
        assert_eq!(equal(&with_null, &nested(&[1, 2])), None);
        assert_eq!(equal(&Collection::of_kind(CollKind::Nested), &nested(&[])), None);
    }
}
