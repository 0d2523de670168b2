-- ALL_TABLES: the tables the current user may read (its own; every table with SELECT ANY TABLE).
CREATE TABLE ALL_TABLES (
    OWNER           VARCHAR2(128), -- schema
    TABLE_NAME      VARCHAR2(128), -- table name
    TABLESPACE_NAME VARCHAR2(30),  -- USERS
    NUM_ROWS        NUMBER,        -- committed rows now
    STATUS          VARCHAR2(8)    -- VALID
);
