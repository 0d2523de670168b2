//! Grammar of the statements that run as CockroachDB jobs (`sql::job_kinds`).

use super::{Parser, R};
use crate::error::{
    INVALID_ALTER_COMMAND, INVALID_IDENTIFIER, INVALID_SQL_STATEMENT, INVALID_TABLE_NAME,
    MISSING_EXPRESSION, MISSING_KEYWORD,
};
use crate::sql::ast::{ObjectName, Statement};
use crate::sql::job_kinds::JobKindStatement as K;
use crate::sql::lexer::Tok;

fn job(k: K) -> Statement {
    Statement::JobKind(Box::new(k))
}

impl Parser<'_> {
    /// `BACKUP ...`, `RESTORE ...`, `IMPORT INTO ...`, `SET CLUSTER SETTING ...`,
    /// `SHOW CLUSTER SETTING ...`.
    pub(super) fn job_kind_statement(&mut self) -> R<Statement> {
        let first = match &self.peek().tok {
            Tok::Word(w) => w.clone(),
            _ => return Err(self.err(INVALID_SQL_STATEMENT)),
        };
        self.advance();
        match first.as_str() {
            "BACKUP" => self.backup(),
            "RESTORE" => self.restore(),
            "IMPORT" => self.import(),
            "SET" => self.set_cluster_setting(),
            "SHOW" => {
                self.expect_kw("CLUSTER", MISSING_KEYWORD)?;
                self.expect_kw("SETTING", MISSING_KEYWORD)?;
                Ok(job(K::ShowClusterSetting { name: self.setting_name()? }))
            }
            _ => Err(self.err(INVALID_SQL_STATEMENT)),
        }
    }

    /// `BACKUP [TABLE t, ...] INTO [LATEST IN] 'url' [WITH DETACHED]`.
    fn backup(&mut self) -> R<Statement> {
        let tables = if self.eat_kw("TABLE") { self.table_list()? } else { Vec::new() };
        self.expect_kw("INTO", MISSING_KEYWORD)?;
        let latest = self.eat_kw("LATEST");
        if latest {
            self.expect_kw("IN", MISSING_KEYWORD)?;
        }
        let url = self.string()?;
        Ok(job(K::Backup { tables, url, latest, detached: self.detached()? }))
    }

    /// `RESTORE TABLE t, ... FROM {LATEST | 'subdir'} IN 'url' | FROM 'url' [WITH DETACHED]`.
    fn restore(&mut self) -> R<Statement> {
        self.expect_kw("TABLE", MISSING_KEYWORD)?;
        let tables = self.table_list()?;
        self.expect_kw("FROM", MISSING_KEYWORD)?;
        let (from, url) = if self.eat_kw("LATEST") {
            self.expect_kw("IN", MISSING_KEYWORD)?;
            (Some("LATEST".to_string()), self.string()?)
        } else {
            let first = self.string()?;
            if self.eat_kw("IN") { (Some(first), self.string()?) } else { (None, first) }
        };
        Ok(job(K::Restore { tables, from, url, detached: self.detached()? }))
    }

    /// `IMPORT INTO t [(cols)] CSV DATA ('url', ...) [WITH DETACHED]`.
    fn import(&mut self) -> R<Statement> {
        self.expect_kw("INTO", MISSING_KEYWORD)?;
        let table = self.object_name(INVALID_TABLE_NAME)?;
        let columns = if self.is_sym("(") {
            self.paren_list(|p| p.ident(INVALID_IDENTIFIER))?
        } else {
            Vec::new()
        };
        self.expect_kw("CSV", MISSING_KEYWORD)?;
        self.expect_kw("DATA", MISSING_KEYWORD)?;
        let files = self.paren_list(Self::string)?;
        Ok(job(K::Import { table, columns, files, detached: self.detached()? }))
    }

    /// `SET CLUSTER SETTING name {= | TO} {value | DEFAULT}`.
    fn set_cluster_setting(&mut self) -> R<Statement> {
        self.expect_kw("CLUSTER", MISSING_KEYWORD)?;
        self.expect_kw("SETTING", MISSING_KEYWORD)?;
        let name = self.setting_name()?;
        if !self.eat_sym("=") {
            self.expect_kw("TO", MISSING_KEYWORD)?;
        }
        let value = if self.eat_kw("DEFAULT") { None } else { Some(self.expr()?) };
        Ok(job(K::SetClusterSetting { name, value }))
    }

    /// A dotted setting name, lower-cased.
    fn setting_name(&mut self) -> R<String> {
        let first = self.any_ident().ok_or_else(|| self.err(INVALID_IDENTIFIER))?;
        Ok(self.dotted(first).dotted().to_lowercase())
    }

    /// `CREATE STATISTICS | CHANGEFEED | [UNIQUE] INDEX ...` (positioned after CREATE).
    pub(super) fn create_job_kind(&mut self) -> R<Statement> {
        if self.eat_kw("STATISTICS") {
            let name = self.ident(INVALID_IDENTIFIER)?;
            let columns = if self.eat_kw("ON") {
                self.comma_list(|p| p.ident(INVALID_IDENTIFIER))?
            } else {
                Vec::new()
            };
            self.expect_kw("FROM", MISSING_KEYWORD)?;
            let table = self.object_name(INVALID_TABLE_NAME)?;
            return Ok(job(K::CreateStatistics { name, columns, table }));
        }
        if self.eat_kw("CHANGEFEED") {
            self.expect_kw("FOR", MISSING_KEYWORD)?;
            self.eat_kw("TABLE");
            let table = self.object_name(INVALID_TABLE_NAME)?;
            self.expect_kw("INTO", MISSING_KEYWORD)?;
            return Ok(job(K::CreateChangefeed { table, url: self.string()? }));
        }
        let unique = self.eat_kw("UNIQUE");
        self.expect_kw("INDEX", MISSING_KEYWORD)?;
        let name = if self.is_kw("ON") { None } else { Some(self.ident(INVALID_IDENTIFIER)?) };
        self.expect_kw("ON", MISSING_KEYWORD)?;
        let table = self.object_name(INVALID_TABLE_NAME)?;
        let columns = self.paren_list(|p| p.ident(INVALID_IDENTIFIER))?;
        Ok(job(K::CreateIndex { name, table, columns, unique }))
    }

    /// `SHOW STATISTICS FOR TABLE t`.
    pub(super) fn show_statistics(&mut self) -> R<Statement> {
        self.advance();
        self.expect_kw("STATISTICS", MISSING_KEYWORD)?;
        self.expect_kw("FOR", MISSING_KEYWORD)?;
        self.expect_kw("TABLE", MISSING_KEYWORD)?;
        Ok(job(K::ShowStatistics { table: self.object_name(INVALID_TABLE_NAME)? }))
    }

    /// `ALTER TABLE t ADD [COLUMN] ...` and `ALTER TABLE t RENAME TO n` (positioned at TABLE).
    pub(super) fn alter_table_job(&mut self) -> R<Statement> {
        self.expect_kw("TABLE", MISSING_KEYWORD)?;
        let table = self.object_name(INVALID_TABLE_NAME)?;
        if self.eat_kw("ADD") {
            self.eat_kw("COLUMN");
            return Ok(job(K::AddColumn { table, column: self.column_def()? }));
        }
        if self.eat_kw("RENAME") {
            self.expect_kw("TO", MISSING_KEYWORD)?;
            let new_name = self.ident(INVALID_IDENTIFIER)?;
            return Ok(job(K::RenameTable { table, new_name }));
        }
        Err(self.err(INVALID_ALTER_COMMAND))
    }

    fn table_list(&mut self) -> R<Vec<ObjectName>> {
        self.comma_list(|p| p.object_name(INVALID_TABLE_NAME))
    }

    /// A string literal.
    fn string(&mut self) -> R<String> {
        match &self.peek().tok {
            Tok::Str(s) => {
                let s = s.clone();
                self.advance();
                Ok(s)
            }
            _ => Err(self.err(MISSING_EXPRESSION)),
        }
    }

    /// `[WITH DETACHED]`.
    fn detached(&mut self) -> R<bool> {
        if !self.eat_kw("WITH") {
            return Ok(false);
        }
        self.expect_kw("DETACHED", MISSING_KEYWORD)?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use crate::sql::ast::Statement;
    use crate::sql::job_kinds::JobKindStatement as K;
    use crate::sql::parse;

    fn kind(sql: &str) -> K {
        match parse(sql).unwrap() {
            Statement::JobKind(k) => *k,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn backup_restore_and_import_forms() {
        let K::Backup { tables, url, latest, detached } =
            kind("BACKUP TABLE t, scott.u INTO 'nodelocal://1/b' WITH DETACHED")
        else {
            panic!()
        };
        assert_eq!(
            (tables.len(), url.as_str(), latest, detached),
            (2, "nodelocal://1/b", false, true)
        );
        let K::Backup { url, latest: true, detached: true, .. } =
            kind("BACKUP TABLE t INTO LATEST IN 'nodelocal://1/b' WITH detached")
        else {
            panic!()
        };
        assert_eq!(url, "nodelocal://1/b");
        let K::Restore { from, url, .. } = kind("RESTORE TABLE t FROM LATEST IN 'nodelocal://1/b'")
        else {
            panic!()
        };
        assert_eq!((from.as_deref(), url.as_str()), (Some("LATEST"), "nodelocal://1/b"));
        let K::Restore { from: None, .. } = kind("RESTORE TABLE t FROM 'file:///x'") else {
            panic!()
        };
        let K::Import { columns, files, .. } =
            kind("IMPORT INTO t (a, b) CSV DATA ('nodelocal://1/x.csv', 'file:///y.csv')")
        else {
            panic!()
        };
        assert_eq!((columns.len(), files.len()), (2, 2));
    }

    #[test]
    fn statistics_changefeed_schema_changes_and_settings() {
        let K::CreateStatistics { columns, .. } = kind("CREATE STATISTICS s ON a, b FROM t") else {
            panic!()
        };
        assert_eq!(columns.len(), 2);
        assert!(matches!(kind("SHOW STATISTICS FOR TABLE t"), K::ShowStatistics { .. }));
        assert!(matches!(
            kind("CREATE CHANGEFEED FOR TABLE t INTO 'nodelocal://1/f'"),
            K::CreateChangefeed { .. }
        ));
        assert!(matches!(
            kind("CREATE UNIQUE INDEX ON t (a)"),
            K::CreateIndex { name: None, unique: true, .. }
        ));
        assert!(matches!(kind("ALTER TABLE t ADD COLUMN c NUMBER DEFAULT 5"), K::AddColumn { .. }));
        assert!(matches!(kind("ALTER TABLE t RENAME TO u"), K::RenameTable { .. }));
        let K::SetClusterSetting { name, value } =
            kind("SET CLUSTER SETTING sql.stats.automatic_collection.enabled = false")
        else {
            panic!()
        };
        assert_eq!(name, "sql.stats.automatic_collection.enabled");
        assert!(value.is_some());
        assert!(matches!(
            kind("SHOW CLUSTER SETTING sql.stats.automatic_collection.enabled"),
            K::ShowClusterSetting { .. }
        ));
    }
}
