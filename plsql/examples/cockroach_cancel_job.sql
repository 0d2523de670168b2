-- CockroachDB's CANCEL JOB page, played against jobs that really run: SHOW JOBS, then
--   CANCEL JOB <id>;                                                        -- one job by id
--   CANCEL JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'maxroach');  -- a user's jobs
-- and PAUSE / RESUME JOB on the way. A cancel is a request (cancel-requested); the job
-- coordinator reverts the job's partial work at its next turn (reverting) and the job ends
-- canceled. Ids come from SHOW JOBS through COLUMN ... NEW_VALUE.
--
-- Jobs: VSESSION_JOBS test-bed jobs counting units at 10 units per engine second (the job kinds
-- with real work — BACKUP, RESTORE, IMPORT... — are controlled the same way).
-- Cast: main = root (admin); roach = MAXROACH.
SET ECHO ON
COLUMN job_id FORMAT 9999999999999999999
COLUMN job_type FORMAT A8
COLUMN user_name FORMAT A10
COLUMN status FORMAT A16
COLUMN description FORMAT A48
CONNECT root/manager
CREATE USER maxroach IDENTIFIED BY roach;
GRANT CREATE SESSION TO maxroach;
EXEC vsession_jobs.set_work_rate(10)
EXEC vsession_jobs.start_job('IMPORT', 'IMPORT INTO customers CSV DATA (''nodelocal://1/customers.csv'')', 600)

SESSION roach
CONNECT maxroach/roach
EXEC vsession_jobs.start_job('BACKUP', 'BACKUP TABLE orders INTO ''nodelocal://1/backups''', 600)
EXEC vsession_jobs.start_job('RESTORE', 'RESTORE TABLE orders FROM LATEST IN ''nodelocal://1/backups''', 600)

SESSION main
ADVANCE 15
SELECT job_id, job_type, user_name, status, fraction_completed FROM [SHOW JOBS];
COLUMN job_id NEW_VALUE import_job
SELECT job_id FROM [SHOW JOBS] WHERE job_type = 'IMPORT';
COLUMN job_id CLEAR
COLUMN job_id FORMAT 9999999999999999999
PAUSE JOB &import_job;
ADVANCE 1
SELECT job_type, status, fraction_completed FROM [SHOW JOBS] WHERE job_type = 'IMPORT';
RESUME JOB &import_job;
ADVANCE 5
CANCEL JOB &import_job;
SELECT job_type, status FROM [SHOW JOB &import_job];
ADVANCE 1
SELECT job_type, status, fraction_completed, error FROM [SHOW JOB &import_job];
CANCEL JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'maxroach');
ADVANCE 1
SELECT job_type, user_name, status, fraction_completed FROM [SHOW JOBS];
CANCEL JOB &import_job;
