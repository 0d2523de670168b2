-- VSESSION_JOBS: a test-bed extension of vsession, not an Oracle or CockroachDB package. It sets
-- how fast CockroachDB jobs work and starts test jobs that count units of work, so scripts can
-- show SHOW JOBS, PAUSE / RESUME / CANCEL JOB and their errors on jobs that really run.
CREATE OR REPLACE PACKAGE vsession_jobs AS
  -- Sets the work rate of every job: units of work per second of engine time; 0 = unlimited
  -- (a job finishes in its first step).
  PROCEDURE set_work_rate(units_per_second IN NUMBER);
  -- Starts a job owned by the caller that counts to units (0 = counts forever, like a
  -- changefeed): job_type and description are shown in SHOW JOBS. A job that is not
  -- cancelable refuses CANCEL JOB; fail_at makes it fail when its count reaches that number;
  -- schedule_id makes it a job that schedule created (created_by_type 'crdb_schedule').
  PROCEDURE start_job(job_type IN VARCHAR2, description IN VARCHAR2, units IN NUMBER,
                      cancelable IN BOOLEAN DEFAULT TRUE, fail_at IN NUMBER DEFAULT NULL,
                      schedule_id IN NUMBER DEFAULT NULL);
END vsession_jobs;
/
