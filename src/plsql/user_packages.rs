//! User packages: `CREATE [OR REPLACE] PACKAGE [BODY]`, `DROP PACKAGE [BODY]`, and the
//! per-session package state.
//!
//! STORED: each spec and body is a [`PackagePart`] (parsed declarations, source text,
//! compilation errors, a generation number that changes on every CREATE OR REPLACE), kept per
//! schema in [`Packages`] beside the stored subprograms. USER_SOURCE / USER_ERRORS / SHOW ERRORS
//! read both through [`StoredSource`].
//!
//! COMPILED: a package compiles to ONE unit ([`UnitCompiler::package`]): the spec's
//! declarations, then the body's (its subprograms are local subprograms of that unit, windows
//! of its frame), then the initialization section as the unit's body. Callers resolve
//! `pkg.member` against the spec alone ([`member`]); the compiled forms are cached per thread
//! by the parts' generations, since a [`Unit`] is not shareable across threads.
//!
//! STATE: an *instance* is that unit's [`Frame`] (package variables, collections, open
//! cursors) for one session, created and initialized on the session's first use and kept in
//! [`Packages`] under the session's AUDSID; a killed or ended session's instances go with it
//! (a new session never sees them). A call runs the subprogram's window on the instance frame
//! with arguments from the caller's frame ([`Interp::enter_package`]). When a part was replaced after
//! the session instantiated the package, the next use discards the instance and, if the package
//! has state (variables or cursors), fails once with ORA-04068 / ORA-04061 / ORA-04065 /
//! ORA-06508 as Oracle does; the use after that instantiates afresh.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};

use indexmap::IndexMap;
use parking_lot::Mutex;

use super::catalog::{StoredUnit, errors_of};
use super::compile::{Entity, UnitCompiler, line_col};
use super::interp::{Collection, Frame, Interp, coerce};
use super::ir::{ArgIr, CallIr, Callee, Leaf, PExpr, Target, Unit};
use crate::db::Database;
use crate::error::{Code, OraError};
use crate::exec::Ctx;
use crate::exec::eval::Env;
use crate::session::cell::SessionCell;
use crate::sql::ast::{CreatePackage, Declaration, ObjectName, Pos};
use crate::value::{SqlType, Value};

type R<T> = Result<T, Box<OraError>>;

/// A member of a user package as compiled code names it (resolved again by name when it runs,
/// so a replaced package is found anew).
#[derive(Debug)]
pub struct PackageRef {
    /// Schema.
    pub owner: String,
    /// Package name.
    pub package: String,
    /// Member name.
    pub member: String,
    /// For `pkg.rec.field`: the field's number within the record member.
    pub field: Option<usize>,
}

impl PackageRef {
    fn key(&self) -> String {
        format!("{}.{}", self.owner, self.package)
    }
}

/// One stored package specification or body.
#[derive(Debug, Clone)]
pub struct PackagePart {
    /// Owner (schema).
    pub owner: String,
    /// Package name.
    pub name: String,
    /// The body (false: the specification).
    pub body: bool,
    /// The source as USER_SOURCE shows it (from PACKAGE on).
    pub source: String,
    /// The statement text the positions of `declarations` refer to.
    pub text: String,
    /// Declarations.
    pub declarations: Vec<Declaration>,
    /// A body's initialization section.
    pub init: Option<crate::sql::ast::Block>,
    /// Compilation errors: (line, column, text), empty if VALID.
    pub errors: Vec<(usize, usize, String)>,
    /// Changes on every CREATE [OR REPLACE] (and when a new spec revalidates the body).
    pub generation: u64,
}

/// A stored PL/SQL unit as the dictionary views and SHOW ERRORS see it.
pub trait StoredSource: Send + Sync {
    /// Owner (schema).
    fn owner(&self) -> &str;
    /// Name.
    fn name(&self) -> &str;
    /// PROCEDURE, FUNCTION, PACKAGE or PACKAGE BODY.
    fn kind(&self) -> &'static str;
    /// The source lines' text.
    fn source(&self) -> &str;
    /// Compilation errors: (line, column, text).
    fn errors(&self) -> &[(usize, usize, String)];
}

