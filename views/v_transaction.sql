-- V$TRANSACTION: one row per active transaction. USED_UREC counts its undo records (and counts
-- down while a killed session rolls back).
CREATE TABLE V$TRANSACTION (
    ADDR       RAW(8),       -- transaction state object (V$SESSION.TADDR)
    XIDUSN     NUMBER,       -- undo segment number
    XIDSLOT    NUMBER,       -- slot number
    XIDSQN     NUMBER,       -- sequence number
    STATUS     VARCHAR2(16), -- ACTIVE
    START_TIME VARCHAR2(20), -- start time, MM/DD/YY HH24:MI:SS
    START_DATE DATE,         -- start time
    USED_UBLK  NUMBER,       -- undo blocks used
    USED_UREC  NUMBER,       -- undo records used
    SES_ADDR   RAW(8),       -- session (V$SESSION.SADDR)
    CON_ID     NUMBER        -- container id
);
