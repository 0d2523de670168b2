-- DBA_OBJECTS: one row per table (the objects this engine has). Needs dictionary access.
CREATE TABLE DBA_OBJECTS (
    OWNER          VARCHAR2(128), -- schema
    OBJECT_NAME    VARCHAR2(128), -- name
    OBJECT_ID      NUMBER,        -- object id (V$LOCK.ID1 of TM locks, ROW_WAIT_OBJ#)
    DATA_OBJECT_ID NUMBER,        -- segment object id
    OBJECT_TYPE    VARCHAR2(23),  -- TABLE
    CREATED        DATE,          -- creation time
    LAST_DDL_TIME  DATE,          -- last DDL time
    STATUS         VARCHAR2(7)    -- VALID
);
