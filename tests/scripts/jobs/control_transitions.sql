-- PAUSE / RESUME / CANCEL JOB and the job state machine. A request is recorded at once
-- (pause-requested, cancel-requested) and carried out by the job coordinator at its next turn, one
-- engine second later (paused; reverting, then canceled). A no-op (PAUSE of a paused job, CANCEL of a
-- canceled one) succeeds and is counted in the tag; a transition the state does not allow is an error
-- naming the job and its state; a job that is not cancelable refuses CANCEL whatever its state; a job
-- whose work fails goes through reverting to failed. Every error changes nothing.
--
-- Jobs: VSESSION_JOBS test-bed jobs counting 100 units at 10 units per engine second.
-- Cast: main = root (admin).
SET ECHO ON
COLUMN job_id FORMAT 9999999999999999999
COLUMN job_type FORMAT A14
COLUMN status FORMAT A16
COLUMN error FORMAT A40
CONNECT root/manager
EXEC vsession_jobs.set_work_rate(10)
EXEC vsession_jobs.start_job('IMPORT', 'IMPORT INTO t CSV DATA (''nodelocal://1/t.csv'')', 100)
COLUMN job_id NEW_VALUE id
SELECT job_id FROM [SHOW JOBS];
COLUMN job_id CLEAR
COLUMN job_id FORMAT 9999999999999999999
ADVANCE 2
PAUSE JOB &id WITH REASON = 'disk maintenance';
SELECT status, fraction_completed FROM [SHOW JOB &id];
PAUSE JOB &id;
ADVANCE 1
SELECT status, fraction_completed, modified FROM [SHOW JOB &id];
PROMPT A paused job makes no progress:
ADVANCE 30
SELECT status, fraction_completed FROM [SHOW JOB &id];
PAUSE JOB &id;
RESUME JOB &id;
RESUME JOB &id;
ADVANCE 3
SELECT status, fraction_completed FROM [SHOW JOB &id];
CANCEL JOB &id;
SELECT status FROM [SHOW JOB &id];
CANCEL JOB &id;
PAUSE JOB &id;
RESUME JOB &id;
ADVANCE 1
SELECT status, fraction_completed, error FROM [SHOW JOB &id];
CANCEL JOB &id;
PAUSE JOB &id;
RESUME JOB &id;

PROMPT Finished jobs refuse every change; a job that is not cancelable refuses CANCEL first:
EXEC vsession_jobs.start_job('SCHEMA CHANGE', 'DROP TABLE defaultdb.public.t', 10, cancelable => FALSE)
COLUMN job_id NEW_VALUE drop_id
SELECT job_id FROM crdb_internal.jobs WHERE job_type = 'SCHEMA CHANGE';
CANCEL JOB &drop_id;
ADVANCE 1
CANCEL JOB &drop_id;
PAUSE JOB &drop_id;
RESUME JOB &drop_id;

PROMPT A job whose work fails reverts, then fails. Paused while reverting, it refuses CANCEL and
PROMPT goes on reverting when resumed:
EXEC vsession_jobs.start_job('RESTORE', 'RESTORE TABLE t FROM LATEST IN ''nodelocal://1/b''', 100, fail_at => 30)
COLUMN job_id NEW_VALUE restore_id
SELECT job_id FROM crdb_internal.jobs WHERE job_type = 'RESTORE';
ADVANCE 3
SELECT status, error FROM [SHOW JOB &restore_id];
PAUSE JOB &restore_id;
ADVANCE 1
SELECT status, error FROM [SHOW JOB &restore_id];
CANCEL JOB &restore_id;
RESUME JOB &restore_id;
SELECT status FROM [SHOW JOB &restore_id];
ADVANCE 1
SELECT status, fraction_completed, error, execution_errors FROM [SHOW JOB &restore_id];
RESUME JOB &restore_id;
SELECT job_type, status FROM crdb_internal.jobs ORDER BY job_id;

PROMPT SHOW JOB WHEN COMPLETE waits on the engine clock until the job has finished (4 s here):
EXEC vsession_jobs.start_job('CHANGEFEED', 'CREATE CHANGEFEED FOR TABLE t INTO ''nodelocal://1/f''', 40)
SELECT job_type, status FROM [SHOW CHANGEFEED JOBS];
COLUMN job_id NEW_VALUE feed_id
SELECT job_id FROM [SHOW CHANGEFEED JOBS];
SET VERIFY OFF
COLUMN description FORMAT A56
COLUMN statement FORMAT A10
COLUMN user_name FORMAT A10
COLUMN running_status FORMAT A10
COLUMN execution_errors FORMAT A16
SHOW JOB WHEN COMPLETE &feed_id;
SELECT job_type, status FROM [SHOW CHANGEFEED JOBS];

PROMPT In brackets and as a CTE, SHOW JOBS WHEN COMPLETE waits too, before its rows are read:
EXEC vsession_jobs.start_job('CHANGEFEED', 'CREATE CHANGEFEED FOR TABLE t INTO ''nodelocal://1/g''', 20)
COLUMN job_id NEW_VALUE feed2_id
SELECT job_id FROM [SHOW CHANGEFEED JOBS] WHERE status = 'running';
SELECT status, fraction_completed, finished FROM [SHOW JOB WHEN COMPLETE &feed2_id];
EXEC vsession_jobs.start_job('CHANGEFEED', 'CREATE CHANGEFEED FOR TABLE t INTO ''nodelocal://1/h''', 30)
WITH done AS (SHOW JOBS WHEN COMPLETE SELECT job_id FROM crdb_internal.jobs WHERE description LIKE '%/h''')
SELECT job_type, status, finished FROM done;