impl StoredSource for StoredUnit {
    fn owner(&self) -> &str {
        &self.owner
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn kind(&self) -> &'static str {
        StoredUnit::kind(self)
    }
    fn source(&self) -> &str {
        &self.source
    }
    fn errors(&self) -> &[(usize, usize, String)] {
        &self.errors
    }
}

impl StoredSource for PackagePart {
    fn owner(&self) -> &str {
        &self.owner
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn kind(&self) -> &'static str {
        if self.body { "PACKAGE BODY" } else { "PACKAGE" }
    }
    fn source(&self) -> &str {
        &self.source
    }
    fn errors(&self) -> &[(usize, usize, String)] {
        &self.errors
    }
}

/// Every stored unit: subprograms, then package specs and bodies, in creation order.
pub fn all_sources(db: &Database) -> Vec<Arc<dyn StoredSource>> {
    let mut out: Vec<Arc<dyn StoredSource>> = Vec::new();
    out.extend(db.plsql.all().into_iter().map(|u| u as Arc<dyn StoredSource>));
    out.extend(db.user_packages.parts.lock().values().map(|p| p.clone() as Arc<dyn StoredSource>));
    out
}

/// The compilation errors of `kind name` in `schema` (SHOW ERRORS), empty if none or absent.
pub fn errors_of_object(
    db: &Database,
    schema: &str,
    kind: &str,
    name: &str,
) -> Vec<(usize, usize, String)> {
    all_sources(db)
        .iter()
        .find(|u| u.owner() == schema && u.name() == name && u.kind() == kind)
        .map(|u| u.errors().to_vec())
        .unwrap_or_default()
}

/// One session's package instance: the unit's frame, and the generations it was built from.
/// The frame is locked while a call runs on it (only ever by the session's own call).
struct Instance {
    versions: (u64, u64),
    stateful: bool,
    frame: Mutex<Frame>,
}

/// The instances of one session.
struct SessionPackages {
    cell: Weak<SessionCell>,
    instances: HashMap<(String, String), Arc<Instance>>,
}

/// The user packages of a database and every session's instances of them.
pub struct Packages {
    parts: Mutex<IndexMap<(String, String, bool), Arc<PackagePart>>>,
    sessions: Mutex<HashMap<u64, SessionPackages>>,
    /// Changes on every package DDL and discarded instance, to a value no other
    /// database has had: a thread's cached instance ([`LAST`]) is current while this holds.
    epoch: AtomicU64,
}

impl Default for Packages {
    fn default() -> Self {
        Packages {
            parts: Mutex::default(),
            sessions: Mutex::default(),
            epoch: AtomicU64::new(NEXT_GENERATION.fetch_add(1, Ordering::Relaxed)),
        }
    }
}

impl std::fmt::Debug for Packages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Packages").field("parts", &self.parts.lock().len()).finish()
    }
}

impl Packages {
    fn part(&self, owner: &str, name: &str, body: bool) -> Option<Arc<PackagePart>> {
        self.parts.lock().get(&(owner.to_string(), name.to_string(), body)).cloned()
    }

    fn changed(&self) {
        self.epoch.store(NEXT_GENERATION.fetch_add(1, Ordering::Relaxed), Ordering::Release);
    }

    fn put(&self, part: PackagePart) {
        self.changed();
        let key = (part.owner.clone(), part.name.clone(), part.body);
        self.parts.lock().insert(key, Arc::new(part));
    }

    fn remove(&self, owner: &str, name: &str, body: bool) -> Option<Arc<PackagePart>> {
        self.changed();
        self.parts.lock().shift_remove(&(owner.to_string(), name.to_string(), body))
    }

    /// The session's instance of `owner.name`, if any.
    fn instance(&self, me: &Arc<SessionCell>, key: &(String, String)) -> Option<Arc<Instance>> {
        let sessions = self.sessions.lock();
        sessions.get(&me.audsid).and_then(|s| s.instances.get(key).cloned())
    }

