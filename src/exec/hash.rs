//! Hash keys for the engine's hash tables (hash joins, GROUP BY, DISTINCT, set operations,
//! `IN (subquery)`): [`HKey`], a value made hashable with SQL equality, and [`FxBuild`], a fast
//! hasher for them.

use std::sync::Arc;

use rust_decimal::Decimal;
use time::PrimitiveDateTime;

use crate::value::Value;

/// FxHash (the rustc hasher): much faster than SipHash for the short keys of joins and
/// grouping, and hash flooding is no concern for an in-memory engine's own rows.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxBuild;

impl std::hash::BuildHasher for FxBuild {
    type Hasher = FxHasher;
    fn build_hasher(&self) -> FxHasher {
        FxHasher(0)
    }
}

/// The hasher [`FxBuild`] builds.
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        for &b in chunks.remainder() {
            self.add(b as u64);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A value as a hash key: equal SQL values (of one type family) give equal keys; NULLs are
/// equal to each other here (GROUP BY, DISTINCT and set operations group them together).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum HKey {
    /// NULL.
    Null,
    /// A number, normalised (1.0 = 1).
    Num(Decimal),
    /// Text.
    Text(Arc<str>),
    /// A DATE or TIMESTAMP.
    Time(PrimitiveDateTime),
    /// A BOOLEAN.
    Bool(bool),
    /// Several values (multi-column join keys).
    Tuple(Box<[HKey]>),
}

impl HKey {
    /// The key of a value.
    pub fn of(v: &Value) -> HKey {
        match v {
            Value::Null => HKey::Null,
            Value::Number(d) => HKey::Num(d.normalize()),
            Value::Text(s) => HKey::Text(s.clone()),
            Value::Date(d) | Value::Timestamp(d) => HKey::Time(*d),
            Value::Bool(b) => HKey::Bool(*b),
        }
    }
}

/// The key of a row (GROUP BY keys, DISTINCT, set operations).
pub fn row_key(r: &[Value]) -> Vec<HKey> {
    r.iter().map(HKey::of).collect()
}
