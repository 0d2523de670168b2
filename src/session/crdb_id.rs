//! CockroachDB's cluster-wide ids (`session_id`, `query_id`): 128 bits made of a hybrid-logical
//! clock reading and the node id, shown as 32 lower-case hex digits
//! (shared/reference/cockroach.md §2 "ID format").
//!
//! `hi` = wall time in nanoseconds (the engine clock's calendar time, so ids are repeatable
//! under the virtual clock), `lo` = `(logical << 32) | node id`. The [`Hlc`] hands out strictly
//! increasing readings: two ids taken at the same engine instant differ by their logical part,
//! exactly as CockroachDB's HLC does when the wall clock has not moved.

use std::fmt;

use parking_lot::Mutex;

use crate::clock::Clock;

/// The node (SQL instance) id of this single-node engine: the low 32 bits of every id.
pub const NODE_ID: u32 = 1;

/// A session or query id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ClusterWideId(pub u128);

impl ClusterWideId {
    /// The id of an HLC reading on [`NODE_ID`].
    pub fn new(wall_nanos: u64, logical: u32) -> ClusterWideId {
        let lo = (u64::from(logical) << 32) | u64::from(NODE_ID);
        ClusterWideId((u128::from(wall_nanos) << 64) | u128::from(lo))
    }

    /// The node the id was made on (where a cancel request is routed).
    pub fn node_id(self) -> u32 {
        self.0 as u32
    }

    /// Parses an id as `uint128.FromString` does: at most 32 hex digits, an even number of
    /// them, shorter input left-padded with zeros. The error is Go's text.
    pub fn parse(s: &str) -> Result<ClusterWideId, String> {
        if s.len() > 32 {
            return Err(format!("input string {s} too large for uint128"));
        }
        let hex_error = |detail: String| format!("could not decode {s} as hex: {detail}");
        // Go's hex.DecodeString reports the first invalid byte before an odd length.
        if let Some(c) = s.chars().find(|c| !c.is_ascii_hexdigit()) {
            return Err(hex_error(format!("encoding/hex: invalid byte: {}", go_rune(c))));
        }
        if s.len() % 2 == 1 {
            return Err(hex_error("encoding/hex: odd length hex string".into()));
        }
        let value = if s.is_empty() {
            0
        } else {
            u128::from_str_radix(s, 16).map_err(|e| e.to_string())?
        };
        Ok(ClusterWideId(value))
    }
}

/// Go's `%#U` of a rune: `U+0067 'g'`.
fn go_rune(c: char) -> String {
    format!("U+{:04X} '{c}'", c as u32)
}

impl ClusterWideId {
    /// The 32 lower-case hex digits, without going through the formatter (views print one
    /// per session).
    pub fn hex(self) -> [u8; 32] {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; 32];
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = DIGITS[((self.0 >> (124 - 4 * i)) & 0xf) as usize];
        }
        out
    }
}

impl ClusterWideId {
    /// The id as shared text (what views show).
    pub fn text(self) -> std::sync::Arc<str> {
        std::sync::Arc::from(std::str::from_utf8(&self.hex()).expect("hex digits are ASCII"))
    }
}

impl fmt::Display for ClusterWideId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hex = self.hex();
        f.write_str(std::str::from_utf8(&hex).expect("hex digits are ASCII"))
    }
}

/// A hybrid-logical clock over the engine clock.
#[derive(Debug, Default)]
pub struct Hlc {
    /// The last reading: wall nanoseconds and logical counter.
    last: Mutex<(u64, u32)>,
}

impl Hlc {
    /// A fresh id: the engine's wall time now, with a logical counter that keeps ids unique
    /// when the wall time has not moved since the last reading.
    pub fn next(&self, clock: &Clock) -> ClusterWideId {
        let wall = wall_nanos(clock);
        let mut last = self.last.lock();
        *last = if wall > last.0 { (wall, 0) } else { (last.0, last.1 + 1) };
        ClusterWideId::new(last.0, last.1)
    }
}

/// The engine clock's calendar time as Unix nanoseconds.
fn wall_nanos(clock: &Clock) -> u64 {
    let nanos = clock.datetime().assume_utc().unix_timestamp_nanos();
    u64::try_from(nanos).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_and_parse() {
        let id = ClusterWideId::new(0x1530_fd88_13ad_694b, 0);
        assert_eq!(id.to_string(), "1530fd8813ad694b0000000000000001");
        assert_eq!(ClusterWideId::parse(&id.to_string()), Ok(id));
        assert_eq!(id.node_id(), 1);
        assert_eq!(ClusterWideId::new(5, 2).to_string(), "00000000000000050000000200000001");
        assert_eq!(ClusterWideId::parse("01"), Ok(ClusterWideId(1)));
        assert_eq!(
            ClusterWideId::parse("f54").unwrap_err(),
            "could not decode f54 as hex: encoding/hex: odd length hex string"
        );
        assert_eq!(
            ClusterWideId::parse("0g").unwrap_err(),
            "could not decode 0g as hex: encoding/hex: invalid byte: U+0067 'g'"
        );
        let long = "0".repeat(33);
        assert_eq!(
            ClusterWideId::parse(&long).unwrap_err(),
            format!("input string {long} too large for uint128")
        );
    }

    #[test]
    fn same_instant_differs_by_logical() {
        let clock = Clock::virtual_time();
        let hlc = Hlc::default();
        let (a, b) = (hlc.next(&clock), hlc.next(&clock));
        assert_eq!(a.0 >> 64, b.0 >> 64);
        assert_eq!((b.0 as u64) >> 32, 1);
        clock.advance(std::time::Duration::from_secs(1));
        assert_eq!((hlc.next(&clock).0 as u64) >> 32, 0);
    }
}