    /// Sets or drops the session's instance of `key`; drops the instances of sessions that
    /// are gone on the way.
    fn set_instance(&self, me: &Arc<SessionCell>, key: (String, String), inst: Option<Instance>) {
        if inst.is_none() {
            self.changed();
        }
        let mut sessions = self.sessions.lock();
        sessions.retain(|_, s| s.cell.strong_count() > 0);
        let entry = sessions.entry(me.audsid).or_insert_with(|| SessionPackages {
            cell: Arc::downgrade(me),
            instances: HashMap::new(),
        });
        match inst {
            Some(i) => entry.instances.insert(key, Arc::new(i)),
            None => entry.instances.remove(&key),
        };
    }
}

/// True if `owner.name` is a package (CREATE PROCEDURE | FUNCTION must not take its name).
pub fn exists(db: &Database, owner: &str, name: &str) -> bool {
    db.user_packages.part(owner, name, false).is_some()
}

static NEXT_GENERATION: AtomicU64 = AtomicU64::new(1);

fn current_schema(env: &Env<'_>) -> String {
    env.me.lock().schema.to_string()
}

fn owner_and_name(env: &Env<'_>, name: &ObjectName) -> Result<(String, String), OraError> {
    match name.parts.as_slice() {
        [n] => Ok((current_schema(env), n.name.clone())),
        [s, n] => Ok((s.name.clone(), n.name.clone())),
        _ => Err(crate::ora!(crate::error::INVALID_IDENTIFIER, "\"{}\"", name.dotted())),
    }
}

// ---- DDL ----

/// CREATE [OR REPLACE] PACKAGE [BODY]: stores it with its compilation errors, if any.
/// Returns true if it compiled cleanly.
pub fn create(env: &Env<'_>, c: &CreatePackage) -> Result<bool, OraError> {
    let (owner, name) = owner_and_name(env, &c.name)?;
    let exists = env.db.user_packages.part(&owner, &name, c.body).is_some();
    let taken = !c.body && env.db.plsql.get(&owner, &name).is_some();
    if taken || (exists && !c.or_replace) {
        return Err(crate::ora!(crate::error::NAME_ALREADY_USED));
    }
    let part = PackagePart {
        owner,
        name,
        body: c.body,
        source: c.text.get(c.pos..).unwrap_or("").to_string(),
        text: c.text.clone(),
        declarations: c.declarations.clone(),
        init: c.init.clone(),
        errors: vec![],
        generation: 0,
    };
    let part = validate(env, part, c.pos);
    let ok = part.errors.is_empty();
    let (owner, name) = (part.owner.clone(), part.name.clone());
    env.db.user_packages.put(part);
    if !c.body
        && let Some(body) = env.db.user_packages.part(&owner, &name, true)
    {
        // A new spec invalidates the body: compile it again against the new spec.
        let start = body.text.find(&body.source).unwrap_or(0);
        let again = validate(env, PackagePart::clone(&body), start);
        env.db.user_packages.put(again);
    }
    Ok(ok)
}

/// Compiles a part (a body against the stored spec) and records its errors and a new
/// generation.
fn validate(env: &Env<'_>, mut part: PackagePart, start: Pos) -> PackagePart {
    part.generation = NEXT_GENERATION.fetch_add(1, Ordering::Relaxed);
    part.errors = if part.body {
        match env.db.user_packages.part(&part.owner, &part.name, false) {
            Some(spec) if spec.errors.is_empty() => {
                let body = Some(&part);
                match compile(env, &spec, body) {
                    Ok(_) => vec![],
                    Err(e) => errors_of(&e, &part.text, start),
                }
            }
            Some(_) => unusable_spec(&part, "PLS-00905: object {OWNER}.{NAME} is invalid"),
            None => unusable_spec(&part, "PLS-00201: identifier '{NAME}' must be declared"),
        }
    } else {
        match compile(env, &part, None) {
            Ok(_) => vec![],
            Err(e) => errors_of(&e, &part.text, start),
        }
    };
    part
}

