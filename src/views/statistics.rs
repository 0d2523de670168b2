//! CRDB_INTERNAL.TABLE_STATISTICS, from the statistics the CREATE STATS jobs collected
//! (`crate::jobs::kinds::stats`): the rows SHOW STATISTICS FOR TABLE answers, with the table's
//! schema and name in front, so `[SHOW STATISTICS FOR TABLE t]` is a query over it.

use super::Producer;
use crate::jobs::kinds::stats::{show_row, statistics_of};
use crate::session::SysPriv;
use crate::value::Value;

/// The producer of `view`, if it is this module's.
pub fn producer(view: &str, columns: &[String]) -> Option<(Producer, bool)> {
    if view != "CRDB_INTERNAL.TABLE_STATISTICS" {
        return None;
    }
    assert_eq!(columns.len(), 10, "{view}: the views/ file and the producer disagree");
    let produce: Producer = Box::new(|db, me, _scan| {
        let user = me.username();
        let any = db.users.has(user, SysPriv::SELECT_ANY_TABLE) || db.users.is_admin(user);
        let tables = db.storage.tables();
        let visible = tables.iter().filter(|t| any || &*t.owner == user);
        visible
            .flat_map(|t| {
                statistics_of(db, t)
                    .iter()
                    .map(|s| {
                        let mut row = vec![Value::text(&*t.owner), Value::text(&*t.name)];
                        row.extend(show_row(db, s));
                        row
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    });
    Some((produce, false))
}
