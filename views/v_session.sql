-- V$SESSION: one row per current session, user and background. Rows are read live from the
-- session registry; a killed idle session stays (STATUS KILLED, SERVER PSEUDO) until its owner's
-- next call has been told ORA-00028. Needs the DBA role, SELECT_CATALOG_ROLE or SELECT ANY DICTIONARY.
CREATE TABLE V$SESSION (
    SADDR                         RAW(8),        -- address of the session state object (V$TRANSACTION.SES_ADDR)
    SID                           NUMBER,        -- session identifier; slots reused lowest-free-first
    SERIAL#                       NUMBER,        -- grows each time the SID slot is reused: 'sid,serial#' names one session
    AUDSID                        NUMBER,        -- auditing session id; 0 for background sessions
    PADDR                         RAW(8),        -- owning process (V$PROCESS.ADDR); the shared pseudo process once killed idle
    USER#                         NUMBER,        -- user id (DBA_USERS.USER_ID)
    USERNAME                      VARCHAR2(128), -- user name; NULL for background sessions
    COMMAND                       NUMBER,        -- command in progress or last parsed (3 SELECT, 47 PL/SQL, 49 ALTER SYSTEM)
    OWNERID                       NUMBER,        -- migratable-session owner; 2147483644 = none
    TADDR                         VARCHAR2(16),  -- transaction state object (V$TRANSACTION.ADDR); NULL without a transaction
    LOCKWAIT                      VARCHAR2(16),  -- address of the lock waited for; NULL if none
    STATUS                        VARCHAR2(8),   -- ACTIVE in a call, INACTIVE between calls, KILLED once marked for kill
    SERVER                        VARCHAR2(9),   -- DEDICATED, or PSEUDO once a kill completed and the owner was not told yet
    SCHEMA#                       NUMBER,        -- current schema id
    SCHEMANAME                    VARCHAR2(128), -- current schema name
    OSUSER                        VARCHAR2(128), -- client operating-system user
    PROCESS                       VARCHAR2(24),  -- client process id
    MACHINE                       VARCHAR2(64),  -- client host
    PORT                          NUMBER,        -- client port
    TERMINAL                      VARCHAR2(30),  -- client terminal
    PROGRAM                       VARCHAR2(48),  -- client program (PostgreSQL clients: application_name)
    TYPE                          VARCHAR2(10),  -- USER or BACKGROUND
    SQL_ID                        VARCHAR2(13),  -- statement running now; NULL when idle
    SQL_EXEC_START                DATE,          -- when the running statement started
    PREV_SQL_ID                   VARCHAR2(13),  -- last statement run
    MODULE                        VARCHAR2(64),  -- DBMS_APPLICATION_INFO module (default: the program)
    ACTION                        VARCHAR2(64),  -- DBMS_APPLICATION_INFO action
    CLIENT_INFO                   VARCHAR2(64),  -- DBMS_APPLICATION_INFO client info
    CLIENT_IDENTIFIER             VARCHAR2(64),  -- DBMS_SESSION.SET_IDENTIFIER end-user id
    ROW_WAIT_OBJ#                 NUMBER,        -- object of the row being waited for; -1 if none
    LOGON_TIME                    DATE,          -- logon time (engine clock)
    LAST_CALL_ET                  NUMBER,        -- seconds since the session became ACTIVE (if active) or INACTIVE (if idle)
    FAILOVER_TYPE                 VARCHAR2(13),  -- NONE, SESSION, SELECT, TRANSACTION or AUTO (from the service)
    FAILOVER_METHOD               VARCHAR2(10),  -- NONE or BASIC
    FAILED_OVER                   VARCHAR2(3),   -- YES for a session that replaced a killed one through replay
    BLOCKING_SESSION_STATUS       VARCHAR2(11),  -- VALID (blocked by BLOCKING_SESSION), NO HOLDER, NOT IN WAIT
    BLOCKING_INSTANCE             NUMBER,        -- instance of the blocker
    BLOCKING_SESSION              NUMBER,        -- SID of the blocker
    FINAL_BLOCKING_SESSION_STATUS VARCHAR2(11),  -- as BLOCKING_SESSION_STATUS, for the root of the wait chain
    FINAL_BLOCKING_INSTANCE       NUMBER,        -- instance of the root blocker
    FINAL_BLOCKING_SESSION        NUMBER,        -- SID of the root blocker
    SEQ#                          NUMBER,        -- wait sequence number
    EVENT                         VARCHAR2(64),  -- current wait, or the last one (SQL*Net message from client when idle)
    WAIT_CLASS                    VARCHAR2(64),  -- Idle, Application, Network, ...
    WAIT_TIME                     NUMBER,        -- 0 while waiting; -1 if the last wait was short
    SECONDS_IN_WAIT               NUMBER,        -- seconds in the current wait, or since the last one ended
    STATE                         VARCHAR2(19),  -- WAITING, WAITED SHORT TIME, WAITED KNOWN TIME
    WAIT_TIME_MICRO               NUMBER,        -- microseconds in the current or last wait
    SERVICE_NAME                  VARCHAR2(64),  -- service the session logged on to (SYS$USERS, SYS$BACKGROUND, or a service)
    CREATOR_ADDR                  RAW(8),        -- process that created the session (kept when PADDR moves to the pseudo process)
    CREATOR_SERIAL#               NUMBER,        -- serial of the creating process
    CON_ID                        NUMBER         -- container id; 0 = non-CDB
);
