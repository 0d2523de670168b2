-- V$LOCK: one row per lock held (LMODE > 0) or requested (REQUEST > 0): TX for a transaction,
-- TM for a table a transaction has touched. A kill, commit, rollback or logoff removes the rows.
CREATE TABLE V$LOCK (
    ADDR    RAW(8),      -- address of the lock state object
    KADDR   RAW(8),      -- address of the lock
    SID     NUMBER,      -- session holding or requesting the lock
    TYPE    VARCHAR2(2), -- TX (transaction enqueue) or TM (DML enqueue)
    ID1     NUMBER,      -- TM: object id of the table; TX: undo segment * 65536 + slot
    ID2     NUMBER,      -- TM: 0; TX: sequence number of the transaction
    LMODE   NUMBER,      -- mode held: 0 none, 2 row-S, 3 row-X, 4 share, 5 S/row-X, 6 exclusive
    REQUEST NUMBER,      -- mode requested (same codes); 0 if none
    CTIME   NUMBER,      -- seconds since the mode was granted or requested
    BLOCK   NUMBER,      -- 1 if this lock blocks another session, 0 otherwise
    CON_ID  NUMBER       -- container id
);
