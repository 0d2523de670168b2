-- DBA_SERVICES: one row per service in the dictionary, with its failover settings
-- (FAILOVER_TYPE TRANSACTION or AUTO: Application Continuity replays its sessions).
CREATE TABLE DBA_SERVICES (
    SERVICE_ID                NUMBER,        -- service id
    NAME                      VARCHAR2(64),  -- service name
    NAME_HASH                 NUMBER,        -- hash of the name
    NETWORK_NAME              VARCHAR2(512), -- network name
    CREATION_DATE             DATE,          -- when the service was created
    FAILOVER_METHOD           VARCHAR2(64),  -- NONE or BASIC
    FAILOVER_TYPE             VARCHAR2(64),  -- NONE, SESSION, SELECT, TRANSACTION or AUTO
    FAILOVER_RETRIES          NUMBER,        -- connection retries on failover
    FAILOVER_DELAY            NUMBER,        -- seconds between retries
    GOAL                      VARCHAR2(12),  -- NONE, SERVICE_TIME or THROUGHPUT
    DTP                       VARCHAR2(1),   -- Y or N
    ENABLED                   VARCHAR2(3),   -- YES
    AQ_HA_NOTIFICATIONS       VARCHAR2(3),   -- YES or NO
    CLB_GOAL                  VARCHAR2(5),   -- LONG or SHORT
    COMMIT_OUTCOME            VARCHAR2(3),   -- YES or NO
    RETENTION_TIMEOUT         NUMBER,        -- seconds commit outcomes are kept
    REPLAY_INITIATION_TIMEOUT NUMBER,        -- seconds after which replay is not started
    SESSION_STATE_CONSISTENCY VARCHAR2(128), -- DYNAMIC or STATIC
    FAILOVER_RESTORE          VARCHAR2(128), -- NONE, LEVEL1 or AUTO: session state restored before replay
    DRAIN_TIMEOUT             NUMBER         -- seconds sessions get to drain when the service stops
);
