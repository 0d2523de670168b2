//! The package specifications under `plsql/packages/`, embedded at build time and parsed once
//! (lazily) into the tables the compiler reads: subprogram signatures, constants, exceptions
//! and collection types.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::LazyLock;

use super::{Formal, FormalKind, PackageSub};
use crate::plsql::ir::{RecordType, TableType};
use crate::sql::ast::{Declaration, Expr, Literal, PlType, TypeDef};
use crate::value::{SqlType, Value, parse_number};

/// The spec files: (file name, text).
pub const FILES: &[(&str, &str)] = &[
    ("dbms_output.pks", include_str!("../../../plsql/packages/dbms_output.pks")),
    ("dbms_session.pks", include_str!("../../../plsql/packages/dbms_session.pks")),
    ("dbms_lock.pks", include_str!("../../../plsql/packages/dbms_lock.pks")),
    (
        "dbms_application_info.pks",
        include_str!("../../../plsql/packages/dbms_application_info.pks"),
    ),
    ("dbms_utility.pks", include_str!("../../../plsql/packages/dbms_utility.pks")),
    ("dbms_service.pks", include_str!("../../../plsql/packages/dbms_service.pks")),
    ("vsession_sim.pks", include_str!("../../../plsql/packages/vsession_sim.pks")),
    ("vsession_jobs.pks", include_str!("../../../plsql/packages/vsession_jobs.pks")),
];

/// Everything the specs declare, by `PACKAGE.NAME`.
#[derive(Debug, Default)]
pub struct Specs {
    /// Subprogram signatures (without their natives' Rc-free parts).
    pub subprograms: HashMap<String, PackageSub>,
    /// Constants.
    pub constants: HashMap<String, Value>,
    /// Exceptions with their error numbers.
    pub exceptions: HashMap<String, u32>,
    /// Collection types.
    pub types: HashMap<String, TableTypeSpec>,
    /// Problems found while reading the files (reported by the tests).
    pub problems: Vec<String>,
}

/// A package collection type.
pub type TableTypeSpec = TableType;

// `PackageSub` holds `Rc`s (collection formals), so the parsed specs are kept per thread.
thread_local! {
    static SPECS: &'static Specs = Box::leak(Box::new(load()));
}

/// The texts are parsed once per process for validation; each thread keeps its own tables.
static VALIDATED: LazyLock<Vec<String>> = LazyLock::new(|| load().problems);

/// The parsed specs (per thread, parsed at first use).
pub fn specs() -> &'static Specs {
    SPECS.with(|s| *s)
}

/// Problems found in the spec files (empty when they are all valid).
pub fn problems() -> &'static [String] {
    &VALIDATED
}

fn load() -> Specs {
    let mut specs = Specs::default();
    for (file, text) in FILES {
        match crate::sql::parse_package_spec(text) {
            Ok((name, decls)) => read(&mut specs, &name, &decls, file),
            Err(e) => specs.problems.push(format!("{file}: {e}")),
        }
    }
    specs
}

