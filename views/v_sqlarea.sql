-- V$SQLAREA: one row per statement text in the library cache (V$SQL's parent cursors; one
-- version each here). Needs the DBA role, SELECT_CATALOG_ROLE or SELECT ANY DICTIONARY.
CREATE TABLE V$SQLAREA (
    SQL_TEXT            VARCHAR2(1000), -- the first 1,000 characters of the text
    SQL_FULLTEXT        VARCHAR2(4000), -- the text (a CLOB in Oracle; here cut at 4,000 characters)
    SQL_ID              VARCHAR2(13),   -- the statement's id (V$SESSION.SQL_ID)
    VERSION_COUNT       NUMBER,         -- child cursors (always 1)
    EXECUTIONS          NUMBER,         -- executions started since the text was loaded
    USERS_EXECUTING     NUMBER,         -- sessions running it now (ACTIVE with this SQL_ID)
    LOADS               NUMBER,         -- times loaded (1)
    FIRST_LOAD_TIME     VARCHAR2(19),   -- first parse, YYYY-MM-DD/HH24:MI:SS
    PARSE_CALLS         NUMBER,         -- parse calls (every call parses here: = EXECUTIONS)
    COMMAND_TYPE        NUMBER,         -- command number, as V$SESSION.COMMAND (3 SELECT, 47 PL/SQL)
    PARSING_SCHEMA_NAME VARCHAR2(128),  -- schema current at the first parse
    LAST_ACTIVE_TIME    DATE,           -- when an execution last started
    CON_ID              NUMBER          -- container id
);
