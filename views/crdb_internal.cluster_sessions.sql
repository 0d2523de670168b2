-- CRDB_INTERNAL.CLUSTER_SESSIONS: one row per open session of every node of the cluster (this engine is one node), CockroachDB's
-- columns over the engine's sessions (the same ones V$SESSION lists). Admins and holders of
-- VIEWACTIVITY or VIEWACTIVITYREDACTED see every session, others only their own; the background
-- processes show as internal sessions (application name '$ internal-<process>').
CREATE TABLE CRDB_INTERNAL.CLUSTER_SESSIONS (
    NODE_ID               NUMBER,         -- the node the session is connected to: 1
    SESSION_ID            VARCHAR2(32),   -- 32 hex digits: HLC wall time at session start, logical, node id
    USER_NAME             VARCHAR2(16),   -- the user, lower-case
    CLIENT_ADDRESS        VARCHAR2(21),   -- client host:port (V$SESSION MACHINE and PORT)
    APPLICATION_NAME      VARCHAR2(24),   -- the client's application name (V$SESSION PROGRAM)
    ACTIVE_QUERIES        VARCHAR2(40),   -- the statement running now; NULL when idle
    LAST_ACTIVE_QUERY     VARCHAR2(40),   -- the last completed statement
    NUM_TXNS_EXECUTED     NUMBER,         -- transactions run, the open one included
    SESSION_START         TIMESTAMP,      -- when the session began
    ACTIVE_QUERY_START    TIMESTAMP,      -- when the running statement began; NULL when idle
    KV_TXN                VARCHAR2(36),   -- id of the open transaction, NULL if none
    ALLOC_BYTES           NUMBER,         -- memory accounted to the session: 0
    MAX_ALLOC_BYTES       NUMBER,         -- peak memory: 0
    STATUS                VARCHAR2(6),    -- ACTIVE while a statement runs, else IDLE
    SESSION_END           TIMESTAMP,      -- NULL (closed sessions are not listed)
    PG_BACKEND_PID        NUMBER,         -- the PostgreSQL backend pid clients see: the SID
    TRACE_ID              NUMBER,         -- 0 (no tracing)
    GOROUTINE_ID          NUMBER,         -- the SID (one thread serves each session)
    AUTHENTICATION_METHOD VARCHAR2(21)    -- password; NULL for internal sessions
);
