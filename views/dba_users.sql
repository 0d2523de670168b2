-- DBA_USERS: one row per database user. Needs dictionary access.
CREATE TABLE DBA_USERS (
    USERNAME             VARCHAR2(128), -- user name
    USER_ID              NUMBER,        -- user id
    ACCOUNT_STATUS       VARCHAR2(32),  -- OPEN
    LOCK_DATE            DATE,          -- when the account was locked; NULL
    EXPIRY_DATE          DATE,          -- password expiry; NULL
    DEFAULT_TABLESPACE   VARCHAR2(30),  -- SYSTEM for SYS and SYSTEM, USERS otherwise
    TEMPORARY_TABLESPACE VARCHAR2(30),  -- TEMP
    CREATED              DATE,          -- creation time
    PROFILE              VARCHAR2(128), -- DEFAULT
    ORACLE_MAINTAINED    VARCHAR2(1)    -- Y for SYS and SYSTEM
);
