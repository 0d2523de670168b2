-- V$ACTIVE_SERVICES: one row per running service: the ones a logon may name.
CREATE TABLE V$ACTIVE_SERVICES (
    SERVICE_ID         NUMBER,        -- service id
    NAME               VARCHAR2(64),  -- service name
    NAME_HASH          NUMBER,        -- hash of the name
    NETWORK_NAME       VARCHAR2(512), -- network name
    CREATION_DATE      DATE,          -- when the service was created
    GOAL               VARCHAR2(12),  -- NONE, SERVICE_TIME or THROUGHPUT
    DTP                VARCHAR2(1),   -- Y for distributed transaction processing
    BLOCKED            VARCHAR2(3),   -- NO: the service accepts logons
    AQ_HA_NOTIFICATION VARCHAR2(3),   -- YES or NO
    CLB_GOAL           VARCHAR2(5),   -- LONG or SHORT
    COMMIT_OUTCOME     VARCHAR2(3),   -- YES when Transaction Guard records commit outcomes
    RETENTION_TIME     NUMBER,        -- seconds commit outcomes are kept (RETENTION_TIMEOUT)
    REPLAY_INITIATION_TIMEOUT NUMBER, -- seconds after which replay is not started
    CON_ID             NUMBER         -- container id
);
