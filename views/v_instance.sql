-- V$INSTANCE: the one instance this engine is.
CREATE TABLE V$INSTANCE (
    INSTANCE_NUMBER  NUMBER,        -- instance number (1; the @inst_id of KILL SESSION)
    INSTANCE_NAME    VARCHAR2(16),  -- instance name
    HOST_NAME        VARCHAR2(64),  -- host name
    VERSION          VARCHAR2(17),  -- database version
    VERSION_FULL     VARCHAR2(17),  -- full version
    STARTUP_TIME     DATE,          -- when the instance started
    STATUS           VARCHAR2(12),  -- OPEN
    PARALLEL         VARCHAR2(3),   -- NO: not a cluster
    THREAD#          NUMBER,        -- redo thread
    ARCHIVER         VARCHAR2(7),   -- STOPPED
    LOGINS           VARCHAR2(10),  -- ALLOWED
    SHUTDOWN_PENDING VARCHAR2(3),   -- NO
    DATABASE_STATUS  VARCHAR2(17),  -- ACTIVE
    INSTANCE_ROLE    VARCHAR2(18),  -- PRIMARY_INSTANCE
    ACTIVE_STATE     VARCHAR2(9),   -- NORMAL
    BLOCKED          VARCHAR2(3),   -- NO
    EDITION          VARCHAR2(7),   -- EE
    CON_ID           NUMBER         -- container id
);