/// The errors of a body whose spec is missing (PLS-00201) or invalid (PLS-00905): `message`
/// on the package name (its column counted in the stored source, which starts at PACKAGE),
/// then the end of analysis.
fn unusable_spec(part: &PackagePart, message: &str) -> Vec<(usize, usize, String)> {
    let upper = part.source.to_uppercase();
    let at = upper.find(&format!(" {}", part.name)).map_or(0, |i| i + 1);
    let (line, col) = line_col(&part.source, at);
    let text = message.replace("{OWNER}", &part.owner).replace("{NAME}", &part.name);
    vec![(line, col, text), (0, 0, "PL/SQL: Compilation unit analysis terminated".to_string())]
}

/// DROP PACKAGE [BODY] (ORA-04043 if there is none).
pub fn drop(env: &Env<'_>, name: &ObjectName, body: bool) -> Result<(), OraError> {
    let (owner, pkg) = owner_and_name(env, name)?;
    let packages = &env.db.user_packages;
    if packages.remove(&owner, &pkg, body).is_none() {
        return Err(OraError::with_text(
            Code::ora(4043),
            format!("object {} does not exist", name.object().name),
        ));
    }
    if !body {
        packages.remove(&owner, &pkg, true);
    }
    Ok(())
}

// ---- compiling ----

/// A compiled package: its unit and public members.
struct Compiled {
    unit: Rc<Unit>,
    public: HashMap<String, Entity>,
    stateful: bool,
}

type CompiledCache = HashMap<(String, String, bool), ((u64, u64), Rc<Compiled>)>;

thread_local! {
    /// Compiled packages by (owner, name, with body) and the generations they came from.
    static COMPILED: RefCell<CompiledCache> = RefCell::new(HashMap::new());
    /// Packages being compiled on this thread (a cycle of specs is an error, not a stack
    /// overflow).
    static COMPILING: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
}

fn compile(
    env: &Env<'_>,
    spec: &PackagePart,
    body: Option<&PackagePart>,
) -> Result<Compiled, OraError> {
    let key = (spec.owner.clone(), spec.name.clone());
    if COMPILING.with(|c| c.borrow().contains(&key)) {
        return Err(OraError::with_text(
            crate::error::PLSQL_COMPILE_ERROR,
            format!("line 1, column 1:\nPLS-00905: object {}.{} is invalid", key.0, key.1),
        ));
    }
    COMPILING.with(|c| c.borrow_mut().push(key));
    let src = body.map_or(&spec.text, |b| &b.text);
    let compiler = UnitCompiler::new(env, src);
    let body_decls = body.map(|b| (&b.declarations[..], b.init.as_ref()));
    let r = compiler.package(&spec.name, &spec.text, &spec.declarations, body_decls);
    COMPILING.with(|c| c.borrow_mut().pop());
    let (mut unit, public) = r?;
    unit.owner_name = Some(format!("{}.{}", spec.owner, spec.name));
    // Oracle's rule: a package with a variable, constant or cursor has state.
    let mut decls = spec.declarations.iter().chain(body.into_iter().flat_map(|b| &b.declarations));
    let stateful =
        decls.any(|d| matches!(d, Declaration::Variable { .. } | Declaration::Cursor { .. }));
    Ok(Compiled { unit: Rc::new(unit), public: public.into_iter().collect(), stateful })
}

/// The compiled package `owner.name` (with its body if `with_body`), from the thread's cache
/// while its parts are unchanged.
fn compiled(
    env: &Env<'_>,
    owner: &str,
    name: &str,
    with_body: bool,
) -> Result<Rc<Compiled>, OraError> {
    let packages = &env.db.user_packages;
    let spec = packages.part(owner, name, false).ok_or_else(|| not_found(owner, name))?;
    let body = if with_body { packages.part(owner, name, true) } else { None };
    let versions = (spec.generation, body.as_ref().map_or(0, |b| b.generation));
    let key = (owner.to_string(), name.to_string(), with_body);
    let cached = COMPILED.with(|c| c.borrow().get(&key).filter(|(v, _)| *v == versions).cloned());
    if let Some((_, c)) = cached {
        return Ok(c);
    }
    let c = Rc::new(compile(env, &spec, body.as_deref())?);
    COMPILED.with(|cache| cache.borrow_mut().insert(key, (versions, c.clone())));
    Ok(c)
}

