-- SYSTEM.SCHEDULED_JOBS: one row per schedule (CREATE SCHEDULE ... FOR BACKUP), read live from the
-- job registry; SHOW SCHEDULES is a query over it. Every user sees every schedule.
CREATE TABLE SYSTEM.SCHEDULED_JOBS (
    SCHEDULE_ID          NUMBER,         -- schedule id (unique_rowid()-style)
    SCHEDULE_NAME        VARCHAR2(512),  -- the label given to CREATE SCHEDULE
    CREATED              TIMESTAMP,      -- when it was created
    OWNER                VARCHAR2(128),  -- owner (lower case); the schedule's jobs run as this user
    NEXT_RUN             TIMESTAMP,      -- when it fires next; NULL while paused
    SCHEDULE_STATE       VARCHAR2(4000), -- status text, e.g. why it waits or how its last run failed
    SCHEDULE_EXPR        VARCHAR2(128),  -- the RECURRING cron expression; NULL for NEVER
    EXECUTOR_TYPE        VARCHAR2(64),   -- scheduled-backup-executor
    COMMAND              VARCHAR2(4000), -- the statement each run executes and its backup type, as JSON
    ON_PREVIOUS_RUNNING  VARCHAR2(16),   -- wait: a run is put off a minute while the previous job still runs
    ON_EXECUTION_FAILURE VARCHAR2(16)    -- reschedule: a failed run waits for the next time
);
