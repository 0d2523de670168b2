-- CRDB_INTERNAL.TABLE_STATISTICS: one row per table statistic (CREATE STATISTICS, automatic
-- statistics), as SHOW STATISTICS FOR TABLE lists them, oldest first per table; the row source of
-- [SHOW STATISTICS FOR TABLE t]. Lists the tables the user owns, or all with SELECT ANY TABLE.
CREATE TABLE CRDB_INTERNAL.TABLE_STATISTICS (
    SCHEMA_NAME     VARCHAR2(128),  -- the table's owner (schema)
    TABLE_NAME      VARCHAR2(128),  -- the table
    STATISTICS_NAME VARCHAR2(15),   -- statistics_name (__auto__ for automatic statistics); display width as SHOW STATISTICS
    COLUMN_NAMES    VARCHAR2(20),   -- the column group, as an array literal {a,b}; display width as SHOW STATISTICS
    CREATED         VARCHAR2(26),   -- when collected (engine clock), as SHOW STATISTICS prints it
    ROW_COUNT       NUMBER,         -- rows in the table
    DISTINCT_COUNT  NUMBER,         -- distinct values of the column group (NULL counts as one)
    NULL_COUNT      NUMBER,         -- rows with the group all NULL
    AVG_SIZE        NUMBER,         -- average bytes of the values' text form
    HISTOGRAM_ID    NUMBER          -- histogram id (always NULL: no histograms)
);