fn read(specs: &mut Specs, pkg: &str, decls: &[Declaration], file: &str) {
    let mut local_types: HashMap<String, Rc<TableType>> = HashMap::new();
    for d in decls {
        match d {
            Declaration::Type { name, def: TypeDef::Table { elem, index_by } } => {
                let elem = match elem {
                    PlType::Scalar(t) => *t,
                    _ => SqlType::Varchar2(4000),
                };
                let string_keys = matches!(
                    index_by,
                    Some(PlType::Scalar(SqlType::Varchar2(_) | SqlType::Char(_)))
                );
                let t = TableType {
                    elem: Rc::new(RecordType { fields: vec![(String::new(), elem)] }),
                    scalar: true,
                    string_keys,
                    kind: crate::plsql::collections::CollKind::Assoc,
                };
                local_types.insert(name.name.clone(), Rc::new(t.clone()));
                specs.types.insert(format!("{pkg}.{}", name.name), t);
            }
            Declaration::Variable { name, default: Some(e), constant: true, .. } => {
                match literal_value(e, specs, pkg) {
                    Some(v) => {
                        specs.constants.insert(format!("{pkg}.{}", name.name), v);
                    }
                    None => specs
                        .problems
                        .push(format!("{file}: constant {} is not a literal", name.name)),
                }
            }
            Declaration::Exception { .. } => {}
            Declaration::ExceptionInit { name, code } => {
                let n = code.unsigned_abs() as u32;
                specs.exceptions.insert(format!("{pkg}.{}", name.name), n);
            }
            Declaration::SubprogramSpec(sub) => {
                let mut formals = Vec::new();
                for p in &sub.params {
                    let kind = match &p.ty {
                        PlType::Scalar(t) => FormalKind::Scalar(*t),
                        PlType::Named(n) => match local_types.get(&n.object().name) {
                            Some(t) => FormalKind::Coll(t.clone()),
                            None => {
                                specs.problems.push(format!("{file}: unknown type {}", n.dotted()));
                                continue;
                            }
                        },
                        _ => FormalKind::Scalar(SqlType::Varchar2(0)),
                    };
                    let default = p.default.as_ref().map(|e| match literal_value(e, specs, pkg) {
                        Some(v) => value_expr(&v),
                        None => e.clone(),
                    });
                    formals.push(Formal { name: p.name.name.clone(), mode: p.mode, kind, default });
                }
                let key = format!("{pkg}.{}", sub.name.object().name);
                if let Some(first) = specs.subprograms.get_mut(&key) {
                    first.overloads.push(formals);
                    continue;
                }
                let native = super::native(&key);
                let is_function = sub.returns.is_some();
                let sub = PackageSub { formals, is_function, native, overloads: Vec::new() };
                specs.subprograms.insert(key, sub);
            }
            other => specs.problems.push(format!("{file}: unsupported declaration {other:?}")),
        }
    }
}

/// A literal (or a constant of the same package) as a value.
fn literal_value(e: &Expr, specs: &Specs, pkg: &str) -> Option<Value> {
    match e {
        Expr::Literal(Literal::Null) => Some(Value::Null),
        Expr::Literal(Literal::Number(n)) => parse_number(n).ok().map(Value::Number),
        Expr::Literal(Literal::String(s)) => Some(Value::text(s)),
        Expr::Literal(Literal::Bool(b)) => Some(Value::Bool(*b)),
        Expr::Column(n) if n.parts.len() == 2 && n.parts[0].name == pkg => {
            specs.constants.get(&n.dotted()).cloned()
        }
        Expr::Column(n) if n.parts.len() == 1 => {
            let name = &n.object().name;
            match name.as_str() {
                "TRUE" => Some(Value::Bool(true)),
                "FALSE" => Some(Value::Bool(false)),
                _ => specs.constants.get(&format!("{pkg}.{name}")).cloned(),
            }
        }
        Expr::Unary { op: crate::sql::ast::UnaryOp::Neg, expr } => {
            match literal_value(expr, specs, pkg)? {
                Value::Number(d) => Some(Value::Number(-d)),
                _ => None,
            }
        }
        _ => None,
    }
}

fn value_expr(v: &Value) -> Expr {
    Expr::Literal(match v {
        Value::Null => Literal::Null,
        Value::Number(d) => Literal::Number(d.to_string()),
        Value::Bool(b) => Literal::Bool(*b),
        other => Literal::String(other.to_text().unwrap_or_default()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_files_parse() {
        assert!(problems().is_empty(), "{:?}", problems());
        assert!(specs().subprograms.contains_key("DBMS_OUTPUT.PUT_LINE"));
        assert_eq!(specs().constants.get("DBMS_SERVICE.NOREPLAY"), Some(&Value::int(2)));
        assert_eq!(specs().exceptions.get("DBMS_SERVICE.SERVICE_NOT_RUNNING"), Some(&44311));
        assert!(specs().types.contains_key("DBMS_UTILITY.NAME_ARRAY"));
    }

    #[test]
    fn every_spec_subprogram_has_a_native_and_vice_versa() {
        for (name, sub) in &specs().subprograms {
            let pkg = name.split('.').next().unwrap_or("");
            if super::super::NATIVES_ELSEWHERE.contains(&pkg) {
                continue;
            }
            assert!(sub.native.is_some(), "{name} has no native");
        }
        for (name, _) in super::super::NATIVES {
            assert!(specs().subprograms.contains_key(*name), "native {name} has no spec");
        }
    }
}
