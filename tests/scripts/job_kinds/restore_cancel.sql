-- Cancel during RESTORE. At 2 rows per engine second a RESTORE of 10 rows takes 5 s; the
-- issuing session waits for its job. The table being restored is offline (`relation "t" is
-- offline: restoring`) until the job is over, paused too. PAUSE stops the job at 40%, RESUME
-- goes on, CANCEL makes the job revert: the partially restored table is dropped, the job
-- ends canceled, and the waiting RESTORE fails.
SET ECHO ON
SET LINESIZE 200
COLUMN job_id FORMAT 99999999999999999999
COLUMN description FORMAT A75
COLUMN job_type FORMAT A12
COLUMN status FORMAT A10
COLUMN error FORMAT A30
CONNECT root/manager
CREATE TABLE t (id NUMBER PRIMARY KEY, v VARCHAR2(10));
BEGIN
  FOR i IN 1 .. 10 LOOP
    INSERT INTO t VALUES (i, 'v' || i);
  END LOOP;
  COMMIT;
END;
/
BACKUP TABLE t INTO 'nodelocal://1/job_kinds_restore_cancel' WITH DETACHED;
ADVANCE 1
DROP TABLE t;
EXEC VSESSION_JOBS.SET_WORK_RATE(2)

SESSION a
CONNECT root/manager
RESTORE TABLE t FROM LATEST IN 'nodelocal://1/job_kinds_restore_cancel';

SESSION main
ADVANCE 2
SELECT job_type, description, status, fraction_completed FROM crdb_internal.jobs WHERE job_type = 'RESTORE';
SELECT COUNT(*) FROM t;
PAUSE JOBS (SELECT job_id FROM crdb_internal.jobs WHERE job_type = 'RESTORE');
ADVANCE 1
ADVANCE 5
SELECT status, fraction_completed FROM crdb_internal.jobs WHERE job_type = 'RESTORE';
SELECT COUNT(*) FROM t;
RESUME JOBS (SELECT job_id FROM crdb_internal.jobs WHERE job_type = 'RESTORE');
ADVANCE 1
SELECT status, fraction_completed FROM crdb_internal.jobs WHERE job_type = 'RESTORE';
CANCEL JOBS (SELECT job_id FROM crdb_internal.jobs WHERE job_type = 'RESTORE');
ADVANCE 1
SELECT status, error FROM crdb_internal.jobs WHERE job_type = 'RESTORE';
-- The partially restored table is gone.
SELECT COUNT(*) FROM t;
