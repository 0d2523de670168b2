-- CRDB_INTERNAL.JOBS: one row per CockroachDB job (BACKUP, RESTORE, IMPORT, CREATE STATS, CHANGEFEED,
-- SCHEMA CHANGE...), read live from the job registry. An admin, or a user with VIEWJOB or CONTROLJOB,
-- sees every job; anyone else only the jobs they own (others are left out silently).
CREATE TABLE CRDB_INTERNAL.JOBS (
    JOB_ID               NUMBER,         -- job id, unique_rowid()-style: engine date in 10 us units << 15 | node id
    JOB_TYPE             VARCHAR2(64),   -- BACKUP, RESTORE, IMPORT, CREATE STATS, AUTO CREATE STATS, CHANGEFEED, SCHEMA CHANGE...
    DESCRIPTION          VARCHAR2(4000), -- the statement that created the job, as CockroachDB describes it
    STATEMENT            VARCHAR2(4000), -- the statement text, when recorded
    USER_NAME            VARCHAR2(128),  -- owner (lower case, as CockroachDB shows user names)
    DESCRIPTOR_IDS       VARCHAR2(4000), -- ids of the tables the job touches, as an array literal {104,105}
    STATUS               VARCHAR2(32),   -- pending, running, paused, pause-requested, cancel-requested, reverting, succeeded, failed, canceled, revert-failed
    RUNNING_STATUS       VARCHAR2(4000), -- what a running job is doing, if it says
    CREATED              TIMESTAMP,      -- when the job was created
    STARTED              TIMESTAMP,      -- when a worker adopted it
    FINISHED             TIMESTAMP,      -- when it reached a terminal state
    MODIFIED             TIMESTAMP,      -- when its record last changed
    FRACTION_COMPLETED   NUMBER,         -- progress, 0 to 1
    HIGH_WATER_TIMESTAMP NUMBER,         -- changefeed high-water mark (NULL: not tracked)
    ERROR                VARCHAR2(4000), -- why it failed or was canceled; NULL if neither
    COORDINATOR_ID       NUMBER,         -- node running the job (1); NULL before adoption
    TRACE_ID             NUMBER,         -- trace id (0: tracing off)
    EXECUTION_ERRORS     VARCHAR2(4000)  -- errors of its executions, as an array literal {...}
);
