-- CRDB_INTERNAL.NODE_QUERIES: one row per statement running now on this node (the gateway)
-- (one per ACTIVE session). Visibility as CRDB_INTERNAL.NODE_SESSIONS.
CREATE TABLE CRDB_INTERNAL.NODE_QUERIES (
    QUERY_ID         VARCHAR2(32),   -- 32 hex digits, made like a session id when the statement began
    TXN_ID           VARCHAR2(36),   -- id of the open transaction, NULL if none
    NODE_ID          NUMBER,         -- 1
    SESSION_ID       VARCHAR2(32),   -- the session running it
    USER_NAME        VARCHAR2(16),   -- the session's user, lower-case
    "START"          TIMESTAMP,      -- when the statement began
    QUERY            VARCHAR2(40),   -- the statement text
    CLIENT_ADDRESS   VARCHAR2(21),   -- client host:port
    APPLICATION_NAME VARCHAR2(24),   -- the client's application name
    DISTRIBUTED      VARCHAR2(11),   -- false (one node)
    FULL_SCAN        VARCHAR2(9),    -- NULL (no plan statistics)
    PHASE            VARCHAR2(9),    -- executing
    PLAN_GIST        VARCHAR2(16),   -- NULL
    DATABASE         VARCHAR2(16)    -- defaultdb
);
