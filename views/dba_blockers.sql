-- DBA_BLOCKERS: sessions that hold a lock another session is waiting for.
CREATE TABLE DBA_BLOCKERS (
    HOLDING_SESSION NUMBER -- SID of the blocking session
);
