-- DBA_WAITERS: one row per session waiting for a lock, with the session holding it.
CREATE TABLE DBA_WAITERS (
    WAITING_SESSION   NUMBER,       -- SID of the waiter
    HOLDING_SESSION   NUMBER,       -- SID of the holder
    LOCK_TYPE         VARCHAR2(26), -- Transaction or DML
    MODE_HELD         VARCHAR2(40), -- Exclusive, Row-X (SX), ...
    MODE_REQUESTED    VARCHAR2(40), -- the mode waited for
    LOCK_ID1          NUMBER,       -- V$LOCK.ID1 of the lock
    LOCK_ID2          NUMBER        -- V$LOCK.ID2 of the lock
);
