-- The input errors of job control statements: ids that do not exist, values that are not ids,
-- selects of the wrong shape or type, unsupported job types in PAUSE / RESUME / CANCEL ALL type JOBS.
-- A NULL id is skipped and not counted; a bad row anywhere changes nothing (the statement is all or
-- nothing: CockroachDB runs it in one transaction). A fraction is not an id, and a subquery of the
-- singular form gives one row at most (21000 as for CANCEL SESSION).
--
-- Jobs: VSESSION_JOBS test-bed jobs. Cast: main = root (admin).
SET ECHO ON
COLUMN job_id FORMAT 9999999999999999999
COLUMN status FORMAT A16
CONNECT root/manager
EXEC vsession_jobs.set_work_rate(10)
EXEC vsession_jobs.start_job('IMPORT', 'IMPORT INTO a CSV DATA (''nodelocal://1/a.csv'')', 100)
EXEC vsession_jobs.start_job('IMPORT', 'IMPORT INTO b CSV DATA (''nodelocal://1/b.csv'')', 10)
ADVANCE 1
PAUSE JOB 123;
CANCEL JOB -1;
PAUSE JOB 'foo';
PAUSE JOB '42';
CANCEL JOB NULL;
PROMPT A fraction is a DECIMAL, not an INT id (the singular form types its expression as a
PROMPT one-row VALUES, like the plural form's select); a subquery must give at most one row.
RESUME JOB 2.5;
PAUSE JOBS SELECT 2.5 FROM dual;
PAUSE JOB (SELECT job_id FROM crdb_internal.jobs);
CANCEL JOBS SELECT job_id, status FROM crdb_internal.jobs;
CANCEL JOBS SELECT status FROM crdb_internal.jobs;
CANCEL JOBS SELECT created FROM crdb_internal.jobs;
CANCEL JOBS SELECT 'foo' FROM dual;
PAUSE JOBS SELECT job_id FROM crdb_internal.jobs WHERE job_id < 0;
PROMPT One finished job in the list: nothing is paused.
ADVANCE 1
PAUSE JOBS SELECT job_id FROM crdb_internal.jobs;
SELECT description, status FROM crdb_internal.jobs;
PAUSE JOBS SELECT job_id FROM crdb_internal.jobs WHERE status = 'running';
PAUSE JOBS SELECT job_id FROM crdb_internal.jobs WHERE status = 'running';
PAUSE JOBS (SELECT job_id FROM crdb_internal.jobs WHERE fraction_completed < 1);
PAUSE ALL FOO JOBS;
PAUSE ALL SCHEMA JOBS;
PROMPT ALL type JOBS counts only the jobs in a state the command changes (pause-requested is
PROMPT not paused yet: RESUME has nothing to do):
RESUME ALL import JOBS;
ADVANCE 1
RESUME ALL import JOBS;
PAUSE ALL BACKUP JOBS;
CANCEL ALL IMPORT JOBS;
CANCEL ALL IMPORT JOBS;
ADVANCE 1
SELECT description, status FROM crdb_internal.jobs;