/// A resolved public member: how compiled code names it, and what it is.
pub(super) type Member = (Rc<PackageRef>, Entity);

/// Resolves `pkg.member` / `schema.pkg.member` for the compiler: `Ok(None)` if it does not
/// name a user package; the error text (PLS-00302, PLS-00905) otherwise.
pub(super) fn member(env: &Env<'_>, name: &ObjectName) -> Result<Option<Member>, (Pos, String)> {
    let (owner, pkg, member) = match name.parts.as_slice() {
        [p, m] => (current_schema(env), &p.name, m),
        [s, p, m] => (s.name.clone(), &p.name, m),
        _ => return Ok(None),
    };
    let Some(spec) = env.db.user_packages.part(&owner, pkg, false) else { return Ok(None) };
    let invalid = || (name.pos(), format!("PLS-00905: object {owner}.{pkg} is invalid"));
    if !spec.errors.is_empty() {
        return Err(invalid());
    }
    let compiled = compiled(env, &owner, pkg, false).map_err(|_| invalid())?;
    let Some(entity) = compiled.public.get(&member.name) else {
        return Err((
            member.pos,
            format!("PLS-00302: component '{}' must be declared", member.name),
        ));
    };
    let r = PackageRef { owner, package: pkg.clone(), member: member.name.clone(), field: None };
    Ok(Some((Rc::new(r), entity.clone())))
}

// ---- run time ----

fn not_found(owner: &str, name: &str) -> OraError {
    OraError::with_text(
        Code::ora(6508),
        format!("PL/SQL: could not find program unit being called: \"{owner}.{name}\""),
    )
}

/// `first` followed by ORA-06508 for `owner.name`.
fn unit_error(code: u32, first: String, owner: &str, name: &str) -> Box<OraError> {
    let mut e = OraError::with_text(Code::ora(code), first);
    e.stack.push(not_found(owner, name));
    Box::new(e)
}

/// The instance a thread used last, while nothing changed: a loop calling one package skips
/// the lookups.
struct Last {
    db: usize,
    audsid: u64,
    epoch: u64,
    owner: String,
    package: String,
    compiled: Rc<Compiled>,
    inst: Arc<Instance>,
}

thread_local! {
    static LAST: RefCell<Option<Last>> = const { RefCell::new(None) };
}

type Found = (Rc<Compiled>, Arc<Instance>);

/// The session's instance of the package `r` names (instantiated and initialized on first
/// use), with its compiled form.
fn instance(interp: &mut Interp<'_, '_>, r: &PackageRef) -> R<Found> {
    let env = interp.env_of();
    let db = env.db as *const Database as usize;
    let epoch = env.db.user_packages.epoch.load(Ordering::Acquire);
    let hit = LAST.with(|l| {
        l.borrow().as_ref().and_then(|l| {
            let same = l.db == db
                && l.audsid == env.me.audsid
                && l.epoch == epoch
                && l.owner == r.owner
                && l.package == r.package;
            same.then(|| (l.compiled.clone(), l.inst.clone()))
        })
    });
    if let Some(found) = hit {
        return Ok(found);
    }
    // Cached under the epoch read before the lookup: a change meanwhile makes the next use
    // look again.
    let (compiled, inst) = lookup(interp, r)?;
    let last = Last {
        db,
        audsid: env.me.audsid,
        epoch,
        owner: r.owner.clone(),
        package: r.package.clone(),
        compiled: compiled.clone(),
        inst: inst.clone(),
    };
    LAST.with(|l| *l.borrow_mut() = Some(last));
    Ok((compiled, inst))
}

