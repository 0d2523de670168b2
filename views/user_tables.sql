-- USER_TABLES: the tables of the current schema.
CREATE TABLE USER_TABLES (
    TABLE_NAME      VARCHAR2(128), -- table name
    TABLESPACE_NAME VARCHAR2(30),  -- USERS
    NUM_ROWS        NUMBER,        -- committed rows now
    STATUS          VARCHAR2(8)    -- VALID
);
