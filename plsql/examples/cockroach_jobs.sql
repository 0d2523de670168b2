-- CockroachDB jobs that do real work: a BACKUP of a table, a RESTORE cancelled half-way (the
-- partial table is dropped) and run again to completion, an IMPORT of a CSV file, statistics,
-- a changefeed, and a schema change. With a work rate of 2 rows per engine second the jobs
-- take long enough to watch (crdb_internal.jobs) and to cancel; `ADVANCE n` moves the
-- engine clock.
SET ECHO ON
SET LINESIZE 200
SET PAGESIZE 100
COLUMN job_id FORMAT 99999999999999999999
COLUMN job_type FORMAT A16
COLUMN description FORMAT A70
COLUMN status FORMAT A10
CONNECT root/manager
SET CLUSTER SETTING sql.stats.automatic_collection.enabled = false;
CREATE TABLE accounts (id NUMBER PRIMARY KEY, owner VARCHAR2(20), balance NUMBER);
BEGIN
  FOR i IN 1 .. 8 LOOP
    INSERT INTO accounts VALUES (i, 'owner' || i, i * 100);
  END LOOP;
  COMMIT;
END;
/
BACKUP TABLE accounts INTO 'nodelocal://1/example_cockroach_jobs';
DROP TABLE accounts;
EXEC VSESSION_JOBS.SET_WORK_RATE(2)

-- A RESTORE, cancelled at 50%: the table is offline while it is restored, and the partially
-- restored table is dropped.
SESSION restorer
CONNECT root/manager
RESTORE TABLE accounts FROM LATEST IN 'nodelocal://1/example_cockroach_jobs';

SESSION main
ADVANCE 2
SELECT job_type, status, fraction_completed FROM crdb_internal.jobs WHERE job_type = 'RESTORE';
SELECT COUNT(*) FROM accounts;
CANCEL JOBS (SELECT job_id FROM crdb_internal.jobs WHERE job_type = 'RESTORE');
ADVANCE 1
SELECT COUNT(*) FROM accounts;

-- Run again, to completion.
SESSION restorer
RESTORE TABLE accounts FROM LATEST IN 'nodelocal://1/example_cockroach_jobs';

SESSION main
ADVANCE 4
SELECT * FROM accounts ORDER BY id;

-- Statistics, a changefeed and a schema change.
EXEC VSESSION_JOBS.SET_WORK_RATE(0)
CREATE STATISTICS balances ON balance FROM accounts;
SHOW STATISTICS FOR TABLE accounts;
CREATE CHANGEFEED FOR TABLE accounts INTO 'nodelocal://1/example_cockroach_jobs_feed';
UPDATE accounts SET balance = balance + 1 WHERE id = 1;
COMMIT;
ALTER TABLE accounts ADD COLUMN currency VARCHAR2(3) DEFAULT 'EUR';
ADVANCE 1
CANCEL JOBS (SELECT job_id FROM crdb_internal.jobs WHERE job_type = 'CHANGEFEED');
ADVANCE 1
SELECT job_type, description, status FROM crdb_internal.jobs ORDER BY created, job_type;