/// [`instance`] the long way: the stored parts, their compiled form, the session's instance.
fn lookup(interp: &mut Interp<'_, '_>, r: &PackageRef) -> R<Found> {
    let env = interp.env_of();
    let (owner, name) = (&r.owner, &r.package);
    let packages = &env.db.user_packages;
    let spec = packages.part(owner, name, false).ok_or_else(|| Box::new(not_found(owner, name)))?;
    if !spec.errors.is_empty() {
        return Err(unit_error(
            4063,
            format!("package \"{owner}.{name}\" has errors"),
            owner,
            name,
        ));
    }
    let needs_body = spec.declarations.iter().any(|d| matches!(d, Declaration::SubprogramSpec(_)));
    let body = packages.part(owner, name, true);
    match &body {
        None if needs_body => {
            let text = format!("not executed, package body \"{owner}.{name}\" does not exist");
            return Err(unit_error(4067, text, owner, name));
        }
        Some(b) if !b.errors.is_empty() => {
            let text = format!("package body \"{owner}.{name}\" has errors");
            return Err(unit_error(4063, text, owner, name));
        }
        _ => {}
    }
    let versions = (spec.generation, body.as_ref().map_or(0, |b| b.generation));
    let compiled = compiled(&env, owner, name, body.is_some())?;
    let key = (owner.clone(), name.clone());
    if let Some(inst) = packages.instance(env.me, &key) {
        if inst.versions == versions {
            return Ok((compiled, inst));
        }
        packages.set_instance(env.me, key.clone(), None);
        if inst.stateful {
            return Err(discarded(owner, name, body.is_some()));
        }
    }
    let mut frame = Frame::new(&compiled.unit);
    interp.initialize(&compiled.unit, &mut frame)?;
    let inst = Instance { versions, stateful: compiled.stateful, frame: Mutex::new(frame) };
    packages.set_instance(env.me, key.clone(), Some(inst));
    let inst = packages.instance(env.me, &key).ok_or_else(|| Box::new(not_found(owner, name)))?;
    Ok((compiled, inst))
}

/// ORA-04068 with its ORA-04061 / ORA-04065 / ORA-06508 stack.
fn discarded(owner: &str, name: &str, body: bool) -> Box<OraError> {
    let what = if body { "package body" } else { "package" };
    let mut e =
        OraError::with_text(Code::ora(4068), "existing state of packages has been discarded");
    e.stack.push(OraError::with_text(
        Code::ora(4061),
        format!("existing state of {what} \"{owner}.{name}\" has been invalidated"),
    ));
    e.stack.push(OraError::with_text(
        Code::ora(4065),
        format!("not executed, altered or dropped {what} \"{owner}.{name}\""),
    ));
    e.stack.push(not_found(owner, name));
    Box::new(e)
}

/// A package whose instance is already in use further up this call (a package calling back
/// into one that called it): not supported, reported instead of deadlocking.
fn busy(r: &PackageRef) -> Box<OraError> {
    Box::new(not_found(&r.owner, &r.package))
}

/// Calls the public subprogram `r` on the session's instance.
pub(super) fn call(
    interp: &mut Interp<'_, '_>,
    r: &PackageRef,
    c: &CallIr,
    f: &mut Frame,
) -> R<Option<Value>> {
    let (compiled, inst) = instance(interp, r)?;
    let unit = match compiled.public.get(&r.member) {
        Some(Entity::Sub(sig)) => sig.unit.borrow().clone(),
        _ => None,
    };
    let unit = unit.ok_or_else(|| Box::new(not_found(&r.owner, &r.package)))?;
    // Arguments are read, and OUT arguments written back, outside the instance's lock: they
    // may be the package's own public variables.
    let args = interp.native_args(c, f)?;
    let (v, back) = {
        let mut guard = inst.frame.try_lock().ok_or_else(|| busy(r))?;
        interp.enter_package(&unit, args, &mut guard, &r.key())?
    };
    interp.returned(&unit, c, v, back, f)
}

/// The slot of the public variable `r` (or of a field of the public record `r`).
fn var_slot(compiled: &Compiled, r: &PackageRef) -> R<usize> {
    match (compiled.public.get(&r.member), r.field) {
        (Some(Entity::Var { slot, .. }), None) => Ok(*slot),
        (Some(Entity::Record { base, rtype }), Some(i)) if i < rtype.fields.len() => Ok(base + i),
        _ => Err(Box::new(not_found(&r.owner, &r.package))),
    }
}

