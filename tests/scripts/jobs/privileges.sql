-- Who may control a job (CockroachDB's jobsauth order): the owner and an admin always; a holder of
-- CONTROLJOB every job but an admin's ("only admins can control jobs owned by other admins"); anyone
-- else gets "user <name> does not have privileges for job <id>" (SQLSTATE 42501). VIEWJOB lets a
-- user see every job but not control it. A failed statement changes nothing.
--
-- Jobs: VSESSION_JOBS test-bed jobs that count forever (units 0), like a changefeed.
-- Cast: main = root (admin); roach = MAXROACH (owner of a job); ops = OPS (CONTROLJOB);
-- viewer = VIEWER (VIEWJOB).
SET ECHO ON
COLUMN job_id FORMAT 9999999999999999999
COLUMN job_type FORMAT A10
COLUMN user_name FORMAT A10
COLUMN status FORMAT A16
CONNECT root/manager
CREATE USER maxroach IDENTIFIED BY roach;
CREATE USER ops IDENTIFIED BY ops;
CREATE USER viewer IDENTIFIED BY viewer;
GRANT CREATE SESSION TO maxroach, ops, viewer;
GRANT CONTROLJOB TO ops;
GRANT VIEWJOB TO viewer;
EXEC vsession_jobs.set_work_rate(10)
EXEC vsession_jobs.start_job('CHANGEFEED', 'CREATE CHANGEFEED FOR TABLE orders INTO ''nodelocal://1/feed''', 0)
COLUMN job_id NEW_VALUE root_job
SELECT job_id FROM crdb_internal.jobs WHERE user_name = 'root';

SESSION roach
CONNECT maxroach/roach
EXEC vsession_jobs.start_job('IMPORT', 'IMPORT INTO orders CSV DATA (''nodelocal://1/orders.csv'')', 0)
COLUMN job_id NEW_VALUE roach_job
SELECT job_id FROM [SHOW JOBS];
PAUSE JOB &roach_job;
PAUSE JOB &root_job;
ADVANCE 1

SESSION viewer
CONNECT viewer/viewer
SELECT job_type, user_name, status FROM [SHOW JOBS];
RESUME JOB &roach_job;
CANCEL JOBS SELECT job_id FROM [SHOW JOBS];

SESSION ops
CONNECT ops/ops
SELECT job_type, user_name, status FROM [SHOW JOBS];
RESUME JOB &roach_job;
CANCEL JOB &root_job;
PROMPT The admin's job in the list fails the whole statement: MAXROACH's job is not cancelled.
CANCEL JOBS SELECT job_id FROM [SHOW JOBS];
SELECT job_type, user_name, status FROM [SHOW JOBS];
CANCEL JOBS SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'maxroach';

SESSION main
ADVANCE 1
SELECT job_type, user_name, status FROM [SHOW JOBS];
CANCEL JOB &root_job;
ADVANCE 1
SELECT job_type, user_name, status, error FROM [SHOW JOBS];
