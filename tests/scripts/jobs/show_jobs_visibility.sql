-- SHOW JOBS and who sees what (CockroachDB's jobsauth order): the owner sees their own jobs, an
-- admin (root, SYSTEM: Oracle's DBA) and holders of VIEWJOB or CONTROLJOB see every job, anyone else
-- only their own — the others are left out silently. SHOW JOBS hides automatic jobs and jobs that
-- finished more than 12 hours ago, cuts long descriptions to 59 characters + ' … ' + the last 7, and
-- lists recently finished jobs first; SHOW JOB id lists one job in full whatever its age.
--
-- Jobs: test-bed jobs of VSESSION_JOBS that count units of work at a work rate of 10 units per
-- engine second, so they run while the script looks at them.
-- Cast: main = root (admin); roach = MAXROACH (no privilege); viewer = VIEWER (VIEWJOB);
-- other = OTHER (no privilege, no jobs).
SET ECHO ON
COLUMN job_id FORMAT 9999999999999999999
COLUMN job_type FORMAT A10
COLUMN user_name FORMAT A10
COLUMN status FORMAT A10
COLUMN description FORMAT A70
CONNECT root/manager
CREATE USER maxroach IDENTIFIED BY roach;
CREATE USER viewer IDENTIFIED BY viewer;
CREATE USER other IDENTIFIED BY other;
GRANT CREATE SESSION TO maxroach, viewer, other;
GRANT VIEWJOB TO viewer;
EXEC vsession_jobs.set_work_rate(10)
EXEC vsession_jobs.start_job('IMPORT', 'IMPORT INTO public.orders CSV DATA (''nodelocal://1/orders/2026-01-05/part-00001.csv'')', 100)
EXEC vsession_jobs.start_job('AUTO CREATE STATS', 'Table statistics refresh for defaultdb.public.orders', 20)

SESSION roach
CONNECT maxroach/roach
EXEC vsession_jobs.start_job('BACKUP', 'BACKUP TABLE orders INTO ''nodelocal://1/backups''', 50)
SELECT job_type, user_name, status, fraction_completed FROM [SHOW JOBS];

SESSION viewer
CONNECT viewer/viewer
SELECT job_type, user_name, status, fraction_completed FROM [SHOW JOBS];

SESSION other
CONNECT other/other
SHOW JOBS;
SELECT count(*) FROM crdb_internal.jobs;

SESSION main
ADVANCE 4
SELECT job_type, user_name, status, fraction_completed FROM [SHOW JOBS];
SELECT job_type, status FROM [SHOW AUTOMATIC JOBS];
SELECT description FROM [SHOW JOBS] WHERE job_type = 'IMPORT';
ADVANCE 6
PROMPT Most recently finished first (the BACKUP finished at 09:00:05, the IMPORT at 09:00:10):
SELECT job_type, status, started, finished FROM [SHOW JOBS];
COLUMN job_id NEW_VALUE import_id
SELECT job_id FROM crdb_internal.jobs WHERE job_type = 'IMPORT';
ADVANCE 43200
PROMPT Twelve hours later SHOW JOBS is empty, but SHOW JOB still finds the job:
SHOW JOBS;
SELECT job_type, status, fraction_completed, execution_errors FROM [SHOW JOB &import_id];
SELECT job_type, status FROM [SHOW JOBS SELECT job_id FROM crdb_internal.jobs WHERE user_name = 'maxroach'];
PROMPT A job id that does not exist, or one the user may not see, lists nothing:
SHOW JOB 42;

SESSION other
SELECT job_type FROM [SHOW JOB &import_id];