/// Runs `op` on the session's instance frame of `r`'s package.
fn on_instance<T>(
    interp: &mut Interp<'_, '_>,
    r: &PackageRef,
    op: impl FnOnce(&mut Interp<'_, '_>, &mut Frame) -> R<T>,
) -> R<T> {
    let (_, inst) = instance(interp, r)?;
    let mut guard = inst.frame.try_lock().ok_or_else(|| busy(r))?;
    op(interp, &mut guard)
}

/// Evaluates a collection leaf of the public collection `r` (`pkg.list(i)`, `pkg.list.COUNT`)
/// on the session's instance; its index or argument is evaluated first, in the caller's frame.
pub(super) fn read_coll(
    interp: &mut Interp<'_, '_>,
    r: &PackageRef,
    leaf: &Leaf,
    f: &mut Frame,
) -> R<Value> {
    let mut constant = |e: &PExpr| interp.eval(e, f).map(|v| Box::new(PExpr::Const(v)));
    let leaf = match leaf {
        Leaf::Elem { coll, index, field } => {
            Leaf::Elem { coll: *coll, index: constant(index)?, field: *field }
        }
        Leaf::Method { coll, method, arg } => {
            Leaf::Method { coll: *coll, method, arg: arg.as_deref().map(constant).transpose()? }
        }
        Leaf::Coll(super::collections::CollLeaf::Limit(slot)) => {
            Leaf::Coll(super::collections::CollLeaf::Limit(*slot))
        }
        _ => return Err(Box::new(not_found(&r.owner, &r.package))),
    };
    on_instance(interp, r, |i, g| i.leaf(&leaf, g))
}

/// Runs `op` on the element target `t` (a [`Target::Elem`]) of the public collection `r` with
/// the session's instance frame; the index is evaluated first, in the caller's frame.
pub(super) fn with_elem<T>(
    interp: &mut Interp<'_, '_>,
    r: &PackageRef,
    t: &Target,
    f: &mut Frame,
    op: impl FnOnce(&mut Interp<'_, '_>, &Target, &mut Frame) -> R<T>,
) -> R<T> {
    let Target::Elem { coll, index, field, ttype } = t else {
        return Err(Box::new(not_found(&r.owner, &r.package)));
    };
    let index = PExpr::Const(interp.eval(index, f)?);
    let t = Target::Elem { coll: *coll, index, field: *field, ttype: ttype.clone() };
    on_instance(interp, r, |i, g| op(i, &t, g))
}

/// Runs `inner` (DELETE, EXTEND or TRIM) with evaluated arguments on the public collection
/// `r` of the session's instance.
pub(super) fn coll_procedure(
    interp: &mut Interp<'_, '_>,
    r: &PackageRef,
    inner: &Callee,
    args: Vec<Value>,
) -> R<Option<Value>> {
    let callee = match inner {
        Callee::CollDelete(slot) => Callee::CollDelete(*slot),
        Callee::Coll(slot, op) => Callee::Coll(*slot, *op),
        _ => return Err(Box::new(not_found(&r.owner, &r.package))),
    };
    let args = args.into_iter().map(|v| ArgIr::any(PExpr::Const(v))).collect();
    let c = CallIr { callee, name: r.member.clone(), args };
    on_instance(interp, r, |i, g| i.call(&c, g))
}

/// A copy of the public collection in `slot` of the session's instance of `r`.
pub(super) fn coll_copy(interp: &mut Interp<'_, '_>, r: &PackageRef, slot: usize) -> R<Collection> {
    on_instance(interp, r, |_, g| Ok(g.colls[slot].clone()))
}

/// Replaces the public collection in `slot` of the session's instance of `r`.
pub(super) fn coll_set(
    interp: &mut Interp<'_, '_>,
    r: &PackageRef,
    slot: usize,
    c: Collection,
) -> R<()> {
    on_instance(interp, r, |_, g| {
        g.colls[slot] = c;
        Ok(())
    })
}

/// Copies the public record in slots `package` of the session's instance of `r` to the
/// caller's slots `local`, or the other way if `into_package`.
pub(super) fn copy_record(
    interp: &mut Interp<'_, '_>,
    r: &PackageRef,
    (package, local): (std::ops::Range<usize>, std::ops::Range<usize>),
    into_package: bool,
    f: &mut Frame,
) -> R<()> {
    on_instance(interp, r, |_, g| {
        if into_package {
            g.vals[package].clone_from_slice(&f.vals[local]);
        } else {
            f.vals[local].clone_from_slice(&g.vals[package]);
        }
        Ok(())
    })
}

