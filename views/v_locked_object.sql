-- V$LOCKED_OBJECT: one row per table locked by a transaction (its TM lock).
CREATE TABLE V$LOCKED_OBJECT (
    XIDUSN          NUMBER,        -- undo segment number of the transaction
    XIDSLOT         NUMBER,        -- slot number
    XIDSQN          NUMBER,        -- sequence number
    OBJECT_ID       NUMBER,        -- the locked table (DBA_OBJECTS.OBJECT_ID)
    SESSION_ID      NUMBER,        -- SID of the session
    ORACLE_USERNAME VARCHAR2(128), -- user of the session
    OS_USER_NAME    VARCHAR2(128), -- client operating-system user
    PROCESS         VARCHAR2(24),  -- client process id
    LOCKED_MODE     NUMBER,        -- lock mode (3 = row exclusive, 6 = exclusive)
    CON_ID          NUMBER         -- container id
);
