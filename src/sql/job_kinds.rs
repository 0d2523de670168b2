//! Syntax tree of the statements that run as CockroachDB jobs: BACKUP, RESTORE, IMPORT INTO,
//! CREATE STATISTICS (and SHOW STATISTICS), CREATE CHANGEFEED, the schema changes (ALTER TABLE
//! ... ADD COLUMN / RENAME TO, CREATE INDEX) and SET / SHOW CLUSTER SETTING.

use super::ast::{ColumnDef, Expr, Ident, ObjectName};

/// A statement that creates a job (or configures them).
#[derive(Debug, Clone, PartialEq)]
pub enum JobKindStatement {
    /// `BACKUP [TABLE t, ...] INTO [LATEST IN] 'url' [WITH DETACHED]` (no tables: every
    /// table of the user's schema).
    Backup {
        /// Tables to back up.
        tables: Vec<ObjectName>,
        /// The collection URL.
        url: String,
        /// `INTO LATEST IN`: an incremental layer on the collection's latest full backup.
        latest: bool,
        /// WITH DETACHED: return the job id at once.
        detached: bool,
    },
    /// `RESTORE TABLE t, ... FROM {LATEST | 'subdir'} IN 'url' | FROM 'url' [WITH DETACHED]`.
    Restore {
        /// Tables to restore.
        tables: Vec<ObjectName>,
        /// `LATEST` or a backup subdirectory (None: the old `FROM 'url'` form).
        from: Option<String>,
        /// The collection (or backup) URL.
        url: String,
        /// WITH DETACHED.
        detached: bool,
    },
    /// `IMPORT INTO t [(cols)] CSV DATA ('url', ...) [WITH DETACHED]`.
    Import {
        /// Target table.
        table: ObjectName,
        /// Target columns in field order (empty: all).
        columns: Vec<Ident>,
        /// File URLs.
        files: Vec<String>,
        /// WITH DETACHED.
        detached: bool,
    },
    /// `CREATE STATISTICS name [ON col, ...] FROM t`.
    CreateStatistics {
        /// statistics_name.
        name: Ident,
        /// Columns (empty: each column on its own).
        columns: Vec<Ident>,
        /// The table.
        table: ObjectName,
    },
    /// `SHOW STATISTICS FOR TABLE t`.
    ShowStatistics {
        /// The table.
        table: ObjectName,
    },
    /// `CREATE CHANGEFEED FOR [TABLE] t INTO 'url'`.
    CreateChangefeed {
        /// The watched table.
        table: ObjectName,
        /// The sink URL.
        url: String,
    },
    /// `ALTER TABLE t ADD [COLUMN] c type [DEFAULT expr] [NOT NULL]`.
    AddColumn {
        /// The table.
        table: ObjectName,
        /// The new column.
        column: ColumnDef,
    },
    /// `ALTER TABLE t RENAME TO n`.
    RenameTable {
        /// The table.
        table: ObjectName,
        /// The new name.
        new_name: Ident,
    },
    /// `CREATE [UNIQUE] INDEX [name] ON t (col, ...)`.
    CreateIndex {
        /// Index name (None: CockroachDB's default `t_col_idx` / `t_col_key`).
        name: Option<Ident>,
        /// The table.
        table: ObjectName,
        /// Key columns.
        columns: Vec<Ident>,
        /// UNIQUE.
        unique: bool,
    },
    /// `SET CLUSTER SETTING name = value` (`= DEFAULT` resets).
    SetClusterSetting {
        /// Setting name, lower-case (`sql.stats.automatic_collection.enabled`).
        name: String,
        /// The value (None: DEFAULT).
        value: Option<Expr>,
    },
    /// `SHOW CLUSTER SETTING name`.
    ShowClusterSetting {
        /// Setting name, lower-case.
        name: String,
    },
}

impl JobKindStatement {
    /// The SELECT a SHOW form stands for (its rewrite), for `[SHOW ...]` in FROM and
    /// `WITH x AS (SHOW ...)`: SHOW STATISTICS reads `crdb_internal.table_statistics`
    /// (an unqualified table is in the current schema). Executed on its own, SHOW STATISTICS
    /// answers its rows directly (with CockroachDB's error for a missing table).
    pub fn as_query(&self) -> Option<crate::sql::ast::Query> {
        let JobKindStatement::ShowStatistics { table } = self else { return None };
        let literal = |s: &str| format!("'{}'", s.replace('\'', "''"));
        let schema = match table.parts.iter().rev().nth(1) {
            Some(owner) => literal(&owner.name),
            None => "SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA')".to_string(),
        };
        let text = format!(
            "SELECT statistics_name, column_names, created, row_count, distinct_count, \
             null_count, avg_size, histogram_id FROM crdb_internal.table_statistics \
             WHERE schema_name = {schema} AND table_name = {}",
            literal(&table.object().name)
        );
        match crate::sql::parse(&text) {
            Ok(crate::sql::ast::Statement::Query(q)) => Some(*q),
            _ => None,
        }
    }
}