/// Reads the public variable `r` of the session's instance.
pub(super) fn read(interp: &mut Interp<'_, '_>, r: &PackageRef) -> R<Value> {
    let (compiled, inst) = instance(interp, r)?;
    let slot = var_slot(&compiled, r)?;
    let guard = inst.frame.try_lock().ok_or_else(|| busy(r))?;
    Ok(guard.vals[slot].clone())
}

/// Assigns the public variable `r` of the session's instance.
pub(super) fn write(
    interp: &mut Interp<'_, '_>,
    r: &PackageRef,
    v: Value,
    ty: &SqlType,
    not_null: bool,
) -> R<()> {
    let v = coerce(v, ty)?;
    if not_null && v.is_null() {
        return Err(Box::new(super::compile::value_error("")));
    }
    let (compiled, inst) = instance(interp, r)?;
    let slot = var_slot(&compiled, r)?;
    let mut guard = inst.frame.try_lock().ok_or_else(|| busy(r))?;
    guard.vals[slot] = v;
    Ok(())
}

// ---- functions called from SQL ----

/// Resolves `pkg.f` / `schema.pkg.f` called from SQL with `nargs` positional arguments: its
/// key (`OWNER.PKG.F`) and result type.
pub fn sql_function(
    env: &Env<'_>,
    name: &ObjectName,
    nargs: usize,
) -> Result<Option<(String, SqlType)>, OraError> {
    let Ok(Some((r, Entity::Sub(sig)))) = member(env, name) else { return Ok(None) };
    let required = sig.formals.iter().filter(|f| f.default.is_none()).count();
    if !sig.is_function || nargs < required || nargs > sig.formals.len() {
        return Err(OraError::with_text(
            Code::ora(6553),
            format!("PLS-306: wrong number or types of arguments in call to '{}'", r.member),
        ));
    }
    let ty = sig.returns.unwrap_or(SqlType::Varchar2(4000));
    Ok(Some((format!("{}.{}", r.key(), r.member), ty)))
}

/// Runs the package function `OWNER.PKG.F` for SQL with evaluated positional arguments.
pub fn run_sql_function(env: &Env<'_>, key: &str, args: Vec<Value>) -> Result<Value, OraError> {
    let mut it = key.splitn(3, '.');
    let (owner, package, member) = match (it.next(), it.next(), it.next()) {
        (Some(o), Some(p), Some(m)) => (o.to_string(), p.to_string(), m.to_string()),
        _ => return Err(not_found("", key)),
    };
    let r = PackageRef { owner, package, member, field: None };
    let compiled = compiled(env, &r.owner, &r.package, false)?;
    let Some(Entity::Sub(sig)) = compiled.public.get(&r.member) else {
        return Err(not_found(&r.owner, &r.package));
    };
    let mut output = super::OutputBuffer::default();
    let mut ctx = Ctx { db: env.db, me: env.me, output: &mut output, text: "" };
    let mut actuals = Vec::with_capacity(sig.formals.len());
    let mut args = args.into_iter();
    for f in &sig.formals {
        let v = match (args.next(), &f.default) {
            (Some(v), _) => v,
            (None, Some(e)) => crate::exec::eval::eval_scalar(&mut ctx, e)?,
            (None, None) => Value::Null,
        };
        let ty = match &f.kind {
            super::packages::FormalKind::Scalar(t) => *t,
            _ => SqlType::Varchar2(0),
        };
        actuals.push(ArgIr::In(PExpr::Const(v), ty));
    }
    let c = CallIr {
        callee: super::ir::Callee::Package(Rc::new(r)),
        name: String::new(),
        args: actuals,
    };
    let mut frame = Frame::default();
    let mut interp = Interp::new(&mut ctx);
    let result = interp.call(&c, &mut frame);
    interp.finish();
    super::function_value(result)
}

#[cfg(test)]
mod tests;
