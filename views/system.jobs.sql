-- SYSTEM.JOBS: the job table as the SHOW JOBS FOR SCHEDULE(S) and ... JOBS FOR SCHEDULE(S) rewrites read
-- it: one row per job, with who created it. Visible as CRDB_INTERNAL.JOBS is (admin, VIEWJOB,
-- CONTROLJOB: all jobs; others: their own).
CREATE TABLE SYSTEM.JOBS (
    ID              NUMBER,         -- job id
    STATUS          VARCHAR2(32),   -- the job's state, as CRDB_INTERNAL.JOBS.STATUS
    CREATED         TIMESTAMP,      -- when the job was created
    CREATED_BY_TYPE VARCHAR2(32),   -- crdb_schedule for jobs a schedule created; NULL otherwise
    CREATED_BY_ID   NUMBER,         -- the schedule id for schedule-created jobs
    JOB_TYPE        VARCHAR2(64),   -- the job type
    OWNER           VARCHAR2(128),  -- owner (lower case)
    DESCRIPTION     VARCHAR2(4000), -- description
    FINISHED        TIMESTAMP       -- when it reached a terminal state
);
