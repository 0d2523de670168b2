-- ALL_TABLES: the tables visible to the current user (every table, in this engine).
CREATE TABLE ALL_TABLES (
    OWNER           VARCHAR2(128), -- schema
    TABLE_NAME      VARCHAR2(128), -- table name
    TABLESPACE_NAME VARCHAR2(30),  -- USERS
    NUM_ROWS        NUMBER,        -- committed rows now
    STATUS          VARCHAR2(8)    -- VALID
);
