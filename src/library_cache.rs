//! The library cache: one SQL area per statement text the instance has run, keyed by SQL_ID,
//! for V$SQL and V$SQLAREA — what a DBA joins V$SESSION.SQL_ID / PREV_SQL_ID with to see the
//! text of a session's statement before killing it.
//!
//! Every top-level call that parses (`facade::Session::call`) notes its text here: the first
//! call loads the area (FIRST_LOAD_TIME, PARSING_SCHEMA_NAME, COMMAND_TYPE), each call counts
//! an execution and moves LAST_ACTIVE_TIME. A text that does not parse leaves no area, as in
//! Oracle. The cache holds at most [`CAPACITY`] areas; past that the oldest-loaded quarter is
//! aged out at once (Oracle ages cursors out of the shared pool under pressure). SQL run
//! inside PL/SQL (recursive SQL) is not noted.

use std::sync::Arc;
use std::time::Duration;

use indexmap::IndexMap;
use parking_lot::Mutex;

/// The most SQL areas the cache holds.
pub const CAPACITY: usize = 10_000;

/// One statement text's SQL area.
#[derive(Debug, Clone)]
pub struct SqlArea {
    /// SQL_ID.
    pub sql_id: Arc<str>,
    /// The statement text as the client sent it (trimmed).
    pub text: Arc<str>,
    /// COMMAND_TYPE (V$SESSION.COMMAND's numbers).
    pub command: u32,
    /// PARSING_SCHEMA_NAME: the schema of the first parse.
    pub parsing_schema: Arc<str>,
    /// Engine time of the first parse.
    pub first_load: Duration,
    /// Engine time the last execution started.
    pub last_active: Duration,
    /// Executions started.
    pub executions: u64,
}

/// The instance's SQL areas, oldest-loaded first.
#[derive(Default)]
pub struct LibraryCache {
    areas: Mutex<IndexMap<Arc<str>, SqlArea>>,
}

impl LibraryCache {
    /// Notes one execution of `text` (trimmed, as the session's call shows it; its SQL_ID is
    /// `sql_id`) starting at `now`.
    pub fn note(
        &self,
        sql_id: &Arc<str>,
        text: &Arc<str>,
        command: u32,
        schema: &Arc<str>,
        now: Duration,
    ) {
        let mut areas = self.areas.lock();
        if let Some(a) = areas.get_mut(sql_id) {
            a.executions += 1;
            a.last_active = now;
            return;
        }
        if areas.len() >= CAPACITY {
            areas.drain(..CAPACITY / 4);
        }
        let area = SqlArea {
            sql_id: sql_id.clone(),
            text: text.clone(),
            command,
            parsing_schema: schema.clone(),
            first_load: now,
            last_active: now,
            executions: 1,
        };
        areas.insert(sql_id.clone(), area);
    }

    /// A copy of the areas, oldest-loaded first (taken under one short hold of the lock).
    pub fn areas(&self) -> Vec<SqlArea> {
        self.areas.lock().values().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(cache: &LibraryCache, id: &str, at: u64) {
        let schema: Arc<str> = Arc::from("SCOTT");
        let text: Arc<str> = Arc::from(format!("select {id} from dual"));
        cache.note(&Arc::from(id), &text, 3, &schema, Duration::from_secs(at));
    }

    #[test]
    fn an_area_counts_executions_and_keeps_its_first_load() {
        let cache = LibraryCache::default();
        note(&cache, "a", 1);
        note(&cache, "a", 5);
        let areas = cache.areas();
        assert_eq!(areas.len(), 1);
        assert_eq!(areas[0].executions, 2);
        assert_eq!(areas[0].first_load, Duration::from_secs(1));
        assert_eq!(areas[0].last_active, Duration::from_secs(5));
    }

    #[test]
    fn a_full_cache_ages_out_its_oldest_quarter() {
        let cache = LibraryCache::default();
        for i in 0..CAPACITY {
            note(&cache, &i.to_string(), 0);
        }
        note(&cache, "new", 1);
        let areas = cache.areas();
        assert_eq!(areas.len(), CAPACITY - CAPACITY / 4 + 1);
        assert_eq!(&*areas[0].sql_id, (CAPACITY / 4).to_string());
        assert_eq!(&*areas.last().unwrap().sql_id, "new");
    }
}
